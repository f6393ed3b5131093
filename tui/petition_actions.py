"""What the app does when the petition pane asks: tallies, goal, source, undo; and the poller."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

from store import petition as rules
from store.feeds import FeedError, fetch_count, validate_source
from store.models import Reading
from store.validation import ValidationError

from .screens.form import Field, FormScreen

if TYPE_CHECKING:
    from .app import CampaignDashApp

SOURCE_KINDS = (("Action Network", "action_network"), ("Any JSON URL", "json"), ("None (counts by hand only)", "none"))


def add_reading(app: CampaignDashApp, reading: Reading, what: str) -> None:
    app.campaign.petition.readings.append(reading)
    app.refresh_panes()
    app.save_record(reading, what)


def tally(app: CampaignDashApp, kind: str) -> None:
    petition = app.campaign.petition
    if kind == "tally":
        title, label, build_reading = "Add signatures", "Signatures", rules.tally_reading
        hint = "how many, e.g. 35"
    else:
        title, label, build_reading = "Set the count", "Count", rules.set_reading
        hint = f"the total now (currently {rules.current_count(petition):,})"
    fields = [Field("count", label, hint), Field("note", "Note", "e.g. paper sheets, Boston event")]

    def build(typed: dict[str, str]) -> Reading:
        return build_reading(petition, typed["count"], typed["note"], app.clock.now())

    def done(reading: Reading | None) -> None:
        if reading is not None:
            add_reading(app, reading, "petition count")
            app.notify(f"Count is now {reading.count:,}. u undoes it.", markup=False)

    app.push_screen(FormScreen(title, fields, {}, build), done)


def undo_tally(app: CampaignDashApp) -> None:
    petition = app.campaign.petition
    reading = rules.last_manual_reading(petition)
    if reading is None:
        app.notify("Nothing to undo: there is no count entered by hand.", severity="warning")
        return
    petition.readings = [r for r in petition.readings if r.id != reading.id]
    app.refresh_panes()
    app.delete_record(Reading, reading.id, "petition count")
    app.notify(f"Undone: {reading.note or 'the last count by hand'}. Count is {rules.current_count(petition):,}.", markup=False)


def edit_goal(app: CampaignDashApp) -> None:
    petition = app.campaign.petition
    fields = [Field("goal", "Goal", "signatures wanted"), Field("deadline", "Deadline", "YYYY-MM-DD; blank for none")]
    values = {"goal": str(petition.goal), "deadline": petition.deadline.isoformat() if petition.deadline else ""}

    def build(typed: dict[str, str]):  # type: ignore[no-untyped-def]
        return rules.with_goal(app.campaign.petition, typed["goal"], typed["deadline"], app.clock.today().year)

    def done(result) -> None:  # type: ignore[no-untyped-def]
        if result is not None:
            app.campaign.petition = result
            app.refresh_panes()
            app.save_record(result, "petition goal")

    app.push_screen(FormScreen("Goal and deadline", fields, values, build), done)


def edit_source(app: CampaignDashApp) -> None:
    petition = app.campaign.petition
    source = petition.source
    fields = [
        Field("kind", "Source", choices=SOURCE_KINDS),
        Field("url", "URL or id", "API URL, or the Action Network petition id"),
        Field("path", "Count at", "JSON only: e.g. data.attributes.signature_count"),
        Field("interval", "Every (s)", "seconds between fetches, at least 30"),
        Field("max_drop", "Max fall", "a fall of more than this share is refused, e.g. 0.1"),
    ]
    values = {
        "kind": source.kind if source else "none",
        "url": source.url if source else "",
        "path": source.path if source and source.kind == "json" else "",
        "interval": str(source.interval_s if source else 300),
        "max_drop": str(source.max_drop_share if source else 0.1),
    }

    def build(typed: dict[str, str]):  # type: ignore[no-untyped-def]
        if typed["kind"] in ("", "none"):
            return "none"
        errors = {}
        try:
            interval = int(typed["interval"].strip() or "300")
        except ValueError:
            errors["interval"] = "a whole number of seconds"
            interval = 300
        try:
            max_drop = float(typed["max_drop"].strip() or "0.1")
        except ValueError:
            errors["max_drop"] = "a share such as 0.1"
            max_drop = 0.1
        try:
            result = validate_source(typed["kind"], typed["url"], typed["path"], interval, max_drop)
        except ValidationError as error:
            errors = {**error.errors, **errors}
        if errors:
            raise ValidationError(errors)
        return result

    def done(result) -> None:  # type: ignore[no-untyped-def]
        if result is None:
            return
        app.campaign.petition = replace(app.campaign.petition, source=None if result == "none" else result)
        app.refresh_panes()
        app.save_record(app.campaign.petition, "petition source")
        if result != "none":
            app.fetch_petition_now()

    app.push_screen(FormScreen("Live count source", fields, values, build), done)


async def fetch_once(app: CampaignDashApp) -> Reading | None:
    """One fetch from the configured source, as a reading (an error reading if it failed)."""
    source = app.campaign.petition.source
    if source is None:
        return None
    await asyncio.to_thread(__import__, "httpx")  # a slow import, kept off the UI thread
    try:
        remote = await fetch_count(source)
    except FeedError as error:
        return rules.error_reading(source.kind, str(error), app.clock.now())
    return rules.feed_reading(app.campaign.petition, remote, source.kind, app.clock.now())
