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
from store.validation import ValidationError

from .cli_common import commit, common_options, context, echo, echo_json, fail, fail_fields


@click.group("delegation")
def delegation_group() -> None:
    """The delegation: its name, dates, capacity and destination; seats and the waitlist."""


def delegation_lines(campaign: Campaign) -> list[str]:
    d = campaign.delegation
    lines = [
        f"name:        {d.name or '(none yet)'}",
        f"dates:       {span(d.start, d.end, with_year=True) if d.start and d.end else '(not set)'}",
        f"destination: {d.destination or '(not set)'}",
        f"capacity:    {d.capacity if d.capacity is not None else 'no capacity set'}",
        f"seats:       {roster.seats_words(d, campaign.members)}",
    ]
    for i, m in enumerate(roster.waitlist(campaign.members), start=1):
        lines.append(f"  waitlist {i}. {m.name}" + (f" <{m.email}>" if m.email else "") + (f" since {m.waitlisted[:16].replace('T', ' ')}" if m.waitlisted else ""))
    return lines


@delegation_group.command("show")
@common_options
@click.option("--json", "as_json", is_flag=True, help="As one JSON object.")
@click.pass_context
def delegation_show(ctx: click.Context, db: Path | None, today: date | None, as_json: bool) -> None:
    """Print the delegation: name, dates, destination, capacity, seats left and the waitlist in order."""
    _settings, _store, campaign = context(ctx, db, today)
    if as_json:
        echo_json(delegation_data(campaign))
    else:
        echo("\n".join(delegation_lines(campaign)))


@delegation_group.command("set")
@common_options
@click.option("--name", metavar="TEXT")
@click.option("--start", metavar="DATE", help="First day, YYYY-MM-DD (or MM-DD in the current year); --start '' --end '' clears the dates.")
@click.option("--end", metavar="DATE", help="Last day.")
@click.option("--capacity", metavar="N|none", help="Seats on the delegation; 'none' for no limit.")
@click.option("--destination", metavar="TEXT")
@click.pass_context
def delegation_set(ctx: click.Context, db: Path | None, today: date | None, **typed: str | None) -> None:
    """Change the delegation's name, dates, capacity or destination (what is not given stays)."""
    fields = {key: value for key, value in typed.items() if value is not None}
    if not fields:
        fail("nothing to set: give --name, --start, --end, --capacity or --destination")
    settings, store, campaign = context(ctx, db, today)
    try:
        updated = build_delegation(campaign.delegation, fields, settings.clock.today().year)
    except ValidationError as error:
        fail_fields(error)
    op = update_op(campaign.delegation, updated)
    if op is None:
        echo("nothing changed: the delegation already says that", err=True)
    else:
        commit(store, settings, change(f"edited the delegation ({', '.join(op.fields)})", [op], area="roster"))
        campaign.delegation = updated
    taken = roster.seats_taken(campaign.members)
    if updated.capacity is not None and taken > updated.capacity:
        echo(f"campaign-dash: warning: {taken} people already hold a seat, more than the {updated.capacity} there are", err=True)
    echo("\n".join(delegation_lines(campaign)))
