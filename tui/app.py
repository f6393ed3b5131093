"""CampaignDashApp: owns the store and the clock, turns pane messages into changes, writes them
in the background, and shows the campaign as the store holds it, including what others change.

The change path: a pane posts one typed message per intent; a handler in `*_actions.py` turns
it into a `store.changes.Change` and calls `submit`. `submit` shows the change at once (applied
to the campaign in memory), keeps it pending, and one writer worker applies pending changes to
the store in order. A change the store cannot write stays pending and is retried; a change that
conflicts with someone else's is shown to the organizer to settle. A watcher notices writes by
other processes (another dashboard, the command line, cron) and repaints only what they touched.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable, Coroutine, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.worker import get_current_worker
from textual.app import App, SystemCommand
from textual.timer import Timer

from store.changes import AREAS, SEATS, Change, ConflictError, LogEntry, apply_to_campaign, author_name
from store.clock import Clock
from store.db import Applied, CampaignStore, State, StoreError
from store.i18n import N_, _, adopt_campaign_language, ngettext, number
from store.models import Campaign
from store.roster import SortedRoster, sorted_roster
from store import pg
from widgets.keys import bindings
from widgets.letter import LetterPane
from widgets.messages import CopyRequested, RedoRequested, UndoRequested
from widgets.month import MonthView
from widgets.petition import PetitionPane
from widgets.roster import RosterPane
from widgets.tour import TourPane

from .collector import lasting_objects
from .history import History
from . import clipboard
from .lazy import lazy_module
from .typeahead import Deliver, StayedOpen, TypeAhead, must_wait
from .screens.dashboard import DashboardScreen

# Needed after the first frame only (a key, a dialog): imported when first used, always on the
# UI thread (Python 3.11's LazyLoader is not thread-safe: the modules worker threads use, the
# clipboard's and the server's, are imported here, ~2 ms).
details_actions = lazy_module("tui.details_actions")
letter_actions = lazy_module("tui.letter_actions")
petition_actions = lazy_module("tui.petition_actions")
roster_actions = lazy_module("tui.roster_actions")
target_actions = lazy_module("tui.target_actions")
tour_actions = lazy_module("tui.tour_actions")
confirm = lazy_module("tui.screens.confirm")
form = lazy_module("tui.screens.form")
help_screen = lazy_module("tui.screens.help")
records = lazy_module("tui.screens.records")

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen

    from store.offline import LocalCopy

WATCH_INTERVAL_S = 0.1  # how often the file is checked for others' writes (one stat call, in a worker)
SERVER_LOOK_S = 5.0  # a server tells of others' writes (LISTEN); it is also asked this often, in case
RETRY_FIRST_S = 1.0
RETRY_MAX_S = 15.0
NOTHING_TO_UNDO = {
    "tour": N_("Nothing to undo in the tour pane in this session."),
    "petition": N_("Nothing to undo in the petition pane in this session."),
    "roster": N_("Nothing to undo in the roster pane in this session."),
    "letter": N_("Nothing to undo in the letter pane in this session."),
}
NOTHING_TO_REDO = {
    "tour": N_("Nothing to redo in the tour pane."),
    "petition": N_("Nothing to redo in the petition pane."),
    "roster": N_("Nothing to redo in the roster pane."),
    "letter": N_("Nothing to redo in the letter pane."),
}


# Textual's own palette commands (App.get_system_commands), in our catalog: shown translated, and
# found by their English names too.
TEXTUAL_COMMAND_WORDS = (
    N_("Theme"), N_("Change the current theme"),
    N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"), N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)


def campaign_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens (not at start-up)."""
    from .commands import CampaignCommands

    return CampaignCommands


# How long after the first frame a campaign file's lock is tried (`CampaignDashApp._try_lock`).
LOCK_TRY_AFTER_S = 0.3


class CampaignDashApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute, so subclasses elsewhere find it
    TITLE = "campaign-dash"
    COMMANDS = App.COMMANDS | {campaign_commands}
    BINDINGS = bindings("app")
    MOVES_FOCUS = frozenset({"command_palette"})  # tui/typeahead.py: keys after ctrl+p wait for it

    def __init__(
        self,
        store: CampaignStore,
        clock: Clock | None = None,
        *,
        author: str = "",
        read_only: str | None = None,
        state: State | None = None,
        keymap_file: Path | None = None,
        local: LocalCopy | None = None,
        offline: str | None = None,
    ) -> None:
        super().__init__()
        from .keymap import keymap_path, load_keymap

        self.keymap_file = keymap_file or keymap_path()
        self.keymap, self.keymap_problems = load_keymap(self.keymap_file)
        self.store = store
        self.clock = clock or Clock()
        self.author = author or author_name()
        self.read_only = read_only  # why the campaign cannot be changed, or None
        state = state or store.read_state()
        self.campaign = state.campaign
        adopt_campaign_language(self.campaign.info.interface_language)  # unless --lang or $CAMPAIGN_DASH_LANG said
        self.known_rev = state.rev
        self._seen_signature = state.signature
        self.history = History()
        self.history.seed(state.entries, self.author)
        self.pending: list[Change] = []
        self._pending_lock = threading.Lock()
        self._writing = False
        self._idle = threading.Event()
        self._idle.set()
        self._retry_timer: Timer | None = None
        self._retry_delay = RETRY_FIRST_S
        self.save_error = ""
        self._mine: set[str] = set()  # ids of changes made in this dashboard
        self._watching = False
        self._settling = 0  # conflict dialogs open or about to open
        self._file_id = state.file_id
        self._poll_timer: Timer | None = None
        self._poll_failures = 0
        self._feed_warnings: set[str] = set()
        self._settling_summaries: list[str] = []  # changes waiting on a conflict dialog
        self._notices = 0  # notifications shown so far
        self._copy_notice = -1  # the number of the last "copied" notification
        self._reported_since = ""  # when the unsaved report was first written ("" if none)
        self.typeahead = TypeAhead(self, holding=True)  # keys typed before the dashboard has its focus wait for it
        # A big roster is read after the first frame (store.db: `later_roster`); keys wait for it.
        self.roster_reading = state.roster_pending
        self.refusal: StoreError | None = None  # the file turned out unreadable after the first frame: said at exit
        if self.roster_reading:
            self.typeahead.wait_for_data()
        # A server store tells of others' writes (store.listen, a worker of its own): a notice sets
        # _look_now and the watch timer reads the campaign; the file store is looked at each tick.
        self._live = callable(getattr(store, "listen", None))
        self._look_now = False
        self._next_look = 0.0
        self._heard = False  # the listener got through since it last started
        self._report_at = store.path if isinstance(store.path, Path) else None  # the unsaved report's place
        # A server campaign is kept on this machine too (store.offline): the dashboard works on
        # from that copy when the server cannot be reached, and its queue of changes is a journal,
        # so changes waiting to be sent survive a crash; they are sent (in order, with the same
        # version checks) when the server is back.
        self.local = local
        self.offline_since: datetime | None = datetime.now() if offline else None
        if local is not None:
            for change in local.queued():  # made here before, never sent: shown, and sent first
                apply_to_campaign(self.campaign, change)
                self._mine.add(change.id)
                self.pending.append(change)

    def get_default_screen(self) -> DashboardScreen:
        return DashboardScreen(self.campaign, self.clock, self.read_only, self.roster_reading)

    @property
    def dashboard(self) -> DashboardScreen:
        return next(s for s in self.screen_stack if isinstance(s, DashboardScreen))

    def on_mount(self) -> None:
        self.typeahead.start()  # start-up: keys wait until the dashboard has its focus
        if self.keymap:
            self.set_keymap(self.keymap)
        for problem in self.keymap_problems:
            self.notify(problem, title=_("Your keys"), severity="warning", timeout=10, markup=False)
        self.set_interval(WATCH_INTERVAL_S, self._watch_file)
        if self._live:
            self._listen()
        if self.pending or self.offline_since:
            self.call_after_refresh(self._show_unsaved)
            self._start_writer()
        if self.campaign.petition.source is not None:
            self.fetch_petition()

    # --- keys typed ahead (tui/typeahead.py) -------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            if event.is_forwarded:  # back from the focused widget: its binding runs here
                await super().on_event(event)
                self.typeahead.handled(event)
            elif not self.typeahead.keep(event):
                await self._dispatch_typed(event)
            return
        if isinstance(event, events.Paste) and not event.is_forwarded:  # a paste takes its place among the keys
            if not self.typeahead.keep(event):
                await super().on_event(event)
            return
        await super().on_event(event)

    async def _dispatch_typed(self, event: events.Key | events.Paste) -> None:
        if isinstance(event, events.Paste):  # to the focused widget: no binding, no move
            await super().on_event(event)
            return
        wait = must_wait(self, event.key)
        if wait:
            self.typeahead.start(event, wait)
        target = (self.focused or self.screen) if wait else None  # where a key goes if no priority binding takes it
        await super().on_event(event)
        if not event.is_forwarded:  # a priority binding ran it here (the others run when it is back)
            self.typeahead.handled(event)
        elif target is not None:
            self.typeahead.follow(event, target)

    async def on_deliver(self, _: Deliver) -> None:
        while (event := self.typeahead.next_typed()) is not None:
            await self._dispatch_typed(event)

    def on_stayed_open(self, _: StayedOpen) -> None:
        self.typeahead.not_moving()

    # --- the change path -------------------------------------------------------------------

    def submit(self, change: Change, *, undoable: bool = True) -> bool:
        """Show `change` at once and queue it for the store. False (and said) if read-only."""
        if self.read_only:
            self.notify(_("Nothing was changed: this campaign is open read-only ({reason}).").format(reason=self.read_only), severity="error", markup=False)
            return False
        if not change.ops:
            self.notify(_("Nothing to save: nothing was changed."), markup=False)
            return False
        change = change.stamped(self.author, datetime.now())
        inverse = apply_to_campaign(self.campaign, change)
        if undoable:
            self.history.done(change, inverse)
        self._queue(change)
        return True

    def _queue(self, change: Change) -> None:
        self._mine.add(change.id)
        with self._pending_lock:
            self.pending.append(change)
        if self.local is not None:
            self._journal_soon()  # kept on disk even while the writer waits on the server
        self._repaint(self.campaign, change.areas)
        self._show_unsaved()
        # The write starts once the change is on screen: a writer thread started first holds
        # the GIL through its parse and serialize (orjson keeps it), and the repaint waits.
        self.call_after_refresh(self._start_writer)

    def _repaint(self, campaign: Campaign, areas: set[str]) -> None:
        """Show the campaign as it now is: the panes whose data changed, and any open list."""
        self.dashboard.show_campaign(campaign, areas)
        for screen in self.screen_stack:
            if isinstance(screen, records.RecordListScreen):
                screen.show_campaign(campaign)

    def undo(self, area: str) -> None:
        change = self.history.take_undo(area)
        if change is None:
            self.notify(_(NOTHING_TO_UNDO[area]), severity="warning")
            return
        self._replay(change, area, self.history.undone, _("Undone: {what}. ctrl+r redoes it."))

    def redo(self, area: str) -> None:
        change = self.history.take_redo(area)
        if change is None:
            self.notify(_(NOTHING_TO_REDO[area]), severity="warning")
            return
        self._replay(change, area, self.history.redone, _("Redone: {what}. u undoes it."))

    def _replay(self, change: Change, area: str, remember: Callable[[str, Change], None], said: str) -> None:
        if self.read_only:
            self.submit(change)  # says why nothing changes
            return
        change = change.stamped(self.author, datetime.now())
        remember(area, apply_to_campaign(self.campaign, change))
        self._queue(change)
        self.notify(said.format(what=change.summary.removeprefix("undo: ")), markup=False)

    def _start_writer(self) -> None:
        """Start the writer unless it is running (it takes every pending change, in order)."""
        with self._pending_lock:
            if self._writing or not self.pending:
                return
            self._writing = True
            self._idle.clear()
        if self._retry_timer is not None:
            self._retry_timer.stop()
            self._retry_timer = None
        self._write_pending()

    @work(thread=True, group="store-write", exit_on_error=False)
    def _write_pending(self) -> None:
        """Apply pending changes to the store one by one; stop at the first that cannot be written."""
        try:
            while True:
                with self._pending_lock:  # "nothing left" and "not writing" in one step: a change
                    if not self.pending:  # submitted now starts a new writer, never waits for none
                        self._stop_writing()
                        done = True
                    else:
                        done = False
                        change = self.pending[0]
                if done:
                    self._report_unsaved("")
                    return
                self._journal_pending()
                try:
                    applied = self.store.apply(change, author=self.author, since_rev=self.known_rev)
                except ConflictError as error:
                    self._settling_summaries.append(change.summary)
                    self._report_unsaved("")
                    state = self._read_state_quietly()
                    self.call_from_thread(self._conflicted, change, error, state)
                    continue
                except (StoreError, OSError) as error:
                    self._report_unsaved(str(error))
                    with self._pending_lock:
                        self._stop_writing()
                    self.call_from_thread(self._save_failed, error)
                    return
                if applied.state is not None and applied.state.signature is not None:
                    self._seen_signature = applied.state.signature  # our own write: nothing to re-read
                self._keep_locally(applied, sent=change.id)
                self.call_from_thread(self._saved, change, applied)
        finally:
            with self._pending_lock:
                if self._writing:  # left by an unexpected error: the next submit starts a writer
                    self._stop_writing()

    def save_what_is_left(self, wait_s: float = 10.0) -> None:
        """Once the app has ended (off its loop): write the changes it still holds. The quit key
        waits for them, but not every end does: a browser tab closed (textual-serve ends the
        app at once) or `exit()`. A writer under way finishes first; what it wrote is in the
        log (its call back to the ended app fails), the rest is written here, in order, as the
        writer writes it. A change that cannot be written stays in the unsaved report
        (`campaign-dash status` says so); a server campaign's waits in its local journal."""
        self._idle.wait(wait_s)
        with self._pending_lock:
            waiting = list(self.pending)
        if not waiting or self.read_only:
            return
        if self.local is not None and self._journal_pending():
            return  # sent at the next start, as after the quit key
        try:
            written = {entry.change.id for entry in self.store.log()}
            for change in waiting:
                if change.id not in written:
                    self.store.apply(change, author=self.author, since_rev=self.known_rev)
                self._take_pending(change)
            reason = ""
        except ConflictError:
            reason = "a conflict"
        except (StoreError, OSError) as error:
            reason = str(error)
        self._report_unsaved(reason)

    def _journal_pending(self) -> bool:
        """Keep every pending change in the local journal before sending (off the UI thread).
        False when it could not be written (they stay pending in memory, as with a file)."""
        if self.local is None:
            return False
        with self._pending_lock:
            waiting = list(self.pending)
        try:
            self.local.queue(waiting)
        except OSError:
            return False
        return True

    @work(thread=True, group="store-journal", exit_on_error=False)
    def _journal_soon(self) -> None:
        self._journal_pending()

    def _keep_locally(self, applied: Applied | None = None, *, state: State | None = None, sent: str = "") -> None:
        """The local copy follows the server: a change of ours it took, or a fresh read."""
        if self.local is None:
            return
        try:
            if sent:
                self.local.sent(sent)
            if applied is not None:
                if applied.state is not None and applied.state.campaign is not None:
                    self.local.save(applied.state)
                else:
                    self.local.advance(applied.change, applied.rev)
            if state is not None:
                self.local.save(state)
        except OSError:
            pass  # a full disk: the copy stays older, the server has it all

    def _report_unsaved(self, reason: str) -> None:
        """Tell `campaign-dash status` what this dashboard holds unwritten (store.unsaved); call
        off the UI thread. Clears the report once everything is written and settled."""
        from store.unsaved import UnsavedReport, clear_report, write_report

        with self._pending_lock:
            summaries = [c.summary for c in self.pending]
        settling = list(self._settling_summaries)
        if self._report_at is None:
            return
        if not summaries and not settling:
            if self._reported_since:
                clear_report(self._report_at)
                self._reported_since = ""
            return
        if not reason and not settling:
            return  # still being written: nothing to report yet
        since = self._reported_since or datetime.now().isoformat(timespec="seconds")
        report = UnsavedReport(reason or "a conflict", settling + summaries, self.author, since, os.getpid(), conflict=bool(settling))
        if write_report(self._report_at, report):
            self._reported_since = since

    def _stop_writing(self) -> None:
        """Call with the pending lock held."""
        self._writing = False
        self._idle.set()

    def _read_state_quietly(self) -> State | None:
        try:
            state = self.store.read_state(self.known_rev)
        except (StoreError, OSError):
            return None
        self._keep_locally(state=state)
        return state

    def _take_pending(self, change: Change) -> None:
        with self._pending_lock:
            self.pending = [c for c in self.pending if c.id != change.id]

    def _saved(self, change: Change, applied: Applied) -> None:
        self._take_pending(change)
        self.history.written(change.id, applied.inverse)  # undo what was written, not what was shown
        self._retry_delay = RETRY_FIRST_S
        if self.offline_since is not None:
            self._back_online()
        if self.save_error:
            self.save_error = ""
            self.tell(_("Saved: the changes that were waiting are written."), markup=False)
        if applied.state is not None:
            self._adopt(applied.state)
        self._show_unsaved()

    def _save_failed(self, error: Exception) -> None:
        first = not self.save_error
        self.save_error = str(error)
        offline = isinstance(error, pg.ServerUnreachable) and self.local is not None
        if offline:
            self._went_offline(error)
        self._show_unsaved()
        if first and not offline:
            count = len(self.pending)
            self.tell(
                ngettext(
                    "Not saved yet: {error}. {n} change kept and retried; quitting asks first.",
                    "Not saved yet: {error}. {n} changes kept and retried; quitting asks first.",
                    count,
                ).format(error=error, n=count),
                severity="error",
                timeout=10,
                markup=False,
            )
        self._retry_timer = self.set_timer(self._retry_delay, self._start_writer)
        self._retry_delay = min(self._retry_delay * 2, RETRY_MAX_S)

    def _conflicted(self, change: Change, error: ConflictError, state: State | None) -> None:
        """Someone else changed what this change changes: show both, let the organizer choose."""
        self._take_pending(change)
        self.history.forget(change.id)
        if state is not None:
            self._adopt(state, force=True)
        self._show_unsaved()
        self._settling += 1  # counted now: a quit before the dialog opens must not slip past it
        self.run_worker(self._settle(change, error), group="dialogs")

    async def _settle(self, change: Change, error: ConflictError) -> None:
        detail = "\n".join(f"• {c.sentence()}" for c in error.conflicts)
        choices = [("t", _("take theirs"), "theirs")]
        if any(c.path == SEATS for c in error.conflicts):  # the last seat went to someone else
            choices.insert(0, ("m", _("keep mine: give the seat anyway, over capacity"), "mine"))
        elif not any(c.removed for c in error.conflicts):  # a removed record cannot take my values
            choices.insert(0, ("m", _("keep mine (write my values over theirs)"), "mine"))
        try:
            question = _("Not saved: someone else changed this meanwhile ({what}).").format(what=change.summary)
            choice = await self.push_screen_wait(
                confirm.ChoiceScreen(question, detail, choices, escape_value="theirs")
            )
        finally:
            self._settling -= 1
            if change.summary in self._settling_summaries:
                self._settling_summaries.remove(change.summary)
            await asyncio.to_thread(self._report_unsaved, self.save_error)
            await asyncio.to_thread(self._keep_locally, sent=change.id)  # settled: off the journal
        if choice == "mine":
            self.submit(change.rebased(error.conflicts))
        else:
            self.notify(_("Kept their values; yours were not written."), markup=False)

    def on_ready(self) -> None:
        """The first frame is on screen (Textual's Ready): a roster left out of it is read now,
        and a campaign file's lock is tried (start-up only looked at its permissions)."""
        if self.roster_reading:
            self._read_roster()
        if isinstance(self.store, CampaignStore) and not self.read_only:
            # Not at once: the first keys come now, and importing filelock (~10 ms) would delay them.
            self.set_timer(LOCK_TRY_AFTER_S, self._try_lock)

    @work(thread=True, group="store-lock", exit_on_error=False)
    def _try_lock(self) -> None:
        """Whether this dashboard could write the campaign file (its lock taken, and let go);
        its permissions were looked at before the first frame."""
        if problem := self.store.lock_problem():
            self._call_quietly(self._open_read_only, problem)

    def _open_read_only(self, problem: str) -> None:
        """The file turned out not writable after the first frame: from now on the campaign is
        read-only, and the title bar and a notice say why. Changes made meanwhile stay unsaved
        (kept in the unsaved report, never dropped in silence)."""
        if self.read_only:
            return
        self.read_only = self.dashboard.read_only = problem
        self.dashboard.show_campaign(self.campaign, {"campaign"})
        self.tell(_("This campaign is open read-only: {reason}").format(reason=problem), severity="error", timeout=10, markup=False)

    @work(thread=True, group="store-roster", exit_on_error=False)
    def _read_roster(self) -> None:
        """Read the roster the first frame was painted without (100,000 people: ~0.4 s), and sort
        it and fold its search keys here too, off the UI thread: its first show sorts nothing
        and the first filter key folds nothing."""
        try:
            with lasting_objects("roster-read"):  # people who all live on (as at start-up), and their keys
                state = self.store.read_state(self.known_rev)
                members = state.campaign.members if state.campaign is not None else []
                read = sorted_roster(members, RosterPane.SORT_ORDERS[0][0])  # the pane's first order
        except Exception as error:  # noqa: BLE001  any failure: said and quit, never keys held for ever
            self._call_quietly(self._roster_unreadable, error)
            return
        self._call_quietly(self._roster_read, state, read)

    def _roster_read(self, state: State, read: SortedRoster) -> None:
        """The roster read after the first frame joins the campaign shown. The rest of what is
        shown stays: this dashboard's own changes were applied to it (one written after this
        read is not in `state`); others' changes since the first read are applied on top (their
        roster ops are in the roster read already: applied again, they change nothing)."""
        self.roster_reading = self.dashboard.roster_reading = False
        self.dashboard.roster_read = read  # for the roster pane's first show (built by then or not)
        with lasting_objects("roster-shown"):  # the roster's first show: its sorted lists and index live on
            if state.file_id != self._file_id or state.campaign is None:
                self._adopt(state)  # replaced meanwhile (a reset elsewhere): shown from the file
            else:
                if state.signature is not None:
                    self._seen_signature = state.signature
                foreign = [e for e in state.entries if e.rev > self.known_rev and e.change.id not in self._mine]
                self.known_rev = max(self.known_rev, state.rev)
                self.campaign.members = state.campaign.members
                for entry in foreign:
                    apply_to_campaign(self.campaign, entry.change)
                self._repaint(self.campaign, {"roster"} | {a for e in foreign for a in e.change.areas})
                self._tell_changed_elsewhere(foreign)
        self.typeahead.data_ready()

    def _roster_unreadable(self, error: Exception) -> None:
        """The roster is damaged (found only now: it was read after the first frame). Nothing
        was written (keys waited for it); quit and say so as a refused file is said."""
        self.refusal = error if isinstance(error, StoreError) else StoreError(str(error) or type(error).__name__)
        self.exit(return_code=2)

    def on_dashboard_screen_built(self) -> None:
        if self.pending or self.offline_since:
            self._show_unsaved()  # the panes built after the first frame get their marks too

    def _show_unsaved(self) -> None:
        with self._pending_lock:
            pending = list(self.pending)
        for pane in self.dashboard.panes():  # those built (DashboardScreen._build_rest)
            count = sum(1 for c in pending if pane.PANE_ID in c.areas)
            pane.show_unsaved(count if self.save_error else 0, self.save_error)
        self.dashboard.show_connection(self.connection_words())

    def connection_words(self) -> str:
        """The header's word on the server: "offline since 14:02, 3 changes waiting" ("" online)."""
        if self.offline_since is None:
            return ""
        n = len(self.pending)
        return ngettext("offline since {time}, {n} change waiting", "offline since {time}, {n} changes waiting", n).format(
            time=f"{self.offline_since:%H:%M}", n=n
        )

    def _went_offline(self, error: Exception) -> None:
        if self.offline_since is not None or self.local is None:
            return
        self.offline_since = datetime.now()
        self.tell(
            _("Offline: {error}. Working from this machine's copy; your changes are kept here and sent when the server is back.").format(error=error),
            severity="warning",
            timeout=10,
            markup=False,
        )
        self._show_unsaved()

    def _back_online(self) -> None:
        """The server answers again: send what waits now, and look at what others changed."""
        if self.offline_since is None:
            return
        self.offline_since = None
        self._look_now = True
        self.tell(_("Back online: the server can be reached again."), markup=False)
        self._retry_delay = RETRY_FIRST_S
        self._start_writer()
        self._show_unsaved()

    # --- others' changes -------------------------------------------------------------------

    def _watch_file(self) -> None:
        if self._watching:
            return
        if self._live:  # a server: when told of a write, and now and then in case a notice was lost
            now = time.monotonic()
            if not self._look_now and now < self._next_look:
                return
            self._look_now, self._next_look = False, now + SERVER_LOOK_S
        self._watching = True
        self._check_file()

    @work(thread=True, group="store-watch", exit_on_error=False)
    def _check_file(self) -> None:
        """Re-read the campaign when it changed (a stat or one query each time; a read only on change)."""
        try:
            if self._writing:  # our writer brings back whatever others wrote meanwhile
                self._look_now = self._look_now or self._live  # ...up to its write: look again after
                return
            signature = self.store.signature()
            if signature is None or signature == self._seen_signature:
                return
            state = self.store.read_state(self.known_rev)
            self._keep_locally(state=state)
            self.call_from_thread(self._adopt, state)
        except (StoreError, OSError):
            pass  # a file being replaced or damaged: the next write says what is wrong
        finally:
            self._watching = False

    @work(thread=True, group="store-listen", exit_on_error=False)
    def _listen(self) -> None:
        """Hear of others' writes as they commit (LISTEN/NOTIFY on a connection of its own);
        listen again after a lost connection, waiting longer each time (up to RETRY_MAX_S)."""
        worker = get_current_worker()
        delay = RETRY_FIRST_S
        while not worker.is_cancelled:
            self._heard = False
            try:
                self.store.listen(self._on_notice, lambda: worker.is_cancelled)  # type: ignore[attr-defined]
                return
            except pg.ServerUnreachable as error:
                if not worker.is_cancelled:
                    self._call_quietly(self._went_offline, error)
            except (StoreError, OSError):
                pass
            delay = RETRY_FIRST_S if self._heard else min(delay * 2, RETRY_MAX_S)
            worker.cancelled_event.wait(delay)

    def _call_quietly(self, callback: Callable[..., Any], *args: Any) -> None:
        """`callback` on the UI thread from a worker, unless the app is closing meanwhile."""
        try:
            self.call_from_thread(callback, *args)
        except RuntimeError:
            pass

    def _on_notice(self, rev: int) -> None:
        """A write on the server (-1: listening again after a while): look now (and, should a
        look be under way, again from the timer when it is done)."""
        if rev < 0:
            self._heard = True
            if self.offline_since is not None:
                self._call_quietly(self._back_online)
        if rev < 0 or rev > self.known_rev:
            self._look_now = True
            self._call_quietly(self._watch_file)  # at once, not at the next tick

    def _adopt(self, state: State, force: bool = False) -> None:
        """Show the campaign as the store holds it (with this dashboard's pending changes on top)."""
        if state.signature is not None:
            self._seen_signature = state.signature
        if state.file_id != self._file_id:  # the file was replaced (--reset-demo): start over from it
            self._file_id, self.known_rev, force = state.file_id, state.rev, True
        if state.rev <= self.known_rev and not force:
            return
        jumped = state.rev - self.known_rev
        self.known_rev = max(self.known_rev, state.rev)
        foreign = [e for e in state.entries if e.change.id not in self._mine]
        unlogged = len(state.entries) < jumped  # written without the log (a reset): repaint all
        if (not foreign and not unlogged and not force) or state.campaign is None:
            return  # only our own changes, already shown
        campaign = state.campaign
        with self._pending_lock:
            pending = list(self.pending)
        for change in pending:
            apply_to_campaign(campaign, change)
        self.campaign = campaign
        areas = set(AREAS) if unlogged or force else {a for e in foreign for a in e.change.areas}
        self._repaint(campaign, areas)
        self._tell_changed_elsewhere(foreign)

    def _tell_changed_elsewhere(self, foreign: list[LogEntry]) -> None:
        if foreign:
            lines = [e.brief() for e in foreign[-3:]]
            more = " " + _("(and {n} more)").format(n=len(foreign) - 3) if len(foreign) > 3 else ""
            self.tell("\n".join(lines) + more, title=_("Changed elsewhere"), timeout=6, markup=False)

    # --- keys ----------------------------------------------------------------------------

    def action_show_keys(self) -> None:
        if isinstance(self.screen, help_screen.HelpScreen):
            return
        keymap = self.keymap
        anywhere = help_screen.describe([*DashboardScreen.BINDINGS, *self.BINDINGS], keymap)
        anywhere += [("ctrl+p", _("Command palette")), ("ctrl+q", _("Quit, even from a text field"))]
        sections = [
            (_("Anywhere"), anywhere),
            (_("Tables, text"), [("↑ ↓ (k j) pgup pgdn", _("Move the cursor, scroll")), ("home end", _("First, last"))]),
            (_("Tour pane"), help_screen.describe(TourPane.BINDINGS, keymap) + [("enter", _("Edit stop"))]),
            (_("Month view"), [("← → ↑ ↓, h l k j", _("Move the day"))] + help_screen.describe(MonthView.BINDINGS[8:])),
            (_("Petition pane"), help_screen.describe(PetitionPane.BINDINGS, keymap)),
            (_("Roster pane"), help_screen.describe(RosterPane.BINDINGS, keymap)),
            (_("Letter pane"), help_screen.describe(LetterPane.BINDINGS, keymap)),
            (_("Letter fields"), [("enter", _("Next field (saves)")), ("escape", _("Back to the letter"))]),
            (_("Speakers (S)"), help_screen.describe(tour_actions.SpeakersScreen.BINDINGS, keymap)),
            (_("Milestones (M)"), help_screen.describe(details_actions.MilestonesScreen.BINDINGS, keymap)),
            (_("Targets (R)"), help_screen.describe(target_actions.TargetsScreen.BINDINGS, keymap)),
            (_("Templates (L)"), help_screen.describe(letter_actions.TemplatesScreen.BINDINGS, keymap)),
            (_("Forms"), [("enter", _("Next field")), ("ctrl+s", _("Save")), ("escape", _("Cancel (asks if changed)"))]),
        ]
        note = _('Your own keys: {file} (a [keys] table of id = "key", ids in the last column; read at start)').format(file=self.keymap_file)
        self.push_screen(help_screen.HelpScreen([(name, keys) for name, keys in sections if keys], note))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands (theme, quit, keys, maximize, screenshot) in the interface's language;
        in Spanish, their English names still find them (hidden until typed)."""
        for command in super().get_system_commands(screen):
            title, help_text = _(command.title), _(command.help)
            yield SystemCommand(title, help_text, command.callback, command.discover)
            if title != command.title:
                yield SystemCommand(command.title, help_text, command.callback, discover=False)

    def key_for(self, binding_id: str) -> str:
        """The key that runs an action now (the user's keymap applied), as people read it."""
        from widgets.keys import BY_ID, shown_key

        keys = self.keymap.get(binding_id) or BY_ID[binding_id].key
        return ", ".join(shown_key(k) for k in keys.split(","))

    def action_edit_campaign(self) -> None:
        self._run(details_actions.edit_campaign(self))

    async def action_pane_action(self, pane_id: str, action: str) -> None:
        """Run a pane's action from the command palette, showing that pane first."""
        await self.dashboard.action_show_pane(pane_id)
        self.call_later(self.dashboard.pane(pane_id).run_action, action)

    async def action_quit(self) -> None:
        """Keep letter fields typed, wait briefly for pending writes; ask before losing any."""
        await self._after_typing()  # ctrl+q is a priority key: the field may not have the keys before it yet
        letter = self.dashboard.query(LetterPane).first() if self.dashboard.query(LetterPane) else None  # built after the first frame on a small terminal
        typed = letter.unsaved_values() if letter is not None else None
        if letter is not None and typed is not None and letter.template is not None:
            letter_actions.remember_values(self, letter.template.id, typed)
        # changes queued this very frame (the letter's, just above) start their write now, not
        # after the next refresh (`_queue` waits for one), so the wait below waits for them
        self._start_writer()
        await asyncio.to_thread(self._idle.wait, 3.0)
        if self._settling:
            self.notify(_("Settle the conflict first: keep yours or take theirs."), severity="warning")
            return
        if not self.pending:
            self.exit()
            return
        if self.local is not None and await asyncio.to_thread(self._journal_pending):
            self.exit()  # kept on this machine: sent at the next start
            return
        self.run_worker(self._ask_before_losing(), group="dialogs", exclusive=True)

    async def _after_typing(self, limit_s: float = 1.0) -> None:
        """Wait until the focused widget has handled the keys already sent to it (a callback
        queued on it runs after them); at most `limit_s`, in case it is gone."""
        if self.screen.focused is None:
            return
        done = asyncio.Event()
        form.after_typing(self.screen, done.set)
        try:
            await asyncio.wait_for(done.wait(), limit_s)
        except TimeoutError:
            pass

    async def _ask_before_losing(self) -> None:
        with self._pending_lock:
            names = [c.summary for c in self.pending]
        shown = "\n".join(f"• {name}" for name in names[:8]) + ("\n• " + _("and {n} more").format(n=len(names) - 8) if len(names) > 8 else "")
        choice = await self.push_screen_wait(
            confirm.ChoiceScreen(
                ngettext("{n} change not saved ({why}):", "{n} changes not saved ({why}):", len(names)).format(
                    n=len(names), why=self.save_error or _("still writing")
                ),
                shown,
                [("s", _("save again"), "save"), ("l", _("quit and lose them"), "lose")],
                escape_value="stay",
            )
        )
        if choice == "lose":
            from store.unsaved import clear_report

            with self._pending_lock:
                self.pending = []  # given up: not written after the app ends either (save_what_is_left)
            if self._report_at is not None:
                await asyncio.to_thread(clear_report, self._report_at)  # given up on purpose: nothing to report
            self.exit()
        elif choice == "save":
            self._retry_delay = RETRY_FIRST_S
            self._start_writer()
            await asyncio.to_thread(self._idle.wait, 10.0)
            if not self.pending:
                self.exit()
            else:
                self.notify(_("Still not saved: {error}.").format(error=self.save_error), severity="error", markup=False)

    # --- pane messages -------------------------------------------------------------------

    def _run(self, action: Coroutine[Any, Any, None]) -> None:
        """Run a handler that may wait on dialogs (push_screen_wait needs a worker)."""
        self.run_worker(action, group="dialogs")

    @on(UndoRequested)
    def _undo_requested(self, message: UndoRequested) -> None:
        self.undo(message.area)

    @on(RedoRequested)
    def _redo_requested(self, message: RedoRequested) -> None:
        self.redo(message.area)

    @on(CopyRequested)
    def _copy_requested(self, message: CopyRequested) -> None:
        self.copy_text(message.text, message.what)

    @on(LetterPane.ValuesChanged)
    def _letter_values_changed(self, message: LetterPane.ValuesChanged) -> None:
        letter_actions.remember_values(self, message.template_id, message.values)

    @on(LetterPane.TweetLengthsWanted)
    def _tweet_lengths_wanted(self, event: LetterPane.TweetLengthsWanted) -> None:
        self._weigh_tweets(event.pane, event.texts)

    # A description, or Textual's @work writes one with repr() of every argument.
    @work(thread=True, group="tweet-lengths", exit_on_error=False, description="weigh the tweets")
    def _weigh_tweets(self, pane: LetterPane, texts: list[str]) -> None:
        """Tweet lengths as X counts them, off the UI thread: twitter-text takes ~0.3 s to load,
        and lengths counted in an earlier session come from the user's cache without it."""
        from store.tweet_lengths import weighted_lengths

        lengths = weighted_lengths(texts)
        self.call_from_thread(pane.show_tweet_lengths, lengths)

    @on(LetterPane.CopyConfirmRequested)
    def _letter_copy_confirm(self, message: LetterPane.CopyConfirmRequested) -> None:
        self._run(letter_actions.confirm_copy(self, message.text, message.label))

    @on(LetterPane.PdfRequested)
    def _letter_pdf(self, message: LetterPane.PdfRequested) -> None:
        self._run(letter_actions.export_pdf(self, message.template, message.lang, message.text))

    @on(LetterPane.TemplateEditRequested)
    def _letter_template(self, message: LetterPane.TemplateEditRequested) -> None:
        self._run(letter_actions.edit_template(self, message.template, message.lang))

    @on(TourPane.EditStop)
    def _edit_stop(self, message: TourPane.EditStop) -> None:
        self._run(tour_actions.edit_stop(self, message.tour_stop, message.day))

    @on(TourPane.DeleteStop)
    def _delete_stop(self, message: TourPane.DeleteStop) -> None:
        self._run(tour_actions.delete_stop(self, message.tour_stop))

    @on(TourPane.EditSpeaker)
    def _edit_speaker(self, message: TourPane.EditSpeaker) -> None:
        self._run(tour_actions.edit_speaker(self, message.speaker))

    @on(TourPane.ExportRequested)
    def _export_tour(self) -> None:
        self._run(tour_actions.export_tour(self))

    @on(PetitionPane.TallyRequested)
    def _tally(self) -> None:
        self._run(petition_actions.tally(self, correction=False))

    @on(PetitionPane.SetCountRequested)
    def _set_count(self) -> None:
        self._run(petition_actions.tally(self, correction=True))

    @on(PetitionPane.DetailsRequested)
    def _petition_details(self) -> None:
        self._run(details_actions.edit_petition(self))

    @on(PetitionPane.MilestonesRequested)
    def _milestones(self) -> None:
        self._run(details_actions.manage_milestones(self))

    @on(RosterPane.DelegationRequested)
    def _delegation(self) -> None:
        self._run(details_actions.edit_delegation(self))

    @on(TourPane.SpeakersRequested)
    def _speakers(self) -> None:
        self._run(tour_actions.manage_speakers(self))

    @on(LetterPane.TargetsRequested)
    def _targets(self) -> None:
        self._run(target_actions.manage_targets(self))

    @on(LetterPane.TemplatesRequested)
    def _templates(self, message: LetterPane.TemplatesRequested) -> None:
        self._run(letter_actions.manage_templates(self, message.lang))

    @on(PetitionPane.SourceRequested)
    def _source(self) -> None:
        self._run(petition_actions.edit_source(self))

    @on(PetitionPane.FetchRequested)
    def _fetch(self) -> None:
        if self.campaign.petition.source is None:
            self.notify(_("No live source set: {key} sets one.").format(key=self.key_for("petition.source")), severity="warning")
        else:
            self.notify(_("Fetching the count…"))
            self.fetch_petition_now()

    @on(RosterPane.EditMember)
    def _edit_member(self, message: RosterPane.EditMember) -> None:
        self._run(roster_actions.edit_member(self, message.member))

    @on(RosterPane.DeleteMember)
    def _delete_member(self, message: RosterPane.DeleteMember) -> None:
        self._run(roster_actions.delete_member(self, message.member))

    @on(RosterPane.StatusChange)
    def _status_change(self, message: RosterPane.StatusChange) -> None:
        self._run(roster_actions.change_status(self, message.member, message.move))

    @on(RosterPane.ImportRequested)
    def _import_roster(self) -> None:
        self._run(self._import_roster_flow())

    async def _import_roster_flow(self) -> None:
        path = await roster_actions.import_csv(self)
        if path is not None:
            self.plan_roster_import(path)

    @on(RosterPane.ExportRequested)
    def _export_roster(self) -> None:
        self._run(roster_actions.export_csv(self))

    # --- workers -------------------------------------------------------------------------

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """A notice answering a key: one said while the keys wait for a key's move is that key
        saying something instead of moving ("Nobody selected"), so they go (tui/typeahead.py)."""
        self.typeahead.not_moving()
        self.tell(message, *args, **kwargs)

    def tell(self, message: str, *args: Any, **kwargs: Any) -> None:
        """A notice no key asked for (another process's change, the live count, the connection,
        a save retried in the background): keys waiting for a move go on waiting for it."""
        self._notices += 1
        super().notify(message, *args, **kwargs)

    def _notify_copied(self, message: str, severity: str) -> None:
        """Say what was copied; a copy right after a copy replaces its notice (T, T, T... shows
        one notice, the last), instead of piling up over the pane."""
        if self._copy_notice == self._notices:
            self.clear_notifications()
        self.notify(message, severity=severity, markup=False)  # type: ignore[arg-type]
        self._copy_notice = self._notices

    @work(thread=True, group="clipboard", exit_on_error=False, description="copy to the clipboard")  # no repr() of the text
    def copy_text(self, text: str, what: str) -> clipboard.CopyOutcome:
        """Copy off the UI thread (the system clipboard runs helper programs). In a browser
        (`campaign-dash serve`) the text goes to the browser's clipboard, never the server's."""

        def to_terminal(copied: str) -> None:  # OSC 52, written by the UI thread
            self.call_from_thread(self.copy_to_clipboard, copied)

        if self.is_web:
            outcome = clipboard.copy_in_browser(text, to_terminal)
        else:
            outcome = clipboard.copy(text, to_terminal=to_terminal)
        severity = "information" if outcome.method in (clipboard.SYSTEM, clipboard.BROWSER) else "warning"
        if not outcome.copied:
            severity = "error"
        self.call_from_thread(self._notify_copied, f"{what[:1].upper()}{what[1:]}: {outcome.message}.", severity)
        return outcome

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
        try:
            reading, warnings = await petition_actions.fetch_once(self)
        except Exception as error:  # a bug must not stop the polling for good: an error reading
            from store.petition import error_reading

            reading, warnings = error_reading(source.kind, _("unexpected error while fetching ({error})").format(error=repr(error)), self.clock.now()), ()
        for warning in warnings:
            if warning not in self._feed_warnings:
                self._feed_warnings.add(warning)
                self.tell(_("Live count: {warning}").format(warning=warning), severity="warning", markup=False)
        if reading is None or self.campaign.petition.source is None:
            return
        petition_actions.add_reading(self, reading, fetched=True)
        was_failing = self._poll_failures > 0
        self._poll_failures = self._poll_failures + 1 if reading.error else 0
        if reading.error and (announce or not was_failing):
            self.tell(_("Petition count not updated: {error}.").format(error=reading.error), severity="error", markup=False)
        elif announce and not reading.error:
            from store.petition import current_count

            self.tell(_("Count is now {count}.").format(count=number(current_count(self.campaign.petition))), markup=False)
        delay = source.interval_s * min(2**self._poll_failures, 8)
        self._poll_timer = self.set_timer(delay, self.fetch_petition)

    @work(thread=True, group="export", exit_on_error=False)
    def write_file(self, path: Path, make: Callable[[], bytes], done: str) -> None:
        """Build a file's bytes and write them off the UI thread; say how it went."""
        from store.files import FileWriteError, write_private_file
        from store.letter_pdf import PdfError

        try:
            write_private_file(path, make())  # 0600: exports hold people's data
        except PdfError as error:
            self.call_from_thread(self.notify, _("Nothing written: {error}.").format(error=error), severity="error", markup=False)
        except FileWriteError as error:
            self.call_from_thread(self.notify, _("Nothing written: {error}").format(error=error), severity="error", markup=False)
        else:
            self.call_from_thread(self.notify, done, markup=False)

    @work(thread=True, group="export", exit_on_error=False)
    def deliver_file(self, name: str, make: Callable[[], bytes], done: str) -> None:
        """In a browser: build a file's bytes off the UI thread and send them to the browser as
        a download named `name` (textual-serve's delivery); nothing is written on the server."""
        from store.letter_pdf import PdfError

        try:
            data = make()
        except PdfError as error:
            self.call_from_thread(self.notify, _("Nothing sent: {error}.").format(error=error), severity="error", markup=False)
            return
        self.call_from_thread(self._deliver, name, data, done)

    def _deliver(self, name: str, data: bytes, done: str) -> None:
        import io

        self.deliver_binary(io.BytesIO(data), save_filename=name)
        self.notify(done, markup=False)

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        self.notify(_("The download did not reach your browser: {error}.").format(error=event.exception), severity="error", markup=False)

    @work(thread=True, group="import", exit_on_error=False)
    def plan_roster_import(self, path: Path) -> None:
        """Read and check the file off the UI thread, then show the preview."""
        from store.roster_csv import CsvError, read_csv

        try:
            plan = read_csv(path.read_bytes(), list(self.campaign.members))
        except (CsvError, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self.call_from_thread(
                self.notify, _("Cannot import {path}: {reason}. Nothing was changed.").format(path=path, reason=reason), severity="error", markup=False
            )
            return
        self.call_from_thread(self._run, self._preview_import(plan, path))

    async def _preview_import(self, plan: Any, path: Path) -> None:
        from .screens.import_preview import ImportPreviewScreen

        yes = await self.push_screen_wait(ImportPreviewScreen(plan, str(path)))
        if not yes or not plan.changes:
            self.notify(_("Import cancelled: nothing was changed.") if not yes else _("Nothing to import."), markup=False)
            return
        if self.submit(plan.change(path.name)):
            self.notify(_("Imported: {what}. u undoes the whole import.").format(what=plan.summary()), markup=False)
