"""`campaign-dash speaker ...`: the tour's speakers: list, add, change, remove (with their stops)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from store import tour
from store.changes import add_op, change, delete_op, update_op
from store.models import Campaign, Speaker
from store.i18n import N_, _, ngettext
from store.validation import ValidationError

from .cli_common import commit, common_options, confirm_removal, context, echo, echo_json, fail, fail_fields, speaker_named
from .cli_help import argument, group, option

FIELDS = ("name", "organization", "role", "region")


@group("speaker", help=N_("The tour's speakers: list, add, change, remove (a speaker's stops go with them)."))
def speaker_group() -> None:
    pass


def speaker_line(campaign: Campaign, speaker: Speaker) -> str:
    stops = len(tour.stops_of(campaign, speaker))
    details = "  ".join(part for part in (speaker.organization, speaker.role, speaker.region) if part)
    return f"{speaker.name}" + (f"  {details}" if details else "") + "  (" + stop_words(stops) + ")"


def stop_words(n: int) -> str:
    return ngettext("{n} stop", "{n} stops", n).format(n=n)


@speaker_group.command("list", help=N_("Each speaker: name, organization, role, region and how many stops they have."))
@common_options
@option("--json", "as_json", is_flag=True, help=N_("As a JSON list."))
@click.pass_context
def speaker_list(ctx: click.Context, db: Path | None, today: date | None, as_json: bool) -> None:
    _settings, _store, campaign = context(ctx, db, today)
    if as_json:
        echo_json([{**{f: getattr(s, f) for f in FIELDS}, "stops": len(tour.stops_of(campaign, s))} for s in campaign.speakers])
        return
    for speaker in campaign.speakers:
        echo(speaker_line(campaign, speaker))
    if not campaign.speakers:
        echo(_("no speakers yet (campaign-dash speaker add NAME)"), err=True)


@speaker_group.command("add", help=N_("Add a speaker called NAME (names are unique, ignoring case)."))
@common_options
@argument("name", metavar=N_("NAME"))
@option("--organization", default="", metavar=N_("TEXT"), help=N_("Their union or organization, e.g. STSEL."))
@option("--role", default="", metavar=N_("TEXT"), help=N_("e.g. Treasurer, Federation of Public Sector Workers."))
@option("--region", default="", metavar=N_("TEXT"), help=N_("Where they tour, e.g. East Coast."))
@click.pass_context
def speaker_add(ctx: click.Context, db: Path | None, today: date | None, name: str, organization: str, role: str, region: str) -> None:
    settings, store, campaign = context(ctx, db, today)
    try:
        speaker = tour.build_speaker(campaign, {"name": name, "organization": organization, "role": role, "region": region})
    except ValidationError as error:
        fail_fields(error)
    commit(store, settings, change(_("added the speaker {name}").format(name=speaker.name), [add_op(speaker)]))
    campaign.speakers.append(speaker)
    echo(_("added: {line}").format(line=speaker_line(campaign, speaker)))


@speaker_group.command("set", help=N_("Change the speaker called NAME (what is not given stays)."))
@common_options
@argument("speaker_name", metavar=N_("NAME"))
@option("--name", metavar=N_("TEXT"), help=N_("A new name."))
@option("--organization", metavar=N_("TEXT"), help=N_("Their union or organization."))
@option("--role", metavar=N_("TEXT"), help=N_("Their role or title."))
@option("--region", metavar=N_("TEXT"), help=N_("Where they tour."))
@click.pass_context
def speaker_set(ctx: click.Context, db: Path | None, today: date | None, speaker_name: str, **typed: str | None) -> None:
    if all(value is None for value in typed.values()):
        fail(_("nothing to set: give --name, --organization, --role or --region"))
    settings, store, campaign = context(ctx, db, today)
    speaker = speaker_named(campaign, speaker_name)
    fields = {f: getattr(speaker, f) if typed[f] is None else typed[f] for f in FIELDS}  # type: ignore[misc]
    try:
        updated = tour.build_speaker(campaign, fields, existing=speaker)
    except ValidationError as error:
        fail_fields(error)
    op = update_op(speaker, updated)
    if op is None:
        echo(_("nothing changed: the speaker already says that"), err=True)
    else:
        commit(store, settings, change(_("edited the speaker {name} ({fields})").format(name=updated.name, fields=", ".join(op.fields)), [op]))
    echo(speaker_line(campaign, updated))


@speaker_group.command("remove", help=N_("Remove the speaker called NAME and their stops, as one change (`undo` brings all back)."))
@common_options
@argument("name", metavar=N_("NAME"))
@option("--yes", is_flag=True, help=N_("Remove without asking (for scripts)."))
@click.pass_context
def speaker_remove(ctx: click.Context, db: Path | None, today: date | None, name: str, yes: bool) -> None:
    settings, store, campaign = context(ctx, db, today)
    speaker = speaker_named(campaign, name)
    stops = tour.stops_of(campaign, speaker)
    going = stop_words(len(stops))
    confirm_removal(_("the speaker {name} and their {stops}").format(name=speaker.name, stops=going), yes)
    ops = [delete_op(stop) for stop in stops] + [delete_op(speaker)]
    commit(store, settings, change(_("removed the speaker {name} and their {stops}").format(name=speaker.name, stops=going), ops, area="tour"))
    echo(_("removed {name} and their {stops} (campaign-dash undo brings them back)").format(name=speaker.name, stops=going))
