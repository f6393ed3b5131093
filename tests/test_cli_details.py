"""`campaign show|set` and `delegation show|set`: each a change (logged, undone by `undo`), every
bad value refused by name with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.db import CampaignStore

from .clihelpers import cli, ok, refused


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    path = tmp_path / "blank.json"
    ok("new", "--name", "Hotel workers", "--lang", "en", db=path)
    return path


def test_campaign_show_and_set_then_undo(blank: Path) -> None:
    shown = ok("campaign", "show", db=blank).stdout
    assert "name:         Hotel workers" in shown and "languages:    en (English)" in shown
    ok("campaign", "set", "--name", "Justicia para las camareras", "--description", "Housekeepers at the Grand\nand the Plaza",
       "--organization", "UNITE HERE Local 11", "--languages", "es, en", db=blank)
    data = ok("campaign", "show", "--json", db=blank).json()
    assert data == {
        "name": "Justicia para las camareras", "description": "Housekeepers at the Grand\nand the Plaza",
        "organization": "UNITE HERE Local 11", "languages": ["es", "en"],
        "contact": {"name": "", "email": "", "phone": ""}, "file": str(blank),
    }
    info = CampaignStore(blank).load().info
    assert (info.name, info.languages) == ("Justicia para las camareras", ["es", "en"])
    log = ok("log", db=blank).stdout
    assert "[campaign]  edited the campaign (name, description, organization, languages)" in log
    ok("campaign", "set", "--name", "Justicia", db=blank)
    assert "renamed the campaign to Justicia" in ok("log", db=blank).stdout
    ok("undo", db=blank)
    ok("undo", db=blank)
    assert ok("campaign", "show", "--json", db=blank).json()["name"] == "Hotel workers"


def test_setting_what_is_already_there_writes_nothing(blank: Path) -> None:
    before = blank.read_bytes()
    same = ok("campaign", "set", "--name", "Hotel workers", db=blank)
    assert "nothing changed" in same.stderr and blank.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (["--name", ""], ["name: the campaign needs a name"]),
        (["--name", "Evil\x1b]2;x\x07"], ["name: contains a control character (U+001B ESC)"]),
        (["--languages", "fr"], ["languages: 'fr' is not a language this app writes in"]),
        (["--languages", " , "], ["languages: give at least one language"]),
        (["--description", "ring\x07"], ["description: contains a control character (U+0007 BEL)"]),
        (["--organization", "abc\u202egpj"], ["organization: contains a bidirectional override"]),
        (["--name", "", "--languages", "de"], ["name: the campaign needs a name", "languages: 'de' is not a language"]),
        ([], ["nothing to set: give --name, --description, --organization or --languages"]),
    ],
)
def test_campaign_set_refuses_bad_values_one_line_each(blank: Path, args: list[str], lines: list[str]) -> None:
    got = refused("campaign", "set", *args, db=blank)
    assert len(got) == len(lines)
    for line, words in zip(got, lines):
        assert words in line, got


def test_delegation_show_and_set_then_undo(blank: Path) -> None:
    shown = ok("delegation", "show", db=blank).stdout
    assert "name:        (none yet)" in shown and "no capacity set" in shown
    ok("delegation", "set", "--name", "May Day delegation", "--start", "2026-04-27", "--end", "05-04", "--capacity", "3",
       "--destination", "San Salvador", db=blank)
    data = ok("delegation", "show", "--json", db=blank).json()
    assert data == {
        "name": "May Day delegation", "start": "2026-04-27", "end": "2026-05-04", "destination": "San Salvador",
        "capacity": 3, "people": 0, "by_status": {}, "seats_taken": 0, "seats_left": 3, "waitlist": [],
    }
    assert "3 of 3 seats left" in ok("delegation", "show", db=blank).stdout
    ok("delegation", "set", "--capacity", "none", db=blank)
    assert CampaignStore(blank).load().delegation.capacity is None
    ok("undo", db=blank)
    assert CampaignStore(blank).load().delegation.capacity == 3
    assert "[roster]  edited the delegation (capacity)" in ok("log", db=blank).stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--name", ""], "name: the delegation needs a name"),
        (["--name", "May Day", "--start", "2026-04-27"], "end: give both the first and the last day, or neither"),
        (["--name", "May Day", "--start", "2026-13-01", "--end", "2026-05-04"], "start: "),
        (["--name", "May Day", "--start", "2026-05-04", "--end", "2026-04-27"], "end: the last day (2026-04-27) is before the first (2026-05-04)"),
        (["--name", "May Day", "--capacity", "0"], "capacity: the capacity cannot be less than 1"),
        (["--name", "May Day", "--capacity", "three"], "capacity: 'three' is not a whole number"),
        (["--name", "May Day", "--capacity", "20000"], "capacity: 20,000 is not believable for the capacity"),
        (["--name", "May Day", "--destination", "x\x1b[2J"], "destination: contains a control character"),
        ([], "nothing to set"),
    ],
)
def test_delegation_set_refuses_bad_values(blank: Path, args: list[str], words: str) -> None:
    (line,) = refused("delegation", "set", *args, db=blank)
    assert words in line


def test_a_capacity_below_the_seats_taken_is_kept_with_a_warning(demo_db: Path) -> None:
    for name in ("Ana", "Beto"):
        ok("roster", "add", "--name", name, "--status", "accepted", db=demo_db)
    out = cli("delegation", "set", "--capacity", "1", db=demo_db)
    assert out.code == 0 and "2 people already hold a seat, more than the 1 there are" in out.stderr
    assert "2 of 1 seats taken: over capacity by 1" in out.stdout
