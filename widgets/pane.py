"""The frame shared by the four dashboard panes."""

from __future__ import annotations

from textual.containers import Vertical
from textual.widget import Widget


class Pane(Vertical):
    """A titled, maximizable area of the dashboard with one widget that takes focus first."""

    ALLOW_MAXIMIZE = True
    can_focus = False
    PANE_ID = ""
    PANE_TITLE = ""
    PANE_KEY = ""

    def __init__(self) -> None:
        super().__init__(id=self.PANE_ID, classes="pane")
        self.border_title = f"{self.PANE_KEY} {self.PANE_TITLE}"

    def main_widget(self) -> Widget:
        """The widget that takes focus when the pane is chosen."""
        return next(w for w in self.query("*") if w.focusable)

    def focus_main(self) -> None:
        # Synchronous (unlike Widget.focus), so keys typed right after land in the new place.
        self.screen.set_focus(self.main_widget())
