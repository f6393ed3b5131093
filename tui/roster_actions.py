"""What the app does when the roster pane asks: the member form, delete, status, undo, CSV."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from store import roster
from store.models import ALL_MEMBER_STATUSES, MEMBER_ROLES, Member, upsert_by_id
from store.validation import ValidationError

from .screens.confirm import ConfirmScreen
from .screens.form import Field, FormScreen, ask_for_path

if TYPE_CHECKING:
    from .app import CampaignDashApp

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


@dataclass
class RosterUndo:
    """Changes, newest last, as (before, after): None before is an add, None after a delete."""

    changes: list[tuple[Member | None, Member | None]] = field(default_factory=list)


def _show(app: CampaignDashApp) -> None:
    app.refresh_panes()


def put_member(app: CampaignDashApp, undo: RosterUndo, before: Member | None, after: Member) -> None:
    upsert_by_id(app.campaign.members, after)
    undo.changes.append((before, after))
    _show(app)
    app.save_record(after, f"roster entry for {after.name}")


def edit_member(app: CampaignDashApp, undo: RosterUndo, member: Member | None) -> None:
    values = {f.name: getattr(member, f.name) for f in MEMBER_FIELDS} if member else {"role": "member", "status": "inquiry"}
    warned: dict[str, str] = {}

    def build(typed: dict[str, str]) -> Member:
        email = typed.get("email", "").strip().casefold()
        try:
            return roster.build_member(typed, member, app.campaign.members, allow_duplicate_email=warned.get("email") == email)
        except ValidationError as error:
            if "already has this email" in error.errors.get("email", ""):
                warned["email"] = email  # saving again with the same email keeps both
            raise

    def done(result: Member | None) -> None:
        if result is not None:
            put_member(app, undo, member, result)

    app.push_screen(FormScreen("Edit member" if member else "Add to the roster", MEMBER_FIELDS, values, build), done)


def delete_member(app: CampaignDashApp, undo: RosterUndo, member: Member) -> None:
    def answered(yes: bool | None) -> None:
        if not yes:
            return
        app.campaign.members = [m for m in app.campaign.members if m.id != member.id]
        undo.changes.append((member, None))
        _show(app)
        app.delete_record(Member, member.id, f"roster entry for {member.name}")
        app.notify(f"Removed {member.name}. u brings them back.", markup=False)

    detail = " · ".join(part for part in (member.name, member.organization, member.email, member.status) if part)
    app.push_screen(ConfirmScreen("Remove this person from the roster?", detail), answered)


def change_status(app: CampaignDashApp, undo: RosterUndo, member: Member, status: str) -> None:
    current = next((m for m in app.campaign.members if m.id == member.id), member)
    put_member(app, undo, current, replace(current, status=status))


def undo_change(app: CampaignDashApp, undo: RosterUndo) -> None:
    if not undo.changes:
        app.notify("Nothing to undo on the roster in this session.", severity="warning")
        return
    before, after = undo.changes.pop()
    if before is None and after is not None:  # an add: remove it
        app.campaign.members = [m for m in app.campaign.members if m.id != after.id]
        app.delete_record(Member, after.id, f"roster entry for {after.name}")
        words = f"Undone: added {after.name}"
    else:
        assert before is not None
        upsert_by_id(app.campaign.members, before)
        app.save_record(before, f"roster entry for {before.name}")
        words = f"Undone: {'removed' if after is None else 'changed'} {before.name}"
    _show(app)
    app.notify(words + ".", markup=False)


def import_csv(app: CampaignDashApp) -> None:
    ask_for_path(app, "Import a roster CSV", "File", "", True, app.plan_roster_import)


def export_csv(app: CampaignDashApp) -> None:
    from store.roster_csv import export_csv as to_csv

    members = list(app.campaign.members)
    ask_for_path(
        app, "Export the roster", "File", str(Path.home() / "roster.csv"), False,
        lambda path: app.write_file(path, lambda: to_csv(members), f"Wrote {len(members):,} people to {path}."),
    )
