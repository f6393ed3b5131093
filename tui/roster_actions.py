"""What the app does when the roster pane asks: the member form, delete, status, CSV."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from store import roster
from store.changes import add_op, change, delete_op, update_op
from store.models import ALL_MEMBER_STATUSES, MEMBER_ROLES, Member
from store.validation import ValidationError

from .host import Host
from .screens.confirm import ConfirmScreen
from .screens.form import Field, FormScreen, ask_for_path

MEMBER_FIELDS = [
    Field("name", "Name"),
    Field("organization", "Union/org", "e.g. SEIU Local 1000"),
    Field("role", "Role", choices=tuple((r, r) for r in MEMBER_ROLES)),
    Field("city", "City"),
    Field("email", "Email", "name@example.org"),
    Field("phone", "Phone", "+1 202 555 0100"),
    Field("status", "Status", choices=tuple((s, s) for s in ALL_MEMBER_STATUSES)),
    Field("notes", "Notes"),
]


def current(host: Host, member: Member) -> Member:
    """The member as the dashboard shows them now (a pane may hold an older copy)."""
    return next((m for m in host.campaign.members if m.id == member.id), member)


async def edit_member(host: Host, member: Member | None) -> None:
    values = {f.name: getattr(member, f.name) for f in MEMBER_FIELDS} if member else {"role": "member", "status": "inquiry"}
    warned: dict[str, str] = {}

    def build(typed: dict[str, str]) -> Member:
        email = typed.get("email", "").strip().casefold()
        try:
            return roster.build_member(typed, member, host.campaign.members, allow_duplicate_email=warned.get("email") == email)
        except ValidationError as error:
            if "already has this email" in error.errors.get("email", ""):
                warned["email"] = email  # saving again with the same email keeps both
            raise

    result = await host.push_screen_wait(FormScreen("Edit member" if member else "Add to the roster", MEMBER_FIELDS, values, build))
    if result is None:
        return
    if member is None:
        host.submit(change(f"added {result.name} to the roster", [add_op(result)]))
    else:  # only the fields changed in the form: someone else's change to another field stands
        host.submit(change(f"edited {result.name}", [update_op(member, result)]))


async def delete_member(host: Host, member: Member) -> None:
    detail = " · ".join(part for part in (member.name, member.organization, member.email, member.status) if part)
    if await host.push_screen_wait(ConfirmScreen("Remove this person from the roster?", detail)):
        if host.submit(change(f"removed {member.name} from the roster", [delete_op(member)])):
            host.notify(f"Removed {member.name}. u brings them back.", markup=False)


def change_status(host: Host, member: Member, status: str) -> None:
    now = current(host, member)
    host.submit(change(f"{now.name}: {now.status} → {status}", [update_op(now, replace(now, status=status))]))


def import_change(plan, source: str):  # type: ignore[no-untyped-def]
    """One change for a whole import, so one `u` undoes it and the log names the file."""
    ops = [add_op(m) for m in plan.adds] + [update_op(before, after) for before, after in plan.updates]
    return change(f"imported {source}: {plan.summary()}", ops, area="roster")


async def import_csv(host: Host) -> Path | None:
    """The file to import (the app reads and previews it in a worker)."""
    return await ask_for_path(host, "Import a roster CSV", "File", "", True)


async def export_csv(host: Host) -> None:
    from store.roster_csv import export_csv as to_csv

    path = await ask_for_path(host, "Export the roster", "File", str(Path.home() / "roster.csv"), False)
    if path is not None:
        members = list(host.campaign.members)
        host.write_file(path, lambda: to_csv(members), f"Wrote {len(members):,} people to {path}.")
