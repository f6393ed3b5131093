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
from typing import TYPE_CHECKING, Any

from . import letters, petition, roster, tour
from .dates import long_date, relative_day, span
from .i18n import _, ngettext, number
from .models import Campaign, TourStop
from .text import printable
from .unsaved import UnsavedReport

if TYPE_CHECKING:
    from .offline import WaitingReport

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


def attention(campaign: Campaign, today: date, unsaved: UnsavedReport | WaitingReport | None = None) -> list[Attention]:
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
                    ngettext(
                        "the petition's deadline passed {n} day ago ({date}) with {needed} signatures still needed",
                        "the petition's deadline passed {n} days ago ({date}) with {needed} signatures still needed",
                        -left,
                    ).format(n=number(-left), date=long_date(p.deadline), needed=number(petition.still_needed(p))),  # type: ignore[arg-type]
                )
            )
        elif rate is not None and needed is not None and rate < needed:
            found.append(
                Attention(
                    "behind-pace",
                    "petition",
                    _("the petition is behind: {rate} signatures a day, {needed} a day needed to reach {goal} by {date}").format(
                        rate=number(rate, 1), needed=number(needed, 1), goal=number(p.goal), date=long_date(p.deadline)  # type: ignore[arg-type]
                    ),
                )
            )
    failing = failing_fetch(campaign)
    if failing is not None:
        found.append(
            Attention(
                "source-failing",
                "petition",
                _("the live count is failing: the last fetch ({at}) said: {error}").format(
                    at=f"{failing.at:%Y-%m-%d %H:%M}", error=printable(failing.error, keep_newlines=False)
                ),
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
        words = _("the delegation is over capacity: {taken} seats taken of {capacity}").format(
            taken=number(roster.seats_taken(members)), capacity=number(d.capacity or 0)
        )
        return [Attention("over-capacity", "roster", words)]
    if left and left > 0 and waiting:
        first = printable(waiting[0].name, keep_newlines=False)
        return [
            Attention(
                "waitlist-with-seats",
                "roster",
                ngettext(
                    "{n} seat free and {waiting} on the waitlist (first: {first})",
                    "{n} seats free and {waiting} on the waitlist (first: {first})",
                    left,
                ).format(n=number(left), waiting=number(len(waiting)), first=first),
            )
        ]
    return []


def setup_missing(campaign: Campaign) -> list[str]:
    """What a campaign has not set up yet, in words with the command that does it."""
    missing = []
    if not campaign.speakers:
        missing.append(_("no speakers yet (campaign-dash speaker add NAME)"))
    elif not campaign.stops:
        missing.append(_("no tour stops yet (campaign-dash tour add --speaker NAME --city CITY --start DATE)"))
    p = campaign.petition
    if not p.title.strip() and p.goal <= 0:
        missing.append(_("the petition has no title or goal yet (campaign-dash petition edit --title TEXT --goal N)"))
    elif not p.title.strip():
        missing.append(_("the petition has no title yet (campaign-dash petition edit --title TEXT)"))
    elif p.goal <= 0:
        missing.append(_("the petition has no goal yet (campaign-dash petition edit --goal N)"))
    d = campaign.delegation
    if not d.name.strip():
        missing.append(_("the delegation has no name yet (campaign-dash delegation set --name TEXT)"))
    if d.start is None:
        missing.append(_("the delegation has no dates yet (campaign-dash delegation set --start DATE --end DATE)"))
    if not campaign.targets:
        missing.append(_("no targets for the letter yet (campaign-dash target add NAME --email ADDRESS)"))
    return missing


# --- as text --------------------------------------------------------------------------------


def status_text(campaign: Campaign, today: date, unsaved: UnsavedReport | WaitingReport | None = None) -> str:
    lines = [_("{name}, as of {date}").format(name=campaign.info.name, date=long_date(today)), ""]
    needs = attention(campaign, today, unsaved)
    if needs:
        lines += [_("NEEDS ATTENTION: {n}").format(n=len(needs))] + [f"  ! {a.text}" for a in needs] + [""]
    lines += tour_lines(campaign, today) + [""]
    lines += petition_lines(campaign, today) + [""]
    lines += delegation_lines(campaign) + [""]
    lines += letter_lines(campaign)
    missing = setup_missing(campaign)
    if missing:
        lines += ["", _("TO SET UP:")] + [f"  {words}" for words in missing]
    return "\n".join(lines) + "\n"


def tour_lines(campaign: Campaign, today: date) -> list[str]:
    if not campaign.speakers and not campaign.stops:
        return [_("TOUR: no speakers or stops yet")]
    speakers = ngettext("{n} speaker", "{n} speakers", len(campaign.speakers)).format(n=number(len(campaign.speakers)))
    stops = ngettext("{n} stop", "{n} stops", len(campaign.stops)).format(n=number(len(campaign.stops)))
    lines = [_("TOUR: {speakers}, {stops}").format(speakers=speakers, stops=stops)]
    for day in tour.speaker_days(campaign, today):
        who = day.speaker.name
        if day.speaker.organization:
            who += f" ({day.speaker.organization})"
        now = (
            _("today in {city} ({dates})").format(city=day.current.city, dates=span(day.current.start, day.current.end))
            if day.current
            else _("no stop today")
        )
        then = (
            _("next {city} {dates} ({when})").format(
                city=day.next.city, dates=span(day.next.start, day.next.end), when=relative_day(day.next.start, today)
            )
            if day.next
            else _("no further stops")
        )
        lines.append(f"  {who}: {now}; {then}")
    return lines


def petition_lines(campaign: Campaign, today: date) -> list[str]:
    p = campaign.petition
    count = petition.current_count(p)
    lines = [_("PETITION: {title}").format(title=p.title or _("(no title yet)"))]
    if p.url:
        lines.append(f"  {p.url}")
    if p.goal <= 0:
        lines.append("  " + ngettext("{n} signature; no goal yet", "{n} signatures; no goal yet", count).format(n=number(count)))
    else:
        lines.append("  " + _("{count} of {goal} signatures ({percent}), {needed} still needed").format(
            count=number(count), goal=number(p.goal), percent=f"{petition.progress(p):.0%}", needed=number(petition.still_needed(p))
        ))
    if p.deadline:
        lines.append("  " + _("deadline {date}: {words}").format(date=long_date(p.deadline), words=petition.deadline_words(p, today)))
    if p.goal > 0:
        rate, needed = petition.pace(p), petition.needed_pace(p, today)
        pace_words = _("pace unknown") if rate is None else _("pace {rate} a day").format(rate=number(rate, 1))
        needed_words = "" if needed is None else ", " + _("needed {rate} a day").format(rate=number(needed, 1))
        lines.append(f"  {pace_words}{needed_words}; {petition.projection_words(p, today)}")
    for milestone in p.milestones:
        mark = _("reached") if petition.milestone_reached(milestone, p) else _("not yet")
        lines.append(f"  {number(milestone.count)}: {milestone.label} [{mark}]")
    latest = petition.latest_good_reading(p)
    if latest is not None:
        lines.append("  " + _("last count {at} ({source})").format(at=f"{latest.at:%Y-%m-%d %H:%M}", source=petition.source_word(latest.source)))
    if p.source is not None:
        lines.append("  " + _("live source: {kind} {url}").format(kind=p.source.kind, url=p.source.url))
    error = petition.latest_error(p)
    if error is not None:
        lines.append("  " + _("last fetch failed {at}: {error}").format(at=f"{error.at:%Y-%m-%d %H:%M}", error=error.error))
    return lines


def delegation_lines(campaign: Campaign) -> list[str]:
    d = campaign.delegation
    dates = f", {span(d.start, d.end, with_year=True)}" if d.start and d.end else ""
    counts = roster.counts_by_status(campaign.members)
    shown = ", ".join(roster.status_count(status, n) for status, n in counts.items() if n) or _("nobody yet")
    return [
        _("DELEGATION: {name}").format(name=d.name or _("(no name yet)")) + dates,
        "  " + _("roster: {n} ({statuses}); {seats}").format(
            n=number(len(campaign.members)), statuses=shown, seats=roster.seats_words(d, campaign.members)
        ),
    ]


def letter_lines(campaign: Campaign) -> list[str]:
    lines = [_("LETTERS: {templates} template(s), {targets} targets").format(templates=len(campaign.letters), targets=len(campaign.targets))]
    for template in campaign.letters:
        filled = _("{filled} of {fields} fields filled").format(filled=letters.filled_fields(template), fields=len(letters.fillable(template)))
        lines.append(f"  {template.name} ({', '.join(template.languages)}): {filled}")
    to, cc = letters.recipients(campaign.targets)
    lines.append("  " + _("recipients: {to} to, {cc} cc").format(to=len(to), cc=len(cc)))
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
        lines.append(f"{dates:<22} {names.get(stop.speaker_id, _('(unknown speaker)')):<{width}}  {stop.city:<20} {when}")
    if not stops:
        lines.append(_('no stops'))
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
        "projection": petition.projection_words(p, today) if p.goal > 0 else _('no goal yet'),
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


def status_data(campaign: Campaign, today: date, unsaved: UnsavedReport | WaitingReport | None = None) -> dict[str, Any]:
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
