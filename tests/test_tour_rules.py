"""Tour rules: agenda, problems in words, validation of what the user types."""

from __future__ import annotations

from datetime import date

import pytest

from store import tour
from store.dates import DateError, parse_date
from store.demo import ALEX, JAIME, build_demo
from store.models import TourStop
from store.validation import ValidationError


def test_a_multi_day_stop_is_on_each_of_its_days() -> None:
    days = dict(tour.agenda_by_day(build_demo()))
    assert [s.city for s in days[date(2013, 2, 4)]] == ["Seattle", "DC"]
    assert [s.city for s in days[date(2013, 2, 5)]] == ["DC", "Olympia, WA"]
    assert date(2013, 2, 10) in days and [s.city for s in days[date(2013, 2, 10)]] == ["San Francisco"]
    assert sum(len(v) for v in days.values()) == 19  # 10 stops: 8 days for Jaime, 11 for Alex


def test_agenda_by_speaker_keeps_each_speakers_order() -> None:
    groups = tour.agenda_by_speaker(build_demo())
    assert [g[0].name for g in groups] == ["Jaime Rivera", "Alex Gomez"]
    assert [s.city for s in groups[0][1]] == ["DC", "New York City", "Boston", "Philadelphia"]


def test_demo_has_no_problems_and_overlaps_and_gaps_are_named() -> None:
    campaign = build_demo()
    assert tour.problems(campaign) == []
    campaign.stops.append(TourStop(JAIME, "Hartford", date(2013, 2, 9), date(2013, 2, 10)))
    campaign.stops.append(TourStop(ALEX, "Phoenix", date(2013, 2, 20), date(2013, 2, 20)))
    texts = [p.text for p in tour.problems(campaign)]
    assert "Jaime Rivera is double-booked 9 Feb: Boston and Hartford" in texts
    assert "Alex Gomez has 6 free days between Los Angeles (ends 13 Feb) and Phoenix (starts 20 Feb)" in texts
    assert len(texts) == 2  # Hartford -> Philadelphia leaves no gap


def test_build_stop_reports_every_bad_field() -> None:
    campaign = build_demo()
    with pytest.raises(ValidationError) as caught:
        tour.build_stop(campaign, {"speaker": "Nobody", "city": " ", "start": "2013-02-30", "end": "soon"}, 2013)
    errors = caught.value.errors
    assert set(errors) == {"speaker", "city", "start", "end"}
    assert "Jaime Rivera, Alex Gomez" in errors["speaker"]
    with pytest.raises(ValidationError) as caught:
        tour.build_stop(campaign, {"speaker": JAIME, "city": "Boston", "start": "2013-02-09", "end": "2013-02-08"}, 2013)
    assert caught.value.errors == {"end": "the end (2013-02-08) is before the start (2013-02-09)"}


def test_build_stop_defaults_the_year_and_a_one_day_end() -> None:
    stop = tour.build_stop(build_demo(), {"speaker": "alex gomez", "city": " Denver ", "start": "02-14"}, 2013)
    assert (stop.speaker_id, stop.city, stop.start, stop.end) == (ALEX, "Denver", date(2013, 2, 14), date(2013, 2, 14))


def test_editing_keeps_the_id() -> None:
    campaign = build_demo()
    original = campaign.stops[0]
    edited = tour.build_stop(campaign, {"speaker": JAIME, "city": "Washington, DC", "start": "2013-02-03", "end": "2013-02-05"}, 2013, existing=original)
    assert edited.id == original.id and edited.city == "Washington, DC"


@pytest.mark.parametrize("text", ["", "6 Feb", "2013/02/06", "13-02-06-1", "2013-02-29"])
def test_parse_date_refuses_with_a_reason(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text, 2013)


def test_speakers_need_a_unique_name() -> None:
    campaign = build_demo()
    with pytest.raises(ValidationError, match="already a speaker called 'Jaime Rivera'"):
        tour.build_speaker(campaign, {"name": " jaime rivera "})
    with pytest.raises(ValidationError, match="cannot be empty"):
        tour.build_speaker(campaign, {"name": ""})
    renamed = tour.build_speaker(campaign, {"name": "Jaime Rivera", "region": "Northeast"}, existing=campaign.speakers[0])
    assert renamed.id == JAIME and renamed.region == "Northeast"


def test_each_day_of_a_stop_says_how_it_stands_to_today() -> None:
    """A stop under way is 'today' on today's row and 'tomorrow' on the next; the next stop's
    first day says it is the next (short enough for an 80-column agenda)."""
    from store.demo import build_demo
    from store.tour import agenda_by_day, next_stop_ids, when_words

    campaign = build_demo()
    today = date(2013, 2, 6)
    next_ids = next_stop_ids(campaign, today)
    words = {(day.day, stop.city): when_words(stop, day, today, next_ids) for day, stops in agenda_by_day(campaign) for stop in stops}
    assert words[(6, "New York City")] == "today" and words[(7, "New York City")] == "tomorrow"
    assert words[(7, "Santa Cruz, CA")] == "next, tomorrow" and words[(8, "Santa Cruz, CA")] == "in 2 days"
    assert words[(8, "Boston")] == "next in 2 days" and words[(5, "DC")] == "past"
    assert max(len(w) for w in words.values()) <= 14
