"""The agenda's table draws what Textual's DataTable (row cursor) draws for the same rows: the two
side by side in one app, line by line, focused and not, scrolled, with every kind of cell."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable

from widgets.agenda_table import AgendaRow, AgendaTable

HEADERS = ["Day", "Speaker", "City", "When"]
ROWS = [
    (f"r{i}", [
        Text(f"Wed {i} Feb" if i % 3 == 0 else "", style="bold" if i == 4 else ""),
        Text(name, style=style),
        Text(city, style=style),
        Text(when, style=style),
    ])
    for i, (name, city, when, style) in enumerate(
        [
            ("Jaime Rivera", "Santa Cruz, CA", "past", "dim"),
            ("Ana [bold]Luz[/]", "San José", "today", "bold"),
            ("Héctor 漢字", "Portland, OR", "next", "italic"),
            ("", "", "", ""),
        ]
        * 5
    )
]
# a cell with spans and one wider than its column go through Rich's console instead
ROWS[5][1][2] = Text.assemble(("Oak", "underline"), "land ", ("CA", "bold red"))
WIDTHS = [max([len(h), *(cells[i].cell_len for _key, cells in ROWS)]) for i, h in enumerate(HEADERS)]
ROWS[7][1][1] = Text("Someone with a name longer than the column", style="italic")


class OldAgenda(DataTable):
    """The agenda as it was: a DataTable whose home and end go to the first and last row."""

    BINDINGS = [("home", "first"), ("end", "last")]

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=self.row_count - 1)


class SideBySide(App):
    CSS = "DataTable, AgendaTable { width: 1fr; height: 9; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OldAgenda(cursor_type="row", id="stock")
            yield AgendaTable(id="ours")

    def on_mount(self) -> None:
        stock = self.query_one(DataTable)
        for header, width in zip(HEADERS, WIDTHS):
            stock.add_column(Text(header), width=width)
        for key, cells in ROWS:
            stock.add_row(*cells, key=key)
        stock.move_cursor(row=2)
        ours = self.query_one(AgendaTable)
        ours.show_rows([Text(h) for h in HEADERS], WIDTHS, [AgendaRow(key, tuple(cells)) for key, cells in ROWS], 2)


def lines(table: DataTable | AgendaTable) -> list[list[tuple[str, object]]]:
    return [[(segment.text, segment.style) for segment in table.render_line(y)] for y in range(table.size.height)]


@pytest.mark.parametrize("width", [100, 160], ids=["narrower-than-the-table", "wider"])
async def test_it_draws_what_a_datatable_draws_focused_blurred_and_scrolled(width: int) -> None:
    app = SideBySide()
    async with app.run_test(size=(width, 12)) as pilot:
        stock, ours = app.query_one(DataTable), app.query_one(AgendaTable)
        await pilot.pause()
        assert stock.size == ours.size
        assert (ours.size.width < sum(WIDTHS) + 8) == (width == 100)  # room to scroll across, or to spare
        for moves in ([], ["down"] * 9, ["pagedown"], ["right", "right"], ["end", "pageup"], ["home"]):
            for table in (stock, ours):
                table.focus()
                await pilot.press(*moves)
            await pilot.pause()
            assert (stock.cursor_row, stock.scroll_offset) == (ours.cursor_row, ours.scroll_offset), moves
            focused = {}
            for table in (stock, ours):
                table.focus()
                await pilot.pause()
                focused[table.id] = lines(table)
            assert focused["ours"] == focused["stock"], moves
            app.set_focus(None)
            await pilot.pause()
            assert lines(ours) == lines(stock), moves


async def test_enter_and_a_click_on_the_cursor_row_choose_it() -> None:
    chosen: list[str] = []

    class Chooser(SideBySide):
        def on_agenda_table_chosen(self, event: AgendaTable.Chosen) -> None:
            chosen.append(event.key)

    app = Chooser()
    async with app.run_test(size=(100, 12)) as pilot:
        ours = app.query_one(AgendaTable)
        ours.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert chosen == ["r3"]
        await pilot.click(ours, offset=(2, 2))  # the second row: the cursor moves there...
        await pilot.pause()
        assert ours.cursor_row == 1 and chosen == ["r3"]
        await pilot.click(ours, offset=(2, 2))  # ...and a second click chooses it
        await pilot.pause()
        assert chosen == ["r3", "r1"]


async def test_with_no_rows_it_says_so_and_chooses_nothing() -> None:
    app = SideBySide()
    async with app.run_test(size=(100, 12)) as pilot:
        ours = app.query_one(AgendaTable)
        ours.show_rows([Text(h) for h in HEADERS], [len(h) for h in HEADERS], [], 0, empty="No stops yet: a adds one.")
        ours.focus()
        await pilot.press("down", "enter", "end", "pagedown")
        await pilot.pause()
        assert ours.row_count == 0 and ours.current_key is None
        assert "No stops yet: a adds one." in "".join(segment.text for segment in ours.render_line(1))


async def test_rows_shown_again_are_drawn_anew_not_from_the_lines_drawn_before() -> None:
    """The drawn lines are kept for the focus going in and out; a refill of the same shape (a stop
    renamed, the same cursor, the same widths) must still show the new text."""
    app = SideBySide()
    async with app.run_test(size=(160, 12)) as pilot:
        ours = app.query_one(AgendaTable)
        ours.focus()
        await pilot.pause()
        before = ["".join(text for text, _style in line) for line in lines(ours)]
        assert "Jaime Rivera" in before[1]
        renamed = [AgendaRow(key, (cells[0], Text(cells[1].plain.replace("Jaime", "Jaima"), style=cells[1].style), *cells[2:])) for key, cells in ROWS]
        ours.show_rows([Text(h) for h in HEADERS], WIDTHS, renamed, 2)
        await pilot.pause()
        after = ["".join(text for text, _style in line) for line in lines(ours)]
        assert "Jaima Rivera" in after[1] and after == [line.replace("Jaime", "Jaima") for line in before]
