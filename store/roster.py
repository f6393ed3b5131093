"""Roster rules: counts per status, and seats left on the delegation."""

from __future__ import annotations

from collections import Counter

from .models import ALL_MEMBER_STATUSES, Delegation, Member

# Statuses that hold a seat on the delegation.
SEAT_HOLDING = ("accepted", "confirmed", "paid")


def counts_by_status(members: list[Member]) -> dict[str, int]:
    counts = Counter(m.status for m in members)
    ordered = {status: counts.get(status, 0) for status in ALL_MEMBER_STATUSES}
    for status, count in counts.items():  # keep any status written by a newer version
        ordered.setdefault(status, count)
    return ordered


def seats_taken(members: list[Member]) -> int:
    return sum(1 for m in members if m.status in SEAT_HOLDING)


def seats_left(delegation: Delegation, members: list[Member]) -> int | None:
    """Seats still free, or None when the delegation has no capacity set."""
    if delegation.capacity is None:
        return None
    return delegation.capacity - seats_taken(members)


def seats_words(delegation: Delegation, members: list[Member]) -> str:
    left = seats_left(delegation, members)
    taken = seats_taken(members)
    if left is None:
        return f"{taken} seat{'s' if taken != 1 else ''} taken, no capacity set"
    if left < 0:
        return f"{taken} of {delegation.capacity} seats taken: over capacity by {-left}"
    return f"{left} of {delegation.capacity} seats left"
