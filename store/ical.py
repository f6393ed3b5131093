"""iCalendar export and import of tour stops (RFC 5545), with `icalendar` and
`recurring-ical-events`.

Export: one all-day event per stop; DTEND is the day after the last day (RFC 5545 3.6.1); the
UID stays the same across exports (the stop's own id, or the UID it was imported with).

Import: events from Google Calendar, khal and the like. The rules, each for a reason:
- A timed event is a stop on the day it happens *where it happens*: the date of DTSTART in its
  own time zone (its TZID; a floating time as written; a UTC time in the calendar's
  X-WR-TIMEZONE when it names one, else in UTC), never in this machine's zone, so the same file
  gives the same stops on every organizer's computer.
- A repeating event (RRULE, RDATE, minus EXDATE, with RECURRENCE-ID overrides) becomes one stop
  per occurrence, with the UID `<uid>#<YYYY-MM-DD of the occurrence's original date>` so a
  re-import updates each occurrence in place. At most MAX_OCCURRENCES per event (more is said in
  the notes); rules that repeat within a day are refused (a stop is a day, and such rules can
  take minutes to work out), and the whole file gets EXPANSION_BUDGET_S of rule expansion.
- The city is the LOCATION; an event without one is skipped with that reason (its SUMMARY is
  a title such as "Evening talk", not a place).
- SUMMARY, LOCATION, DESCRIPTION and UID pass store.text's rule: an event holding a control
  character or a bidi override is skipped with the reason, and labels in the report are shown
  escaped.
- An event whose UID matches a stop updates it; one whose fields all match is `unchanged`, so
  re-importing an unchanged file reports nothing updated.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from .dates import span
from .i18n import _, ngettext
from .models import Campaign, Speaker, TourStop
from .text import printable, problem
from .tour import MAX_STOP_DAYS

PRODID = "-//campaign-dash//Tour calendar//EN"
UID_DOMAIN = "campaign-dash"
MAX_OCCURRENCES = 500  # stops from one repeating event
EXPANSION_BUDGET_S = 10.0  # time for working out every repeating event of one file
SUB_DAILY = ("SECONDLY", "MINUTELY", "HOURLY")
CHECKED = (("UID", False), ("SUMMARY", False), ("LOCATION", False), ("DESCRIPTION", True))


class CalendarError(ValueError):
    """The file is not an iCalendar file that can be read."""


def stop_uid(stop: TourStop) -> str:
    return stop.uid or f"{stop.id}@{UID_DOMAIN}"


def export_description(stop: TourStop) -> str:
    """What an export writes as DESCRIPTION (venue, then notes), so an import can tell that a
    stop's description did not change."""
    return "\n".join(part for part in (stop.venue, stop.notes) if part)


def export_calendar(campaign: Campaign, stops: list[TourStop], now: datetime | None = None) -> bytes:
    from icalendar import Calendar, Event

    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{campaign.info.name}: tour")
    for stop in stops:
        speaker = campaign.speaker(stop.speaker_id)
        who = speaker.name if speaker else _('Unknown speaker')
        if speaker and speaker.organization:
            who += f" ({speaker.organization})"
        event = Event()
        event.add("uid", stop_uid(stop))
        event.add("dtstamp", stamp)
        event.add("dtstart", stop.start)
        event.add("dtend", stop.end + timedelta(days=1))
        event.add("summary", f"{who}: {stop.city}")
        event.add("location", stop.city)
        description = export_description(stop)
        if description:
            event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical()


@dataclass
class ImportResult:
    added: list[TourStop] = field(default_factory=list)
    updated: list[TourStop] = field(default_factory=list)  # only stops whose fields really change
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (event, reason)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (event, what was adjusted)
    unchanged: list[TourStop] = field(default_factory=list)  # matched a stop, nothing differs

    @property
    def stops(self) -> list[TourStop]:
        return self.added + self.updated


def _text(component: Any, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):  # a property given twice: the first one counts
        value = value[0] if value else ""
    return str(value or "").strip()


def _day(value: date | datetime) -> date:
    """The date as written in the value's own zone (no conversion to this machine's zone)."""
    return value.date() if isinstance(value, datetime) else value


def _dates(component: Any) -> tuple[date, date, bool]:
    """(first day, last day, timed) of one occurrence, or ValueError."""
    raw_start = component.decoded("dtstart")
    if not isinstance(raw_start, date):
        raise ValueError(_('DTSTART is not a date'))
    raw_end = component.decoded("dtend") if component.get("dtend") is not None else None
    if raw_end is not None and not isinstance(raw_end, date):
        raise ValueError(_('DTEND is not a date'))
    start = _day(raw_start)
    timed = isinstance(raw_start, datetime)
    if raw_end is None:
        end = start
    elif timed:
        # A timed event ends on the day its end time falls (an end at midnight: the day before),
        # counted in the start's zone.
        end_moment = raw_end if isinstance(raw_end, datetime) else datetime.combine(raw_end, datetime.min.time())
        if end_moment.tzinfo is not None and raw_start.tzinfo is not None:
            end_moment = end_moment.astimezone(raw_start.tzinfo)
        elif (end_moment.tzinfo is None) != (raw_start.tzinfo is None):
            end_moment = end_moment.replace(tzinfo=raw_start.tzinfo)
        end = _day(end_moment - timedelta(microseconds=1)) if end_moment > raw_start else start
    else:
        end = _day(raw_end) - timedelta(days=1)  # DTEND of an all-day event is exclusive
    return start, max(end, start), timed


def _original_day(component: Any, start: date) -> date:
    """The occurrence's place in its series (RECURRENCE-ID), which stays when it is moved."""
    if component.get("recurrence-id") is None:
        return start
    value = component.decoded("recurrence-id")
    return _day(value) if isinstance(value, date) else start


def _sub_daily(component: Any) -> str | None:
    """The rule that repeats within a day, in words, or None."""
    rules = component.get("rrule")
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        freq = [str(f).upper() for f in rule.get("FREQ", [])]
        if any(f in SUB_DAILY for f in freq):
            return f"FREQ={freq[0]}"
        for part in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            if len(rule.get(part, [])) > 1:
                return f"{part} with {len(rule[part])} values"
    return None


def _zone_note(calendar: Any) -> tuple[str | None, str | None]:
    """The calendar's X-WR-TIMEZONE if it is a zone we know, and a note when it is not."""
    from zoneinfo import ZoneInfo

    name = _text(calendar, "x-wr-timezone")
    if not name:
        return None, None
    try:
        ZoneInfo(name)
    except Exception:  # noqa: BLE001 - unknown, malformed or hostile key: ignore it, say so
        return None, _('its time zone (X-WR-TIMEZONE) {value!r} is unknown: UTC times are read in UTC').format(value=printable(name, keep_newlines=False)[:60])
    return name, None


@dataclass
class _Group:
    """The components of one event: a single one, or a series' master and its overrides."""

    label: str
    uid: str
    components: list[Any]


def read_calendar(data: bytes, campaign: Campaign, speaker: Speaker) -> ImportResult:
    """Stops for `speaker` from an .ics file's events, matched on UID against existing stops."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except Exception as error:  # noqa: BLE001 - any parser failure on hostile bytes is "not readable"
        raise CalendarError(_('it is not an iCalendar file ({value})').format(value=printable(str(error), keep_newlines=False)[:200])) from None
    if not hasattr(calendar, "walk") or calendar.name != "VCALENDAR":
        raise CalendarError(_('it is not an iCalendar file (no VCALENDAR)'))
    scale = _text(calendar, "calscale").upper()
    if scale and scale != "GREGORIAN":
        raise CalendarError(_('it uses the {value} calendar; only Gregorian calendars can be read').format(value=printable(scale)[:40]))
    try:
        events = list(calendar.walk("VEVENT"))
    except RecursionError:
        raise CalendarError(_('its parts are nested too deeply to read')) from None
    result = ImportResult()
    zone, zone_note = _zone_note(calendar)
    if zone_note:
        result.notes.append((printable(_text(calendar, "x-wr-calname"), keep_newlines=False) or _('the calendar'), zone_note))
    groups = _groups(events, result)
    by_uid = {stop_uid(s): s for s in campaign.stops}
    seen: set[str] = set()
    deadline = time.monotonic() + EXPANSION_BUDGET_S
    for group in groups:
        _import_group(group, zone, deadline, by_uid, seen, speaker, result)
    return result


def _groups(events: list[Any], result: ImportResult) -> list[_Group]:
    """Events gathered by UID (a series and its overrides), with the unusable ones skipped."""
    groups: dict[Any, _Group] = {}
    seen: set[tuple[str, str]] = set()
    refused: set[str] = set()  # UIDs with a part skipped for its text: the whole series goes
    for number, event in enumerate(events, start=1):
        summary, location = _text(event, "summary"), _text(event, "location")
        label = printable(summary or location or f"event {number}", keep_newlines=False)
        uid = _text(event, "uid")
        if event.get("dtstart") is None:
            result.skipped.append((label, _('it has no date (no DTSTART)')))
            continue
        reason = next(
            (f"its {name} {why}" for name, multiline in CHECKED if (why := problem(_text(event, name), multiline=multiline))),
            None,
        )
        if reason:
            result.skipped.append((label, reason))
            if uid:
                refused.add(uid)
            continue
        recurrence = event.get("recurrence-id")
        slot = recurrence.to_ical().decode("utf-8", "replace") if hasattr(recurrence, "to_ical") else str(recurrence or "")
        if uid:
            if (uid, slot) in seen:
                result.skipped.append((label, _('it appears twice in the file (same UID)')))
                continue
            seen.add((uid, slot))
        key: Any = uid or ("no uid", number)
        group = groups.get(key)
        if group is None:
            groups[key] = _Group(label, uid, [event])
        elif recurrence is None:  # the master came after an override: it names the series
            group.components.insert(0, event)
            group.label = label
        else:
            group.components.append(event)
    for group in [g for g in groups.values() if g.uid in refused]:
        result.skipped.append((group.label, _('another part of the same repeating event (same UID) was skipped')))
    return [g for g in groups.values() if g.uid not in refused]


def _import_group(
    group: _Group,
    zone: str | None,
    deadline: float,
    by_uid: dict[str, TourStop],
    seen: set[str],
    speaker: Speaker,
    result: ImportResult,
) -> None:
    import recurring_ical_events
    from icalendar import Calendar

    label = group.label
    repeating = len(group.components) > 1 or any(
        c.get("rrule") is not None or c.get("rdate") is not None or c.get("recurrence-id") is not None
        for c in group.components
    )
    if repeating:
        sub_daily = next((why for c in group.components if (why := _sub_daily(c))), None)
        if sub_daily:
            result.skipped.append((label, _('it repeats within a day ({sub_daily}); a tour stop is a whole day').format(sub_daily=sub_daily)))
            return
        if time.monotonic() > deadline:
            result.skipped.append(
                (label, _("the file's repeating events took more than {EXPANSION_BUDGET_S:g} s to work out; this one was left out").format(EXPANSION_BUDGET_S=EXPANSION_BUDGET_S))
            )
            return
    single = Calendar()
    if zone:
        single.add("x-wr-timezone", zone)
    for component in group.components:
        single.add_component(component)
    occurrences = []
    cut = False
    try:
        for occurrence in recurring_ical_events.of(single).all():
            if len(occurrences) == MAX_OCCURRENCES:
                cut = True
                break
            occurrences.append((occurrence, *_dates(occurrence)))
            if repeating and time.monotonic() > deadline:
                cut = True
                break
    except Exception as error:  # noqa: BLE001 - a broken or hostile rule skips this event only
        result.skipped.append((label, _('its dates or repeat rule cannot be read ({name__})').format(name__=type(error).__name__)))
        return
    if not occurrences:
        result.skipped.append((label, _('none of its dates can be used (every occurrence is excluded, or past the year 9999)')))
        return
    imported: list[date] = []
    timed_any = False
    for occurrence, start, end, timed in occurrences:
        where = f"{label} ({start.isoformat()})" if repeating else label
        uid = f"{group.uid}#{_original_day(occurrence, start).isoformat()}" if repeating and group.uid else group.uid
        if uid and uid in seen:
            if repeating:
                continue  # two occurrences on one day are one stop
            result.skipped.append((where, _('it appears twice in the file (same UID)')))
            continue
        city = _text(occurrence, "location")
        if not city:
            result.skipped.append((where, _('it has no location (LOCATION) to use as the city')))
            continue
        if (end - start).days + 1 > MAX_STOP_DAYS:
            result.skipped.append((where, _('it lasts {value:,} days; a tour stop lasts at most {MAX_STOP_DAYS}').format(value=(end - start).days + 1, MAX_STOP_DAYS=MAX_STOP_DAYS)))
            continue
        if uid:
            seen.add(uid)
        _place(TourStop(speaker.id, city, start, end, notes=_text(occurrence, "description"), uid=uid), by_uid, result)
        imported.append(start)
        timed_any = timed_any or timed
    if not imported:
        return
    if repeating:
        words = ngettext("a repeating event: {n} stop, {dates}", "a repeating event: {n} stops, {dates}", len(imported)).format(
            n=len(imported), dates=span(imported[0], imported[-1], True)
        )
        result.notes.append((label, words + (_(', times dropped') if timed_any else "")))
        if cut:
            result.notes.append(
                (label, _('it repeats more than {len} times: only the stops up to {isoformat} were imported').format(len=len(occurrences), isoformat=imported[-1].isoformat()))
            )
    elif timed_any:
        result.notes.append((label, _('a timed event: imported as a stop on {isoformat}, times dropped').format(isoformat=imported[0].isoformat())))


def _place(stop: TourStop, by_uid: dict[str, TourStop], result: ImportResult) -> None:
    """Add the stop, or update the stop with its UID (keeping that stop's speaker and id)."""
    existing = by_uid.get(stop.uid) if stop.uid else None
    if existing is None:
        result.added.append(stop)
        return
    if stop.notes and stop.notes != export_description(existing):
        changed = replace(existing, city=stop.city, start=stop.start, end=stop.end, notes=stop.notes)
    else:  # no description, or the one our export wrote from venue and notes: both stay
        changed = replace(existing, city=stop.city, start=stop.start, end=stop.end)
    (result.updated if changed != existing else result.unchanged).append(changed)
