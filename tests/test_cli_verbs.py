"""The verbs that let a script do what the dashboard does: petition (edit, milestones), speakers,
targets (and their tweets), letter templates, and people on the roster. Each edit is one change
(logged, undone by `undo`); each bad value is refused by name, exit 2, the file untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.db import AtomicJSONStorage, CampaignStore
from store.tweets import weighted_length

from .clihelpers import Ran, cli, ok, refused


def records(db: Path) -> dict[str, dict[str, dict]]:
    """The campaign's records by table and id, without the log and revision (which undo adds
    to) and without the file's row numbers (a record brought back by undo gets a new one)."""
    data = AtomicJSONStorage(db).read()  # the snapshot with its journal applied
    assert data is not None
    return {table: {row["id"]: row for row in rows.values()} for table, rows in data.items() if table not in ("log", "meta")}


def undo_restores(db: Path, *args: str) -> Ran:
    """Run a command that changes the campaign, then `undo`: the campaign is as it was."""
    before = records(db)
    done = ok(*args, db=db)
    assert records(db) != before, args
    ok("undo", db=db)
    assert records(db) == before, args
    return done


# --- petition -------------------------------------------------------------------------------


def test_petition_edit_moves_the_goal_milestone_and_each_edit_undoes(demo_db: Path) -> None:
    ok("petition", "edit", "--title", "No to P3", "--url", "https://example.org/p3", "--goal", "2500", "--deadline", "2013-05-01", db=demo_db)
    p = CampaignStore(demo_db).load().petition
    assert (p.title, p.url, p.goal, p.deadline.isoformat()) == ("No to P3", "https://example.org/p3", 2500, "2013-05-01")
    assert [m.count for m in p.milestones] == [1000, 2500]  # the goal's milestone followed the goal
    data = ok("petition", "show", "--json", "--today", "2013-02-06", db=demo_db).json()
    assert data["goal"] == 2500 and data["count"] == 1000 and data["days_left"] == 84
    assert data["milestones"] == [
        {"count": 1000, "label": p.milestones[0].label, "reached": True},
        {"count": 2500, "label": p.milestones[1].label, "reached": False},
    ]
    assert ok("petition", "--json", db=demo_db).json()["title"] == "No to P3"
    ok("petition", "goal", "3000", db=demo_db)  # the old command follows the same rule
    assert [m.count for m in CampaignStore(demo_db).load().petition.milestones] == [1000, 3000]
    for args in (["petition", "edit", "--url", ""], ["petition", "edit", "--deadline", ""], ["petition", "edit", "--title", "Other"]):
        undo_restores(demo_db, *args)


def test_milestones_add_edit_remove_list_and_undo(demo_db: Path) -> None:
    undo_restores(demo_db, "petition", "milestone", "add", "1,500", "halfway to the next delivery")
    ok("petition", "milestone", "add", "1500", "halfway", db=demo_db)
    listed = ok("petition", "milestone", "list", "--json", db=demo_db).json()
    assert [(m["count"], m["label"], m["goal"]) for m in listed][1] == (1500, "halfway", False)
    assert listed[2]["goal"] is True
    undo_restores(demo_db, "petition", "milestone", "edit", "1500", "--count", "1750", "--label", "most of the way")
    ok("petition", "milestone", "edit", "1500", "--label", "half", db=demo_db)
    assert "       1,500  half  [not yet]" in ok("petition", "milestone", "list", db=demo_db).stdout
    undo_restores(demo_db, "petition", "milestone", "remove", "1,500")
    ok("petition", "milestone", "remove", "1500", db=demo_db)
    assert [m.count for m in CampaignStore(demo_db).load().petition.milestones] == [1000, 2000]
    summaries = ok("log", db=demo_db).stdout.splitlines()
    assert any("added the milestone at 1,500: halfway" in line for line in summaries)
    assert any("removed the milestone at 1,500" in line for line in summaries)


def test_petition_history_as_json(demo_db: Path) -> None:
    ok("petition", "add", "35", "--note", "paper sheets", "--today", "2013-02-08", db=demo_db)
    ok("petition", "set", "1100", "--today", "2013-02-09", db=demo_db)
    rows = ok("petition", "history", "--json", db=demo_db).json()
    assert [(r["kind"], r["total"], r["added"], r["set_to"]) for r in rows] == [("correction", 1000, None, 1000), ("tally", 1035, 35, None), ("correction", 1100, None, 1100)]
    assert rows[1]["note"] == "paper sheets" and rows[1]["at"].startswith("2013-02-08T")


# --- speakers -------------------------------------------------------------------------------


def test_speakers_add_set_list_and_undo(demo_db: Path) -> None:
    undo_restores(demo_db, "speaker", "add", "Ana Pérez", "--organization", "UNITE HERE Local 11", "--role", "Housekeeper", "--region", "West Coast")
    ok("speaker", "add", "Ana Pérez", "--organization", "UNITE HERE Local 11", "--region", "West Coast", db=demo_db)
    undo_restores(demo_db, "speaker", "set", "ana pérez", "--role", "Shop steward")
    ok("speaker", "set", "Jaime Rivera", "--name", "Jaime Rivera Ramos", db=demo_db)
    speakers = ok("speaker", "list", "--json", db=demo_db).json()
    assert [(s["name"], s["organization"], s["region"], s["stops"]) for s in speakers] == [
        ("Jaime Rivera Ramos", "STSEL", "East Coast", 4), ("Alex Gomez", "FESTRASPES", "West Coast", 6), ("Ana Pérez", "UNITE HERE Local 11", "West Coast", 0),
    ]
    assert "Jaime Rivera Ramos  STSEL  Leader, Electrical Utility Workers Union  East Coast  (4 stops)" in ok("speaker", "list", db=demo_db).stdout
    assert "Jaime Rivera Ramos" in ok("tour", "list", "--today", "2013-02-06", db=demo_db).stdout  # the stops follow the speaker


def test_removing_a_speaker_says_how_many_stops_go_and_undo_brings_all_back(demo_db: Path) -> None:
    before = records(demo_db)
    (line,) = refused("speaker", "remove", "Jaime Rivera", db=demo_db)  # no terminal, no --yes
    assert "this would remove the speaker Jaime Rivera and their 4 stops; add --yes" in line
    gone = ok("speaker", "remove", "jaime rivera", "--yes", db=demo_db)
    assert "removed Jaime Rivera and their 4 stops" in gone.stdout
    campaign = CampaignStore(demo_db).load()
    assert [s.name for s in campaign.speakers] == ["Alex Gomez"] and len(campaign.stops) == 6
    (entry,) = ok("log", "--json", db=demo_db).stdout.splitlines()
    assert entry.count('"op": "delete"') == 5  # one change: the speaker and the four stops
    ok("undo", db=demo_db)
    assert records(demo_db) == before


# --- targets --------------------------------------------------------------------------------


def test_targets_add_set_move_tweet_list_and_undo(demo_db: Path) -> None:
    undo_restores(demo_db, "target", "add", "Jordan Smith", "--title", "CEO", "--organization", "Grand Hotels", "--email", "ceo@example.com, pr@example.com", "--handle", "@GrandHotels", "--send-as", "cc")
    ok("target", "add", "Jordan Smith", "--title", "CEO", "--organization", "Grand Hotels", "--email", "ceo@example.com", "--email", "pr@example.com", "--handle", "GrandHotels", "--send-as", "cc", db=demo_db)
    listed = ok("target", "list", "--json", db=demo_db).json()
    jordan = listed[-1]
    assert {k: jordan[k] for k in ("position", "name", "title", "organization", "send_as", "emails", "handles", "tweets")} == {
        "position": 5, "name": "Jordan Smith", "title": "CEO", "organization": "Grand Hotels", "send_as": "cc",
        "emails": ["ceo@example.com", "pr@example.com"], "handles": ["@GrandHotels"], "tweets": {},
    }
    undo_restores(demo_db, "target", "move", "Jordan Smith", "up")
    for _ in range(4):
        ok("target", "move", "@GrandHotels", "up", db=demo_db)
    first = ok("target", "move", "Jordan Smith", "up", db=demo_db)
    assert "already first; nothing changed" in first.stderr
    assert [t.name for t in CampaignStore(demo_db).load().targets][:2] == ["Jordan Smith", "Rolando Castro"]
    undo_restores(demo_db, "target", "set", "Jordan Smith", "--send-as", "to", "--email", "")
    text = "Pay housekeepers fairly: https://example.org/p #GrandHotels"
    posted = f"@GrandHotels {text}"  # the handle the text leaves out goes first
    length = weighted_length(posted)
    assert length == len(posted) - len("https://example.org/p") + 23  # a link counts 23, as X counts it
    tweet = ok("target", "tweet", "Jordan Smith", "--lang", "en", text, db=demo_db)
    assert tweet.stdout == f"Jordan Smith (en): {length}/280\n{posted}\n"
    data = ok("target", "list", "--json", db=demo_db).json()[0]["tweets"]["en"]
    assert data == {"text": text, "posted": posted, "length": length, "fits": True, "problem": ""}
    assert f"tweets: en {length}/280" in ok("target", "list", db=demo_db).stdout
    undo_restores(demo_db, "target", "tweet", "Jordan Smith", "--lang", "en", "")  # blank removes it


def test_a_long_tweet_is_kept_with_its_length_and_a_warning(demo_db: Path) -> None:
    text = "ñ" * 290
    out = cli("target", "tweet", "@trabajosv", "--lang", "es", text, db=demo_db)
    posted = f"@trabajosv @RolandoCastroSV {text}"
    assert len(posted) == 318 == weighted_length(posted)
    assert out.code == 0 and out.stdout == f"Rolando Castro (es): 318/280\n{posted}\n"
    assert "318/280: 38 over the limit" in out.stderr and "kept as typed" in out.stderr
    assert CampaignStore(demo_db).load().targets[0].tweets["es"] == text
    piped = cli("target", "tweet", "Rolando Castro", "--lang", "en", "-", db=demo_db, stdin="From standard input\n")
    assert piped.code == 0 and CampaignStore(demo_db).load().targets[0].tweets["en"] == "From standard input"


def test_removing_a_target_asks_and_undo_brings_it_back(demo_db: Path) -> None:
    (line,) = refused("target", "remove", "Rolando Castro", db=demo_db)
    assert "this would remove the target Rolando Castro and their 2 tweets; add --yes" in line
    undo_restores(demo_db, "target", "remove", "@trabajosv", "--yes")


# --- letter templates -----------------------------------------------------------------------


def test_templates_add_rename_copy_remove_and_undo(demo_db: Path, tmp_path: Path) -> None:
    body = tmp_path / "letter.txt"
    body.write_bytes("\ufeffDear {recipient},\r\n\r\nWe ask you to reinstate {union}'s board.\r\n\r\n{signer_name}\r\n".encode())
    undo_restores(demo_db, "template", "add", "Letter to the owners", "--lang", "en", "--body-file", str(body))
    added = ok("template", "add", "Letter to the owners", "--lang", "en", "--body-file", str(body), db=demo_db)
    assert "its blanks: recipient, union, signer_name" in added.stdout
    stdin = ok("template", "add", "Carta corta", "--lang", "es", "--body-file", "-", db=demo_db, stdin="Estimado {destinatario}:\n")
    assert "Carta corta" in stdin.stdout
    undo_restores(demo_db, "template", "rename", "letter to the", "Letter to Grand Hotels")
    ok("template", "rename", "Letter to the owners", "Letter to Grand Hotels", db=demo_db)
    undo_restores(demo_db, "template", "copy-language", "Letter to Grand", "--from", "en", "--to", "es")
    ok("template", "copy-language", "Letter to Grand", "--from", "en", "--to", "es", db=demo_db)
    listed = {t["name"]: t for t in ok("template", "list", "--json", db=demo_db).json()}
    grand = listed["Letter to Grand Hotels"]
    assert grand["languages"] == ["en", "es"] and grand["bodies"]["es"] == grand["bodies"]["en"]
    assert grand["bodies"]["en"].startswith("Dear {recipient},\n\nWe ask")  # BOM and CRLF gone
    assert [f["key"] for f in grand["fields"]] == ["recipient", "union", "signer_name"]
    again = cli("template", "copy-language", "Letter to Grand", "--from", "en", "--to", "es", db=demo_db)
    assert again.code == 2 and "already has a es text; add --replace" in again.stderr
    ok("template", "copy-language", "Letter to Grand", "--from", "en", "--to", "es", "--replace", db=demo_db)
    (line,) = refused("template", "remove", "Carta corta", db=demo_db)
    assert "this would remove the letter template Carta corta (es); add --yes" in line
    undo_restores(demo_db, "template", "remove", "Carta corta", "--yes")
    assert "Letter to Grand Hotels  (en, es)  0 of 3 fields filled" in ok("template", "list", db=demo_db).stdout


# --- people on the roster -------------------------------------------------------------------


def test_roster_add_set_remove_and_undo(demo_db: Path) -> None:
    undo_restores(demo_db, "roster", "add", "--name", "José Roberto Méndez", "--email", "jose@example.org", "--organization", "STISSS", "--city", "San Salvador", "--phone", "+503 2222 0000", "--role", "officer", "--status", "applied", "--notes", "Speaks English\nand Spanish")
    ok("roster", "add", "--name", "José Roberto Méndez", "--email", "jose@example.org", "--organization", "STISSS", "--status", "applied", db=demo_db)
    undo_restores(demo_db, "roster", "set", "jose roberto mendez", "--status", "accepted", "--city", "Santa Ana")  # accents and case ignored
    ok("roster", "set", "JOSE@example.org", "--status", "accepted", db=demo_db)
    (person,) = ok("roster", "list", "--json", db=demo_db).json()
    assert (person["name"], person["status"], person["organization"], person["waitlist_position"]) == ("José Roberto Méndez", "accepted", "STISSS", None)
    log = ok("log", db=demo_db).stdout
    assert "José Roberto Méndez: applied → accepted" in log
    (line,) = refused("roster", "remove", "jose@example.org", db=demo_db)
    assert "this would remove José Roberto Méndez (jose@example.org, accepted) from the roster; add --yes" in line
    undo_restores(demo_db, "roster", "remove", "jose@example.org", "--yes")


def test_the_fourth_person_accepted_on_a_three_seat_delegation_is_asked_about(demo_db: Path) -> None:
    ok("delegation", "set", "--capacity", "3", db=demo_db)
    for name in ("Ana", "Beto", "Carla"):
        ok("roster", "add", "--name", name, "--email", f"{name.lower()}@example.org", "--status", "accepted", db=demo_db)
    before = demo_db.read_bytes()
    full = cli("roster", "add", "--name", "Dora", "--email", "dora@example.org", "--status", "confirmed", db=demo_db)
    assert full.code == 1 and demo_db.read_bytes() == before
    assert "not added: every seat is taken (3 of 3); add --waitlist to put Dora on the waitlist (1st in line), or --over-capacity" in full.stderr
    ok("roster", "add", "--name", "Dora", "--email", "dora@example.org", "--status", "confirmed", "--waitlist", db=demo_db)
    ok("roster", "add", "--name", "Eva", "--email", "eva@example.org", "--status", "waitlist", db=demo_db)
    ok("roster", "add", "--name", "Fidel", "--email", "fidel@example.org", "--status", "accepted", "--waitlist", db=demo_db)
    listed = {p["name"]: p["waitlist_position"] for p in ok("roster", "list", "--json", db=demo_db).json()}
    assert listed == {"Ana": None, "Beto": None, "Carla": None, "Dora": 1, "Eva": 2, "Fidel": 3}
    moving = cli("roster", "set", "eva@example.org", "--status", "accepted", db=demo_db)
    assert moving.code == 1 and "not changed: every seat is taken" in moving.stderr
    freed = ok("roster", "set", "beto@example.org", "--status", "withdrawn", db=demo_db)
    assert "a seat is free: Dora is first on the waitlist (campaign-dash roster set dora@example.org --status accepted)" in freed.stderr
    ok("roster", "set", "dora@example.org", "--status", "accepted", db=demo_db)
    shown = ok("delegation", "show", "--json", db=demo_db).json()
    assert (shown["seats_taken"], shown["seats_left"]) == (3, 0)
    assert [w["name"] for w in shown["waitlist"]] == ["Eva", "Fidel"]
    over = ok("roster", "set", "Eva", "--status", "paid", "--over-capacity", db=demo_db)
    assert "takes a seat over the capacity of 3" in over.stderr
    assert ok("delegation", "show", "--json", db=demo_db).json()["seats_left"] == -1


# --- every bad value: one line naming the field, exit 2, nothing written ----------------------

BAD = [
    # petition
    (["petition", "edit", "--goal", "0"], ["goal: the goal cannot be less than 1"]),
    (["petition", "edit", "--goal", "lots"], ["goal: 'lots' is not a whole number"]),
    (["petition", "edit", "--goal", "999999999999"], ["goal: 999,999,999,999 is not believable"]),
    (["petition", "edit", "--title", ""], ["title: the petition needs a title"]),
    (["petition", "edit", "--url", "javascript:alert(1)"], ["url: 'javascript:alert(1)' is not a web link"]),
    (["petition", "edit", "--deadline", "31/12/2013"], ["deadline: "]),
    (["petition", "edit", "--title", "x\x1b[2J", "--goal", "-3"], ["title: contains a control character", "goal: "]),
    (["petition", "edit"], ["nothing to set"]),
    (["petition", "goal", "0"], ["goal: the goal cannot be less than 1"]),
    (["petition", "milestone", "add", "1000", "again"], ["count: there is already a milestone at 1,000"]),
    (["petition", "milestone", "add", "abc", ""], ["count: 'abc' is not a whole number", "label: say what the milestone means"]),
    (["petition", "milestone", "add", "1500", "a\u202eb"], ["label: contains a bidirectional override"]),
    (["petition", "milestone", "edit", "1234", "--label", "x"], ["count: no milestone at 1,234 (milestones: 1,000, 2,000)"]),
    (["petition", "milestone", "edit", "1000", "--count", "2000"], ["count: there is already a milestone at 2,000"]),
    (["petition", "milestone", "edit", "1000"], ["nothing to set: give --count or --label"]),
    (["petition", "milestone", "remove", "7"], ["count: no milestone at 7"]),
    # speakers
    (["speaker", "add", ""], ["name: the name cannot be empty"]),
    (["speaker", "add", "JAIME RIVERA"], ["name: there is already a speaker called 'Jaime Rivera'"]),
    (["speaker", "add", "Ana", "--region", "x\x07"], ["region: contains a control character"]),
    (["speaker", "set", "Nobody", "--region", "x"], ["no speaker called 'Nobody' (known: Jaime Rivera, Alex Gomez)"]),
    (["speaker", "set", "Jaime Rivera", "--name", "Alex Gomez"], ["name: there is already a speaker called 'Alex Gomez'"]),
    (["speaker", "set", "Jaime Rivera"], ["nothing to set"]),
    (["speaker", "remove", "Nobody", "--yes"], ["no speaker called 'Nobody'"]),
    # targets
    (["target", "add", ""], ["name: the target needs a name"]),
    (["target", "add", "rolando castro"], ["name: there is already a target called 'Rolando Castro'"]),
    (["target", "add", "X", "--email", "not-an-email", "--handle", "@way_too_long_handle_here", "--send-as", "bcc"],
     ["email: 'not-an-email' does not look like an email address", "handle: '@way_too_long_handle_here' is not an X handle", "send-as: 'bcc': a target is sent the letter as 'to' or 'cc'"]),
    (["target", "set", "@nobody", "--title", "x"], ["no target called '@nobody'"]),
    (["target", "set", "Rolando Castro", "--name", "Herbert Rivera Alemán"], ["name: there is already a target called 'Herbert Rivera Alemán'"]),
    (["target", "set", "Rolando Castro", "--title", "Minister\x1b]0;x\x07"], ["title: contains a control character"]),
    (["target", "set", "Rolando Castro"], ["nothing to set"]),
    (["target", "remove", "Nobody", "--yes"], ["no target called 'Nobody'"]),
    (["target", "move", "Nobody", "up"], ["no target called 'Nobody'"]),
    (["target", "tweet", "Rolando Castro", "--lang", "es", "Hola\ufffe"], ["tweet: it contains U+FFFE"]),
    (["target", "tweet", "Rolando Castro", "--lang", "es", "Hola\x1b[2J"], ["tweet: it contains a control character"]),
    # templates
    (["template", "add", "", "--lang", "en", "--body-file", "{body}"], ["name: the template needs a name"]),
    (["template", "add", "T", "--lang", "en", "--body-file", "{bad_body}"], ["body: line 1: a lone '{'"]),
    (["template", "add", "T", "--lang", "en", "--body-file", "{empty}"], ["body: the letter is empty"]),
    (["template", "add", "T", "--lang", "en", "--body-file", "{latin1}"], ["is not UTF-8 text (byte 2); save it as UTF-8"]),
    (["template", "add", "T", "--lang", "en", "--body-file", "{missing}"], ["cannot read"]),
    (["template", "add", "stisss: letter to the minister of labor (2019)", "--lang", "en", "--body-file", "{body}"], ["name: there is already a template called"]),
    (["template", "rename", "STISSS", ""], ["name: the template needs a name"]),
    (["template", "rename", "zzz", "Y"], ["no template called 'zzz'"]),
    (["template", "copy-language", "STISSS", "--from", "es", "--to", "es"], ["lang: copy to the other language"]),
    (["template", "copy-language", "STISSS", "--from", "es", "--to", "en"], ["to: STISSS: letter to the Minister of Labor (2019) already has a en text; add --replace"]),
    (["template", "remove", "zzz", "--yes"], ["no template called 'zzz'"]),
    # campaign and delegation (more in test_cli_details.py)
    (["campaign", "set", "--languages", "fr"], ["languages: 'fr' is not a language"]),
    (["delegation", "set", "--capacity", "-1"], ["capacity: the capacity cannot be less than 1"]),
    # roster
    (["roster", "add", "--name", "", "--email", "x"], ["name: a name is needed", "email: 'x' does not look like an email address"]),
    (["roster", "add", "--name", "Ana", "--status", "boss", "--role", "king", "--phone", "call me"], ["phone: a phone number has digits", "role: 'king' is not a role", "status: 'boss' is not a status"]),
    (["roster", "add", "--name", "Ana", "--city", "x\x9b31m"], ["city: contains a control character (U+009B CSI)"]),
    (["roster", "add", "--name", "Ana", "--status", "accepted", "--waitlist", "--over-capacity"], ["--waitlist or --over-capacity: choose one"]),
    (["roster", "set", "nobody@example.org", "--status", "paid"], ["nobody on the roster has the email or name 'nobody@example.org'"]),
    (["roster", "set", "Xavier", "--status", "paid"], ["2 people are called 'Xavier': name one by email (x1@example.org, x2@example.org)"]),
    (["roster", "set", "x1@example.org", "--email", "x2@example.org"], ["email: Xavier already has this email; add --allow-duplicate-email to keep both"]),
    (["roster", "set", "x1@example.org"], ["nothing to set"]),
    (["roster", "remove", "Xavier", "--yes"], ["2 people are called 'Xavier'"]),
]


@pytest.mark.parametrize(("args", "lines"), BAD, ids=[" ".join(a).replace("\x1b", "ESC")[:60] for a, _ in BAD])
def test_each_bad_value_is_named_and_changes_nothing(demo_db: Path, tmp_path: Path, args: list[str], lines: list[str]) -> None:
    for email in ("x1@example.org", "x2@example.org"):
        ok("roster", "add", "--name", "Xavier", "--email", email, db=demo_db)
    files = {"body": "Dear {recipient},\n", "bad_body": "Dear {recipient,\n", "empty": "  \n"}
    for name, text in files.items():
        (tmp_path / f"{name}.txt").write_text(text)
    (tmp_path / "latin1.txt").write_bytes("Señor {nombre}".encode("latin-1"))
    args = [a.format(**{n: str(tmp_path / f"{n}.txt") for n in (*files, "latin1", "missing")}) if a.startswith("{") else a for a in args]
    got = refused(*args, db=demo_db)
    assert len(got) == len(lines), got
    for line, words in zip(got, lines):
        assert words in line, (line, words)
