"""Messages panes post upward to say what the user asked for; the app decides how.

One message type per intent, so the app routes by type, never by a string to dispatch on.
Pane-specific requests live beside their pane; these are the ones every pane shares.
"""

from __future__ import annotations

from textual.message import Message


class CopyRequested(Message):
    """The user asked to copy `text`; `what` names it for the notification ("Spanish letter")."""

    def __init__(self, text: str, what: str) -> None:
        self.text = text
        self.what = what
        super().__init__()


class UndoRequested(Message):
    """Undo the last change made in this session to `area` (a pane's id)."""

    def __init__(self, area: str) -> None:
        self.area = area
        super().__init__()


class RedoRequested(Message):
    """Make again the last change undone in `area`."""

    def __init__(self, area: str) -> None:
        self.area = area
        super().__init__()
