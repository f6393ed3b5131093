"""PetitionPane: the count against goal and deadline, pace and projection, history, source."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import ProgressBar, Sparkline, Static

from store import petition as rules
from store.text import printable
from store.dates import long_date, relative_day
from store.sources import source_label
from store.models import Campaign, Petition

from .keys import bindings, key_of
from .pane import Pane


class PetitionPane(Pane):
    PANE_ID = "petition"
    PANE_TITLE = "Petition"
    PANE_KEY = "2"

    BINDINGS = bindings("petition")  # widgets/keys.py: one table for every key

    class TallyRequested(Message):
        """Add signatures gathered by hand."""

    class SetCountRequested(Message):
        """Correct the total by hand."""

    class DetailsRequested(Message):
        """Edit the petition's title, link, goal and deadline."""

    class MilestonesRequested(Message):
        """List the milestones, to add, edit or remove one."""

    class SourceRequested(Message):
        """Edit where the live count comes from."""

    class FetchRequested(Message):
        """Fetch the live count now."""

    def __init__(self, campaign: Campaign) -> None:
        super().__init__()
        self.campaign = campaign

    def compose(self) -> ComposeResult:
        p = self.campaign.petition
        with VerticalScroll(id="petition-body"):
            yield Static(id="petition-title", classes="pane-summary")
            yield Static(id="petition-count")
            # Built with its values: a first update() costs tens of ms at start-up.
            yield ProgressBar(
                total=max(p.goal, 1),
                id="petition-progress",
                show_eta=False,
                show_percentage=True,
            )
            yield Static(id="petition-details")
            yield Sparkline([], id="petition-history")
            yield Static(id="petition-source")

    def show(self, campaign: Campaign, today: date, now: datetime | None = None) -> None:
        self.campaign = campaign
        p = campaign.petition
        figures = rules.figures(p, today)  # one pass over the readings for the whole repaint
        count = figures.count
        title = Text(printable(p.title), style="bold") if p.title else Text(f"No petition yet: {key_of(self, 'petition.edit')} gives it a title and a goal.", style="bold")
        self.query_one("#petition-title", Static).update(title)
        if p.goal > 0:
            counted = Text.assemble((f"{count:,}", "bold"), f" of {p.goal:,} signatures", (f"  {figures.progress:.0%}", "bold"))
        else:
            counted = Text.assemble((f"{count:,}", "bold"), " signatures, no goal set")
        self.query_one("#petition-count", Static).update(counted)
        bar = self.query_one("#petition-progress", ProgressBar)
        bar.display = p.goal > 0
        if p.goal > 0 and (bar.total, bar.progress) != (p.goal, min(count, p.goal)):
            bar.update(total=p.goal, progress=min(count, p.goal))
        self.query_one("#petition-details", Static).update(details(p, today, figures) if p.goal > 0 else milestones_text(p, figures))
        history = figures.history
        sparkline = self.query_one("#petition-history", Sparkline)
        sparkline.data = [0, *history]  # scaled from zero: a paper tally is a small step, not a wall
        sparkline.display = len(history) > 1
        self.query_one("#petition-source", Static).update(
            source_text(p, now or datetime.combine(today, datetime.min.time()), key_of(self, "petition.source"), figures.totals)
        )

    def main_widget(self) -> VerticalScroll:
        return self.query_one("#petition-body", VerticalScroll)

    def action_tally(self) -> None:
        self.post_message(self.TallyRequested())

    def action_set_count(self) -> None:
        self.post_message(self.SetCountRequested())

    def action_details(self) -> None:
        self.post_message(self.DetailsRequested())

    def action_milestones(self) -> None:
        self.post_message(self.MilestonesRequested())

    def action_source(self) -> None:
        self.post_message(self.SourceRequested())

    def action_refresh(self) -> None:
        self.post_message(self.FetchRequested())

def per_day(rate: float | None) -> str:
    return "unknown" if rate is None else f"{rate:,.1f} a day"


def details(p: Petition, today: date, figures: rules.Figures) -> Text:
    text = Text()
    text.append(f"{figures.still_needed:,} still needed · {rules.deadline_words(p, today)}")
    if p.deadline:
        text.append(f" (deadline {long_date(p.deadline)})")
    text.append("\nPace: ", style="bold")
    text.append(f"{per_day(figures.pace)} (last 7 days of readings)")
    needed = figures.needed_pace
    if needed is not None:
        text.append(" · needed: ", style="bold")
        text.append(per_day(needed))
    text.append("\nProjection: ", style="bold")
    text.append(figures.projection)
    text.append_text(milestones_text(p, figures))
    return text


def milestones_text(p: Petition, figures: rules.Figures) -> Text:
    text = Text()
    if not p.milestones:
        text.append("\nNo milestones yet.", style="dim")
    for milestone, reached in zip(p.milestones, figures.reached):
        text.append("\n")
        text.append("✓ " if reached else "○ ", style="green" if reached else "")
        text.append(f"{milestone.count:,} ", style="bold")
        text.append(printable(milestone.label))
        text.append(" (reached)" if reached else " (not yet)", style="dim")
    return text


def source_text(p: Petition, now: datetime, source_key: str, totals: rules.Totals) -> Text:
    text = Text(style="dim")
    if not totals:
        text.append("No count recorded yet.")
    else:
        reading, total = totals[-1]
        text.append(f"Last count {total:,} on {long_date(reading.at.date())} {reading.at:%H:%M}, {reading.source}")
        if reading.note:
            text.append(printable(f": {reading.note}"))
    if p.source is None:
        text.append(f"\nNo live source: {source_key} sets one (Action Network or a JSON URL).")
    else:
        text.append(f"\nLive: {source_label(p.source)}, every {p.source.interval_s // 60 or 1} min")
        fetched = next((r for r in reversed(p.readings) if r.source == p.source.kind), None)
        if fetched is not None:
            text.append(f"; last fetched {relative_day(fetched.at.date(), now.date())} at {fetched.at:%H:%M}")
    error = rules.latest_error(p)
    if error is not None:
        text.append("\n")
        text.append(printable(f"Last fetch failed at {error.at:%H:%M}: {error.error}. The count shown is the last good one."), style="bold red")
    return text
