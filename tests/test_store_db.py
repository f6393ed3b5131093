"""The campaign file: created safely, refused when corrupt, safe against kills and races."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from store import db as dbmod
from store.changes import add_op, change, delete_op, update_op
from store.db import CampaignStore, CorruptDatabaseError, StoreError, default_db_path, default_demo_path
from store.demo import build_demo
from store.models import Member, Reading

from .conftest import file_state

REPO = Path(__file__).resolve().parents[1]


def test_first_open_writes_the_demo_with_mode_0600(db_path: Path) -> None:
    store = CampaignStore(db_path)
    assert store.open(seed=build_demo) is True
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    campaign = store.load()
    assert campaign == build_demo()
    assert store.open(seed=build_demo) is False  # second open keeps it


def test_mode_stays_0600_after_writes(store: CampaignStore) -> None:
    store.apply(change("added Ana", [add_op(Member("Ana Pérez"))]))
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


def test_add_update_and_delete_are_changes(store: CampaignStore) -> None:
    from dataclasses import replace

    member = Member("José Roberto Méndez", email="jrm@example.org")
    store.apply(change("added", [add_op(member)]))
    store.apply(change("status", [update_op(member, replace(member, status="applied"))]))
    members = store.load().members
    assert [(m.name, m.status) for m in members] == [("José Roberto Méndez", "applied")]
    current = store.load().members[0]
    with pytest.raises(Exception, match="changed by .* since you read it"):
        store.apply(change("removed a stale copy", [delete_op(member)]))  # its status changed since
    assert store.apply(change("removed", [delete_op(current)])).inverse.ops  # it was there
    assert not store.apply(change("removed again", [delete_op(current)])).inverse.ops  # already gone
    assert store.load().members == []
    assert [e.change.summary for e in store.log()] == ["added", "status", "removed", "removed again"]


def test_petition_fields_and_readings_are_separate_records(store: CampaignStore) -> None:
    from dataclasses import replace
    from datetime import datetime

    campaign = store.load()
    store.apply(change("goal", [update_op(campaign.petition, replace(campaign.petition, goal=2500))]))
    store.apply(change("tally", [add_op(Reading(datetime(2013, 2, 7), None, "manual", "paper sheets", added=35))]))
    petition = store.load().petition
    assert petition.goal == 2500
    assert [(r.count, r.added) for r in petition.readings] == [(1000, None), (None, 35)]


def test_a_change_that_fails_writes_nothing(store: CampaignStore) -> None:
    from store.changes import Add

    before = store.path.read_bytes()
    with pytest.raises(ValueError, match="no table"):
        store.apply(change("bad", [add_op(Member("Ana")), Add("nope", {"id": "x"})]))
    assert store.path.read_bytes() == before


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"{not json", r"not valid JSON \(line 1"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "no tables"),
        (b'{"_default": {"1": {"a": 1}}}', "no campaign-dash marker"),
        (b'{"meta": {"1": {"app": "campaign-dash", "schema": 99}}}', "newer campaign-dash"),
        (b'{"meta": {"1": {"app": "campaign-dash", "schema": 1}}, "members": []}', "members"),
    ],
)
def test_a_corrupt_file_is_refused_and_left_byte_for_byte(db_path: Path, content: bytes, reason: str) -> None:
    db_path.write_bytes(content)
    before = file_state(db_path)
    store = CampaignStore(db_path)
    with pytest.raises(CorruptDatabaseError, match=reason) as caught:
        store.open(seed=build_demo)
        store.load()
    assert str(db_path) in str(caught.value)
    with pytest.raises(StoreError):
        store.apply(change("added Ana", [add_op(Member("Ana"))]))
    assert file_state(db_path) == before


def test_a_damaged_record_is_named_and_the_file_kept(store: CampaignStore) -> None:
    data = json.loads(store.path.read_text())
    data["stops"]["1"]["start"] = "third of February"
    store.path.write_text(json.dumps(data))
    before = file_state(store.path)
    with pytest.raises(CorruptDatabaseError, match=r"stops\[0\]\.start"):
        store.load()
    assert file_state(store.path) == before


def test_reset_moves_the_old_file_aside(db_path: Path) -> None:
    db_path.write_bytes(b"{broken")
    backup = CampaignStore(db_path).reset(build_demo)
    assert backup is not None and backup.read_bytes() == b"{broken"
    assert backup.name.startswith("campaign.json.") and backup.name.endswith(".bak")
    assert CampaignStore(db_path).load() == build_demo()


def test_older_schema_is_migrated(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def rename_city(data: dict) -> dict:
        for row in data.get("stops", {}).values():
            row["city"] = row.pop("town")
        return data

    tables = dbmod.campaign_to_tables(build_demo())
    for row in tables["stops"].values():
        row["town"] = row.pop("city")
    tables["meta"]["1"] = {"app": "campaign-dash", "schema": 1}  # as version 1 wrote it: no log
    del tables["log"]
    db_path.write_text(json.dumps(tables))
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", 3)
    monkeypatch.setitem(dbmod.MIGRATIONS, 2, rename_city)
    store = CampaignStore(db_path)
    store.open(seed=build_demo)
    written = json.loads(db_path.read_text())
    assert written["meta"]["1"]["schema"] == 3 and written["log"] == {}
    assert {s.city for s in store.load().stops} >= {"DC", "Portland, OR"}
    store.apply(change("added Ana", [add_op(Member("Ana"))]))
    assert [e.change.summary for e in store.log()] == ["added Ana"]


def test_stale_temp_files_are_cleaned_at_open(store: CampaignStore) -> None:
    stale = store.path.parent / f".{store.path.name}.abc123.tmp"
    stale.write_text("half a write")
    store.open(seed=build_demo)
    assert not stale.exists()


def test_default_path_honours_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMPAIGN_DASH_DB", str(tmp_path / "elsewhere.json"))
    assert default_db_path() == tmp_path / "elsewhere.json"
    monkeypatch.delenv("CAMPAIGN_DASH_DB")
    assert default_db_path().name == "campaign.json"
    assert "campaign-dash" in str(default_db_path())


def test_the_demo_has_its_own_file_whatever_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMPAIGN_DASH_DB", str(tmp_path / "mine.json"))
    assert default_demo_path().name == "demo.json" and default_demo_path().parent.name == "campaign-dash"
    monkeypatch.delenv("CAMPAIGN_DASH_DB")
    assert default_demo_path() == default_db_path().with_name("demo.json")


WRITER = textwrap.dedent(
    """
    import sys
    from store.changes import add_op, change
    from store.db import CampaignStore
    from store.models import Member
    store = CampaignStore(sys.argv[1])
    prefix, count = sys.argv[2], int(sys.argv[3])
    for i in range(count):
        member = Member(f"{prefix} {i} Méndez", notes="x" * 2000)
        applied = store.apply(change(f"added {member.name}", [add_op(member)]))
        print(member.id, applied.change.id, flush=True)  # acknowledged: it must survive a kill
    """
)


def _writer(db_path: Path, prefix: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), prefix, str(count)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )


def test_killed_writers_never_leave_an_unreadable_file_nor_lose_an_acknowledged_change(store: CampaignStore) -> None:
    rng = random.Random(2013)
    acknowledged: list[tuple[str, str]] = []
    for kills in range(1, 26):
        child = _writer(store.path, "killed", 10_000)
        first = child.stdout.readline()  # wait for one acknowledged write, then kill at a random moment
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        lines = (first + rest).splitlines(keepends=True)  # a kill mid-print acknowledges nothing
        acknowledged += [tuple(line.split()) for line in lines if line.endswith("\n") and len(line.split()) == 2]
        campaign = store.load()  # raises if the file were truncated or half-written
        member_ids = {m.id for m in campaign.members}
        logged = {e.change.id for e in store.log()}
        assert all(m in member_ids for m, _ in acknowledged)
        # The log keeps the newest LOG_LIMIT changes; each killed writer may have written one
        # more it had not yet acknowledged.
        assert all(c in logged for _, c in acknowledged[-(dbmod.LOG_LIMIT - kills) :])
        assert CampaignStore(store.path).load() == campaign  # what this process caught up to is the file
        store.open(seed=build_demo)  # cleans the killed writer's temp file
        assert not list(store.path.parent.glob(f".{store.path.name}.*.tmp"))
    assert len(acknowledged) >= 25


def test_two_processes_adding_500_each_keep_all_1000(store: CampaignStore) -> None:
    children = [_writer(store.path, "a", 500), _writer(store.path, "b", 500)]
    assert [c.communicate(timeout=300)[0].count("\n") for c in children] == [500, 500]
    assert [c.returncode for c in children] == [0, 0]
    names = [m.name for m in store.load().members]
    assert len(names) == 1000 and len(set(names)) == 1000
