"""Letters, tweets and the PDF: safe filling, template checks, true tweet length, exact accents."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from store import letters
from store.demo import build_demo
from store.letter_pdf import PdfError, letter_pdf
from store.models import LetterTemplate, Placeholder, Target
from store.tweet_lengths import weighted_lengths
from store.tweets import LIMIT, intent_url, tweet_for, tweet_text, weighted_length
from store.validation import ValidationError

from .conftest import TODAY

FULL = {"members": "512", "union": "SEIU Local 1000", "signer_name": "Ana Pérez", "signer_title": "Presidenta"}


def test_fill_both_languages_with_accents() -> None:
    template = build_demo().letters[0]
    es = letters.fill(template, "es", letters.values_with_date(template, "es", TODAY, FULL))
    assert es.unfilled == [] and es.text.startswith("6 de febrero de 2013\n\nSeñor Ingeniero Rolando Castro")
    assert "Por parte de los 512 miembros del nuestro sindicato SEIU Local 1000, deseamos" in es.text
    assert es.text.rstrip().endswith("Procuraduría para la Defensa de los Derechos Humanos")
    assert "Atentamente,\nAna Pérez\nPresidenta\n" in es.text
    en = letters.fill(template, "en", letters.values_with_date(template, "en", TODAY, FULL))
    assert en.text.startswith("February 6, 2013\n\nMinister Rolando Castro")
    assert "Sincerely,\nAna Pérez\nPresidenta" in en.text and "José Roberto Méndez" in en.text


@pytest.mark.parametrize("hostile", ["{", "}", "{union}", "[/]", "$union", "%s", "{{x}}", "\\n", "x" * 5000])
def test_hostile_values_go_in_literally(hostile: str) -> None:
    template = build_demo().letters[0]
    filled = letters.fill(template, "en", {**FULL, "union": hostile})
    assert f"members of our union {hostile}, we wish" in filled.text


def test_unknown_and_unfilled_are_reported() -> None:
    template = LetterTemplate("t", {"en": "{a} and {b} and {{c}} and {ghost}"}, [Placeholder("a"), Placeholder("b")])
    filled = letters.fill(template, "en", {"a": "A", "b": "  "})
    assert filled.text == "A and [b] and {c} and [ghost]"
    assert filled.unfilled == ["b", "ghost"] and filled.unknown == ["ghost"]


@pytest.mark.parametrize(
    "body, words",
    [("Dear {union", "a lone '{'"), ("a } b", "a lone '}'"), ("Hi {my name}", "is not a placeholder"), ("{0}", "is not a placeholder")],
)
def test_template_bodies_are_checked(body: str, words: str) -> None:
    assert any(words in problem for problem in letters.validate_body(body))
    with pytest.raises(ValidationError, match="line 1"):
        letters.with_body(build_demo().letters[0], "x", "en", body)


def test_a_new_body_adds_its_placeholders() -> None:
    template = letters.with_body(LetterTemplate("", {}), "Short note", "fr", "Cher {minister},\n{{literal}} de {union}")
    assert template.languages == ["fr"] and [p.key for p in template.placeholders] == ["minister", "union"]
    with pytest.raises(ValidationError) as caught:
        letters.with_body(template, " ", "french", "")
    assert set(caught.value.errors) == {"name", "lang", "body"}


# twitter-text conformance (validate.yml, weighted length): URLs 23, CJK and emoji 2, NFC.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("a" * 280, 280),
        ("https://example.com/a/very/long/path/that/is/shortened/by/t.co?x=1", 23),
        ("Ñandú ¡ahora! é", 15),
        ("e\u0301", 1),  # decomposed é counts once after NFC
        ("你好世界", 8),
        ("😷", 2),
        ("👨‍👩‍👧‍👦", 2),  # one emoji made of four people joined
        ("@trabajosv #STISSS", 18),
    ],
)
def test_weighted_length_follows_twitter_text(text: str, expected: int) -> None:
    assert weighted_length(text) == expected


def test_demo_tweets_carry_handles_and_fit() -> None:
    demo = build_demo()
    minister = demo.targets[0]
    text = tweet_text(minister, "es")
    assert text.startswith("@trabajosv @RolandoCastroSV Ministro Castro")
    for target in demo.targets:
        for lang in ("es", "en"):
            tweet = tweet_for(target, lang)
            assert tweet is not None and tweet.fits and tweet.length == weighted_length(tweet.text)


def test_an_over_long_tweet_is_reported_never_cut() -> None:
    target = Target("X", handles=["@x"], tweets={"en": "ñ" * 300})
    tweet = tweet_for(target, "en")
    assert not tweet.fits and tweet.text.endswith("ñ" * 300)
    assert tweet.length_words() == f"{tweet.length}/{LIMIT}: {tweet.length - LIMIT} over the limit, shorten it before posting"
    assert intent_url("¡Hola @x!").startswith("https://x.com/intent/post?text=%C2%A1Hola%20%40x%21")


LENGTHS_IN_A_NEW_PROCESS = """
import json, sys
from pathlib import Path
from store.tweet_lengths import weighted_lengths
texts = json.loads(sys.argv[2])
lengths = weighted_lengths(texts, Path(sys.argv[1]))
print(json.dumps({"lengths": [lengths[t] for t in texts], "library loaded": "twitter_text" in sys.modules}))
"""


def lengths_in_a_new_process(cache: Path, texts: list[str]) -> dict[str, object]:
    """weighted_lengths in a fresh Python, as a dashboard starting again would call it."""
    ran = subprocess.run(
        [sys.executable, "-c", LENGTHS_IN_A_NEW_PROCESS, str(cache), json.dumps(texts)],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1],
    )
    return json.loads(ran.stdout)


def test_tweet_lengths_counted_once_are_read_back_without_loading_twitter_text(tmp_path: Path) -> None:
    """The dashboard weighs its tweets at every start: lengths counted before come from the cache
    file, and twitter-text (~0.3 s, ~12 MB) is loaded only for a text not seen before."""
    cache = tmp_path / "cache" / "tweet-lengths.json"
    texts = ["Ñandú ¡ahora! é", "e\u0301", "你好世界 https://example.com/a/very/long/path"]
    truth = [weighted_length(t) for t in texts]
    assert lengths_in_a_new_process(cache, texts) == {"lengths": truth, "library loaded": True}
    assert lengths_in_a_new_process(cache, texts) == {"lengths": truth, "library loaded": False}
    one_more = [*texts, "😷 @trabajosv"]
    assert lengths_in_a_new_process(cache, one_more) == {"lengths": [*truth, 2 + 1 + 10], "library loaded": True}
    assert lengths_in_a_new_process(cache, one_more)["library loaded"] is False


@pytest.mark.parametrize(
    "cached",
    [
        b"\x00not json",
        b'["a list"]',
        json.dumps({"library": "another install", "lengths": {"Ñandú": 999}}).encode(),
        json.dumps({"library": None, "lengths": {"Ñandú": "five"}}).encode(),
    ],
    ids=["garbage", "not an object", "another install of the library", "a length that is not a number"],
)
def test_a_damaged_or_foreign_tweet_length_cache_is_not_believed(tmp_path: Path, cached: bytes) -> None:
    cache = tmp_path / "tweet-lengths.json"
    cache.write_bytes(cached)
    assert weighted_lengths(["Ñandú"], cache) == {"Ñandú": 5}
    assert json.loads(cache.read_bytes())["lengths"] == {"Ñandú": 5}  # written again, readable


def test_tweet_lengths_are_counted_when_the_cache_cannot_be_written(tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    assert weighted_lengths(["@x hola"], blocked / "tweet-lengths.json") == {"@x hola": 7}


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_pdf_has_every_accent_and_the_recipients() -> None:
    demo = build_demo()
    template = demo.letters[0]
    body = letters.fill(template, "es", letters.values_with_date(template, "es", TODAY, {**FULL, "union": "“SEIU” – Local 1000 ¿ñ?"})).text
    to, cc = letters.recipients(demo.targets)
    text = pdf_text(letter_pdf(body, to=to, cc=cc, subject=template.subject["es"]))
    for word in ("Méndez", "Martínez", "Previsión", "Salvadoreño", "6 de febrero de 2013", "“SEIU” – Local 1000 ¿ñ?", "comunicaciones@pddh.gob.sv"):
        assert word in text, word


def test_pdf_refuses_characters_its_fonts_lack() -> None:
    with pytest.raises(PdfError, match="FACE WITH MEDICAL MASK"):
        letter_pdf("Hola 😷", to=[], cc=[])
