"""`campaign-dash petition ...`: the status block, tallies, goal, source, refresh, history."""

from __future__ import annotations

import asyncio
import csv
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from store import details
from store import petition as rules
from store.changes import add_op, change, update_op
from store.db import CampaignStore
from store.i18n import N_, _, number
from store.models import Campaign, Reading
from store.validation import ValidationError

from .cli_common import EscapedStream, Settings, commit, common_options, context, echo, echo_json, fail, fail_fields
from .cli_help import argument, group, option


def _print_status(campaign: Campaign, day: date) -> None:
    from store.summary import petition_lines

    echo("\n".join(petition_lines(campaign, day)))


def _show(campaign: Campaign, day: date, as_json: bool) -> None:
    if as_json:
        from store.summary import petition_data

        echo_json(petition_data(campaign, day))
    else:
        _print_status(campaign, day)


@group("petition", invoke_without_command=True, help=N_("The petition: with no command, print its status (count, goal, pace, projection)."))
@common_options
@option("--json", "as_json", is_flag=True, help=N_("As one JSON object."))
@click.pass_context
def petition_group(ctx: click.Context, db: Path | None, today: date | None, as_json: bool) -> None:
    if ctx.invoked_subcommand is None:
        settings, _store, campaign = context(ctx, db, today)
        _show(campaign, settings.clock.today(), as_json)


@petition_group.command("show", help=N_("Print the petition's status: count, goal, deadline, pace, projection, milestones, source."))
@common_options
@option("--json", "as_json", is_flag=True, help=N_("As one JSON object."))
@click.pass_context
def petition_show(ctx: click.Context, db: Path | None, today: date | None, as_json: bool) -> None:
    settings, _store, campaign = context(ctx, db, today)
    _show(campaign, settings.clock.today(), as_json)


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


@petition_group.command("add", help=N_("Add COUNT signatures gathered by hand."))
@common_options
@argument("count", metavar=N_("COUNT"))
@option("--note", default="", help=N_("Where they came from, e.g. 'paper sheets, Boston event'."))
@click.pass_context
def petition_add(ctx: click.Context, db: Path | None, today: date | None, count: str, note: str) -> None:
    _manual(ctx, db, today, count, note, rules.tally_reading)


@petition_group.command("set", help=N_("Set the total count."))
@common_options
@argument("count", metavar=N_("COUNT"))
@option("--note", default="", help=N_("Why, e.g. 'recounted the paper sheets'."))
@click.pass_context
def petition_set(ctx: click.Context, db: Path | None, today: date | None, count: str, note: str) -> None:
    _manual(ctx, db, today, count, note, rules.set_reading)


def _edit(ctx: click.Context, db: Path | None, today: date | None, fields: dict[str, str]) -> None:
    """Title, link, goal and deadline through the store's one rule (the milestone at the old goal
    follows the goal), as one change; bad values refused by name, nothing written."""
    settings, store, campaign = context(ctx, db, today)
    try:
        updated = details.build_petition(campaign.petition, fields, settings.clock.today().year)
    except ValidationError as error:
        fail_fields(error)
    op = update_op(campaign.petition, updated)
    if op is None:
        echo(_("nothing changed: the petition already says that"), err=True)
    elif list(op.fields) == ["goal"] or set(op.fields) == {"goal", "milestones"}:
        commit(store, settings, change(_("set the petition goal to {goal}").format(goal=number(updated.goal)), [op]))
    else:
        commit(store, settings, change(_("edited the petition ({fields})").format(fields=", ".join(op.fields)), [op]))
    _print_status(store.load(), settings.clock.today())


@petition_group.command("edit", help=N_("Change the petition's title, link, goal or deadline (what is not given stays)."))
@common_options
@option("--title", metavar=N_("TEXT"), help=N_("The petition's title."))
@option("--url", metavar=N_("URL"), help=N_("The petition's page (https://...); '' removes it."))
@option("--goal", metavar="N", help=N_("Signatures wanted; the milestone at the old goal moves with it."))
@option("--deadline", metavar=N_("DATE"), help=N_("YYYY-MM-DD (or MM-DD in the current year); '' removes it."))
@click.pass_context
def petition_edit(ctx: click.Context, db: Path | None, today: date | None, **typed: str | None) -> None:
    fields = {key: value for key, value in typed.items() if value is not None}
    if not fields:
        fail(_("nothing to set: give --title, --url, --goal or --deadline"))
    _edit(ctx, db, today, fields)


@petition_group.command("goal", help=N_("Set the goal (and the deadline); the same as `petition edit --goal N [--deadline DATE]`."))
@common_options
@argument("goal", metavar=N_("GOAL"))
@option("--deadline", metavar=N_("DATE"), default=None, help=N_("YYYY-MM-DD; '' removes it."))
@click.pass_context
def petition_goal(ctx: click.Context, db: Path | None, today: date | None, goal: str, deadline: str | None) -> None:
    _edit(ctx, db, today, {"goal": goal} if deadline is None else {"goal": goal, "deadline": deadline})


# --- milestones -------------------------------------------------------------------------------


@petition_group.group("milestone", help=N_("The petition's milestones: list, add, edit, remove (the goal's own milestone follows the goal)."))
def milestone_group() -> None:
    pass


def _milestone_change(ctx: click.Context, db: Path | None, today: date | None, build, summary) -> None:  # type: ignore[no-untyped-def]
    """One change setting the petition's milestones to `build(petition)`; `summary(milestones)` says what it did."""
    settings, store, campaign = context(ctx, db, today)
    try:
        milestones = build(campaign.petition)
    except ValidationError as error:
        fail_fields(error)
    except ValueError as error:
        fail(str(error))
    op = update_op(campaign.petition, replace(campaign.petition, milestones=milestones))
    if op is None:
        echo(_("nothing changed: the milestone already says that"), err=True)
    else:
        commit(store, settings, change(summary, [op], area="petition"))
    updated = store.load()
    for line in _milestone_lines(updated.petition):
        echo(line)


def _milestone_lines(petition) -> list[str]:  # type: ignore[no-untyped-def]
    if not petition.milestones:
        return [_("no milestones")]
    return [
        f"{m.count:>12,}  {m.label}  [{_('reached') if rules.milestone_reached(m, petition) else _('not yet')}]"
        + ("  " + _("(the goal)") if m.count == petition.goal else "")
        for m in petition.milestones
    ]


@milestone_group.command("list", help=N_("The milestones in count order, each reached or not yet."))
@common_options
@option("--json", "as_json", is_flag=True, help=N_("As a JSON list."))
@click.pass_context
def milestone_list(ctx: click.Context, db: Path | None, today: date | None, as_json: bool) -> None:
    _settings, _store, campaign = context(ctx, db, today)
    p = campaign.petition
    if as_json:
        echo_json([{"count": m.count, "label": m.label, "reached": rules.milestone_reached(m, p), "goal": m.count == p.goal} for m in p.milestones])
    else:
        echo("\n".join(_milestone_lines(p)))


@milestone_group.command("add", help=N_("Add a milestone: COUNT signatures, and what it means (LABEL)."))
@common_options
@argument("count", metavar=N_("COUNT"))
@argument("label", metavar=N_("LABEL"))
@click.pass_context
def milestone_add(ctx: click.Context, db: Path | None, today: date | None, count: str, label: str) -> None:
    _milestone_change(
        ctx, db, today,
        lambda p: details.build_milestone(p, {"count": count, "label": label}),
        _("added the milestone at {count}: {label}").format(count=_count_words(count), label=label.strip()),
    )


def _count_words(text: str) -> str:
    """'2000' as '2,000' for a change's summary (the count is checked when the change is built)."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    return number(int(cleaned)) if cleaned.isdigit() else text.strip()


def _found(petition, count: str):  # type: ignore[no-untyped-def]
    try:
        return details.find_milestone(petition, count)
    except ValueError as error:
        raise ValidationError({"count": str(error)}) from None


@milestone_group.command("edit", help=N_("Change the milestone at COUNT: its count, its label or both."))
@common_options
@argument("count", metavar=N_("COUNT"))
@option("--count", "new_count", metavar="N", help=N_("Its new count."))
@option("--label", metavar=N_("TEXT"), help=N_("Its new label."))
@click.pass_context
def milestone_edit(ctx: click.Context, db: Path | None, today: date | None, count: str, new_count: str | None, label: str | None) -> None:
    if new_count is None and label is None:
        fail(_("nothing to set: give --count or --label"))

    def build(p):  # type: ignore[no-untyped-def]
        milestone = _found(p, count)
        fields = {"count": str(milestone.count) if new_count is None else new_count, "label": milestone.label if label is None else label}
        return details.build_milestone(p, fields, editing=milestone)

    _milestone_change(ctx, db, today, build, _("edited the milestone at {count}").format(count=_count_words(count)))


@milestone_group.command("remove", help=N_("Remove the milestone at COUNT (`undo` brings it back)."))
@common_options
@argument("count", metavar=N_("COUNT"))
@click.pass_context
def milestone_remove(ctx: click.Context, db: Path | None, today: date | None, count: str) -> None:
    _milestone_change(
        ctx, db, today,
        lambda p: details.without_milestone(p, _found(p, count)),
        _("removed the milestone at {count}").format(count=_count_words(count)),
    )


@petition_group.command(
    "source",
    help=N_(
        "Where the live count comes from: action-network URL_OR_ID, json URL --path P, or none.\n\n"
        "The Action Network API key is read from the environment variable ACTION_NETWORK_API_KEY "
        "at each fetch; it is never stored."
    ),
)
@common_options
@argument("kind", type=click.Choice(["action-network", "json", "none"]))
@argument("url", required=False, default="")
@option("--path", default="", help=N_("JSON: dotted path to the count, e.g. data.attributes.signature_count."))
@option("--interval", default=300, show_default=True, help=N_("Seconds between fetches in the dashboard (at least 30)."))
@option("--max-drop", default=0.1, show_default=True, help=N_("Refuse a count that falls by more than this share."))
@click.pass_context
def petition_source(ctx: click.Context, db: Path | None, today: date | None, kind: str, url: str, path: str, interval: int, max_drop: float) -> None:
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
        summary = _("removed the live count source") if source is None else _("set the live count source to {url}").format(url=source.url)
        commit(store, settings, change(summary, [op]))
    if source is None:
        echo(_("live source removed"))
    else:
        echo(_("live source: {kind} {url} (count at {path})").format(kind=source.kind, url=source.url, path=source.path))


@petition_group.command("refresh", help=N_("Fetch the live count once; the exit code says whether it worked (0 yes, 1 no)."))
@common_options
@click.pass_context
def petition_refresh(ctx: click.Context, db: Path | None, today: date | None) -> None:
    from store.feeds import FeedError, fetch_result

    settings, store, campaign = context(ctx, db, today)
    clock = settings.clock
    source = campaign.petition.source
    if source is None:
        fail(_("no live source set (campaign-dash petition source ...)"))
    try:
        result = asyncio.run(fetch_result(source))
        for warning in result.warnings:
            echo(_("campaign-dash: warning: {warning}").format(warning=warning), err=True)
        reading = rules.feed_reading(campaign.petition, result.count, source.kind, clock.now())
    except FeedError as error:
        reading = rules.error_reading(source.kind, str(error), clock.now())
    if reading.error:
        commit(store, settings, change(rules.reading_summary(reading), [add_op(reading)], automatic=True))
        echo(_("campaign-dash: count not updated: {error}").format(error=reading.error), err=True)
        sys.exit(1)
    _save_reading(store, settings, reading, fetched=True)


@petition_group.command("history", help=N_("Every reading: when, the count, where it came from, and any error."))
@common_options
@option("--csv", "as_csv", is_flag=True, help=N_("As CSV (time, count, source, added, remote, note, error)."))
@option("--json", "as_json", is_flag=True, help=N_("As a JSON list, oldest first."))
@click.pass_context
def petition_history(ctx: click.Context, db: Path | None, today: date | None, as_csv: bool, as_json: bool) -> None:
    _settings, _store, campaign = context(ctx, db, today)
    readings = campaign.petition.readings
    totals = {r.id: total for r, total in rules.running_totals(campaign.petition)}
    if as_json:
        echo_json([
            {
                "at": r.at.isoformat(timespec="seconds"), "total": totals.get(r.id), "kind": rules.reading_kind(r),
                "source": r.source, "added": r.added, "remote": r.remote, "set_to": r.count if r.added is None and r.remote is None else None,
                "note": r.note, "error": r.error,
            }
            for r in readings
        ])
        return
    if as_csv:
        writer = csv.writer(EscapedStream(sys.stdout), lineterminator="\n")
        writer.writerow(["time", "count", "source", "added", "remote", "note", "error"])
        for r in readings:
            writer.writerow([r.at.isoformat(timespec="seconds"), totals.get(r.id, ""), r.source, r.added or "", r.remote if r.remote is not None else "", r.note, r.error])
        return
    for r in readings:
        count = f"{totals[r.id]:>10,}" if r.id in totals else f"{'-':>10}"
        detail = _("error: {error}").format(error=r.error) if r.error else r.note
        if r.added is not None:
            detail = f"+{r.added:,}" + (f" {detail}" if detail else "")
        echo(f"{r.at:%Y-%m-%d %H:%M}  {count}  {r.source:<15} {detail}")
