"""`campaign-dash tour ...`: list, add, export and import stops without the dashboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from store import tour
from store.changes import add_op, change, update_op
from store.clock import Clock

from .cli_common import commit, common_options, echo, echo_json, fail, fail_fields, load, open_store, settings_for, speaker_named, write_export


@click.group("tour")
def tour_group() -> None:
    """The speaker tour: list, add, export to and import from iCalendar."""


@tour_group.command("list")
@common_options
@click.option("--upcoming", is_flag=True, help="Only stops that are not over yet.")
@click.option("--speaker", metavar="NAME", help="Only this speaker's stops.")
@click.option("--json", "as_json", is_flag=True, help="As a JSON list (each stop with when it is, and its problems).")
@click.pass_context
def tour_list(ctx: click.Context, db: Path | None, today: date | None, upcoming: bool, speaker: str | None, as_json: bool) -> None:
    """Print the tour's stops in date order, with today's and the next ones marked."""
    from store.summary import stop_data, tour_list_lines

    settings = settings_for(ctx, db, today)
    campaign = load(open_store(settings))
    day = Clock(settings.today).today()
    stops = tour.stops_in_order(campaign)
    if speaker:
        wanted = speaker_named(campaign, speaker)
        stops = [s for s in stops if s.speaker_id == wanted.id]
    if upcoming:
        stops = [s for s in stops if s.end >= day]
    if as_json:
        next_ids = tour.next_stop_ids(campaign, day)
        problems = tour.problems(campaign)
        echo_json([
            {
                **stop_data(campaign, stop),
                "when": tour.when_words(stop, tour.shown_day(stop, day), day, next_ids),
                "problems": [p.text for p in problems if stop.id in p.stop_ids],
            }
            for stop in stops
        ])
        return
    echo("\n".join(tour_list_lines(campaign, day, stops)))


@tour_group.command("add")
@common_options
@click.option("--speaker", metavar="NAME", required=True)
@click.option("--city", required=True)
@click.option("--start", metavar="DATE", required=True, help="YYYY-MM-DD (or MM-DD in the current year).")
@click.option("--end", metavar="DATE", default="", help="Last day; default: the first day.")
@click.option("--venue", default="")
@click.option("--notes", default="")
@click.pass_context
def tour_add(ctx: click.Context, db: Path | None, today: date | None, **fields: str) -> None:
    """Add a stop (for scripts)."""
    from store.validation import ValidationError

    settings = settings_for(ctx, db, today)
    store = open_store(settings)
    campaign = load(store)
    try:
        stop = tour.build_stop(campaign, fields, Clock(settings.today).today().year)
    except ValidationError as error:
        fail_fields(error)
    commit(store, settings, change(f"added a stop in {stop.city} ({stop.start.isoformat()})", [add_op(stop)]))
    campaign.stops.append(stop)
    echo(f"added: {tour.stop_line(campaign, stop)}")
    for problem in tour.problems(campaign):
        if stop.id in problem.stop_ids:
            echo(f"warning: {problem.text}", err=True)


@tour_group.command("export")
@common_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--speaker", metavar="NAME", help="Only this speaker's stops.")
@click.pass_context
def tour_export(ctx: click.Context, db: Path | None, today: date | None, file: Path, speaker: str | None) -> None:
    """Write the stops to an iCalendar file (all-day events, stable UIDs)."""
    from store.ical import export_calendar

    settings = settings_for(ctx, db, today)
    campaign = load(open_store(settings))
    stops = tour.stops_in_order(campaign)
    if speaker:
        wanted = speaker_named(campaign, speaker)
        stops = [s for s in stops if s.speaker_id == wanted.id]
    write_export(file, export_calendar(campaign, stops))
    echo(f"wrote {len(stops)} stops to {file}")


@tour_group.command("import")
@common_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--speaker", metavar="NAME", required=True, help="Whose stops the file's events are.")
@click.option("--dry-run", is_flag=True, help="Say what would change, change nothing.")
@click.pass_context
def tour_import(ctx: click.Context, db: Path | None, today: date | None, file: Path, speaker: str, dry_run: bool) -> None:
    """Add stops from an .ics file (Google Calendar, khal...); a re-import updates, matching on UID."""
    from store.ical import CalendarError, read_calendar

    settings = settings_for(ctx, db, today)
    store = open_store(settings)
    campaign = load(store)
    who = speaker_named(campaign, speaker)
    try:
        data = file.read_bytes()
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror or error}")
    try:
        result = read_calendar(data, campaign, who)
    except CalendarError as error:
        fail(f"{file}: {error}")
    for stop in result.added:
        echo(f"add:    {tour.stop_line(campaign, stop)}")
    for stop in result.updated:
        echo(f"update: {tour.stop_line(campaign, stop)}")
    for label, note in result.notes:
        echo(f"note:   {label}: {note}")
    for label, reason in result.skipped:
        echo(f"skip:   {label}: {reason}")
    if not dry_run and result.stops:
        before = {s.id: s for s in campaign.stops}
        ops = [add_op(s) for s in result.added] + [update_op(before[s.id], s) for s in result.updated if s.id in before]
        commit(store, settings, change(f"imported {file.name} for {who.name}: {len(result.added)} added, {len(result.updated)} updated", ops, area="tour"))
    verb = "would add" if dry_run else "added"
    updated = "would update" if dry_run else "updated"
    echo(f"{verb} {len(result.added)}, {updated} {len(result.updated)}, unchanged {len(result.unchanged)}, skipped {len(result.skipped)}")
