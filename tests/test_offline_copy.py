"""store.offline.LocalCopy: the copy of a server campaign on this machine and its journal of
changes waiting to be sent (real files in a temporary folder)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from store import changes as c
from store.db import State
from store.demo import build_demo
from store.location import ServerLocation
from store.models import Member
from store.offline import LocalCopy

WHERE = ServerLocation("postgresql://ana:secret@db.example.org/campaigns?campaign=may-day")
ANA = Member("Ana Pérez", city="Sacramento")


def test_the_journal_keeps_what_waits_and_skips_a_torn_last_line(tmp_path: Path) -> None:
    local = LocalCopy(WHERE, tmp_path)
    one, two = c.change("one", [c.add_op(ANA)]), c.change("two", [c.add_op(replace(ANA, id=c.new_id()))])
    local.queue([one])
    local.queue([one, two])  # a change kept once
    local.sent(one.id)
    with local.journal_path.open("ab") as journal:
        journal.write(b'{"queued": {"id": "torn')  # a kill in the middle of a line
    again = LocalCopy(WHERE, tmp_path)
    assert [ch.id for ch in again.queued()] == [two.id]
    assert again.queued()[0].ops == two.ops
    assert oct(local.journal_path.stat().st_mode & 0o777) == "0o600"
    assert b"secret" not in local.journal_path.read_bytes() and "secret" not in str(local.copy_path)


def test_the_copy_follows_the_server_and_our_own_changes(tmp_path: Path) -> None:
    local = LocalCopy(WHERE, tmp_path)
    assert local.load() is None  # never opened online on this machine
    local.save(State(4, build_demo(), [], None, "file-1"))
    added = c.change("added Ana", [c.add_op(ANA)])
    local.advance(added, 5)
    local.advance(c.change("skipped", [c.add_op(replace(ANA, id=c.new_id()))]), 7)  # a gap: left for the next read
    state = LocalCopy(WHERE, tmp_path).load()
    assert state is not None and (state.rev, state.file_id) == (5, "file-1")
    assert [m.name for m in state.campaign.members] == ["Ana Pérez"]
    local.queue([added])
    local.save(State(9, build_demo(), [], None, "file-1"))  # a fresh read: the journal keeps only what waits
    assert [line for line in local.journal_path.read_bytes().splitlines() if b"applied" in line] == []
    assert [ch.id for ch in LocalCopy(WHERE, tmp_path).queued()] == [added.id]
    assert LocalCopy(WHERE, tmp_path).load().rev == 9  # type: ignore[union-attr]


def test_a_long_run_of_our_own_changes_keeps_the_journal_short(tmp_path: Path) -> None:
    local = LocalCopy(WHERE, tmp_path, compact_after=20)
    local.save(State(0, build_demo(), [], None, "file-1"))
    for rev in range(1, 61):
        one = c.change(f"added {rev}", [c.add_op(Member(f"Person {rev}"))])
        local.queue([one])
        local.sent(one.id)
        local.advance(one, rev)
    assert len(local.journal_path.read_bytes().splitlines()) <= 3 * 20 + 3
    state = LocalCopy(WHERE, tmp_path).load()
    assert state is not None and state.rev == 60 and len(state.campaign.members) == 60
