"""FormScreen: a keyboard form that shows each error next to its field and keeps what was typed.

The caller gives the fields and a `build` function (from store/) that turns the typed values
into a record or raises ValidationError; the form dismisses with the record, or None if the
user backs out (asked first when something was changed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.actions import SkipAction
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Select, Static

from store.i18n import N_, _
from store.text import printable
from store.validation import ValidationError

from ..typeahead import StayedOpen
from .confirm import ConfirmScreen

T = TypeVar("T")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (shown, value): a Select instead of an Input


class FormScreen(ModalScreen[T | None], Generic[T]):
    # enter and ctrl+s are priority bindings: they act when the key arrives, not after the keys
    # typed before it, so text typed fast (or pasted) after enter lands in the next field; what
    # was typed before them is waited for (`after_typing`) before the form reads its fields.
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), priority=True),
        Binding("enter", "next_field", N_("Next field"), priority=True, show=False),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, title: str, fields: list[Field], values: dict[str, str], build: Callable[[dict[str, str]], T]) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        # Stored text with a control character (written before text was checked) is shown
        # escaped, so editing it never sends the raw code to the terminal.
        self.initial = {f.name: printable(values.get(f.name, "")) for f in fields}
        self.build = build

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form-body", classes="dialog") as body:
            body.border_title = self.form_title
            body.border_subtitle = _("enter next · ctrl+s save · escape cancel")
            for field in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(Text(_(field.label)), classes="form-label")  # labels and hints are ours, never user text
                    if field.choices:
                        yield Select(
                            [(Text(shown), value) for shown, value in field.choices],
                            value=self.initial[field.name] or Select.NULL,
                            allow_blank=True,
                            prompt=_("(choose)"),
                            id=f"input-{field.name}",
                            classes="form-input",
                            compact=True,
                        )
                    else:
                        yield Input(
                            self.initial[field.name],
                            placeholder=_(field.hint) if field.hint else "",
                            id=f"input-{field.name}",
                            classes="form-input",
                            compact=True,
                        )
                yield Static(id=f"error-{field.name}", classes="form-error")

    def values(self) -> dict[str, str]:
        result = {}
        for field in self.fields:
            widget = self.query_one(f"#input-{field.name}")
            if isinstance(widget, Select):
                result[field.name] = "" if widget.value in (Select.NULL, Select.BLANK, None) else str(widget.value)
            else:
                result[field.name] = widget.value  # type: ignore[attr-defined]
        return result

    def show_errors(self, errors: dict[str, str]) -> None:
        for field in self.fields:
            message = errors.get(field.name, "")
            error = self.query_one(f"#error-{field.name}", Static)
            error.update(Text(message))
            error.display = bool(message)
        first = next((f for f in self.fields if f.name in errors), None)
        if first is not None:
            self.set_focus(self.query_one(f"#input-{first.name}"))

    def on_mount(self) -> None:
        self.show_errors({})
        self.set_focus(self.query(".form-input").first())

    def focus_move(self, action: str) -> str:
        """How `action`, about to run on a key in this form, moves the focus
        (tui/typeahead.py): saving or cancelling closes the form or asks a question, so the keys
        typed after it wait for the screen that comes next ("later"); enter moves to the next
        field itself, at once (""), except in a drop-down's open list: there enter chooses, and
        the focus goes back to the drop-down by messages, after the list's binding has run
        ("later" too)."""
        if action in ("save", "cancel"):
            return "later"
        if action == "next_field" and (self._on_last_field() or self._in_drop_down_list()):
            return "later"
        return ""

    def _in_drop_down_list(self) -> bool:
        return self.focused is not None and isinstance(self.focused.parent, Select)

    def _on_last_field(self) -> bool:
        inputs = list(self.query(".form-input"))
        return bool(inputs) and self.focused is inputs[-1]

    def action_next_field(self) -> None:
        """enter: the next field (from a drop-down too), or save from the last one. In an open
        drop-down's list, enter is the list's (it chooses)."""
        focused = self.focused
        if focused is None or not focused.has_class("form-input"):
            raise SkipAction()
        inputs = list(self.query(".form-input"))
        index = inputs.index(focused)
        if index + 1 < len(inputs):
            self.set_focus(inputs[index + 1])
        else:
            self.action_save()

    def action_save(self) -> None:
        after_typing(self, self._save)

    def _save(self) -> None:
        try:
            record = self.build(self.values())
        except ValidationError as error:
            self.show_errors(error.errors)
            self.app.post_message(StayedOpen())  # the keys typed after ctrl+s are for this form
            return
        self.dismiss(record)

    def action_cancel(self) -> None:
        after_typing(self, lambda: dismiss_or_ask(self, self.values() != self.initial, _("Discard your changes?")))


def after_typing(screen: Screen[Any], callback: Callable[[], None]) -> None:
    """Run `callback` once the focused field has handled the keys already sent to it (a paste, a
    fast typist): a callback queued on the field runs after them, in order."""
    (screen.focused or screen).call_later(callback)


def dismiss_or_ask(screen: ModalScreen[Any], changed: bool, question: str) -> None:
    """Close a form at once if nothing changed, else only after the user says yes."""
    if not changed:
        screen.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(None)

    screen.app.push_screen(ConfirmScreen(question, _("What you typed will be lost.")), answered)


async def ask_for_path(host: Any, title: str, label: str, default: str, must_exist: bool) -> Path | None:
    """A one-field form for a file name, checked before it is returned (None: cancelled).

    `host` is anything with `push_screen_wait` (the app); call it from a worker.
    """

    def build(typed: dict[str, str]) -> Path:
        text = typed["path"].strip()
        if not text:
            raise ValidationError({"path": _("give a file name")})
        path = Path(text).expanduser()
        if path.is_dir():
            raise ValidationError({"path": _("that is a folder; give a file name")})
        if must_exist and not path.is_file():
            raise ValidationError({"path": _("there is no file {path}").format(path=path)})
        if not must_exist and not path.parent.is_dir():
            raise ValidationError({"path": _("the folder {path} does not exist").format(path=path.parent)})
        return path

    return await host.push_screen_wait(FormScreen(title, [Field("path", label, "a path")], {"path": default}, build))


def choices_from(items: list[Any], shown: Callable[[Any], str]) -> tuple[tuple[str, str], ...]:
    return tuple((shown(item), item.id) for item in items)
