"""RosterTable: a table that renders only the rows on screen (Textual's line API).

A stock DataTable builds every row it holds, which takes seconds at 10,000 members and again on
every filter keystroke. This one is handed a list of members and draws just the visible lines,
so a new list (a filter, a sort) costs a refresh, not a rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store import roster
from store.i18n import N_, _
from store.models import Member
from store.text import printable as shown

def printable(text: str) -> str:
    """User text made safe for one table line: the store's escaping, line breaks shown too."""
    return shown(text, keep_newlines=False)


@dataclass(frozen=True)
class Column:
    field: str
    title: str
    minimum: int
    weight: int  # share of spare width (0: fixed at the minimum)
    drop_order: int  # narrow terminals drop high numbers first (0: never)


COLUMNS = (
    Column("name", N_("Name"), 14, 3, 0),
    Column("organization", N_("Organization"), 12, 2, 2),
    Column("role", N_("Role"), 7, 0, 5),
    Column("city", N_("City"), 9, 1, 4),
    Column("status", N_("Status"), 9, 0, 0),
    Column("email", N_("Email"), 14, 2, 1),
    Column("phone", N_("Phone"), 12, 0, 6),
    Column("notes", N_("Notes"), 8, 2, 3),
)
GAP = 1
STATUS_STYLES = {"withdrawn": Style(dim=True, italic=True), "paid": Style(bold=True), "confirmed": Style(bold=True)}


ALWAYS = ("name", "status")


NOBODY = N_("Nobody on the roster yet: a adds someone, or import a CSV file.")
NO_MATCH = N_("Nobody matches the filter: escape clears it.")


def layout(width: int, empty: frozenset[str] = frozenset()) -> list[tuple[Column, int]]:
    """The columns that fit in `width`, each with its width. A column no one shown has a value in
    (`empty`: often notes or phone) gives its room to those that do (the email first)."""
    shown = [c for c in COLUMNS if c.field in ALWAYS or c.field not in empty]
    while len(shown) > 1 and sum(c.minimum for c in shown) + GAP * (len(shown) - 1) > width:
        shown.remove(max(shown, key=lambda c: c.drop_order))
    spare = max(0, width - sum(c.minimum for c in shown) - GAP * (len(shown) - 1))
    total_weight = sum(c.weight for c in shown) or 1
    widths = [c.minimum + spare * c.weight // total_weight for c in shown]
    if shown:  # whatever rounding left over goes to the first column
        widths[0] += max(0, width - sum(widths) - GAP * (len(shown) - 1))
    return list(zip(shown, widths))


def cell(member: Member, field: str) -> str:
    """A member's field as the table shows it: status and role in the interface's language."""
    if field == "status":
        return roster.status_word(member.status)
    if field == "role":
        return roster.role_word(member.role)
    return getattr(member, field)


class RosterTable(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("up", "move(-1)", N_("Up"), show=False),
        Binding("down", "move(1)", N_("Down"), show=False),
        Binding("pageup", "page(-1)", N_("Page up"), show=False),
        Binding("pagedown", "page(1)", N_("Page down"), show=False),
        Binding("k", "move(-1)", N_("Up"), show=False),
        Binding("j", "move(1)", N_("Down"), show=False),
        Binding("home", "jump(0)", N_("First"), show=False),
        Binding("end", "jump(-1)", N_("Last"), show=False),
        Binding("enter", "choose", N_("Edit"), show=False),
    ]

    MOVES_FOCUS = frozenset({"choose"})  # enter opens the person's form (tui/typeahead.py)

    cursor: reactive[int] = reactive(0, always_update=True)

    class Chosen(Message):
        """Enter on a row."""

        def __init__(self, member: Member) -> None:
            self.member = member
            super().__init__()

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[Member] = []  # a list, or a filter's store.roster.Picked
        self._empty: frozenset[str] = frozenset()  # fields no row shown has a value in
        self.empty_text = _(NOBODY)  # what the table says with no rows ("" while the roster is read)

    def show_rows(self, rows: Sequence[Member], keep: str | None = None) -> None:
        """Show these members; keep the cursor on the member with id `keep` if still shown."""
        self.rows = rows
        self._empty = frozenset(
            c.field for c in COLUMNS if c.field not in ALWAYS and not any(map(attrgetter(c.field), rows))  # in C: a column empty for all scans every row
        ) if rows else frozenset()
        index = None
        if keep:  # where it was, or a row away (someone above came or went), before a search
            near = [i for i in (self.cursor, self.cursor - 1, self.cursor + 1) if 0 <= i < len(rows) and rows[i].id == keep]
            if near:
                index = near[0]
            else:
                try:
                    index = list(map(attrgetter("id"), rows)).index(keep)  # in C: ~5x a loop at 100,000 rows
                except ValueError:
                    index = None
        if (size := Size(self._width, len(rows) + 1)) != self.virtual_size:  # set to the same, it still asks for a layout
            self.virtual_size = size
        self.cursor = min(index if index is not None else self.cursor, max(len(rows) - 1, 0))
        self.refresh()

    @property
    def current(self) -> Member | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    @property
    def _width(self) -> int:
        """Columns available for a row (the vertical scrollbar excluded)."""
        return self.scrollable_content_region.width

    def watch_cursor(self, cursor: int) -> None:
        visible = max(self.scrollable_content_region.height - 1, 1)  # the first line is the header
        if cursor < self.scroll_y:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif cursor >= self.scroll_y + visible:
            self.scroll_to(y=cursor - visible + 1, animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        size = Size(self._width, len(self.rows) + 1)
        if size != self.virtual_size:  # set to the same, it still asks for a layout of the screen
            self.virtual_size = size

    def render_line(self, y: int) -> Strip:
        width = self._width
        base = self.rich_style
        if y == 0:
            header = self.get_component_rich_style("roster-table--header", partial=True)
            return self._strip([_(c.title) for c, _cells in layout(width, self._empty)], layout(width, self._empty), base + header, width)
        index = int(self.scroll_y) + y - 1
        if index >= len(self.rows):
            if index == 0 and not self.rows:
                empty = self.empty_text if cell_len(self.empty_text) <= width else set_cell_size(self.empty_text, width - 1) + "…"
                return Strip([Segment(set_cell_size(empty, width), base + Style(dim=True))], width)
            return Strip.blank(width, base)
        member = self.rows[index]
        style = base + STATUS_STYLES.get(member.status, Style())
        if index == self.cursor:
            cursor_style = self.get_component_rich_style(
                "roster-table--cursor" if self.has_focus else "roster-table--cursor-blurred", partial=True
            )
            style = style + cursor_style
        columns = layout(width, self._empty)
        return self._strip([cell(member, c.field) for c, _cells in columns], columns, style, width)

    @staticmethod
    def _strip(values: list[str], columns: list[tuple[Column, int]], style: Style, width: int) -> Strip:
        parts = []
        for value, (_column, cells) in zip(values, columns):
            text = printable(value)
            if cell_len(text) > cells:
                text = set_cell_size(text, cells - 1) + "…"
            parts.append(set_cell_size(text, cells))
        line = (" " * GAP).join(parts)
        return Strip([Segment(set_cell_size(line, width), style)], width)

    COMPONENT_CLASSES = {"roster-table--header", "roster-table--cursor", "roster-table--cursor-blurred"}
    DEFAULT_CSS = """
    RosterTable { height: 1fr; overflow-x: hidden; }
    RosterTable > .roster-table--header { text-style: bold; background: $panel; }
    RosterTable > .roster-table--cursor { background: $accent; color: $text; }
    RosterTable > .roster-table--cursor-blurred { background: $surface-lighten-1; }
    """

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + step))

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.scrollable_content_region.height - 2, 1))

    def action_jump(self, where: int) -> None:
        if self.rows:
            self.cursor = 0 if where == 0 else len(self.rows) - 1

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
