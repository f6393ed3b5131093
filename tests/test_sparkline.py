"""The petition history's sparkline (widgets/sparkline.py) draws what Textual's Sparkline draws,
cell for cell and colour for colour, and redraws when its data, size or colours change."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import Sparkline

from widgets.sparkline import HistorySparkline

CSS = """
Sparkline { width: 37; height: 3; }
"""

DATA = {
    "empty": [],
    "one value": [7],
    "two values": [0, 35],
    "fewer values than columns": [0, 3, 3, 10, 2, 8, 8, 9],
    "flat": [5] * 60,
    "a long tally history": [0, *range(1000, 6000, 1)][::7],
    "negative and fractional": [-3.5, 0.25, 2, -1, 7.75, 7.75, 0],
}


class Pair(App[None]):
    CSS = CSS

    def __init__(self, data: list[float]) -> None:
        super().__init__()
        self.data = data

    def compose(self) -> ComposeResult:
        yield Sparkline(self.data, id="textual")
        yield HistorySparkline(self.data, id="ours")


def cells(widget: Sparkline) -> list[list[tuple[str, object, object]]]:
    """Each line as (character, colour, background) per cell."""
    width, height = widget.size
    rows = []
    for strip in widget.render_lines(Region(0, 0, width, height)):
        row = []
        for segment in strip:
            style = segment.style
            for character in segment.text:
                row.append((character, style.color if style else None, style.bgcolor if style else None))
        rows.append(row)
    return rows


@pytest.mark.parametrize("name", list(DATA))
async def test_it_draws_what_textuals_sparkline_draws(name: str) -> None:
    app = Pair(DATA[name])
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        ours, textual = app.query_one("#ours", HistorySparkline), app.query_one("#textual", Sparkline)
        assert cells(ours) == cells(textual)
        assert len(cells(ours)) == 3 and all(len(row) == 37 for row in cells(ours))


async def test_it_redraws_when_the_data_the_size_or_the_colours_change() -> None:
    app = Pair([0, 1, 2, 3])
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        ours, textual = app.query_one("#ours", HistorySparkline), app.query_one("#textual", Sparkline)
        before = cells(ours)
        ours.data = textual.data = [3, 2, 1, 0, 9]
        await pilot.pause()
        assert cells(ours) == cells(textual) != before
        ours.styles.height = textual.styles.height = 5
        ours.styles.width = textual.styles.width = 20
        await pilot.pause()
        assert len(cells(ours)) == 5 and cells(ours) == cells(textual)
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert cells(ours) == cells(textual)
