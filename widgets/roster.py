"""RosterPane: the delegation, counts per status and seats, and the people on it, edited by
keyboard. Filtering and sorting happen here, on the roster in memory; changes go up as messages."""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, insort_right
from collections.abc import Callable, Sequence
from operator import attrgetter, is_
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Input, Static

from store import roster
from store.text import printable
from store.dates import relative_day, span
from store.i18n import N_, _, ngettext, number
from store.models import Campaign, Member

from .keys import bindings, key_of
from .pane import Pane
from .roster_table import NO_MATCH, NOBODY, RosterTable


SORT_WORDS = {"name": N_("name"), "organization": N_("organization"), "city": N_("city"), "status": N_("status"), "email": N_("email")}


class FilterInput(Input):
    """The roster's filter box; enter goes back to the table (keys typed after it wait for that:
    tui/typeahead.py)."""

    MOVES_FOCUS = frozenset({"submit"})


class RosterPane(Pane):
    PANE_ID = "roster"
    PANE_TITLE = N_("Delegation roster")
    PANE_TAB = N_("Roster")  # its name on the narrow screen's tab line
    PANE_KEY = "3"

    BINDINGS = bindings("roster")  # widgets/keys.py: one table for every key

    class EditMember(Message):
        """Open the member form: `member` None adds someone."""

        def __init__(self, member: Member | None) -> None:
            self.member = member
            super().__init__()

    class DeleteMember(Message):
        def __init__(self, member: Member) -> None:
            self.member = member
            super().__init__()

    class StatusChange(Message):
        """Move `member` along the statuses by `move` (status -> status), applied to the status
        they have when the change is made: keys typed faster than the screen repaints (a burst
        of `<`) each take their own step rather than all the same one."""

        def __init__(self, member: Member, move: Callable[[str], str]) -> None:
            self.member = member
            self.move = move
            super().__init__()

    class ImportRequested(Message):
        """Import people from a CSV file (previewed first)."""

    class ExportRequested(Message):
        """Write the roster to a CSV file."""

    class DelegationRequested(Message):
        """Edit the delegation's name, dates and capacity."""

    def __init__(self) -> None:
        super().__init__()
        self.campaign: Campaign | None = None
        self.today: date | None = None
        self.query_text = ""
        self.sort_index = 0  # into SORT_ORDERS
        self._keys: dict[str, str] = {}  # member id -> folded search key, kept up to date by show()
        self._by_id: dict[str, Member] = {}  # the members as last shown (the very objects)
        self._ascending: list[Member] = []  # every member, by the sort column, ascending
        self._sorted: list[Member] = []  # every member in the order shown
        self._sorted_by = ""  # the sort column _ascending is in
        self._filtered: tuple[list[str], array | None, list[str]] | None = None  # (words, where in _sorted the rows are, their keys)
        self._folded: list[str] | None = None  # the search keys of _sorted, in its order
        self._warm: tuple[int, list[str]] | None = None  # (order, keys folded so far in it) by the warm-up
        self._order = 0  # counts the changes to _sorted (a change moves rows within the very list)
        self._keys_lock = threading.RLock()  # held while members are replaced (which refilters), and by the warm-up keeping keys
        self.reading = False  # the roster is still being read (a big one, at start-up): `show_reading`
        self._read: roster.SortedRoster | None = None  # that read sorted and folded, for the next show

    SORT_ORDERS = [(column, reverse) for column in roster.SORT_COLUMNS for reverse in (False, True)]

    def compose(self) -> ComposeResult:
        yield Static(id="roster-summary", classes="pane-summary")
        yield FilterInput(placeholder=_("filter: any part of any field; escape clears"), id="roster-filter", compact=True)
        yield RosterTable(id="roster-table")
        yield Static(id="roster-status-line")

    def on_mount(self) -> None:
        box = self.query_one("#roster-filter", FilterInput)
        box.display = False
        # Watched, not told by Input.Changed: the rows are filtered in the very step that takes
        # the key, so the frame showing the letter typed shows its rows and count too (after
        # the message, they came a frame later: ~30 ms at 100,000 people).
        self.watch(box, "value", self._filter_typed, init=False)

    def main_widget(self) -> RosterTable:
        return self.query_one(RosterTable)

    # --- data -------------------------------------------------------------------------------

    KEYED_MAX = 256  # more members changed than this (a reload, an import): sort them all again

    def show_reading(self, campaign: Campaign, today: date) -> None:
        """The delegation while its roster is still being read (a big roster, at start-up: the
        dashboard paints first): no counts yet, and the pane's actions wait for `show`."""
        self.reading = True
        self.query_one("#roster-summary", Static).update(summary(campaign, today, key_of(self, "roster.delegation"), reading=True))
        table = self.query_one(RosterTable)
        table.empty_text = ""  # not "nobody on the roster yet": nobody is known yet
        table.refresh()
        self.refresh_bindings()

    def show(self, campaign: Campaign, today: date) -> None:
        """Show the campaign's roster. Members are compared with those shown by identity (a
        change replaces the member it changes), and only those changed are moved, re-folded and
        re-filtered: a status change at 100,000 members costs a few list operations, not a sort."""
        if self.reading:
            self.reading = False
            self.query_one(RosterTable).empty_text = _(NOBODY)
            self.refresh_bindings()
        self.campaign = campaign
        self.today = today
        self.query_one("#roster-summary", Static).update(summary(campaign, today, key_of(self, "roster.delegation")))
        shown = self._by_id
        members = campaign.members
        if shown:
            changed = [m for m in members if shown.get(m.id) is not m]
            added = sum(1 for m in changed if m.id not in shown)
        else:  # the first show: everyone is new (two loops over 100,000 people saved before the first paint)
            changed, added = members, len(members)
        removed = len(shown) - (len(members) - added)
        # (two members with one id, which the store never writes, would take the whole path)
        with self._keys_lock:  # the warm-up checks a member is still shown before keeping its key
            if self._sorted_by and len(shown) == len(self._ascending) and len(changed) + removed <= self.KEYED_MAX:
                gone = [shown[i] for i in shown.keys() - {m.id for m in members}] if removed else []
                self._update_rows(changed, gone)
            else:
                for member in changed if self._keys else ():  # a reload brings equal copies: keep their folded keys
                    if (before := shown.get(member.id)) is None or before != member:
                        self._keys.pop(member.id, None)
                self._resort(self._take_read(members) if self._read is not None else None)
            self._read = None

    def take_read(self, read: roster.SortedRoster) -> None:
        """The roster as read after the first frame, sorted and folded off the UI thread: the
        next show takes its order and keys for the members it shows as they were read."""
        self._read = read

    def _take_read(self, members: list[Member]) -> roster.SortedRoster | None:
        """Keep the read's search keys of the members still as read; the read itself if every
        member is (the usual case: checked in C) and it is sorted as the pane is."""
        read, self._read = self._read, None
        assert read is not None
        if not self._keys and len(read.members) == len(members) and all(map(is_, read.members, members)):
            self._keys = read.keys_by_id  # the very dict
            return read if read.column == self._column()[0] else None
        now = dict(zip(map(attrgetter("id"), members), members))  # changed by another dashboard meanwhile
        self._keys.update((m.id, read.keys_by_id[m.id]) for m in read.members if now.get(m.id) is m)
        return None

    def _column(self) -> tuple[str, bool]:
        return self.SORT_ORDERS[self.sort_index]

    def _resort(self, read: roster.SortedRoster | None = None) -> None:
        """Sort every member by the pane's column again (`read`: already sorted by it, off the
        UI thread, with every key folded) and show them."""
        assert self.campaign is not None
        column, reverse = self._column()
        members = self.campaign.members
        self._by_id = dict(zip(map(attrgetter("id"), members), members))  # in C
        if len(self._keys) > len(members) * 2:  # many people gone: forget their keys
            self._keys = {m.id: k for m in members if (k := self._keys.get(m.id)) is not None}
        # keys made for this sort only, not kept (one column's took ~30 MB at 100,000 people)
        self._ascending = read.ascending if read is not None else roster.sort_members(members, column)
        self._sorted_by = column
        self._sorted = self._ascending[::-1] if reverse else self._ascending
        self._order += 1
        self._filtered = self._folded = None
        if read is not None:
            self._folded = read.keys[::-1] if reverse else read.keys
        self._refilter()
        if len(self._keys) < len(members) // 2:
            # Just after the next paint, not during it (the fold competes with start-up for the
            # GIL), and so as early as can be: a filter key typed before it ends folds them too.
            self.call_after_refresh(lambda: self._warm_search_keys(list(self._sorted), self._order))

    def _update_rows(self, changed: list[Member], gone: list[Member]) -> None:
        """Move the changed members to their places (and out, for `gone`); the rest stay put."""
        column, reverse = self._column()
        ascending = self._ascending

        def key(member: Member) -> tuple:  # type: ignore[type-arg]
            """Folded again for each comparison (a few per member moved): members are replaced,
            never changed, so a member's key is the one it was sorted by."""
            return roster.sort_key(member, column)

        for member in [*(self._by_id[m.id] for m in changed if m.id in self._by_id), *gone]:
            at = bisect_left(ascending, key(member), key=key)
            while at < len(ascending) and ascending[at] is not member:  # ties
                at += 1
            if at == len(ascending):  # not where its key says (never expected): look everywhere
                at = next((i for i, m in enumerate(ascending) if m is member), at)
            if at < len(ascending):
                del ascending[at]
            self._keys.pop(member.id, None)
        for member in gone:
            del self._by_id[member.id]
        for member in changed:
            self._by_id[member.id] = member
            insort_right(ascending, member, key=key)
            self._keys[member.id] = roster.search_key(member)
        self._sorted = ascending[::-1] if reverse else ascending
        self._order += 1
        self._filtered = self._folded = None
        self._refilter()

    # A description, or Textual's @work writes one with repr() of every argument: the whole
    # roster's (~45 MB and ~0.1 s on the UI thread at 100,000 people, just after the first paint).
    @work(thread=True, exclusive=True, group="roster-keys", exit_on_error=False, description="fold the roster's search keys")
    def _warm_search_keys(self, shown: list[Member], order: int) -> None:
        """Fold every member's fields off the UI thread, a block at a time and in the order shown
        (`shown`: a copy of that order, taken when it was `order`), so the first filter keystroke
        is quick. A keystroke that comes first takes the keys folded so far and folds only the
        rest itself; this stops at its next block (`_warm` no longer its own). The keys are kept
        by member id only once the list is handed over (`_keep_keys`): the first keystroke needs
        the list, and keeping them takes about half as long again as the fold (~50 against
        ~110 ms of CPU at 100,000 people)."""
        folded: list[str] = []
        with self._keys_lock:
            self._warm = (order, folded)
        for start in range(0, len(shown), roster.FOLD_BLOCK):
            block_keys = roster.search_keys(shown[start : start + roster.FOLD_BLOCK])
            with self._keys_lock:
                if self._warm is None or self._warm[1] is not folded:  # taken over, or a newer warm-up
                    return
                folded.extend(block_keys)
        self.app.call_from_thread(self._warmed, order, folded)
        self._keep_keys(shown, folded, order)

    @work(thread=True, group="roster-keys-kept", exit_on_error=False, description="keep the roster's search keys")
    def _keep_keys_later(self, members: list[Member], keys: list[str], order: int) -> None:
        self._keep_keys(members, keys, order)

    KEEP_BLOCK = 10_000  # keys kept per hold of the lock (one C call each: ~5 ms, the UI waits no longer)

    def _keep_keys(self, members: list[Member], keys: list[str], order: int) -> None:
        """Keep `keys` (folded for `members` when the roster was `order`) by member id, for
        changes and other sorts to reuse; off the UI thread. While nothing changed since, in C;
        after a change, only for members still shown as they were (a member changed meanwhile
        keeps the key the UI thread folded for it)."""
        for start in range(0, len(members), self.KEEP_BLOCK):
            block, block_keys = members[start : start + self.KEEP_BLOCK], keys[start : start + self.KEEP_BLOCK]
            ids = list(map(attrgetter("id"), block))
            with self._keys_lock:
                if self._order == order:
                    self._keys.update(zip(ids, block_keys))
                else:
                    by_id = self._by_id
                    self._keys.update((m.id, key) for m, key in zip(block, block_keys) if by_id.get(m.id) is m)

    def _warmed(self, order: int, folded: list[str]) -> None:
        """The warm-up's keys in the order shown: the list the first keystroke reads, unless the
        roster changed or was sorted meanwhile (then made from the keys when needed)."""
        with self._keys_lock:
            if self._warm is not None and self._warm[1] is folded:
                self._warm = None
        if self._folded is None and self._order == order:
            self._folded = folded

    def _matching(self, words: list[str]) -> tuple[array | None, list[str]]:
        """Where in the order shown the rows whose fields hold every word are (None: every row),
        and their search keys. When the query only grew (one more letter or word), only the
        rows that matched before are looked at."""
        if self._filtered is not None and (before := self._filtered[0]) and len(words) >= len(before) and (
            words[: len(before) - 1] == before[:-1] and words[len(before) - 1].startswith(before[-1])
        ):
            return roster.matching(self._filtered[2], words, self._filtered[1])
        return roster.matching(self._sorted_folded(), words)

    def _sorted_folded(self) -> list[str]:
        """Every shown member's search key, in the order shown (made once per change or sort).
        Before the warm-up has ended, its keys so far are taken and only the rest folded here."""
        if self._folded is None:
            with self._keys_lock:  # the warm-up stops at its next block
                warm, self._warm = self._warm, None
            keys = self._keys
            if warm is not None and warm[0] == self._order:  # folded in the very order shown
                done = warm[1]
                rest = self._sorted[len(done) :]
                rest_keys = roster.search_keys(rest)
                keys.update(zip(map(attrgetter("id"), rest), rest_keys))
                self._folded = done + rest_keys
                if done:  # the keys the warm-up folded are kept by id off the UI thread, once this key is on screen
                    self.call_after_refresh(self._keep_keys_later, self._sorted[: len(done)], done, self._order)
                return self._folded
            if len(keys) < len(self._by_id):  # not folded yet (the warm-up runs after start-up)
                missing = [m for m in self._sorted if m.id not in keys]
                keys.update(zip(map(attrgetter("id"), missing), roster.search_keys(missing)))
            self._folded = list(map(keys.__getitem__, map(attrgetter("id"), self._sorted)))  # in C
        return self._folded

    def _refilter(self) -> None:
        table = self.query_one(RosterTable)
        keep = table.current.id if table.current else None
        words = roster.fold(self.query_text.strip()).split()
        positions, folded = self._matching(words) if words else (None, [])
        rows = self._sorted if positions is None else roster.Picked(self._sorted, positions)
        if keep and words and (key := self._keys.get(keep)) is not None and not all(word in key for word in words):
            keep = None  # filtered out: not looked for among 100,000 rows
        self._filtered = (words, positions, folded)
        table.empty_text = _(NO_MATCH) if words and self._sorted else _(NOBODY)  # not "nobody on the roster" when a filter hides them
        table.show_rows(rows, keep)
        self._status_line(len(rows))

    def _status_line(self, shown: int) -> None:
        assert self.campaign is not None
        column, reverse = self.SORT_ORDERS[self.sort_index]
        text = Text(style="dim")
        total = len(self.campaign.members)
        if self.query_text.strip():
            text.append(_("{shown} of {total} shown").format(shown=number(shown), total=number(total)))
            text.append(" · " + _("filter:") + " ")
            text.append(self.query_text.strip(), style="bold")
        else:
            text.append(ngettext("{n} person", "{n} people", total).format(n=number(total)))
        text.append(" · " + _("sorted by {column}").format(column=_(SORT_WORDS[column])) + f" {'↓' if reverse else '↑'}")
        # one line, whatever it says (app.tcss): no layout of the screen, so it is in the very
        # frame that shows the key typed, not the one after
        self.query_one("#roster-status-line", Static).update(text, layout=False)

    @property
    def shown(self) -> Sequence[Member]:
        return self.query_one(RosterTable).rows

    # --- filter -------------------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#roster-filter", Input)
        box.display = True
        self.screen.set_focus(box)

    def _filter_typed(self, value: str) -> None:
        self.query_text = value
        self._refilter()

    @on(Input.Submitted, "#roster-filter")
    def _filter_done(self) -> None:
        self.screen.set_focus(self.main_widget())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape is the filter's key only while there is a filter; else it passes on. While
        the roster is being read, its actions wait (shown disabled)."""
        if self.reading:
            return None
        if action == "clear_filter":
            return bool(self.query_one("#roster-filter", Input).display or self.query_text)
        return True

    def action_clear_filter(self) -> None:
        box = self.query_one("#roster-filter", Input)
        box.value = ""  # refilters, if it held a filter (_filter_typed)
        box.display = False
        self.screen.set_focus(self.main_widget())

    # --- actions ------------------------------------------------------------------------------

    def _current(self) -> Member | None:
        member = self.query_one(RosterTable).current
        if member is None:
            self.notify(_("Nobody selected: a adds someone."), severity="warning")
        return member

    def action_add(self) -> None:
        self.post_message(self.EditMember(None))

    def action_edit(self) -> None:
        if (member := self._current()) is not None:
            self.post_message(self.EditMember(member))

    @on(RosterTable.Chosen)
    def _chosen(self, event: RosterTable.Chosen) -> None:
        self.post_message(self.EditMember(event.member))

    def action_delete(self) -> None:
        if (member := self._current()) is not None:
            self.post_message(self.DeleteMember(member))

    def action_status(self, step: int) -> None:
        if (member := self._current()) is not None:
            self.post_message(self.StatusChange(member, roster.next_status if step > 0 else roster.previous_status))

    def action_withdraw(self) -> None:
        if (member := self._current()) is not None:
            self.post_message(self.StatusChange(member, roster.toggle_withdrawn))

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(self.SORT_ORDERS)
        self._resort()

    def action_copy_emails(self) -> None:
        from .messages import CopyRequested

        emails = list(dict.fromkeys(m.email for m in self.shown if m.email))
        if not emails:
            self.notify(_("None of the people shown has an email address."), severity="warning")
            return
        what = ngettext("{n} email address", "{n} email addresses", len(emails)).format(n=number(len(emails)))
        self.post_message(CopyRequested(", ".join(emails), what))

    def action_import_csv(self) -> None:
        self.post_message(self.ImportRequested())

    def action_export_csv(self) -> None:
        self.post_message(self.ExportRequested())

    def action_delegation(self) -> None:
        self.post_message(self.DelegationRequested())


def summary(campaign: Campaign, today: date, delegation_key: str = "D", reading: bool = False) -> Text:
    d = campaign.delegation
    if d.name:
        text = Text(printable(d.name), style="bold")
    else:
        text = Text(_("No delegation set up yet: {key} names it and sets its dates and seats.").format(key=delegation_key), style="bold")
    if d.start and d.end:
        text.append(f"\n{span(d.start, d.end, with_year=True)} ({relative_day(d.start, today)})")
    if reading:
        text.append("\n" + _("Reading the roster…"), style="dim")
        return text
    counts = roster.counts_by_status(campaign.members)
    shown = " · ".join(roster.status_count(status, n) for status, n in counts.items() if n)
    people = ngettext("{n} person", "{n} people", len(campaign.members)).format(n=number(len(campaign.members)))
    text.append("\n" + people + (f": {shown}" if shown else ""))
    text.append(f"\n{roster.seats_words(d, campaign.members)}")
    return text
