"""Roster rules: statuses and seats, search and sort, and validation of a member.

Search is case- and accent-insensitive ("mendez" finds "Méndez"): each member's fields are
folded once into a search key, so filtering 10,000 members is a substring test per member.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from itertools import compress, repeat
from operator import attrgetter, contains
from typing import NamedTuple, overload

from .i18n import N_, _, language, ngettext, number
from .models import ALL_MEMBER_STATUSES, MEMBER_ROLES, MEMBER_STATUSES, WAITLIST, WITHDRAWN, Delegation, Member
from .text import SINGLE_LINE, check_fields, printable
from .validation import ValidationError

# Statuses that hold a seat on the delegation.
SEAT_HOLDING = ("accepted", "confirmed", "paid")
FIELDS = ("name", "organization", "role", "city", "email", "phone", "status", "notes")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PHONE = re.compile(r"^[0-9+()\-./ ]*(?:\s*(?:ext\.?|x)\s*[0-9]+)?$", re.IGNORECASE)
# What a one-line field refuses (store.text's rule); kept under its old name for old callers.
CONTROL = SINGLE_LINE
MULTILINE_FIELDS = ("notes",)


# Each status as people read it (the stored value stays the English word).
STATUS_WORDS = {
    "inquiry": N_("inquiry"),
    "applied": N_("applied"),
    "accepted": N_("accepted"),
    "confirmed": N_("confirmed"),
    "paid": N_("paid"),
    "waitlist": N_("waitlist"),
    "withdrawn": N_("withdrawn"),
}


ROLE_WORDS = {"member": N_("member"), "officer": N_("officer"), "staff": N_("staff"), "ally": N_("ally")}


def role_word(role: str) -> str:
    """A role in the interface's language (as stored when it is not one of ours)."""
    return _(ROLE_WORDS[role]) if role in ROLE_WORDS else role


def email_holder(members: list[Member], email: str, existing: Member | None = None) -> Member | None:
    """Another member who has `email` already (case ignored), or None."""
    wanted = email.strip().casefold()
    return next((m for m in members if wanted and m.email.casefold() == wanted and (existing is None or m.id != existing.id)), None)


def status_word(status: str) -> str:
    """A status in the interface's language (one written by a newer version: as stored)."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def status_count(status: str, n: int) -> str:
    """"3 confirmed": a count of one status, the status agreeing with the count ("3 confirmadas")."""
    forms = {
        "inquiry": ngettext("{n} inquiry", "{n} inquiries", n),
        "applied": ngettext("{n} applied", "{n} applied", n),
        "accepted": ngettext("{n} accepted", "{n} accepted", n),
        "confirmed": ngettext("{n} confirmed", "{n} confirmed", n),
        "paid": ngettext("{n} paid", "{n} paid", n),
        "waitlist": ngettext("{n} waitlist", "{n} waitlist", n),
        "withdrawn": ngettext("{n} withdrawn", "{n} withdrawn", n),
    }
    return forms.get(status, "{n} " + status).format(n=number(n))


def counts_by_status(members: list[Member]) -> dict[str, int]:
    counts = Counter(m.status for m in members)
    ordered = {status: counts.get(status, 0) for status in ALL_MEMBER_STATUSES}
    for status, count in counts.items():  # keep any status written by a newer version
        ordered.setdefault(status, count)
    return ordered


def seats_taken(members: list[Member]) -> int:
    return sum(1 for m in members if m.status in SEAT_HOLDING)


def seats_left(delegation: Delegation, members: list[Member]) -> int | None:
    """Seats still free, or None when the delegation has no capacity set."""
    if delegation.capacity is None:
        return None
    return delegation.capacity - seats_taken(members)


def seats_words(delegation: Delegation, members: list[Member]) -> str:
    left = seats_left(delegation, members)
    taken = seats_taken(members)
    waiting = waitlist(members)
    queue = _("; {n} on the waitlist (first: {name})").format(n=number(len(waiting)), name=printable(waiting[0].name)) if waiting else ""
    capacity = delegation.capacity or 0
    if left is None:
        return ngettext("{n} seat taken, no capacity set", "{n} seats taken, no capacity set", taken).format(n=number(taken)) + queue
    if left < 0:
        return _("{taken} of {capacity} seats taken: over capacity by {over}").format(
            taken=number(taken), capacity=number(capacity), over=number(-left)) + queue
    if left == 0:
        if capacity == 1:
            return _("full: its one seat is taken") + queue
        return _("full: all {capacity} seats taken").format(capacity=number(capacity)) + queue
    return _("{left} of {capacity} seats left").format(left=number(left), capacity=number(capacity)) + queue


def waitlist(members: list[Member]) -> list[Member]:
    """Who is waiting for a seat, first come first served (then by name, for old entries)."""
    return sorted((m for m in members if m.status == WAITLIST), key=lambda m: (m.waitlisted or "~", m.name.casefold()))


def needs_a_seat(delegation: Delegation, members: list[Member], member: Member, status: str) -> bool:
    """True when moving `member` to `status` would take a seat the delegation no longer has:
    the organizer is asked (waitlist, or accept anyway) instead of overbooking silently."""
    if status not in SEAT_HOLDING or member.status in SEAT_HOLDING:
        return False
    left = seats_left(delegation, members)
    return left is not None and left <= 0


def with_status(member: Member, status: str, now: str) -> Member:
    """The member at `status`; joining the waitlist stamps the time (the waitlist's order),
    leaving it clears the stamp."""
    waitlisted = (member.waitlisted or now) if status == WAITLIST else ""
    return replace(member, status=status, waitlisted=waitlisted)


# --- statuses ---------------------------------------------------------------------------------


def next_status(status: str) -> str:
    """One step along inquiry -> applied -> accepted -> confirmed -> paid (withdrawn -> inquiry;
    the waitlist -> accepted)."""
    if status == WAITLIST:
        return "accepted"
    if status not in MEMBER_STATUSES:
        return MEMBER_STATUSES[0]
    index = MEMBER_STATUSES.index(status)
    return MEMBER_STATUSES[min(index + 1, len(MEMBER_STATUSES) - 1)]


def previous_status(status: str) -> str:
    if status == WAITLIST:
        return "applied"
    if status not in MEMBER_STATUSES:
        return MEMBER_STATUSES[0]
    return MEMBER_STATUSES[max(MEMBER_STATUSES.index(status) - 1, 0)]


def toggle_withdrawn(status: str) -> str:
    return MEMBER_STATUSES[0] if status == WITHDRAWN else WITHDRAWN


# --- search and sort --------------------------------------------------------------------------


# Letters Unicode does not decompose into a base letter and an accent, which people type
# without their stroke or as two letters all the same: Łódź as lodz, Søren as soren, Æbelø.
_UNDECOMPOSED = {"ß": "ss", "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th",
                 "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "Ł": "L", "ł": "l", "Œ": "OE", "œ": "oe"}  # fmt: skip


def _latin_table() -> dict[int, str]:
    """Accented Latin letters -> their base letters, built once (é -> e, Ñ -> N, ß -> ss)."""
    table = {}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if base and base.isascii() and base != chr(code):
            table[code] = base
    table.update((ord(letter), base) for letter, base in _UNDECOMPOSED.items())
    return table


_LATIN = _latin_table()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _latin1_bytes() -> bytes:
    """The one-letter part of _LATIN for Latin-1 (U+00C0-U+00FF) as a bytes.translate table:
    é -> e in one C pass over a whole block."""
    table = bytearray(range(256))
    for code, base in _LATIN.items():
        if code < 256 and len(base) == 1:
            table[code] = ord(base)
    return bytes(table)


_LATIN1 = _latin1_bytes()
# ... and its letters of two base letters (ß -> ss), replaced before the table
_LATIN1_LONG = [(bytes([code]), base.encode()) for code, base in _LATIN.items() if code < 256 and len(base) > 1]


def _latin_plain(text: str) -> str:
    """`text` with each accented Latin letter replaced by its base letters. Latin-1 text (most
    names: José, Müller, Françoise) goes through a byte table in C; other text takes one
    str.replace per distinct letter (a regex finding them took ~5x as long on a block)."""
    if text.isascii():
        return text
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        for letter in set(_NON_ASCII.findall(text)):
            base = _LATIN.get(ord(letter))
            if base is not None:
                text = text.replace(letter, base)
        return text
    for letter, base in _LATIN1_LONG:
        if letter in raw:
            raw = raw.replace(letter, base)
    return raw.translate(_LATIN1).decode("latin-1")


def fold(text: str) -> str:
    """Lower case without accents: 'Méndez' -> 'mendez'. Latin text takes a quick path
    (only its accented letters are looked up); anything else goes through NFKD too.
    Łódź -> lodz, Søren -> soren: letters with a stroke lose it, as people type them."""
    if text.isascii():
        return text.lower()
    quick = _latin_plain(text).lower()
    if quick.isascii():
        return quick
    decomposed = unicodedata.normalize("NFKD", quick.casefold())  # other scripts (their Latin letters as above)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


FOLD_BLOCK = 1000  # texts folded in one piece by fold_many
_BLOCK_SEPARATOR = "\x1e"


def fold_many(texts: list[str]) -> list[str]:
    """fold() of each text, the same strings, made a block at a time: a block joined is folded
    by one lower() (and one pass for accents) instead of a call per text, ~2x quicker at
    100,000 people. A block the quick path does not make plain ASCII (other scripts), or whose
    texts hold the separator, is folded text by text."""
    folded: list[str] = []
    for start in range(0, len(texts), FOLD_BLOCK):
        block = texts[start : start + FOLD_BLOCK]
        quick = _latin_plain(_BLOCK_SEPARATOR.join(block)).lower()
        parts = quick.split(_BLOCK_SEPARATOR) if quick.isascii() else []
        folded.extend(parts if len(parts) == len(block) else [fold(text) for text in block])
    return folded


_member_fields = attrgetter(*FIELDS)


def search_keys(members: list[Member]) -> list[str]:
    """search_key() of each member, folded a block at a time (fold_many; the unfolded texts of
    one block at a time only: at 100,000 people all of them would take ~15 MB more)."""
    words: dict[tuple[str, str], str] = {}  # in Spanish, the status and role as shown, made once each
    english = language() == "en"
    keys: list[str] = []
    for start in range(0, len(members), FOLD_BLOCK):
        texts = list(map("\x1f".join, map(_member_fields, members[start : start + FOLD_BLOCK])))  # in C
        if not english:
            for i, m in enumerate(members[start : start + FOLD_BLOCK]):
                shown = words.get((m.status, m.role))
                if shown is None:
                    shown = words[m.status, m.role] = f"\x1f{status_word(m.status)}\x1f{role_word(m.role)}"
                texts[i] += shown
        keys.extend(fold_many(texts))
    return keys


def search_key(member: Member) -> str:
    """What the filter looks in: every field, and in Spanish the status and role as shown."""
    key = "\x1f".join(getattr(member, f) for f in FIELDS)
    if language() != "en":
        key += f"\x1f{status_word(member.status)}\x1f{role_word(member.role)}"
    return fold(key)


def matches(key: str, query: str) -> bool:
    """Every word of the query appears somewhere in the member's fields."""
    return all(word in key for word in fold(query).split())


def matching(keys: list[str], words: list[str], positions: array | None = None) -> tuple[array | None, list[str]]:
    """Where the keys holding every (folded) word are, and those keys: `positions` (None: all
    of them) and `keys` are an earlier match's, to narrow it as a query grows. One `in` per key,
    looped in C; nothing is copied while a word is in every key (a first letter often is).

    The positions are an array of numbers, not a list of the members: Python's collector walks
    every new list it tracks, member by member, in its young collections (at 100,000 people a
    filter key's 50,000 members cost two of them ~8 ms each), and never an array of numbers."""
    for word in words:
        mask = list(map(contains, keys, repeat(word)))
        if not all(mask):
            positions = array("i", compress(range(len(mask)) if positions is None else positions, mask))
            keys = list(compress(keys, mask))
    return positions, keys


class Picked(Sequence[Member]):
    """The rows of `rows` at `positions` (a filter's match), as a read-only sequence."""

    __slots__ = ("rows", "positions")

    def __init__(self, rows: Sequence[Member], positions: array) -> None:
        self.rows, self.positions = rows, positions

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, index: int) -> Member: ...
    @overload
    def __getitem__(self, index: slice) -> list[Member]: ...
    def __getitem__(self, index: int | slice) -> Member | list[Member]:
        if isinstance(index, slice):
            return list(map(self.rows.__getitem__, self.positions[index]))
        return self.rows[self.positions[index]]

    def __iter__(self) -> Iterator[Member]:
        return map(self.rows.__getitem__, self.positions)


SORT_COLUMNS = ("name", "organization", "city", "status", "email")


def sort_key(member: Member, column: str) -> tuple:  # type: ignore[type-arg]
    if column == "status":
        order = ALL_MEMBER_STATUSES.index(member.status) if member.status in ALL_MEMBER_STATUSES else 99
        # the waitlist in the order people joined it, as `waitlist()` lists it
        return (order, (member.waitlisted or "~") if member.status == WAITLIST else "", fold(member.name))
    name = fold(member.name)
    return (name if column == "name" else fold(getattr(member, column)), name)  # one string twice, not two


def sort_members(members: list[Member], column: str) -> list[Member]:
    """`sorted(members, key=lambda m: sort_key(m, column))`, the same order (ties keep theirs),
    with the texts folded a block at a time (fold_many) rather than per member and sorted as
    strings, not pairs: ~2x quicker at 100,000 people (a big roster is sorted as it is read).
    By name then, stably, by the column: the order of sort_key's pair (column, name)."""
    if column == "status":  # a key press away: sort_key keeps the rule in one place
        return sorted(members, key=lambda m: sort_key(m, column))
    names = fold_many(list(map(attrgetter("name"), members)))
    order = sorted(range(len(members)), key=names.__getitem__)
    if column != "name":
        values = fold_many(list(map(attrgetter(column), members)))
        order.sort(key=values.__getitem__)
    return list(map(members.__getitem__, order))


class SortedRoster(NamedTuple):
    """A roster as read, sorted by one column and with every member's search key: made in one
    go off the UI thread (a big roster's read), so that neither its first show sorts nor its
    first filter key folds."""

    members: list[Member]  # as read: the very objects, in the file's order
    column: str  # the column `ascending` is sorted by
    ascending: list[Member]  # `members` by `column`, ascending
    keys: list[str]  # search_key() of each of `ascending`, in its order
    keys_by_id: dict[str, str]  # the same keys by member id


def sorted_roster(members: list[Member], column: str) -> SortedRoster:
    """`members` sorted by `column`, and their search keys folded in that order. Folded in the
    order the filter reads them, the keys lie in memory in that order too: a filter key's scan
    of 100,000 of them took ~4 ms, against ~20 ms for keys folded in the file's order."""
    ascending = sort_members(members, column)
    keys = search_keys(ascending)
    return SortedRoster(list(members), column, ascending, keys, dict(zip(map(attrgetter("id"), ascending), keys)))


# --- validation -------------------------------------------------------------------------------


def build_member(
    fields: dict[str, str],
    existing: Member | None = None,
    members: list[Member] | None = None,
    allow_duplicate_email: bool = False,
) -> Member:
    """A member from typed values, or ValidationError naming each bad field.

    A duplicate email (another member has it) is an error unless `allow_duplicate_email`.
    Control characters and bidi overrides are refused (store.text); only notes may hold line breaks.
    """
    values = {name: fields.get(name, "") for name in FIELDS}
    for name in ("name", "organization", "role", "city", "email", "phone", "status"):
        values[name] = values[name].strip()
    errors = check_fields(values, multiline=MULTILINE_FIELDS)
    if not values["name"] and "name" not in errors:
        errors["name"] = _("a name is needed")
    email = values["email"]
    if email and "email" not in errors and not EMAIL.match(email):
        errors["email"] = _("{email!r} does not look like an email address (name@example.org)").format(email=email)
    if values["phone"] and "phone" not in errors and not PHONE.match(values["phone"]):
        errors["phone"] = _("a phone number has digits, spaces and + - ( ) . / only (ext. 205 is fine)")
    role = values["role"].casefold() or "member"
    if role not in MEMBER_ROLES and "role" not in errors:
        errors["role"] = _("{value!r} is not a role: {roles}").format(value=values["role"], roles=", ".join(MEMBER_ROLES))
    status = values["status"].casefold() or (existing.status if existing else "inquiry")
    if status not in ALL_MEMBER_STATUSES and "status" not in errors:
        errors["status"] = _("{value!r} is not a status: {statuses}").format(value=values["status"], statuses=", ".join(ALL_MEMBER_STATUSES))
    if email and "email" not in errors and not allow_duplicate_email and members:
        other = email_holder(members, email, existing)
        if other is not None:
            errors["email"] = _("{name} already has this email; save again to keep both").format(name=printable(other.name))
    if errors:
        raise ValidationError(errors)
    values["role"], values["status"] = role, status
    member = replace(existing, **values) if existing else Member(**values)
    # Microseconds: two people put on the waitlist within one second keep the order they came in.
    return with_status(member, status, datetime.now().isoformat(timespec="microseconds"))
