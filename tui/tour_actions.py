"""What the app does when the tour pane asks: open forms and confirmations, apply the result.

Kept out of app.py so the App class stays a wiring diagram; these functions get the app and
work only through its public helpers (campaign, refresh, save_record, delete_record).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from store import tour
from store.models import Speaker, TourStop, upsert_by_id

from .screens.confirm import ConfirmScreen
from .screens.form import Field, FormScreen, ask_for_path, choices_from

if TYPE_CHECKING:
    from .app import CampaignDashApp

SPEAKER_FIELDS = [
    Field("name", "Name"),
    Field("organization", "Organization", "e.g. STSEL"),
    Field("role", "Role", "e.g. Treasurer, Federation of Public Sector Workers"),
    Field("region", "Region", "e.g. East Coast"),
]


@dataclass
class TourUndo:
    """Deleted stops, newest last, so `u` can bring them back one by one."""

    deleted: list[TourStop] = field(default_factory=list)


def stop_fields(app: CampaignDashApp) -> list[Field]:
    year = app.clock.today().year
    return [
        Field("speaker", "Speaker", choices=choices_from(app.campaign.speakers, lambda s: s.name)),
        Field("city", "City"),
        Field("start", "First day", f"YYYY-MM-DD (MM-DD means {year})"),
        Field("end", "Last day", "YYYY-MM-DD; blank for a one-day stop"),
        Field("venue", "Venue"),
        Field("notes", "Notes"),
    ]


def edit_stop(app: CampaignDashApp, stop: TourStop | None, day=None) -> None:  # type: ignore[no-untyped-def]
    if not app.campaign.speakers:
        app.notify("Add a speaker first (S in the tour pane).", severity="warning")
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
        if len(app.campaign.speakers) == 1:
            values["speaker"] = app.campaign.speakers[0].id

    def build(typed: dict[str, str]) -> TourStop:
        return tour.build_stop(app.campaign, typed, app.clock.today().year, existing=stop)

    def done(result: TourStop | None) -> None:
        if result is None:
            return
        upsert_by_id(app.campaign.stops, result)
        app.refresh_panes()
        app.save_record(result, f"stop in {result.city}")
        problems = [p.text for p in tour.problems(app.campaign) if result.id in p.stop_ids]
        if problems:
            app.notify("Saved, but: " + "; ".join(problems), severity="warning", markup=False)

    title = "Edit stop" if stop else "Add a stop"
    app.push_screen(FormScreen(title, stop_fields(app), values, build), done)


def delete_stop(app: CampaignDashApp, undo: TourUndo, stop: TourStop) -> None:
    def answered(yes: bool | None) -> None:
        if not yes:
            return
        app.campaign.stops = [s for s in app.campaign.stops if s.id != stop.id]
        undo.deleted.append(stop)
        app.refresh_panes()
        app.delete_record(TourStop, stop.id, f"stop in {stop.city}")
        app.notify(f"Deleted {stop.city}. u brings it back.", markup=False)

    app.push_screen(ConfirmScreen("Delete this stop?", tour.stop_line(app.campaign, stop)), answered)


def undo_delete(app: CampaignDashApp, undo: TourUndo) -> None:
    if not undo.deleted:
        app.notify("Nothing to undo: no stop was deleted in this session.", severity="warning")
        return
    stop = undo.deleted.pop()
    app.campaign.stops.append(stop)
    app.refresh_panes()
    app.save_record(stop, f"stop in {stop.city}")
    app.notify(f"Restored {stop.city}.", markup=False)


def edit_speaker(app: CampaignDashApp, speaker: Speaker | None) -> None:
    values = (
        {"name": speaker.name, "organization": speaker.organization, "role": speaker.role, "region": speaker.region}
        if speaker
        else {}
    )

    def build(typed: dict[str, str]) -> Speaker:
        return tour.build_speaker(app.campaign, typed, existing=speaker)

    def done(result: Speaker | None) -> None:
        if result is None:
            return
        upsert_by_id(app.campaign.speakers, result)
        app.refresh_panes()
        app.save_record(result, f"speaker {result.name}")

    app.push_screen(FormScreen("Edit speaker" if speaker else "Add a speaker", SPEAKER_FIELDS, values, build), done)


def export_tour(app: CampaignDashApp) -> None:
    from store.ical import export_calendar

    stops = tour.stops_in_order(app.campaign)
    campaign = app.campaign
    ask_for_path(
        app, "Export the tour", "iCalendar file", str(Path.home() / "campaign-tour.ics"), False,
        lambda path: app.write_file(path, lambda: export_calendar(campaign, stops), f"Wrote {len(stops)} stops to {path}."),
    )
