"""The campaign file as a snapshot plus a journal: a change writes only itself, a torn last line
is ignored and cut off, damage is refused, compaction keeps everything, and an import is one
change."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from store import db as dbmod
from store.changes import add_op, change, update_op
from store.db import PART_ROWS, CampaignStore, CorruptDatabaseError, StoreError
from store.demo import build_demo
from store.models import Member, Reading
from store.roster_csv import export_csv, read_csv

from .conftest import file_state

MAX_BYTES_PER_CHANGE = 64 * 1024


def people(count: int, prefix: str = "person") -> list[Member]:
    return [
        Member(f"Ana Pérez {i}", "SEIU Local 1000", "member", "Oakland", f"{prefix}{i}@example.org", f"+1 555 {i:07d}", "inquiry")
        for i in range(count)
    ]


def campaign_of(path: Path, members: int) -> CampaignStore:
    demo = build_demo()
    demo.members = people(members)
    store = CampaignStore(path)
    store.open(seed=lambda: demo)
    return store


def folder_files(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_ino, p.read_bytes()) for p in folder.iterdir() if p.is_file()}


def bytes_written(before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]]) -> int:
    """What a change wrote to the folder, measured on disk: a file only appended to counts its new
    bytes; a new, replaced or rewritten file counts whole."""
    total = 0
    for name, (inode, content) in after.items():
        old = before.get(name)
        if old is not None and old[0] == inode and content.startswith(old[1]):
            total += len(content) - len(old[1])
        else:
            total += len(content)
    return total


def process_wchar() -> int | None:
    """Bytes this process has passed to write() (Linux); None where there is no /proc."""
    try:
        text = Path("/proc/self/io").read_text()
    except OSError:
        return None
    return next(int(line.split()[1]) for line in text.splitlines() if line.startswith("wchar:"))


@pytest.mark.parametrize("kind", ["status change", "paper tally"])
def test_one_change_at_10000_members_writes_at_most_64_kb(tmp_path: Path, kind: str) -> None:
    store = campaign_of(tmp_path / "campaign.json", 10_000)
    assert store.path.stat().st_size > 1_000_000  # the campaign is big: a whole-file write would show
    campaign = store.load()
    if kind == "status change":
        member = campaign.members[5_000]
        made = change("status", [update_op(member, replace(member, status="accepted"))])
    else:
        made = change("tally", [add_op(Reading(datetime(2013, 2, 7, 10), None, "manual", "paper sheets", added=35))])
    before, wchar = folder_files(tmp_path), process_wchar()
    store.apply(made)
    written, wchar_after = bytes_written(before, folder_files(tmp_path)), process_wchar()
    assert 0 < written <= MAX_BYTES_PER_CHANGE, f"{kind} wrote {written:,} bytes at 10,000 members"
    if wchar is not None and wchar_after is not None:
        assert wchar_after - wchar <= MAX_BYTES_PER_CHANGE  # every write() of the process, any file
    assert CampaignStore(store.path).load() == store.load()  # and a fresh reader sees the change


def test_a_torn_last_line_is_ignored_and_cut_off_by_the_next_writer(store: CampaignStore) -> None:
    store.apply(change("added Ana", [add_op(Member("Ana Pérez"))]))
    with store.path.open("ab") as handle:  # a writer killed in the middle of its append
        handle.write(b'{"id":"torn","rev":2,"summary":"never acknowledged","ops":[{"op":"add","tab')
    fresh = CampaignStore(store.path)
    assert [e.change.summary for e in fresh.log()] == ["added Ana"]
    assert [m.name for m in fresh.load().members] == ["Ana Pérez"]
    fresh.apply(change("added Beto", [add_op(Member("Beto Ruiz"))]))
    assert b"never acknowledged" not in store.path.read_bytes()
    assert [e.change.summary for e in CampaignStore(store.path).log()] == ["added Ana", "added Beto"]
    assert [e.rev for e in store.log()] == [1, 2]  # the first store catches up past the cut


@pytest.mark.parametrize(
    "damage",
    [b"not json\n", b'{"rev": 5, "ops": []}\n', b'{"rev": 2, "ops": [{"op": "explode"}]}\n'],
    ids=["not json", "out of order", "bad op"],
)
def test_a_damaged_journal_line_refuses_the_file_and_leaves_it(store: CampaignStore, damage: bytes) -> None:
    store.apply(change("added Ana", [add_op(Member("Ana Pérez"))]))
    with store.path.open("ab") as handle:
        handle.write(damage)
    before = file_state(store.path)
    with pytest.raises(CorruptDatabaseError, match="journal's change number 2"):
        CampaignStore(store.path).load()
    with pytest.raises(StoreError):
        store.apply(change("added Beto", [add_op(Member("Beto Ruiz"))]))
    assert file_state(store.path) == before


def test_compaction_keeps_every_change_the_log_and_the_mode(store: CampaignStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbmod, "JOURNAL_FLOOR_BYTES", 2_000)
    monkeypatch.setattr(dbmod, "JOURNAL_RATIO", 0.0)
    inodes = set()
    for i in range(12):
        store.apply(change(f"added {i}", [add_op(Member(f"Member {i}"))]))
        inodes.add(store.path.stat().st_ino)
    assert len(inodes) > 1  # compacted (replaced) at least once
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    fresh = CampaignStore(store.path)
    assert [m.name for m in fresh.load().members] == [f"Member {i}" for i in range(12)]
    assert [e.rev for e in fresh.log()] == list(range(1, 13))
    store.compact()
    assert json.loads(store.path.read_bytes())["meta"]["1"]["rev"] == 12  # compacted: one JSON document
    assert fresh.load() == store.load()
    store.undo_last()
    assert [m.name for m in CampaignStore(store.path).load().members][-1] == "Member 10"


def test_a_file_in_the_older_single_json_form_is_read_and_then_rewritten(db_path: Path) -> None:
    db_path.write_bytes(json.dumps(dbmod.campaign_to_tables(build_demo())).encode())  # no newline: as before
    db_path.chmod(0o600)
    store = CampaignStore(db_path)
    assert store.load() == build_demo()
    store.apply(change("added Ana", [add_op(Member("Ana Pérez"))]))
    store.apply(change("added Beto", [add_op(Member("Beto Ruiz"))]))
    assert db_path.read_bytes().count(b"\n") == 2  # the snapshot line, then one appended change
    assert [m.name for m in CampaignStore(db_path).load().members] == ["Ana Pérez", "Beto Ruiz"]


def test_a_reader_in_another_store_catches_up_with_appends_and_rewrites(store: CampaignStore) -> None:
    reader = CampaignStore(store.path)
    assert reader.load().members == []
    signature = reader.signature()
    store.apply(change("added Ana", [add_op(Member("Ana Pérez"))]))
    assert reader.signature() != signature
    state = reader.read_state(0)
    assert [m.name for m in state.campaign.members] == ["Ana Pérez"] and state.rev == 1
    store.compact()  # replaced: a new inode
    store.apply(change("added Beto", [add_op(Member("Beto Ruiz"))]))
    assert [m.name for m in reader.load().members] == ["Ana Pérez", "Beto Ruiz"]


def test_an_import_of_10000_rows_is_one_change_one_line_and_one_undo(store: CampaignStore) -> None:
    rows = export_csv(people(10_000, prefix="imported"))
    plan = read_csv(rows, store.load().members)
    applied = store.apply(plan.change("sign-up.csv"))
    # One journal line (one fsync), which outgrows the one-line snapshot: the file is compacted
    # once, the snapshot's first line and its member lines (counted in its meta) and no journal.
    lines = store.path.read_bytes().splitlines()
    parts = json.loads(lines[0])["meta"]["1"]["parts"]
    assert parts == 10_000 // PART_ROWS and len(lines) == 1 + parts and [e.rev for e in store.log()] == [1]
    assert len(store.load().members) == 10_000
    assert store.log()[-1].change.summary.startswith("imported sign-up.csv: 10000 to add")
    store.undo_last()
    assert store.load().members == [] and store.log()[-1].change.undoes == applied.change.id


# --- a big roster's snapshot in parts -----------------------------------------------------------


def test_a_big_roster_is_written_in_parts_and_read_back_with_its_journal(tmp_path: Path) -> None:
    count = PART_ROWS * 2 + 7
    store = campaign_of(tmp_path / "campaign.json", count)
    lines = store.path.read_bytes().splitlines()
    assert json.loads(lines[0])["meta"]["1"]["parts"] == 3 and len(lines) == 4
    assert [len(json.loads(line)["members"]) for line in lines[1:]] == [PART_ROWS, PART_ROWS, 7]
    reader = CampaignStore(store.path)  # another process's view: it reads what this one appends
    assert [(m.name, m.email) for m in reader.load().members] == [(m.name, m.email) for m in people(count)]
    member = store.load().members[PART_ROWS + 1]
    store.apply(change("status", [update_op(member, replace(member, status="paid"))]))
    assert len(store.path.read_bytes().splitlines()) == 5  # the journal line after the parts
    assert reader.load().members[PART_ROWS + 1].status == "paid"
    assert CampaignStore(store.path).load() == reader.load()  # read from scratch: the same
    store.compact()
    assert len(store.path.read_bytes().splitlines()) == 4 and CampaignStore(store.path).load() == reader.load()


def test_a_damaged_or_missing_part_is_refused_and_left_untouched(tmp_path: Path) -> None:
    store = campaign_of(tmp_path / "campaign.json", PART_ROWS + 1)
    lines = store.path.read_bytes().splitlines(keepends=True)
    for damaged in (lines[0], lines[0] + lines[1][:-40] + b"\n", lines[0] + b'{"members": 3}\n'):
        store.path.write_bytes(damaged)
        before = file_state(store.path)
        with pytest.raises(CorruptDatabaseError, match="members"):
            CampaignStore(store.path).load()
        assert file_state(store.path) == before


def test_a_roster_read_later_ends_as_a_whole_read_with_the_journal_on_both_sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard paints before it reads a big roster: the other tables first (with the
    journal's changes to them, a change touching both applied in two steps), the roster when
    asked. The end is the very campaign a whole read gives, and a write meanwhile reads it first."""
    monkeypatch.setattr(dbmod, "LATER_ROSTER_PARTS", 0)  # a roster in parts is "big" (20,000 people otherwise)
    count = PART_ROWS * 2 + 3
    store = campaign_of(tmp_path / "campaign.json", count)
    campaign = store.load()
    last, second = campaign.members[-1], campaign.members[1]
    stop = campaign.stops[0]
    store.apply(change("both", [update_op(last, replace(last, status="paid")), update_op(stop, replace(stop, venue="Union Hall"))]))
    store.apply(change("gone", [dbmod.change_rules.delete_op(second)]))
    store.apply(change("added", [add_op(Member("Zoe Late", status="applied"))]))
    whole = CampaignStore(store.path).read_state()

    later = CampaignStore(store.path)
    later.open(later_roster=True)
    first = later.read_state(later_roster=True)
    assert first.roster_pending and first.campaign.members == [] and first.rev == whole.rev == 3
    assert first.campaign.stops[0].venue == "Union Hall" and replace(first.campaign, members=whole.campaign.members) == whole.campaign
    assert [e.change.id for e in first.entries] == [e.change.id for e in whole.entries]
    again = later.read_state(later_roster=True)  # still not asked for: still not read
    assert again.roster_pending and again.campaign.members == []
    read = later.read_state()
    assert not read.roster_pending and read.campaign == whole.campaign
    assert [m.status for m in read.campaign.members if m.id == last.id] == ["paid"]

    # A write before the roster was read reads it first (and another process's lines too).
    writer = CampaignStore(store.path)
    writer.open(later_roster=True)
    assert writer.read_state(later_roster=True).roster_pending
    hall = whole.campaign.stops[0]
    store.apply(change("more", [update_op(hall, replace(hall, venue="Hall 2"))]))  # another process, meanwhile
    member = whole.campaign.members[5]
    writer.apply(change("status", [update_op(member, replace(member, status="confirmed"))]))
    final = CampaignStore(store.path).read_state()
    assert writer.read_state().campaign == final.campaign and final.rev == 5
    assert final.campaign.stops[0].venue == "Hall 2" and final.campaign.members[5].status == "confirmed"


def test_a_roster_up_to_the_limit_is_read_whole_even_when_it_could_wait(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below LATER_ROSTER_PARTS member lines the roster is read with the rest (quick enough to
    be on the first frame); a roster within the first line has no lines to put off."""
    small = campaign_of(tmp_path / "small.json", PART_ROWS)  # in the first line
    state = CampaignStore(small.path).read_state(later_roster=True)
    assert not state.roster_pending and len(state.campaign.members) == PART_ROWS
    assert dbmod.LATER_ROSTER_PARTS * PART_ROWS == 20_000
    monkeypatch.setattr(dbmod, "LATER_ROSTER_PARTS", 2)
    at_limit = campaign_of(tmp_path / "limit.json", PART_ROWS * 2)  # two lines: read whole
    state = CampaignStore(at_limit.path).read_state(later_roster=True)
    assert not state.roster_pending and len(state.campaign.members) == PART_ROWS * 2
    over = campaign_of(tmp_path / "over.json", PART_ROWS * 2 + 1)  # three: read later
    state = CampaignStore(over.path).read_state(later_roster=True)
    assert state.roster_pending and state.campaign.members == []


def test_a_damaged_part_read_later_is_refused_then_and_left_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbmod, "LATER_ROSTER_PARTS", 0)
    store = campaign_of(tmp_path / "campaign.json", PART_ROWS + 1)
    lines = store.path.read_bytes().splitlines(keepends=True)
    store.path.write_bytes(lines[0] + b'{"members": 3}\n' + lines[2])  # whole lines: found only when read
    before = file_state(store.path)
    later = CampaignStore(store.path)
    later.open(later_roster=True)
    assert later.read_state(later_roster=True).roster_pending
    member = Member("Ana")
    for attempt in (later.read_state, lambda: later.apply(change("add", [add_op(member)])), later.load):
        with pytest.raises(CorruptDatabaseError, match="members"):
            attempt()
    assert file_state(store.path) == before
    torn = lines[0] + lines[1]  # a part missing: refused at once
    store.path.write_bytes(torn)
    with pytest.raises(CorruptDatabaseError, match="members"):
        CampaignStore(store.path).read_state(later_roster=True)


def test_rows_the_store_does_not_know_survive_in_a_big_roster(tmp_path: Path) -> None:
    """A member row with a field from a newer version is kept as it was through a compaction."""
    store = campaign_of(tmp_path / "campaign.json", PART_ROWS + 1)
    lines = store.path.read_bytes().splitlines(keepends=True)
    part = json.loads(lines[1])
    key = next(iter(part["members"]))
    part["members"][key]["pronouns"] = "she/her"
    store.path.write_bytes(lines[0] + json.dumps(part).encode() + b"\n" + b"".join(lines[2:]))
    store = CampaignStore(store.path)
    store.compact()
    rows = {k: v for line in store.path.read_bytes().splitlines()[1:] for k, v in json.loads(line)["members"].items()}
    assert rows[key]["pronouns"] == "she/her" and len(store.load().members) == PART_ROWS + 1


def test_a_big_roster_in_the_older_one_line_form_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "campaign.json"
    store = campaign_of(path, PART_ROWS + 5)
    members = store.load().members
    data = dbmod.AtomicJSONStorage(path).read()
    path.write_bytes(json.dumps(data).encode() + b"\n")  # one line, as earlier versions wrote it
    assert CampaignStore(path).load().members == members
    member = members[-1]
    CampaignStore(path).apply(change("status", [update_op(member, replace(member, status="paid"))]))
    assert CampaignStore(path).load().members[-1].status == "paid"


def test_a_member_kept_compactly_has_every_field_where_it_was() -> None:
    member = Member("name", "organization", "role", "city", "email", "phone", "status", "notes", "waitlisted", "id")
    record = dbmod.to_record(member)
    assert dbmod.compact_row("members", dict(record), {}) == member == dbmod.compact_row("members", dict(record))
    assert dbmod.compact_row("members", {**record, "extra": "kept"}) == {**record, "extra": "kept"}
    assert dbmod.compact_row("members", {**record, "phone": 5}) == {**record, "phone": 5}


@pytest.mark.parametrize(
    "odd",
    [None, {"extra": "kept"}, {"phone": 5}, {"notes": None}, "not a row", {"name": ["a list"]}],
    ids=["all members", "an unknown field", "a number", "a null", "not a dict", "a list"],
)
def test_a_members_table_is_kept_compactly_as_row_by_row(odd: object) -> None:
    """compact_members does a table at a time what compact_row does row by row: the very same
    rows, the fields many share made one string, and a table with any odd row done row by row."""
    people = [Member(f"name {i}", f"org {i % 3}", "member", "Oakland", f"p{i}@example.org", "", "applied", "", "", f"m{i}") for i in range(50)]
    rows = {str(i + 1): dbmod.to_record(m) for i, m in enumerate(people)}
    if odd is not None:
        rows["7"] = {**rows["7"], **odd} if isinstance(odd, dict) else odd
    by_row = {key: dbmod.compact_row("members", dict(row) if isinstance(row, dict) else row, {}) for key, row in rows.items()}
    shared: dict[str, str] = {}
    at_once = dbmod.compact_members(rows, shared)
    assert at_once == by_row and list(at_once) == list(rows)
    kept = [row for row in at_once.values() if type(row) is Member]
    assert len(kept) == 50 - (odd is not None)
    assert len({id(m.organization) for m in kept}) == 3 and len({id(m.city) for m in kept}) == 1
    assert dbmod.compact_members({}, {}) == {}


def test_a_campaign_dash_that_reads_up_to_schema_2_asks_for_an_upgrade_for_a_big_roster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parts would look like a damaged journal to a version that knows nothing of them: the
    file says schema 3, and that version's check refuses it by asking for an upgrade."""
    store = campaign_of(tmp_path / "campaign.json", PART_ROWS + 1)
    assert json.loads(store.path.read_bytes().splitlines()[0])["meta"]["1"]["schema"] == dbmod.SCHEMA_VERSION == 3
    before = file_state(store.path)
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", 2)  # that version's check
    with pytest.raises(CorruptDatabaseError, match="newer campaign-dash"):
        CampaignStore(store.path).load()
    assert file_state(store.path) == before


def test_a_schema_2_file_is_read_as_it_is_and_not_rewritten_to_open_it(db_path: Path) -> None:
    """Schema 3 changed the layout only: opening a schema 2 file (perhaps one this user may only
    read) neither rewrites nor locks it; its next whole write is at schema 3."""
    tables = dbmod.campaign_to_tables(build_demo())
    tables["meta"]["1"]["schema"] = 2
    db_path.write_bytes(json.dumps(tables).encode() + b"\n")
    db_path.chmod(0o600)
    before = file_state(db_path)
    store = CampaignStore(db_path)
    assert store.open() is False and store.load() == build_demo()
    assert file_state(db_path) == before and not Path(f"{db_path}.lock").exists()
    store.apply(change("added Ana", [add_op(Member("Ana Pérez"))]))
    store.compact()
    assert json.loads(db_path.read_bytes().splitlines()[0])["meta"]["1"]["schema"] == 3
    assert [m.name for m in CampaignStore(db_path).load().members] == ["Ana Pérez"]
