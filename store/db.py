"""CampaignStore: the campaign file on disk, safe against crashes and other processes, at a cost
per change that does not grow with the campaign.

The file is a snapshot plus a journal, in one file: its first line is the whole campaign in
TinyDB's layout (one JSON object; a roster of more than PART_ROWS people follows it in lines of
PART_ROWS members, their number in the meta record, so reading never holds the whole roster's
parse at once), and every later line is one change as the log keeps it (a LogEntry's JSON),
appended and fsynced when the change is made. Reading applies the journal's
lines to the snapshot through the same `store.changes.apply` as the write did. When the journal
outgrows the snapshot, the file is compacted: the campaign as it now is is written whole to a
temporary file, fsynced and renamed over the file (the old whole-file write, now once per many
changes, so its cost per change stays constant).

- A process killed at any moment leaves a readable campaign: an append that did not finish leaves
  a last line without its newline, which readers ignore (it was never reported written) and the
  next change removes by rewriting the file; a compaction leaves the old file or the new one.
- Every read-modify-write holds a cross-process file lock. This process keeps the campaign as it
  last read it (keyed by the file's inode and the bytes around where it stopped reading), so a
  change, or a read after another process appended, parses only the lines appended since.
- The file is created 0600: it holds people's contact details.
- A file that is not a campaign file is refused and never written to; so is a journal line that
  is whole but damaged (the file is left as it is).
- Every change goes through `apply` (store.changes): inside the lock, against the file as it is
  now, with a revision number and a bounded log of who changed what. Nothing else writes.
- A file whose permissions say read-only is respected (even by root, and even though an atomic
  rename could replace it): writes fail with a sentence, never silently.
- A file in the older single-JSON form (or JSON laid out by hand) is read as a snapshot; the
  first change rewrites it in the snapshot-and-journal form.
"""

from __future__ import annotations

import dataclasses
import io
import os
import stat
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import chain, islice
from operator import attrgetter, indexOf, itemgetter
from pathlib import Path
from typing import Any, BinaryIO

import orjson
from tinydb.storages import Storage

from . import changes as change_rules
from .changes import Change, ConflictError, LogEntry
from .files import TEMP_SUFFIX, atomic_write_bytes, remove_stale_temp_files, temp_prefix
from .i18n import _
from .models import Campaign, Member, RecordError, from_record, to_record

APP_MARK = "campaign-dash"
SCHEMA_VERSION = 3  # 3: a big roster may follow the first line in parts (PART_ROWS); see snapshot_lines
# Files at this schema or later are read as they are (3 changed the layout only): an older one
# is migrated and rewritten when opened.
READ_AS_IS = 2
ENV_DB = "CAMPAIGN_DASH_DB"
LOCK_TIMEOUT_S = 10.0
ENV_LOCK_TIMEOUT = "CAMPAIGN_DASH_LOCK_TIMEOUT"  # seconds to wait for another writer (scripts may want less)
LOG_TABLE = "log"
LOG_LIMIT = 1000  # the log keeps the newest changes; older ones can no longer be undone by id
# Compaction: when the journal is longer than the snapshot (and than the floor), the file is
# rewritten whole. Rewriting n bytes once per n bytes of changes keeps the cost per change
# proportional to the change, and a reader never parses more than twice the campaign.
JOURNAL_FLOOR_BYTES = 256 * 1024
JOURNAL_RATIO = 1.0
HEAD_BYTES = 256  # the file's first bytes and the bytes before where a read stopped: which
MARK_BYTES = 64  # file this process read, so an appended file is told from a rewritten one


def _add_log(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 -> 2: the change log and a revision number."""
    return {**data, LOG_TABLE: data.get(LOG_TABLE) or {}}


# Migrations from version N to N+1, on the raw file contents (a dict of tables).
def _parts_allowed(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2 -> 3: the tables are the same; a big roster may now be written in parts, which
    a campaign-dash that reads up to schema 2 would take for a damaged journal. The number tells
    it to ask for an upgrade instead."""
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _add_log, 2: _parts_allowed}

TABLE_NAMES = tuple(change_rules.TABLES)


class StoreError(Exception):
    """Something is wrong with the campaign file; the message says what, in plain words."""


class CorruptDatabaseError(StoreError):
    """The file exists but is not a campaign file this version can read. It is left untouched."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            _('{path} is not a campaign file campaign-dash can read: {reason}. The file was left exactly as it is.').format(path=path, reason=reason)
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
    """TinyDB storage over a campaign file: reads the snapshot with its journal applied, and
    writes a snapshot atomically (for tools; the store itself appends changes)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, Any] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(_('cannot read {path}: {value}').format(path=self.path, value=error.strerror or error)) from None
        return plain_tables(_Loaded.parse(self.path, raw, 0).data)

    def write(self, data: dict[str, Any]) -> None:
        atomic_write_bytes(self.path, snapshot_bytes(data))

    def close(self) -> None:
        pass


PART_ROWS = 2000  # members per snapshot line past the first: parsing never holds a whole big table
PARTS_KEY = "parts"  # in the snapshot's meta record: how many member lines follow the first line
# A roster may be read after the dashboard's first frame (`later_roster`) past this many member
# lines (20,000 people, ~0.1 s to read and sort); a smaller one is read with the rest, so it is
# on the first frame.
LATER_ROSTER_PARTS = 10


def snapshot_lines(data: dict[str, Any]) -> list[bytes]:
    """The snapshot: the tables as one line of JSON (meta first, so a file's first bytes say which
    snapshot it is), ending in the newline that journal lines follow. A roster of more than
    PART_ROWS people is written as further lines of PART_ROWS members each (`{"members": {...}}`),
    their number in the meta record, so a reader parses the file a part at a time instead of
    holding the whole roster's parse tree at once (25 MB of JSON at 100,000 people)."""
    members = data.get("members")
    parted = isinstance(members, dict) and len(members) > PART_ROWS
    keys = list(members) if parted else []  # type: ignore[arg-type]
    parts = [keys[i : i + PART_ROWS] for i in range(0, len(keys), PART_ROWS)]
    # Written at this version's schema (a campaign-dash reading up to schema 2 would take the
    # parts for a damaged journal: the number makes it ask for an upgrade instead).
    stamp = {"schema": SCHEMA_VERSION, **({PARTS_KEY: len(parts)} if parted else {})}
    table = data.get("meta", {})
    first_key = next(iter(table), None)  # the meta record (_meta_document's)
    meta = {key: ({**doc, **stamp} if key == first_key and isinstance(doc, dict) else doc) for key, doc in table.items()}
    first = {"meta": meta, **{k: v for k, v in data.items() if k != "meta"}, **({"members": {}} if parted else {})}
    lines = [orjson.dumps(first) + b"\n"]
    lines.extend(orjson.dumps({"members": {k: members[k] for k in part}}) + b"\n" for part in parts)  # type: ignore[index]
    return lines


def snapshot_bytes(data: dict[str, Any]) -> bytes:
    return b"".join(snapshot_lines(data))


def _decode_json(path: Path, raw: bytes | memoryview) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        try:
            bytes(raw).decode("utf-8")
        except UnicodeDecodeError as bad:
            raise CorruptDatabaseError(path, _('it is not UTF-8 text (byte {start})').format(start=bad.start)) from None
        raise CorruptDatabaseError(
            path, _('it is not valid JSON (line {lineno}, column {colno}: {value})').format(lineno=error.lineno, colno=error.colno, value=error.msg.split(':')[0])
        ) from None


def parse_campaign_file(path: Path, raw: bytes) -> dict[str, Any]:
    """Check that `raw` (a whole JSON document) is a campaign and return its tables; raise
    CorruptDatabaseError."""
    if not raw or raw.isspace():
        raise CorruptDatabaseError(path, _('the file is empty'))
    return check_campaign_data(path, _decode_json(path, raw))


def check_campaign_data(path: Path, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise CorruptDatabaseError(path, _('it holds JSON but not a campaign (no tables)'))
    meta = _meta_document(data)
    if meta is None or meta.get("app") != APP_MARK:
        raise CorruptDatabaseError(path, _('it holds JSON but no campaign-dash marker'))
    version = meta.get("schema")
    if not isinstance(version, int) or version < 1:
        raise CorruptDatabaseError(path, _('its schema version {version!r} is not a number').format(version=version))
    if version > SCHEMA_VERSION:
        raise CorruptDatabaseError(
            path,
            _('it was written by a newer campaign-dash (schema {version}, this one reads up to {SCHEMA_VERSION}); upgrade campaign-dash').format(version=version, SCHEMA_VERSION=SCHEMA_VERSION),
        )
    for name in (*TABLE_NAMES, LOG_TABLE):
        if not isinstance(data.get(name, {}), dict):
            raise CorruptDatabaseError(path, _('its {name!r} table is damaged').format(name=name))
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
    """What the file looks like from outside: a change means someone wrote it (an append
    changes its size and time, a compaction or a reset its inode)."""

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
    roster_pending: bool = False  # `campaign` has no members yet: they were not read (read_state)


@dataclass
class Applied:
    """A change as written: the change (stamped with who and when), what undoes it, and the state."""

    change: Change
    inverse: Change
    rev: int
    state: State | None = None


_MEMBER_FIELDS = tuple(f.name for f in dataclasses.fields(Member))
_member_values = itemgetter(*_MEMBER_FIELDS)


def compact_row(table: str, row: Any, shared: dict[str, str] | None = None) -> Any:
    """A members row as the Member it stands for when it is exactly one (every field, all text):
    the store's copy then takes a third of the room of a dict per person, and the campaign it
    loads shares these very objects (models are replaced by changes, never changed in place).
    Any other row (unknown keys from a newer version, damage) stays the dict it was. With
    `shared` (one per file read), the fields many people have alike (organization, role, city,
    status) are one string each, not one per person (~20 MB at 100,000 people)."""
    if table != "members" or type(row) is not dict or len(row) != len(_MEMBER_FIELDS):
        return row
    try:
        values = _member_values(row)  # KeyError: not these fields
        "".join(values)  # TypeError unless every value is text (the quickest check: 100,000 rows)
    except (KeyError, TypeError):
        return row
    if shared is None:
        return Member(*values)
    name, organization, role, city, email, phone, status, notes, waitlisted, record_id = values
    one = shared.setdefault
    return Member(name, one(organization, organization), one(role, role), one(city, city), email, phone, one(status, status), notes, waitlisted, record_id)


_SHARED_COLUMNS = tuple(_MEMBER_FIELDS.index(name) for name in ("organization", "role", "city", "status"))


def compact_members(rows: dict[str, Any], shared: dict[str, str]) -> dict[str, Any]:
    """compact_row("members", row, shared) of each row of a members table, the same rows made
    a table at a time: the checks and the sharing looped in C, then one Member per person
    (~377 -> ~280 ms at 100,000 people, read while the dashboard waits). A table with any row
    that is not exactly a member's fields, all text, is done row by row."""
    records = list(rows.values())
    if records and set(map(type, records)) == {dict} and set(map(len, records)) == {len(_MEMBER_FIELDS)}:
        try:
            values = list(map(_member_values, records))  # KeyError: not these fields
            "".join(chain.from_iterable(values))  # TypeError unless every value is text
        except (KeyError, TypeError):
            pass
        else:
            columns: list[Iterable[str]] = list(zip(*values))
            for at in _SHARED_COLUMNS:
                columns[at] = map(shared.setdefault, columns[at], columns[at])
            return dict(zip(rows.keys(), map(Member, *columns)))
    return {key: compact_row("members", row, shared) for key, row in rows.items()}


_ROW_ID = attrgetter("id")


def _row_id(row: Any) -> Any:
    """A row's record id, whichever way the store keeps it (None for a damaged row)."""
    if type(row) is Member:
        return row.id
    return row.get("id") if isinstance(row, dict) else None


def plain_row(row: Any) -> Any:
    """A row as a dict (the file's form), whichever way the store keeps it."""
    return to_record(row) if type(row) is Member else row


def plain_tables(data: dict[str, Any]) -> dict[str, Any]:
    """The tables with every row a dict, for tools reading the file through TinyDB."""
    members = data.get("members")
    if isinstance(members, dict):
        return {**data, "members": {k: plain_row(v) for k, v in members.items()}}
    return data


class TableRecords:
    """The file's tables (TinyDB's layout: table -> document id -> record) as change Records.

    Kept for as long as the tables: adding a record costs the same at any size (new document
    ids count up from the largest, never reusing one). The first few records one change (or
    one catch-up with the journal) looks for are found by a scan of the ids in C (up to ~10 ms
    at 100,000 people, nothing kept); past SCANS, through an index of ids (~40 ms to build
    there, and ~5 MB) built then and dropped by `settle` when that change is done: an import or
    a long journal costs in proportion to its records, and a dashboard open on a big roster
    does not keep an index of it between changes.
    """

    SCANS = 8

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._index: dict[str, dict[str, str]] = {}
        self._last: dict[str, int] = {}
        self._scanned = 0  # records found by a scan since the last settle
        self._found: tuple[str, str, str | None] = ("", "", None)  # the last record looked up

    def settle(self) -> None:
        """A change (or a journal read) is done: the next one starts with scans again."""
        self._index.clear()
        self._scanned = 0
        self._found = ("", "", None)

    def _table(self, table: str) -> dict[str, Any]:
        return self.data.setdefault(table, {})

    def _ids(self, table: str) -> dict[str, str]:
        index = self._index.get(table)
        if index is None:
            index = {
                row.id if type(row) is Member else row.get("id"): key
                for key, row in self._table(table).items()
                if type(row) is Member or isinstance(row, dict)
            }
            self._index[table] = index
        return index

    def _key(self, table: str, record_id: str) -> str | None:
        """The document id of the record `record_id`, None when there is none."""
        if self._found[:2] == (table, record_id):
            return self._found[2]  # an update looks its record up twice: to read it, to put it
        if table in self._index or self._scanned >= self.SCANS:
            key = self._ids(table).get(record_id)
        else:
            self._scanned += 1
            key = self._scan(self._table(table), record_id)
        self._found = (table, record_id, key)
        return key

    @staticmethod
    def _scan(rows: dict[str, Any], record_id: str) -> str | None:
        try:
            position = indexOf(map(_ROW_ID, rows.values()), record_id)  # Members (the roster): in C
        except AttributeError:  # a table of dicts
            position = next((i for i, row in enumerate(rows.values()) if _row_id(row) == record_id), -1)
        except ValueError:
            return None
        return None if position < 0 else next(islice(rows, position, None))

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        key = self._key(table, record_id)
        return None if key is None else plain_row(self._table(table)[key])

    def put(self, table: str, record: dict[str, Any]) -> None:
        rows = self._table(table)
        key = self._key(table, record["id"])
        if key is None:
            last = self._last.get(table)
            if last is None:
                last = max((int(k) for k in rows if k.isdigit()), default=0)
            self._last[table] = last + 1
            key = str(last + 1)
            self._found = (table, record["id"], key)
            if table in self._index:
                self._index[table][record["id"]] = key
        rows[key] = compact_row(table, record)

    def remove(self, table: str, record_id: str) -> None:
        key = self._key(table, record_id)
        if key is not None:
            del self._table(table)[key]
            self._index.get(table, {}).pop(record_id, None)
            self._found = (table, record_id, None)

    def rows(self, table: str) -> list[dict[str, Any]]:
        """Every record of `table`, in the order they were added (the seat check counts them)."""
        found = self._table(table)
        ordered = [found[k] for k in sorted(found, key=lambda k: int(k) if k.isdigit() else 0)]
        return [plain_row(row) for row in ordered if type(row) is Member or isinstance(row, dict)]

    def count_in(self, table: str, name: str, values: Iterable[Any]) -> int:
        """How many records of `table` have `name` among `values` (the seat check, without a
        dict per person)."""
        wanted = set(values)
        count = 0
        for row in self._table(table).values():
            if type(row) is Member:
                count += getattr(row, name, None) in wanted
            elif isinstance(row, dict):
                count += row.get(name) in wanted
        return count


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


def _mark_after(mark: bytes, written: bytes) -> bytes:
    """The last MARK_BYTES of the file after `written` was added to it."""
    return (mark + written)[-MARK_BYTES:]


def _lock_timeout_from_env() -> float:
    try:
        return max(0.0, float(os.environ.get(ENV_LOCK_TIMEOUT, LOCK_TIMEOUT_S)))
    except ValueError:
        return LOCK_TIMEOUT_S


def _read_member_line(path: Path, line: bytes, members: dict[str, Any], shared: dict[str, str]) -> None:
    """Add one snapshot line of members (`{"members": {...}}`) to `members`, kept compactly."""
    try:
        rows = orjson.loads(line)["members"] if line.endswith(b"\n") else None
    except (orjson.JSONDecodeError, TypeError, KeyError):
        rows = None
    if not isinstance(rows, dict):
        raise CorruptDatabaseError(path, _('its {name!r} table is damaged').format(name="members"))
    members.update(compact_members(rows, shared))


@dataclass
class _LaterRoster:
    """A roster not read yet: where its member lines start and how many there are, and the
    journal's changes that touch it, to apply once it is read."""

    start: int
    parts: int
    changes: list[tuple[int, Change]] = field(default_factory=list)  # (revision, change)


class _SomeTables:
    """The file's tables with some left out: a journal change is applied in two steps when the
    roster is read later, its other tables first, then its roster. Ops are applied as their
    writer did (force), so an op on a table left out changes nothing here."""

    def __init__(self, records: TableRecords, shown: Callable[[str], bool]) -> None:
        self.records = records
        self.shown = shown

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        return self.records.get(table, record_id) if self.shown(table) else None

    def put(self, table: str, record: dict[str, Any]) -> None:
        if self.shown(table):
            self.records.put(table, record)

    def remove(self, table: str, record_id: str) -> None:
        if self.shown(table):
            self.records.remove(table, record_id)

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.records.rows(table) if self.shown(table) else []


@dataclass
class _Loaded:
    """The file as this process last read it: its tables with every whole journal line applied,
    and where reading stopped, so the next read parses only the lines appended since."""

    path: Path
    data: dict[str, Any]
    inode: int
    head: bytes  # the file's first bytes
    offset: int  # the end of the last whole line applied
    mark: bytes  # the bytes just before `offset`
    snapshot_end: int  # where the journal starts
    appendable: bool  # the snapshot is one line: changes may be appended after it
    records: TableRecords = field(init=False)
    log_keys: deque[int] = field(init=False)
    later: _LaterRoster | None = field(default=None, init=False)  # the roster, when its reading waits

    def __post_init__(self) -> None:
        self.records = TableRecords(self.data)
        table = self.data.get(LOG_TABLE)
        keys = sorted(int(k) for k in table if k.isdigit()) if isinstance(table, dict) else []
        self.log_keys = deque(keys)

    @classmethod
    def parse(cls, path: Path, raw: bytes, inode: int) -> _Loaded:
        """Read a whole file given as bytes."""
        return cls.read(path, io.BytesIO(raw), inode)

    @classmethod
    def read(cls, path: Path, handle: BinaryIO, inode: int, later_roster: bool = False) -> _Loaded:
        """Read a whole file from the start: the snapshot (its first line, then the member lines
        its meta counts, each parsed and kept compactly before the next is read), then its
        journal (a torn last line ignored).

        With `later_roster`, a roster of more than LATER_ROSTER_PARTS member lines is left
        unread (`later`): the other tables are whole (the journal's changes to them applied),
        and `finish_roster` reads the roster and applies the journal's changes to it. The
        dashboard paints its first frame from that before reading 100,000 people (most of its
        start-up there)."""
        head = handle.read(HEAD_BYTES)
        handle.seek(0)
        line = handle.readline()
        first: Any = None
        if line.endswith(b"\n") and len(line) > 1:
            try:
                first = orjson.loads(line)
            except orjson.JSONDecodeError:
                first = None
        if not isinstance(first, dict):  # one JSON document: the older form, or laid out by hand
            handle.seek(0)
            raw = handle.read()
            if not raw or raw.isspace():
                raise CorruptDatabaseError(path, _('the file is empty'))
            data = parse_campaign_file(path, raw)
            members = data.get("members")
            if isinstance(members, dict):
                for key, row in members.items():
                    members[key] = compact_row("members", row)
            return cls(path, data, inode, raw[:HEAD_BYTES], len(raw), raw[-MARK_BYTES:], len(raw), False)
        data = check_campaign_data(path, first)
        members = data.setdefault("members", {})
        shared: dict[str, str] = {}
        members.update(compact_members(members, shared))  # the roster within the first line (at most PART_ROWS)
        end, mark = len(line), line[-MARK_BYTES:]
        parts = (_meta_document(data) or {}).pop(PARTS_KEY, 0)
        if not isinstance(parts, int) or parts < 0:
            raise CorruptDatabaseError(path, _('its {name!r} table is damaged').format(name="members"))
        roster_at = end
        later = later_roster and parts > LATER_ROSTER_PARTS
        for _part in range(parts):
            line = handle.readline()
            if later:  # only where it ends (a damaged line is found when it is read)
                if not line.endswith(b"\n"):
                    raise CorruptDatabaseError(path, _('its {name!r} table is damaged').format(name="members"))
            else:
                _read_member_line(path, line, members, shared)
            end, mark = end + len(line), (mark + line)[-MARK_BYTES:]
        loaded = cls(path, data, inode, head, end, mark, end, True)
        if later:
            loaded.later = _LaterRoster(roster_at, parts)
        loaded.read_journal(handle.read(), 0, end)
        return loaded

    def finish_roster(self, handle: BinaryIO) -> None:
        """Read the roster left for later (from `handle`: this very file, which is only ever
        appended to) and apply the journal's changes to it, in their order."""
        later = self.later
        if later is None:
            return
        handle.seek(later.start)
        members = self.data.setdefault("members", {})
        shared: dict[str, str] = {}
        for _part in range(later.parts):
            _read_member_line(self.path, handle.readline(), members, shared)
        roster = _SomeTables(self.records, lambda table: table == "members")
        rev = 0
        try:
            for rev, change in later.changes:
                change_rules.apply(roster, change, force=True)
        except Exception:  # noqa: BLE001  as a journal read: the whole file is refused, untouched
            raise CorruptDatabaseError(self.path, _("its journal's change number {rev} is damaged or missing").format(rev=rev)) from None
        finally:
            self.records.settle()
        self.later = None

    def read_journal(self, raw: bytes, start: int, base: int | None = None) -> None:
        """Apply the whole lines of `raw` from `start` (`raw` begins at file offset `base`)."""
        base = self.offset - start if base is None else base
        position = start
        try:
            while True:
                newline = raw.find(b"\n", position)
                if newline < 0:
                    break  # a last line without its newline: an append that did not finish
                line = raw[position:newline]
                if line.strip():
                    self.replay(line)
                position = newline + 1
        finally:
            self.records.settle()
        if position != start:
            self.offset = base + position
            self.mark = _mark_after(self.mark, raw[max(start, position - MARK_BYTES) : position])

    def replay(self, line: bytes) -> None:
        """Apply one journal line as its writer did (the same records then: no conflicts)."""
        rev = revision(self.data) + 1
        try:
            row = orjson.loads(line)
            entry = LogEntry.from_json(row) if isinstance(row, dict) and row.get("rev") == rev else None
            if entry is not None:
                change = entry.change
                if self.later is not None and any(op.table == "members" for op in change.ops):
                    self.later.changes.append((rev, change))  # its roster part is applied with the roster
                    change_rules.apply(_SomeTables(self.records, lambda table: table != "members"), change, force=True)
                else:
                    change_rules.apply(self.records, change, force=True)
        except Exception:  # noqa: BLE001  any damage: the whole file is refused, untouched
            entry = None
        if entry is None:
            raise CorruptDatabaseError(self.path, _("its journal's change number {rev} is damaged or missing").format(rev=rev))
        self.commit(row, rev)

    def commit(self, row: dict[str, Any], rev: int) -> None:
        """Set the revision and log the change (the log keeps the newest LOG_LIMIT)."""
        meta = _meta_document(self.data) or {}
        self.data["meta"] = {"1": {**meta, "rev": rev}}
        table = self.data.setdefault(LOG_TABLE, {})
        key = (self.log_keys[-1] if self.log_keys else 0) + 1
        table[str(key)] = row
        self.log_keys.append(key)
        while len(self.log_keys) > LOG_LIMIT:
            table.pop(str(self.log_keys.popleft()), None)

    @property
    def journal_bytes(self) -> int:
        return self.offset - self.snapshot_end

    def compaction_due(self) -> bool:
        return self.journal_bytes > max(JOURNAL_FLOOR_BYTES, JOURNAL_RATIO * self.snapshot_end)


class CampaignStore:
    """One campaign in one file. Thread- and process-safe; never holds the file open."""

    def __init__(self, path: str | Path, lock_timeout_s: float | None = None) -> None:
        self.path = Path(path).expanduser()
        self.lock_timeout_s = lock_timeout_s if lock_timeout_s is not None else _lock_timeout_from_env()
        self._lock: Any = None  # a filelock.FileLock, made on the first write (keeps start-up light)
        self._thread_lock = threading.RLock()  # one writer thread at a time (with the file lock)
        self._cache_lock = threading.RLock()  # the campaign as last read: readers and the writer
        self._cache: _Loaded | None = None

    # --- opening -------------------------------------------------------------------------

    def open(self, seed: Callable[[], Campaign] | None = None, *, later_roster: bool = False) -> bool:
        """Check the file (creating it from `seed` if it does not exist). True if it was created.

        Raises CorruptDatabaseError for a file that is not a readable campaign; it is not touched.
        With `later_roster`, a big roster is not read yet (see `read_state`): its damage, if
        any, is found when it is.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self._ready_without_changes(later_roster):
            return False
        with self._locked():
            remove_stale_temp_files(self.path)
            with self._cache_lock:
                loaded = self._current(missing_ok=True)
                if loaded is None:
                    if seed is None:
                        raise StoreError(_('{path} does not exist').format(path=self.path))
                    self._write(campaign_to_tables(seed()))
                    return True
                if _meta_document(loaded.data)["schema"] < READ_AS_IS:  # type: ignore[index]
                    self._write(migrate(loaded.data))
            return False

    def _ready_without_changes(self, later_roster: bool = False) -> bool:
        """The common start: a current file and no stale temp files, checked without the lock."""
        if any(self.path.parent.glob(f"{temp_prefix(self.path)}*{TEMP_SUFFIX}")):
            return False
        with self._cache_lock:
            loaded = self._current(missing_ok=True, later_roster=later_roster)  # raises CorruptDatabaseError for a bad file
            return loaded is not None and _meta_document(loaded.data)["schema"] >= READ_AS_IS  # type: ignore[index]

    def reset(self, seed: Callable[[], Campaign]) -> Path | None:
        """Move the current file (whatever it holds) aside to a timestamped backup, then seed.

        Returns the backup's path, or None if there was no file.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._locked(), self._cache_lock:
            backup = None
            if self.path.exists():
                backup = self._backup_path()
                os.replace(self.path, backup)
            self._write(campaign_to_tables(seed()))
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

    def _current(self, missing_ok: bool = False, later_roster: bool = False) -> _Loaded | None:
        """The file as it is now (call with the cache lock held): what this process read before,
        brought up to date with the lines appended since, or the whole file read again when it
        was replaced or rewritten. The result is this store's own copy: callers only read it.
        Its roster is read too unless `later_roster` (a roster left for later is read now)."""
        try:
            handle = open(self.path, "rb")  # noqa: SIM115  closed below
        except FileNotFoundError:
            self._cache = None
            if missing_ok:
                return None
            raise StoreError(_('{path} does not exist').format(path=self.path)) from None
        except OSError as error:
            raise StoreError(_('cannot read {path}: {value}').format(path=self.path, value=error.strerror or error)) from None
        try:
            with handle:
                info = os.fstat(handle.fileno())
                cached = self._cache
                if cached is not None and cached.inode == info.st_ino and info.st_size >= cached.offset:
                    if handle.read(len(cached.head)) == cached.head:
                        start = cached.offset - len(cached.mark)
                        handle.seek(start)
                        tail = handle.read()
                        if tail[: len(cached.mark)] == cached.mark:
                            if cached.later is not None and not later_roster:
                                self._finish_roster(cached, handle)
                            if len(tail) > len(cached.mark):
                                self._catch_up(cached, tail, start)
                            return cached
                    handle.seek(0)
                self._cache = None
                self._cache = _Loaded.read(self.path, handle, info.st_ino, later_roster)
        except OSError as error:
            raise StoreError(_('cannot read {path}: {value}').format(path=self.path, value=error.strerror or error)) from None
        return self._cache

    def _finish_roster(self, cached: _Loaded, handle: BinaryIO) -> None:
        try:
            cached.finish_roster(handle)
        except BaseException:
            self._cache = None  # half-read: read whole next time
            raise

    def _catch_up(self, cached: _Loaded, tail: bytes, start: int) -> None:
        try:
            cached.read_journal(tail, len(cached.mark), start)
        except BaseException:
            self._cache = None  # half-applied: read whole next time
            raise

    def _read(self) -> dict[str, Any]:
        """The tables as the file holds them now (this store's copy: read, never change)."""
        with self._cache_lock:
            return self._current().data  # type: ignore[union-attr]

    def load(self) -> Campaign:
        """Read the whole campaign. No lock needed: changes are appended whole, and the file is
        only ever replaced whole."""
        with self._cache_lock:
            return self._campaign(self._read())

    def _campaign(self, data: dict[str, Any]) -> Campaign:
        try:
            return tables_to_campaign(data)
        except RecordError as error:
            raise CorruptDatabaseError(self.path, _('a record is damaged ({error})').format(error=error)) from None

    def signature(self) -> FileSignature | None:
        """The file's identity and size and time, to notice writes by others cheaply (a stat)."""
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return FileSignature(info.st_ino, info.st_size, info.st_mtime_ns)

    def read_state(self, since_rev: int = 0, *, later_roster: bool = False) -> State:
        """The campaign now, its revision, and the log entries written after `since_rev`.

        With `later_roster`, a roster of more than LATER_ROSTER_PARTS lines may be left
        unread: the campaign then has no members and `roster_pending` says so; any other read
        (or a write) reads it. Nothing else differs: the other tables are as the file holds them."""
        signature = self.signature()
        with self._cache_lock:
            loaded = self._current(later_roster=later_roster)
            assert loaded is not None  # (missing: StoreError)
            data = loaded.data
            return State(revision(data), self._campaign(data), log_entries(data, since_rev), signature, file_id(data), loaded.later is not None)

    def log(self) -> list[LogEntry]:
        """Every change the file remembers, oldest first."""
        with self._cache_lock:
            return log_entries(self._read())

    def writable_problem(self, lock: bool = True) -> str | None:
        """Why this campaign cannot be changed now (in words), or None if it can. With
        `lock=False` only the file's permissions are looked at (the dashboard's start-up: the
        lock needs filelock, ~10 ms to import, and is tried after the first frame: `lock_problem`)."""
        try:
            self._check_writable()
        except StoreError as error:
            return str(error)
        return self.lock_problem() if lock else None

    def lock_problem(self) -> str | None:
        """Why this campaign's lock cannot be taken (held elsewhere for over a second, or no
        lock file can be made beside it), or None if it can (it is let go at once)."""
        try:
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
                    _('{path} is locked by another campaign-dash for more than {wait:.0f} s; try again').format(path=self.path, wait=wait)
                ) from None
            except OSError as error:
                raise StoreError(_('cannot lock {path}: {value}').format(path=self.path, value=error.strerror or error)) from None
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
            raise StoreError(_('cannot read {path}: {value}').format(path=self.path, value=error.strerror or error)) from None
        if not mode & stat.S_IWUSR:
            raise StoreError(_("{path} is read-only (its permissions say so); make it writable with: chmod u+w '{path}'").format(path=self.path))

    def _write(self, data: dict[str, Any]) -> None:
        """Write the whole campaign as a new snapshot (temp file, fsync, rename); call with the
        file lock and the cache lock held."""
        lines = snapshot_lines(data)  # written line by line: never the whole file in one more copy
        size = sum(map(len, lines))
        try:
            atomic_write_bytes(self.path, lines)
            inode = os.stat(self.path).st_ino
        except OSError as error:
            self._cache = None
            raise StoreError(_('could not write {path}: {value}').format(path=self.path, value=error.strerror or error)) from None
        if self._cache is not None and self._cache.data is data:  # a compaction: the tables stay
            cached = self._cache
            head = lines[0] if len(lines[0]) >= HEAD_BYTES else b"".join(lines)[:HEAD_BYTES]
            mark = lines[-1] if len(lines[-1]) >= MARK_BYTES else b"".join(lines)
            cached.inode, cached.head, cached.offset, cached.snapshot_end = inode, head[:HEAD_BYTES], size, size
            cached.mark, cached.appendable = mark[-MARK_BYTES:], True
        else:
            self._cache = None  # read back on the next read

    def _append(self, loaded: _Loaded, line: bytes) -> bool:
        """Append one journal line and fsync it (call with both locks held). False, with nothing
        written, when the file does not end where this process read it: the unfinished last line
        of a killed writer, which a rewrite removes (cutting it off in place could mix its bytes
        with the new line's for a reader in between). A failed append is cut off again."""
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        except OSError as error:
            raise StoreError(_('could not write {path}: {value}').format(path=self.path, value=error.strerror or error)) from None
        try:
            info = os.fstat(fd)
            if info.st_ino != loaded.inode or info.st_size != loaded.offset:
                return False
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError as error:
            try:
                os.ftruncate(fd, loaded.offset)
            except OSError:
                pass
            raise StoreError(_('could not write {path}: {value}').format(path=self.path, value=error.strerror or error)) from None
        finally:
            os.close(fd)
        loaded.offset += len(line)
        loaded.mark = _mark_after(loaded.mark, line[-MARK_BYTES:])
        return True

    def apply(self, change: Change, *, author: str = "", since_rev: int | None = None) -> Applied:
        """Apply `change` to the campaign as the file holds it now, inside the lock, and log it.

        Raises ConflictError (nothing written) when someone changed what it changes since it
        was read, and StoreError (nothing written) when the file cannot be written. With
        `since_rev`, the result carries the new state and the log entries after that revision,
        so a dashboard can show what others changed meanwhile.
        """
        with self._locked(), self._cache_lock:
            self._check_writable()
            loaded = self._current()
            assert loaded is not None
            data = loaded.data
            stamped = change.stamped(author or change_rules.author_name(), datetime.now())
            try:
                inverse = change_rules.apply(loaded.records, stamped)
                loaded.records.settle()
            except ConflictError as error:
                conflicts = [self._with_author(data, c) for c in error.conflicts]
                self._cache = None  # the tables may be half-changed: read them again
                raise ConflictError(stamped, conflicts) from None
            except BaseException:
                self._cache = None
                raise
            rev = revision(data) + 1
            row = LogEntry(stamped, inverse, rev).to_json()
            loaded.commit(row, rev)
            try:
                if not (loaded.appendable and self._append(loaded, orjson.dumps(row) + b"\n")):
                    self._write(data)  # the older form, or a torn last line: rewritten whole, once
            except BaseException:
                self._cache = None  # not written: the file as it is, read again
                raise
            if loaded.compaction_due():
                self._compact_quietly(loaded)
            state = None
            if since_rev is not None:
                entries = log_entries(data, since_rev)
                others = any(e.change.id != stamped.id for e in entries) or len(entries) < rev - since_rev
                # Building the campaign costs more than the write at 10,000 members: only when
                # someone else wrote since `since_rev` is there anything new to show.
                state = State(rev, self._campaign(data) if others else None, entries, self.signature(), file_id(data))
            return Applied(stamped, inverse, rev, state)

    def _compact_quietly(self, loaded: _Loaded) -> None:
        """Rewrite the snapshot (the change is already written: a failure here loses nothing,
        the journal just stays until the next try)."""
        try:
            self._write(loaded.data)
        except StoreError:
            pass

    def compact(self) -> None:
        """Write the campaign as one snapshot with an empty journal (the file is then plain JSON)."""
        with self._locked(), self._cache_lock:
            self._check_writable()
            loaded = self._current()
            assert loaded is not None
            remove_stale_temp_files(self.path)
            self._write(loaded.data)

    @staticmethod
    def _with_author(data: dict[str, Any], conflict: change_rules.Conflict) -> change_rules.Conflict:
        """Name who made the change that is in the way, from the log."""
        return with_author(reversed(log_entries(data)), conflict)

    def undo_last(self, author: str = "") -> Applied:
        """Undo the newest change not yet undone (from any dashboard or command)."""
        entry = change_rules.undoable(self.log())
        if entry is None:
            raise StoreError(_("there is nothing to undo in this campaign's log"))
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
            raise RecordError(_('the {name} record is missing').format(name=name))
        return from_record(change_rules.TABLES[name], found[0], name)

    def many(name: str) -> list[Any]:
        cls = change_rules.TABLES[name]
        # a row the store keeps as its model is that model already (store.db.compact_row)
        return [row if type(row) is cls else from_record(cls, row, f"{name}[{i}]") for i, row in enumerate(rows(name))]

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
