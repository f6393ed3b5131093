"""The status of all four areas, for `campaign-dash status` (cron, ssh, scripts): as plain text,
as data (`status --json`), and what needs attention (`status --check`).

Needs attention (`attention`), each with a kind a script can match on:

- ``double-booked``: a speaker's stops overlap, on a day not yet past;
- ``gap``: more than tour.GAP_DAYS free days inside a speaker's tour, not yet past;
- ``behind-pace``: the petition gains fewer signatures a day than it needs to reach the goal by
  the deadline;
- ``deadline-passed``: the petition's deadline is past and the goal was not reached;
- ``source-failing``: the live count's newest fetch failed, and no good reading came since;
- ``over-capacity``: more people hold a seat than the delegation has;
- ``waitlist-with-seats``: seats are free while people wait on the waitlist;
- ``unsaved``: a dashboard holds changes it could not write (a full disk, a read-only file, a held
  lock) or that wait for the organizer to settle a conflict (store.unsaved's report).

What a new campaign has not set up yet (no petition goal, no speakers...) is said in words
(`setup`), but is not something to alert on: a campaign is set up once, not watched for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from . import letters, petition, roster, tour
from .dates import long_date, relative_day, span
from .models import Campaign, TourStop
from .text import printable
from .unsaved import UnsavedReport

STATUS_SCHEMA = 1  # `status --json`'s "schema": raised only when a key changes meaning or goes
ATTENTION_KINDS = (
    "double-booked",
    "gap",
    "behind-pace",
    "deadline-passed",
    "source-failing",
    "over-capacity",
    "waitlist-with-seats",
    "unsaved",
)


@dataclass(frozen=True)
class Attention:
    """Something an organizer should look at now, in words."""

    kind: str  # one of ATTENTION_KINDS
    area: str  # "tour", "petition", "roster" or "dashboard"
    text: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "area": self.area, "text": self.text}


# --- what needs attention -------------------------------------------------------------------


def attention(campaign: Campaign, today: date, unsaved: UnsavedReport | None = None) -> list[Attention]:
    found = tour_attention(campaign, today) + petition_attention(campaign, today) + roster_attention(campaign)
    if unsaved is not None:
        found.append(Attention("unsaved", "dashboard", printable(unsaved.sentence())))
    return found


def tour_attention(campaign: Campaign, today: date) -> list[Attention]:
    """Double-bookings and gaps that are not over yet (last year's tour is no alarm)."""
    ends = {s.id: s.end for s in campaign.stops}
    return [
        Attention(problem.kind, "tour", problem.text)
        for problem in tour.problems(campaign)
        if max((ends[i] for i in problem.stop_ids if i in ends), default=today) >= today
    ]


def petition_attention(campaign: Campaign, today: date) -> list[Attention]:
    p = campaign.petition
    found: list[Attention] = []
    if p.goal > 0 and petition.current_count(p) < p.goal:
        left = petition.days_left(p, today)
        rate, needed = petition.pace(p), petition.needed_pace(p, today)
        if left is not None and left < 0:
            found.append(
                Attention(
                    "deadline-passed",
                    "petition",
                    f"the petition's deadline passed {-left:,} day{'s' if left != -1 else ''} ago "
                    f"({long_date(p.deadline)}) with {petition.still_needed(p):,} signatures still needed",  # type: ignore[arg-type]
                )
            )
        elif rate is not None and needed is not None and rate < needed:
            found.append(
                Attention(
                    "behind-pace",
                    "petition",
                    f"the petition is behind: {rate:,.1f} signatures a day, {needed:,.1f} a day needed "
                    f"to reach {p.goal:,} by {long_date(p.deadline)}",  # type: ignore[arg-type]
                )
            )
    failing = failing_fetch(campaign)
    if failing is not None:
        found.append(
            Attention(
                "source-failing",
                "petition",
                f"the live count is failing: the last fetch ({failing.at:%Y-%m-%d %H:%M}) said: {printable(failing.error, keep_newlines=False)}",
            )
        )
    return found


def failing_fetch(campaign: Campaign):  # type: ignore[no-untyped-def]
    """The newest reading, when it is a failed fetch newer than the newest good reading and a
    live source is still set (removing the source ends the alarm)."""
    p = campaign.petition
    if p.source is None:
        return None
    errors = [r for r in p.readings if r.error]
    if not errors:
        return None
    latest_error = max(errors, key=lambda r: r.at)
    latest_good = petition.latest_good_reading(p)
    if latest_good is not None and latest_good.at >= latest_error.at:
        return None
    return latest_error


def roster_attention(campaign: Campaign) -> list[Attention]:
    d, members = campaign.delegation, campaign.members
    left = roster.seats_left(d, members)
    waiting = roster.waitlist(members)
    if left is not None and left < 0:
        return [Attention("over-capacity", "roster", f"the delegation is over capacity: {roster.seats_taken(members):,} seats taken of {d.capacity:,}")]
    if left and left > 0 and waiting:
        first = printable(waiting[0].name, keep_newlines=False)
        return [
            Attention(
                "waitlist-with-seats",
                "roster",
                f"{left:,} seat{'s' if left != 1 else ''} free and {len(waiting):,} on the waitlist (first: {first})",
            )
        ]
    return []


def setup_missing(campaign: Campaign) -> list[str]:
    """What a campaign has not set up yet, in words with the command that does it."""
    missing = []
    if not campaign.speakers:
        missing.append("no speakers yet (campaign-dash speaker add NAME)")
    elif not campaign.stops:
        missing.append("no tour stops yet (campaign-dash tour add --speaker NAME --city CITY --start DATE)")
    p = campaign.petition
    if not p.title.strip() and p.goal <= 0:
        missing.append("the petition has no title or goal yet (campaign-dash petition edit --title TEXT --goal N)")
    elif not p.title.strip():
        missing.append("the petition has no title yet (campaign-dash petition edit --title TEXT)")
    elif p.goal <= 0:
        missing.append("the petition has no goal yet (campaign-dash petition edit --goal N)")
    d = campaign.delegation
    if not d.name.strip():
        missing.append("the delegation has no name yet (campaign-dash delegation set --name TEXT)")
    if d.start is None:
        missing.append("the delegation has no dates yet (campaign-dash delegation set --start DATE --end DATE)")
    if not campaign.targets:
        missing.append("no targets for the letter yet (campaign-dash target add NAME --email ADDRESS)")
    return missing


# --- as text --------------------------------------------------------------------------------


def status_text(campaign: Campaign, today: date, unsaved: UnsavedReport | None = None) -> str:
    lines = [f"{campaign.info.name}, as of {long_date(today)}", ""]
    needs = attention(campaign, today, unsaved)
    if needs:
        lines += [f"NEEDS ATTENTION: {len(needs)}"] + [f"  ! {a.text}" for a in needs] + [""]
    lines += tour_lines(campaign, today) + [""]
    lines += petition_lines(campaign, today) + [""]
    lines += delegation_lines(campaign) + [""]
    lines += letter_lines(campaign)
    missing = setup_missing(campaign)
    if missing:
        lines += ["", "TO SET UP:"] + [f"  {words}" for words in missing]
    return "\n".join(lines) + "\n"


def tour_lines(campaign: Campaign, today: date) -> list[str]:
    if not campaign.speakers and not campaign.stops:
        return ["TOUR: no speakers or stops yet"]
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
    lines = [f"PETITION: {p.title or '(no title yet)'}"]
    if p.url:
        lines.append(f"  {p.url}")
    if p.goal <= 0:
        lines.append(f"  {count:,} signatures; no goal yet")
    else:
        lines.append(
            f"  {count:,} of {p.goal:,} signatures ({petition.progress(p):.0%}), "
            f"{petition.still_needed(p):,} still needed"
        )
    if p.deadline:
        lines.append(f"  deadline {long_date(p.deadline)}: {petition.deadline_words(p, today)}")
    if p.goal > 0:
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
        f"DELEGATION: {d.name or '(no name yet)'}{dates}",
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
        when = tour.when_words(stop, tour.shown_day(stop, today), today, next_ids)
        dates = span(stop.start, stop.end, with_year=True)
        lines.append(f"{dates:<22} {names.get(stop.speaker_id, '(unknown speaker)'):<{width}}  {stop.city:<20} {when}")
    if not stops:
        lines.append("no stops")
    for problem in tour.problems(campaign):
        if any(stop.id in problem.stop_ids for stop in stops):
            lines.append(f"warning: {problem.text}")
    return lines


# --- as data (`--json`) -----------------------------------------------------------------------


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def stop_data(campaign: Campaign, stop: TourStop) -> dict[str, Any]:
    speaker = campaign.speaker(stop.speaker_id)
    return {
        "id": stop.id,
        "speaker": speaker.name if speaker else None,
        "city": stop.city,
        "start": stop.start.isoformat(),
        "end": stop.end.isoformat(),
        "venue": stop.venue,
        "notes": stop.notes,
    }


def tour_data(campaign: Campaign, today: date) -> dict[str, Any]:
    return {
        "speakers": [
            {
                "name": day.speaker.name,
                "organization": day.speaker.organization,
                "today": stop_data(campaign, day.current) if day.current else None,
                "next": stop_data(campaign, day.next) if day.next else None,
            }
            for day in tour.speaker_days(campaign, today)
        ],
        "stops": len(campaign.stops),
        "problems": [{"kind": p.kind, "text": p.text, "stops": list(p.stop_ids)} for p in tour.problems(campaign)],
    }


def petition_data(campaign: Campaign, today: date) -> dict[str, Any]:
    p = campaign.petition
    latest = petition.latest_good_reading(p)
    error = petition.latest_error(p)
    projected = petition.projected_date(p) if p.goal > 0 else None
    return {
        "title": p.title,
        "url": p.url,
        "goal": p.goal,
        "deadline": _day(p.deadline),
        "count": petition.current_count(p),
        "still_needed": petition.still_needed(p),
        "days_left": petition.days_left(p, today),
        "pace_per_day": petition.pace(p),
        "needed_per_day": petition.needed_pace(p, today) if p.goal > 0 else None,
        "projected_date": _day(projected),
        "projection": petition.projection_words(p, today) if p.goal > 0 else "no goal yet",
        "milestones": [{"count": m.count, "label": m.label, "reached": petition.milestone_reached(m, p)} for m in p.milestones],
        "last_count_at": latest.at.isoformat(timespec="seconds") if latest else None,
        "source": None if p.source is None else {"kind": p.source.kind, "url": p.source.url, "path": p.source.path},
        "last_error": None if error is None else {"at": error.at.isoformat(timespec="seconds"), "error": error.error},
    }


def delegation_data(campaign: Campaign) -> dict[str, Any]:
    d, members = campaign.delegation, campaign.members
    return {
        "name": d.name,
        "start": _day(d.start),
        "end": _day(d.end),
        "destination": d.destination,
        "capacity": d.capacity,
        "people": len(members),
        "by_status": {status: n for status, n in roster.counts_by_status(members).items() if n},
        "seats_taken": roster.seats_taken(members),
        "seats_left": roster.seats_left(d, members),
        "waitlist": [
            {"position": i, "name": m.name, "email": m.email, "since": m.waitlisted}
            for i, m in enumerate(roster.waitlist(members), start=1)
        ],
    }


def letters_data(campaign: Campaign) -> dict[str, Any]:
    to, cc = letters.recipients(campaign.targets)
    return {
        "templates": [
            {"name": t.name, "languages": t.languages, "fields": len(letters.fillable(t)), "filled": letters.filled_fields(t)}
            for t in campaign.letters
        ],
        "targets": len(campaign.targets),
        "to": to,
        "cc": cc,
    }


def status_data(campaign: Campaign, today: date, unsaved: UnsavedReport | None = None) -> dict[str, Any]:
    """`status --json`: one object whose keys keep their meaning (see STATUS_SCHEMA and the README)."""
    return {
        "schema": STATUS_SCHEMA,
        "campaign": campaign.info.name,
        "today": today.isoformat(),
        "attention": [a.to_json() for a in attention(campaign, today, unsaved)],
        "setup": setup_missing(campaign),
        "tour": tour_data(campaign, today),
        "petition": petition_data(campaign, today),
        "delegation": delegation_data(campaign),
        "letters": letters_data(campaign),
    }
