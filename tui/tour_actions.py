"""What the app does when the tour pane asks: open forms and confirmations, submit the change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text

from store import tour
from store.changes import add_op, change, delete_op, update_op
from store.i18n import N_, _, ngettext
from store.models import Campaign, Speaker, TourStop
from widgets.keys import bindings

from .host import Host
from .screens.confirm import ConfirmScreen
from .exports import export
from .screens.form import Field, FormScreen, choices_from
from .screens.records import RecordListScreen, Row, always, on_record

SPEAKER_FIELDS = [
    Field("name", N_("Name")),
    Field("organization", N_("Organization"), N_("e.g. STSEL")),
    Field("role", N_("Role"), N_("e.g. Treasurer, Federation of Public Sector Workers")),
    Field("region", N_("Region"), N_("e.g. East Coast")),
]


def stop_fields(host: Host) -> list[Field]:
    year = host.clock.today().year
    return [
        Field("speaker", N_("Speaker"), choices=choices_from(host.campaign.speakers, lambda s: s.name)),
        Field("city", N_("City")),
        Field("start", N_("First day"), _("YYYY-MM-DD (MM-DD means {year})").format(year=year)),
        Field("end", N_("Last day"), N_("YYYY-MM-DD; blank for a one-day stop")),
        Field("venue", N_("Venue")),
        Field("notes", N_("Notes")),
    ]


async def edit_stop(host: Host, stop: TourStop | None, day: date | None = None) -> None:
    if not host.campaign.speakers:
        host.notify(_("Add a speaker first (S in the tour pane)."), severity="warning")
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

    result = await host.push_screen_wait(FormScreen(_("Edit stop") if stop else _("Add a stop"), stop_fields(host), values, build))
    if result is None:
        return
    if stop is None:
        done = host.submit(change(_("added a stop in {city} ({day})").format(city=result.city, day=result.start.isoformat()), [add_op(result)]))
    else:
        done = host.submit(change(_("edited the stop in {city}").format(city=result.city), [update_op(stop, result)]))
    problems = [p.text for p in tour.problems(host.campaign) if result.id in p.stop_ids]
    if done and problems:
        host.notify(_("Saved, but: {problems}").format(problems="; ".join(problems)), severity="warning", markup=False)


async def delete_stop(host: Host, stop: TourStop) -> None:
    if await host.push_screen_wait(ConfirmScreen(_("Delete this stop?"), tour.stop_line(host.campaign, stop))):
        if host.submit(change(_("deleted the stop in {city} ({day})").format(city=stop.city, day=stop.start.isoformat()), [delete_op(stop)])):
            host.notify(_("Deleted {city}. u brings it back.").format(city=stop.city), markup=False)


async def edit_speaker(host: Host, speaker: Speaker | None) -> None:
    values = (
        {"name": speaker.name, "organization": speaker.organization, "role": speaker.role, "region": speaker.region}
        if speaker
        else {}
    )

    def build(typed: dict[str, str]) -> Speaker:
        return tour.build_speaker(host.campaign, typed, existing=speaker)

    result = await host.push_screen_wait(FormScreen(_("Edit speaker") if speaker else _("Add a speaker"), SPEAKER_FIELDS, values, build))
    if result is None:
        return
    if speaker is None:
        host.submit(change(_("added the speaker {name}").format(name=result.name), [add_op(result)]))
    else:
        host.submit(change(_("edited the speaker {name}").format(name=result.name), [update_op(speaker, result)]))


class SpeakersScreen(RecordListScreen):
    BINDINGS = [*RecordListScreen.BINDINGS, *bindings("speakers")]  # widgets/keys.py


def speaker_rows(campaign: Campaign) -> list[Row]:
    rows = []
    for speaker in campaign.speakers:
        stops = len(tour.stops_of(campaign, speaker))
        line = Text.assemble((speaker.name, "bold"))
        for part in (speaker.organization, speaker.region):
            if part:
                line.append(f"  {part}")
        line.append(f"  · {stops} stop{'s' if stops != 1 else ''}", style="dim")
        rows.append((speaker.id, line))
    return rows


async def manage_speakers(host: Host) -> None:
    def speakers() -> list[Speaker]:
        return host.campaign.speakers

    handlers = {
        "add": always(lambda: edit_speaker(host, None)),
        "edit": on_record(speakers, lambda speaker: edit_speaker(host, speaker)),
        "remove": on_record(speakers, lambda speaker: remove_speaker(host, speaker)),
        "undo": always(lambda: host.undo("tour")),
    }
    await host.push_screen_wait(SpeakersScreen(_("Speakers"), host.campaign, speaker_rows, handlers, _("No speakers yet: a adds one.")))


async def remove_speaker(host: Host, speaker: Speaker) -> None:
    """Remove a speaker and, in the same change, their stops (a stop needs its speaker): one `u`
    brings them all back."""
    stops = tour.stops_of(host.campaign, speaker)
    if stops:
        listed = "\n".join(tour.stop_line(host.campaign, s) for s in stops[:6])
        more = f"\n... and {len(stops) - 6} more" if len(stops) > 6 else ""
        detail = ngettext("Their {n} stop goes too:", "Their {n} stops go too:", len(stops)).format(n=len(stops))
        detail += f"\n{listed}{more}\n" + _("u brings everything back.")
    else:
        detail = _("They have no stops. u brings them back.")
    if not await host.push_screen_wait(ConfirmScreen(_("Remove the speaker {name}?").format(name=speaker.name), detail)):
        return
    summary = (
        ngettext("removed the speaker {name} and their {n} stop", "removed the speaker {name} and their {n} stops", len(stops))
        if stops
        else _("removed the speaker {name}")
    ).format(name=speaker.name, n=len(stops))
    if host.submit(change(summary, [delete_op(speaker), *(delete_op(s) for s in stops)])):
        done = ngettext("Removed {name} and {n} stop.", "Removed {name} and {n} stops.", len(stops)) if stops else _("Removed {name}.")
        host.notify(done.format(name=speaker.name, n=len(stops)) + " " + _("u brings them back."), markup=False)


async def export_tour(host: Host) -> None:
    from store.ical import export_calendar

    campaign = host.campaign
    stops = tour.stops_in_order(campaign)
    await export(
        host,
        _("Export the tour"),
        _("iCalendar file"),
        Path.home() / "campaign-tour.ics",
        lambda: export_calendar(campaign, stops),
        lambda where: ngettext("Wrote {n} stop to {where}.", "Wrote {n} stops to {where}.", len(stops)).format(n=len(stops), where=where),
    )
