"""`campaign-dash letter` and `campaign-dash tweet` as real processes."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf

from store.db import CampaignStore
from store.demo import build_demo

from .test_cli import run

SETS = ["--set", "members=512", "--set", "union=SEIU Local 1000", "--set", "signer_name=Ana Pérez", "--set", "signer_title=Presidenta"]


def test_letter_prints_writes_pdf_and_txt(demo_db: Path, tmp_path: Path) -> None:
    db = ["--db", str(demo_db), "--today", "2013-02-06"]
    es = run("letter", *SETS, *db)
    assert es.returncode == 0 and es.stdout.startswith("6 de febrero de 2013\n\nSeñor Ingeniero")
    assert "still blank" not in es.stderr
    pdf, txt = tmp_path / "letter.pdf", tmp_path / "letter.txt"
    en = run("letter", "--lang", "en", *SETS, "--pdf", str(pdf), "--txt", str(txt), *db)
    assert en.returncode == 0 and en.stdout == ""
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    for word in ("February 6, 2013", "Méndez", "Martínez", "Ana Pérez", "comunicaciones@mtps.gob.sv"):
        assert word in text, word
    assert txt.read_text(encoding="utf-8").startswith("February 6, 2013\n\nMinister Rolando Castro")
    spanish_pdf = tmp_path / "carta.pdf"
    run("letter", *SETS, "--pdf", str(spanish_pdf), *db)
    spanish = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(spanish_pdf.read_bytes())).pages)
    assert "Previsión" in spanish and "Méndez" in spanish and "Martínez" in spanish


def test_strict_and_bad_sets(demo_db: Path) -> None:
    db = ["--db", str(demo_db)]
    strict = run("letter", "--strict", "--set", "members=12", *db)
    assert strict.returncode == 1 and "still blank: nombre del sindicato (union)" in strict.stderr
    assert run("letter", "--set", "nope=1", *db).returncode == 2
    assert "write it as key=value" in run("letter", "--set", "union", *db).stderr
    assert "has no 'fr' version" in run("letter", "--lang", "fr", *db).stderr
    assert "no template matches" in run("letter", "--template", "zzz", *db).stderr


def test_copy_without_any_clipboard_says_why(demo_db: Path) -> None:
    out = run("letter", "--copy", *SETS, "--db", str(demo_db))
    assert out.returncode == 1 and "could not copy: there is no system clipboard" in out.stderr


def test_tweets_with_lengths_and_exit_code_over_280(demo_db: Path) -> None:
    ok = run("tweet", "--db", str(demo_db))
    assert ok.returncode == 0
    assert "Rolando Castro (es): 224/280\n@trabajosv @RolandoCastroSV Ministro Castro:" in ok.stdout
    one = run("tweet", "--target", "trabajosv", "--lang", "en", "--db", str(demo_db))
    assert one.stdout.startswith("Rolando Castro (en): 197/280") and one.stdout.count("/280") == 1
    demo = build_demo()
    demo.targets[1].tweets["es"] = "ñ" * 290
    long_db = demo_db.with_name("long.json")
    CampaignStore(long_db).open(seed=lambda: demo)
    over = run("tweet", "--db", str(long_db))
    assert over.returncode == 1 and "305/280: 25 over the limit" in over.stdout and "ñ" * 290 in over.stdout
    assert "--copy copies one tweet" in run("tweet", "--copy", "--db", str(demo_db)).stderr


def test_tweets_as_json(demo_db: Path) -> None:
    import json

    out = run("tweet", "--json", "--lang", "en", "--db", str(demo_db))
    assert out.returncode == 0, out.stderr
    tweets = json.loads(out.stdout)
    assert [t["target"] for t in tweets][0] == "Rolando Castro" and tweets[0]["length"] == 197 and tweets[0]["fits"]
    assert all(t["lang"] == "en" and t["problem"] == "" for t in tweets)
