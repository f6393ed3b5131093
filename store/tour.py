"""Tour rules: stops in date order, where each speaker is today and next, the agenda by day or
by speaker, double-bookings and gaps in words, and validation of a stop or a speaker."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from .dates import DateError, parse_date, short_date, span
from .i18n import _, ngettext, number
from .models import Campaign, Speaker, TourStop
from .text import check_fields, printable
from .validation import ValidationError

GAP_DAYS = 2  # more free days than this inside one speaker's tour are flagged
MAX_STOP_DAYS = 366  # a longer stop is a typo (2031 for 2013), and would be listed on every day


@dataclass(frozen=True)
class SpeakerDay:
    """Where one speaker is on a given day, and where they go next."""

    speaker: Speaker
    current: TourStop | None
    next: TourStop | None


@dataclass(frozen=True)
class Problem:
    """Something an organizer should look at, in words; `stop_ids` are the stops concerned."""

    kind: str  # "double-booked" or "gap"
    text: str
    stop_ids: tuple[str, ...]


def stops_in_order(campaign: Campaign) -> list[TourStop]:
    names = {s.id: s.name.casefold() for s in campaign.speakers}
    return sorted(campaign.stops, key=lambda s: (s.start, s.end, names.get(s.speaker_id, ""), s.city))


def stop_state(stop: TourStop, today: date) -> str:
    """'past', 'today' or 'upcoming'."""
    if stop.end < today:
        return "past"
    if stop.start <= today:
        return "today"
    return "upcoming"


def speaker_days(campaign: Campaign, today: date) -> list[SpeakerDay]:
    ordered = stops_in_order(campaign)
    result = []
    for speaker in campaign.speakers:
        stops = [s for s in ordered if s.speaker_id == speaker.id]
        current = next((s for s in stops if s.start <= today <= s.end), None)
        upcoming = next((s for s in stops if s.start > today), None)
        result.append(SpeakerDay(speaker, current, upcoming))
    return result


def next_stop_ids(campaign: Campaign, today: date) -> set[str]:
    """Ids of the next stop of each speaker (the one after today's)."""
    return {day.next.id for day in speaker_days(campaign, today) if day.next is not None}


def when_words(stop: TourStop, day: date, today: date, next_ids: set[str]) -> str:
    """'past', 'today', 'tomorrow', 'next, in 2 days': how one day of a stop stands to today (a
    stop under way is 'today' on today's row and 'tomorrow' on tomorrow's; the next stop's first
    day says it is the next)."""
    if day < today or stop.end < today:
        return _("past")
    delta = (day - today).days
    if delta == 0:
        return _("today")
    is_next = stop.id in next_ids and day == stop.start
    if delta == 1:
        return _("next, tomorrow") if is_next else _("tomorrow")
    # 'next in 2 days' fits an 80-column agenda (and 'en 2 días' a Spanish one, where CLDR's
    # relative day, 'dentro de 2 días', would not)
    if is_next:
        return ngettext("next in {n} day", "next in {n} days", delta).format(n=delta)
    return ngettext("in {n} day", "in {n} days", delta).format(n=delta)


def shown_day(stop: TourStop, today: date) -> date:
    """The day a stop is described by in a one-row-per-stop list: today while it is under way,
    else its first day (its last, once past)."""
    return max(stop.start, min(today, stop.end))


def days_of(stop: TourStop) -> list[date]:
    return [stop.start + timedelta(days=i) for i in range(max(stop.days, 1))]


def agenda_by_day(campaign: Campaign) -> list[tuple[date, list[TourStop]]]:
    """Every day with a stop, in order; a stop spanning several days is on each of them."""
    days: dict[date, list[TourStop]] = {}
    for stop in stops_in_order(campaign):
        for day in days_of(stop):
            days.setdefault(day, []).append(stop)
    return sorted(days.items())


def agenda_by_speaker(campaign: Campaign) -> list[tuple[Speaker | None, list[TourStop]]]:
    """Each speaker's stops in order (stops of an unknown speaker last, under None)."""
    ordered = stops_in_order(campaign)
    groups: list[tuple[Speaker | None, list[TourStop]]] = [
        (speaker, [s for s in ordered if s.speaker_id == speaker.id]) for speaker in campaign.speakers
    ]
    known = {s.id for s in campaign.speakers}
    orphans = [s for s in ordered if s.speaker_id not in known]
    if orphans:
        groups.append((None, orphans))
    return groups


def stops_on(campaign: Campaign, day: date) -> list[TourStop]:
    return [s for s in stops_in_order(campaign) if s.start <= day <= s.end]


def _shown(text: str) -> str:
    return printable(text, keep_newlines=False)


def problems(campaign: Campaign) -> list[Problem]:
    """Double-bookings (a speaker's stops overlap) and gaps of more than GAP_DAYS free days."""
    found: list[Problem] = []
    for speaker, stops in agenda_by_speaker(campaign):
        name = printable(speaker.name, keep_newlines=False) if speaker else _("A stop with no known speaker")
        for i, first in enumerate(stops):
            for second in stops[i + 1 :]:
                if second.start > first.end:
                    break
                overlap_start, overlap_end = max(first.start, second.start), min(first.end, second.end)
                found.append(
                    Problem(
                        "double-booked",
                        _("{name} is double-booked {dates}: {city} and {other}").format(
                            name=name, dates=span(overlap_start, overlap_end), city=_shown(first.city), other=_shown(second.city)
                        ),
                        (first.id, second.id),
                    )
                )
        latest: TourStop | None = None  # the stop that ends last so far
        for stop in stops:
            if latest is not None and (free := (stop.start - latest.end).days - 1) > GAP_DAYS:
                found.append(
                    Problem(
                        "gap",
                        _("{name} has {free} free days between {city} (ends {end}) and {next_city} (starts {start})").format(
                            name=name, free=number(free), city=_shown(latest.city), end=short_date(latest.end),
                            next_city=_shown(stop.city), start=short_date(stop.start),
                        ),
                        (latest.id, stop.id),
                    )
                )
            if latest is None or stop.end > latest.end:
                latest = stop
    return found


def find_speaker(campaign: Campaign, name: str) -> Speaker | None:
    """A speaker by name, ignoring case and surrounding spaces."""
    wanted = name.strip().casefold()
    return next((s for s in campaign.speakers if s.name.strip().casefold() == wanted), None)


def build_stop(
    campaign: Campaign,
    fields: dict[str, str],
    default_year: int,
    existing: TourStop | None = None,
) -> TourStop:
    """A stop from what the user typed, or ValidationError naming each bad field (a control
    character or bidi override anywhere is one: see store.text).

    `fields`: speaker (an id or a name), city, start, end (blank: same as start), venue, notes.
    """
    errors = check_fields(
        {name: fields.get(name, "").strip() for name in ("speaker", "city", "start", "end", "venue", "notes")},
        multiline=("notes",),
    )
    speaker_text = fields.get("speaker", "").strip()
    speaker = next((s for s in campaign.speakers if s.id == speaker_text), None) or find_speaker(
        campaign, speaker_text
    )
    if "speaker" in errors:
        pass
    elif not speaker_text:
        errors["speaker"] = _("choose a speaker")
    elif speaker is None:
        known = ", ".join(printable(s.name) for s in campaign.speakers) or _("none yet")
        errors["speaker"] = _("no speaker called {name!r} (known: {known})").format(name=speaker_text, known=known)
    city = fields.get("city", "").strip()
    if not city and "city" not in errors:
        errors["city"] = _("the city cannot be empty")
    start = end = None
    try:
        if "start" not in errors:
            start = parse_date(fields.get("start", ""), default_year)
    except DateError as error:
        errors["start"] = str(error)
    end_text = fields.get("end", "").strip()
    if "end" in errors:
        pass
    elif end_text:
        try:
            end = parse_date(end_text, start.year if start else default_year)
        except DateError as error:
            errors["end"] = str(error)
    else:
        end = start
    if start and end and end < start:
        errors["end"] = _("the end ({end}) is before the start ({start})").format(end=end.isoformat(), start=start.isoformat())
    elif start and end and (end - start).days + 1 > MAX_STOP_DAYS:
        errors["end"] = _("the stop would last {n} days; at most {most} (is the year right?)").format(n=number((end - start).days + 1), most=MAX_STOP_DAYS)
    if errors:
        raise ValidationError(errors)
    assert speaker is not None and start is not None and end is not None
    values = dict(
        speaker_id=speaker.id,
        city=city,
        start=start,
        end=end,
        venue=fields.get("venue", "").strip(),
        notes=fields.get("notes", "").strip(),
    )
    return replace(existing, **values) if existing else TourStop(**values)


def build_speaker(campaign: Campaign, fields: dict[str, str], existing: Speaker | None = None) -> Speaker:
    """A speaker from what the user typed, or ValidationError (name required and unique)."""
    name = fields.get("name", "").strip()
    errors = check_fields({key: fields.get(key, "").strip() for key in ("name", "organization", "role", "region")})
    if "name" in errors:
        pass
    elif not name:
        errors["name"] = _("the name cannot be empty")
    else:
        other = find_speaker(campaign, name)
        if other is not None and (existing is None or other.id != existing.id):
            errors["name"] = _("there is already a speaker called {name!r}").format(name=other.name)
    if errors:
        raise ValidationError(errors)
    values = {key: fields.get(key, "").strip() for key in ("name", "organization", "role", "region")}
    return replace(existing, **values) if existing else Speaker(**values)


def stop_line(campaign: Campaign, stop: TourStop, with_year: bool = True) -> str:
    """'8-9 Feb 2013  Jaime Rivera  Boston' for lists and confirmations (stored text shown escaped)."""
    speaker = campaign.speaker(stop.speaker_id)
    who = _shown(speaker.name) if speaker else _('(unknown speaker)')
    return f"{span(stop.start, stop.end, with_year)}  {who}  {_shown(stop.city)}"


def stops_of(campaign: Campaign, speaker: Speaker) -> list[TourStop]:
    """A speaker's stops: removing the speaker removes these too (a stop needs its speaker)."""
    return [s for s in campaign.stops if s.speaker_id == speaker.id]
