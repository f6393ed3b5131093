"""PetitionPane: the count against goal and deadline, and its milestones."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import ProgressBar, Static

from store import petition as rules
from store.dates import long_date, short_date
from store.models import Campaign

from .pane import Pane


class PetitionPane(Pane):
    PANE_ID = "petition"
    PANE_TITLE = "Petition"
    PANE_KEY = "2"

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="petition-body"):
            yield Static(id="petition-title", classes="pane-summary")
            yield Static(id="petition-count")
            yield ProgressBar(id="petition-progress", show_eta=False, show_percentage=True)
            yield Static(id="petition-details")

    def show(self, campaign: Campaign, today: date) -> None:
        p = campaign.petition
        count = rules.current_count(p)
        self.query_one("#petition-title", Static).update(Text(p.title, style="bold"))
        self.query_one("#petition-count", Static).update(
            Text.assemble((f"{count:,}", "bold"), f" of {p.goal:,} signatures")
        )
        self.query_one("#petition-progress", ProgressBar).update(total=max(p.goal, 1), progress=min(count, p.goal))
        self.query_one("#petition-details", Static).update(details(campaign, today))


def details(campaign: Campaign, today: date) -> Text:
    p = campaign.petition
    text = Text()
    text.append(f"{rules.still_needed(p):,} still needed · {rules.deadline_words(p, today)}")
    if p.deadline:
        text.append(f" (deadline {long_date(p.deadline)})")
    text.append("\n")
    for milestone in p.milestones:
        reached = rules.milestone_reached(milestone, p)
        text.append("\n")
        text.append("✓ " if reached else "○ ", style="green" if reached else "")
        text.append(f"{milestone.count:,} ", style="bold")
        text.append(milestone.label)
        text.append(" (reached)" if reached else " (not yet)", style="dim")
    reading = rules.latest_good_reading(p)
    text.append("\n\n")
    if reading is None:
        text.append("No count recorded yet.", style="dim")
    else:
        text.append(f"Last count {short_date(reading.at.date(), with_year=True)}, {reading.source}", style="dim")
        if reading.note:
            text.append(f": {reading.note}", style="dim")
    return text
