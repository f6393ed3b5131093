"""`campaign-dash delegation show|set`: the delegation's name, dates, capacity and destination,
with its seats and waitlist."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from store import roster
from store.changes import change, update_op
from store.dates import span
from store.details import build_delegation
from store.summary import delegation_data
from store.models import Campaign
from store.i18n import N_, _
from store.validation import ValidationError

from .cli_common import commit, common_options, context, echo, echo_json, fail, fail_fields, labelled
from .cli_help import group, option


@group("delegation", help=N_("The delegation: its name, dates, capacity and destination; seats and the waitlist."))
def delegation_group() -> None:
    pass


def delegation_lines(campaign: Campaign) -> list[str]:
    d = campaign.delegation
    lines = labelled([
        (_("name:"), d.name or _("(none yet)")),
        (_("dates:"), span(d.start, d.end, with_year=True) if d.start and d.end else _("(not set)")),
        (_("destination:"), d.destination or _("(not set)")),
        (_("capacity:"), d.capacity if d.capacity is not None else _("no capacity set")),
        (_("seats:"), roster.seats_words(d, campaign.members)),
    ])
    for i, m in enumerate(roster.waitlist(campaign.members), start=1):
        since = _(" since {when}").format(when=m.waitlisted[:16].replace("T", " ")) if m.waitlisted else ""
        lines.append(_("  waitlist {n}. {name}").format(n=i, name=m.name) + (f" <{m.email}>" if m.email else "") + since)
    return lines


@delegation_group.command("show", help=N_("Print the delegation: name, dates, destination, capacity, seats left and the waitlist in order."))
@common_options
@option("--json", "as_json", is_flag=True, help=N_("As one JSON object."))
@click.pass_context
def delegation_show(ctx: click.Context, db: Path | None, today: date | None, as_json: bool) -> None:
    _settings, _store, campaign = context(ctx, db, today)
    if as_json:
        echo_json(delegation_data(campaign))
    else:
        echo("\n".join(delegation_lines(campaign)))


@delegation_group.command("set", help=N_("Change the delegation's name, dates, capacity or destination (what is not given stays)."))
@common_options
@option("--name", metavar=N_("TEXT"), help=N_("The delegation's name."))
@option("--start", metavar=N_("DATE"), help=N_("First day, YYYY-MM-DD (or MM-DD in the current year); --start '' --end '' clears the dates."))
@option("--end", metavar=N_("DATE"), help=N_("Last day."))
@option("--capacity", metavar=N_("N|none"), help=N_("Seats on the delegation; 'none' for no limit."))
@option("--destination", metavar=N_("TEXT"), help=N_("Where it goes."))
@click.pass_context
def delegation_set(ctx: click.Context, db: Path | None, today: date | None, **typed: str | None) -> None:
    fields = {key: value for key, value in typed.items() if value is not None}
    if not fields:
        fail(_("nothing to set: give --name, --start, --end, --capacity or --destination"))
    settings, store, campaign = context(ctx, db, today)
    try:
        updated = build_delegation(campaign.delegation, fields, settings.clock.today().year)
    except ValidationError as error:
        fail_fields(error)
    op = update_op(campaign.delegation, updated)
    if op is None:
        echo(_("nothing changed: the delegation already says that"), err=True)
    else:
        commit(store, settings, change(_("edited the delegation ({fields})").format(fields=", ".join(op.fields)), [op], area="roster"))
        campaign.delegation = updated
    taken = roster.seats_taken(campaign.members)
    if updated.capacity is not None and taken > updated.capacity:
        echo(
            _("campaign-dash: warning: {taken} people already hold a seat, more than the {capacity} there are").format(
                taken=taken, capacity=updated.capacity
            ),
            err=True,
        )
    echo("\n".join(delegation_lines(campaign)))
