"""`campaign-dash tour ...`: list, add, export and import stops without the dashboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from store import tour
from store.changes import add_op, change, update_op
from store.clock import Clock
from store.i18n import N_, _

from .cli_common import commit, common_options, echo, echo_json, fail, fail_fields, load, open_store, settings_for, speaker_named, write_export
from .cli_help import argument, group, option


@group("tour", help=N_("The speaker tour: list, add, export to and import from iCalendar."))
def tour_group() -> None:
    pass


@tour_group.command("list", help=N_("Print the tour's stops in date order, with today's and the next ones marked."))
@common_options
@option("--upcoming", is_flag=True, help=N_("Only stops that are not over yet."))
@option("--speaker", metavar=N_("NAME"), help=N_("Only this speaker's stops."))
@option("--json", "as_json", is_flag=True, help=N_("As a JSON list (each stop with when it is, and its problems)."))
@click.pass_context
def tour_list(ctx: click.Context, db: Path | None, today: date | None, upcoming: bool, speaker: str | None, as_json: bool) -> None:
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


@tour_group.command("add", help=N_("Add a stop (for scripts)."))
@common_options
@option("--speaker", metavar=N_("NAME"), required=True, help=N_("Whose stop it is."))
@option("--city", metavar=N_("TEXT"), required=True, help=N_("The city."))
@option("--start", metavar=N_("DATE"), required=True, help=N_("YYYY-MM-DD (or MM-DD in the current year)."))
@option("--end", metavar=N_("DATE"), default="", help=N_("Last day; default: the first day."))
@option("--venue", metavar=N_("TEXT"), default="", help=N_("Where: a union hall, a church, a campus."))
@option("--notes", metavar=N_("TEXT"), default="", help=N_("Anything else about the stop."))
@click.pass_context
def tour_add(ctx: click.Context, db: Path | None, today: date | None, **fields: str) -> None:
    from store.validation import ValidationError

    settings = settings_for(ctx, db, today)
    store = open_store(settings)
    campaign = load(store)
    try:
        stop = tour.build_stop(campaign, fields, Clock(settings.today).today().year)
    except ValidationError as error:
        fail_fields(error)
    commit(store, settings, change(_("added a stop in {city} ({day})").format(city=stop.city, day=stop.start.isoformat()), [add_op(stop)]))
    campaign.stops.append(stop)
    echo(_("added: {line}").format(line=tour.stop_line(campaign, stop)))
    for problem in tour.problems(campaign):
        if stop.id in problem.stop_ids:
            echo(_("warning: {problem}").format(problem=problem.text), err=True)


@tour_group.command("export", help=N_("Write the stops to an iCalendar file (all-day events, stable UIDs)."))
@common_options
@argument("file", type=click.Path(dir_okay=False, path_type=Path))
@option("--speaker", metavar=N_("NAME"), help=N_("Only this speaker's stops."))
@click.pass_context
def tour_export(ctx: click.Context, db: Path | None, today: date | None, file: Path, speaker: str | None) -> None:
    from store.ical import export_calendar

    settings = settings_for(ctx, db, today)
    campaign = load(open_store(settings))
    stops = tour.stops_in_order(campaign)
    if speaker:
        wanted = speaker_named(campaign, speaker)
        stops = [s for s in stops if s.speaker_id == wanted.id]
    write_export(file, export_calendar(campaign, stops))
    echo(_("wrote {n} stops to {file}").format(n=len(stops), file=file))


@tour_group.command("import", help=N_("Add stops from an .ics file (Google Calendar, khal...); a re-import updates, matching on UID."))
@common_options
@argument("file", type=click.Path(dir_okay=False, path_type=Path))
@option("--speaker", metavar=N_("NAME"), required=True, help=N_("Whose stops the file's events are."))
@option("--dry-run", is_flag=True, help=N_("Say what would change, change nothing."))
@click.pass_context
def tour_import(ctx: click.Context, db: Path | None, today: date | None, file: Path, speaker: str, dry_run: bool) -> None:
    from store.ical import CalendarError, read_calendar

    settings = settings_for(ctx, db, today)
    store = open_store(settings)
    campaign = load(store)
    who = speaker_named(campaign, speaker)
    try:
        data = file.read_bytes()
    except OSError as error:
        fail(_("cannot read {file}: {error}").format(file=file, error=error.strerror or error))
    try:
        result = read_calendar(data, campaign, who)
    except CalendarError as error:
        fail(f"{file}: {error}")
    for stop in result.added:
        echo(_("add:    {line}").format(line=tour.stop_line(campaign, stop)))
    for stop in result.updated:
        echo(_("update: {line}").format(line=tour.stop_line(campaign, stop)))
    for label, note in result.notes:
        echo(_("note:   {label}: {note}").format(label=label, note=note))
    for label, reason in result.skipped:
        echo(_("skip:   {label}: {reason}").format(label=label, reason=reason))
    if not dry_run and result.stops:
        before = {s.id: s for s in campaign.stops}
        ops = [add_op(s) for s in result.added] + [update_op(before[s.id], s) for s in result.updated if s.id in before]
        summary = _("imported {file} for {name}: {added} added, {updated} updated").format(
            file=file.name, name=who.name, added=len(result.added), updated=len(result.updated)
        )
        commit(store, settings, change(summary, ops, area="tour"))
    counts = {"added": len(result.added), "updated": len(result.updated), "unchanged": len(result.unchanged), "skipped": len(result.skipped)}
    if dry_run:
        echo(_("would add {added}, would update {updated}, unchanged {unchanged}, skipped {skipped}").format(**counts))
    else:
        echo(_("added {added}, updated {updated}, unchanged {unchanged}, skipped {skipped}").format(**counts))
