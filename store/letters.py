"""Letter rules: fill a template's named placeholders safely, and list its recipients.

Placeholders are `{name}`; `{{` and `}}` write a literal brace. Filling is a plain text
substitution (no `str.format`), so a value or a template can never reach attributes or code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from datetime import date

from .models import LetterTemplate, Placeholder, Target
from .validation import ValidationError

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
_ANY_BRACE = re.compile(r"\{\{|\}\}|\{[^{}]*\}|[{}]")
MONTHS = {
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
}


def date_words(day: date, lang: str) -> str:
    """'6 de febrero de 2013' or 'February 6, 2013'."""
    if lang == "es":
        return f"{day.day} de {MONTHS['es'][day.month - 1]} de {day.year}"
    return f"{MONTHS['en'][day.month - 1]} {day.day}, {day.year}"


def values_with_date(template: LetterTemplate, lang: str, today: date, values: dict[str, str] | None = None) -> dict[str, str]:
    """The values to fill with; a blank `date` becomes today's date in the letter's language."""
    result = dict(template.values if values is None else values)
    if not result.get("date", "").strip():
        result["date"] = date_words(today, lang)
    return result


@dataclass(frozen=True)
class Segment:
    """A run of the filled letter: plain text, a filled value, or an unfilled placeholder."""

    text: str
    kind: str = "text"  # "text", "value" or "unfilled"
    key: str = ""


@dataclass
class FilledLetter:
    segments: list[Segment]
    unfilled: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


def placeholders_in(body: str) -> list[str]:
    """Placeholder names in order of first use."""
    seen: dict[str, None] = {}
    for match in _TOKEN.finditer(body):
        if match.group(1):
            seen.setdefault(match.group(1), None)
    return list(seen)


def fill(template: LetterTemplate, lang: str, values: dict[str, str] | None = None) -> FilledLetter:
    """The letter in `lang` with `values` (default: the template's remembered ones) put in.

    A blank value counts as unfilled and shows as `[label]`, the way the seed letter marks blanks.
    """
    values = template.values if values is None else values
    body = template.bodies.get(lang, "")
    known = {p.key: p for p in template.placeholders}
    segments: list[Segment] = []
    unfilled: dict[str, None] = {}
    unknown: dict[str, None] = {}
    position = 0
    for match in _TOKEN.finditer(body):
        if match.start() > position:
            segments.append(Segment(body[position : match.start()]))
        token, key = match.group(0), match.group(1)
        if key is None:
            segments.append(Segment(token[0]))
        elif values.get(key, "").strip():
            segments.append(Segment(values[key], "value", key))
        else:
            if key not in known:
                unknown.setdefault(key, None)
            unfilled.setdefault(key, None)
            label = known[key].label(lang) if key in known else key
            segments.append(Segment(f"[{label}]", "unfilled", key))
        position = match.end()
    if position < len(body):
        segments.append(Segment(body[position:]))
    return FilledLetter(segments, list(unfilled), list(unknown))


def validate_body(body: str) -> list[str]:
    """Problems that would make a body fill wrongly, in words ([] when it is fine)."""
    problems = []
    for number, line in enumerate(body.splitlines(), start=1):
        for match in _ANY_BRACE.finditer(line):
            token = match.group(0)
            if token in ("{{", "}}") or _TOKEN.fullmatch(token):
                continue
            if token in ("{", "}"):
                problems.append(f"line {number}: a lone {token!r}; write {token * 2} for a literal brace")
            else:
                problems.append(
                    f"line {number}: {token} is not a placeholder (letters, digits and _ only, e.g. {{union}});"
                    " write {{ and }} for literal braces"
                )
    return problems


def with_body(template: LetterTemplate, name: str, lang: str, body: str) -> LetterTemplate:
    """The template with this name and body for `lang`, its placeholders brought up to date.

    Raises ValidationError naming what is wrong (empty name or language, braces that do not fill).
    """
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "the template needs a name"
    if not re.fullmatch(r"[a-z]{2,3}", lang.strip()):
        errors["lang"] = "a language code such as es or en"
    problems = validate_body(body)
    if problems:
        errors["body"] = "; ".join(problems[:3]) + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")
    elif not body.strip():
        errors["body"] = "the letter is empty"
    if errors:
        raise ValidationError(errors)
    bodies = {**template.bodies, lang.strip(): body}
    known = {p.key for p in template.placeholders}
    added = [Placeholder(key, {"en": key.replace("_", " ")}) for b in bodies.values() for key in placeholders_in(b) if key not in known]
    unique = list({p.key: p for p in added}.values())
    return LetterTemplate(
        name=name.strip(),
        bodies=bodies,
        placeholders=template.placeholders + unique,
        values=template.values,
        subject=template.subject,
        id=template.id,
    )


AUTOMATIC = ("date",)  # filled by the app when left blank


def fillable(template: LetterTemplate) -> list[Placeholder]:
    return [p for p in template.placeholders if p.key not in AUTOMATIC]


def filled_fields(template: LetterTemplate) -> int:
    return sum(1 for p in fillable(template) if template.values.get(p.key, "").strip())


def recipients(targets: list[Target]) -> tuple[list[str], list[str]]:
    """Distinct emails to send to and to copy, in target order; an address in both stays in To."""
    to: dict[str, None] = {}
    cc: dict[str, None] = {}
    for target in targets:
        bucket = to if target.send_as == "to" else cc
        for email in target.emails:
            bucket.setdefault(email.strip(), None)
    return list(to), [e for e in cc if e not in to]


def recipients_line(targets: list[Target]) -> str:
    """All recipients as one line for an email's address field."""
    to, cc = recipients(targets)
    return ", ".join(to + cc)
