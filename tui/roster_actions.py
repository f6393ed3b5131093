"""What the app does when the roster pane asks: the member form, delete, status, CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from store import roster
from store.changes import add_op, change, delete_op, update_op
from store.i18n import N_, _, number
from store.models import ALL_MEMBER_STATUSES, MEMBER_ROLES, Member
from store.validation import ValidationError

from .host import Host
from .screens.confirm import ChoiceScreen, ConfirmScreen
from .exports import export, import_elsewhere
from .screens.form import Field, FormScreen, ask_for_path

def member_fields() -> list[Field]:
    """The person form's fields (made when the form opens: the drop-downs' words in the
    interface's language, the values stored as they are)."""
    return [
        Field("name", N_("Name")),
        Field("organization", N_("Union/org"), N_("e.g. SEIU Local 1000")),
        Field("role", N_("Role"), choices=tuple((roster.role_word(r), r) for r in MEMBER_ROLES)),
        Field("city", N_("City")),
        Field("email", N_("Email"), "name@example.org"),
        Field("phone", N_("Phone"), "+1 202 555 0100"),
        Field("status", N_("Status"), choices=tuple((roster.status_word(s), s) for s in ALL_MEMBER_STATUSES)),
        Field("notes", N_("Notes")),
    ]


def current(host: Host, member: Member) -> Member:
    """The member as the dashboard shows them now (a pane may hold an older copy)."""
    return next((m for m in host.campaign.members if m.id == member.id), member)


async def edit_member(host: Host, member: Member | None) -> None:
    fields = member_fields()
    values = {f.name: getattr(member, f.name) for f in fields} if member else {"role": "member", "status": "inquiry"}
    warned: dict[str, str] = {}

    def build(typed: dict[str, str]) -> Member:
        email = typed.get("email", "").strip().casefold()
        try:
            return roster.build_member(typed, member, host.campaign.members, allow_duplicate_email=warned.get("email") == email)
        except ValidationError:
            if roster.email_holder(host.campaign.members, email, member) is not None:
                warned["email"] = email  # saving again with the same email keeps both
            raise

    result = await host.push_screen_wait(FormScreen(_("Edit member") if member else _("Add to the roster"), fields, values, build))
    if result is None:
        return
    before = current(host, member) if member else Member(name=result.name)
    over = False  # a seat past capacity, asked for
    if roster.needs_a_seat(host.campaign.delegation, host.campaign.members, before, result.status):
        status = await ask_for_seat(host, result, result.status)
        if status is None:
            host.notify(_("Not saved: {name} was not added past the delegation's capacity.").format(name=result.name), severity="warning", markup=False)
            return
        over = status in roster.SEAT_HOLDING
        result = roster.with_status(result, status, host.clock.now().isoformat(timespec="seconds"))
    if member is None:
        host.submit(change(_("added {name} to the roster").format(name=result.name), [add_op(result)], over_capacity=over))
    else:  # only the fields changed in the form: someone else's change to another field stands
        host.submit(change(f"edited {result.name}", [update_op(member, result)], over_capacity=over))


async def delete_member(host: Host, member: Member) -> None:
    detail = " · ".join(part for part in (member.name, member.organization, member.email, member.status) if part)
    if await host.push_screen_wait(ConfirmScreen(_("Remove this person from the roster?"), detail)):
        if host.submit(change(_("removed {name} from the roster").format(name=member.name), [delete_op(member)])):
            host.notify(_("Removed {name}. u brings them back.").format(name=member.name), markup=False)


async def change_status(host: Host, member: Member, move: Callable[[str], str]) -> None:
    """Move someone along the statuses by `move`, from the status they have now (the key's
    step, not the status the screen showed when it was pressed); taking a seat the delegation
    no longer has is asked about first (the waitlist, or over capacity on purpose)."""
    now = current(host, member)
    status = move(now.status)
    if status == now.status:  # at either end of the statuses: nothing to do
        return
    over = False  # a seat past capacity, asked for
    if roster.needs_a_seat(host.campaign.delegation, host.campaign.members, now, status):
        chosen = await ask_for_seat(host, now, status)
        if chosen is None:
            return
        status, over = chosen, chosen in roster.SEAT_HOLDING
        now = current(host, member)  # the dialog may have stood open while others changed them
    after = roster.with_status(now, status, host.clock.now().isoformat(timespec="seconds"))
    host.submit(change(f"{now.name}: {now.status} → {status}", [update_op(now, after)], over_capacity=over))


async def ask_for_seat(host: Host, member: Member, status: str) -> str | None:
    """The delegation is full: 'waitlist', `status` (accept anyway) or None (leave it)."""
    d = host.campaign.delegation
    waiting = len(roster.waitlist(host.campaign.members))
    taken = roster.seats_taken(host.campaign.members)
    question = _("The delegation is full: {taken} of {capacity} seats taken.").format(taken=number(taken), capacity=number(d.capacity or 0))
    choices = [
        ("w", _("put {name} on the waitlist (number {n})").format(name=member.name, n=waiting + 1), "waitlist"),
        ("a", _("make them {status} anyway, over capacity").format(status=roster.status_word(status)), status),
    ]
    shown = f"{member.name}: {roster.status_word(member.status)} → {roster.status_word(status)}"
    chosen = await host.push_screen_wait(ChoiceScreen(question, shown, choices, escape_value=""))
    return chosen or None


async def import_csv(host: Host) -> Path | None:
    """The file to import (the app reads and previews it in a worker); in a browser, the command."""
    if host.is_web:
        host.notify(import_elsewhere("campaign-dash roster import FILE.csv", _("a roster CSV")), severity="warning", timeout=15, markup=False)
        return None
    return await ask_for_path(host, _("Import a roster CSV"), _("File"), "", True)


async def export_csv(host: Host) -> None:
    from store.roster_csv import export_csv as to_csv

    members = list(host.campaign.members)
    await export(
        host,
        _("Export the roster"),
        _("File"),
        Path.home() / "roster.csv",
        lambda: to_csv(members),
        lambda where: _("Wrote {n} people to {where}.").format(n=number(len(members)), where=where),
    )
