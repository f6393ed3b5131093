"""Helpers for driving the real app in tests."""

from __future__ import annotations

import html
import re

from textual.app import App

from store.clock import Clock
from store.db import CampaignStore
from tui.app import CampaignDashApp

from .conftest import TODAY


class RecordingApp(CampaignDashApp):
    """The real app, remembering every notification it showed (a toast disappears after a few
    seconds, and a loaded machine may take longer than that to get to the assertion)."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.told: list[str] = []

    def tell(self, message: str, *args, **kwargs) -> None:  # type: ignore[no-untyped-def, override]
        self.told.append(message)  # every notice passes here, a key's answers (notify) too
        super().tell(message, *args, **kwargs)


CELL_X0, CELL_WIDTH = 0.0, 12.2  # where Rich's SVG export puts column 0, and a cell's width


def make_app(store: CampaignStore, author: str = "tester", **options) -> RecordingApp:  # type: ignore[no-untyped-def]
    return RecordingApp(store, Clock(TODAY), author=author, **options)


_SVG_TEXT = re.compile(r'<text [^>]*?x="([0-9.]+)"[^>]*?clip-path="url\(#[^)]*-line-([0-9]+)\)"[^>]*>([^<]*)</text>')


def screen_text(app: App) -> str:
    """The characters on the terminal right now, as a person would read them: read back from
    Textual's public screenshot (an SVG), one line per terminal row."""
    svg = app.export_screenshot()
    rows: dict[int, str] = {}
    for x, row, text in _SVG_TEXT.findall(svg):
        column = round((float(x) - CELL_X0) / CELL_WIDTH)
        line = rows.get(int(row), "")
        rows[int(row)] = line.ljust(column) + html.unescape(text).replace("\xa0", " ").replace("\n", "")
    height = app.size.height
    return "\n".join(rows.get(i, "").ljust(app.size.width) for i in range(height))


def notifications(app: RecordingApp) -> list[str]:
    """Every notification the app showed, in order, including ones already gone."""
    return app.told


def help_text(app: App) -> str:
    """Everything the keys screen lists, scrolled into view or not."""
    from io import StringIO

    from rich.console import Console
    from textual.widgets import Static

    console = Console(file=StringIO(), width=100, color_system=None)
    console.print(app.screen.query_one("#help-keys", Static).content)
    return console.file.getvalue()  # type: ignore[attr-defined]


async def settle(app: App, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until background work is done: writes, fetches, copies and pending changes, but not
    open dialogs (a form waits for the user, so waiting for it would never end)."""
    for _ in range(100):
        await pilot.pause()
        busy = [w for w in app.workers if w.group not in ("dialogs", "store-watch", "store-listen") and w.is_running]
        if not busy and not getattr(app, "pending", None):
            return
        await app.workers.wait_for_complete(busy)
    raise AssertionError(f"still busy: {[w.name for w in busy]}, pending: {getattr(app, 'pending', None)}")


async def wait_for(pilot, condition, timeout: float = 15.0, what="the condition") -> None:  # type: ignore[no-untyped-def]
    """Wait until `condition()` is true (a screen opened by a worker, another process's write, a
    timer), pausing between looks. `what` may be a function: called on failure, to say what was
    there instead. The timeout only bounds a failure; a loaded one-core machine needs it long."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what() if callable(what) else what}")
        await pilot.pause(0.02)
