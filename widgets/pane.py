"""The frame shared by the four dashboard panes."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget

from store.i18n import _, ngettext

from .messages import RedoRequested, UndoRequested


class Pane(Vertical):
    """A titled, maximizable area of the dashboard with one widget that takes focus first.

    Every pane undoes and redoes its own area's changes (`u`, ctrl+r in each pane's BINDINGS),
    and says in its border when some of them are not saved yet.
    """

    ALLOW_MAXIMIZE = True
    can_focus = False
    PANE_ID = ""
    PANE_TITLE = ""
    PANE_TAB = ""  # a shorter title for the tab line of a narrow terminal ("" = the title)
    PANE_KEY = ""

    def __init__(self) -> None:
        super().__init__(id=self.PANE_ID, classes="pane")
        self.border_title = f"{self.PANE_KEY} {_(self.PANE_TITLE)}"

    def main_widget(self) -> Widget:
        """The widget that takes focus when the pane is chosen."""
        return next(w for w in self.query("*") if w.focusable)

    def focus_main(self) -> None:
        # Synchronous (unlike Widget.focus), so keys typed right after land in the new place.
        self.screen.set_focus(self.main_widget())

    def action_undo(self) -> None:
        self.post_message(UndoRequested(self.PANE_ID))

    def action_redo(self) -> None:
        self.post_message(RedoRequested(self.PANE_ID))

    _unsaved = 0  # the count the border says

    def show_unsaved(self, count: int, reason: str = "") -> None:
        """Mark the pane while `count` of its changes are waiting to be written."""
        if count == self._unsaved:
            return  # a subtitle set, even to what it was, repaints every line of the pane
        self._unsaved = count
        self.set_class(count > 0, "-unsaved")
        if count:
            self.border_subtitle = Text(ngettext("{n} unsaved change, retrying", "{n} unsaved changes, retrying", count).format(n=count), style="bold")
        else:
            self.border_subtitle = None


class PaneBody(VerticalScroll):
    """A pane's scrolling body, the widget that takes the pane's focus.

    Textual restyles a widget and everything in it when its focus changes. No rule styles what
    a body holds by the body's focus (no `:focus` or `:focus-within` selector reaches inside),
    so only the body itself is restyled: a pane switch to or from the petition no longer restyles
    its every figure (about 5 ms of CPU per switch at 80x24, measured with tmux).
    """

    def watch_has_focus(self, _has_focus: bool) -> None:
        self.app.stylesheet.update_nodes([self], animate=True)
