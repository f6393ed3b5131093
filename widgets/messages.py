"""Messages panes post upward to say what the user asked for; the app decides how."""

from __future__ import annotations

from textual.message import Message


class CopyRequested(Message):
    """The user asked to copy `text`; `what` names it for the notification ("Spanish letter")."""

    def __init__(self, text: str, what: str) -> None:
        self.text = text
        self.what = what
        super().__init__()
