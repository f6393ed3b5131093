"""LetterPane: fill a letter's fields, preview it in either language, see its targets, copy it."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from store import letters
from store.models import Campaign, LetterTemplate, Target

from .messages import CopyRequested
from .pane import Pane

LANGUAGE_NAMES = {"es": "Spanish", "en": "English"}
SEGMENT_STYLES = {"value": "bold", "unfilled": "reverse yellow", "text": ""}


class LetterPane(Pane):
    PANE_ID = "letter"
    PANE_TITLE = "Letter"
    PANE_KEY = "4"

    BINDINGS = [
        Binding("c", "copy_letter", "Copy letter", id="letter.copy"),
        Binding("l", "switch_language", "Language", id="letter.language"),
        Binding("f", "fill_fields", "Fill fields", id="letter.fill"),
    ]

    class ValuesChanged(Message):
        """The user changed the letter's field values; they should be remembered."""

        def __init__(self, template: LetterTemplate, values: dict[str, str]) -> None:
            self.template = template
            self.values = values
            super().__init__()

    def __init__(self, campaign: Campaign) -> None:
        super().__init__()
        self.template: LetterTemplate | None = campaign.letters[0] if campaign.letters else None
        self.targets: list[Target] = campaign.targets
        self.lang = self.template.languages[0] if self.template and self.template.languages else "es"

    def compose(self) -> ComposeResult:
        yield Static(id="letter-heading", classes="pane-summary")
        with Grid(id="letter-fields"):
            yield from self._fields()
        with VerticalScroll(id="letter-preview"):
            yield Static(id="letter-text")
        yield Static(id="letter-targets")

    def show(self, campaign: Campaign) -> None:
        template = campaign.letters[0] if campaign.letters else None
        changed = (template and template.id) != (self.template and self.template.id)
        self.template = template
        self.targets = campaign.targets
        if template and self.lang not in template.bodies and template.languages:
            self.lang = template.languages[0]
        if changed:
            grid = self.query_one("#letter-fields", Grid)
            grid.remove_children()
            grid.mount_all(list(self._fields()))
        self._refresh_text()
        self.query_one("#letter-targets", Static).update(targets_text(self.targets))

    def _fields(self) -> Iterator[Widget]:
        """A label and a one-line input for each placeholder of the template."""
        if self.template is None:
            return
        for placeholder in self.template.placeholders:
            yield Label(Text(placeholder.label("en")), classes="field-label")
            yield Input(
                self.template.values.get(placeholder.key, ""),
                placeholder=placeholder.label(self.lang),
                id=f"field-{placeholder.key}",
                compact=True,
                classes="letter-field",
            )

    def field_values(self) -> dict[str, str]:
        return {i.id.removeprefix("field-"): i.value for i in self.query(".letter-field").results(Input) if i.id}

    def filled(self) -> letters.FilledLetter | None:
        if self.template is None:
            return None
        return letters.fill(self.template, self.lang, self.field_values())

    def _refresh_text(self) -> None:
        heading = self.query_one("#letter-heading", Static)
        body = self.query_one("#letter-text", Static)
        filled = self.filled()
        if self.template is None or filled is None:
            heading.update("No letter template in this campaign.")
            body.update("")
            return
        languages = "  ".join(
            f"[{lang}]" if lang == self.lang else lang for lang in self.template.languages
        )
        heading.update(
            Text.assemble(
                (self.template.name, "bold"),
                f"  {languages}  ",
                (f"{len(filled.unfilled)} blank" if filled.unfilled else "all fields filled", "dim"),
            )
        )
        text = Text()
        for segment in filled.segments:
            text.append(segment.text, style=SEGMENT_STYLES[segment.kind])
        body.update(text)

    @on(Input.Changed, ".letter-field")
    def _field_changed(self) -> None:
        self._refresh_text()

    @on(Input.Submitted, ".letter-field")
    def _field_submitted(self, event: Input.Submitted) -> None:
        fields = list(self.query(".letter-field").results(Input))
        index = fields.index(event.input)
        self.screen.set_focus(fields[index + 1] if index + 1 < len(fields) else self.main_widget())
        self.remember_values()

    @on(Input.Blurred, ".letter-field")
    def _field_blurred(self) -> None:
        self.remember_values()

    def remember_values(self) -> bool:
        """Ask for the field values to be saved if they changed; True if they did."""
        if self.template is None:
            return False
        values = self.field_values()
        if values == {k: v for k, v in self.template.values.items() if k in values}:
            return False
        self.template.values = {**self.template.values, **values}
        self.post_message(self.ValuesChanged(self.template, dict(self.template.values)))
        return True

    def key_escape(self) -> None:
        if isinstance(self.screen.focused, Input):
            self.screen.set_focus(self.main_widget())

    def main_widget(self) -> VerticalScroll:
        return self.query_one("#letter-preview", VerticalScroll)

    def action_copy_letter(self) -> None:
        filled = self.filled()
        if filled is None:
            self.notify("There is no letter to copy.", severity="warning")
            return
        what = f"{LANGUAGE_NAMES.get(self.lang, self.lang)} letter"
        if filled.unfilled:
            what += f" ({len(filled.unfilled)} field{'s' if len(filled.unfilled) != 1 else ''} still blank)"
        self.post_message(CopyRequested(filled.text, what))

    def action_switch_language(self) -> None:
        if self.template and self.template.languages:
            langs = self.template.languages
            self.lang = langs[(langs.index(self.lang) + 1) % len(langs)] if self.lang in langs else langs[0]
            for placeholder in self.template.placeholders:
                self.query_one(f"#field-{placeholder.key}", Input).placeholder = placeholder.label(self.lang)
            self._refresh_text()

    def action_fill_fields(self) -> None:
        fields = list(self.query(".letter-field").results(Input))
        if fields:
            self.screen.set_focus(fields[0])


def targets_text(targets: list[Target]) -> Text:
    """A heading and one line per target (cut with an ellipsis rather than wrapped)."""
    to, cc = letters.recipients(targets)
    lines = [Text(f"Targets: {len(targets)} · {len(to)} to, {len(cc)} cc", style="bold")]
    for target in targets:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"{target.send_as:<3}", style="dim")
        line.append(target.name)
        if target.emails:
            line.append("  " + ", ".join(target.emails))
        if target.handles:
            line.append("  " + " ".join(target.handles), style="cyan")
        if target.role:
            line.append(f"  {target.role}", style="dim")
        lines.append(line)
    return Text("\n", no_wrap=True, overflow="ellipsis").join(lines)
