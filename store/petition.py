"""Petition rules: the count, progress, pace and projection, and the readings that change them.

The count is never stored: it is derived from the readings, which are only ever added (see
models.Reading). The total after each reading is the platform's latest count, plus every paper
tally (signatures the platform never sees), plus the offset of the last correction, so tallies
entered at once in two places both count, and a later platform reading moves the total by what
the platform gained. A correction entered before the platform ever reported stood in for the
platform's count, so the first platform reading replaces it. Error readings change nothing.

Projections are bounded: a pace so slow that the goal lies past the calendar (or more than a
century away) is "not at this pace", never an OverflowError.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from operator import is_
from typing import NamedTuple

from .dates import short_date
from .i18n import N_, _, ngettext, number
from .models import Milestone, Petition, Reading
from .validation import ValidationError

PACE_WINDOW = timedelta(days=7)
MAX_TALLY = 1_000_000  # more than this added by hand at once is a typo, not a tally
MAX_COUNT = 100_000_000  # no petition has more signatures than this; a bigger number is a typo
HORIZON_DAYS = 36_525  # a projection further away than a century is "not at this pace"

TALLY, PLATFORM, CORRECTION, ERROR = "tally", "platform", "correction", "error"


def reading_kind(reading: Reading) -> str:
    if reading.error:
        return ERROR
    if reading.added is not None:
        return TALLY
    if reading.remote is not None:
        return PLATFORM
    return CORRECTION if reading.count is not None else ERROR


def good_readings(petition: Petition) -> list[Reading]:
    return [r for r in petition.readings if reading_kind(r) != ERROR]


Totals = list[tuple[Reading, int]]


class _Walk(NamedTuple):
    """The last pass of running_totals: the readings it walked, their totals, and where the
    count stood after them (the platform's last count, the paper tallies, the offset)."""

    readings: tuple[Reading, ...]
    totals: tuple[tuple[Reading, int], ...]
    state: tuple[int | None, int, int]


_last_walk: _Walk | None = None


def running_totals(petition: Petition) -> Totals:
    """Each good reading, in time order, with the total count just after it.

    One pass over every reading: the functions below take these `totals` when the caller already
    has them, so a repaint at thousands of readings walks them once (see figures()). A pass
    carries on from the last one when the readings it walked are still the first ones, as the
    same objects (readings are added, and replaced or removed as new objects, never changed in
    place): a tally at thousands of readings walks only itself.
    """
    global _last_walk
    readings = petition.readings
    start, totals, state = 0, [], (None, 0, 0)
    walked = _last_walk
    if walked is not None and len(walked.readings) <= len(readings) and all(map(is_, walked.readings, readings)):
        start, totals, state = len(walked.readings), list(walked.totals), walked.state
    platform, paper, offset = state
    for reading in readings[start:]:
        kind = reading_kind(reading)
        if kind == ERROR:
            continue
        if kind == TALLY:
            paper += reading.added  # type: ignore[operator]
        elif kind == PLATFORM:
            if platform is None:  # corrections made before stood in for the platform's count
                offset = 0
            platform = reading.remote
        else:
            offset = reading.count - (platform or 0) - paper  # type: ignore[operator]
        totals.append((reading, max(0, (platform or 0) + paper + offset)))
    _last_walk = _Walk(tuple(readings), tuple(totals), (platform, paper, offset))
    return totals


def latest_good_reading(petition: Petition) -> Reading | None:
    """The newest reading that carries a count (error readings never change the count)."""
    good = good_readings(petition)
    return good[-1] if good else None


def latest_error(petition: Petition) -> Reading | None:
    """The newest reading if it is an error (a later good reading clears it)."""
    return petition.readings[-1] if petition.readings and petition.readings[-1].error else None


def current_count(petition: Petition, totals: Totals | None = None) -> int:
    totals = running_totals(petition) if totals is None else totals
    return totals[-1][1] if totals else 0


def last_remote(petition: Petition) -> int | None:
    for reading in reversed(good_readings(petition)):
        if reading.remote is not None:
            return reading.remote
    return None


def progress(petition: Petition, totals: Totals | None = None) -> float:
    """Share of the goal reached, 0.0 to 1.0."""
    if petition.goal <= 0:
        return 1.0
    return max(0.0, min(1.0, current_count(petition, totals) / petition.goal))


def still_needed(petition: Petition, totals: Totals | None = None) -> int:
    return max(0, petition.goal - current_count(petition, totals))


def days_left(petition: Petition, today: date) -> int | None:
    """Days from today to the deadline (0 on the day itself, negative once past)."""
    if petition.deadline is None:
        return None
    return (petition.deadline - today).days


def milestone_reached(milestone: Milestone, petition: Petition, totals: Totals | None = None) -> bool:
    return current_count(petition, totals) >= milestone.count


# Where a reading came from, as people read it (a live source's kind is shown as stored).
SOURCE_WORDS = {"manual": N_("manual"), "seed": N_("seed")}


def source_word(source: str) -> str:
    return _(SOURCE_WORDS[source]) if source in SOURCE_WORDS else source


def deadline_words(petition: Petition, today: date) -> str:
    left = days_left(petition, today)
    if left is None:
        return _("no deadline set")
    if left == 0:
        return _("deadline is today")
    if left > 0:
        return ngettext("{n} day left", "{n} days left", left).format(n=number(left))
    return ngettext("deadline passed {n} day ago", "deadline passed {n} days ago", -left).format(n=number(-left))


def pace(petition: Petition, totals: Totals | None = None) -> float | None:
    """Signatures a day over the last 7 days of readings (or since the first, if younger).

    None with fewer than two readings or no time between them.
    """
    totals = running_totals(petition) if totals is None else totals
    if len(totals) < 2:
        return None
    latest, latest_total = totals[-1]
    window_start = latest.at - PACE_WINDOW
    before = [t for t in totals if t[0].at <= window_start]
    base, base_total = before[-1] if before else totals[0]
    days = (latest.at - base.at).total_seconds() / 86400
    if days <= 0:
        return None
    return (latest_total - base_total) / days


def needed_pace(petition: Petition, today: date, totals: Totals | None = None) -> float | None:
    """Signatures a day still needed to reach the goal by the deadline (None: no deadline, or past)."""
    left = days_left(petition, today)
    if left is None or left < 0:
        return None
    needed = still_needed(petition, totals)
    if needed == 0:
        return 0.0
    return needed / max(left, 1)


def projected_date(petition: Petition, totals: Totals | None = None) -> date | None:
    """When the goal is reached at the current pace: the reading that reached it, or a forecast.

    None when the pace is unknown, not positive, or so slow that the date would be more than
    HORIZON_DAYS away or past the calendar's end ("not at this pace").
    """
    totals = running_totals(petition) if totals is None else totals
    reached = next((r for r, total in totals if total >= petition.goal), None)
    if reached is not None:
        return reached.at.date()
    rate = pace(petition, totals)
    if rate is None or rate <= 0:
        return None
    days = still_needed(petition, totals) / rate
    latest = totals[-1][0].at
    room = (date.max - latest.date()).days - 1
    if days > min(HORIZON_DAYS, room):
        return None
    return (latest + timedelta(days=days)).date()


def projection_words(petition: Petition, today: date, totals: Totals | None = None) -> str:
    totals = running_totals(petition) if totals is None else totals
    if current_count(petition, totals) >= petition.goal:
        return _("goal reached")
    projected = projected_date(petition, totals)
    if projected is None:
        return _("not at this pace") if pace(petition, totals) is not None else _("not enough readings for a projection")
    when = short_date(projected, with_year=True)
    if not petition.deadline:
        return _("goal projected for {date}").format(date=when)
    late = (projected - petition.deadline).days
    if late > 0:
        return ngettext(
            "goal projected for {date}, {n} day after the deadline", "goal projected for {date}, {n} days after the deadline", late
        ).format(date=when, n=number(late))
    return _("goal projected for {date}, before the deadline").format(date=when)


# --- changes, each a new reading ------------------------------------------------------------


def parse_count(text: str, *, minimum: int, maximum: int, what: str) -> int:
    cleaned = text.strip().replace(",", "").replace("_", "")
    if not cleaned:
        raise ValueError(_("{what} is needed").format(what=what))
    if not cleaned.lstrip("-").isdigit():
        raise ValueError(_("{text!r} is not a whole number").format(text=text.strip()))
    value = int(cleaned)
    if value < minimum:
        raise ValueError(_("{what} cannot be less than {minimum}").format(what=what, minimum=number(minimum)))
    if value > maximum:
        raise ValueError(_("{value} is not believable for {what} (at most {maximum})").format(value=number(value), what=what, maximum=number(maximum)))
    return value


def tally_reading(added_text: str, note: str, now: datetime) -> Reading:
    """A manual reading adding N signatures (e.g. paper sheets from a tour event)."""
    try:
        added = parse_count(added_text, minimum=1, maximum=MAX_TALLY, what=_("the number of signatures"))
    except ValueError as error:
        raise ValidationError({"count": str(error)}) from None
    return Reading(now, None, "manual", note.strip(), added=added)


def set_reading(count_text: str, note: str, now: datetime) -> Reading:
    """A correction: the total is this from now on (later tallies and platform gains add to it)."""
    try:
        count = parse_count(count_text, minimum=0, maximum=MAX_COUNT, what=_("the count"))
    except ValueError as error:
        raise ValidationError({"count": str(error)}) from None
    return Reading(now, count, "manual", note.strip() or _('count set by hand'))


def feed_reading(petition: Petition, remote: int, source: str, now: datetime) -> Reading:
    """A reading from the platform, or an error reading if the count fell suspiciously."""
    previous = last_remote(petition)
    share = petition.source.max_drop_share if petition.source else 0.1
    if previous is not None and remote < previous * (1 - share):
        return Reading(
            now,
            None,
            source,
            error=_("the platform's count fell from {previous:,} to {remote:,} (more than {share:.0%}); not used").format(previous=previous, remote=remote, share=share),
        )
    return Reading(now, None, source, remote=remote)


def reading_summary(reading: Reading) -> str:
    """A reading in words, for the log and for undo ("added 35 signatures (paper sheets)")."""
    note = f" ({reading.note})" if reading.note else ""
    if reading.error:
        return _('petition fetch failed: {error}').format(error=reading.error)
    if reading.added is not None:
        return f"added {reading.added:,} signature{'s' if reading.added != 1 else ''}{note}"
    if reading.remote is not None:
        return _('fetched the count from {source}: {remote:,}').format(source=reading.source, remote=reading.remote)
    return _('set the count to {count:,}{note}').format(count=reading.count, note=note)


def error_reading(source: str, message: str, now: datetime) -> Reading:
    return Reading(now, None, source, error=message)


def with_goal(petition: Petition, goal_text: str, deadline_text: str, default_year: int) -> Petition:
    from .dates import DateError, parse_date

    errors: dict[str, str] = {}
    goal = petition.goal
    try:
        goal = parse_count(goal_text, minimum=1, maximum=MAX_COUNT, what=_("the goal"))
    except ValueError as error:
        errors["goal"] = str(error)
    deadline = None
    if deadline_text.strip():
        try:
            deadline = parse_date(deadline_text, default_year)
        except DateError as error:
            errors["deadline"] = str(error)
    if errors:
        raise ValidationError(errors)
    return replace(petition, goal=goal, deadline=deadline)


def history_counts(petition: Petition, totals: Totals | None = None) -> list[int]:
    totals = running_totals(petition) if totals is None else totals
    return [total for _reading, total in totals]


@dataclass(frozen=True)
class Figures:
    """Everything the petition pane shows that derives from the readings, from one pass over them
    (each function above walks every reading when not handed the totals)."""

    totals: Totals
    count: int
    progress: float
    still_needed: int
    pace: float | None
    needed_pace: float | None
    projection: str
    history: list[int]
    reached: list[bool]  # per milestone, in order


def figures(petition: Petition, today: date) -> Figures:
    totals = running_totals(petition)
    return Figures(
        totals=totals,
        count=current_count(petition, totals),
        progress=progress(petition, totals),
        still_needed=still_needed(petition, totals),
        pace=pace(petition, totals),
        needed_pace=needed_pace(petition, today, totals),
        projection=projection_words(petition, today, totals),
        history=history_counts(petition, totals),
        reached=[milestone_reached(m, petition, totals) for m in petition.milestones],
    )
