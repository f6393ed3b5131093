"""HelpScreen: every key of the dashboard, read from the bindings themselves so it stays true."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KeyList = list[tuple[str, str]]


def describe(bindings: Iterable[BindingType]) -> KeyList:
    """(key as shown, what it does) for each binding."""
    keys = []
    for binding in bindings:
        if isinstance(binding, Binding):
            key = binding.key_display or binding.key.replace("question_mark", "?")
            keys.append((key, binding.description))
    return keys


def key_table(sections: list[tuple[str, KeyList]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold")
    table.add_column(style="cyan", no_wrap=True)
    table.add_column()
    for section, keys in sections:
        for i, (key, description) in enumerate(keys):
            table.add_row(Text(section if i == 0 else ""), Text(key), Text(description))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", key_display="?"),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, sections: list[tuple[str, KeyList]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "escape closes"
            yield Static(key_table(self.sections))

    def action_close(self) -> None:
        self.dismiss(None)
