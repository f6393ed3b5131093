"""The narrow interface action handlers get: the campaign shown, the clock, one way to change
the campaign (`submit`), and the few app services they need. Handlers never see the App class,
so tui/ has no import loop and a handler can be driven by any object with these methods."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from textual.screen import Screen

from store.changes import Change
from store.clock import Clock
from store.models import Campaign


class Host(Protocol):
    campaign: Campaign
    clock: Clock

    @property
    def is_web(self) -> bool:
        """In a browser (`campaign-dash serve`): copies and exports go to the browser."""
        ...

    def submit(self, change: Change, *, undoable: bool = True) -> bool:
        """Show `change` at once and queue it for the store; False if the campaign is read-only."""
        ...

    def undo(self, area: str) -> None:
        """Undo the last change made in `area` (a pane's id) in this session."""
        ...

    def notify(self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None, markup: bool = True) -> None: ...

    async def push_screen_wait(self, screen: Screen[Any] | str) -> Any: ...

    def copy_text(self, text: str, what: str) -> Any: ...

    def write_file(self, path: Path, make: Callable[[], bytes], done: str) -> Any: ...

    def deliver_file(self, name: str, make: Callable[[], bytes], done: str) -> Any: ...

    def fetch_petition_now(self) -> None: ...
