"""Petition rules: the count, progress, pace and projection, and manual tallies as readings.

Readings are totals over time. A manual tally adds to the latest total; a feed reading is the
platform's own count plus every manual tally (paper signatures the platform never saw). Error
readings carry no count and never change it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from .models import Milestone, Petition, Reading
from .validation import ValidationError

PACE_WINDOW = timedelta(days=7)
MAX_TALLY = 1_000_000  # more than this added by hand at once is a typo, not a tally
MAX_COUNT = 100_000_000  # no petition has more signatures than this; a bigger number is a typo


def good_readings(petition: Petition) -> list[Reading]:
    return [r for r in petition.readings if r.count is not None and not r.error]


def latest_good_reading(petition: Petition) -> Reading | None:
    """The newest reading that carries a count (error readings never change the count)."""
    good = good_readings(petition)
    return good[-1] if good else None


def latest_error(petition: Petition) -> Reading | None:
    """The newest reading if it is an error (a later good reading clears it)."""
    return petition.readings[-1] if petition.readings and petition.readings[-1].error else None


def current_count(petition: Petition) -> int:
    reading = latest_good_reading(petition)
    return reading.count if reading is not None and reading.count is not None else 0


def manual_tallies(petition: Petition) -> int:
    return sum(r.added or 0 for r in good_readings(petition))


def last_remote(petition: Petition) -> int | None:
    for reading in reversed(good_readings(petition)):
        if reading.remote is not None:
            return reading.remote
    return None


def progress(petition: Petition) -> float:
    """Share of the goal reached, 0.0 to 1.0."""
    if petition.goal <= 0:
        return 1.0
    return max(0.0, min(1.0, current_count(petition) / petition.goal))


def still_needed(petition: Petition) -> int:
    return max(0, petition.goal - current_count(petition))


def days_left(petition: Petition, today: date) -> int | None:
    """Days from today to the deadline (0 on the day itself, negative once past)."""
    if petition.deadline is None:
        return None
    return (petition.deadline - today).days


def milestone_reached(milestone: Milestone, petition: Petition) -> bool:
    return current_count(petition) >= milestone.count


def deadline_words(petition: Petition, today: date) -> str:
    left = days_left(petition, today)
    if left is None:
        return "no deadline set"
    if left > 1:
        return f"{left} days left"
    if left == 1:
        return "1 day left"
    if left == 0:
        return "deadline is today"
    return f"deadline passed {-left} day{'s' if left != -1 else ''} ago"


def pace(petition: Petition) -> float | None:
    """Signatures a day over the last 7 days of readings (or since the first, if younger).

    None with fewer than two readings or no time between them.
    """
    good = good_readings(petition)
    if len(good) < 2:
        return None
    latest = good[-1]
    window_start = latest.at - PACE_WINDOW
    before = [r for r in good if r.at <= window_start]
    base = before[-1] if before else good[0]
    days = (latest.at - base.at).total_seconds() / 86400
    if days <= 0:
        return None
    return (latest.count - base.count) / days  # type: ignore[operator]


def needed_pace(petition: Petition, today: date) -> float | None:
    """Signatures a day still needed to reach the goal by the deadline (None: no deadline, or past)."""
    left = days_left(petition, today)
    if left is None or left < 0:
        return None
    needed = still_needed(petition)
    if needed == 0:
        return 0.0
    return needed / max(left, 1)


def projected_date(petition: Petition) -> date | None:
    """When the goal is reached at the current pace: the reading that reached it, or a forecast.

    None when the pace is unknown or not positive ("not at this pace").
    """
    good = good_readings(petition)
    reached = next((r for r in good if r.count is not None and r.count >= petition.goal), None)
    if reached is not None:
        return reached.at.date()
    rate = pace(petition)
    if rate is None or rate <= 0:
        return None
    latest = good[-1]
    return (latest.at + timedelta(days=still_needed(petition) / rate)).date()


def projection_words(petition: Petition, today: date) -> str:
    if current_count(petition) >= petition.goal:
        return "goal reached"
    projected = projected_date(petition)
    if projected is None:
        return "not at this pace" if pace(petition) is not None else "not enough readings for a projection"
    words = f"goal projected for {projected.day} {projected:%b} {projected.year}"
    if petition.deadline:
        late = (projected - petition.deadline).days
        words += f", {late} days after the deadline" if late > 0 else ", before the deadline"
    return words


# --- changes, each a new reading ------------------------------------------------------------


def parse_count(text: str, *, minimum: int, maximum: int, what: str) -> int:
    cleaned = text.strip().replace(",", "").replace("_", "")
    if not cleaned:
        raise ValueError(f"{what} is needed")
    if not cleaned.lstrip("-").isdigit():
        raise ValueError(f"{text.strip()!r} is not a whole number")
    value = int(cleaned)
    if value < minimum:
        raise ValueError(f"{what} cannot be less than {minimum:,}")
    if value > maximum:
        raise ValueError(f"{value:,} is not believable for {what} (at most {maximum:,})")
    return value


def tally_reading(petition: Petition, added_text: str, note: str, now: datetime) -> Reading:
    """A manual reading adding N signatures (e.g. paper sheets from a tour event)."""
    try:
        added = parse_count(added_text, minimum=1, maximum=MAX_TALLY, what="the number of signatures")
    except ValueError as error:
        raise ValidationError({"count": str(error)}) from None
    return Reading(now, current_count(petition) + added, "manual", note.strip(), added=added)


def set_reading(petition: Petition, count_text: str, note: str, now: datetime) -> Reading:
    """A manual reading that sets the total."""
    try:
        count = parse_count(count_text, minimum=0, maximum=MAX_COUNT, what="the count")
    except ValueError as error:
        raise ValidationError({"count": str(error)}) from None
    return Reading(now, count, "manual", note.strip() or "count set by hand")


def feed_reading(petition: Petition, remote: int, source: str, now: datetime) -> Reading:
    """A reading from the platform, or an error reading if the count fell suspiciously."""
    previous = last_remote(petition)
    share = petition.source.max_drop_share if petition.source else 0.1
    if previous is not None and remote < previous * (1 - share):
        return Reading(
            now,
            None,
            source,
            error=f"the platform's count fell from {previous:,} to {remote:,} (more than {share:.0%}); not used",
        )
    return Reading(now, remote + manual_tallies(petition), source, remote=remote)


def error_reading(source: str, message: str, now: datetime) -> Reading:
    return Reading(now, None, source, error=message)


def last_manual_reading(petition: Petition) -> Reading | None:
    return next((r for r in reversed(petition.readings) if r.source == "manual"), None)


def with_goal(petition: Petition, goal_text: str, deadline_text: str, default_year: int) -> Petition:
    from .dates import DateError, parse_date

    errors: dict[str, str] = {}
    goal = petition.goal
    try:
        goal = parse_count(goal_text, minimum=1, maximum=MAX_COUNT, what="the goal")
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


def history_counts(petition: Petition) -> list[int]:
    return [r.count for r in good_readings(petition) if r.count is not None]
