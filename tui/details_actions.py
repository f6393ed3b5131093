"""The campaign's own details, edited in forms: the campaign (name, description, languages), the
petition (title, link, goal, deadline; its milestones as a list) and the delegation (name,
dates, capacity). The rules are store.details'; each save is one undoable change."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text

from store import details, petition as petition_rules
from store.changes import change, update_op
from store.i18n import N_, _, number
from store.models import Campaign, Milestone
from widgets.keys import bindings

from .host import Host
from .screens.form import Field, FormScreen
from .screens.records import RecordListScreen, Row, always, on_record


def _day(value) -> str:  # type: ignore[no-untyped-def]
    return value.isoformat() if value else ""


async def edit_campaign(host: Host) -> None:
    info = host.campaign.info
    fields = [
        Field("name", N_("Name"), N_("what organizers call the campaign")),
        Field("summary", N_("About"), N_("one or two sentences")),
        Field("organization", N_("Organized by"), N_("e.g. CISPES")),
        Field("languages", N_("Languages"), N_("es, en or both; the first is the main one")),
        Field(
            "interface_language",
            N_("Interface"),
            N_("the dashboard's language for everyone, from their next start (--lang still wins)"),
            choices=((_("each computer's own"), "auto"), ("español", "es"), ("English", "en")),
        ),
    ]
    values = {
        "name": info.name,
        "summary": info.summary,
        "organization": info.organization,
        "languages": ", ".join(info.languages),
        "interface_language": info.interface_language or "auto",
    }
    result = await host.push_screen_wait(FormScreen(_("Campaign"), fields, values, lambda typed: details.build_info(info, typed)))
    if result is not None:
        host.submit(change(_("edited the campaign {name}").format(name=result.name), [update_op(info, result)], area="campaign"))


async def edit_petition(host: Host) -> None:
    petition = host.campaign.petition
    year = host.clock.today().year
    fields = [
        Field("title", N_("Title"), N_("what people sign")),
        Field("url", N_("Link"), N_("https://... where people sign (optional)")),
        Field("goal", N_("Goal"), N_("signatures wanted")),
        Field("deadline", N_("Deadline"), _("YYYY-MM-DD (MM-DD means {year}); blank for none").format(year=year)),
    ]
    values = {
        "title": petition.title,
        "url": petition.url,
        "goal": str(petition.goal) if petition.goal else "",
        "deadline": _day(petition.deadline),
    }

    def build(typed: dict[str, str]):  # type: ignore[no-untyped-def]
        return details.build_petition(petition, typed, year)

    result = await host.push_screen_wait(FormScreen(_("Petition"), fields, values, build))
    if result is None:
        return
    host.submit(change(petition_summary(petition, result), [update_op(petition, result)]))


def petition_summary(before, after) -> str:  # type: ignore[no-untyped-def]
    """'set the petition goal to 3,000, deadline 2013-04-27', naming what else changed."""
    deadline = ", " + (_("deadline {day}").format(day=after.deadline.isoformat()) if after.deadline else _("no deadline"))
    parts = []
    if after.title != before.title:
        parts.append(f"title {after.title!r}")
    if after.url != before.url:
        parts.append(f"link {after.url or '(none)'}")
    if (after.goal, after.deadline) != (before.goal, before.deadline) or not parts:
        parts.append(_("goal to {goal}").format(goal=number(after.goal)) + deadline)
    return _("set the petition {what}").format(what="; ".join(parts))


# --- milestones --------------------------------------------------------------------------------


class MilestonesScreen(RecordListScreen):
    BINDINGS = [*RecordListScreen.BINDINGS, *bindings("milestones")]  # widgets/keys.py


def milestone_rows(campaign: Campaign) -> list[Row]:
    p = campaign.petition
    rows = []
    for m in p.milestones:
        reached = petition_rules.milestone_reached(m, p)
        line = Text.assemble(("✓ " if reached else "○ "), (f"{m.count:,}", "bold"), "  ", m.label)
        if m.count == p.goal:
            line.append("  " + _("(the goal: moves with it)"), style="dim")
        rows.append((str(m.count), line))
    return rows


async def manage_milestones(host: Host) -> None:
    def milestones() -> list[Milestone]:
        return host.campaign.petition.milestones

    def remove(milestone: Milestone) -> None:
        petition = host.campaign.petition
        after = replace(petition, milestones=details.without_milestone(petition, milestone))
        host.submit(change(_("removed the milestone {count}").format(count=number(milestone.count)), [update_op(petition, after)]))

    def count(milestone: Milestone) -> str:  # milestones have no id: their count is unique
        return str(milestone.count)

    handlers = {
        "add": always(lambda: edit_milestone(host, None)),
        "edit": on_record(milestones, lambda milestone: edit_milestone(host, milestone), key=count),
        "remove": on_record(milestones, remove, key=count),
        "undo": always(lambda: host.undo("petition")),
    }
    screen = MilestonesScreen(
        _("Petition milestones"),
        host.campaign,
        milestone_rows,
        handlers,
        _("No milestones yet: a adds one (a count, and what reaching it means)."),
    )
    await host.push_screen_wait(screen)


async def edit_milestone(host: Host, milestone: Milestone | None) -> None:
    petition = host.campaign.petition
    fields = [Field("count", N_("Count"), N_("signatures, e.g. 1000")), Field("label", N_("Meaning"), N_("e.g. delivered to the embassy"))]
    values = {"count": str(milestone.count), "label": milestone.label} if milestone else {}

    def build(typed: dict[str, str]) -> list[Milestone]:
        return details.build_milestone(host.campaign.petition, typed, milestone)

    result = await host.push_screen_wait(FormScreen(_("Edit milestone") if milestone else _("Add a milestone"), fields, values, build))
    if result is None:
        return
    count = typed_count(result, petition.milestones)
    said = _("edited the milestone {count}") if milestone else _("added the milestone {count}")
    host.submit(change(said.format(count=count), [update_op(petition, replace(petition, milestones=result))]))


def typed_count(after: list[Milestone], before: list[Milestone]) -> str:
    """The count of the milestone that is new in `after`, for the change's summary."""
    new = [m for m in after if m not in before]
    return f"{new[0].count:,}" if new else ""


# --- the delegation ----------------------------------------------------------------------------


async def edit_delegation(host: Host) -> None:
    delegation = host.campaign.delegation
    year = host.clock.today().year
    fields = [
        Field("name", N_("Name"), N_("e.g. May Day delegation to El Salvador")),
        Field("destination", N_("Destination"), N_("where it travels")),
        Field("start", N_("First day"), _("YYYY-MM-DD (MM-DD means {year})").format(year=year)),
        Field("end", N_("Last day"), N_("YYYY-MM-DD")),
        Field("capacity", N_("Seats"), N_("how many can go; blank for no limit")),
    ]
    values = {
        "name": delegation.name,
        "destination": delegation.destination,
        "start": _day(delegation.start),
        "end": _day(delegation.end),
        "capacity": "" if delegation.capacity is None else str(delegation.capacity),
    }

    def build(typed: dict[str, str]):  # type: ignore[no-untyped-def]
        return details.build_delegation(delegation, typed, year)

    result = await host.push_screen_wait(FormScreen(_("Delegation"), fields, values, build))
    if result is None:
        return
    seats = _("no seat limit") if result.capacity is None else _("{n} seats").format(n=number(result.capacity))
    host.submit(change(_("set the delegation {name}: {seats}").format(name=repr(result.name), seats=seats), [update_op(delegation, result)]))
