"""`campaign-dash roster ...`: list, import (with a preview) and export the delegation roster."""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

import click

from store.models import ALL_MEMBER_STATUSES

from .cli_common import EscapedStream, commit, common_options, context, echo, fail, load, open_store, settings_for, write_export


@click.group("roster")
def roster_group() -> None:
    """The delegation roster: list, import from and export to CSV."""


@roster_group.command("list")
@common_options
@click.option("--status", type=click.Choice(ALL_MEMBER_STATUSES), help="Only people with this status.")
@click.option("--csv", "as_csv", is_flag=True, help="As CSV on standard output.")
@click.pass_context
def roster_list(ctx: click.Context, db: Path | None, today: date | None, status: str | None, as_csv: bool) -> None:
    """Print the roster (name, organization, role, city, email, phone, status)."""
    from store.roster import FIELDS

    campaign = load(open_store(settings_for(ctx, db, today)))
    members = [m for m in campaign.members if status is None or m.status == status]
    if as_csv:
        writer = csv.writer(EscapedStream(sys.stdout), lineterminator="\n")
        writer.writerow(FIELDS)
        for m in members:
            writer.writerow([getattr(m, f) for f in FIELDS])
        return
    for m in members:
        echo("  ".join(part for part in (m.name, m.organization, m.role, m.city, m.email, m.phone, m.status) if part))
    echo(f"{len(members)} of {len(campaign.members)} people", err=True)


@roster_group.command("import")
@common_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change, change nothing.")
@click.option("--yes", is_flag=True, help="Import without asking (for scripts).")
@click.pass_context
def roster_import(ctx: click.Context, db: Path | None, today: date | None, file: Path, dry_run: bool, yes: bool) -> None:
    """Add and update people from a CSV file (matched on email), after showing what would change."""
    from store.roster_csv import CsvError, read_csv

    settings, store, campaign = context(ctx, db, today)
    try:
        plan = read_csv(file.read_bytes(), campaign.members)
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror or error}")
    except CsvError as error:
        fail(f"cannot import {file}: {error}. Nothing was changed.")
    echo(f"{file}: read as {plan.encoding}; " + ", ".join(f"{theirs!r} -> {ours}" for ours, theirs in plan.columns.items()))
    for m in plan.adds:
        echo(f"add:    {m.name}  {m.email}")
    for before, after in plan.updates:
        changed = [f for f in ("name", "organization", "role", "city", "phone", "status", "notes") if getattr(before, f) != getattr(after, f)]
        echo(f"update: {after.name}  {after.email}  ({', '.join(changed)})")
    for line, reason in plan.rejects:
        echo(f"reject: line {line}: {reason}")
    for _line, note in plan.notes:
        echo(f"note:   {note}")
    echo(plan.summary())
    if dry_run or not plan.changes:
        echo("nothing was changed")
        return
    if not yes:
        if not sys.stdin.isatty():
            fail("not imported: add --yes to import without a question, or --dry-run to only look")
        if not click.confirm("Import these changes?", default=False):
            echo("nothing was changed")
            return
    from .roster_actions import import_change

    commit(store, settings, import_change(plan, file.name))
    echo(f"imported {len(plan.adds)} new and {len(plan.updates)} updated")


@roster_group.command("export")
@common_options
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def roster_export(ctx: click.Context, db: Path | None, today: date | None, file: Path) -> None:
    """Write the roster as CSV that Excel opens with accents intact (UTF-8 BOM, CRLF)."""
    from store.roster_csv import export_csv

    campaign = load(open_store(settings_for(ctx, db, today)))
    write_export(file, export_csv(campaign.members))
    echo(f"wrote {len(campaign.members)} people to {file}")
