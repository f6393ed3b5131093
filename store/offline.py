"""LocalCopy: a server campaign kept on this machine, so the dashboard works on when the server
cannot be reached (on tour, a bad connection) and loses no change made meanwhile.

Two files in the user's data folder (`servers/`), named by a hash of the redacted URL and the
campaign (so two campaigns, or two servers, never share them; no password is ever in them):

- `<key>.json`, the campaign as the server last held it (its revision and file id with it),
  replaced whole and atomically each time the dashboard reads the campaign from the server;
- `<key>.journal`, JSON lines appended and fsynced one by one: `queued` (a change made here, to
  send), `sent` (it reached the server, or the organizer settled its conflict), `applied` (a
  change of ours the server took at a revision: the copy moves on without rewriting it all).

A process killed at any moment leaves at most a torn last line, which is skipped: every change
whose `queued` line was written is sent at the next start. A change sent twice is applied once
(the server keeps change ids), so "sent" lost in a crash costs nothing.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from .changes import Change, LogEntry, apply_to_campaign
from .db import APP_MARK, State, campaign_to_tables, tables_to_campaign
from .files import atomic_write_bytes
from .i18n import ngettext
from .location import ServerLocation
from .models import RecordError

FOLDER = "servers"
COMPACT_AFTER = 500  # journal lines appended before the copy is rewritten whole and the journal shortened


def change_to_json(change: Change) -> dict[str, Any]:
    """A change as the journal keeps it (the log's form, without an inverse)."""
    data = LogEntry(change, Change("", ()), 0).to_json()
    data.pop("inverse", None)
    data.pop("rev", None)
    return data


def change_from_json(data: dict[str, Any]) -> Change:
    return LogEntry.from_json(data).change


def default_folder() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_MARK, appauthor=False) / FOLDER


class LocalCopy:
    """The copy of one server campaign on this machine, and its queue of changes to send.
    Thread-safe (the dashboard's writer and watcher both use it)."""

    def __init__(self, where: ServerLocation, folder: Path | None = None, compact_after: int = COMPACT_AFTER) -> None:
        key = hashlib.sha256(str(where).encode()).hexdigest()[:20]
        base = folder or default_folder()
        self.where = str(where)  # redacted: never a password
        self.copy_path = base / f"{key}.json"
        self.journal_path = base / f"{key}.journal"
        self._lock = threading.Lock()
        self._journaled: set[str] = set()  # ids with a `queued` line
        self._sent: set[str] = set()  # ids sent in this process: never queued again
        self._rev: int | None = None  # the copy's revision (snapshot plus applied lines)
        self._appended = 0  # lines appended since the journal was last shortened
        self.compact_after = compact_after

    # --- the journal -----------------------------------------------------------------------

    def _append(self, lines: list[dict[str, Any]]) -> None:
        if not lines:
            return
        self.journal_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = b"".join(orjson.dumps(line) + b"\n" for line in lines)
        fd = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        self._appended += len(lines)

    def _lines(self) -> list[dict[str, Any]]:
        try:
            raw = self.journal_path.read_bytes()
        except FileNotFoundError:
            return []
        lines = []
        for line in raw.splitlines():
            try:
                item = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue  # a line torn by a kill mid-write: its change was never acknowledged
            if isinstance(item, dict):
                lines.append(item)
        return lines

    def queue(self, changes: list[Change]) -> None:
        """Keep `changes` (those not kept yet) durably before they are sent."""
        with self._lock:
            new = [c for c in changes if c.id not in self._journaled and c.id not in self._sent]
            self._append([{"queued": change_to_json(c)} for c in new])
            self._journaled.update(c.id for c in new)

    def sent(self, change_id: str) -> None:
        """`change_id` is on the server (or its conflict settled): not to be sent again."""
        with self._lock:
            self._sent.add(change_id)
            if change_id in self._journaled:
                self._append([{"sent": change_id}])
                self._journaled.discard(change_id)

    def queued(self) -> list[Change]:
        """The changes kept and not yet sent, oldest first."""
        with self._lock:
            waiting: dict[str, Change] = {}
            for line in self._lines():
                if isinstance(line.get("queued"), dict):
                    try:
                        change = change_from_json(line["queued"])
                    except Exception:  # noqa: BLE001  a damaged entry hides only itself
                        continue
                    waiting[change.id] = change
                elif isinstance(line.get("sent"), str):
                    waiting.pop(line["sent"], None)
            self._journaled = set(waiting)
            return list(waiting.values())

    # --- the copy --------------------------------------------------------------------------

    def save(self, state: State) -> None:
        """The campaign as the server holds it at `state.rev` (nothing if the state has none)."""
        if state.campaign is None:
            return
        with self._lock:
            if self._rev is not None and state.rev < self._rev:
                return  # an older read finishing late
            self._write_copy(state)

    def _write_copy(self, state: State) -> None:
        """The copy replaced whole by `state`, then the journal shortened (lock held)."""
        assert state.campaign is not None
        tables = campaign_to_tables(state.campaign)
        tables.pop("log", None)
        data = {"app": APP_MARK, "where": self.where, "rev": state.rev, "file_id": state.file_id, "tables": tables}
        self.copy_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write_bytes(self.copy_path, orjson.dumps(data))
        self._rev = state.rev
        self._compact()

    def advance(self, change: Change, rev: int) -> None:
        """Our own `change`, taken by the server at `rev` when nobody else wrote in between."""
        with self._lock:
            if self._rev is None or rev != self._rev + 1:
                return  # the copy is behind anyway: the next read brings it up to date
            self._append([{"applied": change_to_json(change), "rev": rev}])
            self._rev = rev
            if self._appended > self.compact_after:  # a long session of our own changes only
                state = self._load()
                if state is not None:
                    self._write_copy(state)

    def _compact(self) -> None:
        """After a new copy: the journal keeps only what still waits (atomically replaced)."""
        lines = self._lines()
        sent = {line["sent"] for line in lines if isinstance(line.get("sent"), str)}
        keep = [line for line in lines if isinstance(line.get("queued"), dict) and line["queued"].get("id") not in sent]
        self._appended = 0
        if len(keep) == len(lines):
            return
        atomic_write_bytes(self.journal_path, b"".join(orjson.dumps(line) + b"\n" for line in keep))

    def load(self) -> State | None:
        """The campaign as last seen on the server (with our own later changes the server took),
        or None when this machine has no copy of it."""
        with self._lock:
            return self._load()

    def _load(self) -> State | None:
        try:
            data = orjson.loads(self.copy_path.read_bytes())
            campaign = tables_to_campaign(data["tables"])
            rev, file_id = int(data["rev"]), str(data["file_id"])
        except (OSError, ValueError, KeyError, TypeError, RecordError):
            return None
        for line in self._lines():
            if isinstance(line.get("applied"), dict) and line.get("rev") == rev + 1:
                apply_to_campaign(campaign, change_from_json(line["applied"]))
                rev += 1
        self._rev = rev
        return State(rev, campaign, [], None, file_id)


__all__ = ["LocalCopy", "change_from_json", "change_to_json"]


@dataclass(frozen=True)
class WaitingReport:
    """For `campaign-dash status` on a server: changes made on this machine while offline, kept
    in the journal until a dashboard reaches the server again (they are not lost)."""

    summaries: list[str]

    def sentence(self) -> str:
        n = len(self.summaries)
        head = ngettext(
            "{n} change made on this machine waits to be sent to the server (a dashboard sends it when it reaches the server)",
            "{n} changes made on this machine wait to be sent to the server (a dashboard sends them when it reaches the server)",
            n,
        ).format(n=n)
        more = f" (+{n - 3})" if n > 3 else ""
        return f"{head}: " + "; ".join(self.summaries[:3]) + more


def waiting_report(where: ServerLocation, folder: Path | None = None) -> WaitingReport | None:
    """What this machine's journal still holds for the campaign at `where`, or None."""
    waiting = LocalCopy(where, folder).queued()
    return WaitingReport([change.summary for change in waiting]) if waiting else None
