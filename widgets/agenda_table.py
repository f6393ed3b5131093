"""AgendaTable: the tour's agenda, a row per stop and day, drawn with Textual's line API.

It looks and moves like Textual's DataTable with a row cursor (the same CSS, the same cells,
the same scrolling), but it is handed its rows as a list and draws each line's segments
directly. A DataTable renders every cell through Rich's console the first time it shows it,
and again whenever the table gains or loses the focus: ~30 ms of the dashboard's first frame,
and most of a switch away from the tour pane. `tests/test_agenda_table.py` holds the two
side by side and checks they draw the same segments.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.renderables.styled import Styled
from textual.scroll_view import ScrollView
from textual.strip import Strip

from store.i18n import N_

PADDING = 1  # blank cells each side of each column's text (DataTable's cell_padding)
HEADER = -1  # the header's row index, as DataTable numbers it (and its click meta says)


@dataclass(frozen=True)
class AgendaRow:
    key: str  # what the row stands for (the tour pane's "day|stop id", or "stop id" by speaker)
    cells: tuple[Text, ...]


class AgendaTable(ScrollView, can_focus=True):
    """Columns of fixed widths, a header line, rows of one line each and a row cursor."""

    MOVES_FOCUS = frozenset({"select_cursor"})  # enter opens the stop's form (tui/typeahead.py)

    BINDINGS = [
        Binding("enter", "select_cursor", N_("Select"), show=False),
        Binding("up", "cursor_up", N_("Up"), show=False),
        Binding("down", "cursor_down", N_("Down"), show=False),
        Binding("k", "cursor_up", N_("Up"), show=False),
        Binding("j", "cursor_down", N_("Down"), show=False),
        Binding("left", "scroll_left", N_("Left"), show=False),
        Binding("right", "scroll_right", N_("Right"), show=False),
        Binding("pageup", "page_up", N_("Page up"), show=False),
        Binding("pagedown", "page_down", N_("Page down"), show=False),
        Binding("home", "first", N_("First"), show=False),
        Binding("end", "last", N_("Last"), show=False),
        Binding("ctrl+home", "first", N_("First"), show=False),
        Binding("ctrl+end", "last", N_("Last"), show=False),
    ]

    COMPONENT_CLASSES = {"agenda--header", "agenda--cursor"}
    # DataTable's own rules for what this table shows (textual/widgets/_data_table.py).
    DEFAULT_CSS = """
    AgendaTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .agenda--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .agenda--header {
                background-tint: $foreground 5%;
            }
        }
        & > .agenda--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .agenda--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .agenda--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class Chosen(Message):
        """Enter on a row, or a click on the row under the cursor."""

        def __init__(self, table: AgendaTable, key: str) -> None:
            self.table = table
            self.key = key
            super().__init__()

        @property
        def control(self) -> AgendaTable:
            """The table chosen in (what `@on(AgendaTable.Chosen, "#id")` matches)."""
            return self.table

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.headers: tuple[Text, ...] = ()
        self.widths: tuple[int, ...] = ()  # each column's text width, padding excluded
        self.rows: list[AgendaRow] = []
        self.empty_text = ""  # said on the first line when there are no rows
        self._metas: dict[tuple[int, int], Style] = {}  # (row, column) -> the click meta
        # Drawn lines by what they depend on: the focus moving in and out (every switch to and
        # from the tour pane) restyles the cursor and header, and brings back lines drawn before.
        self._drawn: LRUCache[tuple[object, ...], Strip] = LRUCache(512)

    # --- what it shows ----------------------------------------------------------------------

    def show_rows(self, headers: list[Text], widths: list[int], rows: list[AgendaRow], cursor: int, empty: str = "") -> None:
        """Show these rows under these headers (`empty` says there are none), the cursor on row
        `cursor`, scrolled back to the start and then as little as shows the cursor (as a
        refilled DataTable does: the scroll waits for the new size to be laid out)."""
        self.headers, self.widths, self.rows, self.empty_text = tuple(headers), tuple(widths), rows, empty
        self._drawn.clear()
        self.virtual_size = Size(sum(widths) + 2 * PADDING * len(widths), len(rows) + 1)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.set_reactive(AgendaTable.cursor_row, self._clamp(cursor))  # no scroll before the layout
        self.call_after_refresh(self._scroll_cursor_into_view)
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor (None with no rows)."""
        return self.rows[self.cursor_row].key if 0 <= self.cursor_row < len(self.rows) else None

    def _clamp(self, row: int) -> int:
        return max(0, min(row, len(self.rows) - 1))

    def validate_cursor_row(self, row: int) -> int:
        return self._clamp(row)

    def watch_cursor_row(self, old: int, new: int) -> None:
        if old != new:
            self._scroll_cursor_into_view()
        self.refresh()

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        width = max(self.size.width, self.virtual_size.width)
        region = Region(int(self.scroll_x), self.cursor_row + 1, width, 1)
        self.scroll_to_region(region, animate=animate, spacing=Spacing(1, 0, 0, 0), force=True)

    # --- drawing ------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        index = HEADER if y == 0 else y + scroll_y - 1
        if index == 0 and not self.rows and self.empty_text:
            said = Text(self.empty_text, style=base + Style(dim=True), no_wrap=True, overflow="ellipsis")
            said.pad_left(PADDING)
            said.truncate(width, overflow="ellipsis", pad=True)
            return Strip(said.render(self.app.console), width).crop(0, width)
        if index >= len(self.rows) or not self.widths:
            return Strip.blank(width, base)
        if index == HEADER:
            row_style = self.get_component_styles("agenda--header").rich_style
            cells = self.headers
        else:
            row_style = base
            cells = self.rows[index].cells
        cursor = Style()
        if index == self.cursor_row:
            cursor = self.get_component_rich_style("agenda--cursor")
        key = (index, row_style, cursor, base, scroll_x, width)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = self._draw(index, cells, row_style, cursor, base, scroll_x, width)
        return drawn

    def _draw(self, index: int, cells: tuple[Text, ...], row_style: Style, cursor: Style, base: Style, scroll_x: int, width: int) -> Strip:
        """One line of the table, `index` (HEADER for the header), as `render_line` shows it."""
        post = Style.from_color(color=cursor.color) + Style.from_color(bgcolor=cursor.bgcolor)
        segments: list[Segment] = []
        for column, (cell, cell_width) in enumerate(zip(cells, self.widths)):
            pre = row_style + self._meta(index, column) + cursor
            segments += self._cell(cell, cell_width, pre, post)
        extend = row_style + cursor + Style.from_meta({"row": index, "column": 0, "out_of_bounds": True})
        segments.append(Segment(" " * max(0, width - self.virtual_size.width), extend))  # the table's width
        return Strip(segments).crop(scroll_x, scroll_x + width).adjust_cell_length(width, base).simplify()

    def _meta(self, row: int, column: int) -> Style:
        """The style that tells a click which cell it hit (DataTable's meta, kept for the mouse)."""
        meta = self._metas.get((row, column))
        if meta is None:
            meta = self._metas[row, column] = Style.from_meta({"row": row, "column": column})
        return meta

    def _cell(self, cell: Text, width: int, pre: Style, post: Style) -> list[Segment]:
        """One cell's segments, as DataTable draws a Text cell: padded with a blank each side,
        the row's styles under the text's own and the cursor's colours over both."""
        plain = cell.plain
        size = cell_len(plain)
        if cell.spans or size > width or "\n" in plain or "\t" in plain:
            return self._cell_by_rich(cell, width, pre, post)
        blank = pre + post if post else pre
        own = self.app.console.get_style(cell.style, default=Style.null())
        text = pre + own
        segments = [Segment(" " * PADDING, blank)]
        if plain:
            segments.append(Segment(plain, text + post if post else text))
        segments.append(Segment(" " * (width - size + PADDING), blank))
        return segments

    def _cell_by_rich(self, cell: Text, width: int, pre: Style, post: Style) -> list[Segment]:
        """The same through Rich's console, for what the direct way does not handle (spans, a
        text wider than its column, line breaks, tabs)."""
        options = self.app.console_options.update_dimensions(width + 2 * PADDING, 1).update(no_wrap=True)
        lines = self.app.console.render_lines(Styled(Padding(cell, (0, PADDING)), pre_style=pre, post_style=post), options)
        return lines[0]

    # --- keys and the mouse -------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self.rows) - 1

    def action_page_down(self) -> None:
        height = self.scrollable_content_region.height - 1  # the header stays
        self.scroll_relative(y=height, animate=False, force=True)
        self.cursor_row += min(height, len(self.rows) - 1 - self.cursor_row)

    def action_page_up(self) -> None:
        height = self.scrollable_content_region.height - 1
        self.scroll_relative(y=-height, animate=False)
        self.cursor_row -= min(height, self.cursor_row)

    def action_select_cursor(self) -> None:
        if self.current_key is not None:
            self.post_message(self.Chosen(self, self.current_key))

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if "row" not in meta or meta["row"] == HEADER:
            return
        chosen_again = meta["row"] == self.cursor_row
        self.cursor_row = meta["row"]
        if chosen_again:
            self.action_select_cursor()
        event.stop()
