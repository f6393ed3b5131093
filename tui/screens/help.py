"""HelpScreen: every key of the dashboard, read from the bindings themselves so it stays true."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from store.i18n import N_, _
from widgets.keys import shown_key

KeyList = list[tuple[str, str] | tuple[str, str, str]]  # (key, what it does[, id to remap it])


def describe(bindings: Iterable[BindingType], keymap: Mapping[str, str] | None = None) -> KeyList:
    """(key as shown, what it does, id) for each binding, with the user's keymap applied."""
    keys: KeyList = []
    for binding in bindings:
        if isinstance(binding, Binding):
            if binding.id and keymap and binding.id in keymap:
                key = ", ".join(shown_key(k) for k in keymap[binding.id].split(","))
            else:
                key = binding.key_display or shown_key(binding.key)
            keys.append((key, _(binding.description), binding.id or ""))  # the key table's words, translated here
    return keys


def key_table(sections: list[tuple[str, KeyList]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold")
    table.add_column(style="cyan", no_wrap=True)
    table.add_column()
    table.add_column(style="dim")
    for section, keys in sections:
        for i, (key, description, *ids) in enumerate(keys):
            table.add_row(Text(section if i == 0 else ""), Text(key), Text(description), Text(ids[0] if ids else ""))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", N_("Close")),
        Binding("question_mark", "close", N_("Close"), key_display="?"),
        Binding("q", "close", N_("Close"), show=False),
    ]

    def __init__(self, sections: list[tuple[str, KeyList]], note: str = "") -> None:
        super().__init__()
        self.sections = sections
        self.note = note

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = _("Keys")
            body.border_subtitle = _("escape closes")
            if self.note:
                yield Static(Text(self.note, style="dim"), id="help-note")
            yield Static(key_table(self.sections), id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)
