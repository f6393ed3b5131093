"""`status` for cron and ssh: what needs attention first, `--json`, and `--check`'s exit code
for each kind of problem (1 with only those lines; 0 and silence when all is well)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from store.summary import ATTENTION_KINDS

from .clihelpers import cli, ok
from .petition_server import server  # noqa: F401
from .test_cli import run

FEB_6 = ("--today", "2013-02-06")


def check(db: Path, *today: str) -> tuple[int, list[str]]:
    """`status --check`: the exit code and the lines printed; and `--json --check` agrees."""
    out = cli("status", "--check", *today, db=db)
    assert out.stderr == "", out.stderr
    data = cli("status", "--json", "--check", *today, db=db)
    assert data.code == out.code
    assert [f"{a['area']}: {a['text']}" for a in json.loads(data.stdout)["attention"]] == out.stdout.splitlines()
    return out.code, out.stdout.splitlines()


def kinds(db: Path, *today: str) -> list[str]:
    return [a["kind"] for a in ok("status", "--json", *today, db=db).json()["attention"]]


def test_the_demo_on_6_february_is_all_clear_and_silent(demo_db: Path) -> None:
    out = run("status", "--check", "--db", str(demo_db), *FEB_6)  # as cron runs it
    assert (out.returncode, out.stdout, out.stderr) == (0, "", "")


def test_a_blank_campaign_says_what_to_set_up_and_is_no_alarm(tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    ok("new", "--name", "Hotel workers", db=path)
    text = ok("status", db=path).stdout
    assert "TOUR: no speakers or stops yet" in text and "PETITION: (no title yet)\n  0 signatures; no goal yet" in text
    assert "DELEGATION: (no name yet)" in text and "0 of 0" not in text and "goal reached" not in text
    assert "TO SET UP:\n  no speakers yet (campaign-dash speaker add NAME)" in text
    assert "the petition has no title or goal yet (campaign-dash petition edit --title TEXT --goal N)" in text
    assert "the delegation has no name yet" in text and "no targets for the letter yet" in text
    assert check(path) == (0, [])
    data = ok("status", "--json", db=path).json()
    assert data["setup"][0] == "no speakers yet (campaign-dash speaker add NAME)" and data["attention"] == []
    assert data["petition"]["projection"] == "no goal yet"


def test_double_booked(demo_db: Path) -> None:
    ok("tour", "add", "--speaker", "Jaime Rivera", "--city", "Hartford", "--start", "2013-02-09", db=demo_db)
    assert check(demo_db, *FEB_6) == (1, ["tour: Jaime Rivera is double-booked 9 Feb: Boston and Hartford"])
    assert "NEEDS ATTENTION: 1\n  ! Jaime Rivera is double-booked 9 Feb: Boston and Hartford" in ok("status", *FEB_6, db=demo_db).stdout
    assert check(demo_db, "--today", "2013-03-01") == (0, [])  # once the tour is over, no alarm


def test_gap(demo_db: Path) -> None:
    ok("tour", "add", "--speaker", "Alex Gomez", "--city", "San Diego", "--start", "2013-02-18", db=demo_db)
    assert check(demo_db, *FEB_6) == (1, ["tour: Alex Gomez has 4 free days between Los Angeles (ends 13 Feb) and San Diego (starts 18 Feb)"])
    assert kinds(demo_db, *FEB_6) == ["gap"]


def test_behind_pace(demo_db: Path) -> None:
    ok("petition", "add", "10", "--today", "2013-02-06", db=demo_db)  # 10 in five days; 12 a day needed
    code, lines = check(demo_db, *FEB_6)
    assert code == 1 and len(lines) == 1
    # 10 since 1 Feb 12:00, at today's time of day on 6 Feb: 1.8 to 2.2 a day
    assert re.fullmatch(r"petition: the petition is behind: [12]\.\d signatures a day, 12\.4 a day needed to reach 2,000 by Sat 27 Apr 2013", lines[0]), lines
    assert kinds(demo_db, *FEB_6) == ["behind-pace"]
    ok("petition", "add", "900", "--today", "2013-02-06", db=demo_db)  # now ahead of the pace
    assert check(demo_db, *FEB_6) == (0, [])


def test_deadline_passed(demo_db: Path) -> None:
    assert check(demo_db, "--today", "2013-05-01") == (1, ["petition: the petition's deadline passed 4 days ago (Sat 27 Apr 2013) with 1,000 signatures still needed"])
    ok("petition", "set", "2000", db=demo_db)
    assert check(demo_db, "--today", "2013-05-01") == (0, [])  # the goal was reached: nothing to do


def test_source_failing(demo_db: Path, server: HTTPServer) -> None:  # noqa: F811
    ok("petition", "source", "json", server.url_for("/count.json"), "--path", "count", db=demo_db)
    server.expect_request("/count.json").respond_with_data("boom", status=500)
    assert cli("petition", "refresh", *FEB_6, db=demo_db).code == 1
    code, lines = check(demo_db, *FEB_6)
    assert code == 1 and lines[0].startswith("petition: the live count is failing: the last fetch (2013-02-06 ") and "HTTP 500" in lines[0]
    assert kinds(demo_db, *FEB_6) == ["source-failing"]
    server.clear()
    server.expect_request("/count.json").respond_with_json({"count": 1990})
    ok("petition", "refresh", *FEB_6, db=demo_db)
    assert check(demo_db, *FEB_6) == (0, [])  # a good reading since: no longer failing


def test_a_removed_source_is_no_longer_failing(demo_db: Path) -> None:
    ok("petition", "source", "json", "http://127.0.0.1:9/count.json", "--path", "count", db=demo_db)
    assert cli("petition", "refresh", *FEB_6, db=demo_db).code == 1
    assert kinds(demo_db, *FEB_6) == ["source-failing"]
    ok("petition", "source", "none", db=demo_db)
    assert check(demo_db, *FEB_6) == (0, [])


def test_over_capacity(demo_db: Path) -> None:
    ok("delegation", "set", "--capacity", "1", db=demo_db)
    ok("roster", "add", "--name", "Ana", "--status", "accepted", db=demo_db)
    ok("roster", "add", "--name", "Beto", "--status", "accepted", "--over-capacity", db=demo_db)
    assert check(demo_db, *FEB_6) == (1, ["roster: the delegation is over capacity: 2 seats taken of 1"])


def test_waitlist_with_seats(demo_db: Path) -> None:
    ok("delegation", "set", "--capacity", "1", db=demo_db)
    ok("roster", "add", "--name", "Ana", "--email", "ana@example.org", "--status", "accepted", db=demo_db)
    ok("roster", "add", "--name", "Beto", "--status", "accepted", "--waitlist", db=demo_db)
    assert check(demo_db, *FEB_6) == (0, [])  # full, and Beto waits: as it should be
    ok("roster", "set", "ana@example.org", "--status", "withdrawn", db=demo_db)
    assert check(demo_db, *FEB_6) == (1, ["roster: 1 seat free and 1 on the waitlist (first: Beto)"])


def test_every_kind_is_tested_here() -> None:
    tested = {"double-booked", "gap", "behind-pace", "deadline-passed", "source-failing", "over-capacity", "waitlist-with-seats", "unsaved"}
    assert set(ATTENTION_KINDS) == tested


def test_several_problems_at_once_as_a_real_process(demo_db: Path) -> None:
    ok("tour", "add", "--speaker", "Jaime Rivera", "--city", "Hartford", "--start", "2013-02-09", db=demo_db)
    ok("delegation", "set", "--capacity", "1", db=demo_db)
    for name in ("Ana", "Beto"):
        ok("roster", "add", "--name", name, "--status", "paid", "--over-capacity", db=demo_db)
    out = run("status", "--check", "--db", str(demo_db), *FEB_6)
    assert out.returncode == 1 and out.stderr == ""
    assert out.stdout.splitlines() == ["tour: Jaime Rivera is double-booked 9 Feb: Boston and Hartford", "roster: the delegation is over capacity: 2 seats taken of 1"]


def test_status_json_is_one_documented_object(demo_db: Path) -> None:
    data = ok("status", "--json", *FEB_6, db=demo_db).json()
    assert list(data) == ["schema", "campaign", "today", "attention", "setup", "tour", "petition", "delegation", "letters", "file"]
    assert (data["schema"], data["campaign"], data["today"], data["file"]) == (1, "US-El Salvador labor solidarity (demo)", "2013-02-06", str(demo_db))
    assert data["attention"] == [] and data["setup"] == []
    jaime = data["tour"]["speakers"][0]
    assert (jaime["name"], jaime["today"]["city"], jaime["next"]["city"], jaime["next"]["start"]) == ("Jaime Rivera", "New York City", "Boston", "2013-02-08")
    assert data["tour"]["stops"] == 10 and data["tour"]["problems"] == []
    p = data["petition"]
    assert (p["count"], p["goal"], p["deadline"], p["days_left"], p["needed_per_day"], p["pace_per_day"]) == (1000, 2000, "2013-04-27", 80, 12.5, None)
    assert [m["reached"] for m in p["milestones"]] == [True, False] and p["source"] is None and p["last_error"] is None
    d = data["delegation"]
    assert (d["name"], d["start"], d["end"], d["capacity"], d["seats_left"], d["waitlist"]) == ("May Day Labor Solidarity Delegation to El Salvador", "2013-04-27", "2013-05-04", None, None, [])
    assert data["letters"]["targets"] == 4 and data["letters"]["to"] == ["comunicaciones@mtps.gob.sv"]


@pytest.mark.parametrize("flag", ["--json", "--check"])
def test_status_flags_refuse_a_missing_file(tmp_path: Path, flag: str) -> None:
    out = run("status", flag, "--db", str(tmp_path / "typo.json"))
    assert out.returncode == 2 and "no campaign at" in out.stderr and out.stdout == ""


def test_changes_a_dashboard_could_not_save_need_attention(tmp_path: Path) -> None:
    """The report an open dashboard leaves (store.unsaved) is read by status: --check exits 1 and
    names the changes; a dashboard that has closed since is said to have lost them."""
    import os

    from store.unsaved import UnsavedReport, clear_report, write_report

    path = tmp_path / "c.json"
    assert run("new", "--db", str(path), "--name", "Fresno").returncode == 0
    assert run("status", "--check", "--db", str(path), "--today", "2026-11-22").returncode == 0
    write_report(path, UnsavedReport("the disk is full", ["added 35 signatures"], "ana", "2026-11-22T14:02:00", os.getpid()))
    result = run("status", "--check", "--db", str(path), "--today", "2026-11-22")
    assert result.returncode == 1
    assert "dashboard: 1 change made in the dashboard by ana are not saved since 2026-11-22 14:02 (the disk is full): added 35 signatures" in result.stdout
    gone = 2**22 + 12345  # no such process (pid_max is at most 2**22)
    write_report(path, UnsavedReport("a conflict", ["edited Ana"], "beto", "2026-11-22T14:05:00", gone, conflict=True))
    data = json.loads(run("status", "--json", "--db", str(path), "--today", "2026-11-22").stdout)
    (item,) = data["attention"]
    assert item["kind"] == "unsaved" and "wait for the organizer to settle a conflict" in item["text"]
    assert "that dashboard has closed, so they are lost unless made again" in item["text"]
    clear_report(path)
    assert run("status", "--check", "--db", str(path), "--today", "2026-11-22").returncode == 0
