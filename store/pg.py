"""PgCampaignStore: the campaign on a PostgreSQL server (psycopg 3), for a team.

The same contract as store.db.CampaignStore (open, load, read_state, signature, apply, log,
undo_last, writable_problem, reset), so the command line and the app hold either one.

- Several campaigns share one database: tables in the schema `campaign_dash`, each row tagged
  with its campaign. `records` holds every record as JSON (`data`) with a `version` that goes up
  at each write; `log` is the append-only list of changes with their revision; `campaigns`
  names each campaign with its current revision.
- `apply` runs in one transaction that first locks the campaign's row (SELECT ... FOR UPDATE), so
  the writes to one campaign are serialized as the file lock serializes them, and applies the
  change with the very function the file store uses (store.changes.apply, through `PgRecords`):
  field-level merges and conflicts are the same on both stores.
- A change id is unique in a campaign's log: a change sent again (a retry after a connection
  dropped during COMMIT, a replayed tally sheet) is applied once, and the second send gets the
  first one's result.
- Every committed change sends NOTIFY campaign_dash, '<campaign>:<rev>' (delivered at commit).
- No password is kept or shown: libpq reads it from PGPASSWORD, ~/.pgpass or a service file;
  the URL is only ever shown redacted (store.location.redacted).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from . import changes as change_rules
from .changes import Change, ConflictError, LogEntry
from .db import (
    LOG_LIMIT,
    SCHEMA_VERSION,
    Applied,
    State,
    StoreError,
    campaign_to_tables,
    file_id,
    tables_to_campaign,
    with_author,
)
from .i18n import _
from .location import ServerLocation, location
from .models import Campaign, RecordError

SCHEMA = "campaign_dash"
CHANNEL = "campaign_dash"  # NOTIFY channel: payload '<campaign>:<rev>'
CONNECT_TIMEOUT_S = 10
LISTEN_CHECK_S = 5.0  # a listening connection with nothing to hear is checked this often
SCHEMA_LOCK = 0x6364_3134  # advisory lock around creating the tables ("cd14")

# The tables, made by the first `campaign-dash new` run by a role that may create them (or by a
# database owner running this SQL, see the README). Organizers' roles only need the grants.
SCHEMA_SQL = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {SCHEMA}.campaigns (
    id             bigserial PRIMARY KEY,
    name           text NOT NULL UNIQUE,
    file_id        text NOT NULL,
    rev            bigint NOT NULL DEFAULT 0,
    schema_version integer NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS {SCHEMA}.records (
    campaign_id bigint NOT NULL REFERENCES {SCHEMA}.campaigns (id) ON DELETE CASCADE,
    "table"     text NOT NULL,
    id          text NOT NULL,
    data        jsonb NOT NULL,
    version     bigint NOT NULL DEFAULT 1,
    seq         bigserial NOT NULL,
    PRIMARY KEY (campaign_id, "table", id)
);
CREATE INDEX IF NOT EXISTS records_in_order ON {SCHEMA}.records (campaign_id, seq);
CREATE TABLE IF NOT EXISTS {SCHEMA}.log (
    campaign_id bigint NOT NULL REFERENCES {SCHEMA}.campaigns (id) ON DELETE CASCADE,
    rev         bigint NOT NULL,
    change_id   text NOT NULL,
    author      text NOT NULL,
    at          text NOT NULL,
    entry       jsonb NOT NULL,
    PRIMARY KEY (campaign_id, rev),
    UNIQUE (campaign_id, change_id)
);
"""

_NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")

T = TypeVar("T")


class ServerUnreachable(StoreError):
    """The server cannot be reached now (stopped, no network): worth waiting and trying again,
    unlike a refusal (no such campaign, a missing grant)."""


@dataclass(frozen=True)
class ServerSignature:
    """What the campaign looks like from outside: a new revision means someone wrote it."""

    file_id: str
    rev: int


class PgRecords:
    """One campaign's rows, inside the apply transaction, as change Records."""

    def __init__(self, cur: Any, campaign_id: int) -> None:
        self.cur = cur
        self.campaign_id = campaign_id
        self._seen: dict[tuple[str, str], dict[str, Any] | None] = {}

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        key = (table, record_id)
        if key not in self._seen:
            row = self.cur.execute(
                f'SELECT data FROM {SCHEMA}.records WHERE campaign_id = %s AND "table" = %s AND id = %s',
                (self.campaign_id, table, record_id),
            ).fetchone()
            self._seen[key] = row[0] if row else None
        return self._seen[key]

    def rows(self, table: str) -> list[dict[str, Any]]:
        """Every record of `table` as the transaction sees it now (after this change's writes)."""
        return [
            row[0]
            for row in self.cur.execute(
                f'SELECT data FROM {SCHEMA}.records WHERE campaign_id = %s AND "table" = %s ORDER BY seq', (self.campaign_id, table)
            )
        ]

    def count_in(self, table: str, field: str, values: tuple[str, ...]) -> int:
        """How many records of `table` have `field` in `values` (seats taken), counted by the server."""
        row = self.cur.execute(
            f'SELECT count(*) FROM {SCHEMA}.records WHERE campaign_id = %s AND "table" = %s AND data->>%s = ANY(%s)',
            (self.campaign_id, table, field, list(values)),
        ).fetchone()
        return int(row[0])

    def put(self, table: str, record: dict[str, Any]) -> None:
        from psycopg.types.json import Jsonb

        self.cur.execute(
            f'INSERT INTO {SCHEMA}.records (campaign_id, "table", id, data) VALUES (%s, %s, %s, %s) '
            f'ON CONFLICT (campaign_id, "table", id) DO UPDATE SET data = EXCLUDED.data, version = {SCHEMA}.records.version + 1',
            (self.campaign_id, table, record["id"], Jsonb(record)),
        )
        self._seen[(table, record["id"])] = record

    def remove(self, table: str, record_id: str) -> None:
        self.cur.execute(
            f'DELETE FROM {SCHEMA}.records WHERE campaign_id = %s AND "table" = %s AND id = %s',
            (self.campaign_id, table, record_id),
        )
        self._seen[(table, record_id)] = None


class PgCampaignStore:
    """One campaign in a PostgreSQL database. Thread-safe (one connection, used by one thread at
    a time); connects on first use and again after the connection is lost."""

    def __init__(self, where: str | ServerLocation, campaign: str | None = None) -> None:
        found = location(where) if isinstance(where, str) else where
        if not isinstance(found, ServerLocation):
            raise ValueError(f"not a postgresql:// URL: {where}")
        self.location = ServerLocation(found.url, campaign) if campaign else found
        self.campaign = self.location.campaign
        if not _NAME.match(self.campaign):
            raise StoreError(_("a campaign's name is 1 to 200 characters, without control characters"))
        self._conn: Any = None
        self._role: str | None = None
        self._lock = threading.RLock()

    @property
    def path(self) -> ServerLocation:
        """Where the campaign is, for messages (the file store's `path`): prints redacted."""
        return self.location

    def __str__(self) -> str:
        return str(self.location)

    # --- the connection ------------------------------------------------------------------

    def _connect(self) -> Any:
        import psycopg

        try:
            return psycopg.connect(
                self.location.conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, application_name="campaign-dash"
            )
        except psycopg.Error as error:
            raise ServerUnreachable(_('cannot reach the campaign server {location}: {words}').format(location=self.location, words=self._words(error))) from None

    def _words(self, error: BaseException) -> str:
        """The first line of a driver error, never holding a password the URL may carry."""
        text = (str(error).strip().splitlines() or [type(error).__name__])[0]
        from urllib.parse import unquote, urlsplit

        secret = urlsplit(self.location.conninfo).password
        return text.replace(unquote(secret), "***") if secret else text

    def _run(self, work: Callable[[Any], T], *, retry: bool = True) -> T:
        """`work(connection)`, once more on a fresh connection if the connection was lost (every
        `work` here is safe to repeat: reads, and changes whose id makes a second send a no-op)."""
        import psycopg

        with self._lock:
            for attempt in (1, 2):
                if self._conn is None or self._conn.closed:
                    self._conn = self._connect()
                try:
                    return work(self._conn)
                except psycopg.OperationalError as error:
                    lost = self._conn.closed or self._conn.broken
                    if lost:
                        self.close()
                    if not (lost and retry and attempt == 1):
                        failed = ServerUnreachable if lost else StoreError
                        raise failed(_('the campaign server {location} failed: {words}').format(location=self.location, words=self._words(error))) from None
                except psycopg.errors.InsufficientPrivilege as error:
                    raise StoreError(
                        _("the database role may not do this on {location}: {words} (the README's 'A team store on PostgreSQL' lists the grants)").format(location=self.location, words=self._words(error))
                    ) from None
                except psycopg.Error as error:
                    raise StoreError(_('the campaign server {location} refused: {words}').format(location=self.location, words=self._words(error))) from None
            raise AssertionError("unreachable")

    def listen(self, on_notice: Callable[[int], None], stop: Callable[[], bool], wake_s: float = 0.5) -> None:
        """Wait for others' writes on a connection of its own (LISTEN): `on_notice(rev)` for each
        NOTIFY about this campaign, and `on_notice(-1)` once listening (anything may have changed
        while nobody listened). Returns when `stop()` is true (looked at every `wake_s`); raises
        ServerUnreachable when the server cannot be reached or the connection is lost (a quiet
        connection is checked every few seconds, so a dead one is noticed)."""
        import time

        import psycopg

        conn = self._connect()
        try:
            conn.execute(f"LISTEN {CHANNEL}")
            on_notice(-1)
            checked = time.monotonic()
            while not stop():
                for notice in conn.notifies(timeout=wake_s):
                    name, _colon, rev = notice.payload.rpartition(":")
                    if name == self.campaign and rev.isdigit():
                        on_notice(int(rev))
                    if stop():
                        return
                if time.monotonic() - checked > LISTEN_CHECK_S:
                    conn.execute("SELECT 1")
                    checked = time.monotonic()
        except psycopg.Error as error:
            raise ServerUnreachable(_('lost the campaign server {location}: {words}').format(location=self.location, words=self._words(error))) from None
        finally:
            conn.close()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                finally:
                    self._conn = None

    def _ensure_schema(self, conn: Any) -> None:
        if self._tables_exist(conn):
            return
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            if not self._tables_exist(conn):
                conn.execute(SCHEMA_SQL)

    @staticmethod
    def _tables_exist(conn: Any) -> bool:
        row = conn.execute(
            "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL",
            (f"{SCHEMA}.campaigns", f"{SCHEMA}.records", f"{SCHEMA}.log"),
        ).fetchone()
        return bool(row[0])

    def _missing(self) -> StoreError:
        return StoreError(_('no campaign {campaign!r} on {location}').format(campaign=self.campaign, location=self.location))

    def _campaign_row(self, cur: Any, *, lock: bool = False) -> tuple[int, int, str]:
        """(id, rev, file id) of this campaign; with `lock`, held until the transaction ends."""
        row = cur.execute(
            f"SELECT id, rev, file_id FROM {SCHEMA}.campaigns WHERE name = %s" + (" FOR UPDATE" if lock else ""),
            (self.campaign,),
        ).fetchone()
        if row is None:
            raise self._missing()
        return int(row[0]), int(row[1]), str(row[2])

    # --- opening -------------------------------------------------------------------------

    def exists(self) -> bool:
        def work(conn: Any) -> bool:
            if not self._tables_exist(conn):
                return False
            return conn.execute(f"SELECT 1 FROM {SCHEMA}.campaigns WHERE name = %s", (self.campaign,)).fetchone() is not None

        return self._run(work)

    def open(self, seed: Callable[[], Campaign] | None = None) -> bool:
        """Check the campaign is on the server (making the tables, and the campaign from `seed`,
        if they are not there). True if it was created."""

        def work(conn: Any) -> bool:
            self._ensure_schema(conn)
            with conn.transaction():
                if conn.execute(f"SELECT 1 FROM {SCHEMA}.campaigns WHERE name = %s", (self.campaign,)).fetchone():
                    return False
                if seed is None:
                    raise self._missing()
                return self._create(conn.cursor(), seed())

        return self._run(work)

    def receive(self, campaign: Campaign, entries: list[LogEntry], rev: int, *, replace: bool = False) -> str | None:
        """Make this campaign a copy of another (`campaign-dash copy`): its records, its log and
        its revision, in one transaction. Refuses (StoreError) when the campaign is already here,
        unless `replace`: then the one here is renamed aside to NAME.<date-time>.bak first (its
        name is returned), as `reset` does. Nothing is deleted."""
        from psycopg.types.json import Jsonb

        def work(conn: Any) -> str | None:
            self._ensure_schema(conn)
            with conn.transaction():
                cur = conn.cursor()
                row = cur.execute(f"SELECT id FROM {SCHEMA}.campaigns WHERE name = %s FOR UPDATE", (self.campaign,)).fetchone()
                backup = None
                if row is not None:
                    if not replace:
                        raise StoreError(_('there is already a campaign {campaign!r} on {location}').format(campaign=self.campaign, location=self.location))
                    backup = self._aside(cur, row[0])
                self._create(cur, campaign)
                cid, _rev, _file = self._campaign_row(cur, lock=True)
                cur.executemany(
                    f"INSERT INTO {SCHEMA}.log (campaign_id, rev, change_id, author, at, entry) VALUES (%s, %s, %s, %s, %s, %s)",
                    [(cid, e.rev, e.change.id, e.change.author, e.change.at, Jsonb(e.to_json())) for e in entries],
                )
                cur.execute(f"UPDATE {SCHEMA}.campaigns SET rev = %s WHERE id = %s", (rev, cid))
                cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{self.campaign}:{rev}"))
                return backup

        return self._run(work, retry=False)

    def _aside(self, cur: Any, campaign_id: int) -> str:
        """Rename the campaign `campaign_id` to NAME.<date-time>.bak (a free name); return it."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup, n = f"{self.campaign}.{stamp}.bak", 1
        while cur.execute(f"SELECT 1 FROM {SCHEMA}.campaigns WHERE name = %s", (backup,)).fetchone():
            n += 1
            backup = f"{self.campaign}.{stamp}-{n}.bak"
        cur.execute(f"UPDATE {SCHEMA}.campaigns SET name = %s WHERE id = %s", (backup, campaign_id))
        return backup

    def _create(self, cur: Any, campaign: Campaign) -> bool:
        from psycopg.types.json import Jsonb

        data = campaign_to_tables(campaign)
        row = cur.execute(
            f"INSERT INTO {SCHEMA}.campaigns (name, file_id, rev, schema_version) VALUES (%s, %s, 0, %s) "
            "ON CONFLICT (name) DO NOTHING RETURNING id",
            (self.campaign, file_id(data), SCHEMA_VERSION),
        ).fetchone()
        if row is None:
            return False  # someone made it meanwhile: theirs stands
        rows = []
        for table in change_rules.TABLES:
            records = data.get(table) or {}
            for key in sorted(records, key=int):
                rows.append((row[0], table, records[key]["id"], Jsonb(records[key])))
        cur.executemany(f'INSERT INTO {SCHEMA}.records (campaign_id, "table", id, data) VALUES (%s, %s, %s, %s)', rows)
        cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{self.campaign}:0"))
        return True

    def reset(self, seed: Callable[[], Campaign]) -> str | None:
        """Rename the campaign (whatever it holds) aside to NAME.<date-time>.bak, then seed it
        anew. Returns the backup's name, or None if there was no campaign."""

        def work(conn: Any) -> str | None:
            self._ensure_schema(conn)
            with conn.transaction():
                cur = conn.cursor()
                row = cur.execute(f"SELECT id FROM {SCHEMA}.campaigns WHERE name = %s FOR UPDATE", (self.campaign,)).fetchone()
                backup = self._aside(cur, row[0]) if row is not None else None
                self._create(cur, seed())
                return backup

        return self._run(work)

    # --- reading -------------------------------------------------------------------------

    def _read_campaign(self, cur: Any, campaign_id: int) -> Campaign:
        data: dict[str, dict[str, Any]] = {name: {} for name in change_rules.TABLES}
        for table, record in cur.execute(
            f'SELECT "table", data FROM {SCHEMA}.records WHERE campaign_id = %s ORDER BY seq', (campaign_id,)
        ):
            rows = data.setdefault(table, {})
            rows[str(len(rows) + 1)] = record
        try:
            return tables_to_campaign(data)
        except RecordError as error:
            raise StoreError(_('campaign {campaign!r} on {location}: a record is damaged ({error})').format(campaign=self.campaign, location=self.location, error=error)) from None

    def _entries(self, cur: Any, campaign_id: int, since_rev: int = 0, newest: int | None = None) -> list[LogEntry]:
        """Log entries after `since_rev`, oldest first (only the newest `newest` with it)."""
        if newest is None:
            rows = cur.execute(
                f"SELECT entry FROM {SCHEMA}.log WHERE campaign_id = %s AND rev > %s ORDER BY rev", (campaign_id, since_rev)
            ).fetchall()
        else:
            rows = cur.execute(
                f"SELECT entry FROM {SCHEMA}.log WHERE campaign_id = %s AND rev > %s ORDER BY rev DESC LIMIT %s",
                (campaign_id, since_rev, newest),
            ).fetchall()[::-1]
        entries = []
        for (row,) in rows:
            try:
                entries.append(LogEntry.from_json(row))
            except Exception:  # noqa: BLE001  a damaged log entry (any shape) hides only itself
                continue
        return entries

    def _snapshot(self, work: Callable[[Any], T]) -> T:
        """`work(cursor)` in one read-only snapshot of the database."""

        def run(conn: Any) -> T:
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                return work(conn.cursor())

        return self._run(run)

    def load(self) -> Campaign:
        return self._snapshot(lambda cur: self._read_campaign(cur, self._campaign_row(cur)[0]))

    def signature(self) -> ServerSignature | None:
        """The campaign's identity and revision, to notice writes by others cheaply (one query)."""
        try:
            _cid, rev, fid = self._run(lambda conn: self._campaign_row(conn.cursor()))
        except StoreError:
            return None
        return ServerSignature(fid, rev)

    def read_state(self, since_rev: int = 0) -> State:
        def work(cur: Any) -> State:
            cid, rev, fid = self._campaign_row(cur)
            return State(rev, self._read_campaign(cur, cid), self._entries(cur, cid, since_rev), ServerSignature(fid, rev), fid)

        return self._snapshot(work)

    def log(self) -> list[LogEntry]:
        """The newest changes (as many as the file keeps), oldest first. The server keeps all."""
        return self._snapshot(lambda cur: self._entries(cur, self._campaign_row(cur)[0], newest=LOG_LIMIT))

    def default_author(self) -> str:
        """Who, when nobody said: $CAMPAIGN_DASH_AUTHOR, else the database role (else user@host)."""
        if os.environ.get(change_rules.ENV_AUTHOR, "").strip():
            return change_rules.author_name()
        try:
            return self.role()
        except StoreError:
            return change_rules.author_name()

    def role(self) -> str:
        """The database role this store connects as: who made a change when nobody said."""
        if self._role is None:
            self._role = str(self._run(lambda conn: conn.execute("SELECT current_user").fetchone()[0]))
        return self._role

    def writable_problem(self) -> str | None:
        """Why this campaign cannot be changed now (in words), or None if it can."""
        checks = (
            ("campaigns", "UPDATE"),
            ("records", "INSERT"),
            ("records", "UPDATE"),
            ("records", "DELETE"),
            ("log", "INSERT"),
        )

        def work(conn: Any) -> str | None:
            cur = conn.cursor()
            self._campaign_row(cur)
            read_only = cur.execute("SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'").fetchone()[0]
            if read_only:
                return _('the campaign server {location} is read-only (a standby, or a read-only session)').format(location=self.location)
            role = cur.execute("SELECT current_user").fetchone()[0]
            missing = [
                f"{what} on {SCHEMA}.{table}"
                for table, what in checks
                if not cur.execute("SELECT has_table_privilege(%s, %s)", (f"{SCHEMA}.{table}", what)).fetchone()[0]
            ]
            if not cur.execute("SELECT has_sequence_privilege(%s, 'USAGE')", (f"{SCHEMA}.records_seq_seq",)).fetchone()[0]:
                missing.append(f"USAGE on {SCHEMA}.records_seq_seq")
            if missing:
                return _('the role {role} may not change campaigns on {location}: it lacks {join}').format(role=role, location=self.location, join=', '.join(missing))
            return None

        try:
            return self._run(work)
        except StoreError as error:
            return str(error)

    # --- writing -------------------------------------------------------------------------

    def apply(self, change: Change, *, author: str = "", since_rev: int | None = None) -> Applied:
        """Apply `change` to the campaign as the server holds it now, in one transaction, and log
        it. Raises ConflictError (nothing written) when someone changed what it changes since it
        was read, StoreError (nothing written, or written once if sent again) when the server
        cannot be reached or refuses. A change whose id is already logged is not applied again:
        the result is the logged one's."""
        stamped = change.stamped(author or self.default_author(), datetime.now())

        def work(conn: Any) -> Applied:
            from psycopg.types.json import Jsonb

            with conn.transaction():
                cur = conn.cursor()
                cid, rev, fid = self._campaign_row(cur, lock=True)
                logged = cur.execute(
                    f"SELECT rev, entry FROM {SCHEMA}.log WHERE campaign_id = %s AND change_id = %s", (cid, stamped.id)
                ).fetchone()
                if logged is not None:
                    entry = LogEntry.from_json(logged[1])
                    return Applied(entry.change, entry.inverse, int(logged[0]), self._state(cur, cid, rev, fid, since_rev, stamped.id))
                try:
                    inverse = change_rules.apply(PgRecords(cur, cid), stamped)
                except ConflictError as error:
                    newest_first = self._entries(cur, cid, newest=LOG_LIMIT)[::-1]
                    raise ConflictError(stamped, [with_author(newest_first, c) for c in error.conflicts]) from None
                rev += 1
                entry = LogEntry(stamped, inverse, rev)
                cur.execute(
                    f"INSERT INTO {SCHEMA}.log (campaign_id, rev, change_id, author, at, entry) VALUES (%s, %s, %s, %s, %s, %s)",
                    (cid, rev, stamped.id, stamped.author, stamped.at, Jsonb(entry.to_json())),
                )
                cur.execute(f"UPDATE {SCHEMA}.campaigns SET rev = %s WHERE id = %s", (rev, cid))
                cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{self.campaign}:{rev}"))
                return Applied(stamped, inverse, rev, self._state(cur, cid, rev, fid, since_rev, stamped.id))

        return self._run(work)

    def _state(self, cur: Any, cid: int, rev: int, fid: str, since_rev: int | None, own_id: str) -> State | None:
        """After a write: the log after `since_rev`, and the campaign only if others wrote too."""
        if since_rev is None:
            return None
        entries = self._entries(cur, cid, since_rev)
        others = any(e.change.id != own_id for e in entries) or len(entries) < rev - since_rev
        return State(rev, self._read_campaign(cur, cid) if others else None, entries, ServerSignature(fid, rev), fid)

    def undo_last(self, author: str = "") -> Applied:
        """Undo the newest change not yet undone (from any dashboard or command)."""
        entry = change_rules.undoable(self.log())
        if entry is None:
            raise StoreError(_("there is nothing to undo in this campaign's log"))
        return self.apply(entry.inverse, author=author)


__all__ = ["CHANNEL", "SCHEMA", "SCHEMA_SQL", "PgCampaignStore", "PgRecords", "ServerSignature", "ServerUnreachable"]
