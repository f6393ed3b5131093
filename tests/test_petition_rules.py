"""Pace, projection and manual readings with a fixed clock and known readings."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from store import petition as rules
from store.demo import build_demo
from store.models import FeedSource, Petition, Reading
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
    paper = rules.tally_reading(p, "35", " paper sheets, Boston event ", T0 + timedelta(hours=1))
    assert (paper.count, paper.added, paper.note) == (1035, 35, "paper sheets, Boston event")
    p.readings.append(paper)
    fetched = rules.feed_reading(p, 1100, "json", T0 + timedelta(hours=2))
    assert (fetched.count, fetched.remote) == (1135, 1100)


@pytest.mark.parametrize("text, words", [("", "is needed"), ("abc", "not a whole number"), ("-5", "less than 1"), ("0", "less than 1"), ("99999999", "not believable"), ("1.5", "not a whole number")])
def test_bad_tallies_are_refused(text: str, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        rules.tally_reading(petition_with(), text, "", T0)


def test_a_suspicious_drop_is_an_error_reading() -> None:
    p = petition_with((0, 1240))
    p.source = FeedSource("json", "http://x", "n", max_drop_share=0.1)
    dropped = rules.feed_reading(p, 300, "json", T0 + timedelta(hours=1))
    assert dropped.count is None and "fell from 1,240 to 300" in dropped.error
    small = rules.feed_reading(p, 1200, "json", T0 + timedelta(hours=1))
    assert small.count == 1200


def test_goal_edit() -> None:
    p = build_demo().petition
    assert rules.with_goal(p, "2,500", "", 2013).deadline is None
    with pytest.raises(ValidationError) as caught:
        rules.with_goal(p, "many", "tomorrow", 2013)
    assert set(caught.value.errors) == {"goal", "deadline"}
