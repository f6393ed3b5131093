"""store.text: the one rule for text from outside, and the one way to show stored text."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store.text import TextError, character_name, check_fields, check_text, json_safe, printable, problem


@pytest.mark.parametrize(
    "value, words",
    [
        ("Ana \x1b[31mPérez", "contains a control character (U+001B ESC) at character 5; remove it"),
        ("\x00", "contains a control character (U+0000 NUL); remove it"),
        ("a\x7f", "(U+007F DEL)"),
        ("a\x9b31m", "(U+009B CSI)"),
        ("a\x85b", "(U+0085 NEL)"),
        ("abc\u202egpj.exe", "contains a bidirectional override (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        ("x\u2066y", "contains a bidirectional isolate (U+2066 LEFT-TO-RIGHT ISOLATE)"),
        ("x\ufffe", "contains a noncharacter (U+FFFE)"),
        ("x\uffff", "contains a noncharacter (U+FFFF)"),
        ("caf\udce9", "contains a lone surrogate (bytes that were not valid text) (U+DCE9)"),
        ("two\nlines", "contains a line break (U+000A LF) at character 4; keep it on one line"),
        ("carriage\rreturn", "(U+000D CR)"),
    ],
)
def test_refused_characters_are_named(value: str, words: str) -> None:
    with pytest.raises(ValueError, match="^city ") as caught:
        check_text(value, "city")
    assert isinstance(caught.value, TextError) and caught.value.field == "city"
    assert words in caught.value.reason and words in str(caught.value)


@pytest.mark.parametrize(
    "value", ["", "Ana Pérez", "a\tb", "Ñandú ¿qué? “curly” – 你好 😷", "שלום עליכם", "x\u200ey", "\u00a0nbsp"]
)
def test_ordinary_text_passes_unchanged(value: str) -> None:
    assert check_text(value, "name") is value


def test_newlines_only_where_the_field_is_multiline() -> None:
    assert check_text("line one\r\nline two\n\ttab", "notes", multiline=True) == "line one\r\nline two\n\ttab"
    assert problem("a\x1bb", multiline=True) is not None and problem("a\x0bb", multiline=True) is not None
    assert check_fields({"name": "a\nb", "notes": "a\nb", "city": "ok"}, multiline=("notes",)) == {
        "name": "contains a line break (U+000A LF) at character 2; keep it on one line"
    }


def test_character_names() -> None:
    assert [character_name(c) for c in "\x1b\x07\x9d\u202d"] == [
        "U+001B ESC", "U+0007 BEL", "U+009D OSC", "U+202D LEFT-TO-RIGHT OVERRIDE"]


def test_printable_escapes_what_would_drive_a_terminal() -> None:
    assert printable("\x1b]0;owned\x07ok") == "\\x1b]0;owned\\x07ok"
    assert printable("a\x9bb\u202ec\r\nd\te") == "a\\x9bb\\u202ec\\x0d\nd\te"
    assert printable("a\nb\tc", keep_newlines=False) == "a\\x0ab\\x09c"
    assert printable("caf\udce9") == "caf\\udce9"
    plain = "Ñandú “x” \\x1b"
    assert printable(plain) is plain


FORBIDDEN_OUTPUT = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]} - {"\n", "\t"}


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())))
def test_printable_never_holds_esc_or_a_control_other_than_newline_and_tab(text: str) -> None:
    shown = printable(text)
    assert not FORBIDDEN_OUTPUT & set(shown)
    assert not {c for c in shown if 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 or 0xD800 <= ord(c) <= 0xDFFF}
    assert "\n" not in printable(text, keep_newlines=False) and "\t" not in printable(text, keep_newlines=False)
    assert problem(text, multiline=True) is None or shown != text


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())))
def test_check_text_and_printable_agree(text: str) -> None:
    """What check_text accepts on one line is shown as it is (no escape needed)."""
    if problem(text) is None:
        assert printable(text, keep_newlines=False) == text.replace("\t", "\\x09")


@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())))
def test_json_safe_is_the_same_json_and_safe_for_a_terminal(text: str) -> None:
    """`--json` output: what json.dumps leaves raw (C1 controls, DEL, bidi overrides, lone
    surrogates) becomes a JSON escape, so the text reads back the same and drives no terminal."""
    import json

    for indent in (None, 2):
        dumped = json_safe(json.dumps({"k": [text]}, ensure_ascii=False, indent=indent))
        assert json.loads(dumped) == {"k": [text]}
        assert printable(dumped) == dumped


def test_store_text_imports_nothing_of_the_ui() -> None:
    code = "import sys, store.text; print([m for m in ('textual', 'rich', 'httpx') if m in sys.modules])"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
