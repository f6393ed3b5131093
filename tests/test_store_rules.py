"""The rules of each area, with a fixed clock."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from store import letters, petition, roster, tour
from store.dates import relative_day, span
from store.demo import build_demo
from store.models import LetterTemplate, Member, Placeholder, Reading, Target
from store.summary import status_text

from .conftest import TODAY


def test_demo_has_the_seed_facts() -> None:
    demo = build_demo()
    assert {s.name for s in demo.speakers} == {"Jaime Rivera", "Alex Gomez"}
    assert len(demo.stops) == 10
    dc = next(s for s in demo.stops if s.city == "DC")
    assert (dc.start, dc.end) == (date(2013, 2, 3), date(2013, 2, 5))
    assert demo.petition.goal == 2000 and demo.petition.deadline == demo.delegation.start == date(2013, 4, 27)
    assert [m.count for m in demo.petition.milestones] == [1000, 2000]
    assert demo.delegation.end == date(2013, 5, 4)
    assert demo.members == []
    assert demo.letters[0].languages == ["es", "en"]
    assert letters.recipients(demo.targets)[0] == ["comunicaciones@mtps.gob.sv"]
    assert len(set(sum(letters.recipients(demo.targets), []))) == 4
    assert ["@trabajosv", "@RolandoCastroSV"] == demo.targets[0].handles


def test_where_each_speaker_is_on_6_february() -> None:
    days = {d.speaker.name: d for d in tour.speaker_days(build_demo(), TODAY)}
    assert days["Jaime Rivera"].current.city == "New York City"
    assert days["Jaime Rivera"].next.city == "Boston"
    assert days["Alex Gomez"].current.city == "Portland, OR"
    assert days["Alex Gomez"].next.city == "Santa Cruz, CA"


def test_after_the_tour_nobody_has_a_stop() -> None:
    days = tour.speaker_days(build_demo(), date(2013, 3, 1))
    assert all(d.current is None and d.next is None for d in days)


def test_stop_states() -> None:
    demo = build_demo()
    states = {s.city: tour.stop_state(s, TODAY) for s in demo.stops}
    assert states["DC"] == "past" and states["New York City"] == "today" and states["Boston"] == "upcoming"


@pytest.mark.parametrize(
    "day, words",
    [(TODAY, "today"), (date(2013, 2, 7), "tomorrow"), (date(2013, 2, 5), "yesterday"), (date(2013, 2, 9), "in 3 days"), (date(2013, 2, 1), "5 days ago")],
)
def test_relative_day(day: date, words: str) -> None:
    assert relative_day(day, TODAY) == words


def test_spans() -> None:
    assert span(date(2013, 2, 6), date(2013, 2, 6)) == "6 Feb"
    assert span(date(2013, 2, 6), date(2013, 2, 7)) == "6-7 Feb"
    assert span(date(2013, 4, 27), date(2013, 5, 4), with_year=True) == "27 Apr - 4 May 2013"
    assert span(date(2012, 12, 30), date(2013, 1, 2)) == "30 Dec 2012 - 2 Jan 2013"


def test_petition_progress_and_deadline() -> None:
    p = build_demo().petition
    assert petition.current_count(p) == 1000
    assert petition.progress(p) == 0.5 and petition.still_needed(p) == 1000
    assert petition.days_left(p, TODAY) == 80
    assert petition.deadline_words(p, date(2013, 4, 27)) == "deadline is today"
    assert petition.deadline_words(p, date(2013, 4, 29)) == "deadline passed 2 days ago"
    assert [petition.milestone_reached(m, p) for m in p.milestones] == [True, False]


def test_error_readings_never_change_the_count() -> None:
    p = build_demo().petition
    p.readings.append(Reading(datetime(2013, 2, 7), None, "feed", error="HTTP 500"))
    assert petition.current_count(p) == 1000
    p.readings = []
    assert petition.current_count(p) == 0 and petition.latest_good_reading(p) is None


def test_roster_counts_and_seats() -> None:
    demo = build_demo()
    members = [Member("a", status="applied"), Member("b", status="accepted"), Member("c", status="paid"), Member("d", status="withdrawn")]
    counts = roster.counts_by_status(members)
    assert counts["applied"] == 1 and counts["withdrawn"] == 1 and counts["inquiry"] == 0
    assert roster.seats_left(demo.delegation, members) is None
    assert roster.seats_words(demo.delegation, members) == "2 seats taken, no capacity set"
    demo.delegation.capacity = 12
    assert roster.seats_words(demo.delegation, members) == "10 of 12 seats left"
    demo.delegation.capacity = 1
    assert "over capacity by 1" in roster.seats_words(demo.delegation, members)


def test_fill_marks_blanks_in_the_letter_language() -> None:
    template = build_demo().letters[0]
    filled = letters.fill(template, "es", {"members": "512"})
    assert "Por parte de los 512 miembros del nuestro sindicato [nombre del sindicato]" in filled.text
    assert filled.unfilled == ["date", "union", "signer_name", "signer_title"]
    dated = letters.fill(template, "es", letters.values_with_date(template, "es", TODAY, {"members": "512"}))
    assert dated.text.startswith("6 de febrero de 2013\n") and dated.unfilled == ["union", "signer_name", "signer_title"]
    english = letters.fill(template, "en", {"members": "512"})
    assert "On the part of the 512 members of our union [union name]" in english.text


def test_fill_is_literal_and_safe() -> None:
    template = LetterTemplate(
        "t",
        {"en": "Dear {name}, {{literal}} {name.__class__} {unknown} {0}"},
        [Placeholder("name")],
    )
    hostile = "[/]{x}$%s\x1b[31m"
    filled = letters.fill(template, "en", {"name": hostile})
    assert filled.text == f"Dear {hostile}, {{literal}} {{name.__class__}} [unknown] {{0}}"
    assert filled.unknown == ["unknown"]
    assert letters.placeholders_in(template.bodies["en"]) == ["name", "unknown"]


def test_recipients_are_distinct_and_to_wins() -> None:
    targets = [
        Target("A", emails=["a@x.org", "b@x.org"], send_as="to"),
        Target("B", emails=["b@x.org", "c@x.org"], send_as="cc"),
        Target("C", emails=["c@x.org"], send_as="cc"),
    ]
    assert letters.recipients(targets) == (["a@x.org", "b@x.org"], ["c@x.org"])
    assert letters.recipients_line(targets) == "a@x.org, b@x.org, c@x.org"


def test_status_text_names_both_stops_and_the_count() -> None:
    text = status_text(build_demo(), TODAY)
    assert "Jaime Rivera (STSEL): today in New York City (6-7 Feb); next Boston" in text
    assert "Alex Gomez (FESTRASPES): today in Portland, OR (6 Feb); next Santa Cruz, CA" in text
    assert "1,000 of 2,000 signatures" in text
    assert "80 days left" in text


def test_status_of_a_blank_campaign_is_in_words() -> None:
    from store.blank import blank_campaign
    from store.summary import attention, setup_missing

    campaign = blank_campaign("Hotel workers", "es")
    text = status_text(campaign, TODAY)
    assert "PETITION: (no title yet)\n  0 signatures; no goal yet\n" in text and "goal reached" not in text
    assert "TO SET UP:" in text and attention(campaign, TODAY) == []
    assert len(setup_missing(campaign)) == 5


def test_only_tour_problems_not_yet_over_need_attention() -> None:
    from store.models import TourStop
    from store.summary import attention

    campaign = build_demo()
    jaime = campaign.speakers[0]
    campaign.stops.append(TourStop(jaime.id, "Hartford", date(2013, 2, 9), date(2013, 2, 9)))
    assert [a.kind for a in attention(campaign, TODAY)] == ["double-booked"]
    assert [a.kind for a in attention(campaign, date(2013, 2, 9))] == ["double-booked"]  # the day itself
    assert attention(campaign, date(2013, 2, 10)) == []


def test_a_failed_fetch_needs_attention_until_a_good_reading_or_no_source() -> None:
    from store.models import FeedSource
    from store.summary import attention

    campaign = build_demo()
    p = campaign.petition
    p.source = FeedSource("json", "https://example.org/c.json", "count")
    p.readings.append(Reading(datetime(2013, 2, 5, 9), None, "json", error="HTTP 500"))
    assert [a.kind for a in attention(campaign, TODAY)] == ["source-failing"]
    p.readings.append(Reading(datetime(2013, 2, 5, 9), None, "json", remote=1500))  # as new as the error: it stands
    assert attention(campaign, TODAY) == []
    p.readings.pop()
    p.source = None
    assert attention(campaign, TODAY) == []
