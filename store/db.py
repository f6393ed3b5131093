"""CampaignStore: the campaign file on disk, over TinyDB, safe against crashes and other processes.

- Writes go through `AtomicJSONStorage` (temp file, fsync, `os.replace`): a process killed at any
  moment leaves a whole file.
- Every read-modify-write holds a cross-process file lock and opens a fresh TinyDB inside it, so
  nothing cached by an earlier transaction (TinyDB caches document ids per process) is trusted.
- The file is created 0600: it holds people's contact details.
- A file that is not a campaign file is refused and never written to.
- Every change goes through `apply` (store.changes): inside the lock, against the file as it is
  now, with a revision number and a bounded log of who changed what. Nothing else writes.
- A file whose permissions say read-only is respected (even by root, and even though an atomic
  rename could replace it): writes fail with a sentence, never silently.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from . import changes as change_rules
from .changes import Change, ConflictError, LogEntry
from .files import TEMP_SUFFIX, atomic_write_bytes, remove_stale_temp_files, temp_prefix
from .models import Campaign, RecordError, from_record, to_record

APP_MARK = "campaign-dash"
SCHEMA_VERSION = 2
ENV_DB = "CAMPAIGN_DASH_DB"
LOCK_TIMEOUT_S = 10.0
ENV_LOCK_TIMEOUT = "CAMPAIGN_DASH_LOCK_TIMEOUT"  # seconds to wait for another writer (scripts may want less)
LOG_TABLE = "log"
LOG_LIMIT = 1000  # the log keeps the newest changes; older ones can no longer be undone by id


def _add_log(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 -> 2: the change log and a revision number."""
    return {**data, LOG_TABLE: data.get(LOG_TABLE) or {}}


# Migrations from version N to N+1, on the raw file contents (a dict of tables).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _add_log}

TABLE_NAMES = tuple(change_rules.TABLES)


class StoreError(Exception):
    """Something is wrong with the campaign file; the message says what, in plain words."""


class CorruptDatabaseError(StoreError):
    """The file exists but is not a campaign file this version can read. It is left untouched."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"{path} is not a campaign file campaign-dash can read: {reason}. "
            "The file was left exactly as it is."
        )


def default_db_path() -> Path:
    """`$CAMPAIGN_DASH_DB`, else campaign.json in the user's data folder."""
    override = os.environ.get(ENV_DB)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_MARK, appauthor=False) / "campaign.json"


def default_demo_path() -> Path:
    """Where `campaign-dash demo` keeps the demo: demo.json in the user's data folder, never the
    campaign file (nor `$CAMPAIGN_DASH_DB`), so trying the demo never makes it someone's campaign."""
    from platformdirs import user_data_path

    return user_data_path(APP_MARK, appauthor=False) / "demo.json"


class AtomicJSONStorage(Storage):
    """TinyDB storage that refuses bad files and replaces the file atomically on write."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(f"cannot read {self.path}: {error.strerror or error}") from None
        return parse_campaign_file(self.path, raw)

    def write(self, data: dict[str, Any]) -> None:
        atomic_write_bytes(self.path, orjson.dumps(data))

    def close(self) -> None:
        pass


def parse_campaign_file(path: Path, raw: bytes) -> dict[str, Any]:
    """Check that `raw` is a campaign file and return its tables; raise CorruptDatabaseError."""
    if not raw.strip():
        raise CorruptDatabaseError(path, "the file is empty")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CorruptDatabaseError(path, f"it is not UTF-8 text (byte {error.start})") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptDatabaseError(
            path, f"it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg.split(':')[0]})"
        ) from None
    if not isinstance(data, dict):
        raise CorruptDatabaseError(path, "it holds JSON but not a campaign (no tables)")
    meta = _meta_document(data)
    if meta is None or meta.get("app") != APP_MARK:
        raise CorruptDatabaseError(path, "it holds JSON but no campaign-dash marker")
    version = meta.get("schema")
    if not isinstance(version, int) or version < 1:
        raise CorruptDatabaseError(path, f"its schema version {version!r} is not a number")
    if version > SCHEMA_VERSION:
        raise CorruptDatabaseError(
            path,
            f"it was written by a newer campaign-dash (schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}); upgrade campaign-dash",
        )
    for name in (*TABLE_NAMES, LOG_TABLE):
        if not isinstance(data.get(name, {}), dict):
            raise CorruptDatabaseError(path, f"its {name!r} table is damaged")
    return data


def _meta_document(data: dict[str, Any]) -> dict[str, Any] | None:
    table = data.get("meta")
    if not isinstance(table, dict) or not table:
        return None
    document = next(iter(table.values()))
    return document if isinstance(document, dict) else None


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring raw file contents up to SCHEMA_VERSION, one step at a time."""
    meta = _meta_document(data) or {}
    version = meta["schema"]
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["meta"] = {"1": {**meta, "app": APP_MARK, "schema": version}}
    return data


def file_id(data: dict[str, Any]) -> str:
    """Which file this is: a new one (a reset) gets a new id, so dashboards start over from it."""
    value = (_meta_document(data) or {}).get("file", "")
    return value if isinstance(value, str) else ""


def revision(data: dict[str, Any]) -> int:
    rev = (_meta_document(data) or {}).get("rev", 0)
    return rev if isinstance(rev, int) else 0


@dataclass(frozen=True)
class FileSignature:
    """What the file looks like from outside: a change means someone wrote it."""

    inode: int
    size: int
    mtime_ns: int


@dataclass
class State:
    """The campaign as the file holds it at revision `rev`, and the log entries after `since`
    (`campaign` is None after a write when nobody else had written: nothing new to show)."""

    rev: int
    campaign: Campaign | None
    entries: list[LogEntry]
    signature: FileSignature | None
    file_id: str = ""


@dataclass
class Applied:
    """A change as written: the change (stamped with who and when), what undoes it, and the state."""

    change: Change
    inverse: Change
    rev: int
    state: State | None = None


class TableRecords:
    """The file's tables (TinyDB's layout: table -> document id -> record) as change Records."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._index: dict[str, dict[str, str]] = {}

    def _table(self, table: str) -> dict[str, Any]:
        return self.data.setdefault(table, {})

    def _ids(self, table: str) -> dict[str, str]:
        index = self._index.get(table)
        if index is None:
            index = {row.get("id"): key for key, row in self._table(table).items() if isinstance(row, dict)}
            self._index[table] = index
        return index

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        key = self._ids(table).get(record_id)
        return None if key is None else self._table(table)[key]

    def put(self, table: str, record: dict[str, Any]) -> None:
        rows, ids = self._table(table), self._ids(table)
        key = ids.get(record["id"])
        if key is None:
            key = str(max((int(k) for k in rows if k.isdigit()), default=0) + 1)
            ids[record["id"]] = key
        rows[key] = record

    def remove(self, table: str, record_id: str) -> None:
        key = self._ids(table).pop(record_id, None)
        if key is not None:
            del self._table(table)[key]


def log_entries(data: dict[str, Any], since_rev: int = 0) -> list[LogEntry]:
    """The log, oldest first (entries after revision `since_rev` only)."""
    table = data.get(LOG_TABLE) or {}
    entries = []
    for key in sorted(table, key=lambda k: int(k) if k.isdigit() else 0):
        row = table[key]
        try:
            if row["rev"] > since_rev:
                entries.append(LogEntry.from_json(row))
        except Exception:  # noqa: BLE001  a damaged log entry (any shape) hides only itself
            continue
    return entries


def with_author(newest_first: Iterable[LogEntry], conflict: change_rules.Conflict) -> change_rules.Conflict:
    """`conflict` naming who made the change in the way: the newest logged change that touched
    its record (its field, for a field conflict). Every store names authors by this one rule."""
    for entry in newest_first:
        for op in entry.change.ops:
            if op.table == conflict.table and op.id == conflict.id:
                if isinstance(op, change_rules.Update) and conflict.path and conflict.path not in op.fields:
                    continue
                return replace(conflict, by=entry.change.author)
    return conflict


def _lock_timeout_from_env() -> float:
    try:
        return max(0.0, float(os.environ.get(ENV_LOCK_TIMEOUT, LOCK_TIMEOUT_S)))
    except ValueError:
        return LOCK_TIMEOUT_S


class CampaignStore:
    """One campaign in one file. Thread- and process-safe; never holds the file open."""

    def __init__(self, path: str | Path, lock_timeout_s: float | None = None) -> None:
        self.path = Path(path).expanduser()
        self.lock_timeout_s = lock_timeout_s if lock_timeout_s is not None else _lock_timeout_from_env()
        self._lock: Any = None  # a filelock.FileLock, made on the first write (keeps start-up light)
        self._thread_lock = threading.RLock()

    # --- opening -------------------------------------------------------------------------

    def open(self, seed: Callable[[], Campaign] | None = None) -> bool:
        """Check the file (creating it from `seed` if it does not exist). True if it was created.

        Raises CorruptDatabaseError for a file that is not a readable campaign; it is not touched.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self._ready_without_changes():
            return False
        with self._locked():
            remove_stale_temp_files(self.path)
            storage = AtomicJSONStorage(self.path)
            data = storage.read()
            if data is None:
                if seed is None:
                    raise StoreError(f"{self.path} does not exist")
                self._write(storage, campaign_to_tables(seed()))
                return True
            if _meta_document(data)["schema"] < SCHEMA_VERSION:  # type: ignore[index]
                self._write(storage, migrate(data))
            return False

    def _ready_without_changes(self) -> bool:
        """The common start: a current file and no stale temp files, checked without the lock."""
        if any(self.path.parent.glob(f"{temp_prefix(self.path)}*{TEMP_SUFFIX}")):
            return False
        data = AtomicJSONStorage(self.path).read()  # raises CorruptDatabaseError for a bad file
        return data is not None and _meta_document(data)["schema"] == SCHEMA_VERSION  # type: ignore[index]

    def reset(self, seed: Callable[[], Campaign]) -> Path | None:
        """Move the current file (whatever it holds) aside to a timestamped backup, then seed.

        Returns the backup's path, or None if there was no file.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._locked():
            backup = None
            if self.path.exists():
                backup = self._backup_path()
                os.replace(self.path, backup)
            self._write(AtomicJSONStorage(self.path), campaign_to_tables(seed()))
            return backup

    def _backup_path(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        candidate = self.path.with_name(f"{self.path.name}.{stamp}.bak")
        n = 1
        while candidate.exists():
            n += 1
            candidate = self.path.with_name(f"{self.path.name}.{stamp}-{n}.bak")
        return candidate

    # --- reading -------------------------------------------------------------------------

    def load(self) -> Campaign:
        """Read the whole campaign. No lock needed: the file is only ever replaced whole."""
        return self._campaign(self._read())

    def _read(self) -> dict[str, Any]:
        data = AtomicJSONStorage(self.path).read()
        if data is None:
            raise StoreError(f"{self.path} does not exist")
        return data

    def _campaign(self, data: dict[str, Any]) -> Campaign:
        try:
            return tables_to_campaign(data)
        except RecordError as error:
            raise CorruptDatabaseError(self.path, f"a record is damaged ({error})") from None

    def signature(self) -> FileSignature | None:
        """The file's identity and size and time, to notice writes by others cheaply (a stat)."""
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return FileSignature(info.st_ino, info.st_size, info.st_mtime_ns)

    def read_state(self, since_rev: int = 0) -> State:
        """The campaign now, its revision, and the log entries written after `since_rev`."""
        signature = self.signature()
        data = self._read()
        return State(revision(data), self._campaign(data), log_entries(data, since_rev), signature, file_id(data))

    def log(self) -> list[LogEntry]:
        """Every change the file remembers, oldest first."""
        return log_entries(self._read())

    def writable_problem(self) -> str | None:
        """Why this campaign cannot be changed now (in words), or None if it can."""
        try:
            self._check_writable()
            with self._locked(timeout=1.0):
                pass
        except StoreError as error:
            return str(error)
        return None

    # --- writing -------------------------------------------------------------------------

    @contextmanager
    def _locked(self, timeout: float | None = None) -> Iterator[None]:
        from filelock import FileLock, Timeout

        wait = self.lock_timeout_s if timeout is None else timeout
        with self._thread_lock:
            if self._lock is None:
                self._lock = FileLock(f"{self.path}.lock", mode=0o600)
            try:
                self._lock.acquire(timeout=wait)
            except Timeout:
                raise StoreError(
                    f"{self.path} is locked by another campaign-dash for more than {wait:.0f} s; try again"
                ) from None
            except OSError as error:
                raise StoreError(f"cannot lock {self.path}: {error.strerror or error}") from None
            try:
                yield
            finally:
                self._lock.release()

    def _check_writable(self) -> None:
        try:
            mode = os.stat(self.path).st_mode
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(f"cannot read {self.path}: {error.strerror or error}") from None
        if not mode & stat.S_IWUSR:
            raise StoreError(f"{self.path} is read-only (its permissions say so); make it writable with: chmod u+w '{self.path}'")

    def _write(self, storage: AtomicJSONStorage, data: dict[str, Any]) -> None:
        try:
            storage.write(data)
        except OSError as error:
            raise StoreError(f"could not write {self.path}: {error.strerror or error}") from None

    def apply(self, change: Change, *, author: str = "", since_rev: int | None = None) -> Applied:
        """Apply `change` to the campaign as the file holds it now, inside the lock, and log it.

        Raises ConflictError (nothing written) when someone changed what it changes since it
        was read, and StoreError (nothing written) when the file cannot be written. With
        `since_rev`, the result carries the new state and the log entries after that revision,
        so a dashboard can show what others changed meanwhile.
        """
        with self._locked():
            self._check_writable()
            storage = AtomicJSONStorage(self.path)
            data = storage.read()
            if data is None:
                raise StoreError(f"{self.path} does not exist")
            stamped = change.stamped(author or change_rules.author_name(), datetime.now())
            try:
                inverse = change_rules.apply(TableRecords(data), stamped)
            except ConflictError as error:
                raise ConflictError(stamped, [self._with_author(data, c) for c in error.conflicts]) from None
            rev = revision(data) + 1
            meta = _meta_document(data) or {}
            data["meta"] = {"1": {**meta, "rev": rev}}
            self._append_log(data, LogEntry(stamped, inverse, rev))
            self._write(storage, data)
            state = None
            if since_rev is not None:
                entries = log_entries(data, since_rev)
                others = any(e.change.id != stamped.id for e in entries) or len(entries) < rev - since_rev
                # Building the campaign costs more than the write at 10,000 members: only when
                # someone else wrote since `since_rev` is there anything new to show.
                state = State(rev, self._campaign(data) if others else None, entries, self.signature(), file_id(data))
            return Applied(stamped, inverse, rev, state)

    @staticmethod
    def _append_log(data: dict[str, Any], entry: LogEntry) -> None:
        table = data.setdefault(LOG_TABLE, {})
        keys = sorted((int(k) for k in table if k.isdigit()))
        table[str((keys[-1] if keys else 0) + 1)] = entry.to_json()
        for old in keys[: max(0, len(keys) + 1 - LOG_LIMIT)]:
            del table[str(old)]

    @staticmethod
    def _with_author(data: dict[str, Any], conflict: change_rules.Conflict) -> change_rules.Conflict:
        """Name who made the change that is in the way, from the log."""
        return with_author(reversed(log_entries(data)), conflict)

    def undo_last(self, author: str = "") -> Applied:
        """Undo the newest change not yet undone (from any dashboard or command)."""
        entry = change_rules.undoable(self.log())
        if entry is None:
            raise StoreError("there is nothing to undo in this campaign's log")
        return self.apply(entry.inverse, author=author)


def campaign_to_tables(campaign: Campaign) -> dict[str, Any]:
    """The file contents for a whole campaign, in TinyDB's layout."""

    def table(records: list[Any]) -> dict[str, Any]:
        return {str(i): to_record(r) for i, r in enumerate(records, start=1)}

    return {
        "meta": {"1": {"app": APP_MARK, "schema": SCHEMA_VERSION, "rev": 0, "file": change_rules.new_id()}},
        "campaign": table([campaign.info]),
        "petition": {"1": change_rules.record_of(campaign.petition)},
        "delegation": table([campaign.delegation]),
        "speakers": table(campaign.speakers),
        "stops": table(campaign.stops),
        "readings": table(campaign.petition.readings),
        "members": table(campaign.members),
        "letters": table(campaign.letters),
        "targets": table(campaign.targets),
        LOG_TABLE: {},
    }


def tables_to_campaign(data: dict[str, Any]) -> Campaign:
    """The campaign from the file's tables (store.changes.TABLES says which model each holds)."""

    def rows(name: str) -> list[Any]:
        table = data.get(name) or {}
        return [table[k] for k in sorted(table, key=lambda k: int(k) if k.isdigit() else 0)]

    def single(name: str) -> Any:
        found = rows(name)
        if not found:
            raise RecordError(f"the {name} record is missing")
        return from_record(change_rules.TABLES[name], found[0], name)

    def many(name: str) -> list[Any]:
        cls = change_rules.TABLES[name]
        return [from_record(cls, row, f"{name}[{i}]") for i, row in enumerate(rows(name))]

    petition = single("petition")
    petition.readings = sorted(many("readings"), key=lambda r: r.at)
    lists = ("speakers", "stops", "members", "letters")
    targets = sorted(many("targets"), key=lambda t: t.position)  # stable: equal positions keep file order
    return Campaign(single("campaign"), petition, single("delegation"), targets=targets, **{name: many(name) for name in lists})


__all__ = [
    "APP_MARK",
    "SCHEMA_VERSION",
    "AtomicJSONStorage",
    "CampaignStore",
    "CorruptDatabaseError",
    "StoreError",
    "default_db_path",
    "default_demo_path",
    "Applied",
    "State",
]
