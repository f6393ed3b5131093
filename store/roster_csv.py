"""Roster CSV: export that Excel opens with accents intact, and an import that previews.

Export: UTF-8 with a BOM, CRLF line ends, and cells that a spreadsheet would run as a formula
(starting with = + - @, tab or CR) prefixed with an apostrophe. Import: UTF-8 (with or without
BOM) or Windows-1252, the dialect sniffed by the csv module, headers matched case-insensitively
with common synonyms; it returns a plan (adds, updates matched on email, rejects with line
numbers and reasons) and changes nothing itself. A later row with the same email as an earlier
row of the file (any case) updates that person, its non-blank cells winning, and the plan says so
in `notes`: people keep a sign-up sheet by appending corrections. Cells go through the same
text rule as typing (store.text, via build_member).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from .changes import Change, import_change
from .i18n import _, ngettext
from .models import Member
from .roster import FIELDS, build_member
from .text import printable
from .validation import ValidationError

HEADERS = {
    "name": ("name", "full name", "nombre", "nombre completo", "participant", "delegate"),
    "organization": ("organization", "organisation", "org", "union", "local", "affiliation", "organización", "sindicato"),
    "role": ("role", "position", "title", "cargo", "rol"),
    "city": ("city", "town", "ciudad", "location"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "correo", "correo electrónico"),
    "phone": ("phone", "telephone", "phone number", "mobile", "cell", "tel", "teléfono", "telefono"),
    "status": ("status", "stage", "estado"),
    "notes": ("notes", "note", "comments", "comment", "notas"),
}
FIRST_NAME = ("first name", "first", "given name", "nombre de pila")
LAST_NAME = ("last name", "last", "surname", "family name", "apellido", "apellidos")
FORMULA = re.compile(r"^'*[=+\-@\t\r]")
NEUTRALIZED = re.compile(r"^'+[=+\-@\t\r]")


class CsvError(ValueError):
    """The file cannot be read as a roster at all (nothing was changed)."""


def neutralize(value: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (and keep round trips exact)."""
    return "'" + value if FORMULA.match(value) else value


def unneutralize(value: str) -> str:
    return value[1:] if NEUTRALIZED.match(value) else value


def export_csv(members: list[Member]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([name.capitalize() if name != "email" else "Email" for name in FIELDS])
    for member in members:
        writer.writerow([neutralize(getattr(member, name)) for name in FIELDS])
    return out.getvalue().encode("utf-8-sig")


@dataclass
class ImportPlan:
    adds: list[Member] = field(default_factory=list)
    updates: list[tuple[Member, Member]] = field(default_factory=list)  # (before, after)
    unchanged: int = 0
    rejects: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, what it did), e.g. merges
    encoding: str = "utf-8"
    columns: dict[str, str] = field(default_factory=dict)  # our field -> the file's header

    @property
    def changes(self) -> list[Member]:
        return self.adds + [after for _before, after in self.updates]

    def change(self, source: str) -> Change:
        """The import as one change, so one `u` undoes it and the log names the file."""
        # the file says who is seated: an import past the delegation's capacity is not a conflict
        return import_change(f"imported {source}: {self.summary()}", self.adds, self.updates, area="roster", over_capacity=True)

    def summary(self) -> str:
        text = (
            _('{adds} to add, {updates} to update, {unchanged} unchanged, {rejects} rejected').format(adds=len(self.adds), updates=len(self.updates), unchanged=self.unchanged, rejects=len(self.rejects))
        )
        if self.notes:
            text += ", " + ngettext("{n} line merged into an earlier one", "{n} lines merged into an earlier one", len(self.notes)).format(n=len(self.notes))
        return text


def decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as error:
        raise CsvError(_('it is neither UTF-8 nor Windows-1252 text (byte {start})').format(start=error.start)) from None


DELIMITERS = ",;\t|"


def sniff_delimiter(sample: str) -> str:
    """Comma, semicolon (European Excel), tab or pipe. Only the delimiter is sniffed: the csv
    module's guesses about quoting are unreliable, and every spreadsheet quotes the Excel way.
    The header row decides first (the delimiter that splits it into the most column names we
    know): the csv module's guess alone can be misled by the rows, e.g. a tab in someone's notes."""
    try:
        guess = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        guess = ","
    known = {}
    for delimiter in dict.fromkeys(guess + DELIMITERS):  # the guess first: it wins a tie
        try:
            header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), [])
        except csv.Error:
            continue
        columns, first, last = _map_headers(header)
        known[delimiter] = len(columns) + (first is not None) + (last is not None)
    best = max(known, key=lambda d: known[d], default=guess)
    return best if known.get(best) else guess


def _map_headers(header: list[str]) -> tuple[dict[str, int], int | None, int | None]:
    normalized = [h.strip().strip("\ufeff").casefold() for h in header]
    columns: dict[str, int] = {}
    for name, synonyms in HEADERS.items():
        for index, text in enumerate(normalized):
            if text in synonyms and name not in columns:
                columns[name] = index
    first = next((i for i, t in enumerate(normalized) if t in FIRST_NAME), None)
    last = next((i for i, t in enumerate(normalized) if t in LAST_NAME), None)
    return columns, first, last


def read_csv(data: bytes, members: list[Member]) -> ImportPlan:
    """Plan an import of `data` against the current roster; raises CsvError if unreadable."""
    if not data.strip():
        raise CsvError(_('the file is empty'))
    if b"\x00" in data[:4096]:
        raise CsvError(_('it is a binary file, not CSV (a spreadsheet must be saved as CSV first)'))
    text, encoding = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text[:8192]))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise CsvError(_('no header row could be read ({error})').format(error=error)) from None
    columns, first, last = _map_headers(header)
    if "name" not in columns and first is None and "email" not in columns:
        found = ", ".join(repr(printable(h)) for h in header if h.strip()) or "none"
        raise CsvError(
            _("no column for the name or the email (looked for 'Name', 'First name', 'Email'...; found {found})").format(found=found)
        )
    # Header texts are only shown, never stored: shown safe.
    plan = ImportPlan(encoding=encoding, columns={k: printable(header[i], keep_newlines=False) for k, i in columns.items()})
    by_email = {m.email.casefold(): m for m in members if m.email}
    entries: list[tuple[Member, Member | None]] = []  # (member after the file, as stored before)
    in_file: dict[str, tuple[int, int]] = {}  # email -> (index in entries, line that added it)
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            cell = lambda i: unneutralize(row[i]) if i is not None and i < len(row) else ""  # noqa: E731
            values = {name: cell(index) for name, index in columns.items()}
            if "name" not in columns or not values["name"].strip():
                values["name"] = " ".join(part for part in (cell(first), cell(last)) if part.strip())
            if not values["name"].strip():
                del values["name"]  # an update by email keeps the stored name; a new row is refused
            email = values.get("email", "").strip().casefold()
            earlier = in_file.get(email) if email else None
            stored = entries[earlier[0]][1] if earlier else (by_email.get(email) if email else None)
            base = entries[earlier[0]][0] if earlier else stored
            if base is not None:  # keep what this row leaves blank
                values = {k: v for k, v in values.items() if v.strip()}
                values = {**{f: getattr(base, f) for f in FIELDS}, **values}
            try:
                member = build_member(values, base, allow_duplicate_email=True)
            except ValidationError as error:
                plan.rejects.append((line, "; ".join(f"{k}: {v}" for k, v in error.errors.items())))
                continue
            if earlier is not None:
                entries[earlier[0]] = (member, stored)
                plan.notes.append((line, _('line {line} updates line {value} (same email)').format(line=line, value=earlier[1])))
                continue
            if email:
                in_file[email] = (len(entries), line)
            entries.append((member, stored))
    except csv.Error as error:
        raise CsvError(_('line {line_num} cannot be read as CSV ({printable})').format(line_num=reader.line_num, printable=printable(str(error)))) from None
    for member, stored in entries:
        if stored is None:
            plan.adds.append(member)
        elif member != stored:
            plan.updates.append((stored, member))
        else:
            plan.unchanged += 1
    return plan


def apply_plan(members: list[Member], plan: ImportPlan) -> list[Member]:
    """The roster after the import (a new list; updates keep their place)."""
    updated = {after.id: after for _before, after in plan.updates}
    return [updated.get(m.id, m) for m in members] + list(plan.adds)


__all__ = ["CsvError", "ImportPlan", "apply_plan", "export_csv", "read_csv"]
