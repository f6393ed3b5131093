"""Letter rules: fill a template's named placeholders safely, and list its recipients.

Placeholders are `{name}`; `{{` and `}}` write a literal brace. Filling is a plain text
substitution (no `str.format`), so a value or a template can never reach attributes or code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .models import LetterTemplate, Target

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


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


def filled_fields(template: LetterTemplate) -> int:
    return sum(1 for p in template.placeholders if template.values.get(p.key, "").strip())


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
