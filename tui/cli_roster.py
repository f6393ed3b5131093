"""`campaign-dash roster ...`: the delegation roster: list, add, change and remove people (a seat\nwhen one is free, else the waitlist or a seat over capacity, as asked), import a CSV (with a\npreview) and export one."""

from __future__ import annotations

import csv
import shlex
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import click

from store.changes import add_op, change, delete_op, update_op
from store.models import ALL_MEMBER_STATUSES, MEMBER_ROLES, Campaign, Member
from store.validation import ValidationError

from .cli_common import (
    EscapedStream,
    commit,
    common_options,
    confirm_removal,
    context,
    echo,
    echo_json,
    fail,
    fail_fields,
    load,
    open_store,
    settings_for,
    write_export,
)


@click.group("roster")
def roster_group() -> None:
    """The delegation roster: list, add, change, remove; import from and export to CSV."""


@roster_group.command("list")
@common_options
@click.option("--status", type=click.Choice(ALL_MEMBER_STATUSES), help="Only people with this status.")
@click.option("--csv", "as_csv", is_flag=True, help="As CSV on standard output.")
@click.option("--json", "as_json", is_flag=True, help="As a JSON list (with each waiting person's place on the waitlist).")
@click.pass_context
def roster_list(ctx: click.Context, db: Path | None, today: date | None, status: str | None, as_csv: bool, as_json: bool) -> None:
    """Print the roster (name, organization, role, city, email, phone, status)."""
    from store.roster import FIELDS, waitlist

    campaign = load(open_store(settings_for(ctx, db, today)))
    members = [m for m in campaign.members if status is None or m.status == status]
    if as_json:
        places = {m.id: i for i, m in enumerate(waitlist(campaign.members), start=1)}
        echo_json([{**{f: getattr(m, f) for f in FIELDS}, "waitlist_position": places.get(m.id), "waitlisted_since": m.waitlisted or None} for m in members])
        return
    if as_csv:
        writer = csv.writer(EscapedStream(sys.stdout), lineterminator="\n")
        writer.writerow(FIELDS)
        for m in members:
            writer.writerow([getattr(m, f) for f in FIELDS])
        return
    places = {m.id: i for i, m in enumerate(waitlist(campaign.members), start=1)}
    for m in members:
        state = f"{m.status} #{places[m.id]}" if m.id in places else m.status
        echo("  ".join(part for part in (m.name, m.organization, m.role, m.city, m.email, m.phone, state) if part))
    echo(f"{len(members)} of {len(campaign.members)} people", err=True)


# --- one person at a time ---------------------------------------------------------------------


def member_options(command):  # type: ignore[no-untyped-def]
    for option in reversed(
        [
            click.option("--organization", metavar="TEXT", help="Union or organization."),
            click.option("--city", metavar="TEXT"),
            click.option("--phone", metavar="TEXT"),
            click.option("--role", metavar="ROLE", help=f"One of: {', '.join(MEMBER_ROLES)}."),
            click.option("--status", metavar="STATUS", help=f"One of: {', '.join(ALL_MEMBER_STATUSES)}."),
            click.option("--notes", metavar="TEXT"),
            click.option("--waitlist", "to_waitlist", is_flag=True, help="If that status needs a seat and none is free, put them on the waitlist instead (in order)."),
            click.option("--over-capacity", is_flag=True, help="If that status needs a seat and none is free, give them one anyway."),
            click.option("--allow-duplicate-email", is_flag=True, help="Keep them even if someone else has the same email."),
        ]
    ):
        command = option(command)
    return command


def find_member(campaign: Campaign, who: str) -> Member:
    """Someone by email, else by name (ignoring case and accents); a name two people share is
    refused, listing their emails."""
    from store.roster import fold

    wanted = who.strip()
    by_email = [m for m in campaign.members if m.email and m.email.casefold() == wanted.casefold()]
    found = by_email or [m for m in campaign.members if fold(m.name.strip()) == fold(wanted)]
    if len(found) == 1:
        return found[0]
    if found:
        fail(f"{len(found)} people are called {wanted!r}: name one by email ({', '.join(m.email or '(no email)' for m in found)})")
    fail(f"nobody on the roster has the email or name {wanted!r}")


def seated(campaign: Campaign, before: Member | None, member: Member, to_waitlist: bool, over_capacity: bool, verb: str) -> Member:
    """`member` as they will be saved, when their status needs a seat: a seat if one is free, the
    waitlist with --waitlist, a seat anyway with --over-capacity; otherwise refuse, exit 1."""
    from store.models import WAITLIST
    from store.roster import needs_a_seat, seats_taken, waitlist, with_status

    if to_waitlist and over_capacity:
        fail("--waitlist or --over-capacity: choose one")
    was = before if before is not None else replace(member, status="inquiry", waitlisted="")
    if not needs_a_seat(campaign.delegation, campaign.members, was, member.status):
        return member
    if over_capacity:
        echo(f"campaign-dash: warning: {member.name} takes a seat over the capacity of {campaign.delegation.capacity}", err=True)
        return member
    if to_waitlist:
        # The real time, not --today's: the waitlist's order is the order people really came in.
        return with_status(member, WAITLIST, datetime.now().isoformat(timespec="microseconds"))
    place = len([m for m in waitlist(campaign.members) if m.id != member.id]) + 1
    echo(
        f"campaign-dash: not {verb}: every seat is taken ({seats_taken(campaign.members)} of {campaign.delegation.capacity}); "
        f"add --waitlist to put {member.name} on the waitlist ({_ordinal(place)} in line), "
        f"or --over-capacity to give them a seat anyway",
        err=True,
    )
    sys.exit(1)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _build(campaign: Campaign, fields: dict[str, str], existing: Member | None, allow_duplicate_email: bool) -> Member:
    from store.roster import build_member

    try:
        return build_member(fields, existing, campaign.members, allow_duplicate_email=allow_duplicate_email)
    except ValidationError as error:
        if "already has this email" in error.errors.get("email", ""):
            error.errors["email"] = error.errors["email"].replace("save again to keep both", "add --allow-duplicate-email to keep both")
        fail_fields(error)


def _member_line(member: Member, campaign: Campaign) -> str:
    from store.roster import waitlist

    places = {m.id: i for i, m in enumerate(waitlist(campaign.members), start=1)}
    state = f"{member.status} (#{places[member.id]} on the waitlist)" if member.id in places else member.status
    return "  ".join(part for part in (member.name, member.organization, member.email, state) if part)


def _after(campaign: Campaign, member: Member) -> Campaign:
    campaign.members = [m for m in campaign.members if m.id != member.id] + [member]
    return campaign


def _free_seat_note(campaign: Campaign, before: Member, after: Member) -> None:
    """Someone gave up a seat while others wait: say who is first."""
    from store.roster import SEAT_HOLDING, seats_left, waitlist

    if before.status in SEAT_HOLDING and after.status not in SEAT_HOLDING:
        waiting = waitlist(campaign.members)
        left = seats_left(campaign.delegation, campaign.members)
        if waiting and left and left > 0:
            first = waiting[0]
            echo(f"a seat is free: {first.name} is first on the waitlist (campaign-dash roster set {shlex.quote(first.email or first.name)} --status accepted)", err=True)


@roster_group.command("add")
@common_options
@click.option("--name", metavar="TEXT", required=True)
@click.option("--email", metavar="ADDRESS", default="")
@member_options
@click.pass_context
def roster_add(ctx: click.Context, db: Path | None, today: date | None, name: str, email: str, to_waitlist: bool, over_capacity: bool,
               allow_duplicate_email: bool, **typed: str | None) -> None:
    """Add someone to the roster (status inquiry unless --status says otherwise)."""
    settings, store, campaign = context(ctx, db, today)
    fields = {"name": name, "email": email, **{k: v for k, v in typed.items() if v is not None}}
    member = _build(campaign, fields, None, allow_duplicate_email)
    member = seated(campaign, None, member, to_waitlist, over_capacity, "added")
    commit(store, settings, change(f"added {member.name} to the roster", [add_op(member)], area="roster", over_capacity=over_capacity))
    echo(f"added: {_member_line(member, _after(campaign, member))}")


@roster_group.command("set")
@common_options
@click.argument("who", metavar="EMAIL|NAME")
@click.option("--name", metavar="TEXT")
@click.option("--email", metavar="ADDRESS")
@member_options
@click.pass_context
def roster_set(ctx: click.Context, db: Path | None, today: date | None, who: str, to_waitlist: bool, over_capacity: bool,
               allow_duplicate_email: bool, **typed: str | None) -> None:
    """Change someone on the roster, found by email or by name; what is not given stays."""
    from store.roster import FIELDS

    given = {k: v for k, v in typed.items() if v is not None}
    if not given:
        fail("nothing to set: give --status, --name, --email, --organization, --city, --phone, --role or --notes")
    settings, store, campaign = context(ctx, db, today)
    before = find_member(campaign, who)
    fields = {f: getattr(before, f) for f in FIELDS} | given
    member = _build(campaign, fields, before, allow_duplicate_email)
    member = seated(campaign, before, member, to_waitlist, over_capacity, "changed")
    op = update_op(before, member)
    if op is None:
        echo("nothing changed: the roster already says that", err=True)
    elif set(op.fields) <= {"status", "waitlisted"}:
        commit(store, settings, change(f"{member.name}: {before.status} → {member.status}", [op], area="roster", over_capacity=over_capacity))
    else:
        edited = ", ".join(f for f in op.fields if f != "waitlisted")
        commit(store, settings, change(f"edited {member.name} ({edited})", [op], area="roster", over_capacity=over_capacity))
    campaign = _after(campaign, member)
    echo(_member_line(member, campaign))
    _free_seat_note(campaign, before, member)


@roster_group.command("remove")
@common_options
@click.argument("who", metavar="EMAIL|NAME")
@click.option("--yes", is_flag=True, help="Remove without asking (for scripts).")
@click.pass_context
def roster_remove(ctx: click.Context, db: Path | None, today: date | None, who: str, yes: bool) -> None:
    """Remove someone from the roster (`undo` brings them back)."""
    settings, store, campaign = context(ctx, db, today)
    member = find_member(campaign, who)
    detail = ", ".join(part for part in (member.email, member.status) if part)
    confirm_removal(f"{member.name} ({detail}) from the roster", yes)
    commit(store, settings, change(f"removed {member.name} from the roster", [delete_op(member)], area="roster"))
    campaign.members = [m for m in campaign.members if m.id != member.id]
    echo(f"removed {member.name} (campaign-dash undo brings them back)")
    _free_seat_note(campaign, member, replace(member, status="withdrawn"))


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
    commit(store, settings, plan.change(file.name))
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
