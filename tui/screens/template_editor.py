"""TemplateEditorScreen: write or change a letter template's body for one language.

Placeholders are {name}; {{ and }} write literal braces. The body is checked on save (ctrl+s):
each problem is shown in words and nothing is lost.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from store.letters import with_body
from store.i18n import N_, _
from store.models import LetterTemplate
from store.validation import ValidationError

from .form import after_typing, dismiss_or_ask


class TemplateEditorScreen(ModalScreen[LetterTemplate | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, template: LetterTemplate, lang: str) -> None:
        super().__init__()
        self.template = template
        self.lang = lang
        self.initial = (template.name, lang, template.bodies.get(lang, ""))

    def compose(self) -> ComposeResult:
        with Vertical(id="template-body", classes="dialog") as body:
            body.border_title = _("Letter template")
            body.border_subtitle = _("{name} is a placeholder · {{ }} literal braces · ctrl+s save · escape cancel")
            with Horizontal(classes="form-row"):
                yield Label(_("Name"), classes="form-label")
                yield Input(self.template.name, id="template-name", compact=True, classes="form-input")
            yield Static(id="error-name", classes="form-error")
            with Horizontal(classes="form-row"):
                yield Label(_("Language"), classes="form-label")
                yield Input(self.lang, id="template-lang", compact=True, classes="form-input", max_length=3)
            yield Static(id="error-lang", classes="form-error")
            yield TextArea(self.initial[2], id="template-text", soft_wrap=True, show_line_numbers=True)
            yield Static(id="error-body", classes="form-error")

    def on_mount(self) -> None:
        self.show_errors({})
        self.set_focus(self.query_one("#template-text"))

    def values(self) -> tuple[str, str, str]:
        return (
            self.query_one("#template-name", Input).value,
            self.query_one("#template-lang", Input).value,
            self.query_one("#template-text", TextArea).text,
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        for name in ("name", "lang", "body"):
            error = self.query_one(f"#error-{name}", Static)
            error.update(Text(errors.get(name, "")))
            error.display = name in errors

    def action_save(self) -> None:
        after_typing(self, self._save)

    def _save(self) -> None:
        name, lang, body = self.values()
        try:
            result = with_body(self.template, name, lang, body)
        except ValidationError as error:
            self.show_errors(error.errors)
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        dismiss_or_ask(self, self.values() != self.initial, _("Discard your changes to the template?"))
