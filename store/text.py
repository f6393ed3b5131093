"""Text from outside (CSV, .ics, feeds, typed fields, CLI arguments): one rule for what is refused,
and one way to show what is already stored without letting it drive the terminal.

Refused (`check_text`), because each can change what a terminal, a bidi-aware viewer or a
spreadsheet shows without being visible itself:
- C0 controls U+0000-U+001F (ESC starts escape codes), except tab; newline and carriage return
  only where the field is `multiline`;
- DEL U+007F and the C1 controls U+0080-U+009F (U+009B is a one-byte CSI on some terminals);
- bidirectional overrides and isolates U+202A-U+202E, U+2066-U+2069 (text that reads one way
  and is stored another, "Trojan Source");
- the noncharacters U+FFFE and U+FFFF, which no text should hold (X refuses them too);
- lone surrogates U+D800-U+DFFF, which come from undecodable bytes in a command line and
  cannot be saved as UTF-8.

Shown (`printable`): the same characters as visible escapes in Python's notation, `\\x1b`,
`\\x9b`, `\\u202e`, `\\udcff`, so `printable(s)` never holds ESC or any C0/C1 control other
than newline and tab (and those two only when `keep_newlines`). A backslash already in the text
is left as it is: the output is for eyes, not for parsing back.
"""

from __future__ import annotations

import re
import unicodedata

from .i18n import N_, _

# The abbreviations people meet in documentation (ECMA-48 / ISO 6429).
_C0_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()
_C1_NAMES = (
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
    "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGCI SCI CSI ST OSC PM APC"
).split()

_OTHERS = "\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff"
# Characters refused in a one-line field, and in a multiline one (which may hold \n and \r).
SINGLE_LINE = re.compile(f"[\x00-\x08\x0a-\x1f{_OTHERS}]")
MULTILINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_OTHERS}]")
# What printable() escapes: everything refused, and \r always (it moves the cursor back).
_ESCAPED_KEEPING_NEWLINES = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHERS}]")
_ESCAPED_ALL = re.compile(f"[\x00-\x1f{_OTHERS}]")


class TextError(ValueError):
    """A value holding a character that is refused; `reason` is the sentence without the field."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field} {reason}" if field else reason)


def character_name(ch: str) -> str:
    """'U+001B ESC', 'U+202E RIGHT-TO-LEFT OVERRIDE': the code point and a name people can search."""
    code = ord(ch)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code <= 0x9F:
        name = _C1_NAMES[code - 0x80]
    else:
        name = unicodedata.name(ch, "")
    return f"U+{code:04X} {name}".rstrip()


def _kind(ch: str) -> str:
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return N_("a control character")
    if 0x202A <= code <= 0x202E:
        return N_("a bidirectional override")
    if 0x2066 <= code <= 0x2069:
        return N_("a bidirectional isolate")
    if 0xD800 <= code <= 0xDFFF:
        return N_("a lone surrogate (bytes that were not valid text)")
    return N_("a noncharacter")


def problem(value: str, *, multiline: bool = False) -> str | None:
    """The reason `value` is refused, in words, or None when it is fine."""
    match = (MULTILINE if multiline else SINGLE_LINE).search(value)
    if match is None:
        return None
    ch = match.group()
    where = _(" at character {n}").format(n=match.start() + 1) if len(value) > 1 else ""
    if ch in "\n\r":
        return _("contains a line break ({name}){where}; keep it on one line").format(name=character_name(ch), where=where)
    return _("contains {kind} ({name}){where}; remove it").format(kind=_(_kind(ch)), name=character_name(ch), where=where)


def check_text(value: str, field: str, *, multiline: bool = False) -> str:
    """`value` unchanged, or TextError (a ValueError) naming the field and the character."""
    reason = problem(value, multiline=multiline)
    if reason is not None:
        raise TextError(field, reason)
    return value


def check_fields(values: dict[str, str], multiline: tuple[str, ...] = ()) -> dict[str, str]:
    """Field -> reason for each value refused by check_text ({} when all are fine), for a
    ValidationError that names every bad field at once."""
    errors = {}
    for name, value in values.items():
        reason = problem(value, multiline=name in multiline)
        if reason is not None:
            errors[name] = reason
    return errors


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(value: str, *, keep_newlines: bool = True) -> str:
    """`value` safe to write to a terminal: refused characters (and CR) shown as `\\x1b`-style
    escapes; newline and tab kept unless `keep_newlines` is False (then escaped too)."""
    pattern = _ESCAPED_KEEPING_NEWLINES if keep_newlines else _ESCAPED_ALL
    if pattern.search(value) is None:
        return value
    return pattern.sub(_escape, value)


def json_safe(dumped: str) -> str:
    """JSON text (as `json.dumps(..., ensure_ascii=False)` writes it) safe for a terminal, and
    still valid JSON meaning the same: every character `printable` would escape is written as a
    JSON `\\uXXXX` escape. json.dumps already escapes C0 controls inside strings, but leaves C1
    controls (U+009B is a one-byte CSI), DEL, bidi overrides and lone surrogates raw; and
    `printable`'s `\\x9b` is not a JSON escape, so JSON must not go through it unescaped."""
    return _ESCAPED_KEEPING_NEWLINES.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


__all__ = ["TextError", "character_name", "check_fields", "check_text", "json_safe", "printable", "problem"]
