"""TourPane: where each speaker is today and next, the agenda (by day or by speaker) and a
month grid; keys to add, edit and delete stops and speakers. Changes go up as messages."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ContentSwitcher, Static

from store import tour
from store.text import printable
from store.dates import day_label, long_date, relative_day, span
from store.i18n import N_, _
from store.models import Campaign, Speaker, TourStop

from .agenda_table import AgendaRow, AgendaTable
from .month import MonthView, legend
from .keys import bindings, key_of
from .pane import Pane


NARROW_WIDTH = 72


class TourPane(Pane):
    PANE_ID = "tour"
    PANE_TITLE = N_("Tour calendar")
    PANE_TAB = N_("Tour")  # its name on the narrow screen's tab line
    PANE_KEY = "1"

    BINDINGS = bindings("tour")  # widgets/keys.py: one table for every key

    class EditStop(Message):
        """Open the stop form: `stop` None adds a new one."""

        def __init__(self, stop: TourStop | None, day: date | None = None) -> None:
            self.tour_stop = stop  # not `stop`: that would hide Message.stop()
            self.day = day
            super().__init__()

    class DeleteStop(Message):
        def __init__(self, stop: TourStop) -> None:
            self.tour_stop = stop
            super().__init__()

    class EditSpeaker(Message):
        """Open the speaker form: `speaker` None adds a new one."""

        def __init__(self, speaker: Speaker | None) -> None:
            self.speaker = speaker
            super().__init__()

    class ExportRequested(Message):
        pass

    class SpeakersRequested(Message):
        """List the speakers, to add, edit or remove one."""

    def __init__(self, campaign: Campaign, today: date) -> None:
        super().__init__()
        self.campaign = campaign
        self.today = today
        self.grouping = "day"
        self._narrow = False  # the agenda was last filled for a narrow pane
        self._row_stops: dict[str, str] = {}  # row key -> stop id
        self._flagged: set[str] = set()  # ids of stops named in a problem

    def compose(self) -> ComposeResult:
        yield Static(id="tour-today", classes="pane-summary")
        yield Static(id="tour-problems")
        with ContentSwitcher(initial="tour-agenda", id="tour-views"):
            yield AgendaTable(id="tour-agenda")
            with Vertical(id="tour-month"):
                yield MonthView(self.campaign, self.today, id="month-grid")
                yield Static(id="month-day")  # before the legend: on a short terminal it matters more
                yield Static(id="month-legend")

    def on_resize(self) -> None:
        if (0 < self.size.width < NARROW_WIDTH) != self._narrow:
            self._fill_agenda()

    def main_widget(self) -> AgendaTable | MonthView:
        if self.query_one(ContentSwitcher).current == "tour-month":
            return self.query_one(MonthView)
        return self.query_one("#tour-agenda", AgendaTable)

    @property
    def view(self) -> str:
        return "month" if self.query_one(ContentSwitcher).current == "tour-month" else "agenda"

    def show(self, campaign: Campaign, today: date) -> None:
        self.campaign = campaign
        self.today = today
        self.query_one("#tour-today", Static).update(today_summary(campaign, today, key_of(self, "tour.speakers")))
        problems = tour.problems(campaign)
        self._flagged = {stop_id for p in problems for stop_id in p.stop_ids}
        flags = self.query_one("#tour-problems", Static)
        flags.update(Text("\n").join(Text(f"⚠ {p.text}", style="yellow") for p in problems))
        flags.display = bool(problems)
        self._fill_agenda()
        self.query_one(MonthView).show(campaign, today)
        self.query_one("#month-legend", Static).update(legend(campaign))
        self._show_day(self.query_one(MonthView).cursor)

    # --- agenda ---------------------------------------------------------------------------

    def _fill_agenda(self) -> None:
        table = self.query_one("#tour-agenda", AgendaTable)
        keep = self.selected_stop()
        self._row_stops = {}
        next_ids = tour.next_stop_ids(self.campaign, self.today)
        flagged = self._flagged
        rows: list[tuple[str, TourStop, list[Text]]] = []
        # below 72 columns the Stop column (its dates) gives way to When: where they are next
        self._narrow = narrow = 0 < self.size.width < NARROW_WIDTH
        if self.grouping == "day":
            headers = [_("Day"), _("Speaker"), _("City"), *([] if narrow else [_("Stop")]), _("When")]
            for day, stops in tour.agenda_by_day(self.campaign):
                for i, stop in enumerate(stops):
                    style = row_style(stop, self.today, next_ids)
                    label = day_label(day) if i == 0 else ""
                    part = f" ({(day - stop.start).days + 1}/{stop.days})" if stop.days > 1 else ""
                    rows.append(
                        (
                            f"{day.isoformat()}|{stop.id}",
                            stop,
                            [
                                Text(label, style="bold" if day == self.today else ""),
                                Text(printable(self._speaker_name(stop)), style=style),
                                Text(printable(stop.city), style=style),
                                *([] if narrow else [Text(f"{span(stop.start, stop.end)}{part}", style=style)]),
                                Text(when_words(stop, day, self.today, next_ids, stop.id in flagged), style=style),
                            ],
                        )
                    )
        else:
            headers = [_("Speaker"), _("Dates"), _("City"), _("When")]
            for speaker, stops in tour.agenda_by_speaker(self.campaign):
                for i, stop in enumerate(stops):
                    style = row_style(stop, self.today, next_ids)
                    name = (speaker.name if speaker else _("(unknown speaker)")) if i == 0 else ""
                    rows.append(
                        (
                            stop.id,
                            stop,
                            [
                                Text(printable(name), style="bold"),
                                Text(span(stop.start, stop.end), style=style),
                                Text(printable(stop.city), style=style),
                                Text(when_words(stop, tour.shown_day(stop, self.today), self.today, next_ids, stop.id in flagged), style=style),
                            ],
                        )
                    )
        # each column as wide as its widest cell or its header
        widths = [max([cell_len(header), *(cells[i].cell_len for _key, _stop, cells in rows)]) for i, header in enumerate(headers)]
        for key, stop, _cells in rows:
            self._row_stops[key] = stop.id
        target = keep.id if keep else None
        index = next((i for i, (_key, s, _cells) in enumerate(rows) if s.id == target), None)
        if index is None:
            index = next((i for i, (_key, s, _cells) in enumerate(rows) if tour.stop_state(s, self.today) != "past"), 0)
        table.show_rows(
            [Text(header) for header in headers],
            widths,
            [AgendaRow(key, tuple(cells)) for key, _stop, cells in rows],
            index,
            empty=_("No stops yet: a adds one."),
        )

    def _speaker_name(self, stop: TourStop) -> str:
        speaker = self.campaign.speaker(stop.speaker_id)
        return speaker.name if speaker else _("(unknown speaker)")

    def selected_stop(self) -> TourStop | None:
        """The stop under the cursor (agenda) or the first stop of the chosen day (month)."""
        if self.view == "month":
            stops = tour.stops_on(self.campaign, self.query_one(MonthView).cursor)
            return stops[0] if stops else None
        key = self.query_one("#tour-agenda", AgendaTable).current_key
        if key is None:
            return None
        stop_id = self._row_stops.get(key)
        return next((s for s in self.campaign.stops if s.id == stop_id), None)

    # --- month ------------------------------------------------------------------------------

    @on(MonthView.DayChosen)
    def _day_chosen(self, event: MonthView.DayChosen) -> None:
        self._show_day(event.day)

    def _show_day(self, day: date) -> None:
        stops = tour.stops_on(self.campaign, day)
        text = Text(f"{long_date(day)} ({relative_day(day, self.today)}): ", style="bold")
        if not stops:
            text.append(_("no stops"), style="dim")
        for i, stop in enumerate(stops):
            text.append("\n" if i else "")
            text.append(printable(_("{speaker} in {city} ({dates})").format(speaker=self._speaker_name(stop), city=stop.city, dates=span(stop.start, stop.end))))
        self.query_one("#month-day", Static).update(text)

    # --- actions ------------------------------------------------------------------------------

    def action_toggle_view(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "tour-agenda" if switcher.current == "tour-month" else "tour-month"
        self.focus_main()

    def action_toggle_grouping(self) -> None:
        self.grouping = "speaker" if self.grouping == "day" else "day"
        if self.view == "month":
            self.query_one(ContentSwitcher).current = "tour-agenda"
        self._fill_agenda()
        self.focus_main()

    def action_add_stop(self) -> None:
        day = self.query_one(MonthView).cursor if self.view == "month" else None
        self.post_message(self.EditStop(None, day))

    def action_edit_stop(self) -> None:
        stop = self.selected_stop()
        if stop is None:
            self.notify(_("No stop selected: a adds one."), severity="warning")
            return
        self.post_message(self.EditStop(stop))

    @on(AgendaTable.Chosen, "#tour-agenda")
    def _row_chosen(self) -> None:
        self.action_edit_stop()

    def action_delete_stop(self) -> None:
        stop = self.selected_stop()
        if stop is None:
            self.notify(_("No stop selected."), severity="warning")
            return
        self.post_message(self.DeleteStop(stop))

    def action_edit_speaker(self) -> None:
        stop = self.selected_stop()
        speaker = self.campaign.speaker(stop.speaker_id) if stop else None
        if speaker is None:
            self.notify(_("Select a stop to edit its speaker; S lists the speakers."), severity="warning")
            return
        self.post_message(self.EditSpeaker(speaker))

    def action_speakers(self) -> None:
        self.post_message(self.SpeakersRequested())

    def action_export(self) -> None:
        self.post_message(self.ExportRequested())


def row_style(stop: TourStop, today: date, next_ids: set[str]) -> str:
    state = tour.stop_state(stop, today)
    if state == "past":
        return "dim"
    if state == "today":
        return "bold"
    return "italic" if stop.id in next_ids else ""


def when_words(stop: TourStop, day: date, today: date, next_ids: set[str], flagged: bool) -> str:
    words = tour.when_words(stop, day, today, next_ids)
    return f"{words} ⚠" if flagged else words


def today_summary(campaign: Campaign, today: date, speakers_key: str = "S") -> Text:
    """One line per speaker: where they are today, and where next."""
    text = Text()
    for i, day in enumerate(tour.speaker_days(campaign, today)):
        if i:
            text.append("\n")
        text.append(printable(day.speaker.name), style="bold")
        if day.current:
            text.append(" " + _("today:") + " ")
            text.append(printable(day.current.city), style="bold")
            text.append(f" ({span(day.current.start, day.current.end)})")
        else:
            text.append(": " + _("no stop today"))
        if day.next:
            text.append("; " + printable(_("next {city} {dates}").format(city=day.next.city, dates=span(day.next.start, day.next.end))))
            text.append(f" ({relative_day(day.next.start, today)})")
        else:
            text.append("; " + _("no further stops"))
    if not campaign.speakers:
        text.append(_("No speakers yet: {key} lists them, a there adds one.").format(key=speakers_key))
    return text
