"""RosterPane: the delegation, its counts per status and seats, and the people on it."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from store import roster
from store.dates import relative_day, span
from store.models import Campaign

from .pane import Pane

COLUMNS = ("Name", "Organization", "Role", "City", "Status", "Email")


class RosterPane(Pane):
    PANE_ID = "roster"
    PANE_TITLE = "Delegation roster"
    PANE_KEY = "3"

    def compose(self) -> ComposeResult:
        yield Static(id="roster-summary", classes="pane-summary")
        table: DataTable = DataTable(id="roster-table", cursor_type="row")
        table.add_columns(*COLUMNS)
        yield table
        yield Static("Nobody on the roster yet.", id="roster-empty")

    def show(self, campaign: Campaign, today: date) -> None:
        self.query_one("#roster-summary", Static).update(summary(campaign, today))
        table = self.query_one("#roster-table", DataTable)
        table.clear()
        for m in campaign.members:
            table.add_row(
                *(Text(v) for v in (m.name, m.organization, m.role, m.city, m.status, m.email)), key=m.id
            )
        self.query_one("#roster-empty").display = not campaign.members


def summary(campaign: Campaign, today: date) -> Text:
    d = campaign.delegation
    text = Text(d.name, style="bold")
    if d.start and d.end:
        text.append(f"\n{span(d.start, d.end, with_year=True)} ({relative_day(d.start, today)})")
    counts = roster.counts_by_status(campaign.members)
    shown = " · ".join(f"{n} {status}" for status, n in counts.items() if n)
    text.append(f"\n{len(campaign.members)} people" + (f": {shown}" if shown else ""))
    text.append(f"\n{roster.seats_words(d, campaign.members)}")
    return text
