"""`campaign-dash status`: the whole campaign as plain text, as JSON, or (`--check`) only what
needs attention, with an exit code for cron."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from store.i18n import N_

from .cli_common import common_options, context, echo, echo_json
from .cli_help import command, option


@command(
    "status",
    help=N_(
        "Print a plain-text summary of the tour, petition, delegation and letter, then exit.\n\n"
        "What needs attention is listed first: double-bookings and gaps in the tour, a petition behind "
        "the pace it needs or past its deadline, a failing live count, a delegation over capacity or "
        "with free seats while people wait, changes a dashboard could not save."
    ),
)
@common_options
@option("--json", "as_json", is_flag=True, help=N_("One JSON object (its keys are described in the README)."))
@option(
    "--check",
    is_flag=True,
    help=N_("Print only what needs attention, and exit 1 if anything does; print nothing and exit 0 if nothing does (for cron)."),
)
@click.pass_context
def status_command(ctx: click.Context, db: Path | None, today: date | None, as_json: bool, check: bool) -> None:
    from store.location import ServerLocation
    from store.offline import waiting_report
    from store.summary import attention, status_data, status_text
    from store.unsaved import read_report

    settings, store, campaign = context(ctx, db, today)
    day = settings.clock.today()
    unsaved: Any = None
    if isinstance(store.path, Path):
        unsaved = read_report(store.path)  # what an open (or crashed) dashboard could not write
    elif isinstance(store.path, ServerLocation):
        unsaved = waiting_report(store.path)  # what this machine made offline and has not sent yet
    needs = attention(campaign, day, unsaved)
    if as_json:
        echo_json({**status_data(campaign, day, unsaved), "file": str(store.path)})
    elif check:
        for item in needs:
            echo(f"{item.area}: {item.text}")
    else:
        echo(status_text(campaign, day, unsaved), nl=False)
    if check and needs:
        sys.exit(1)
