"""iCalendar export parsed back with `icalendar`, and imports of real-world files."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pytest

from store.demo import JAIME, build_demo
from store.ical import CalendarError, export_calendar, read_calendar, stop_uid
from store.tour import stops_in_order

FIXTURES = Path(__file__).parent / "fixtures"


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_export_of_the_demo() -> None:
    campaign = build_demo()
    data = export_calendar(campaign, stops_in_order(campaign), now=datetime(2026, 1, 1, tzinfo=timezone.utc))
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["prodid"]) == "-//campaign-dash//Tour calendar//EN" and str(calendar["version"]) == "2.0"
    found = events(data)
    assert len(found) == 10
    dc = next(e for e in found if str(e["location"]) == "DC")
    assert dc.decoded("dtstart") == date(2013, 2, 3)
    assert dc.decoded("dtend") == date(2013, 2, 6)  # the day after the last day
    assert str(dc["summary"]) == "Jaime Rivera (STSEL): DC"
    assert all("dtstamp" in e for e in found)
    philly = next(e for e in found if str(e["location"]) == "Philadelphia")
    assert philly.decoded("dtend") == date(2013, 2, 12)


def test_uids_are_stable_across_exports() -> None:
    campaign = build_demo()
    first = [str(e["uid"]) for e in events(export_calendar(campaign, campaign.stops))]
    second = [str(e["uid"]) for e in events(export_calendar(campaign, campaign.stops))]
    assert first == second and len(set(first)) == 10


def test_round_trip_updates_and_changes_nothing() -> None:
    campaign = build_demo()
    result = read_calendar(export_calendar(campaign, campaign.stops), campaign, campaign.speakers[0])
    assert result.added == [] and result.skipped == []
    # Nothing differs, so nothing counts as updated (it used to list every stop as an update).
    assert result.updated == []
    assert sorted(result.unchanged, key=lambda s: s.id) == sorted(campaign.stops, key=lambda s: s.id)


def test_import_of_a_google_calendar_file() -> None:
    campaign = build_demo()
    result = read_calendar((FIXTURES / "google-export.ics").read_bytes(), campaign, campaign.speakers[0])
    chicago, minneapolis = result.added
    assert (chicago.city, chicago.start, chicago.end, chicago.speaker_id) == ("Chicago", date(2013, 2, 14), date(2013, 2, 16), JAIME)
    assert chicago.uid == "3k2j4h5g6f7d8s9a@google.com" and "Chicago Federation" in chicago.notes
    assert (minneapolis.start, minneapolis.end) == (date(2013, 2, 19), date(2013, 2, 19))
    assert result.notes == [("Evening talk", "a timed event: imported as a stop on 2013-02-19, times dropped")]
    assert result.skipped == [
        ("Call with the national office", "it has no date (no DTSTART)"),
        ("Labor council meeting + rally", "it appears twice in the file (same UID)"),
    ]
    campaign.stops += result.added
    again = read_calendar((FIXTURES / "google-export.ics").read_bytes(), campaign, campaign.speakers[0])
    assert again.added == [] and again.updated == [] and [s.id for s in again.unchanged] == [chicago.id, minneapolis.id]
    assert stop_uid(chicago) == "3k2j4h5g6f7d8s9a@google.com"


@pytest.mark.parametrize("data", [b"", b"not a calendar", b"BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n"])
def test_unreadable_files_are_refused(data: bytes) -> None:
    campaign = build_demo()
    with pytest.raises(CalendarError):
        read_calendar(data, campaign, campaign.speakers[0])
