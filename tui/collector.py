"""When Python's garbage collector runs: paused while what lives as long as the app is made,
then what was made is moved out of its sight for good (gc.freeze; still freed as usual once
nothing refers to it, though a cycle of garbage caught in the freeze stays: a one-time cost)
and collection goes on.

Two pauses overlap: start-up (tui/cli_start.py, until the dashboard's first frame) and a big
roster read after that first frame (tui/app.py), with its first sort and search index. Each is
named, and collection comes back only when the last one ends: when one turned it back on while
the other still ran, the next full collections walked 100,000 people each, ~90 ms pauses just
as the first keys came. Standard library only: start-up imports this before Textual.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

START_UP = "start-up"  # from opening the campaign to the dashboard's first frame

_lock = threading.Lock()
_pauses: set[str] = set()
_was_collecting = False  # whether collection was on when the first of the current pauses began


def pause(name: str) -> None:
    """No collections until `resume(name)` (and the end of any other pause)."""
    global _was_collecting
    with _lock:
        if not _pauses:
            _was_collecting = gc.isenabled()
        _pauses.add(name)
        gc.disable()


def resume(name: str) -> None:
    """The end of the pause `name` (none under that name: nothing). The last one freezes what
    exists and turns collection back on, if it was on before the pauses."""
    with _lock:
        if name not in _pauses:
            return
        _pauses.discard(name)
        if not _pauses and _was_collecting:
            gc.freeze()
            gc.enable()


@contextmanager
def lasting_objects(name: str) -> Iterator[None]:
    """A pause around making what lives as long as the app."""
    pause(name)
    try:
        yield
    finally:
        resume(name)


def paused() -> frozenset[str]:
    """The pauses under way (for tests and the curious)."""
    with _lock:
        return frozenset(_pauses)
