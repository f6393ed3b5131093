"""Changes as data: apply, invert, merge by field, conflicts; the same rule in memory and on disk."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from store import changes as c
from store.db import CampaignStore
from store.demo import build_demo
from store.models import Member, Reading, TourStop

ANA = Member("Ana Pérez", organization="SEIU Local 1000", city="Sacramento", email="ana@example.org")


def test_an_update_names_only_the_fields_that_differ() -> None:
    op = c.update_op(ANA, replace(ANA, city="Fresno", status="applied"))
    assert op == c.Update("members", ANA.id, {"city": ("Sacramento", "Fresno"), "status": ("inquiry", "applied")})
    assert c.update_op(ANA, replace(ANA)) is None


def test_mapping_fields_are_compared_key_by_key() -> None:
    template = build_demo().letters[0]
    op = c.update_op(template, replace(template, values={**template.values, "number": "512"}))
    assert op is not None and list(op.fields) == ["values.number"]


def test_apply_then_its_inverse_gives_back_the_campaign() -> None:
    campaign = build_demo()
    original = build_demo()
    stop = campaign.stops[0]
    change = c.change(
        "several things",
        [
            c.add_op(ANA),
            c.update_op(stop, replace(stop, city="Washington, DC")),
            c.delete_op(campaign.stops[1]),
            c.add_op(Reading(datetime(2013, 2, 7), None, "manual", added=35)),
        ],
    )
    inverse = c.apply_to_campaign(campaign, change)
    assert campaign.members == [ANA] and campaign.stops[0].city == "Washington, DC"
    assert len(campaign.stops) == len(original.stops) - 1
    c.apply_to_campaign(campaign, inverse)
    assert sorted(s.id for s in campaign.stops) == sorted(s.id for s in original.stops)
    assert campaign.members == [] and {s.city for s in campaign.stops} == {s.city for s in original.stops}
    assert [r.id for r in campaign.petition.readings] == [r.id for r in original.petition.readings]


def test_different_fields_both_win_the_same_field_is_a_conflict(store: CampaignStore) -> None:
    store.apply(c.change("added Ana", [c.add_op(ANA)]), author="setup")
    seen = store.load().members[0]  # both organizers read the same Ana
    store.apply(c.change("city", [c.update_op(seen, replace(seen, city="Fresno"))]), author="A")
    store.apply(c.change("status", [c.update_op(seen, replace(seen, status="applied"))]), author="B")
    ana = store.load().members[0]
    assert (ana.city, ana.status) == ("Fresno", "applied")

    before = store.path.read_bytes()
    with pytest.raises(c.ConflictError) as caught:
        store.apply(c.change("city again", [c.update_op(seen, replace(seen, city="Oakland"))]), author="B")
    (conflict,) = caught.value.conflicts
    assert (conflict.path, conflict.seen, conflict.mine, conflict.theirs, conflict.by) == ("city", "Sacramento", "Oakland", "Fresno", "A")
    assert "Ana Pérez: city was changed by A to 'Fresno'" in conflict.sentence()
    assert store.path.read_bytes() == before  # nothing written

    # "keep mine": the same change made over their value
    store.apply(caught.value.change.rebased(caught.value.conflicts), author="B")
    assert store.load().members[0].city == "Oakland"


def test_an_update_to_a_record_someone_removed_is_a_conflict(store: CampaignStore) -> None:
    stop = store.load().stops[0]
    store.apply(c.change("removed", [c.delete_op(stop)]), author="A")
    with pytest.raises(c.ConflictError, match="was removed by A"):
        store.apply(c.change("edit", [c.update_op(stop, replace(stop, venue="Union hall"))]))


def test_an_add_replayed_counts_once(store: CampaignStore) -> None:
    reading = Reading(datetime(2013, 2, 7), None, "manual", added=35)
    tally = c.change("tally", [c.add_op(reading)])
    store.apply(tally)
    assert not store.apply(tally).inverse.ops  # the same reading again: nothing to do
    assert len(store.load().petition.readings) == 2


def test_the_log_keeps_who_what_and_when_and_is_bounded(store: CampaignStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from store import db

    monkeypatch.setattr(db, "LOG_LIMIT", 5)
    for i in range(8):
        store.apply(c.change(f"tally {i}", [c.add_op(Reading(datetime(2013, 2, 7), None, "manual", added=1))]), author=f"organizer {i}")
    log = store.log()
    assert [e.change.summary for e in log] == [f"tally {i}" for i in range(3, 8)]
    assert [e.change.author for e in log][-1] == "organizer 7" and log[-1].rev == 8
    assert datetime.fromisoformat(log[-1].change.at)
    assert len(store.load().petition.readings) == 9  # the readings stay; only the log is bounded


def test_undo_walks_back_and_skips_what_is_undone_or_automatic(store: CampaignStore) -> None:
    stop = store.load().stops[0]
    store.apply(c.change("venue", [c.update_op(stop, replace(stop, venue="Hall A"))]))
    store.apply(c.change("fetched", [c.add_op(Reading(datetime(2013, 2, 7), None, "json", remote=1200))], automatic=True))
    moved = replace(stop, venue="Hall A")
    store.apply(c.change("venue again", [c.update_op(moved, replace(moved, venue="Hall B"))]))
    assert store.undo_last().change.summary == "undo: venue again"
    assert store.undo_last().change.summary == "undo: venue"  # the fetched count is not offered
    assert store.load().stops[0].venue == stop.venue
    with pytest.raises(Exception, match="nothing to undo"):
        store.undo_last()


def test_undo_refuses_to_overwrite_a_later_change_by_someone_else(store: CampaignStore) -> None:
    stop = store.load().stops[0]
    store.apply(c.change("venue", [c.update_op(stop, replace(stop, venue="Hall A"))]), author="A")
    entry = store.log()[-1]
    moved = replace(stop, venue="Hall A")
    store.apply(c.change("venue by B", [c.update_op(moved, replace(moved, venue="Hall B"))]), author="B")
    with pytest.raises(c.ConflictError, match="changed by B to 'Hall B'"):
        store.apply(entry.inverse)
    assert store.load().stops[0].venue == "Hall B"


def test_a_read_only_file_is_respected_with_a_sentence(store: CampaignStore) -> None:
    from store.db import StoreError

    store.path.chmod(0o400)
    before = store.path.read_bytes()
    with pytest.raises(StoreError, match="read-only .* chmod u\\+w"):
        store.apply(c.change("added Ana", [c.add_op(ANA)]))
    assert store.path.read_bytes() == before
    assert "read-only" in (store.writable_problem() or "")
    store.path.chmod(0o600)
    assert store.writable_problem() is None


def test_a_lock_held_by_another_process_is_a_sentence_not_a_hang(store: CampaignStore) -> None:
    import subprocess
    import sys

    from store.db import StoreError

    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, filelock; l = filelock.FileLock(sys.argv[1]); l.acquire(); print('held', flush=True); sys.stdin.read()", f"{store.path}.lock"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        impatient = CampaignStore(store.path, lock_timeout_s=0.3)
        with pytest.raises(StoreError, match="locked by another campaign-dash"):
            impatient.apply(c.change("added Ana", [c.add_op(ANA)]))
        assert "locked" in (impatient.writable_problem() or "")
    finally:
        holder.communicate("")
    assert CampaignStore(store.path).writable_problem() is None


def test_the_dashboard_and_the_store_apply_the_same_rule() -> None:
    """The app shows a change by applying it to its campaign; the store by applying it to the file."""
    from store.db import TableRecords, campaign_to_tables, tables_to_campaign

    campaign = build_demo()
    tables = campaign_to_tables(build_demo())
    stop: TourStop = campaign.stops[2]
    change = c.change("mixed", [c.add_op(ANA), c.update_op(stop, replace(stop, notes="bring banners")), c.delete_op(campaign.stops[0])])
    c.apply_to_campaign(campaign, change)
    c.apply(TableRecords(tables), change)
    assert tables_to_campaign(tables) == campaign


def test_undoing_an_add_does_not_wipe_a_later_edit_by_someone_else(store: CampaignStore) -> None:
    added = store.apply(c.change("added Xavier", [c.add_op(ANA)]), author="Ana")
    seen = store.load().members[0]
    store.apply(c.change("phone", [c.update_op(seen, replace(seen, phone="+1 559 555 0100"))]), author="Beto")
    with pytest.raises(c.ConflictError, match="changed by Beto since you read it; removing it would lose that change"):
        store.apply(added.inverse, author="Ana")
    assert store.load().members[0].phone == "+1 559 555 0100"


def test_deleting_a_record_someone_edited_meanwhile_is_a_conflict_then_a_choice(store: CampaignStore) -> None:
    store.apply(c.change("added", [c.add_op(ANA)]))
    seen = store.load().members[0]
    store.apply(c.change("city", [c.update_op(seen, replace(seen, city="Fresno"))]), author="Beto")
    with pytest.raises(c.ConflictError) as caught:
        store.apply(c.change("removed", [c.delete_op(seen)]), author="Ana")
    assert not caught.value.conflicts[0].removed
    store.apply(caught.value.change.rebased(caught.value.conflicts), author="Ana")  # "keep mine": remove anyway
    assert store.load().members == []


def test_a_redone_change_stands_and_is_what_undo_takes_next(store: CampaignStore) -> None:
    stop = store.load().stops[0]
    first = store.apply(c.change("venue A", [c.update_op(stop, replace(stop, venue="Hall A"))]))
    undo = store.apply(first.inverse)
    redo = store.apply(undo.inverse)
    log = store.log()
    assert c.in_force(log) == {first.change.id, redo.change.id}
    assert c.undoable(log).change.id == redo.change.id  # not the older change, not the undo
    assert store.undo_last().change.undoes == redo.change.id
    assert store.load().stops[0].venue == stop.venue


def test_a_removed_record_offers_no_keep_mine_that_could_never_work(store: CampaignStore) -> None:
    stop = store.load().stops[0]
    store.apply(c.change("removed", [c.delete_op(stop)]), author="Beto")
    with pytest.raises(c.ConflictError) as caught:
        store.apply(c.change("venue", [c.update_op(stop, replace(stop, venue="Hall A"))]))
    assert all(conflict.removed for conflict in caught.value.conflicts)


@pytest.mark.parametrize("damage", [{"rev": "three"}, {"rev": None}, {"rev": 1, "ops": ["not an op"]}, "a string", 7])
def test_a_damaged_log_entry_hides_only_itself(store: CampaignStore, damage: object) -> None:
    import json

    store.apply(c.change("added Ana", [c.add_op(ANA)]))
    store.compact()  # the change is in the journal: the file as one JSON document, to damage by hand
    data = json.loads(store.path.read_text())
    data["log"]["99"] = damage if not isinstance(damage, dict) else {**data["log"]["1"], "id": "x", **damage}
    store.path.write_text(json.dumps(data))
    assert [e.change.summary for e in store.log()] == ["added Ana"]
    state = store.read_state()
    assert state.campaign.members[0].name == "Ana Pérez"
    applied = store.apply(c.change("tally", [c.add_op(Reading(datetime(2013, 2, 7), None, "manual", added=1))]), since_rev=0)
    assert applied.rev == 2 and store.log()[-1].change.summary == "tally"


@pytest.mark.parametrize("updated", [3, c.CampaignRecords.SCANS * 3])
def test_the_dashboard_applies_a_change_as_the_store_does_few_records_or_many(store: CampaignStore, updated: int) -> None:
    """A few records are found by a scan, many through an index (the dashboard's of positions,
    built past CampaignRecords.SCANS and kept right through removals; the store's of ids, built
    past TableRecords.SCANS for one change or one journal read): either way, what the dashboard
    shows is what the store holds, what another dashboard reads from the journal, and what the
    file holds read from scratch; and the next change is found again after an index was dropped."""
    people = [Member(f"Ana {i}", email=f"a{i}@example.org") for i in range(60)]
    store.apply(c.change("people", [c.add_op(m) for m in people]))
    reader = CampaignStore(store.path)  # another dashboard, open before the change
    reader.load()
    shown = store.load()
    members = shown.members
    ops = [c.delete_op(members[5]), c.delete_op(members[1])]
    ops += [c.update_op(m, replace(m, status="paid")) for m in members[10 : 10 + updated]]
    ops += [c.add_op(Member("Beto Ruiz")), c.delete_op(members[-1])]
    change = c.change("many", ops)
    c.apply_to_campaign(shown, change)
    store.apply(change)
    assert shown.members == store.load().members == reader.load().members == CampaignStore(store.path).load().members
    assert sum(m.status == "paid" for m in shown.members) == updated and shown.members[-1].name == "Beto Ruiz"
    first, beto = shown.members[0], shown.members[-1]
    store.apply(c.change("two more", [c.update_op(first, replace(first, status="confirmed")), c.delete_op(beto)]))
    for members in (store.load().members, reader.load().members, CampaignStore(store.path).load().members):
        assert members[0].status == "confirmed" and "Beto Ruiz" not in [m.name for m in members]
        assert len(members) == len(shown.members) - 1
