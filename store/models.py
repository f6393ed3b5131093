"""Dataclasses for everything a campaign holds, and their JSON form.

Every record carries a stable uuid `id`; TinyDB's own document ids are never relied on,
because they are cached per process and differ between files.
"""

from __future__ import annotations

import dataclasses
import types
import typing
import uuid

from .i18n import _
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from collections.abc import Callable
from typing import Any, TypeVar


def new_id() -> str:
    """A fresh stable id for a record."""
    return uuid.uuid4().hex


# Statuses a delegation member moves through, in order; "withdrawn" is reachable from any.
MEMBER_STATUSES: tuple[str, ...] = ("inquiry", "applied", "accepted", "confirmed", "paid")
WITHDRAWN = "withdrawn"
# Someone accepted when every seat was taken waits here, in the order they joined (Member.waitlisted).
WAITLIST = "waitlist"
ALL_MEMBER_STATUSES: tuple[str, ...] = ("inquiry", "applied", WAITLIST, "accepted", "confirmed", "paid", WITHDRAWN)
# The languages letters, tweets and (later) the interface come in; a campaign uses one or both.
LANGUAGES: tuple[str, ...] = ("es", "en")
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
    """One point in the petition's history. Readings are only ever added, never rewritten, so
    two organizers entering tallies at once both count; the count shown is derived from them
    (store.petition.running_totals):

    - a tally by hand has `added` (+35 paper sheets);
    - a reading from the platform has `remote`, the platform's own count (paper signatures
      it never saw are added on top);
    - a correction has `count`: the total is set to it (`=` in the petition pane);
    - an error reading has `error` and changes nothing.

    Files written before this rule may carry a `count` on tallies and platform readings too;
    `added` and `remote` take precedence, so they read the same.
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


@dataclass(slots=True)
class Member:
    name: str
    organization: str = ""
    role: str = "member"
    city: str = ""
    email: str = ""
    phone: str = ""
    status: str = "inquiry"
    notes: str = ""
    waitlisted: str = ""  # when they went on the waitlist (ISO time): the waitlist's order
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
    role: str = ""  # their title: "Minister of Labor"
    emails: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    send_as: str = "to"  # "to" or "cc"
    tweets: dict[str, str] = field(default_factory=dict)  # language -> tweet text (handles added)
    organization: str = ""
    position: int = 0  # the order targets are listed and addressed in (ties: as stored)
    id: str = field(default_factory=new_id)


@dataclass
class CampaignInfo:
    name: str
    summary: str = ""
    organization: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    # The languages the campaign writes in (letters, tweets), the first being its main one.
    languages: list[str] = field(default_factory=lambda: list(LANGUAGES))
    # The dashboard's own language for everyone who opens the campaign ("es", "en"; "" lets each
    # organizer's computer decide); --lang and $CAMPAIGN_DASH_LANG still win.
    interface_language: str = ""
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


Decoder = Callable[[Any, str], Any]


@cache
def _decoder(tp: Any) -> Decoder:
    """A function that checks and converts one stored value of type `tp` (built once per type)."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        decode_inner = _decoder(inner)
        return lambda value, where: None if value is None else decode_inner(value, where)
    if origin is list:
        decode_item = _decoder(typing.get_args(tp)[0])

        def decode_list(value: Any, where: str) -> list[Any]:
            if not isinstance(value, list):
                raise RecordError(f"{where}: expected a list")
            return [decode_item(v, f"{where}[{i}]") for i, v in enumerate(value)]

        return decode_list
    if origin is dict:
        decode_value = _decoder(typing.get_args(tp)[1])

        def decode_dict(value: Any, where: str) -> dict[str, Any]:
            if not isinstance(value, dict):
                raise RecordError(f"{where}: expected a mapping")
            return {str(k): decode_value(v, f"{where}.{k}") for k, v in value.items()}

        return decode_dict
    if tp in (date, datetime):
        parse = tp.fromisoformat

        def decode_date(value: Any, where: str) -> Any:
            try:
                return parse(value)
            except (TypeError, ValueError):
                raise RecordError(_('{where}: {value!r} is not a date').format(where=where, value=value)) from None

        return decode_date
    if dataclasses.is_dataclass(tp):
        return lambda value, where: from_record(tp, value, where)
    if tp is str:

        def decode_str(value: Any, where: str) -> str:
            if type(value) is not str:
                raise RecordError(_('{where}: {value!r} is not text').format(where=where, value=value))
            return value

        return decode_str
    if tp is int:

        def decode_int(value: Any, where: str) -> int:
            if type(value) is not int:
                raise RecordError(_('{where}: {value!r} is not a whole number').format(where=where, value=value))
            return value

        return decode_int
    if tp is float:

        def decode_float(value: Any, where: str) -> float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise RecordError(_('{where}: {value!r} is not a number').format(where=where, value=value))
            return float(value)

        return decode_float
    return lambda value, where: value


@cache
def _plan(cls: type) -> tuple[tuple[str, Decoder, bool], ...]:
    """(field name, decoder, required) for each field of a model."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (
            f.name,
            _decoder(hints[f.name]),
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
    )


def from_record(cls: type[T], data: Any, where: str = "") -> T:
    """Build a model from stored data, ignoring unknown keys (written by newer versions)."""
    where = where or cls.__name__
    if not isinstance(data, dict):
        raise RecordError(f"{where}: expected a mapping")
    kwargs: dict[str, Any] = {}
    for name, decode, required in _plan(cls):
        if name in data:
            kwargs[name] = decode(data[name], f"{where}.{name}")
        elif required:
            raise RecordError(f"{where}: missing {name!r}")
    return cls(**kwargs)
