"""What the app does when the petition pane asks: tallies, corrections, goal, source; one fetch."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from store import petition as rules
from store.changes import add_op, change, update_op
from store.feeds import FeedError, fetch_result, validate_source
from store.i18n import N_, _, number
from store.models import Reading
from store.validation import ValidationError

from .host import Host
from .screens.form import Field, FormScreen

def source_kinds() -> tuple[tuple[str, str], ...]:
    """The live source's kinds, as shown (in the interface's language) and as stored."""
    return (("Action Network", "action_network"), (_("Any JSON URL"), "json"), (_("None (counts by hand only)"), "none"))


def add_reading(host: Host, reading: Reading, *, fetched: bool = False) -> bool:
    """A reading as a change; a fetched one is the app's, not the organizer's, so `u` skips it."""
    return host.submit(change(rules.reading_summary(reading), [add_op(reading)], automatic=fetched), undoable=not fetched)


async def tally(host: Host, correction: bool) -> None:
    if not correction:
        title, label, build_reading, hint = _("Add signatures"), N_("Signatures"), rules.tally_reading, N_("how many, e.g. 35")
    else:
        title, label, build_reading = _("Set the count"), N_("Count"), rules.set_reading
        hint = _("the total now (currently {count})").format(count=number(rules.current_count(host.campaign.petition)))
    fields = [Field("count", label, hint), Field("note", N_("Note"), N_("e.g. paper sheets, Boston event"))]

    def build(typed: dict[str, str]) -> Reading:
        return build_reading(typed["count"], typed["note"], host.clock.now())

    reading = await host.push_screen_wait(FormScreen(title, fields, {}, build))
    if reading is not None and add_reading(host, reading):
        host.notify(_("Count is now {count}. u undoes it.").format(count=number(rules.current_count(host.campaign.petition))), markup=False)


def _source_from_form(typed: dict[str, str]):  # type: ignore[no-untyped-def]
    """The FeedSource the form describes, "none", or ValidationError naming each bad field."""
    if typed["kind"] in ("", "none"):
        return "none"
    errors = {}
    try:
        interval = int(typed["interval"].strip() or "300")
    except ValueError:
        errors["interval"] = _("a whole number of seconds")
        interval = 300
    try:
        max_drop = float(typed["max_drop"].strip() or "0.1")
    except ValueError:
        errors["max_drop"] = _("a share such as 0.1")
        max_drop = 0.1
    try:
        result = validate_source(typed["kind"], typed["url"], typed["path"], interval, max_drop)
    except ValidationError as error:
        errors = {**error.errors, **errors}
    if errors:
        raise ValidationError(errors)
    return result


async def edit_source(host: Host) -> None:
    petition = host.campaign.petition
    source = petition.source
    fields = [
        Field("kind", N_("Source"), choices=source_kinds()),
        Field("url", N_("URL or id"), N_("API URL, or the Action Network petition id")),
        Field("path", N_("Count at"), N_("JSON only: e.g. data.attributes.signature_count")),
        Field("interval", N_("Every (s)"), N_("seconds between fetches, at least 30")),
        Field("max_drop", N_("Max fall"), N_("a fall of more than this share is refused, e.g. 0.1")),
    ]
    values = {
        "kind": source.kind if source else "none",
        "url": source.url if source else "",
        "path": source.path if source and source.kind == "json" else "",
        "interval": str(source.interval_s if source else 300),
        "max_drop": str(source.max_drop_share if source else 0.1),
    }
    result = await host.push_screen_wait(FormScreen(_("Live count source"), fields, values, _source_from_form))
    if result is None:
        return
    new_source = None if result == "none" else result
    summary = _("removed the live count source") if new_source is None else _("set the live count source to {url}").format(url=new_source.url)
    if host.submit(change(summary, [update_op(petition, replace(petition, source=new_source))])) and new_source:
        host.fetch_petition_now()


async def fetch_once(host: Host) -> tuple[Reading | None, tuple[str, ...]]:
    """One fetch from the configured source, as a reading (an error reading if it failed), and
    what the organizer should know about how it went (plain http to this machine...)."""
    source = host.campaign.petition.source
    if source is None:
        return None, ()
    await asyncio.to_thread(__import__, "httpx")  # a slow import, kept off the UI thread
    try:
        result = await fetch_result(source)
    except FeedError as error:
        return rules.error_reading(source.kind, str(error), host.clock.now()), ()
    return rules.feed_reading(host.campaign.petition, result.count, source.kind, host.clock.now()), result.warnings
