"""Dataclasses for everything a campaign holds, and their JSON form.

Every record carries a stable uuid `id`; TinyDB's own document ids are never relied on,
because they are cached per process and differ between files.
"""

from __future__ import annotations

import dataclasses
import types
import typing
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar


def new_id() -> str:
    """A fresh stable id for a record."""
    return uuid.uuid4().hex


# Statuses a delegation member moves through, in order; "withdrawn" is reachable from any.
MEMBER_STATUSES: tuple[str, ...] = ("inquiry", "applied", "accepted", "confirmed", "paid")
WITHDRAWN = "withdrawn"
ALL_MEMBER_STATUSES: tuple[str, ...] = (*MEMBER_STATUSES, WITHDRAWN)
MEMBER_ROLES: tuple[str, ...] = ("member", "officer", "staff", "ally")


@dataclass
class Speaker:
    name: str
    organization: str = ""
    role: str = ""
    region: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class TourStop:
    speaker_id: str
    city: str
    start: date
    end: date
    venue: str = ""
    notes: str = ""
    uid: str = ""  # the iCalendar UID it was imported with, so re-imports update it
    id: str = field(default_factory=new_id)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class Milestone:
    count: int
    label: str


@dataclass
class Reading:
    """One point in the petition's history: the total count (or an error) at a time, from a source.

    `added` is set on a manual tally ("+35 paper sheets"); `remote` on a feed reading is what the
    platform itself reported (the total is that plus the manual tallies).
    """

    at: datetime
    count: int | None
    source: str = "manual"
    note: str = ""
    error: str = ""
    added: int | None = None
    remote: int | None = None
    id: str = field(default_factory=new_id)


@dataclass
class FeedSource:
    """Where the live count comes from. The API key is never stored: it is read from the
    environment (ACTION_NETWORK_API_KEY) at each fetch."""

    kind: str  # "action_network" or "json"
    url: str
    path: str = ""  # dotted path to the count in a JSON answer
    interval_s: int = 300
    max_drop_share: float = 0.1


@dataclass
class Petition:
    title: str
    goal: int
    deadline: date | None = None
    url: str = ""
    milestones: list[Milestone] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)
    source: FeedSource | None = None
    id: str = field(default_factory=new_id)


@dataclass
class Delegation:
    name: str
    start: date | None = None
    end: date | None = None
    capacity: int | None = None
    destination: str = ""
    invited: str = ""
    activities: list[str] = field(default_factory=list)
    id: str = field(default_factory=new_id)


@dataclass
class Member:
    name: str
    organization: str = ""
    role: str = "member"
    city: str = ""
    email: str = ""
    phone: str = ""
    status: str = "inquiry"
    notes: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Placeholder:
    """A named blank in a letter, with how to show it unfilled in each language."""

    key: str
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.key


@dataclass
class LetterTemplate:
    name: str
    bodies: dict[str, str] = field(default_factory=dict)
    placeholders: list[Placeholder] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    subject: dict[str, str] = field(default_factory=dict)
    id: str = field(default_factory=new_id)

    @property
    def languages(self) -> list[str]:
        return list(self.bodies)


@dataclass
class Target:
    """Someone the letter and tweets are aimed at."""

    name: str
    role: str = ""
    emails: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    send_as: str = "to"  # "to" or "cc"
    id: str = field(default_factory=new_id)


@dataclass
class CampaignInfo:
    name: str
    summary: str = ""
    organization: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Campaign:
    """Everything the dashboard shows, loaded in one piece."""

    info: CampaignInfo
    petition: Petition
    delegation: Delegation
    speakers: list[Speaker] = field(default_factory=list)
    stops: list[TourStop] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    letters: list[LetterTemplate] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def speaker(self, speaker_id: str) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)


def upsert_by_id(records: list[Any], record: Any) -> None:
    """Replace the record with the same id in place, or append it."""
    for i, existing in enumerate(records):
        if existing.id == record.id:
            records[i] = record
            return
    records.append(record)


# --- JSON form -------------------------------------------------------------------------

T = TypeVar("T")


class RecordError(ValueError):
    """A stored record does not have the shape its model needs."""


def to_record(obj: Any) -> Any:
    """Turn a model (or a value inside one) into plain JSON-ready data."""
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_record(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list):
        return [to_record(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_record(v) for k, v in obj.items()}
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _decode(inner, value, where)
    if origin is list:
        if not isinstance(value, list):
            raise RecordError(f"{where}: expected a list")
        (inner,) = typing.get_args(tp)
        return [_decode(inner, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise RecordError(f"{where}: expected a mapping")
        _, inner = typing.get_args(tp)
        return {str(k): _decode(inner, v, f"{where}.{k}") for k, v in value.items()}
    try:
        if tp is datetime:
            return datetime.fromisoformat(value)
        if tp is date:
            return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RecordError(f"{where}: {value!r} is not a date") from None
    if dataclasses.is_dataclass(tp):
        return from_record(tp, value, where)
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise RecordError(f"{where}: {value!r} is not a number")
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise RecordError(f"{where}: {value!r} is not a whole number")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise RecordError(f"{where}: {value!r} is not text")
        return value
    return value


def from_record(cls: type[T], data: Any, where: str = "") -> T:
    """Build a model from stored data, ignoring unknown keys (written by newer versions)."""
    where = where or cls.__name__
    if not isinstance(data, dict):
        raise RecordError(f"{where}: expected a mapping")
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _decode(hints[f.name], data[f.name], f"{where}.{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise RecordError(f"{where}: missing {f.name!r}")
    return cls(**kwargs)
