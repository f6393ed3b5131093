"""Keys typed ahead of the screen.

A terminal hands the app a paste or a fast typist's keys all at once, and Textual routes each key
to the widget focused *when the key is taken from the queue*; a key that switches pane, opens a
form or the filter moves the focus only when its action runs, a moment later. So `3 / ana` would
send `/ana` to the tour table, and `a Ana` would type into nothing.

`TypeAhead` closes that gap: when a key that moves the focus is dispatched (or at start-up, before
the dashboard has its focus), the keys after it wait here and are delivered in order once it has
moved: when the key's action has run, for a key that moves the focus itself ("now"); when a new
screen has its focus or the focus has moved, for one that opens a screen ("later"); at once if the
action said something instead ("Nobody selected"); after `LIMIT_S` if it did nothing at all. Keys
are delayed, never dropped. Keys also wait while the campaign is still being read after the first
frame (a big roster: `wait_for_data`), so they act on all of it.

What moves: the key table's actions with `moves` (widgets/keys.py), the actions a widget names
in its `MOVES_FOCUS` class attribute (enter on a table that opens a form, ctrl+p), all "later",
and what the screen's `focus_move(action)` says (a form's ctrl+s, escape, and enter on its
last field close it: the keys after them wait for the screen under it, or the question it asks;
a form that stays open, its fields refused, says so with `StayedOpen` and the keys go to it;
enter in a drop-down's open list chooses, and the focus comes back to the drop-down by messages,
after the list's binding has run).

Keys wait, too, behind any key whose binding Textual runs only once the key is back at the app
("back": `x backspace 4` in a field must give "4"). A key that some widget on the way keeps
never comes back; `follow` notices that and lets the keys go.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import events
from textual.dom import DOMNode
from textual.timer import Timer
from textual.widget import Widget

from widgets.keys import MOVES_FOCUS

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

# A move that never happens (an action that did nothing, and said nothing) holds keys at most this
# long. Long enough for a form to open on a loaded machine: at 2 s, keys typed ahead of a form went
# to the table under it once, on two cores running two test suites and Chromium.
LIMIT_S = 5.0
CHECK_S = 0.01  # how often a hold looks whether the move has happened


def must_wait(app: App, key: str) -> str:
    """What the keys after `key`, pressed now, must wait for: its move of the focus ("now",
    "later"), its binding to have run ("back"), or nothing ("": no binding, or a priority
    binding, which runs here and now).

    Textual runs a key's other bindings when the key is back at the app, after the focused widget
    has passed it on, and by then the keys behind it have reached that widget: a field has typed
    them (`x backspace 4` typed the 4, then deleted it), a drop-down has ignored them (tab, then
    a city). So each such key must be back, its binding run, before the next one goes."""
    try:
        screen = app.screen
        active = screen.active_bindings.get(key)
    except Exception:  # no screen yet (start-up): nothing can be bound
        return ""
    if active is None:
        return ""
    binding, node = active.binding, active.node
    if binding.id in MOVES_FOCUS:
        return MOVES_FOCUS[binding.id]
    decide = getattr(screen, "focus_move", None)  # a screen whose moves depend on where it is (a form)
    if decide is not None and (move := decide(binding.action)):
        return move
    if binding.action in getattr(node, "MOVES_FOCUS", ()):
        return "later"
    return "" if binding.priority else "back"


class TypeAhead:
    """Holds the keys that arrive while the focus is on its way somewhere."""

    def __init__(self, app: App, holding: bool = False) -> None:
        self.app = app
        self.held: list[events.Key | events.Paste] = []  # a paste waits in its place among the keys
        self.holding = holding  # from construction: keys typed before the app runs wait too
        self.delivering = False  # a Deliver is queued: keys arriving meanwhile go behind the kept ones
        self._from: tuple[Screen | None, Widget | None] = (None, None)
        self._since = 0.0
        self._timer: Timer | None = None
        self._at_start_up = False
        self.starter: events.Key | None = None  # the key whose move is awaited
        self.waiting = False  # the campaign is not all read yet (`wait_for_data`): keys wait for it too
        self._starter_moves = ""
        self._back: events.Key | None = None  # the last key back at the app, its binding run

    def start(self, starter: events.Key | None = None, moves: str = "later") -> None:
        """Hold the keys that follow `starter` until it has moved the focus from where it is now
        (no starter: start-up, until the first screen has its focus)."""
        self._at_start_up = starter is None
        self._from = (None, None) if starter is None else (self._screen(), self._focused())
        self.starter, self._starter_moves = starter, moves
        self._since = time.monotonic()
        self.holding = True
        if self._timer is None:
            self._timer = self.app.set_interval(CHECK_S, self._check)

    def wait_for_data(self) -> None:
        """Hold every key until `data_ready`: the dashboard is on screen but part of the
        campaign is still being read (a big roster), and a key must act on all of it."""
        self.waiting = True

    def data_ready(self) -> None:
        """The campaign is all read: the keys kept meanwhile go, in order (unless a focus move
        still holds them)."""
        self.waiting = False
        if not self.holding and self.held and not self.delivering:
            self.delivering = True
            self.app.post_message(Deliver())

    def keep(self, event: events.Key | events.Paste) -> bool:
        """Keep `event` for later if keys are being held (True: kept, do not dispatch it now)."""
        if self.holding or self.delivering or self.waiting:
            if self._at_start_up and isinstance(event, events.Key) and event.key == "ctrl+j":
                # typed before the app took the keyboard: the terminal, still in its line mode,
                # turned enter's CR into a newline (ctrl+j to Textual)
                event = events.Key("enter", "\r")
            self.held.append(event)
            return True
        return False

    def release(self) -> None:
        """Stop holding; the kept keys are delivered in order on the app's next turn."""
        if not self.holding:
            return
        self.holding = False
        self.starter = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.held and not self.delivering and not self.waiting:
            # keys already in the app's queue came after the kept ones: they are kept too until
            # Deliver, queued behind them, hands over the kept ones first
            self.delivering = True
            self.app.post_message(Deliver())

    def handled(self, event: events.Key) -> None:
        """`event` is back at the app and its binding has run: if it was the awaited key and moves
        the focus itself, its move is done (even if the focus was already there)."""
        self._back = event
        if event is self.starter and self._starter_moves in ("now", "back"):
            self.release()

    def follow(self, event: events.Key, node: DOMNode) -> None:
        """`event`, which the keys wait for, was passed to `node`: follow it up to the app, and
        stop waiting if a widget on the way kept it (a text area takes enter as a new line), as
        then its binding never runs. Each look is queued behind the key: it comes once the key
        has left that node."""
        node.call_later(self._passed, event, node)

    def _passed(self, event: events.Key, node: DOMNode) -> None:
        if event is not self.starter:
            return  # no longer awaited: its move or binding is done
        parent = node.parent
        if parent is not None:
            self.follow(event, parent)
        elif self._back is not event:  # at the app, and the key never came back: it was kept
            self.release()

    def not_moving(self) -> None:
        """The move awaited is not coming (its key said something instead, "Nobody selected", or
        a form stayed open): deliver the keys now (not at start-up: that move always comes)."""
        if not self._at_start_up:
            self.release()

    def next_typed(self) -> events.Key | events.Paste | None:
        """The next kept key or paste to deliver; None when none is left or a delivered key
        started a new move (the rest then wait for that one)."""
        self.delivering = False
        if self.holding or self.waiting or not self.held:
            return None
        return self.held.pop(0)

    def _check(self) -> None:
        screen, focused = self._screen(), self._focused()
        start_screen, start_focus = self._from
        if screen is not None and screen is not start_screen:
            arrived = focused is not None or (screen.is_mounted and not screen.focus_chain)
        else:
            arrived = focused is not None and focused is not start_focus
        if arrived or time.monotonic() - self._since > LIMIT_S:
            self.release()

    def _screen(self) -> Screen | None:
        try:
            return self.app.screen
        except Exception:  # before the first screen
            return None

    def _focused(self) -> Widget | None:
        screen = self._screen()
        return screen.focused if screen is not None else None


class Deliver(events.Event):
    """Deliver the kept keys (posted to the app after the keys that were queued behind them)."""


class StayedOpen(events.Event):
    """A dialog asked to close (a form saved) stayed open instead: the keys held for the screen
    under it go to it."""
