"""Petition rules: the current count, progress against the goal, days to the deadline."""

from __future__ import annotations

from datetime import date

from .models import Milestone, Petition, Reading


def latest_good_reading(petition: Petition) -> Reading | None:
    """The newest reading that carries a count (error readings never change the count)."""
    for reading in reversed(petition.readings):
        if reading.count is not None and not reading.error:
            return reading
    return None


def current_count(petition: Petition) -> int:
    reading = latest_good_reading(petition)
    return reading.count if reading is not None and reading.count is not None else 0


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
