"""PetitionPane: the count against goal and deadline, pace and projection, history, source."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import ProgressBar, Static

from store import petition as rules
from store.text import printable
from store.dates import long_date, relative_day
from store.i18n import N_, _, number
from store.sources import source_label
from store.models import Campaign, Petition

from .keys import bindings, key_of
from .pane import Pane, PaneBody


class PetitionPane(Pane):
    PANE_ID = "petition"
    PANE_TITLE = N_("Petition")
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
        with PaneBody(id="petition-body"):
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
            # the history's Sparkline (#petition-history) is built when there are two readings
            yield Static(id="petition-source")

    def show(self, campaign: Campaign, today: date, now: datetime | None = None) -> None:
        self.campaign = campaign
        p = campaign.petition
        figures = rules.figures(p, today)  # one pass over the readings for the whole repaint
        count = figures.count
        title = Text(printable(p.title), style="bold") if p.title else Text(_("No petition yet: {key} gives it a title and a goal.").format(key=key_of(self, "petition.edit")), style="bold")
        self.query_one("#petition-title", Static).update(title)
        if p.goal > 0:
            counted = Text.assemble((number(count), "bold"), " " + _("of {goal} signatures").format(goal=number(p.goal)), (f"  {figures.progress:.0%}", "bold"))
        else:
            counted = Text.assemble((number(count), "bold"), " " + _("signatures, no goal set"))
        self.query_one("#petition-count", Static).update(counted)
        bar = self.query_one("#petition-progress", ProgressBar)
        bar.display = p.goal > 0
        if p.goal > 0 and (bar.total, bar.progress) != (p.goal, min(count, p.goal)):
            bar.update(total=p.goal, progress=min(count, p.goal))
        self.query_one("#petition-details", Static).update(details(p, today, figures) if p.goal > 0 else milestones_text(p, figures))
        self._show_history(figures.history)
        self.query_one("#petition-source", Static).update(
            source_text(p, now or datetime.combine(today, datetime.min.time()), key_of(self, "petition.source"), figures.totals)
        )

    def _show_history(self, history: list[int]) -> None:
        """The counts over time as a sparkline, scaled from zero (a paper tally is a small step,
        not a wall); none with fewer than two readings. Built when first needed: most
        campaigns start with no history, and a hidden Sparkline still costs its styling."""
        built = self.query("#petition-history")
        if len(history) > 1:
            from .sparkline import HistorySparkline

            if built:
                sparkline = built.first(HistorySparkline)
                sparkline.data = [0, *history]
                sparkline.display = True
            else:
                self.query_one("#petition-body").mount(HistorySparkline([0, *history], id="petition-history"), before="#petition-source")
        elif built:
            built.first().display = False

    def main_widget(self) -> PaneBody:
        return self.query_one("#petition-body", PaneBody)

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
    return _("unknown") if rate is None else _("{rate} a day").format(rate=number(rate, 1))


def details(p: Petition, today: date, figures: rules.Figures) -> Text:
    text = Text()
    text.append(_("{needed} still needed").format(needed=number(figures.still_needed)) + f" · {rules.deadline_words(p, today)}")
    if p.deadline:
        text.append(" " + _("(deadline {day})").format(day=long_date(p.deadline)))
    text.append("\n" + _("Pace:") + " ", style="bold")
    text.append(per_day(figures.pace) + " " + _("(last 7 days of readings)"))
    needed = figures.needed_pace
    if needed is not None:
        text.append(" · " + _("needed:") + " ", style="bold")
        text.append(per_day(needed))
    text.append("\n" + _("Projection:") + " ", style="bold")
    text.append(figures.projection)
    text.append_text(milestones_text(p, figures))
    return text


def milestones_text(p: Petition, figures: rules.Figures) -> Text:
    text = Text()
    if not p.milestones:
        text.append("\n" + _("No milestones yet."), style="dim")
    for milestone, reached in zip(p.milestones, figures.reached):
        text.append("\n")
        text.append("✓ " if reached else "○ ", style="green" if reached else "")
        text.append(number(milestone.count) + " ", style="bold")
        text.append(printable(milestone.label))
        text.append(" " + (_("(reached)") if reached else _("(not yet)")), style="dim")
    return text


def source_text(p: Petition, now: datetime, source_key: str, totals: rules.Totals) -> Text:
    text = Text(style="dim")
    if not totals:
        text.append(_("No count recorded yet."))
    else:
        reading, total = totals[-1]
        text.append(
            _("Last count {count} on {day} {time}, {source}").format(
                count=number(total), day=long_date(reading.at.date()), time=f"{reading.at:%H:%M}", source=rules.source_word(reading.source)
            )
        )
        if reading.note:
            text.append(printable(f": {reading.note}"))
    if p.source is None:
        text.append("\n" + _("No live source: {key} sets one (Action Network or a JSON URL).").format(key=source_key))
    else:
        text.append("\n" + _("Live: {source}, every {minutes} min").format(source=source_label(p.source), minutes=p.source.interval_s // 60 or 1))
        fetched = next((r for r in reversed(p.readings) if r.source == p.source.kind), None)
        if fetched is not None:
            text.append("; " + _("last fetched {day} at {time}").format(day=relative_day(fetched.at.date(), now.date()), time=f"{fetched.at:%H:%M}"))
    error = rules.latest_error(p)
    if error is not None:
        text.append("\n")
        text.append(
            printable(_("Last fetch failed at {time}: {error}. The count shown is the last good one.").format(time=f"{error.at:%H:%M}", error=error.error)),
            style="bold red",
        )
    return text
