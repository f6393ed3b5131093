"""TourPane: where each speaker is today and next, and every stop by date."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from store import tour
from store.dates import relative_day, span
from store.models import Campaign

from .pane import Pane


class TourPane(Pane):
    PANE_ID = "tour"
    PANE_TITLE = "Tour calendar"
    PANE_KEY = "1"

    def compose(self) -> ComposeResult:
        yield Static(id="tour-today", classes="pane-summary")
        table: DataTable = DataTable(id="tour-stops", cursor_type="row", zebra_stripes=False)
        table.add_columns("Dates", "Speaker", "City", "When")
        yield table

    def show(self, campaign: Campaign, today: date) -> None:
        self.query_one("#tour-today", Static).update(today_summary(campaign, today))
        table = self.query_one("#tour-stops", DataTable)
        next_ids = tour.next_stop_ids(campaign, today)
        table.clear()
        stops = tour.stops_in_order(campaign)
        for stop in stops:
            speaker = campaign.speaker(stop.speaker_id)
            state = tour.stop_state(stop, today)
            style = {"past": "dim", "today": "bold"}.get(state, "")
            if state == "today":
                when = "today"
            elif stop.id in next_ids:
                when = f"next, {relative_day(stop.start, today)}"
            elif state == "past":
                when = "past"
            else:
                when = relative_day(stop.start, today)
            table.add_row(
                Text(span(stop.start, stop.end), style=style),
                Text(speaker.name if speaker else "(unknown speaker)", style=style),
                Text(stop.city, style=style),
                Text(when, style=style or ("italic" if stop.id in next_ids else "")),
                key=stop.id,
            )
        # Start the cursor on the first stop that is not over yet.
        current = next((i for i, s in enumerate(stops) if tour.stop_state(s, today) != "past"), 0)
        table.move_cursor(row=current, animate=False)


def today_summary(campaign: Campaign, today: date) -> Text:
    """One line per speaker: where they are today, and where next."""
    text = Text()
    for i, day in enumerate(tour.speaker_days(campaign, today)):
        if i:
            text.append("\n")
        text.append(day.speaker.name, style="bold")
        if day.current:
            text.append(" today: ")
            text.append(day.current.city, style="bold")
            text.append(f" ({span(day.current.start, day.current.end)})")
        else:
            text.append(": no stop today")
        if day.next:
            text.append(f"; next {day.next.city} {span(day.next.start, day.next.end)}")
            text.append(f" ({relative_day(day.next.start, today)})")
        else:
            text.append("; no further stops")
    if not campaign.speakers:
        text.append("No speakers yet.")
    return text
