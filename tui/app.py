"""CampaignDashApp: owns the store and the clock, turns pane messages into store calls and
clipboard copies (in workers), and pushes fresh data back down to the panes."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.binding import Binding

if TYPE_CHECKING:
    from textual.command import Provider

from store.clock import Clock
from store.db import CampaignStore, StoreError
from store.models import Campaign, LetterTemplate
from widgets.letter import LetterPane
from widgets.messages import CopyRequested
from widgets.petition import PetitionPane
from widgets.roster import RosterPane
from widgets.tour import TourPane

from . import clipboard
from .screens.dashboard import DashboardScreen
from .screens.help import HelpScreen, describe


def campaign_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (not at start-up)."""
    from .commands import CampaignCommands

    return CampaignCommands


class CampaignDashApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere find it
    TITLE = "campaign-dash"
    COMMANDS = App.COMMANDS | {campaign_commands}
    BINDINGS = [
        Binding("question_mark", "show_keys", "Keys", key_display="?", id="app.keys"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, store: CampaignStore, campaign: Campaign, clock: Clock | None = None) -> None:
        super().__init__()
        self.store = store
        self.campaign = campaign
        self.clock = clock or Clock()
        self._save_lock = threading.Lock()
        self._save_seq = 0
        self._saved_seq: dict[str, int] = {}

    def get_default_screen(self) -> DashboardScreen:
        return DashboardScreen(self.campaign, self.clock)

    @property
    def dashboard(self) -> DashboardScreen:
        return next(s for s in self.screen_stack if isinstance(s, DashboardScreen))

    # --- keys ----------------------------------------------------------------------------

    def action_show_keys(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        anywhere = describe([*DashboardScreen.BINDINGS, *self.BINDINGS])
        anywhere += [("ctrl+p", "Command palette"), ("ctrl+q", "Quit, even from a text field")]
        sections = [
            ("Anywhere", anywhere),
            ("Tables, text", [("↑ ↓ pgup pgdn", "Move the cursor, scroll"), ("home end", "First, last")]),
            ("Tour pane", describe(TourPane.BINDINGS)),
            ("Petition pane", describe(PetitionPane.BINDINGS)),
            ("Roster pane", describe(RosterPane.BINDINGS)),
            ("Letter pane", describe(LetterPane.BINDINGS)),
            ("Letter fields", [("enter", "Next field (saves)"), ("escape", "Back to the letter")]),
        ]
        self.push_screen(HelpScreen([(name, keys) for name, keys in sections if keys]))

    def action_copy_letter(self) -> None:
        self.dashboard.query_one(LetterPane).action_copy_letter()

    def action_switch_letter_language(self) -> None:
        self.dashboard.action_show_pane("letter")
        self.dashboard.query_one(LetterPane).action_switch_language()

    async def action_quit(self) -> None:
        """Keep letter fields typed but not yet saved, then leave."""
        pane = self.dashboard.query_one(LetterPane)
        if pane.remember_values() and pane.template is not None:
            try:
                await asyncio.to_thread(self.store.put, pane.template)
            except (StoreError, OSError):
                pass  # the worker started by remember_values reports the failure
        self.exit()

    # --- pane messages -------------------------------------------------------------------

    @on(CopyRequested)
    def _copy_requested(self, message: CopyRequested) -> None:
        self.copy_text(message.text, message.what)

    @on(LetterPane.ValuesChanged)
    def _letter_values_changed(self, message: LetterPane.ValuesChanged) -> None:
        self.save_record(message.template, f"letter fields of {message.template.name}")

    # --- workers -------------------------------------------------------------------------

    @work(thread=True, group="clipboard", exit_on_error=False)
    def copy_text(self, text: str, what: str) -> clipboard.CopyOutcome:
        """Copy off the UI thread (the system clipboard runs helper programs)."""
        outcome = clipboard.copy(text, to_terminal=lambda t: self.call_from_thread(self.copy_to_clipboard, t))
        severity = "information" if outcome.method == clipboard.SYSTEM else "warning"
        if not outcome.copied:
            severity = "error"
        self.call_from_thread(
            self.notify, f"{what[:1].upper()}{what[1:]}: {outcome.message}.", severity=severity, markup=False
        )
        return outcome

    def save_record(self, record: LetterTemplate, what: str) -> None:
        self._save_seq += 1
        self._write(record, what, self._save_seq)

    @work(thread=True, group="save", exit_on_error=False)
    def _write(self, record: LetterTemplate, what: str, seq: int) -> None:
        """Write one record; a save overtaken by a newer one of the same record is skipped."""
        with self._save_lock:
            if self._saved_seq.get(record.id, 0) > seq:
                return
            try:
                self.store.put(record)
            except (StoreError, OSError) as error:
                self.call_from_thread(
                    self.notify, f"Could not save the {what}: {error}", severity="error", markup=False
                )
                return
            self._saved_seq[record.id] = seq
