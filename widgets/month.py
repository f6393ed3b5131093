"""MonthView: a month grid marking each speaker's stops per day, by letter and colour."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from store import tour
from store.dates import month_title, weekday_names
from store.i18n import N_
from store.text import printable
from store.models import Campaign, Speaker

COLOURS = ("cyan", "magenta", "green", "yellow", "blue", "red")


def speaker_marks(speakers: list[Speaker]) -> dict[str, tuple[str, str]]:
    """speaker id -> (a letter of its own, a colour); readable without colour."""
    marks: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    for i, speaker in enumerate(speakers):
        candidates = [c.upper() for c in speaker.name if c.isalpha()] + list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        letter = next((c for c in candidates if c not in used), "?")
        used.add(letter)
        marks[speaker.id] = (letter, COLOURS[i % len(COLOURS)])
    return marks


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class MonthView(Widget, can_focus=True):
    BINDINGS = [
        Binding("left", "move(-1)", N_("Day before"), show=False),
        Binding("right", "move(1)", N_("Day after"), show=False),
        Binding("up", "move(-7)", N_("Week before"), show=False),
        Binding("down", "move(7)", N_("Week after"), show=False),
        Binding("h", "move(-1)", N_("Day before"), show=False),
        Binding("l", "move(1)", N_("Day after"), show=False),
        Binding("k", "move(-7)", N_("Week before"), show=False),
        Binding("j", "move(7)", N_("Week after"), show=False),
        Binding("pageup", "month(-1)", N_("Month before"), key_display="pgup"),
        Binding("pagedown", "month(1)", N_("Month after"), key_display="pgdn"),
        Binding("t", "today", N_("Today")),
        Binding("enter", "choose", N_("Day's stops")),
    ]

    cursor: reactive[date] = reactive(date(2000, 1, 1))

    class DayChosen(Message):
        def __init__(self, day: date) -> None:
            self.day = day
            super().__init__()

    def __init__(self, campaign: Campaign, today: date, id: str | None = None) -> None:
        super().__init__(id=id)
        self.campaign = campaign
        self.today = today
        self.set_reactive(MonthView.cursor, today)

    def show(self, campaign: Campaign, today: date) -> None:
        self.campaign = campaign
        self.today = today
        self.refresh(layout=True)

    def render(self) -> Table:
        marks = speaker_marks(self.campaign.speakers)
        year, month = self.cursor.year, self.cursor.month
        table = Table(
            title=Text(month_title(year, month), style="bold"),
            box=None,
            padding=(0, 1),
            expand=True,
            show_edge=False,
        )
        for name in weekday_names():
            table.add_column(Text(name, style="dim"), ratio=1, no_wrap=True)
        on_day: dict[date, list[str]] = {}
        for stop in self.campaign.stops:
            for day in tour.days_of(stop):
                on_day.setdefault(day, []).append(stop.speaker_id)
        for week in calendar.Calendar().monthdatescalendar(year, month):
            cells = []
            for day in week:
                cell = Text(f"{day.day:>2}", style="dim" if day.month != month else "")
                if day == self.today:
                    cell.stylize("bold underline")
                for speaker_id in sorted(set(on_day.get(day, [])), key=lambda s: marks.get(s, ("?",))[0]):
                    letter, colour = marks.get(speaker_id, ("?", "white"))
                    cell.append(" ")
                    cell.append(letter, style=f"bold {colour}")
                if day == self.cursor:
                    cell.stylize("reverse")
                cells.append(cell)
            table.add_row(*cells)
        return table

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        weeks = len(calendar.Calendar().monthdatescalendar(self.cursor.year, self.cursor.month))
        return weeks + 2  # title and weekday names

    def watch_cursor(self, day: date) -> None:
        self.refresh(layout=True)
        self.post_message(self.DayChosen(day))  # the day's text under the grid follows the cursor

    def action_move(self, days: int) -> None:
        self.cursor += timedelta(days=days)

    def action_month(self, months: int) -> None:
        self.cursor = add_months(self.cursor, months)

    def action_today(self) -> None:
        self.cursor = self.today

    def action_choose(self) -> None:
        self.post_message(self.DayChosen(self.cursor))


def legend(campaign: Campaign) -> Text:
    marks = speaker_marks(campaign.speakers)
    text = Text()
    for speaker in campaign.speakers:
        letter, colour = marks[speaker.id]
        if text:
            text.append("   ")
        text.append(letter, style=f"bold {colour}")
        text.append(printable(f" {speaker.name}"))
    return text
