"""Letters, the PDF and tweets with text from outside: decomposed accents, tabs, escape codes,
placeholders in any script, and tweets X would refuse."""

from __future__ import annotations

import io

import pypdf
import pytest

from store import letters
from store.demo import build_demo
from store.letter_pdf import PdfError, letter_pdf
from store.models import LetterTemplate, Placeholder, Target
from store.tweets import tweet_for, tweet_problem
from store.validation import ValidationError


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


# --- placeholders in any script -----------------------------------------------------------------


def test_a_placeholder_named_in_spanish_is_a_placeholder() -> None:
    template = letters.with_body(LetterTemplate("", {}), "Carta", "es", "Somos {número} miembros de {nombre_del_sindicato}.")
    assert [p.key for p in template.placeholders] == ["número", "nombre_del_sindicato"]
    filled = letters.fill(template, "es", {"número": "512", "nombre_del_sindicato": "SEIU"})
    assert filled.text == "Somos 512 miembros de SEIU." and filled.unfilled == []


def test_a_decomposed_accent_is_the_same_placeholder() -> None:
    decomposed = "nu\u0301mero"
    template = LetterTemplate("t", {"es": f"Somos {{{decomposed}}}."}, [Placeholder("número")])
    assert letters.placeholders_in(template.bodies["es"]) == ["número"]
    assert letters.fill(template, "es", {"número": "512"}).text == "Somos 512."
    assert letters.fill(template, "es", {decomposed: "7"}).text == "Somos 7."


@pytest.mark.parametrize("name", ["नाम", "名前", "Ελληνικά", "_x", "año2013"])
def test_names_in_other_scripts_are_placeholders(name: str) -> None:
    assert letters.validate_body(f"Hola {{{name}}}") == []
    assert letters.placeholders_in(f"Hola {{{name}}}") == [name]


@pytest.mark.parametrize("body", ["{1x}", "{my name}", "{a-b}", "{ x}"])
def test_what_is_not_a_name_stays_refused_and_literal(body: str) -> None:
    assert "is not a placeholder" in letters.validate_body(body)[0]
    assert letters.fill(LetterTemplate("t", {"en": body}), "en", {}).text == body


# --- control characters -------------------------------------------------------------------------


def test_a_body_or_name_with_an_escape_code_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        letters.with_body(LetterTemplate("", {}), "Carta\u202e", "es", "Hola\n\x1b]0;owned\x07 {union}")
    assert set(caught.value.errors) == {"name", "body"}
    assert caught.value.errors["body"].startswith("contains a control character (U+001B ESC) at character 6")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in caught.value.errors["name"]


def test_values_are_checked_and_kept_in_nfc() -> None:
    template = build_demo().letters[0]
    with pytest.raises(ValidationError) as caught:
        letters.with_values(template, {"union": "SEIU\x9b2J", "signer_name": "Ana", "signer_title": "x\ufffe"})
    assert set(caught.value.errors) == {"union", "signer_title"} and "U+009B CSI" in caught.value.errors["union"]
    kept = letters.with_values(template, {"signer_name": "Ana Pe\u0301rez", "address": "Calle 1\nSan Salvador"})
    assert kept.values["signer_name"] == "Ana Pérez" and kept.values["address"] == "Calle 1\nSan Salvador"
    assert kept.id == template.id and template.values.get("signer_name") != "Ana Pérez"


# --- the PDF ------------------------------------------------------------------------------------


def test_a_decomposed_accent_prints_as_one_letter() -> None:
    text = pdf_text(letter_pdf("Estimado Sr. Pe\u0301rez,\r\nGracias.", to=["ana@example.org"], cc=[], subject="Carta a Pe\u0301rez"))
    assert "Estimado Sr. Pérez," in text and "Carta a Pérez" in text and "\u0301" not in text


def test_a_tab_in_a_value_survives_as_spaces() -> None:
    text = pdf_text(letter_pdf("Local\t1000\nNombre:\tAna", to=[], cc=[]))
    assert "Local 1000" in " ".join(text.split()) and "Nombre: Ana" in " ".join(text.split())
    assert "Local\t1000" not in text and "Local1000" not in text


@pytest.mark.parametrize("where", ["body", "subject", "to"])
def test_a_control_character_is_refused_by_name(where: str) -> None:
    hostile = "x\x1b[31m"
    kwargs = {"body": "Hola", "to": [], "cc": [], "subject": ""}
    kwargs[where] = [hostile] if where == "to" else hostile
    with pytest.raises(PdfError, match=r"contains a control character \(U\+001B ESC\)"):
        letter_pdf(**kwargs)  # type: ignore[arg-type]


# --- tweets -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "the tweet is empty"),
        ("   \n ", "the tweet is empty"),
        ("Hola\ufffe", "it contains U+FFFE, a character X refuses; remove it"),
        ("Hola\uffff", "it contains U+FFFF, a character X refuses; remove it"),
        ("Hola\x1b[2J", "it contains a control character (U+001B ESC) at character 5; remove it"),
        ("ñ" * 281, "it is 1 over the 280 limit"),
    ],
)
def test_tweets_x_would_refuse_say_why(text: str, reason: str) -> None:
    tweet = tweet_for(Target("X", tweets={"en": text}), "en")
    assert tweet is not None and not tweet.is_valid and tweet.reason == reason
    assert tweet_problem(text) == reason


def test_good_tweets_are_valid_and_keep_their_length() -> None:
    for target in build_demo().targets:
        for lang in target.tweets:
            tweet = tweet_for(target, lang)
            assert tweet is not None and tweet.is_valid and tweet.reason == "" and tweet.fits
    assert tweet_problem("dos líneas\nbien") == ""
