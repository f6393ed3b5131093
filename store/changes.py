"""Changes as data: the one way anything in a campaign is changed.

A change is a list of operations on records (add a record, update named fields with the
values the author saw, delete a record), with a sentence saying what it is, who made it and
when. `apply` runs a change against the records *as they are now* and returns the change that
undoes it. The same function serves the store (against the file, inside its lock) and the
dashboard (against the campaign it shows, so an edit appears at once), so there is one rule
for what a change does.

An update names fields, not whole records: two organizers who change different fields of one
record both win. A field that someone else changed since it was read is a conflict, and the
whole change is refused (ConflictError) rather than overwriting it.
"""

from __future__ import annotations

import dataclasses
import getpass
import os
import socket
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any, Protocol

from .i18n import _
from .models import (
    Campaign,
    CampaignInfo,
    Delegation,
    LetterTemplate,
    Member,
    Petition,
    Reading,
    Speaker,
    Target,
    TourStop,
    from_record,
    new_id,
    to_record,
)
from .roster import SEAT_HOLDING

ENV_AUTHOR = "CAMPAIGN_DASH_AUTHOR"

# Table name -> model. Singletons hold one record; the rest are collections keyed by record id.
SINGLETONS: dict[str, type] = {"campaign": CampaignInfo, "petition": Petition, "delegation": Delegation}
COLLECTIONS: dict[str, type] = {
    "speakers": Speaker,
    "stops": TourStop,
    "readings": Reading,
    "members": Member,
    "letters": LetterTemplate,
    "targets": Target,
}
TABLES: dict[str, type] = {**SINGLETONS, **COLLECTIONS}
SEATS = "seats"  # a Conflict's path when a change would give a seat the delegation does not have
TABLE_OF: dict[type, str] = {cls: name for name, cls in TABLES.items()}

# Which dashboard area a table belongs to: undo in a pane undoes that area's changes, and a
# change made elsewhere repaints only the panes it touches.
AREA_OF_TABLE: dict[str, str] = {
    "campaign": "campaign",
    "speakers": "tour",
    "stops": "tour",
    "petition": "petition",
    "readings": "petition",
    "delegation": "roster",
    "members": "roster",
    "letters": "letter",
    "targets": "letter",
}
AREAS = ("tour", "petition", "roster", "letter", "campaign")


def author_name(explicit: str | None = None) -> str:
    """Who is making changes: --as, else $CAMPAIGN_DASH_AUTHOR, else user@host."""
    if explicit and explicit.strip():
        return explicit.strip()
    from_env = os.environ.get(ENV_AUTHOR, "").strip()
    if from_env:
        return from_env
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        user = "someone"
    return f"{user}@{socket.gethostname()}"


# --- operations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Add:
    """Add `record` (a record's JSON form, with its id) to `table`."""

    table: str
    record: dict[str, Any]

    @property
    def id(self) -> str:
        return self.record["id"]


@dataclass(frozen=True)
class Update:
    """Set fields of one record. `fields` maps a field path ("city", or "values.number" for a
    key inside a mapping field) to (the value the author saw, the new value)."""

    table: str
    id: str
    fields: dict[str, tuple[Any, Any]]


@dataclass(frozen=True)
class Delete:
    """Remove one record. With `seen` (the record as its author saw it), a record someone else
    changed since is a conflict, not silently removed with their edit."""

    table: str
    id: str
    seen: dict[str, Any] | None = None


Op = Add | Update | Delete


@dataclass(frozen=True)
class Change:
    summary: str  # what it does, in words: "added 35 signatures (paper sheets)"
    ops: tuple[Op, ...]
    area: str = ""
    author: str = ""
    at: str = ""  # ISO time, set when applied if blank
    id: str = field(default_factory=new_id)
    undoes: str = ""  # the id of the change this one undoes
    automatic: bool = False  # made by the app, not a person (a fetched count): not offered for undo
    over_capacity: bool = False  # gives seats past the delegation's capacity on purpose (asked, or an import)

    def __post_init__(self) -> None:
        if not self.area and self.ops:
            object.__setattr__(self, "area", AREA_OF_TABLE[self.ops[0].table])

    @property
    def areas(self) -> set[str]:
        return {AREA_OF_TABLE[op.table] for op in self.ops}

    def stamped(self, author: str, at: datetime) -> Change:
        return dataclasses.replace(self, author=self.author or author, at=self.at or at.isoformat(timespec="seconds"))

    def rebased(self, conflicts: Iterable[Conflict]) -> Change:
        """The same change, made again over what the others wrote: "keep mine" after a conflict."""
        theirs = {(c.table, c.id, c.path): c.theirs for c in conflicts}
        ops: list[Op] = []
        for op in self.ops:
            if isinstance(op, Update):
                fields = {p: (theirs.get((op.table, op.id, p), seen), new) for p, (seen, new) in op.fields.items()}
                ops.append(Update(op.table, op.id, fields))
            elif isinstance(op, Add) and (op.table, op.id, "") in theirs:
                ops.append(Update(op.table, op.id, _whole_record_fields(theirs[(op.table, op.id, "")], op.record)))
            elif isinstance(op, Delete) and (op.table, op.id, "") in theirs:
                ops.append(Delete(op.table, op.id, theirs[(op.table, op.id, "")]))
            else:
                ops.append(op)
        over = self.over_capacity or any(c.path == SEATS for c in conflicts)  # "keep mine": the seat anyway
        return dataclasses.replace(self, ops=tuple(ops), id=new_id(), at="", over_capacity=over)


def _whole_record_fields(theirs: dict[str, Any] | None, mine: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    theirs = theirs or {}
    return {k: (theirs.get(k), v) for k, v in mine.items() if k != "id" and theirs.get(k) != v}


# --- building changes from records -------------------------------------------------------------


def record_of(obj: Any) -> dict[str, Any]:
    """A model's stored form. A petition's readings are records of their own."""
    if isinstance(obj, Petition):
        return {f.name: to_record(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name != "readings"}
    return to_record(obj)


def table_of(obj: Any) -> str:
    return TABLE_OF[type(obj)]


def add_op(obj: Any) -> Add:
    return Add(table_of(obj), record_of(obj))


def delete_op(obj: Any) -> Delete:
    return Delete(table_of(obj), obj.id, record_of(obj))


def update_op(before: Any, after: Any) -> Update | None:
    """The fields that differ between two versions of one record (None if none do).

    Mapping fields (a letter's values, a target's tweets) are compared key by key, so two
    people filling different blanks of one letter both win.
    """
    if before.id != after.id or type(before) is not type(after):
        raise ValueError(_('an update compares two versions of the same record'))
    old, new = record_of(before), record_of(after)
    mapping_fields = _mapping_fields(type(after))
    fields: dict[str, tuple[Any, Any]] = {}
    for name, value in new.items():
        seen = old.get(name)
        if seen == value:
            continue
        if name in mapping_fields and isinstance(seen, dict) and isinstance(value, dict) and not any("." in k for k in (*seen, *value)):
            for key in sorted({*seen, *value}):
                if seen.get(key) != value.get(key):
                    fields[f"{name}.{key}"] = (seen.get(key), value.get(key))
        else:
            fields[name] = (seen, value)
    return Update(table_of(after), after.id, fields) if fields else None


def _mapping_fields(cls: type) -> set[str]:
    hints = typing.get_type_hints(cls)
    return {name for name, tp in hints.items() if typing.get_origin(tp) is dict}


def change(summary: str, ops: Iterable[Op | None], area: str = "", automatic: bool = False, over_capacity: bool = False) -> Change:
    """A change from the ops given (None entries, i.e. updates that change nothing, are left out)."""
    return Change(summary, tuple(op for op in ops if op is not None), area, automatic=automatic, over_capacity=over_capacity)


def import_change(summary: str, adds: Iterable[Any], updates: Iterable[tuple[Any, Any]], area: str = "", over_capacity: bool = False) -> Change:
    """Many records added or updated as one change (a CSV import): one log entry, one journal
    line and one fsync, and one undo takes the whole import back."""
    ops = [*(add_op(obj) for obj in adds), *(update_op(before, after) for before, after in updates)]
    return change(summary, ops, area, over_capacity=over_capacity)


# --- applying -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A field someone else changed since the author read it (path "" : the whole record)."""

    table: str
    id: str
    path: str
    label: str  # the record, in words ("Xavier Ruiz")
    seen: Any
    mine: Any
    theirs: Any
    by: str = ""  # who changed it, when the store knows

    @property
    def removed(self) -> bool:
        """The record is gone: there is nothing to write "mine" into."""
        return self.path == "" and self.theirs is None

    def sentence(self) -> str:
        who = " " + _("by {author}").format(author=self.by) if self.by else ""
        if self.path == SEATS:
            return (
                _('{label} is full: {seen:,} of its {theirs:,} seats are taken now, so this would make {mine:,} (the last seat went{who} since you read it)').format(label=self.label, seen=self.seen, theirs=self.theirs, mine=self.mine, who=who)
            )
        if self.removed:
            return _('{label} was removed{who} since you read it').format(label=self.label, who=who)
        if self.path == "" and self.mine is None:
            return _('{label} was changed{who} since you read it; removing it would lose that change').format(label=self.label, who=who)
        if self.path == "":
            return _('{label} was added{who} with other values').format(label=self.label, who=who)
        return (
            _('{label}: {path} was changed{who} to {theirs} since you read it (you wanted {mine}, it was {seen})').format(label=self.label, path=self.path, who=who, theirs=show_value(self.theirs), mine=show_value(self.mine), seen=show_value(self.seen))
        )


class ConflictError(Exception):
    """A change was refused whole because others changed what it changes."""

    def __init__(self, change: Change, conflicts: list[Conflict]) -> None:
        self.change = change
        self.conflicts = conflicts
        super().__init__("; ".join(c.sentence() for c in conflicts))


def show_value(value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, str):
        return repr(value)
    return str(value)


class Records(Protocol):
    """Where a change is applied: the file's tables, or the campaign in memory."""

    def get(self, table: str, record_id: str) -> dict[str, Any] | None: ...

    def put(self, table: str, record: dict[str, Any]) -> None: ...

    def remove(self, table: str, record_id: str) -> None: ...

    def rows(self, table: str) -> list[dict[str, Any]]: ...  # every record of a table (the seat check)


def record_label(table: str, record: dict[str, Any] | None, record_id: str) -> str:
    record = record or {}
    for key in ("name", "title", "city"):
        if isinstance(record.get(key), str) and record[key]:
            return str(record[key])
    if table == "readings":
        return _('a petition reading')
    return f"a {table} record"


def apply(records: Records, change: Change, *, force: bool = False) -> Change:
    """Apply `change` to `records`; return the change that undoes it.

    With `force` (the dashboard's own copy, which shows what it was told), values are set
    whatever they are now. Otherwise a field changed by someone else since it was read is a
    conflict and ConflictError is raised after every op was checked; `records` may then be
    half-changed, so callers apply to a copy they can throw away (the store does).
    """
    inverse: list[Op] = []
    conflicts: list[Conflict] = []
    seats_given = 0  # people this change moves into a seat (their status before -> a seat-holding one)
    for op in change.ops:
        if op.table not in TABLES:
            raise ValueError(_('no table {table!r}').format(table=op.table))
        current = records.get(op.table, op.id)
        if op.table == "members":
            seats_given += _takes_a_seat(op, current)
        if isinstance(op, Add):
            if current is None:
                records.put(op.table, dict(op.record))
                inverse.append(Delete(op.table, op.id, dict(op.record)))  # undoing keeps later edits
            elif current != op.record:
                if force:
                    records.put(op.table, dict(op.record))
                    inverse.append(Update(op.table, op.id, _whole_record_fields(op.record, current)))
                else:
                    conflicts.append(Conflict(op.table, op.id, "", record_label(op.table, current, op.id), None, op.record, current))
            # an identical record already there: a replayed change, nothing to do
        elif isinstance(op, Delete):
            if current is None:
                continue  # already gone
            if op.seen is not None and current != op.seen and not force:
                conflicts.append(Conflict(op.table, op.id, "", record_label(op.table, current, op.id), op.seen, None, current))
                continue
            records.remove(op.table, op.id)
            inverse.append(Add(op.table, current))
        else:
            if current is None:
                if not force:
                    label = record_label(op.table, None, op.id)
                    conflicts.append(Conflict(op.table, op.id, "", label, "", {p: new for p, (_old, new) in op.fields.items()}, None))
                continue
            updated, undo = _update_record(current, op, force, conflicts)
            if undo:
                records.put(op.table, updated)
                inverse.append(Update(op.table, op.id, undo))
    if seats_given and not force and not change.over_capacity:
        conflicts.extend(_seat_conflict(records, seats_given))
    if conflicts:
        raise ConflictError(change, conflicts)
    return Change(
        f"undo: {change.summary}" if not change.undoes else change.summary.removeprefix("undo: "),
        tuple(reversed(inverse)),
        change.area,
        undoes=change.id,
    )


def _takes_a_seat(op: Op, current: dict[str, Any] | None) -> int:
    """1 when `op` puts someone into a seat-holding status they are not in now."""
    was = (current or {}).get("status")
    if isinstance(op, Add):
        now = op.record.get("status") if current is None else None
    elif isinstance(op, Update) and "status" in op.fields and current is not None:
        now = op.fields["status"][1]
    else:
        return 0
    return int(now in SEAT_HOLDING and was not in SEAT_HOLDING)


def _seat_conflict(records: Records, given: int) -> list[Conflict]:
    """Seat capacity, checked where the status changes are applied (the store's transaction, or
    under the file's lock): seats given past the delegation's capacity are a conflict, so two
    organizers cannot both take the last seat. Asked-for overbooking says `over_capacity`."""
    delegation = next(iter(records.rows("delegation")), None)
    capacity = (delegation or {}).get("capacity")
    if not isinstance(capacity, int):
        return []
    count = getattr(records, "count_in", None)
    if callable(count):
        taken = int(count("members", "status", SEAT_HOLDING))
    else:
        taken = sum(1 for row in records.rows("members") if row.get("status") in SEAT_HOLDING)
    if taken <= capacity:
        return []
    label = str((delegation or {}).get("name") or _('the delegation'))
    return [Conflict("delegation", str((delegation or {}).get("id", "")), SEATS, label, taken - given, taken, capacity)]


def _update_record(
    current: dict[str, Any], op: Update, force: bool, conflicts: list[Conflict]
) -> tuple[dict[str, Any], dict[str, tuple[Any, Any]]]:
    updated = dict(current)
    undo: dict[str, tuple[Any, Any]] = {}
    for path, (seen, new) in op.fields.items():
        now = get_path(current, path)
        if now == new:
            continue
        if now != seen and not force:
            conflicts.append(Conflict(op.table, op.id, path, record_label(op.table, current, op.id), seen, new, now))
            continue
        updated = set_path(updated, path, new)
        undo[path] = (new, now)
    return updated, undo


def get_path(record: dict[str, Any], path: str) -> Any:
    head, _dot, rest = path.partition(".")
    value = record.get(head)
    if not rest:
        return value
    return value.get(rest) if isinstance(value, dict) else None


def set_path(record: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of `record` with `path` set (None removes a key inside a mapping)."""
    head, _dot, rest = path.partition(".")
    copy = dict(record)
    if not rest:
        copy[head] = value
        return copy
    inner = dict(copy.get(head) or {})
    if value is None:
        inner.pop(rest, None)
    else:
        inner[rest] = value
    copy[head] = inner
    return copy


# --- the campaign in memory as Records ---------------------------------------------------------


class CampaignRecords:
    """A Campaign seen as tables, so the dashboard can apply a change to what it shows.

    The first few records of a table are found by a scan of its ids (in C: ~2 ms and a list of
    0.8 MB at 100,000 people, where an index is ~10 ms and 5 MB, made again for every change);
    past SCANS, through an index of positions (built then, checked on every use and rebuilt
    when a removal moved them), so a change of many records (an import, its undo) costs in
    proportion to the records it changes, not to the campaign times them.
    """

    SCANS = 8

    _ATTRS = {"campaign": "info", "petition": "petition", "delegation": "delegation"}

    def __init__(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self._positions: dict[str, dict[str, int]] = {}
        self._scanned: dict[str, int] = {}  # table -> records found by a scan so far

    def _list(self, table: str) -> list[Any]:
        if table == "readings":
            return self.campaign.petition.readings
        return getattr(self.campaign, table)

    def _index(self, table: str, rebuild: bool = False) -> dict[str, int]:
        index = None if rebuild else self._positions.get(table)
        if index is None:
            index = {obj.id: i for i, obj in enumerate(self._list(table))}
            self._positions[table] = index
        return index

    def _find(self, table: str, record_id: str) -> tuple[int, Any] | tuple[None, None]:
        if table in SINGLETONS:
            obj = getattr(self.campaign, self._ATTRS[table])
            return (0, obj) if obj.id == record_id else (None, None)
        items = self._list(table)
        if table not in self._positions and self._scanned.get(table, 0) < self.SCANS:
            self._scanned[table] = self._scanned.get(table, 0) + 1
            try:
                i = list(map(attrgetter("id"), items)).index(record_id)
            except ValueError:
                return None, None
            return i, items[i]
        for rebuild in (False, True):
            i = self._index(table, rebuild).get(record_id)
            if i is not None and i < len(items) and items[i].id == record_id:
                return i, items[i]
            if i is None and not rebuild and len(self._positions[table]) == len(items):
                return None, None  # the index covers every record: not there
        return None, None

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        _index, obj = self._find(table, record_id)
        return None if obj is None else record_of(obj)

    def rows(self, table: str) -> list[dict[str, Any]]:
        if table in SINGLETONS:
            return [record_of(getattr(self.campaign, self._ATTRS[table]))]
        return [record_of(obj) for obj in self._list(table)]

    def put(self, table: str, record: dict[str, Any]) -> None:
        obj = from_record(TABLES[table], record, table)
        if table in SINGLETONS:
            if isinstance(obj, Petition):
                obj.readings = self.campaign.petition.readings
            setattr(self.campaign, self._ATTRS[table], obj)
            return
        index, _item = self._find(table, obj.id)
        items = self._list(table)
        if index is not None:
            items[index] = obj
        elif table == "readings":
            insert_reading(items, obj)
            self._positions.pop(table, None)
        else:
            items.append(obj)
            if table in self._positions:
                self._positions[table][obj.id] = len(items) - 1
        if table == "targets":  # listed in their chosen order, as the file is read
            items.sort(key=lambda t: t.position)
            self._positions.pop(table, None)

    def remove(self, table: str, record_id: str) -> None:
        if table in SINGLETONS:
            raise ValueError(_('the {table} record cannot be removed').format(table=table))
        index, _item = self._find(table, record_id)
        if index is not None:
            del self._list(table)[index]  # later positions are now one off: checked when used
            self._positions.get(table, {}).pop(record_id, None)


def insert_reading(readings: list[Reading], reading: Reading) -> None:
    """Keep readings in time order (a reading made elsewhere may be older than the newest here)."""
    i = len(readings)
    while i > 0 and readings[i - 1].at > reading.at:
        i -= 1
    readings.insert(i, reading)


def apply_to_campaign(campaign: Campaign, change: Change) -> Change:
    """Show `change` in `campaign` at once (the store decides later whether it holds)."""
    return apply(CampaignRecords(campaign), change, force=True)


# --- the log's JSON form ---------------------------------------------------------------------


def op_to_json(op: Op) -> dict[str, Any]:
    if isinstance(op, Add):
        return {"op": "add", "table": op.table, "record": op.record}
    if isinstance(op, Delete):
        data: dict[str, Any] = {"op": "delete", "table": op.table, "id": op.id}
        if op.seen is not None:
            data["seen"] = op.seen
        return data
    return {"op": "update", "table": op.table, "id": op.id, "fields": {k: [s, n] for k, (s, n) in op.fields.items()}}


def op_from_json(data: dict[str, Any]) -> Op:
    kind = data.get("op")
    if kind == "add":
        return Add(data["table"], dict(data["record"]))
    if kind == "delete":
        seen = data.get("seen")
        return Delete(data["table"], data["id"], dict(seen) if isinstance(seen, dict) else None)
    if kind == "update":
        return Update(data["table"], data["id"], {k: (v[0], v[1]) for k, v in data["fields"].items()})
    raise ValueError(_('unknown op {kind!r}').format(kind=kind))


@dataclass(frozen=True)
class LogEntry:
    """A change as the log keeps it: with the change that undoes it, and the file revision."""

    change: Change
    inverse: Change
    rev: int

    def to_json(self) -> dict[str, Any]:
        c = self.change
        return {
            "id": c.id,
            "rev": self.rev,
            "at": c.at,
            "author": c.author,
            "area": c.area,
            "summary": c.summary,
            "undoes": c.undoes,
            "automatic": c.automatic,
            **({"over_capacity": True} if c.over_capacity else {}),
            "ops": [op_to_json(op) for op in c.ops],
            "inverse": [op_to_json(op) for op in self.inverse.ops],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LogEntry:
        change = Change(
            str(data.get("summary", "")),
            tuple(op_from_json(op) for op in data.get("ops", [])),
            str(data.get("area", "")),
            str(data.get("author", "")),
            str(data.get("at", "")),
            str(data.get("id", "")) or new_id(),
            str(data.get("undoes", "")),
            bool(data.get("automatic", False)),
            bool(data.get("over_capacity", False)),
        )
        inverse = Change(
            f"undo: {change.summary}",
            tuple(op_from_json(op) for op in data.get("inverse", [])),
            change.area,
            undoes=change.id,
        )
        return cls(change, inverse, int(data.get("rev", 0)))

    def brief(self) -> str:
        return f"{self.change.author or _('someone')}: {self.change.summary}"


def in_force(entries: list[LogEntry]) -> set[str]:
    """Ids of the changes whose effect stands: not undone by a change that itself stands
    (an undo that was redone no longer undoes anything)."""
    standing: set[str] = set()
    undone: set[str] = set()
    for entry in reversed(entries):  # an undo is always newer than what it undoes
        if entry.change.id in undone:
            continue
        standing.add(entry.change.id)
        if entry.change.undoes:
            undone.add(entry.change.undoes)
    return standing


def still_undoable(entries: list[LogEntry]) -> list[LogEntry]:
    """The changes a person made whose effect stands, oldest first: original changes and redos,
    not undos (undoing walks back; it does not redo) and not fetched counts."""
    level: dict[str, int] = {}  # 0 a change, 1 its undo, 2 a redo...
    for entry in entries:
        target = entry.change.undoes
        level[entry.change.id] = 0 if not target else level.get(target, 0) + 1
    standing = in_force(entries)
    return [
        e for e in entries
        if e.change.id in standing and level[e.change.id] % 2 == 0 and not e.change.automatic
    ]


def undoable(entries: list[LogEntry]) -> LogEntry | None:
    """The newest change not yet undone."""
    found = still_undoable(entries)
    return found[-1] if found else None
