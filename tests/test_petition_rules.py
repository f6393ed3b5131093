"""Pace, projection and manual readings with a fixed clock and known readings."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from store import petition as rules
from store.demo import build_demo
from store.models import FeedSource, Milestone, Petition, Reading
from store.validation import ValidationError

T0 = datetime(2013, 2, 6, 12, 0)


def petition_with(*counts: tuple[int, int]) -> Petition:
    """Readings of (day offset, count)."""
    return Petition("P", 2000, date(2013, 4, 27), readings=[Reading(T0 + timedelta(days=d), c, "json", remote=c) for d, c in counts])


def test_no_readings() -> None:
    p = petition_with()
    assert rules.current_count(p) == 0 and rules.pace(p) is None and rules.projected_date(p) is None
    assert rules.projection_words(p, date(2013, 2, 6)) == "not enough readings for a projection"


def test_one_reading() -> None:
    p = petition_with((0, 1000))
    assert rules.pace(p) is None
    assert rules.needed_pace(p, date(2013, 2, 6)) == pytest.approx(1000 / 80)


def test_1000_1240_1400_over_days() -> None:
    p = petition_with((0, 1000), (4, 1240), (8, 1400))
    assert rules.pace(p) == pytest.approx(50.0)  # window: since the reading at or before day 1 (day 0)
    assert rules.projected_date(p) == date(2013, 2, 26)  # 600 more at 50 a day after 14 Feb
    assert rules.projection_words(p, date(2013, 2, 14)) == "goal projected for 26 Feb 2013, before the deadline"


def test_pace_uses_only_the_last_seven_days() -> None:
    p = petition_with((0, 100), (10, 1000), (17, 1700))
    assert rules.pace(p) == pytest.approx(100.0)


def test_goal_already_reached_and_deadline_past() -> None:
    p = petition_with((0, 1000), (3, 2100))
    assert rules.projection_words(p, date(2013, 5, 1)) == "goal reached"
    assert rules.projected_date(p) == date(2013, 2, 9) and rules.still_needed(p) == 0
    assert rules.needed_pace(p, date(2013, 5, 1)) is None
    assert rules.deadline_words(p, date(2013, 5, 1)) == "deadline passed 4 days ago"


def test_falling_pace_is_not_at_this_pace() -> None:
    p = petition_with((0, 1000), (2, 900))
    assert rules.projection_words(p, date(2013, 2, 8)) == "not at this pace"


def test_tallies_add_to_the_total_and_feed_readings_keep_them() -> None:
    p = petition_with((0, 1000))
    paper = rules.tally_reading("35", " paper sheets, Boston event ", T0 + timedelta(hours=1))
    assert (paper.count, paper.added, paper.note) == (None, 35, "paper sheets, Boston event")
    p.readings.append(paper)
    assert rules.current_count(p) == 1035
    fetched = rules.feed_reading(p, 1100, "json", T0 + timedelta(hours=2))
    assert (fetched.count, fetched.remote) == (None, 1100)
    p.readings.append(fetched)
    assert rules.current_count(p) == 1135  # the platform never sees paper sheets
    assert rules.history_counts(p) == [1000, 1035, 1135]


def test_the_count_is_a_sum_so_tallies_made_from_the_same_old_view_all_count() -> None:
    p = petition_with((0, 1000))
    # Two organizers each enter +10 having seen 1,000: both readings are kept, both count.
    a = rules.tally_reading("10", "", T0 + timedelta(hours=1))
    b = rules.tally_reading("10", "", T0 + timedelta(hours=1))
    p.readings += [a, b]
    assert rules.current_count(p) == 1020


def test_a_correction_sets_the_total_and_later_gains_add_to_it() -> None:
    p = petition_with((0, 1000))
    p.readings.append(rules.tally_reading("1000", "typo: meant 10", T0 + timedelta(hours=1)))
    p.readings.append(rules.set_reading("1010", "fix the typo", T0 + timedelta(hours=2)))
    assert rules.current_count(p) == 1010
    p.readings.append(rules.feed_reading(p, 1100, "json", T0 + timedelta(hours=3)))
    assert rules.current_count(p) == 1110  # +100 online on top of the corrected total
    p.readings.append(rules.tally_reading("5", "", T0 + timedelta(hours=4)))
    assert rules.current_count(p) == 1115


def test_a_count_set_before_any_platform_reading_is_replaced_by_the_platform() -> None:
    seeded = build_demo().petition  # 1,000 entered by hand, from the announcement
    seeded.readings.append(rules.feed_reading(seeded, 1000, "action_network", datetime(2013, 2, 6)))
    assert rules.current_count(seeded) == 1000
    seeded.readings.append(rules.feed_reading(seeded, 1240, "action_network", datetime(2013, 2, 10)))
    assert rules.current_count(seeded) == 1240


def test_files_written_before_counts_were_sums_read_the_same() -> None:
    old = Petition("P", 2000, readings=[
        Reading(T0, 1000, "seed"),
        Reading(T0 + timedelta(hours=1), 1035, "manual", added=35),  # the old form kept totals too
        Reading(T0 + timedelta(hours=2), 1135, "json", remote=1100),
    ])
    assert rules.history_counts(old) == [1000, 1035, 1135]


@pytest.mark.parametrize("text, words", [("", "is needed"), ("abc", "not a whole number"), ("-5", "less than 1"), ("0", "less than 1"), ("99999999", "not believable"), ("1.5", "not a whole number")])
def test_bad_tallies_are_refused(text: str, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        rules.tally_reading(text, "", T0)


def test_a_pace_of_years_or_past_the_calendar_is_not_at_this_pace() -> None:
    """The issue's repro: goal 100,000, one signature a month: no OverflowError, words instead."""
    p = petition_with((0, 1000))
    p.goal = 100_000
    p.readings.append(rules.tally_reading("1", "", T0 + timedelta(days=27)))
    assert rules.projected_date(p) is None
    assert rules.projection_words(p, date(2013, 3, 5)) == "not at this pace"
    late = Petition("P", 100_000_000, readings=[Reading(datetime(9999, 12, 1), 1, "seed"), Reading(datetime(9999, 12, 30), 2, "seed")])
    assert rules.projection_words(late, date(9999, 12, 31)) == "not at this pace"
    near = petition_with((0, 1000), (1, 1900))
    assert rules.projected_date(near) == date(2013, 2, 7)  # 100 more at 900 a day: the same day


def test_a_suspicious_drop_is_an_error_reading() -> None:
    p = petition_with((0, 1240))
    p.source = FeedSource("json", "http://x", "n", max_drop_share=0.1)
    dropped = rules.feed_reading(p, 300, "json", T0 + timedelta(hours=1))
    assert dropped.count is None and "fell from 1,240 to 300" in dropped.error
    small = rules.feed_reading(p, 1200, "json", T0 + timedelta(hours=1))
    assert small.remote == 1200 and not small.error


def test_goal_edit() -> None:
    p = build_demo().petition
    assert rules.with_goal(p, "2,500", "", 2013).deadline is None
    with pytest.raises(ValidationError) as caught:
        rules.with_goal(p, "many", "tomorrow", 2013)
    assert set(caught.value.errors) == {"goal", "deadline"}


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

READINGS = st.lists(
    st.tuples(
        st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
        st.sampled_from(["tally", "platform", "correction", "error"]),
        st.integers(min_value=0, max_value=rules.MAX_COUNT),
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(
    goal=st.integers(min_value=1, max_value=rules.MAX_COUNT),
    deadline=st.none() | st.dates(),
    today=st.dates(),
    readings=READINGS,
)
def test_status_never_raises_whatever_the_goal_readings_and_dates(goal, deadline, today, readings) -> None:  # type: ignore[no-untyped-def]
    from store.summary import status_text

    campaign = build_demo()
    p = campaign.petition
    p.goal, p.deadline = goal, deadline
    for at, kind, n in sorted(readings):
        if kind == "tally":
            p.readings.append(Reading(at, None, "manual", added=max(n, 1)))
        elif kind == "platform":
            p.readings.append(Reading(at, None, "json", remote=n))
        elif kind == "correction":
            p.readings.append(Reading(at, n, "manual"))
        else:
            p.readings.append(Reading(at, None, "json", error="down"))
    text = status_text(campaign, today)
    assert "PETITION" in text


@pytest.mark.parametrize("counts, today", [
    ((), date(2013, 2, 6)),
    (((0, 1000),), date(2013, 2, 6)),
    (((0, 1000), (4, 1240), (8, 1400)), date(2013, 2, 14)),
    (((0, 1000), (3, 2100)), date(2013, 5, 1)),
    (((0, 1000), (2, 900)), date(2013, 2, 8)),
])
def test_the_panes_one_pass_figures_equal_the_functions_one_by_one(counts: tuple[tuple[int, int], ...], today: date) -> None:
    """figures() walks the readings once for the whole repaint; it must say what each rule says."""
    p = petition_with(*counts)
    p.milestones = [Milestone(1200, "a"), Milestone(2000, "goal")]
    p.readings.append(rules.tally_reading("35", "paper", T0 + timedelta(hours=1)))
    p.readings.append(rules.error_reading("json", "timed out", T0 + timedelta(hours=2)))
    p.readings.append(rules.set_reading("1050", "fix", T0 + timedelta(hours=3)))
    f = rules.figures(p, today)
    assert f.totals == rules.running_totals(p)
    assert f.count == rules.current_count(p)
    assert f.progress == rules.progress(p)
    assert f.still_needed == rules.still_needed(p)
    assert f.pace == rules.pace(p)
    assert f.needed_pace == rules.needed_pace(p, today)
    assert f.projection == rules.projection_words(p, today)
    assert f.history == rules.history_counts(p)
    assert f.reached == [rules.milestone_reached(m, p) for m in p.milestones]


def test_running_totals_carried_on_from_the_last_pass_equal_a_walk_from_the_start() -> None:
    """A pass carries on from the last one while the readings it walked are still first; every
    other edit (an older reading inserted, one removed or replaced, another petition in between)
    must walk again. Each step is checked against the same readings as new objects, which share
    nothing with an earlier pass."""
    import copy
    import random

    from store.changes import insert_reading

    chance = random.Random(13)
    petitions = [petition_with((0, 1000)), petition_with()]
    walks = []
    kinds = ["tally", "tally", "platform", "correction", "error", "older", "remove last", "remove one", "replace one", "other petition"]
    for step in range(400):
        p = petitions[0]
        kind = chance.choice(kinds)
        at = T0 + timedelta(hours=step)
        if kind == "tally":
            p.readings.append(rules.tally_reading(str(chance.randint(1, 50)), "", at))
        elif kind == "platform":
            p.readings.append(Reading(at, None, "json", remote=chance.randint(900, 1500)))
        elif kind == "correction":
            p.readings.append(rules.set_reading(str(chance.randint(900, 2000)), "", at))
        elif kind == "error":
            p.readings.append(rules.error_reading("json", "timed out", at))
        elif kind == "older":
            insert_reading(p.readings, rules.tally_reading("7", "", at - timedelta(hours=chance.randint(1, step + 1))))
        elif kind == "remove last" and p.readings:
            p.readings.pop()
        elif kind == "remove one" and p.readings:
            del p.readings[chance.randrange(len(p.readings))]
        elif kind == "replace one" and p.readings:
            i = chance.randrange(len(p.readings))
            p.readings[i] = rules.tally_reading(str(chance.randint(1, 9)), "", p.readings[i].at)
        elif kind == "other petition":
            petitions.reverse()
        walks.append((f"step {step} ({kind})", [(r.id, total) for r, total in rules.running_totals(p)], copy.deepcopy(p)))
    # The copies are walked after, not in between (that would start every pass above afresh),
    # each from the start: a walk of no readings just before it leaves nothing to carry on from.
    for step, walked, same_readings in walks:
        rules.running_totals(petition_with())
        assert walked == [(r.id, total) for r, total in rules.running_totals(same_readings)], step
