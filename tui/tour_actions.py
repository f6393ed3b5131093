"""What the app does when the tour pane asks: open forms and confirmations, submit the change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from store import tour
from store.changes import add_op, change, delete_op, update_op
from store.models import Speaker, TourStop

from .host import Host
from .screens.confirm import ConfirmScreen
from .screens.form import Field, FormScreen, ask_for_path, choices_from

SPEAKER_FIELDS = [
    Field("name", "Name"),
    Field("organization", "Organization", "e.g. STSEL"),
    Field("role", "Role", "e.g. Treasurer, Federation of Public Sector Workers"),
    Field("region", "Region", "e.g. East Coast"),
]


def stop_fields(host: Host) -> list[Field]:
    year = host.clock.today().year
    return [
        Field("speaker", "Speaker", choices=choices_from(host.campaign.speakers, lambda s: s.name)),
        Field("city", "City"),
        Field("start", "First day", f"YYYY-MM-DD (MM-DD means {year})"),
        Field("end", "Last day", "YYYY-MM-DD; blank for a one-day stop"),
        Field("venue", "Venue"),
        Field("notes", "Notes"),
    ]


async def edit_stop(host: Host, stop: TourStop | None, day: date | None = None) -> None:
    if not host.campaign.speakers:
        host.notify("Add a speaker first (S in the tour pane).", severity="warning")
        return
    if stop is not None:
        values = {
            "speaker": stop.speaker_id,
            "city": stop.city,
            "start": stop.start.isoformat(),
            "end": stop.end.isoformat(),
            "venue": stop.venue,
            "notes": stop.notes,
        }
    else:
        values = {"start": day.isoformat() if day else ""}
        if len(host.campaign.speakers) == 1:
            values["speaker"] = host.campaign.speakers[0].id

    def build(typed: dict[str, str]) -> TourStop:
        return tour.build_stop(host.campaign, typed, host.clock.today().year, existing=stop)

    result = await host.push_screen_wait(FormScreen("Edit stop" if stop else "Add a stop", stop_fields(host), values, build))
    if result is None:
        return
    if stop is None:
        done = host.submit(change(f"added a stop in {result.city} ({result.start.isoformat()})", [add_op(result)]))
    else:
        done = host.submit(change(f"edited the stop in {result.city}", [update_op(stop, result)]))
    problems = [p.text for p in tour.problems(host.campaign) if result.id in p.stop_ids]
    if done and problems:
        host.notify("Saved, but: " + "; ".join(problems), severity="warning", markup=False)


async def delete_stop(host: Host, stop: TourStop) -> None:
    if await host.push_screen_wait(ConfirmScreen("Delete this stop?", tour.stop_line(host.campaign, stop))):
        if host.submit(change(f"deleted the stop in {stop.city} ({stop.start.isoformat()})", [delete_op(stop)])):
            host.notify(f"Deleted {stop.city}. u brings it back.", markup=False)


async def edit_speaker(host: Host, speaker: Speaker | None) -> None:
    values = (
        {"name": speaker.name, "organization": speaker.organization, "role": speaker.role, "region": speaker.region}
        if speaker
        else {}
    )

    def build(typed: dict[str, str]) -> Speaker:
        return tour.build_speaker(host.campaign, typed, existing=speaker)

    result = await host.push_screen_wait(FormScreen("Edit speaker" if speaker else "Add a speaker", SPEAKER_FIELDS, values, build))
    if result is None:
        return
    if speaker is None:
        host.submit(change(f"added the speaker {result.name}", [add_op(result)]))
    else:
        host.submit(change(f"edited the speaker {result.name}", [update_op(speaker, result)]))


async def export_tour(host: Host) -> None:
    from store.ical import export_calendar

    path = await ask_for_path(host, "Export the tour", "iCalendar file", str(Path.home() / "campaign-tour.ics"), False)
    if path is not None:
        campaign = host.campaign
        stops = tour.stops_in_order(campaign)
        host.write_file(path, lambda: export_calendar(campaign, stops), f"Wrote {len(stops)} stops to {path}.")
