"""One behaviour, two stores: the same tests against the campaign file and a real PostgreSQL
(`any_store`), and what only the server store does (several campaigns, NOTIFY, redaction)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from store import changes as c
from store.db import StoreError
from store.demo import build_demo
from store.location import ServerLocation, location, open_store, redacted
from store.models import Member, Reading

ANA = Member("Ana Pérez", organization="SEIU Local 1000", city="Sacramento", email="ana@example.org")


def second(store):  # type: ignore[no-untyped-def]
    """Another organizer's store on the same campaign."""
    return open_store(store.path)


def test_open_seeds_once_and_reads_back_the_demo(any_store) -> None:  # type: ignore[no-untyped-def]
    assert any_store.load() == build_demo()
    assert any_store.open(seed=build_demo) is False
    other = second(any_store)
    assert other.open() is False and other.load() == build_demo()
    state = other.read_state()
    assert (state.rev, state.entries, state.campaign) == (0, [], build_demo())
    assert any_store.writable_problem() is None


def test_apply_returns_the_inverse_and_undo_gives_back_the_campaign(any_store) -> None:  # type: ignore[no-untyped-def]
    campaign = any_store.load()
    stop = campaign.stops[0]
    applied = any_store.apply(
        c.change("several", [c.add_op(ANA), c.update_op(stop, replace(stop, city="Washington, DC")), c.delete_op(campaign.stops[1])]),
        author="Ana",
    )
    assert applied.rev == 1 and applied.change.author == "Ana"
    after = any_store.load()
    assert after.members == [ANA] and after.stops[0].city == "Washington, DC" and len(after.stops) == len(campaign.stops) - 1
    any_store.apply(applied.inverse)
    back = any_store.load()
    assert back.members == [] and sorted(s.id for s in back.stops) == sorted(s.id for s in campaign.stops)
    assert {s.city for s in back.stops} == {s.city for s in campaign.stops}


def test_different_fields_both_win_the_same_field_is_a_conflict_naming_who(any_store) -> None:  # type: ignore[no-untyped-def]
    any_store.apply(c.change("added Ana", [c.add_op(ANA)]), author="setup")
    a, b = any_store, second(any_store)
    seen = b.load().members[0]  # both organizers read the same Ana
    a.apply(c.change("city", [c.update_op(seen, replace(seen, city="Fresno"))]), author="A")
    b.apply(c.change("status", [c.update_op(seen, replace(seen, status="applied"))]), author="B")
    ana = a.load().members[0]
    assert (ana.city, ana.status) == ("Fresno", "applied")

    rev = a.read_state().rev
    with pytest.raises(c.ConflictError) as caught:
        b.apply(c.change("city again", [c.update_op(seen, replace(seen, city="Oakland"))]), author="B")
    (conflict,) = caught.value.conflicts
    assert (conflict.path, conflict.seen, conflict.mine, conflict.theirs, conflict.by) == ("city", "Sacramento", "Oakland", "Fresno", "A")
    assert conflict.sentence() == "Ana Pérez: city was changed by A to 'Fresno' since you read it (you wanted 'Oakland', it was 'Sacramento')"
    assert a.read_state().rev == rev and a.load().members[0].city == "Fresno"  # nothing written

    b.apply(caught.value.change.rebased(caught.value.conflicts), author="B")  # "keep mine"
    assert a.load().members[0].city == "Oakland"


def test_removing_a_record_someone_changed_is_a_conflict_then_a_choice(any_store) -> None:  # type: ignore[no-untyped-def]
    any_store.apply(c.change("added", [c.add_op(ANA)]))
    seen = any_store.load().members[0]
    second(any_store).apply(c.change("city", [c.update_op(seen, replace(seen, city="Fresno"))]), author="Beto")
    with pytest.raises(c.ConflictError, match="changed by Beto since you read it; removing it would lose that change") as caught:
        any_store.apply(c.change("removed", [c.delete_op(seen)]), author="Ana")
    assert any_store.load().members[0].city == "Fresno"
    any_store.apply(caught.value.change.rebased(caught.value.conflicts), author="Ana")  # remove anyway
    assert any_store.load().members == []


def test_an_update_to_a_record_someone_removed_is_a_conflict(any_store) -> None:  # type: ignore[no-untyped-def]
    stop = any_store.load().stops[0]
    any_store.apply(c.change("removed", [c.delete_op(stop)]), author="A")
    with pytest.raises(c.ConflictError, match="was removed by A") as caught:
        second(any_store).apply(c.change("edit", [c.update_op(stop, replace(stop, venue="Union hall"))]))
    assert all(conflict.removed for conflict in caught.value.conflicts)


def test_the_log_and_undo_last(any_store) -> None:  # type: ignore[no-untyped-def]
    stop = any_store.load().stops[0]
    any_store.apply(c.change("venue", [c.update_op(stop, replace(stop, venue="Hall A"))]), author="A")
    any_store.apply(c.change("fetched", [c.add_op(Reading(datetime(2013, 2, 7), None, "json", remote=1200))], automatic=True))
    moved = replace(stop, venue="Hall A")
    second(any_store).apply(c.change("venue again", [c.update_op(moved, replace(moved, venue="Hall B"))]), author="B")
    log = any_store.log()
    assert [(e.rev, e.change.summary, e.change.author) for e in log][::2] == [(1, "venue", "A"), (3, "venue again", "B")]
    assert datetime.fromisoformat(log[-1].change.at)
    assert any_store.undo_last(author="C").change.summary == "undo: venue again"
    assert second(any_store).undo_last().change.summary == "undo: venue"  # the fetched count is not offered
    assert any_store.load().stops[0].venue == stop.venue
    with pytest.raises(StoreError, match="nothing to undo"):
        any_store.undo_last()
    state = any_store.read_state(since_rev=3)
    assert [e.change.author for e in state.entries][0] == "C" and state.rev == 5


def test_a_replayed_change_counts_once(any_store) -> None:  # type: ignore[no-untyped-def]
    tally = c.change("tally", [c.add_op(Reading(datetime(2013, 2, 7), None, "manual", added=35))])
    first = any_store.apply(tally, author="A")
    again = second(any_store).apply(tally, author="A")  # a retry, a sheet entered twice
    assert len(any_store.load().petition.readings) == 2
    if isinstance(any_store.path, ServerLocation):  # the server keeps a change id once in its log
        assert again.rev == first.rev and again.inverse.ops == first.inverse.ops
        assert [e.change.id for e in any_store.log()] == [tally.id]


def test_apply_with_since_rev_says_what_others_wrote(any_store) -> None:  # type: ignore[no-untyped-def]
    other = second(any_store)
    signature = any_store.signature()
    mine = any_store.apply(c.change("added Ana", [c.add_op(ANA)]), since_rev=0)
    assert mine.state is not None and mine.state.campaign is None and [e.rev for e in mine.state.entries] == [1]
    other.apply(c.change("tally", [c.add_op(Reading(datetime(2013, 2, 7), None, "manual", added=3))]), author="B")
    later = any_store.apply(c.change("tally", [c.add_op(Reading(datetime(2013, 2, 8), None, "manual", added=4))]), since_rev=1)
    assert later.state is not None and later.state.campaign is not None
    assert [e.change.author for e in later.state.entries][0] == "B" and len(later.state.campaign.petition.readings) == 3
    assert signature is not None and other.signature() not in (None, signature)  # a write is noticed from outside


def test_a_failing_change_writes_nothing(any_store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="no table"):
        any_store.apply(c.change("bad", [c.add_op(Member("Ana")), c.Add("nope", {"id": "x"})]))
    assert any_store.load().members == [] and any_store.read_state().rev == 0


# --- the server store only ------------------------------------------------------------------------


def test_several_campaigns_in_one_database_are_kept_apart(pg_server) -> None:  # type: ignore[no-untyped-def]
    east = open_store(pg_server.url(campaign="isolated-east"))
    west = open_store(pg_server.url(campaign="isolated-west"))
    assert east.open(seed=build_demo) and west.open(seed=build_demo)
    east.apply(c.change("added Ana", [c.add_op(ANA)]))
    assert [m.name for m in east.load().members] == ["Ana Pérez"] and west.load().members == []
    assert (east.read_state().rev, west.read_state().rev, len(west.log())) == (1, 0, 0)
    missing = open_store(pg_server.url(campaign="nobody-made-this"))
    assert missing.exists() is False
    with pytest.raises(StoreError, match="no campaign 'nobody-made-this'"):
        missing.open()
    backup = east.reset(build_demo)
    assert backup and backup.startswith("isolated-east.") and east.load().members == []
    assert [m.name for m in open_store(pg_server.url(campaign=backup)).load().members] == ["Ana Pérez"]


def test_every_committed_change_is_notified(pg_server, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    store = open_store(pg_url)
    store.open(seed=build_demo)
    with psycopg.connect(pg_server.url(), autocommit=True) as listener:
        listener.execute("LISTEN campaign_dash")
        store.apply(c.change("added Ana", [c.add_op(ANA)]))
        with pytest.raises(c.ConflictError):  # refused: nothing committed, nothing notified
            store.apply(c.change("again", [c.add_op(replace(ANA, city="Fresno"))]))
        store.apply(c.change("tally", [c.add_op(Reading(datetime(2013, 2, 7), None, "manual", added=1))]))
        got = [n.payload for n in listener.notifies(timeout=5, stop_after=2)]
    assert got == [f"{store.campaign}:1", f"{store.campaign}:2"]


def test_a_password_is_never_shown() -> None:
    url = "postgresql://ana:s3cr%40t@db.example.org:5433/campaigns?sslmode=require&password=other&campaign=may-day"
    assert redacted(url) == "postgresql://ana@db.example.org:5433/campaigns?sslmode=require&campaign=may-day"
    where = location(url)
    assert isinstance(where, ServerLocation) and where.campaign == "may-day"
    assert "s3cr" not in str(where) and "other" not in str(where) and "s3cr" not in repr(where)
    assert str(where) == "postgresql://ana@db.example.org:5433/campaigns?sslmode=require&campaign=may-day"
    assert "campaign=" not in where.conninfo  # libpq never sees our key


def test_an_unreachable_server_is_a_sentence_without_the_password(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.pgserver import free_port

    store = open_store(f"postgresql://ana:hunter2@127.0.0.1:{free_port()}/x?campaign=c&connect_timeout=2")
    with pytest.raises(StoreError) as caught:
        store.load()
    assert "cannot reach the campaign server postgresql://ana@127.0.0.1" in str(caught.value)
    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in (store.writable_problem() or "") and store.signature() is None


def _delegation_with_one_seat_left(store):  # type: ignore[no-untyped-def]
    """Two people asking for seats, one seat left (Carla holds the other)."""
    campaign = store.load()
    d = campaign.delegation
    people = [replace(ANA, status="confirmed", name="Carla Díaz", email="carla@example.org", id=c.new_id()), ANA,
              replace(ANA, name="Beto Núñez", email="beto@example.org", id=c.new_id())]  # fmt: skip
    store.apply(c.change("set-up", [c.update_op(d, replace(d, capacity=2)), *(c.add_op(m) for m in people)]), author="setup")
    return store.load().members


def test_two_organizers_cannot_both_take_the_last_seat(any_store) -> None:  # type: ignore[no-untyped-def]
    members = _delegation_with_one_seat_left(any_store)
    ana, beto = (next(m for m in members if m.name.startswith(n)) for n in ("Ana", "Beto"))
    a, b = any_store, second(any_store)  # both read: one seat left
    a.apply(c.change("Ana confirmed", [c.update_op(ana, replace(ana, status="confirmed"))]), author="A")
    with pytest.raises(c.ConflictError) as caught:
        b.apply(c.change("Beto confirmed", [c.update_op(beto, replace(beto, status="confirmed"))]), author="B")
    (conflict,) = caught.value.conflicts
    assert conflict.path == c.SEATS and (conflict.seen, conflict.mine, conflict.theirs) == (2, 3, 2)
    assert "is full: 2 of its 2 seats are taken now, so this would make 3" in conflict.sentence()
    assert [m.status for m in any_store.load().members if m.name.startswith("Beto")] == ["inquiry"]  # nothing written
    # over capacity on purpose ("keep mine" in the dashboard, --over-capacity) is written, and logged so
    rebased = caught.value.change.rebased(caught.value.conflicts)
    assert rebased.over_capacity
    b.apply(rebased, author="B")
    assert sum(m.status == "confirmed" for m in any_store.load().members) == 3
    assert any_store.log()[-1].change.over_capacity  # the log says it was on purpose
    # moving someone between two seat-holding statuses takes no new seat: no conflict over capacity
    now = next(m for m in any_store.load().members if m.name.startswith("Ana"))
    a.apply(c.change("Ana paid", [c.update_op(now, replace(now, status="paid"))]), author="A")


def test_racing_for_the_last_seat_one_wins(any_store) -> None:  # type: ignore[no-untyped-def]
    """Eight organizers confirm eight people at once, one seat left: exactly one is written."""
    import threading

    _delegation_with_one_seat_left(any_store)
    campaign = any_store.load()
    d = campaign.delegation
    extra = [replace(ANA, name=f"Person {i}", email=f"p{i}@example.org", id=c.new_id()) for i in range(6)]
    any_store.apply(c.change("more", [c.add_op(m) for m in extra]), author="setup")
    waiting = [m for m in any_store.load().members if m.status == "inquiry"]
    assert len(waiting) == 8 and d.capacity == 2
    barrier, won, lost = threading.Barrier(len(waiting)), [], []

    def confirm(member) -> None:  # type: ignore[no-untyped-def]
        store = second(any_store)
        barrier.wait()
        try:
            store.apply(c.change(f"{member.name} confirmed", [c.update_op(member, replace(member, status="confirmed"))]))
            won.append(member.name)
        except c.ConflictError as error:
            assert error.conflicts[0].path == c.SEATS
            lost.append(member.name)
        finally:
            getattr(store, "close", lambda: None)()

    threads = [threading.Thread(target=confirm, args=(m,)) for m in waiting]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and len(lost) == 7
    assert sum(m.status == "confirmed" for m in any_store.load().members) == 2
