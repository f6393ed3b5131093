"""CampaignStore: the campaign file on disk, over TinyDB, safe against crashes and other processes.

- Writes go through `AtomicJSONStorage` (temp file, fsync, `os.replace`): a process killed at any
  moment leaves a whole file.
- Every read-modify-write holds a cross-process file lock and opens a fresh TinyDB inside it, so
  nothing cached by an earlier transaction (TinyDB caches document ids per process) is trusted.
- The file is created 0600: it holds people's contact details.
- A file that is not a campaign file is refused and never written to.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import Query, TinyDB
from tinydb.table import Document
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage

from .files import TEMP_SUFFIX, atomic_write_bytes, remove_stale_temp_files, temp_prefix
from .models import (
    Campaign,
    CampaignInfo,
    Delegation,
    LetterTemplate,
    Member,
    Petition,
    Reading,
    RecordError,
    Speaker,
    Target,
    TourStop,
    from_record,
    to_record,
)

APP_MARK = "campaign-dash"
SCHEMA_VERSION = 1
ENV_DB = "CAMPAIGN_DASH_DB"
LOCK_TIMEOUT_S = 10.0

# Migrations from version N to N+1, on the raw file contents (a dict of tables).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

# Single records, one document each, and collections of records keyed by their uuid.
SINGLETONS: dict[type, str] = {CampaignInfo: "campaign", Petition: "petition", Delegation: "delegation"}
COLLECTIONS: dict[type, str] = {
    Speaker: "speakers",
    TourStop: "stops",
    Reading: "readings",
    Member: "members",
    LetterTemplate: "letters",
    Target: "targets",
}


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


class _TransactionCache(CachingMiddleware):
    """Holds one transaction's changes in memory until `flush`, so a transaction writes once."""

    WRITE_CACHE_SIZE = 1 << 62


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
    for name in (*SINGLETONS.values(), *COLLECTIONS.values()):
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
    version = _meta_document(data)["schema"]  # type: ignore[index]
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["meta"] = {"1": {"app": APP_MARK, "schema": version}}
    return data


class CampaignStore:
    """One campaign in one file. Thread- and process-safe; never holds the file open."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
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
                storage.write(campaign_to_tables(seed()))
                return True
            if _meta_document(data)["schema"] < SCHEMA_VERSION:  # type: ignore[index]
                storage.write(migrate(data))
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
            AtomicJSONStorage(self.path).write(campaign_to_tables(seed()))
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
        data = AtomicJSONStorage(self.path).read()
        if data is None:
            raise StoreError(f"{self.path} does not exist")
        try:
            return tables_to_campaign(data)
        except RecordError as error:
            raise CorruptDatabaseError(self.path, f"a record is damaged ({error})") from None

    # --- writing -------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        with self._thread_lock:
            if self._lock is None:
                self._lock = FileLock(f"{self.path}.lock", timeout=LOCK_TIMEOUT_S, mode=0o600)
            try:
                self._lock.acquire()
            except Timeout:
                raise StoreError(
                    f"{self.path} is locked by another campaign-dash for more than "
                    f"{LOCK_TIMEOUT_S:.0f} s; try again"
                ) from None
            try:
                yield
            finally:
                self._lock.release()

    @contextmanager
    def transaction(self) -> Iterator[TinyDB]:
        """A fresh TinyDB over the file, inside the lock; written once, only if all went well."""
        with self._locked():
            db = TinyDB(self.path, storage=_TransactionCache(AtomicJSONStorage))
            if db.storage.read() is None:
                raise StoreError(f"{self.path} does not exist")
            yield db
            db.storage.flush()

    def put(self, *records: Any) -> None:
        """Insert or replace records (matched on their id) in one write."""
        with self.transaction() as db:
            for record in records:
                _put(db, record)

    def delete(self, record_type: type, record_id: str) -> bool:
        """Remove one record by id. True if it was there."""
        with self.transaction() as db:
            removed = db.table(COLLECTIONS[record_type]).remove(Query().id == record_id)
            return bool(removed)


def _put(db: TinyDB, record: Any) -> None:
    kind = type(record)
    if kind is Petition:  # readings live in their own table, so appending one is small
        record = replace(record, readings=[])
    document = to_record(record)
    if kind in SINGLETONS:
        table = db.table(SINGLETONS[kind])
        table.truncate()
        table.insert(document)
    elif kind in COLLECTIONS:
        table = db.table(COLLECTIONS[kind])
        stored = db.storage.read().get(COLLECTIONS[kind], {})  # the transaction's cached tables
        doc_id = next((int(key) for key, row in stored.items() if row.get("id") == record.id), None)
        if doc_id is None:
            table.insert(document)
        else:  # by document id: no Query run over every record
            table.upsert(Document(document, doc_id=doc_id))
    else:
        raise TypeError(f"the store does not keep {kind.__name__} records")


def campaign_to_tables(campaign: Campaign) -> dict[str, Any]:
    """The file contents for a whole campaign, in TinyDB's layout."""

    def table(records: list[Any]) -> dict[str, Any]:
        return {str(i): to_record(r) for i, r in enumerate(records, start=1)}

    petition = replace(campaign.petition, readings=[])
    return {
        "meta": {"1": {"app": APP_MARK, "schema": SCHEMA_VERSION}},
        "campaign": table([campaign.info]),
        "petition": table([petition]),
        "delegation": table([campaign.delegation]),
        "speakers": table(campaign.speakers),
        "stops": table(campaign.stops),
        "readings": table(campaign.petition.readings),
        "members": table(campaign.members),
        "letters": table(campaign.letters),
        "targets": table(campaign.targets),
    }


def tables_to_campaign(data: dict[str, Any]) -> Campaign:
    def rows(name: str) -> list[Any]:
        table = data.get(name) or {}
        return [table[k] for k in sorted(table, key=lambda k: int(k) if k.isdigit() else 0)]

    def single(cls: type, name: str) -> Any:
        found = rows(name)
        if not found:
            raise RecordError(f"the {name} record is missing")
        return from_record(cls, found[0], name)

    def many(cls: type, name: str) -> list[Any]:
        return [from_record(cls, row, f"{name}[{i}]") for i, row in enumerate(rows(name))]

    petition = single(Petition, "petition")
    petition.readings = sorted(many(Reading, "readings"), key=lambda r: r.at)
    return Campaign(
        info=single(CampaignInfo, "campaign"),
        petition=petition,
        delegation=single(Delegation, "delegation"),
        speakers=many(Speaker, "speakers"),
        stops=many(TourStop, "stops"),
        members=many(Member, "members"),
        letters=many(LetterTemplate, "letters"),
        targets=many(Target, "targets"),
    )


__all__ = [
    "APP_MARK",
    "SCHEMA_VERSION",
    "AtomicJSONStorage",
    "CampaignStore",
    "CorruptDatabaseError",
    "StoreError",
    "default_db_path",
]
