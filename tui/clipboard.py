"""Copy text and say how it went: system clipboard, the terminal (OSC 52), or not at all; in a
browser, the browser's clipboard (OSC 52 again, through the page).

The system clipboard is tried first through pyperclip, and read back, because pyperclip can
fail silently (xclip with DISPLAY pointing at no server). Otherwise the text goes to the
terminal as OSC 52, which reaches the clipboard of the machine the user sits at, even over ssh,
if the terminal allows it. Nothing here raises. Blocking (it runs helper programs): call it
from a worker thread, not a key handler.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from store.i18n import _

SYSTEM = "system"
TERMINAL = "terminal"
BROWSER = "browser"
NONE = "none"
READ_BACK_S = 2.0  # how long the system clipboard may take to hold what was copied


@dataclass(frozen=True)
class CopyOutcome:
    method: str  # SYSTEM, TERMINAL, BROWSER or NONE
    message: str

    @property
    def copied(self) -> bool:
        return self.method != NONE


def copy_to_system(text: str) -> str | None:
    """Put `text` on the system clipboard. None if it took, else the reason in plain words."""
    try:
        import pyperclip
    except ImportError:
        return _("pyperclip is not installed")
    try:
        # Detect afresh each time: DISPLAY or the installed tools may have changed.
        copy, paste = pyperclip.determine_clipboard()
        copy(text)
        pasted = paste()
        # xclip serves the clipboard from a process it leaves behind: on a loaded machine the
        # read-back can run before that process owns the selection; look again for a moment
        deadline = time.monotonic() + READ_BACK_S
        while pasted != text and time.monotonic() < deadline:
            time.sleep(0.05)
            pasted = paste()
    except pyperclip.PyperclipException:
        return _("there is no system clipboard here (no DISPLAY, or no xclip, xsel or wl-clipboard)")
    except Exception as error:  # a helper program that crashed or is missing
        return _("the system clipboard failed ({error})").format(error=f"{type(error).__name__}: {error}")
    if pasted != text:
        return _("the system clipboard did not keep the text (is DISPLAY pointing at a running X server?)")
    return None


def copy(text: str, to_terminal: Callable[[str], None] | None = None) -> CopyOutcome:
    """Copy `text` to the system clipboard, else through `to_terminal` (OSC 52), else report why not."""
    reason = copy_to_system(text)
    if reason is None:
        return CopyOutcome(SYSTEM, _("copied to the system clipboard"))
    if to_terminal is not None:
        try:
            to_terminal(text)
        except Exception as error:
            return CopyOutcome(NONE, _("could not copy: {reason}; the terminal also failed ({error})").format(reason=reason, error=error))
        return CopyOutcome(
            TERMINAL,
            _("sent to the terminal's clipboard (OSC 52), as {reason}. If pasting gives nothing, your terminal does not allow OSC 52").format(
                reason=reason
            ),
        )
    return CopyOutcome(NONE, _("could not copy: {reason}").format(reason=reason))


def copy_in_browser(text: str, to_browser: Callable[[str], None]) -> CopyOutcome:
    """The dashboard in a browser (`campaign-dash serve`): the clipboard that matters is the
    browser's, reached by OSC 52 (the page's terminal hands it to the browser); the server's
    system clipboard is nobody's, so it is not tried."""
    try:
        to_browser(text)
    except Exception as error:
        return CopyOutcome(NONE, _("could not copy: sending it to your browser failed ({error})").format(error=error))
    return CopyOutcome(BROWSER, _("copied to your browser's clipboard (if pasting gives nothing, let this page use the clipboard)"))


def osc52_to_terminal(text: str) -> None:
    """Send text to the terminal's clipboard (OSC 52) from the command line; needs a terminal."""
    import base64
    import os

    fd = os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY)
    try:
        os.write(fd, b"\x1b]52;c;" + base64.b64encode(text.encode("utf-8")) + b"\x07")
    finally:
        os.close(fd)


def copy_from_command_line(text: str) -> CopyOutcome:
    """System clipboard, else OSC 52 when there is a terminal, else a reason."""
    import os
    import sys

    has_terminal = sys.stdout.isatty() and os.path.exists("/dev/tty")
    return copy(text, to_terminal=osc52_to_terminal if has_terminal else None)
