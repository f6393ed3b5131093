"""ConfirmScreen: a yes/no question answered by keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from store.i18n import N_, _


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes")),
        Binding("n", "answer(False)", N_("No")),
        Binding("escape", "answer(False)", N_("No"), show=False),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body", classes="dialog"):
            yield Static(Text(self.question, style="bold"))
            if self.detail:
                yield Static(Text(self.detail))
            yield Static(Text(_("y yes · n or escape no"), style="dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ChoiceScreen(ModalScreen[str]):
    """A question with a few answers, one key each; escape gives `escape_value`.

    Used where yes/no is not enough: a conflict (keep mine / take theirs), quitting with
    unsaved changes (save again / quit and lose them / stay).
    """

    BINDINGS = [Binding("escape", "escape", N_("Back"), show=False)]

    def __init__(self, question: str, detail: str, choices: list[tuple[str, str, str]], escape_value: str) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.choices = choices  # (key, words, value)
        self.escape_value = escape_value

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-body", classes="dialog"):
            yield Static(Text(self.question, style="bold"))
            if self.detail:
                yield Static(Text(self.detail))
            keys = " · ".join(f"{key} {words}" for key, words, _value in self.choices)
            yield Static(Text(f"{keys} · escape {self._escape_words()}", style="dim"))

    def _escape_words(self) -> str:
        return next((words for _key, words, value in self.choices if value == self.escape_value), _("back"))

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        for key, _words, value in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    def action_escape(self) -> None:
        self.dismiss(self.escape_value)
