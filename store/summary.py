"""The plain-text status of all four areas, for `campaign-dash status` (cron, ssh, scripts)."""

from __future__ import annotations

from datetime import date

from . import letters, petition, roster, tour
from .dates import long_date, relative_day, span
from .models import Campaign


def status_text(campaign: Campaign, today: date) -> str:
    lines = [f"{campaign.info.name}, as of {long_date(today)}", ""]
    lines += tour_lines(campaign, today) + [""]
    lines += petition_lines(campaign, today) + [""]
    lines += delegation_lines(campaign) + [""]
    lines += letter_lines(campaign)
    return "\n".join(lines) + "\n"


def tour_lines(campaign: Campaign, today: date) -> list[str]:
    lines = [f"TOUR: {len(campaign.speakers)} speakers, {len(campaign.stops)} stops"]
    for day in tour.speaker_days(campaign, today):
        who = day.speaker.name
        if day.speaker.organization:
            who += f" ({day.speaker.organization})"
        now = (
            f"today in {day.current.city} ({span(day.current.start, day.current.end)})"
            if day.current
            else "no stop today"
        )
        then = (
            f"next {day.next.city} {span(day.next.start, day.next.end)} "
            f"({relative_day(day.next.start, today)})"
            if day.next
            else "no further stops"
        )
        lines.append(f"  {who}: {now}; {then}")
    return lines


def petition_lines(campaign: Campaign, today: date) -> list[str]:
    p = campaign.petition
    count = petition.current_count(p)
    lines = [
        f"PETITION: {p.title}",
        f"  {count:,} of {p.goal:,} signatures ({petition.progress(p):.0%}), "
        f"{petition.still_needed(p):,} still needed",
    ]
    if p.deadline:
        lines.append(f"  deadline {long_date(p.deadline)}: {petition.deadline_words(p, today)}")
    rate, needed = petition.pace(p), petition.needed_pace(p, today)
    pace_words = "unknown" if rate is None else f"{rate:,.1f} a day"
    lines.append(
        f"  pace {pace_words}" + ("" if needed is None else f", needed {needed:,.1f} a day")
        + f"; {petition.projection_words(p, today)}"
    )
    for milestone in p.milestones:
        mark = "reached" if petition.milestone_reached(milestone, p) else "not yet"
        lines.append(f"  {milestone.count:,}: {milestone.label} [{mark}]")
    latest = petition.latest_good_reading(p)
    if latest is not None:
        lines.append(f"  last count {latest.at:%Y-%m-%d %H:%M} ({latest.source})")
    if p.source is not None:
        lines.append(f"  live source: {p.source.kind} {p.source.url}")
    error = petition.latest_error(p)
    if error is not None:
        lines.append(f"  last fetch failed {error.at:%Y-%m-%d %H:%M}: {error.error}")
    return lines


def delegation_lines(campaign: Campaign) -> list[str]:
    d = campaign.delegation
    dates = f", {span(d.start, d.end, with_year=True)}" if d.start and d.end else ""
    counts = roster.counts_by_status(campaign.members)
    shown = ", ".join(f"{n} {status}" for status, n in counts.items() if n) or "nobody yet"
    return [
        f"DELEGATION: {d.name}{dates}",
        f"  roster: {len(campaign.members)} ({shown}); {roster.seats_words(d, campaign.members)}",
    ]


def letter_lines(campaign: Campaign) -> list[str]:
    lines = [f"LETTERS: {len(campaign.letters)} template(s), {len(campaign.targets)} targets"]
    for template in campaign.letters:
        lines.append(
            f"  {template.name} ({', '.join(template.languages)}): "
            f"{letters.filled_fields(template)} of {len(letters.fillable(template))} fields filled"
        )
    to, cc = letters.recipients(campaign.targets)
    lines.append(f"  recipients: {len(to)} to, {len(cc)} cc")
    return lines


def tour_list_lines(campaign: Campaign, today: date, stops: list) -> list[str]:  # type: ignore[type-arg]
    """One line per stop, in date order, with when it is; then any problems in words."""
    next_ids = tour.next_stop_ids(campaign, today)
    names = {s.id: s.name for s in campaign.speakers}
    width = max((len(n) for n in names.values()), default=10)
    lines = []
    for stop in stops:
        when = tour.when_words(stop, stop.start, today, next_ids)
        dates = span(stop.start, stop.end, with_year=True)
        lines.append(f"{dates:<22} {names.get(stop.speaker_id, '(unknown speaker)'):<{width}}  {stop.city:<20} {when}")
    if not stops:
        lines.append("no stops")
    for problem in tour.problems(campaign):
        if any(stop.id in problem.stop_ids for stop in stops):
            lines.append(f"warning: {problem.text}")
    return lines
