"""`campaign-dash speaker ...`: the tour's speakers: list, add, change, remove (with their stops)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from store import tour
from store.changes import add_op, change, delete_op, update_op
from store.models import Campaign, Speaker
from store.validation import ValidationError

from .cli_common import commit, common_options, confirm_removal, context, echo, echo_json, fail, fail_fields, speaker_named

FIELDS = ("name", "organization", "role", "region")


@click.group("speaker")
def speaker_group() -> None:
    """The tour's speakers: list, add, change, remove (a speaker's stops go with them)."""


def speaker_line(campaign: Campaign, speaker: Speaker) -> str:
    stops = len(tour.stops_of(campaign, speaker))
    details = "  ".join(part for part in (speaker.organization, speaker.role, speaker.region) if part)
    return f"{speaker.name}" + (f"  {details}" if details else "") + f"  ({stops} stop{'s' if stops != 1 else ''})"


@speaker_group.command("list")
@common_options
@click.option("--json", "as_json", is_flag=True, help="As a JSON list.")
@click.pass_context
def speaker_list(ctx: click.Context, db: Path | None, today: date | None, as_json: bool) -> None:
    """Each speaker: name, organization, role, region and how many stops they have."""
    _settings, _store, campaign = context(ctx, db, today)
    if as_json:
        echo_json([{**{f: getattr(s, f) for f in FIELDS}, "stops": len(tour.stops_of(campaign, s))} for s in campaign.speakers])
        return
    for speaker in campaign.speakers:
        echo(speaker_line(campaign, speaker))
    if not campaign.speakers:
        echo("no speakers yet (campaign-dash speaker add NAME)", err=True)


@speaker_group.command("add")
@common_options
@click.argument("name")
@click.option("--organization", default="", metavar="TEXT", help="Their union or organization, e.g. STSEL.")
@click.option("--role", default="", metavar="TEXT", help="e.g. Treasurer, Federation of Public Sector Workers.")
@click.option("--region", default="", metavar="TEXT", help="Where they tour, e.g. East Coast.")
@click.pass_context
def speaker_add(ctx: click.Context, db: Path | None, today: date | None, name: str, organization: str, role: str, region: str) -> None:
    """Add a speaker called NAME (names are unique, ignoring case)."""
    settings, store, campaign = context(ctx, db, today)
    try:
        speaker = tour.build_speaker(campaign, {"name": name, "organization": organization, "role": role, "region": region})
    except ValidationError as error:
        fail_fields(error)
    commit(store, settings, change(f"added the speaker {speaker.name}", [add_op(speaker)]))
    campaign.speakers.append(speaker)
    echo(f"added: {speaker_line(campaign, speaker)}")


@speaker_group.command("set")
@common_options
@click.argument("speaker_name", metavar="NAME")
@click.option("--name", metavar="TEXT", help="A new name.")
@click.option("--organization", metavar="TEXT")
@click.option("--role", metavar="TEXT")
@click.option("--region", metavar="TEXT")
@click.pass_context
def speaker_set(ctx: click.Context, db: Path | None, today: date | None, speaker_name: str, **typed: str | None) -> None:
    """Change the speaker called NAME (what is not given stays)."""
    if all(value is None for value in typed.values()):
        fail("nothing to set: give --name, --organization, --role or --region")
    settings, store, campaign = context(ctx, db, today)
    speaker = speaker_named(campaign, speaker_name)
    fields = {f: getattr(speaker, f) if typed[f] is None else typed[f] for f in FIELDS}  # type: ignore[misc]
    try:
        updated = tour.build_speaker(campaign, fields, existing=speaker)
    except ValidationError as error:
        fail_fields(error)
    op = update_op(speaker, updated)
    if op is None:
        echo("nothing changed: the speaker already says that", err=True)
    else:
        commit(store, settings, change(f"edited the speaker {updated.name} ({', '.join(op.fields)})", [op]))
    echo(speaker_line(campaign, updated))


@speaker_group.command("remove")
@common_options
@click.argument("name")
@click.option("--yes", is_flag=True, help="Remove without asking (for scripts).")
@click.pass_context
def speaker_remove(ctx: click.Context, db: Path | None, today: date | None, name: str, yes: bool) -> None:
    """Remove the speaker called NAME and their stops, as one change (`undo` brings all back)."""
    settings, store, campaign = context(ctx, db, today)
    speaker = speaker_named(campaign, name)
    stops = tour.stops_of(campaign, speaker)
    going = f"{len(stops)} stop{'s' if len(stops) != 1 else ''}"
    confirm_removal(f"the speaker {speaker.name} and their {going}", yes)
    ops = [delete_op(stop) for stop in stops] + [delete_op(speaker)]
    commit(store, settings, change(f"removed the speaker {speaker.name} and their {going}", ops, area="tour"))
    echo(f"removed {speaker.name} and their {going} (campaign-dash undo brings them back)")
