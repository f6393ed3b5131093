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
from store.i18n import N_, _, language
from store.models import ALL_MEMBER_STATUSES, Campaign, Member
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
from .cli_help import argument, group, option


@group("roster", help=N_("The delegation roster: list, add, change, remove; import from and export to CSV."))
def roster_group() -> None:
    pass


@roster_group.command("list", help=N_("Print the roster (name, organization, role, city, email, phone, status)."))
@common_options
@option("--status", type=click.Choice(ALL_MEMBER_STATUSES), help=N_("Only people with this status."))
@option("--csv", "as_csv", is_flag=True, help=N_("As CSV on standard output."))
@option("--json", "as_json", is_flag=True, help=N_("As a JSON list (with each waiting person's place on the waitlist)."))
@click.pass_context
def roster_list(ctx: click.Context, db: Path | None, today: date | None, status: str | None, as_csv: bool, as_json: bool) -> None:
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
    echo(_("{shown} of {total} people").format(shown=len(members), total=len(campaign.members)), err=True)


# --- one person at a time ---------------------------------------------------------------------


def member_options(command):  # type: ignore[no-untyped-def]
    for add_option in reversed(
        [
            option("--organization", metavar=N_("TEXT"), help=N_("Union or organization.")),
            option("--city", metavar=N_("TEXT"), help=N_("Where they live or work.")),
            option("--phone", metavar=N_("TEXT"), help=N_("A phone number.")),
            option("--role", metavar=N_("ROLE"), help=N_("One of: member, officer, staff, ally (the words stay in English).")),
            option("--status", metavar=N_("STATUS"), help=N_("One of: inquiry, applied, waitlist, accepted, confirmed, paid, withdrawn (the words stay in English).")),
            option("--notes", metavar=N_("TEXT"), help=N_("Anything else the organizers should know.")),
            option("--waitlist", "to_waitlist", is_flag=True, help=N_("If that status needs a seat and none is free, put them on the waitlist instead (in order).")),
            option("--over-capacity", is_flag=True, help=N_("If that status needs a seat and none is free, give them one anyway.")),
            option("--allow-duplicate-email", is_flag=True, help=N_("Keep them even if someone else has the same email.")),
        ]
    ):
        command = add_option(command)
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
        emails = ", ".join(m.email or _("(no email)") for m in found)
        fail(_("{n} people are called {name!r}: name one by email ({emails})").format(n=len(found), name=wanted, emails=emails))
    fail(_("nobody on the roster has the email or name {name!r}").format(name=wanted))


def seated(campaign: Campaign, before: Member | None, member: Member, to_waitlist: bool, over_capacity: bool, refused: str) -> Member:
    """`member` as they will be saved, when their status needs a seat: a seat if one is free, the
    waitlist with --waitlist, a seat anyway with --over-capacity; otherwise refuse ("not added: ..."), exit 1."""
    from store.models import WAITLIST
    from store.roster import needs_a_seat, seats_taken, waitlist, with_status

    if to_waitlist and over_capacity:
        fail(_("--waitlist or --over-capacity: choose one"))
    was = before if before is not None else replace(member, status="inquiry", waitlisted="")
    if not needs_a_seat(campaign.delegation, campaign.members, was, member.status):
        return member
    if over_capacity:
        echo(
            _("campaign-dash: warning: {name} takes a seat over the capacity of {capacity}").format(name=member.name, capacity=campaign.delegation.capacity),
            err=True,
        )
        return member
    if to_waitlist:
        # The real time, not --today's: the waitlist's order is the order people really came in.
        return with_status(member, WAITLIST, datetime.now().isoformat(timespec="microseconds"))
    place = len([m for m in waitlist(campaign.members) if m.id != member.id]) + 1
    echo(
        _(
            "campaign-dash: {refused}: every seat is taken ({taken} of {capacity}); add --waitlist to put {name} on the "
            "waitlist ({place} in line), or --over-capacity to give them a seat anyway"
        ).format(
            refused=refused, taken=seats_taken(campaign.members), capacity=campaign.delegation.capacity, name=member.name, place=_ordinal(place)
        ),
        err=True,
    )
    sys.exit(1)


def _ordinal(n: int) -> str:
    """2nd in English; other languages write the number as it is ("n.º 2" in the catalog)."""
    if language() != "en":
        return str(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _build(campaign: Campaign, fields: dict[str, str], existing: Member | None, allow_duplicate_email: bool) -> Member:
    from store.roster import build_member

    try:
        return build_member(fields, existing, campaign.members, allow_duplicate_email=allow_duplicate_email)
    except ValidationError as error:
        from store.roster import email_holder
        from store.text import printable

        other = email_holder(campaign.members, fields.get("email", ""), existing)
        if other is not None and "email" in error.errors:  # the dashboard says "save again"; here it is an option
            error.errors["email"] = _("{name} already has this email; add --allow-duplicate-email to keep both").format(name=printable(other.name))
        fail_fields(error)


def _member_line(member: Member, campaign: Campaign) -> str:
    from store.roster import waitlist

    places = {m.id: i for i, m in enumerate(waitlist(campaign.members), start=1)}
    state = _("{status} (#{n} on the waitlist)").format(status=member.status, n=places[member.id]) if member.id in places else member.status
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
            echo(
                _("a seat is free: {name} is first on the waitlist (campaign-dash roster set {who} --status accepted)").format(
                    name=first.name, who=shlex.quote(first.email or first.name)
                ),
                err=True,
            )


@roster_group.command("add", help=N_("Add someone to the roster (status inquiry unless --status says otherwise)."))
@common_options
@option("--name", metavar=N_("TEXT"), required=True, help=N_("Their full name."))
@option("--email", metavar=N_("ADDRESS"), default="", help=N_("Their email address."))
@member_options
@click.pass_context
def roster_add(ctx: click.Context, db: Path | None, today: date | None, name: str, email: str, to_waitlist: bool, over_capacity: bool,
               allow_duplicate_email: bool, **typed: str | None) -> None:
    settings, store, campaign = context(ctx, db, today)
    fields = {"name": name, "email": email, **{k: v for k, v in typed.items() if v is not None}}
    member = _build(campaign, fields, None, allow_duplicate_email)
    member = seated(campaign, None, member, to_waitlist, over_capacity, _("not added"))
    commit(store, settings, change(_("added {name} to the roster").format(name=member.name), [add_op(member)], area="roster", over_capacity=over_capacity))
    echo(_("added: {line}").format(line=_member_line(member, _after(campaign, member))))


@roster_group.command("set", help=N_("Change someone on the roster, found by email or by name; what is not given stays."))
@common_options
@argument("who", metavar=N_("EMAIL|NAME"))
@option("--name", metavar=N_("TEXT"), help=N_("A new name."))
@option("--email", metavar=N_("ADDRESS"), help=N_("A new email address."))
@member_options
@click.pass_context
def roster_set(ctx: click.Context, db: Path | None, today: date | None, who: str, to_waitlist: bool, over_capacity: bool,
               allow_duplicate_email: bool, **typed: str | None) -> None:
    from store.roster import FIELDS

    given = {k: v for k, v in typed.items() if v is not None}
    if not given:
        fail(_("nothing to set: give --status, --name, --email, --organization, --city, --phone, --role or --notes"))
    settings, store, campaign = context(ctx, db, today)
    before = find_member(campaign, who)
    fields = {f: getattr(before, f) for f in FIELDS} | given
    member = _build(campaign, fields, before, allow_duplicate_email)
    member = seated(campaign, before, member, to_waitlist, over_capacity, _("not changed"))
    op = update_op(before, member)
    if op is None:
        echo(_("nothing changed: the roster already says that"), err=True)
    elif set(op.fields) <= {"status", "waitlisted"}:
        commit(store, settings, change(_("{name}: {before} → {after}").format(name=member.name, before=before.status, after=member.status), [op], area="roster", over_capacity=over_capacity))
    else:
        edited = ", ".join(f for f in op.fields if f != "waitlisted")
        commit(store, settings, change(_("edited {name} ({fields})").format(name=member.name, fields=edited), [op], area="roster", over_capacity=over_capacity))
    campaign = _after(campaign, member)
    echo(_member_line(member, campaign))
    _free_seat_note(campaign, before, member)


@roster_group.command("remove", help=N_("Remove someone from the roster (`undo` brings them back)."))
@common_options
@argument("who", metavar=N_("EMAIL|NAME"))
@option("--yes", is_flag=True, help=N_("Remove without asking (for scripts)."))
@click.pass_context
def roster_remove(ctx: click.Context, db: Path | None, today: date | None, who: str, yes: bool) -> None:
    settings, store, campaign = context(ctx, db, today)
    member = find_member(campaign, who)
    detail = ", ".join(part for part in (member.email, member.status) if part)
    confirm_removal(_("{name} ({detail}) from the roster").format(name=member.name, detail=detail), yes)
    commit(store, settings, change(_("removed {name} from the roster").format(name=member.name), [delete_op(member)], area="roster"))
    campaign.members = [m for m in campaign.members if m.id != member.id]
    echo(_("removed {name} (campaign-dash undo brings them back)").format(name=member.name))
    _free_seat_note(campaign, member, replace(member, status="withdrawn"))


@roster_group.command("import", help=N_("Add and update people from a CSV file (matched on email), after showing what would change."))
@common_options
@argument("file", type=click.Path(dir_okay=False, path_type=Path))
@option("--dry-run", is_flag=True, help=N_("Show what would change, change nothing."))
@option("--yes", is_flag=True, help=N_("Import without asking (for scripts)."))
@click.pass_context
def roster_import(ctx: click.Context, db: Path | None, today: date | None, file: Path, dry_run: bool, yes: bool) -> None:
    from store.roster_csv import CsvError, read_csv

    settings, store, campaign = context(ctx, db, today)
    try:
        plan = read_csv(file.read_bytes(), campaign.members)
    except OSError as error:
        fail(_("cannot read {file}: {error}").format(file=file, error=error.strerror or error))
    except CsvError as error:
        fail(_("cannot import {file}: {error}. Nothing was changed.").format(file=file, error=error))
    columns = ", ".join(f"{theirs!r} -> {ours}" for ours, theirs in plan.columns.items())
    echo(_("{file}: read as {encoding}; {columns}").format(file=file, encoding=plan.encoding, columns=columns))
    for m in plan.adds:
        echo(_("add:    {name}  {email}").format(name=m.name, email=m.email))
    for before, after in plan.updates:
        changed = [f for f in ("name", "organization", "role", "city", "phone", "status", "notes") if getattr(before, f) != getattr(after, f)]
        echo(_("update: {name}  {email}  ({fields})").format(name=after.name, email=after.email, fields=", ".join(changed)))
    for line, reason in plan.rejects:
        echo(_("reject: line {line}: {reason}").format(line=line, reason=reason))
    for _line, note in plan.notes:
        echo(_("note:   {note}").format(note=note))
    echo(plan.summary())
    if dry_run or not plan.changes:
        echo(_("nothing was changed"))
        return
    if not yes:
        if not sys.stdin.isatty():
            fail(_("not imported: add --yes to import without a question, or --dry-run to only look"))
        if not click.confirm(_("Import these changes?"), default=False):
            echo(_("nothing was changed"))
            return
    commit(store, settings, plan.change(file.name))
    echo(_("imported {added} new and {updated} updated").format(added=len(plan.adds), updated=len(plan.updates)))


@roster_group.command("export", help=N_("Write the roster as CSV that Excel opens with accents intact (UTF-8 BOM, CRLF)."))
@common_options
@argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def roster_export(ctx: click.Context, db: Path | None, today: date | None, file: Path) -> None:
    from store.roster_csv import export_csv

    campaign = load(open_store(settings_for(ctx, db, today)))
    write_export(file, export_csv(campaign.members))
    echo(_("wrote {n} people to {file}").format(n=len(campaign.members), file=file))
