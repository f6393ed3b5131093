"""A whole campaign of one's own, built from `new` with the command line only, then read back
twice: through each command's `--json`, and by loading the file with the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from store.db import CampaignStore
from store.tweets import weighted_length

from .clihelpers import cli, ok

TODAY = ("--today", "2026-03-01")
BODY = """{date}

Dear {recipient},

We, the housekeepers of {hotel}, ask you to sign a fair contract before May Day.

{signer_name}
{signer_title}
"""
TWEETS = {
    ("Jordan Smith", "en"): "Housekeepers keep Grand Hotels running. Sign a fair contract before May Day! https://example.org/fair",
    ("Jordan Smith", "es"): "Las camareras sostienen Grand Hotels. ¡Firme un contrato justo antes del Primero de Mayo!",
    ("Sam Lee", "en"): "Sam Lee: the city's hotel board can stand with housekeepers. Ask Grand Hotels for a fair contract.",
}


def build(db: Path, tmp_path: Path) -> None:
    def do(*args: str) -> None:
        ok(*args, *TODAY, db=db)

    do("new", "--name", "Justice for housekeepers", "--lang", "en")
    do("campaign", "set", "--description", "Housekeepers at Grand Hotels want a fair contract", "--organization", "UNITE HERE Local 11", "--languages", "en,es")

    do("speaker", "add", "Ana Pérez", "--organization", "UNITE HERE Local 11", "--role", "Housekeeper", "--region", "West Coast")
    do("speaker", "add", "Luis Ortega", "--organization", "SITRAHOTEL", "--region", "East Coast")
    for speaker, city, start, end in (
        ("Ana Pérez", "Oakland", "2026-03-02", "2026-03-03"),
        ("Ana Pérez", "San José", "2026-03-05", ""),
        ("Ana Pérez", "Los Angeles", "2026-03-07", "2026-03-08"),
        ("Luis Ortega", "Chicago", "2026-03-02", ""),
        ("Luis Ortega", "New York City", "03-04", "03-05"),
    ):
        do("tour", "add", "--speaker", speaker, "--city", city, "--start", start, *(["--end", end] if end else []))

    do("petition", "edit", "--title", "A fair contract at Grand Hotels", "--url", "https://example.org/fair", "--goal", "5000", "--deadline", "2026-05-01")
    do("petition", "milestone", "add", "1000", "delivered to the general manager")
    do("petition", "milestone", "add", "5000", "delivered to the owners")
    do("petition", "milestone", "add", "2500", "halfway")
    do("petition", "milestone", "edit", "2500", "--label", "halfway: a rally at the Grand")
    do("petition", "edit", "--goal", "6000")  # the goal's milestone follows the goal
    do("petition", "add", "1200", "--note", "paper sheets from the tour")

    do("delegation", "set", "--name", "May Day delegation to the owners", "--start", "2026-04-30", "--end", "2026-05-02", "--capacity", "3", "--destination", "Grand Hotels HQ, Dallas")
    for name, email in (("Rosa Díaz", "rosa@example.org"), ("Mei Chen", "mei@example.org"), ("Abebe Kebede", "abebe@example.org")):
        do("roster", "add", "--name", name, "--email", email, "--organization", "UNITE HERE Local 11", "--status", "accepted")
    before = db.read_bytes()
    fourth = cli("roster", "add", "--name", "Olga Ivanova", "--email", "olga@example.org", "--status", "accepted", *TODAY, db=db)
    assert fourth.code == 1 and "every seat is taken (3 of 3); add --waitlist" in fourth.stderr
    assert db.read_bytes() == before  # refused: nothing written
    do("roster", "add", "--name", "Olga Ivanova", "--email", "olga@example.org", "--status", "accepted", "--waitlist")
    do("roster", "add", "--name", "Tomás Ruiz", "--email", "tomas@example.org", "--status", "applied", "--city", "Oakland")

    do("target", "add", "Jordan Smith", "--title", "CEO", "--organization", "Grand Hotels", "--email", "ceo@grandhotels.example", "--handle", "@GrandHotels", "--send-as", "to")
    do("target", "add", "Sam Lee", "--title", "Chair, Hotel Board", "--organization", "City of Oakland", "--email", "slee@oakland.example,board@oakland.example", "--send-as", "cc")
    for (who, lang), text in TWEETS.items():
        do("target", "tweet", who, "--lang", lang, text)

    (tmp_path / "letter.txt").write_text(BODY)
    do("template", "add", "Letter to Grand Hotels", "--lang", "en", "--body-file", str(tmp_path / "letter.txt"))
    do("template", "copy-language", "Letter to Grand Hotels", "--from", "en", "--to", "es")
    do("template", "remove", "Letter to the targets", "--yes")  # the starter letter


def test_a_whole_campaign_from_new_with_the_command_line_only(tmp_path: Path) -> None:
    db = tmp_path / "housekeepers.json"
    build(db, tmp_path)

    # --- read back through the command line's --json ---------------------------------------
    info = ok("campaign", "show", "--json", db=db).json()
    assert (info["name"], info["organization"], info["languages"]) == ("Justice for housekeepers", "UNITE HERE Local 11", ["en", "es"])

    speakers = ok("speaker", "list", "--json", db=db).json()
    assert [(s["name"], s["organization"], s["stops"]) for s in speakers] == [("Ana Pérez", "UNITE HERE Local 11", 3), ("Luis Ortega", "SITRAHOTEL", 2)]
    stops = ok("tour", "list", "--json", *TODAY, db=db).json()
    assert [(s["speaker"], s["city"], s["start"], s["end"]) for s in stops] == [
        ("Luis Ortega", "Chicago", "2026-03-02", "2026-03-02"),
        ("Ana Pérez", "Oakland", "2026-03-02", "2026-03-03"),
        ("Luis Ortega", "New York City", "2026-03-04", "2026-03-05"),
        ("Ana Pérez", "San José", "2026-03-05", "2026-03-05"),
        ("Ana Pérez", "Los Angeles", "2026-03-07", "2026-03-08"),
    ]
    assert [s["when"] for s in stops[:3]] == ["next, tomorrow", "next, tomorrow", "in 3 days"]
    assert all(s["problems"] == [] for s in stops)

    petition = ok("petition", "show", "--json", *TODAY, db=db).json()
    assert (petition["title"], petition["url"], petition["goal"], petition["deadline"], petition["count"]) == (
        "A fair contract at Grand Hotels", "https://example.org/fair", 6000, "2026-05-01", 1200,
    )
    assert [(m["count"], m["label"], m["reached"]) for m in petition["milestones"]] == [
        (1000, "delivered to the general manager", True), (2500, "halfway: a rally at the Grand", False), (6000, "delivered to the owners", False),
    ]
    assert petition["days_left"] == 61

    delegation = ok("delegation", "show", "--json", db=db).json()
    assert (delegation["name"], delegation["start"], delegation["end"], delegation["capacity"], delegation["seats_left"]) == (
        "May Day delegation to the owners", "2026-04-30", "2026-05-02", 3, 0,
    )
    assert [(w["position"], w["name"]) for w in delegation["waitlist"]] == [(1, "Olga Ivanova")]
    people = {p["name"]: (p["status"], p["waitlist_position"]) for p in ok("roster", "list", "--json", db=db).json()}
    assert people == {
        "Rosa Díaz": ("accepted", None), "Mei Chen": ("accepted", None), "Abebe Kebede": ("accepted", None),
        "Olga Ivanova": ("waitlist", 1), "Tomás Ruiz": ("applied", None),
    }

    targets = ok("target", "list", "--json", db=db).json()
    assert [(t["position"], t["name"], t["send_as"], t["emails"], t["handles"]) for t in targets] == [
        (1, "Jordan Smith", "to", ["ceo@grandhotels.example"], ["@GrandHotels"]),
        (2, "Sam Lee", "cc", ["slee@oakland.example", "board@oakland.example"], []),
    ]
    for (who, lang), text in TWEETS.items():
        tweet = next(t for t in targets if t["name"] == who)["tweets"][lang]
        assert tweet["text"] == text and tweet["length"] == weighted_length(tweet["posted"]) and tweet["fits"]
    assert targets[0]["tweets"]["en"]["posted"].startswith("@GrandHotels Housekeepers")

    (template,) = ok("template", "list", "--json", db=db).json()
    assert template["name"] == "Letter to Grand Hotels" and template["languages"] == ["en", "es"]
    assert template["bodies"]["en"] == BODY and [f["key"] for f in template["fields"]] == ["date", "recipient", "hotel", "signer_name", "signer_title"]
    letter = ok("letter", "--set", "hotel=the Grand", *TODAY, db=db).stdout
    assert letter.startswith("March 1, 2026\n\nDear [recipient],\n\nWe, the housekeepers of the Grand, ask you")

    status = ok("status", "--json", *TODAY, db=db).json()
    assert status["attention"] == [] and status["setup"] == []
    assert cli("status", "--check", *TODAY, db=db).code == 0

    # --- read back from the file itself ----------------------------------------------------------
    campaign = CampaignStore(db).load()
    assert campaign.info.name == "Justice for housekeepers" and campaign.info.languages == ["en", "es"]
    assert campaign.info.summary == "Housekeepers at Grand Hotels want a fair contract"
    assert [(s.name, s.region) for s in campaign.speakers] == [("Ana Pérez", "West Coast"), ("Luis Ortega", "East Coast")]
    by_id = {s.id: s.name for s in campaign.speakers}
    assert sorted((by_id[s.speaker_id], s.city, s.start, s.end) for s in campaign.stops) == [
        ("Ana Pérez", "Los Angeles", date(2026, 3, 7), date(2026, 3, 8)),
        ("Ana Pérez", "Oakland", date(2026, 3, 2), date(2026, 3, 3)),
        ("Ana Pérez", "San José", date(2026, 3, 5), date(2026, 3, 5)),
        ("Luis Ortega", "Chicago", date(2026, 3, 2), date(2026, 3, 2)),
        ("Luis Ortega", "New York City", date(2026, 3, 4), date(2026, 3, 5)),
    ]
    p = campaign.petition
    assert (p.title, p.goal, p.deadline, [m.count for m in p.milestones]) == ("A fair contract at Grand Hotels", 6000, date(2026, 5, 1), [1000, 2500, 6000])
    assert [(r.added, r.note) for r in p.readings] == [(1200, "paper sheets from the tour")]
    d = campaign.delegation
    assert (d.name, d.capacity, d.destination) == ("May Day delegation to the owners", 3, "Grand Hotels HQ, Dallas")
    assert sorted((m.name, m.status, bool(m.waitlisted)) for m in campaign.members) == [
        ("Abebe Kebede", "accepted", False), ("Mei Chen", "accepted", False), ("Olga Ivanova", "waitlist", True),
        ("Rosa Díaz", "accepted", False), ("Tomás Ruiz", "applied", False),
    ]
    assert [(t.name, t.role, t.organization, t.position) for t in campaign.targets] == [
        ("Jordan Smith", "CEO", "Grand Hotels", 0), ("Sam Lee", "Chair, Hotel Board", "City of Oakland", 1),
    ]
    assert {(t.name, lang): text for t in campaign.targets for lang, text in t.tweets.items()} == TWEETS
    (letter_template,) = campaign.letters
    assert letter_template.bodies == {"en": BODY, "es": BODY}

    # every command after `new` is one change in the log, and undo takes them back one by one
    log = ok("log", "--json", "--limit", "0", db=db).stdout.splitlines()
    assert len(log) == 29
    for _ in range(29):
        ok("undo", db=db)
    assert cli("undo", db=db).code == 2  # nothing left to undo
    blank = CampaignStore(db).load()
    assert (blank.speakers, blank.stops, blank.members, blank.targets, blank.petition.readings) == ([], [], [], [], [])
    assert (blank.info.name, blank.info.languages, blank.petition.title, blank.petition.goal, blank.delegation.name) == ("Justice for housekeepers", ["en"], "", 0, "")
    assert [t.name for t in blank.letters] == ["Letter to the targets"]


async def test_the_campaign_built_with_the_command_line_shows_every_piece_in_the_app(tmp_path: Path) -> None:
    from store.clock import Clock
    from tui.screens.records import RecordListScreen

    from .apphelpers import RecordingApp, screen_text, wait_for

    db = tmp_path / "housekeepers.json"
    build(db, tmp_path)
    app = RecordingApp(CampaignStore(db), Clock(date(2026, 3, 1)), author="tester")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Justice for housekeepers" in text
        assert "Ana Pérez" in text and "Oakland" in text and "Luis Ortega" in text and "Chicago" in text
        assert "A fair contract at Grand Hotels" in text and "1,200 of 6,000 signatures" in text
        assert "✓ 1,000 delivered to the general manager" in text and "○ 2,500 halfway: a rally at the Grand" in text
        assert "May Day delegation to the owners" in text and "full: all 3 seats taken; 1 on the waitlist (first: Olga Ivanova)" in text
        assert "Letter to Grand Hotels" in text and "to Jordan Smith  ceo@grandhotels.example" in text
        await pilot.press("4", "R")  # the targets, in their order, with their tweets' languages
        await wait_for(pilot, lambda: isinstance(app.screen, RecordListScreen), what="the targets list")
        listed = screen_text(app)
        assert listed.index("Jordan Smith, CEO") < listed.index("Sam Lee, Chair, Hotel Board")
        assert "tweets: en, es" in listed
        await pilot.press("escape", "3")
        await pilot.pause()
        assert "Olga Ivanova" in screen_text(app) and "waitlist" in screen_text(app)
