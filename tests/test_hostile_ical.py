"""Calendar imports that the old code got wrong: dates taken in this machine's zone, repeating
events as one stop, titles used as cities, escape codes in events, updates that changed nothing.

Every date test runs with the machine in UTC, Tokyo and Los Angeles (TZ set, time.tzset())."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date

import pytest

from store import ical
from store.demo import build_demo
from store.ical import MAX_OCCURRENCES, read_calendar
from store.models import Campaign


@pytest.fixture(params=["UTC", "Asia/Tokyo", "America/Los_Angeles"])
def machine_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield request.param
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def ics(*events: str, head: str = "") -> bytes:
    """A calendar from event bodies written one property a line."""
    parts = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *head.split("\n")]
    for body in events:
        parts += ["BEGIN:VEVENT", "DTSTAMP:20130101T000000Z", *body.strip().split("\n"), "END:VEVENT"]
    parts.append("END:VCALENDAR")
    return ("\r\n".join(p.strip() for p in parts if p.strip()) + "\r\n").encode()


def load(data: bytes, campaign: Campaign | None = None) -> ical.ImportResult:
    campaign = campaign or build_demo()
    return read_calendar(data, campaign, campaign.speakers[0])


def days(result: ical.ImportResult) -> list[tuple[str, date, date]]:
    return [(s.city, s.start, s.end) for s in result.added]


# --- a timed event is on its own day, in its own zone -------------------------------------------


@pytest.mark.usefixtures("machine_zone")
def test_an_evening_in_new_york_is_on_its_own_day_on_any_machine() -> None:
    result = load(ics("UID:ny\nSUMMARY:Talk\nLOCATION:Boston\nDTSTART;TZID=America/New_York:20130305T190000\n"
                      "DTEND;TZID=America/New_York:20130305T210000"))
    assert days(result) == [("Boston", date(2013, 3, 5), date(2013, 3, 5))]
    assert result.notes == [("Talk", "a timed event: imported as a stop on 2013-03-05, times dropped")]


@pytest.mark.usefixtures("machine_zone")
def test_a_morning_in_tokyo_is_on_its_own_day_on_any_machine() -> None:
    result = load(ics("UID:tk\nLOCATION:Tokyo\nDTSTART;TZID=Asia/Tokyo:20130306T080000\nDURATION:PT2H"))
    assert days(result) == [("Tokyo", date(2013, 3, 6), date(2013, 3, 6))]


@pytest.mark.usefixtures("machine_zone")
def test_a_floating_time_uses_its_own_date() -> None:
    result = load(ics("UID:fl\nLOCATION:Oakland\nDTSTART:20130305T233000\nDTEND:20130306T003000"))
    assert days(result) == [("Oakland", date(2013, 3, 5), date(2013, 3, 6))]


@pytest.mark.usefixtures("machine_zone")
def test_a_utc_time_uses_the_date_in_utc_or_in_the_calendars_zone() -> None:
    event = "UID:utc\nLOCATION:Chicago\nDTSTART:20130306T020000Z\nDTEND:20130306T040000Z"
    assert days(load(ics(event))) == [("Chicago", date(2013, 3, 6), date(2013, 3, 6))]
    # Google writes UTC and names the calendar's zone: 02:00 UTC is 21:00 the day before in New York.
    in_new_york = load(ics(event, head="X-WR-TIMEZONE:America/New_York"))
    assert days(in_new_york) == [("Chicago", date(2013, 3, 5), date(2013, 3, 5))]


@pytest.mark.usefixtures("machine_zone")
def test_an_unknown_calendar_zone_is_said_and_ignored() -> None:
    result = load(ics("UID:u\nLOCATION:Chicago\nDTSTART:20130306T020000Z",
                      head="X-WR-CALNAME:Tour\nX-WR-TIMEZONE:../../etc/passwd"))
    assert days(result) == [("Chicago", date(2013, 3, 6), date(2013, 3, 6))]
    assert result.notes[0] == ("Tour", "its time zone (X-WR-TIMEZONE) '../../etc/passwd' is unknown: UTC times are read in UTC")


@pytest.mark.usefixtures("machine_zone")
def test_an_overnight_event_and_an_end_in_another_zone() -> None:
    overnight = "UID:on\nLOCATION:Detroit\nDTSTART;TZID=America/Detroit:20130305T220000\nDTEND;TZID=America/Detroit:20130306T010000"
    to_midnight = "UID:mid\nLOCATION:Denver\nDTSTART;TZID=America/Denver:20130305T200000\nDTEND;TZID=America/Denver:20130306T000000"
    # Leaves Los Angeles 22:00 on 5 Mar, lands in New York 06:00 on 6 Mar (= 03:00 in Los Angeles).
    flight = "UID:fly\nLOCATION:New York\nDTSTART;TZID=America/Los_Angeles:20130305T220000\nDTEND;TZID=America/New_York:20130306T060000"
    assert days(load(ics(overnight, to_midnight, flight))) == [
        ("Detroit", date(2013, 3, 5), date(2013, 3, 6)),
        ("Denver", date(2013, 3, 5), date(2013, 3, 5)),
        ("New York", date(2013, 3, 5), date(2013, 3, 6)),
    ]


# --- repeating events ----------------------------------------------------------------------------

SERIES = """UID:series@example.org
SUMMARY:Solidarity talk
LOCATION:Boston
DTSTART;TZID=America/New_York:20130305T190000
DTEND;TZID=America/New_York:20130305T210000
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=America/New_York:20130319T190000
RDATE;TZID=America/New_York:20130402T190000"""
MOVED = """UID:series@example.org
RECURRENCE-ID;TZID=America/New_York:20130312T190000
SUMMARY:Solidarity talk (moved)
LOCATION:Providence
DTSTART;TZID=America/New_York:20130313T190000
DTEND;TZID=America/New_York:20130313T210000"""


@pytest.mark.usefixtures("machine_zone")
def test_a_weekly_event_is_one_stop_per_occurrence_with_stable_uids() -> None:
    result = load(ics(SERIES, MOVED))
    assert days(result) == [
        ("Boston", date(2013, 3, 5), date(2013, 3, 5)),
        ("Providence", date(2013, 3, 13), date(2013, 3, 13)),  # moved: keeps the slot of 12 Mar
        ("Boston", date(2013, 3, 26), date(2013, 3, 26)),
        ("Boston", date(2013, 4, 2), date(2013, 4, 2)),  # RDATE; 19 Mar is an EXDATE
    ]
    assert [s.uid for s in result.added] == [
        "series@example.org#2013-03-05", "series@example.org#2013-03-12",
        "series@example.org#2013-03-26", "series@example.org#2013-04-02"]
    assert result.notes == [("Solidarity talk", "a repeating event: 4 stops, 5 Mar - 2 Apr 2013, times dropped")]
    assert result.skipped == []


def test_reimporting_a_series_updates_only_what_changed() -> None:
    campaign = build_demo()
    campaign.stops += load(ics(SERIES, MOVED), campaign).added
    again = load(ics(SERIES, MOVED), campaign)
    assert again.added == [] and again.updated == [] and len(again.unchanged) == 4
    changed = load(ics(SERIES, MOVED.replace("LOCATION:Providence", "LOCATION:Worcester")), campaign)
    assert changed.added == [] and [(s.uid, s.city) for s in changed.updated] == [("series@example.org#2013-03-12", "Worcester")]
    assert len(changed.unchanged) == 3


def test_an_endless_series_is_cut_at_the_limit_and_said() -> None:
    result = load(ics("UID:daily\nSUMMARY:Picket\nLOCATION:Oakland\nDTSTART;VALUE=DATE:20130301\nRRULE:FREQ=DAILY"))
    assert len(result.added) == MAX_OCCURRENCES == 500
    assert result.added[-1].start == date(2014, 7, 13) and result.added[-1].uid == "daily#2014-07-13"
    assert result.notes == [
        ("Picket", "a repeating event: 500 stops, 1 Mar 2013 - 13 Jul 2014"),
        ("Picket", "it repeats more than 500 times: only the stops up to 2014-07-13 were imported"),
    ]


@pytest.mark.parametrize("rule", ["FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=5", "FREQ=HOURLY", "FREQ=DAILY;BYHOUR=9,17"])
def test_a_rule_that_repeats_within_a_day_is_refused_at_once(rule: str) -> None:
    started = time.monotonic()
    result = load(ics(f"UID:r\nSUMMARY:Shift\nLOCATION:Fresno\nDTSTART:20130305T090000\nRRULE:{rule}"))
    assert result.added == [] and result.skipped[0][0] == "Shift"
    assert result.skipped[0][1].startswith("it repeats within a day (") and result.skipped[0][1].endswith("a tour stop is a whole day")
    assert time.monotonic() - started < 2  # the MINUTELY rule alone took minutes to expand


def test_rules_that_never_match_cannot_hold_the_import_forever(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ical, "EXPANSION_BUDGET_S", 0.5)
    impossible = [f"UID:no{i}\nLOCATION:X\nDTSTART;VALUE=DATE:20130305\nRRULE:FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=30" for i in range(6)]
    started = time.monotonic()
    result = load(ics(*impossible))
    assert time.monotonic() - started < 5
    assert any(reason.startswith("the file's repeating events took more than 0.5 s") for _label, reason in result.skipped)


def test_broken_or_hostile_dates_skip_only_their_event() -> None:
    result = load(ics(
        "UID:g\nSUMMARY:Garbage\nLOCATION:X\nDTSTART:garbage",
        "UID:long\nSUMMARY:Forever\nLOCATION:X\nDTSTART;VALUE=DATE:20130101\nDTEND;VALUE=DATE:20300101",
        "UID:far\nSUMMARY:Far\nLOCATION:X\nDTSTART;VALUE=DATE:20130101\nDTEND;VALUE=DATE:99991231",
        "UID:end\nSUMMARY:Edge\nLOCATION:X\nDTSTART;VALUE=DATE:99991230\nRRULE:FREQ=DAILY",
        "UID:ok\nSUMMARY:Fine\nLOCATION:Boston\nDTSTART;VALUE=DATE:20130305",
    ))
    assert [s.city for s in result.added][-1] == "Boston"
    reasons = dict(result.skipped)
    assert reasons["Garbage"].startswith("its dates or repeat rule cannot be read")
    assert reasons["Forever"] == "it lasts 6,209 days; a tour stop lasts at most 366"
    assert reasons["Far"] == "its dates or repeat rule cannot be read (OverflowError)"
    assert reasons["Edge"] == "none of its dates can be used (every occurrence is excluded, or past the year 9999)"
    assert [s.uid for s in result.added] == ["ok"]


# --- the city and text from outside --------------------------------------------------------------


def test_the_city_comes_from_location_never_from_the_title() -> None:
    result = load(ics("UID:t\nSUMMARY:Evening talk\nDTSTART;VALUE=DATE:20130305"))
    assert result.added == [] and result.skipped == [("Evening talk", "it has no location (LOCATION) to use as the city")]


@pytest.mark.parametrize(
    "prop, words",
    [
        ("SUMMARY:Talk \x1b[2J", "its SUMMARY contains a control character (U+001B ESC) at character 6; remove it"),
        ("LOCATION:Boston \u202eevil", "its LOCATION contains a bidirectional override (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        ("DESCRIPTION:line\\nnext \u009b31m", "its DESCRIPTION contains a control character (U+009B CSI)"),
        ("X-IGNORED:x\nUID:u\x07", "its UID contains a control character (U+0007 BEL)"),
    ],
)
def test_an_event_with_a_control_character_is_skipped_with_the_reason(prop: str, words: str) -> None:
    body = "UID:x\nSUMMARY:Talk\nLOCATION:Boston\nDTSTART;VALUE=DATE:20130305"
    name = prop.split(":")[0] if not prop.startswith("X-") else "UID"
    lines = [line for line in body.split("\n") if not line.startswith(name + ":")] + prop.split("\n")
    result = load(ics("\n".join(lines), "UID:fine\nLOCATION:Chicago\nDTSTART;VALUE=DATE:20130306"))
    assert [s.city for s in result.added] == ["Chicago"]
    (label, reason), = result.skipped
    assert words in reason and "\x1b" not in label and "\u202e" not in label


def test_a_series_with_a_hostile_part_is_skipped_whole() -> None:
    result = load(ics(SERIES, MOVED.replace("LOCATION:Providence", "LOCATION:Provi\x1bdence")))
    assert result.added == []
    assert result.skipped == [
        ("Solidarity talk (moved)", "its LOCATION contains a control character (U+001B ESC) at character 6; remove it"),
        ("Solidarity talk", "another part of the same repeating event (same UID) was skipped"),
    ]


def test_a_description_may_hold_line_breaks() -> None:
    result = load(ics("UID:d\nLOCATION:Boston\nDTSTART;VALUE=DATE:20130305\nDESCRIPTION:Hall A\\nRoom 2\\tup"))
    assert result.added[0].notes == "Hall A\nRoom 2\\tup"


def test_labels_in_the_report_are_escaped() -> None:
    result = load(ics("UID:l\nSUMMARY:\x1b]0;owned\x07\nDTSTART;VALUE=DATE:20130305\nLOCATION:X"))
    assert result.skipped == [("\\x1b]0;owned\\x07", "its SUMMARY contains a control character (U+001B ESC) at character 1; remove it")]


def test_reimporting_an_export_with_venues_changes_nothing() -> None:
    campaign = build_demo()
    campaign.stops[0].venue = "Union hall"
    campaign.stops[0].notes = "Bring flyers"
    again = load(ical.export_calendar(campaign, campaign.stops), campaign)
    assert again.added == [] and again.updated == [] and len(again.unchanged) == len(campaign.stops)
    assert next(s for s in again.unchanged if s.id == campaign.stops[0].id).venue == "Union hall"
