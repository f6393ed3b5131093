"""Helpers for driving the real app in tests."""

from __future__ import annotations

from textual.app import App

from store.clock import Clock
from store.db import CampaignStore
from tui.app import CampaignDashApp

from .conftest import TODAY


def make_app(store: CampaignStore) -> CampaignDashApp:
    return CampaignDashApp(store, store.load(), Clock(TODAY))


def screen_text(app: App) -> str:
    """The characters on the terminal right now, as a person would read them."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notifications(app: App) -> list[str]:
    return [n.message for n in app._notifications]


def help_text(app: App) -> str:
    """Everything the keys screen lists, scrolled into view or not."""
    from io import StringIO

    from rich.console import Console
    from textual.widgets import Static

    console = Console(file=StringIO(), width=100, color_system=None)
    console.print(app.screen.query_one(Static).content)
    return console.file.getvalue()  # type: ignore[attr-defined]
