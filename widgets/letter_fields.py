"""FieldsView: a letter's blanks drawn as one widget until one of them is edited.

The blanks are a grid of labels and one-line Inputs (`LetterPane`), ~11 widgets that cost ~15 ms
of mounting and styling before the first frame (an Input has four component classes). They are
only typed into after `f` or a click, so the pane first shows them as this one widget, in the
grid's places and colours, and builds the Inputs when they are wanted (`LetterPane.edit_fields`).
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widget import Widget

# The grid the Inputs go in (tui/app.tcss `#letter-fields`): two label-and-field pairs a row,
# the labels as wide as the widest, the fields sharing the rest, a column of space between.
PAIRS_PER_ROW = 2
GUTTER = 1


class Blank(NamedTuple):
    key: str  # the placeholder's
    label: str  # in the interface's language
    value: str  # printable already
    hint: str  # shown dimmed while the value is empty (the Input's placeholder)


class FieldsView(Widget):
    """The blanks as text; a click on one asks for the Inputs, that one focused."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"fields-view--label", "fields-view--value", "fields-view--hint"}
    DEFAULT_CSS = """
    FieldsView {
        height: auto;
        & > .fields-view--label { color: $text-muted; }
        & > .fields-view--value { background: $boost; color: $foreground; }
        & > .fields-view--hint { background: $boost; color: $text-disabled; }
        &:ansi {
            & > .fields-view--value { background: ansi_default; color: ansi_default; }
            & > .fields-view--hint { background: ansi_default; color: ansi_default; text-style: dim; }
        }
    }
    """

    class EditRequested(Message):
        """Build the Inputs and focus the `index`th blank."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, blanks: list[Blank], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blanks = blanks

    def show(self, blanks: list[Blank]) -> None:
        self.blanks = blanks
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return -(-len(self.blanks) // PAIRS_PER_ROW)

    def _columns(self, width: int) -> list[tuple[int, int]]:
        """(offset, width) of each label and field column, as Textual's grid lays out
        `auto 1fr auto 1fr` with a gutter of 1 (textual/_resolve.py: offsets floored)."""
        labels = [max((cell_len(b.label) for b in self.blanks[i::PAIRS_PER_ROW]), default=0) for i in range(PAIRS_PER_ROW)]
        rest = max(Fraction(0), Fraction(width - GUTTER * (2 * PAIRS_PER_ROW - 1) - sum(labels)))
        sizes: list[Fraction] = []
        for label in labels:
            sizes += [Fraction(label), rest / PAIRS_PER_ROW]
        columns, at = [], Fraction(0)
        for size in sizes:
            start = at.__floor__()
            at += size
            columns.append((start, at.__floor__() - start))
            at += GUTTER
        return columns

    def render(self) -> Text:
        width = self.content_size.width
        columns = self._columns(width)
        label_style = self.get_component_rich_style("fields-view--label")
        value_style = self.get_component_rich_style("fields-view--value")
        hint_style = self.get_component_rich_style("fields-view--hint")
        lines = []
        for row in range(0, len(self.blanks), PAIRS_PER_ROW):
            line = Text(no_wrap=True, overflow="crop")
            for pair, blank in enumerate(self.blanks[row : row + PAIRS_PER_ROW]):
                (label_at, label_width), (field_at, field_width) = columns[2 * pair : 2 * pair + 2]
                line.append(" " * (label_at - line.cell_len))
                line.append_text(cell(Text(blank.label, style=label_style), label_width, Style()))
                line.append(" " * (field_at - line.cell_len))
                if blank.value:
                    shown = Text(blank.value, style=value_style)
                else:  # as the Input draws its placeholder: the first line of it word-wrapped
                    hint = Text(blank.hint, end="")
                    hint.stylize(hint_style)
                    wrapped = hint.wrap(self.app.console, field_width + 1, justify="left")
                    shown = wrapped[0] if wrapped else Text()
                line.append_text(cell(shown, field_width, Style(bgcolor=value_style.bgcolor)))
            lines.append(line)
        return Text("\n").join(lines)

    def on_click(self, event: events.Click) -> None:
        columns = self._columns(self.content_size.width)
        pair = next((i for i in reversed(range(PAIRS_PER_ROW)) if event.x >= columns[2 * i][0]), 0)
        index = min(event.y * PAIRS_PER_ROW + pair, len(self.blanks) - 1)
        if index >= 0:
            self.post_message(self.EditRequested(index))


def cell(text: Text, width: int, background: Style) -> Text:
    """`text` cut or padded to `width` cells on `background` (a field's, or none after a label:
    drawn as the grid draws an empty cell)."""
    shown = Text(style=background, no_wrap=True, overflow="crop", end="")
    shown.append_text(text)
    shown.truncate(width, pad=True)
    return shown
