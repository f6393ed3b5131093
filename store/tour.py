"""Tour rules: stops in date order, and where each speaker is today and next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .models import Campaign, Speaker, TourStop


@dataclass(frozen=True)
class SpeakerDay:
    """Where one speaker is on a given day, and where they go next."""

    speaker: Speaker
    current: TourStop | None
    next: TourStop | None


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
    result = []
    for speaker in campaign.speakers:
        stops = [s for s in stops_in_order(campaign) if s.speaker_id == speaker.id]
        current = next((s for s in stops if s.start <= today <= s.end), None)
        upcoming = next((s for s in stops if s.start > today), None)
        result.append(SpeakerDay(speaker, current, upcoming))
    return result


def next_stop_ids(campaign: Campaign, today: date) -> set[str]:
    """Ids of the next stop of each speaker (the one after today's)."""
    return {day.next.id for day in speaker_days(campaign, today) if day.next is not None}
