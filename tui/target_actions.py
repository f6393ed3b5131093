"""The letter's targets as a list: add, edit, remove, reorder, and their tweets per language."""

from __future__ import annotations

from rich.text import Text

from store import targets as rules
from store.changes import add_op, change, delete_op, update_op
from store.i18n import N_, _
from store.models import Campaign, Target
from widgets.keys import bindings

from .host import Host
from .screens.confirm import ConfirmScreen
from .screens.form import Field, FormScreen
from .screens.records import RecordListScreen, Row, always, on_record

TARGET_FIELDS = [
    Field("name", N_("Name"), N_("a person or an office")),
    Field("role", N_("Title"), N_("e.g. Minister of Labor")),
    Field("organization", N_("Organization"), N_("e.g. Ministry of Labor")),
    Field("emails", N_("Emails"), N_("one or more, separated by spaces or commas")),
    Field("send_as", N_("Send as"), choices=(("to", "to"), ("cc", "cc"))),
    Field("handles", N_("X handles"), N_("e.g. @trabajosv @RolandoCastroSV")),
]


class TargetsScreen(RecordListScreen):
    BINDINGS = [*RecordListScreen.BINDINGS, *bindings("targets")]  # widgets/keys.py


def target_rows(campaign: Campaign) -> list[Row]:
    rows = []
    for target in campaign.targets:
        line = Text.assemble((f"{target.send_as:<3}", "dim"), (target.name, "bold"))
        if target.role:
            line.append(f", {target.role}")
        for part in (" ".join(target.emails), " ".join(target.handles)):
            if part:
                line.append(f"  {part}", style="cyan")
        langs = ", ".join(target.tweets) or _("no tweet")
        line.append("  · " + _("tweets: {languages}").format(languages=langs), style="dim")
        rows.append((target.id, line))
    return rows


async def manage_targets(host: Host) -> None:
    screen: TargetsScreen

    def targets() -> list[Target]:
        return host.campaign.targets

    async def add() -> None:
        added = await edit_target(host, None)
        if added is not None:
            screen.select(added.id)

    handlers = {
        "add": always(add),
        "edit": on_record(targets, lambda target: edit_target(host, target)),
        "tweets": on_record(targets, lambda target: edit_tweets(host, target)),
        "remove": on_record(targets, lambda target: remove_target(host, target)),
        "up": on_record(targets, lambda target: move_target(host, target, -1)),
        "down": on_record(targets, lambda target: move_target(host, target, 1)),
        "undo": always(lambda: host.undo("letter")),
    }
    screen = TargetsScreen(
        _("Targets of the letter and tweets"),
        host.campaign,
        target_rows,
        handlers,
        _("No targets yet: a adds one (who the letter is sent to, and whom the tweets name)."),
    )
    await host.push_screen_wait(screen)


async def edit_target(host: Host, target: Target | None) -> Target | None:
    if target is not None:
        values = {
            "name": target.name,
            "role": target.role,
            "organization": target.organization,
            "emails": " ".join(target.emails),
            "send_as": target.send_as,
            "handles": " ".join(target.handles),
        }
    else:
        values = {"send_as": "cc" if host.campaign.targets else "to"}

    def build(typed: dict[str, str]) -> Target:
        return rules.build_target(host.campaign, typed, target)

    result = await host.push_screen_wait(FormScreen(_("Edit target") if target else _("Add a target"), TARGET_FIELDS, values, build))
    if result is None:
        return None
    if target is None:
        done = host.submit(change(_("added the target {name}").format(name=result.name), [add_op(result)]))
    else:
        done = host.submit(change(_("edited the target {name}").format(name=result.name), [update_op(target, result)]))
    return result if done else None


async def edit_tweets(host: Host, target: Target) -> None:
    from .screens.tweets import TweetScreen

    result = await host.push_screen_wait(TweetScreen(target, host.campaign.info.languages))
    if result is not None:
        host.submit(change(_("edited the tweets to {name}").format(name=result.name), [update_op(target, result)]))


async def remove_target(host: Host, target: Target) -> None:
    detail = " · ".join(part for part in (target.role, " ".join(target.emails), " ".join(target.handles)) if part)
    if await host.push_screen_wait(ConfirmScreen(_("Remove the target {name}?").format(name=target.name), detail + "\n" + _("u brings them back."))):
        host.submit(change(_("removed the target {name}").format(name=target.name), [delete_op(target)]))


def move_target(host: Host, target: Target, step: int) -> None:
    moves = rules.reordered(host.campaign, target, step)
    if not moves:
        host.notify((_("{name} is already first.") if step < 0 else _("{name} is already last.")).format(name=target.name), markup=False)
        return
    said = _("moved the target {name} up") if step < 0 else _("moved the target {name} down")
    host.submit(change(said.format(name=target.name), [update_op(before, after) for before, after in moves]))
