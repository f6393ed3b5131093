"""iCalendar export and import of tour stops (RFC 5545), with the `icalendar` library.

Export: one all-day event per stop; DTEND is the day after the last day (RFC 5545 3.6.1); the
UID stays the same across exports (the stop's own id, or the UID it was imported with).
Import: events from Google Calendar, khal and the like; an event whose UID matches a stop
updates it instead of adding a duplicate; events that cannot be used are listed with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

from .models import Campaign, Speaker, TourStop

PRODID = "-//campaign-dash//Tour calendar//EN"
UID_DOMAIN = "campaign-dash"


class CalendarError(ValueError):
    """The file is not an iCalendar file that can be read."""


def stop_uid(stop: TourStop) -> str:
    return stop.uid or f"{stop.id}@{UID_DOMAIN}"


def export_calendar(campaign: Campaign, stops: list[TourStop], now: datetime | None = None) -> bytes:
    from icalendar import Calendar, Event

    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{campaign.info.name}: tour")
    for stop in stops:
        speaker = campaign.speaker(stop.speaker_id)
        who = speaker.name if speaker else "Unknown speaker"
        if speaker and speaker.organization:
            who += f" ({speaker.organization})"
        event = Event()
        event.add("uid", stop_uid(stop))
        event.add("dtstamp", stamp)
        event.add("dtstart", stop.start)
        event.add("dtend", stop.end + timedelta(days=1))
        event.add("summary", f"{who}: {stop.city}")
        event.add("location", stop.city)
        description = "\n".join(part for part in (stop.venue, stop.notes) if part)
        if description:
            event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical()


@dataclass
class ImportResult:
    added: list[TourStop] = field(default_factory=list)
    updated: list[TourStop] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (event, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (event, what was adjusted)

    @property
    def stops(self) -> list[TourStop]:
        return self.added + self.updated


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return (value.astimezone() if value.tzinfo else value).date()
    return value


def read_calendar(data: bytes, campaign: Campaign, speaker: Speaker) -> ImportResult:
    """Stops for `speaker` from an .ics file's events, matched on UID against existing stops."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise CalendarError(f"it is not an iCalendar file ({error})") from None
    if not hasattr(calendar, "walk") or calendar.name != "VCALENDAR":
        raise CalendarError("it is not an iCalendar file (no VCALENDAR)")
    by_uid = {stop_uid(s): s for s in campaign.stops}
    result = ImportResult()
    seen: set[str] = set()
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        summary = str(event.get("summary", "") or "").strip()
        location = str(event.get("location", "") or "").strip()
        label = summary or location or f"event {number}"
        uid = str(event.get("uid", "") or "").strip()
        if event.get("dtstart") is None:
            result.skipped.append((label, "it has no date (no DTSTART)"))
            continue
        if uid and uid in seen:
            result.skipped.append((label, "it appears twice in the file (same UID)"))
            continue
        try:
            raw_start = event.decoded("dtstart")
            raw_end = event.decoded("dtend") if event.get("dtend") is not None else None
            duration = event.decoded("duration") if event.get("duration") is not None else None
        except (ValueError, TypeError) as error:
            result.skipped.append((label, f"its dates cannot be read ({error})"))
            continue
        start = _as_date(raw_start)
        timed = isinstance(raw_start, datetime)
        if raw_end is None and duration is not None:
            raw_end = raw_start + duration
        if raw_end is None:
            end = start
        elif timed:
            # A timed event ends on the day its end time falls (an end at midnight: the day before).
            end_moment = raw_end if isinstance(raw_end, datetime) else datetime.combine(raw_end, datetime.min.time())
            end = _as_date(end_moment - timedelta(microseconds=1)) if end_moment > raw_start else start
        else:
            end = _as_date(raw_end) - timedelta(days=1)  # DTEND of an all-day event is exclusive
        end = max(end, start)
        city = location or summary
        if not city:
            result.skipped.append((label, "it has neither a location nor a summary to use as the city"))
            continue
        if timed:
            result.notes.append((label, f"a timed event: imported as a stop on {start.isoformat()}, times dropped"))
        if uid:
            seen.add(uid)
        existing = by_uid.get(uid) if uid else None
        notes = str(event.get("description", "") or "").strip()
        if existing is not None:  # keeps its own speaker: an export of several speakers re-imports whole
            result.updated.append(replace(existing, city=city, start=start, end=end, notes=notes or existing.notes))
        else:
            result.added.append(TourStop(speaker.id, city, start, end, notes=notes, uid=uid))
    return result
