"""HistorySparkline: Textual's Sparkline, drawn through the line API from bars worked out once.

Textual's Sparkline renders a Rich renderable that splits the data into buckets (with
`Fraction`s) and summarises every bucket again for every line it draws, then goes through Rich's
segment pipeline: about 5 ms for the petition pane's 3-line history at 160 columns, paid on every
repaint, and a paper tally repaints the whole screen when its dialog closes. Here the bars are
computed once per change of data, size or colour, and each line is a ready Strip. It draws the
same cells in the same colours, and keeps the Sparkline's CSS (its min and max colour classes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import Sparkline

BARS = "▁▂▃▄▅▆▇█"


def bar_rows(data: Sequence[float], width: int, height: int) -> list[list[tuple[str, float | None]]]:
    """The sparkline's cells, top row first: (character, height ratio for its colour, or None for
    a blank), as Textual's Sparkline renderable draws them with `max` as the summary."""
    if width <= 0 or height <= 0:
        return [[] for _ in range(max(height, 0))]
    if not data:
        return [[] for _ in range(height - 1)] + [[("▁" * width, 0.0)]]
    if len(data) == 1:
        return [[("█" * width, 1.0)] for _ in range(height)]
    levels = len(BARS)
    bar_segments = levels * height - 1
    minimum, maximum = min(data), max(data)
    extent = maximum - minimum or 1
    # The data in `width` buckets, the empty ones left out (fewer values than columns): the
    # renderable's int(Fraction(len, width) * n) is this floor division.
    count = len(data)
    bounds = [(count * n // width, count * (n + 1) // width) for n in range(width)]
    summaries = [max(data[start:end]) for start, end in bounds if end > start]
    step = len(summaries) / width
    ratios = []
    index = 0.0
    for _ in range(width):
        ratios.append((summaries[int(index)] - minimum) / extent)
        index += step
    rows = []
    for row in reversed(range(height)):
        low, high = row * levels, (row + 1) * levels
        cells: list[tuple[str, float | None]] = []
        for ratio in ratios:
            bar_index = int(ratio * bar_segments)
            if bar_index < low:
                cells.append((" ", None))
            elif bar_index >= high:
                cells.append(("█", ratio))
            else:
                cells.append((BARS[bar_index % levels], ratio))
        rows.append(cells)
    return rows


def blend(low: RichColor, high: RichColor, ratio: float) -> tuple[int, int, int] | None:
    """The colour `ratio` of the way from `low` to `high` in RGB, as the renderable blends (None:
    one of them has no RGB value, and the renderable takes `high`)."""
    if low.triplet is None or high.triplet is None:
        return None
    (r1, g1, b1), (r2, g2, b2) = low.triplet, high.triplet
    return int(r1 + (r2 - r1) * ratio), int(g1 + (g2 - g1) * ratio), int(b1 + (b2 - b1) * ratio)


def bar_styles(base: Style, low: RichColor, high: RichColor) -> Callable[[float | None], Style]:
    """Each cell's style from its height ratio (None: a blank): the widget's style under the bar's
    colour, one Style per distinct colour."""
    by_ratio: dict[float | None, Style] = {None: base}
    by_rgb: dict[tuple[int, int, int] | None, Style] = {}

    def style_of(ratio: float | None) -> Style:
        style = by_ratio.get(ratio)
        if style is None:
            assert ratio is not None
            rgb = blend(low, high, ratio)
            style = by_rgb.get(rgb)
            if style is None:
                style = by_rgb[rgb] = base + Style.from_color(high if rgb is None else RichColor.from_rgb(*rgb))
            by_ratio[ratio] = style
        return style

    return style_of


def row_segments(row: list[tuple[str, float | None]], style_of: Callable[[float | None], Style]) -> list[Segment]:
    """A row's cells as segments, neighbours of one style joined."""
    segments: list[Segment] = []
    run, run_style = "", None
    for text, ratio in row:
        style = style_of(ratio)
        if style is not run_style and run:
            segments.append(Segment(run, run_style))
            run = ""
        run, run_style = run + text, style
    if run:
        segments.append(Segment(run, run_style))
    return segments


class HistorySparkline(Sparkline):
    """A Sparkline (summarised by `max`) whose lines are built once per change and reused."""

    def __init__(self, data: Sequence[float] | None = None, *, id: str | None = None) -> None:
        self._strips: list[Strip] = []
        self._strips_key: tuple[object, ...] | None = None  # None: the data changed
        super().__init__(data, id=id)

    def watch_data(self) -> None:
        self._strips_key = None

    def _colors(self) -> tuple[RichColor, RichColor]:
        _, base = self.background_colors
        low = base + (self.get_component_styles("sparkline--min-color").color if self.min_color is None else self.min_color)
        high = base + (self.get_component_styles("sparkline--max-color").color if self.max_color is None else self.max_color)
        return low.rich_color, high.rich_color

    def _lines(self) -> list[Strip]:
        low, high = self._colors()
        base = self.rich_style
        key = (self.size, low, high, base)
        if key != self._strips_key:
            style_of = bar_styles(base, low, high)
            rows = bar_rows(list(self.data or ()), self.size.width, self.size.height)
            self._strips, self._strips_key = [Strip(row_segments(row, style_of)) for row in rows], key
        return self._strips

    def render_line(self, y: int) -> Strip:
        lines = self._lines()
        return lines[y] if y < len(lines) else Strip.blank(self.size.width, self.rich_style)
