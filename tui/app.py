"""CampaignDashApp: owns the store and the clock, turns pane messages into store calls and
clipboard copies (in workers), and pushes fresh data back down to the panes."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.timer import Timer

from store.clock import Clock
from store.db import CampaignStore, StoreError
from store.models import Campaign
from widgets.letter import LetterPane
from widgets.messages import CopyRequested
from widgets.month import MonthView
from widgets.petition import PetitionPane
from widgets.roster import RosterPane
from widgets.tour import TourPane

from . import clipboard, letter_actions, petition_actions, roster_actions, tour_actions
from .screens.dashboard import DashboardScreen
from .screens.help import HelpScreen, describe

if TYPE_CHECKING:
    from textual.command import Provider


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
        self.tour_undo = tour_actions.TourUndo()
        self.roster_undo = roster_actions.RosterUndo()
        self._poll_timer: Timer | None = None
        self._poll_failures = 0
        self._save_lock = threading.Lock()
        self._save_seq = 0
        self._saved_seq: dict[str, int] = {}

    def get_default_screen(self) -> DashboardScreen:
        return DashboardScreen(self.campaign, self.clock)

    @property
    def dashboard(self) -> DashboardScreen:
        return next(s for s in self.screen_stack if isinstance(s, DashboardScreen))

    def refresh_panes(self) -> None:
        """Show the campaign as it now is in every pane."""
        self.dashboard.show_campaign(self.campaign)

    def on_mount(self) -> None:
        if self.campaign.petition.source is not None:
            self.fetch_petition()

    # --- keys ----------------------------------------------------------------------------

    def action_show_keys(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        anywhere = describe([*DashboardScreen.BINDINGS, *self.BINDINGS])
        anywhere += [("ctrl+p", "Command palette"), ("ctrl+q", "Quit, even from a text field")]
        sections = [
            ("Anywhere", anywhere),
            ("Tables, text", [("↑ ↓ pgup pgdn", "Move the cursor, scroll"), ("home end", "First, last")]),
            ("Tour pane", describe(TourPane.BINDINGS) + [("enter", "Edit stop")]),
            ("Month view", [("← → ↑ ↓", "Move the day")] + describe(MonthView.BINDINGS[4:])),
            ("Petition pane", describe(PetitionPane.BINDINGS)),
            ("Roster pane", describe(RosterPane.BINDINGS)),
            ("Letter pane", describe(LetterPane.BINDINGS)),
            ("Letter fields", [("enter", "Next field (saves)"), ("escape", "Back to the letter")]),
            ("Forms", [("enter", "Next field"), ("ctrl+s", "Save"), ("escape", "Cancel (asks if changed)")]),
        ]
        self.push_screen(HelpScreen([(name, keys) for name, keys in sections if keys]))


    def action_copy_letter(self) -> None:
        self.dashboard.query_one(LetterPane).action_copy_letter()

    def action_switch_letter_language(self) -> None:
        self.dashboard.action_show_pane("letter")
        self.dashboard.query_one(LetterPane).action_switch_language()

    def action_pane_action(self, pane_id: str, action: str) -> None:
        """Run a pane's action from the command palette, showing that pane first."""
        self.dashboard.action_show_pane(pane_id)
        self.call_later(self.dashboard.pane(pane_id).run_action, action)

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

    @on(LetterPane.Requested)
    def _letter_requested(self, message: LetterPane.Requested) -> None:
        if message.what == "confirm_copy":
            letter_actions.confirm_copy(self, message.text, message.label)
        elif message.what == "pdf":
            letter_actions.export_pdf(self, self.dashboard.query_one(LetterPane))
        elif message.what in ("edit_template", "add_template"):
            letter_actions.edit_template(self, message.template, message.lang)

    @on(TourPane.EditStop)
    def _edit_stop(self, message: TourPane.EditStop) -> None:
        tour_actions.edit_stop(self, message.tour_stop, message.day)

    @on(TourPane.DeleteStop)
    def _delete_stop(self, message: TourPane.DeleteStop) -> None:
        tour_actions.delete_stop(self, self.tour_undo, message.tour_stop)

    @on(TourPane.UndoDelete)
    def _undo_delete(self) -> None:
        tour_actions.undo_delete(self, self.tour_undo)

    @on(TourPane.EditSpeaker)
    def _edit_speaker(self, message: TourPane.EditSpeaker) -> None:
        tour_actions.edit_speaker(self, message.speaker)

    @on(PetitionPane.Requested)
    def _petition_requested(self, message: PetitionPane.Requested) -> None:
        if message.what in ("tally", "set_count"):
            petition_actions.tally(self, message.what)
        elif message.what == "goal":
            petition_actions.edit_goal(self)
        elif message.what == "undo":
            petition_actions.undo_tally(self)
        elif message.what == "source":
            petition_actions.edit_source(self)
        elif message.what == "refresh":
            if self.campaign.petition.source is None:
                self.notify("No live source set: s sets one.", severity="warning")
            else:
                self.notify("Fetching the count…")
                self.fetch_petition_now()

    @on(RosterPane.EditMember)
    def _edit_member(self, message: RosterPane.EditMember) -> None:
        roster_actions.edit_member(self, self.roster_undo, message.member)

    @on(RosterPane.DeleteMember)
    def _delete_member(self, message: RosterPane.DeleteMember) -> None:
        roster_actions.delete_member(self, self.roster_undo, message.member)

    @on(RosterPane.StatusChange)
    def _status_change(self, message: RosterPane.StatusChange) -> None:
        roster_actions.change_status(self, self.roster_undo, message.member, message.status)

    @on(RosterPane.Requested)
    def _roster_requested(self, message: RosterPane.Requested) -> None:
        if message.what == "undo":
            roster_actions.undo_change(self, self.roster_undo)
        elif message.what == "import":
            roster_actions.import_csv(self)
        elif message.what == "export":
            roster_actions.export_csv(self)

    @on(TourPane.ExportRequested)
    def _export_tour(self) -> None:
        tour_actions.export_tour(self)

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

    def save_record(self, record: Any, what: str) -> None:
        """Write one record in a worker; the in-memory campaign is already up to date."""
        self.save_records([record], record.id, what)

    def save_records(self, records: list[Any], key: str, what: str) -> None:
        """Write several records in one transaction, in a worker; `key` names the write for ordering."""
        self._save_seq += 1
        self._write(lambda: self.store.put(*records), key, what, self._save_seq)

    def delete_record(self, record_type: type, record_id: str, what: str) -> None:
        self._save_seq += 1
        self._write(lambda: self.store.delete(record_type, record_id), record_id, what, self._save_seq)

    @work(thread=True, group="save", exit_on_error=False)
    def _write(self, operation: Any, record_id: str, what: str, seq: int) -> None:
        """Run one write; one overtaken by a newer write of the same record is skipped."""
        with self._save_lock:
            if self._saved_seq.get(record_id, 0) > seq:
                return
            try:
                operation()
            except (StoreError, OSError) as error:
                self.call_from_thread(
                    self.notify, f"Could not save the {what}: {error}", severity="error", markup=False
                )
                return
            self._saved_seq[record_id] = seq

    def fetch_petition_now(self) -> None:
        """Fetch at once (a fetch in flight is replaced, never doubled)."""
        self._poll_failures = 0
        self.fetch_petition(announce=True)

    @work(exclusive=True, group="petition", exit_on_error=False)
    async def fetch_petition(self, announce: bool = False) -> None:
        """One fetch, then re-arm the timer: polls never overlap; failures back off up to 8x."""
        if self._poll_timer is not None:
            self._poll_timer.stop()
            self._poll_timer = None
        source = self.campaign.petition.source
        if source is None:
            return
        reading = await petition_actions.fetch_once(self)
        if reading is None or self.campaign.petition.source is None:
            return
        petition_actions.add_reading(self, reading, "fetched count")
        was_failing = self._poll_failures > 0
        self._poll_failures = self._poll_failures + 1 if reading.error else 0
        if reading.error and (announce or not was_failing):
            self.notify(f"Petition count not updated: {reading.error}.", severity="error", markup=False)
        elif announce and not reading.error:
            self.notify(f"Count is now {reading.count:,}.", markup=False)
        delay = source.interval_s * min(2**self._poll_failures, 8)
        self._poll_timer = self.set_timer(delay, self.fetch_petition)

    @work(thread=True, group="export", exit_on_error=False)
    def write_file(self, path: Path, make: Callable[[], bytes], done: str) -> None:
        """Build a file's bytes and write them off the UI thread; say how it went."""
        from store.letter_pdf import PdfError

        try:
            path.write_bytes(make())
        except PdfError as error:
            self.call_from_thread(self.notify, f"Nothing written: {error}.", severity="error", markup=False)
        except OSError as error:
            self.call_from_thread(self.notify, f"Could not write {path}: {error.strerror or error}", severity="error", markup=False)
        else:
            self.call_from_thread(self.notify, done, markup=False)

    @work(thread=True, group="import", exit_on_error=False)
    def plan_roster_import(self, path: Path) -> None:
        """Read and check the file off the UI thread, then show the preview."""
        from store.roster_csv import CsvError, read_csv

        try:
            plan = read_csv(path.read_bytes(), list(self.campaign.members))
        except (CsvError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self.call_from_thread(self.notify, f"Cannot import {path}: {reason}. Nothing was changed.", severity="error", markup=False)
            return
        self.call_from_thread(self._preview_import, plan, str(path))

    def _preview_import(self, plan: Any, source: str) -> None:
        from store.roster_csv import apply_plan

        from .screens.import_preview import ImportPreviewScreen

        def answered(yes: bool | None) -> None:
            if not yes or not plan.changes:
                self.notify("Import cancelled: nothing was changed." if not yes else "Nothing to import.", markup=False)
                return
            self.campaign.members = apply_plan(self.campaign.members, plan)
            self.refresh_panes()
            self.save_records(plan.changes, "roster-import", "imported roster")
            self.notify(f"Imported: {plan.summary()}.", markup=False)

        self.push_screen(ImportPreviewScreen(plan, source), answered)
