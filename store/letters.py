"""Letter rules: fill a template's named placeholders safely, and list its recipients.

Placeholders are `{name}`: a letter or _, then letters (any script, with their accents),
digits and _, so `{número}` and `{nombre_del_sindicato}` work; `{{` and `}}` write a literal
brace. Bodies and names are read in NFC, so a placeholder typed with a decomposed accent is the
same placeholder. Filling is a plain text substitution (no `str.format`), so a value or a
template can never reach attributes or code. Bodies and values pass store.text's rule.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from datetime import date

from .i18n import _
from .models import LetterTemplate, Placeholder, Target
from .text import check_fields, printable, problem
from .validation import ValidationError

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_ANY_BRACE = re.compile(r"\{\{|\}\}|\{[^{}]*\}|[{}]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_placeholder_name(name: str) -> bool:
    """A letter (any script) or _, then letters, combining marks (Devanagari vowel signs), digits, _."""
    if not name or not (name[0].isalpha() or name[0] == "_"):
        return False
    return all(ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M") for ch in name)


def _placeholders(body: str):  # type: ignore[no-untyped-def]
    """(match, name or None) for each brace token of the NFC body; None for {{, }} and {not a name}."""
    for match in _TOKEN.finditer(body):
        name = match.group(1)
        yield match, name if name is not None and is_placeholder_name(name) else None
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
    for _match, name in _placeholders(nfc(body)):
        if name:
            seen.setdefault(name, None)
    return list(seen)


def fill(template: LetterTemplate, lang: str, values: dict[str, str] | None = None) -> FilledLetter:
    """The letter in `lang` with `values` (default: the template's remembered ones) put in.

    A blank value counts as unfilled and shows as `[label]`, the way the seed letter marks blanks.
    """
    values = template.values if values is None else values
    values = {**{nfc(k): v for k, v in values.items()}, **values}
    body = nfc(template.bodies.get(lang, ""))
    known = {nfc(p.key): p for p in template.placeholders}
    segments: list[Segment] = []
    unfilled: dict[str, None] = {}
    unknown: dict[str, None] = {}
    position = 0
    for match, key in _placeholders(body):
        if match.start() > position:
            segments.append(Segment(body[position : match.start()]))
        token = match.group(0)
        if key is None:
            segments.append(Segment(token[0] if token in ("{{", "}}") else token))
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
    for number, line in enumerate(nfc(body).splitlines(), start=1):
        for match in _ANY_BRACE.finditer(line):
            token = match.group(0)
            if token in ("{{", "}}") or (token.startswith("{") and is_placeholder_name(token[1:-1])):
                continue
            if token in ("{", "}"):
                problems.append(_('line {number}: a lone {token!r}; write {value} for a literal brace').format(number=number, token=token, value=token * 2))
            else:
                problems.append(
                    _('line {number}: {printable} is not a placeholder (a letter, then letters, digits and _, e.g. {{union}}); write {{{{ and }}}} for literal braces').format(number=number, printable=printable(token, keep_newlines=False))
                )
    return problems


def with_body(template: LetterTemplate, name: str, lang: str, body: str) -> LetterTemplate:
    """The template with this name and body for `lang`, its placeholders brought up to date.

    Raises ValidationError naming what is wrong (empty name or language, braces that do not fill).
    """
    body = nfc(body)
    errors = check_fields({"name": name.strip(), "body": body}, multiline=("body",))
    if not name.strip() and "name" not in errors:
        errors["name"] = _('the template needs a name')
    if not re.fullmatch(r"[a-z]{2,3}", lang.strip()):
        errors["lang"] = _('a language code such as es or en')
    problems = validate_body(body)
    if "body" in errors:
        pass
    elif problems:
        errors["body"] = "; ".join(problems[:3]) + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")
    elif not body.strip():
        errors["body"] = _('the letter is empty')
    if errors:
        raise ValidationError(errors)
    bodies = {**template.bodies, lang.strip(): body}
    known = {nfc(p.key) for p in template.placeholders}
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


def check_values(values: dict[str, str]) -> dict[str, str]:
    """The values (NFC) if each passes store.text's rule (line breaks allowed: an address may
    span lines), else ValidationError keyed by placeholder."""
    errors = {key: reason for key, value in values.items() if (reason := problem(value, multiline=True))}
    if errors:
        raise ValidationError(errors)
    return {nfc(key): nfc(value) for key, value in values.items()}


def with_values(template: LetterTemplate, values: dict[str, str]) -> LetterTemplate:
    """The template remembering `values` (merged over its own), or ValidationError."""
    return LetterTemplate(
        name=template.name,
        bodies=template.bodies,
        placeholders=template.placeholders,
        values={**template.values, **check_values(values)},
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


# --- templates as a list: rename, copy to another language, find --------------------------------


def renamed(letters_: list[LetterTemplate], template: LetterTemplate, name: str) -> LetterTemplate:
    """The template under a new name (not empty, not another template's)."""
    cleaned = name.strip()
    errors = check_fields({"name": cleaned})
    if not cleaned and "name" not in errors:
        errors["name"] = _('the template needs a name')
    other = next((t for t in letters_ if t.name.strip().casefold() == cleaned.casefold() and t.id != template.id), None)
    if other is not None and "name" not in errors:
        errors["name"] = _('there is already a template called {name!r}').format(name=other.name)
    if errors:
        raise ValidationError(errors)
    return replace(template, name=cleaned)


def copied_to_language(template: LetterTemplate, source: str, target: str) -> LetterTemplate:
    """The template with its `source` text copied as the `target` language's starting point (to
    translate in place); its blanks' labels and subject come along where the target has none."""
    if source not in template.bodies:
        raise ValidationError({"lang": _('the template has no {source} text to copy').format(source=source)})
    if source == target:
        raise ValidationError({"lang": _('copy to the other language')})
    placeholders = [
        replace(p, labels={**p.labels, target: p.labels.get(target) or p.label(source)}) for p in template.placeholders
    ]
    subject = dict(template.subject)
    if source in subject and target not in subject:
        subject[target] = subject[source]
    return replace(template, bodies={**template.bodies, target: template.bodies[source]}, placeholders=placeholders, subject=subject)


def find_template(letters_: list[LetterTemplate], text: str) -> LetterTemplate:
    """A template by name (ignoring case; a unique start is enough) or id, or ValueError."""
    wanted = text.strip().casefold()
    exact = [t for t in letters_ if wanted in (t.id.casefold(), t.name.strip().casefold())]
    found = exact or [t for t in letters_ if t.name.strip().casefold().startswith(wanted)]
    if len(found) == 1:
        return found[0]
    known = "; ".join(repr(t.name) for t in letters_) or _('none yet')
    if found:
        raise ValueError(_('{strip!r} matches more than one template: {known}').format(strip=text.strip(), known=known))
    raise ValueError(_('no template called {strip!r} (templates: {known})').format(strip=text.strip(), known=known))
