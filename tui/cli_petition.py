"""`campaign-dash petition ...`: the status block, tallies, goal, source, refresh, history."""

from __future__ import annotations

import asyncio
import csv
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from store import petition as rules
from store.changes import add_op, change, update_op
from store.db import CampaignStore
from store.models import Campaign, Reading
from store.validation import ValidationError

from .cli_common import EscapedStream, Settings, commit, common_options, context, echo, fail


def _print_status(campaign: Campaign, day: date) -> None:
    from store.summary import petition_lines

    echo("\n".join(petition_lines(campaign, day)))


@click.group("petition", invoke_without_command=True)
@common_options
@click.pass_context
def petition_group(ctx: click.Context, db: Path | None, today: date | None) -> None:
    """The petition: with no command, print its status (count, goal, pace, projection)."""
    if ctx.invoked_subcommand is None:
        settings, _store, campaign = context(ctx, db, today)
        _print_status(campaign, settings.clock.today())


def _save_reading(store: CampaignStore, settings: Settings, reading: Reading, fetched: bool = False) -> Campaign:
    """Append the reading (tallies from many places at once all count) and print the status."""
    commit(store, settings, change(rules.reading_summary(reading), [add_op(reading)], automatic=fetched))
    campaign = store.load()
    _print_status(campaign, settings.clock.today())
    return campaign


def _manual(ctx: click.Context, db: Path | None, today: date | None, count: str, note: str, build) -> None:  # type: ignore[no-untyped-def]
    """A reading entered by hand (a tally or a correction), refused in words if it is not believable."""
    settings, store, _campaign = context(ctx, db, today)
    try:
        reading = build(count, note, settings.clock.now())
    except ValidationError as error:
        fail(error.errors["count"])
    _save_reading(store, settings, reading)


@petition_group.command("add")
@common_options
@click.argument("count")
@click.option("--note", default="", help="Where they came from, e.g. 'paper sheets, Boston event'.")
@click.pass_context
def petition_add(ctx: click.Context, db: Path | None, today: date | None, count: str, note: str) -> None:
    """Add COUNT signatures gathered by hand."""
    _manual(ctx, db, today, count, note, rules.tally_reading)


@petition_group.command("set")
@common_options
@click.argument("count")
@click.option("--note", default="")
@click.pass_context
def petition_set(ctx: click.Context, db: Path | None, today: date | None, count: str, note: str) -> None:
    """Set the total count."""
    _manual(ctx, db, today, count, note, rules.set_reading)


@petition_group.command("goal")
@common_options
@click.argument("goal")
@click.option("--deadline", metavar="DATE", default=None, help="YYYY-MM-DD; '' removes it.")
@click.pass_context
def petition_goal(ctx: click.Context, db: Path | None, today: date | None, goal: str, deadline: str | None) -> None:
    """Set the goal (and the deadline)."""
    settings, store, campaign = context(ctx, db, today)
    current = campaign.petition.deadline.isoformat() if campaign.petition.deadline else ""
    try:
        updated = rules.with_goal(campaign.petition, goal, current if deadline is None else deadline, settings.clock.today().year)
    except ValidationError as error:
        fail("; ".join(f"{k}: {v}" for k, v in error.errors.items()))
    op = update_op(campaign.petition, updated)
    if op is not None:
        commit(store, settings, change(f"set the petition goal to {updated.goal:,}", [op]))
    _print_status(store.load(), settings.clock.today())


@petition_group.command("source")
@common_options
@click.argument("kind", type=click.Choice(["action-network", "json", "none"]))
@click.argument("url", required=False, default="")
@click.option("--path", default="", help="JSON: dotted path to the count, e.g. data.attributes.signature_count.")
@click.option("--interval", default=300, show_default=True, help="Seconds between fetches in the dashboard (at least 30).")
@click.option("--max-drop", default=0.1, show_default=True, help="Refuse a count that falls by more than this share.")
@click.pass_context
def petition_source(ctx: click.Context, db: Path | None, today: date | None, kind: str, url: str, path: str, interval: int, max_drop: float) -> None:
    """Where the live count comes from: action-network URL_OR_ID, json URL --path P, or none.

    The Action Network API key is read from the environment variable ACTION_NETWORK_API_KEY
    at each fetch; it is never stored.
    """
    from store.feeds import validate_source

    settings, store, campaign = context(ctx, db, today)
    source = None
    if kind != "none":
        try:
            source = validate_source(kind.replace("-", "_"), url, path, interval, max_drop)
        except ValidationError as error:
            fail("; ".join(f"{k}: {v}" for k, v in error.errors.items()))
    op = update_op(campaign.petition, replace(campaign.petition, source=source))
    if op is not None:
        summary = "removed the live count source" if source is None else f"set the live count source to {source.url}"
        commit(store, settings, change(summary, [op]))
    echo("live source removed" if source is None else f"live source: {source.kind} {source.url} (count at {source.path})")


@petition_group.command("refresh")
@common_options
@click.pass_context
def petition_refresh(ctx: click.Context, db: Path | None, today: date | None) -> None:
    """Fetch the live count once; the exit code says whether it worked (0 yes, 1 no)."""
    from store.feeds import FeedError, fetch_result

    settings, store, campaign = context(ctx, db, today)
    clock = settings.clock
    source = campaign.petition.source
    if source is None:
        fail("no live source set (campaign-dash petition source ...)")
    try:
        result = asyncio.run(fetch_result(source))
        for warning in result.warnings:
            echo(f"campaign-dash: warning: {warning}", err=True)
        reading = rules.feed_reading(campaign.petition, result.count, source.kind, clock.now())
    except FeedError as error:
        reading = rules.error_reading(source.kind, str(error), clock.now())
    if reading.error:
        commit(store, settings, change(rules.reading_summary(reading), [add_op(reading)], automatic=True))
        echo(f"campaign-dash: count not updated: {reading.error}", err=True)
        sys.exit(1)
    _save_reading(store, settings, reading, fetched=True)


@petition_group.command("history")
@common_options
@click.option("--csv", "as_csv", is_flag=True, help="As CSV (time, count, source, added, remote, note, error).")
@click.pass_context
def petition_history(ctx: click.Context, db: Path | None, today: date | None, as_csv: bool) -> None:
    """Every reading: when, the count, where it came from, and any error."""
    _settings, _store, campaign = context(ctx, db, today)
    readings = campaign.petition.readings
    totals = {r.id: total for r, total in rules.running_totals(campaign.petition)}
    if as_csv:
        writer = csv.writer(EscapedStream(sys.stdout), lineterminator="\n")
        writer.writerow(["time", "count", "source", "added", "remote", "note", "error"])
        for r in readings:
            writer.writerow([r.at.isoformat(timespec="seconds"), totals.get(r.id, ""), r.source, r.added or "", r.remote if r.remote is not None else "", r.note, r.error])
        return
    for r in readings:
        count = f"{totals[r.id]:>10,}" if r.id in totals else f"{'-':>10}"
        detail = f"error: {r.error}" if r.error else r.note
        if r.added is not None:
            detail = f"+{r.added:,}" + (f" {detail}" if detail else "")
        echo(f"{r.at:%Y-%m-%d %H:%M}  {count}  {r.source:<15} {detail}")
