"""`campaign-dash petition ...` as a real process, against a real HTTP server."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from .petition_server import SECRET, server  # noqa: F401
from .test_cli import run

KEY = {"ACTION_NETWORK_API_KEY": SECRET}


def test_status_add_set_goal_history(demo_db: Path) -> None:
    db = ["--db", str(demo_db)]
    status = run("petition", *db, "--today", "2013-02-06")
    assert "1,000 of 2,000 signatures (50%)" in status.stdout and "80 days left" in status.stdout
    added = run("petition", "add", "35", "--note", "paper sheets, Boston event", *db, "--today", "2013-02-08")
    assert added.returncode == 0 and "1,035 of 2,000" in added.stdout
    for bad in (["add", "abc"], ["add", "--", "-5"], ["add", "5000000"], ["set", "x"], ["goal", "0"]):
        out = run("petition", *bad, *db)
        assert out.returncode == 2 and "Traceback" not in out.stderr, bad
    assert "1,035 of" in run("petition", *db).stdout  # refused entries changed nothing
    goal = run("petition", "goal", "2500", "--deadline", "2013-05-01", *db, "--today", "2013-02-08")
    assert "1,035 of 2,500" in goal.stdout and "deadline Wed 1 May 2013" in goal.stdout
    history = run("petition", "history", "--csv", *db).stdout.splitlines()
    assert history[0] == "time,count,source,added,remote,note,error"
    assert history[-1].endswith(',1035,manual,35,,"paper sheets, Boston event",')


def test_refresh_1000_1240_1400_over_simulated_days(demo_db: Path, server: HTTPServer) -> None:
    db = ["--db", str(demo_db)]
    source = run("petition", "source", "action-network", server.url_for("/api/v2/petitions/p3"), *db)
    assert source.returncode == 0, source.stderr
    for day, count in (("2013-02-06", 1000), ("2013-02-10", 1240), ("2013-02-14", 1400)):
        server.clear()
        server.expect_request("/api/v2/petitions/p3", headers={"OSDI-API-Token": SECRET}).respond_with_json({"total_signatures": count})
        out = run("petition", "refresh", *db, "--today", day, env=KEY)
        assert out.returncode == 0, out.stderr
        assert f"{count:,} of 2,000" in out.stdout
    assert "pace 50.0 a day, needed 8.3 a day; goal projected for 26 Feb 2013, before the deadline" in out.stdout


def test_failed_refresh_keeps_the_count_and_never_shows_the_key(demo_db: Path, server: HTTPServer) -> None:
    db = ["--db", str(demo_db)]
    run("petition", "source", "action-network", server.url_for("/api/v2/petitions/p3"), *db)
    outputs = []
    for respond, words in (
        (lambda s: s.respond_with_data("no", status=401), "refused the API key"),
        (lambda s: s.respond_with_data("boom", status=500), "HTTP 500"),
        (lambda s: s.respond_with_json({"total_signatures": "many"}), "not a number"),
    ):
        server.clear()
        respond(server.expect_request("/api/v2/petitions/p3"))
        out = run("petition", "refresh", *db, env=KEY)
        assert out.returncode == 1 and words in out.stderr
        outputs.append(out.stdout + out.stderr)
    status = run("petition", *db)
    assert "1,000 of 2,000" in status.stdout and "last fetch failed" in status.stdout
    history = run("petition", "history", *db).stdout
    outputs += [status.stdout, history]
    assert history.count("error:") == 3
    for text in outputs:
        assert SECRET not in text
    assert SECRET.encode() not in demo_db.read_bytes()


def test_refresh_without_a_source_or_without_a_key(demo_db: Path) -> None:
    db = ["--db", str(demo_db)]
    assert "no live source set" in run("petition", "refresh", *db).stderr
    run("petition", "source", "action-network", "some-id", *db)
    out = run("petition", "refresh", *db, env={"ACTION_NETWORK_API_KEY": ""})
    assert out.returncode == 1 and "set the environment variable ACTION_NETWORK_API_KEY" in out.stderr
    bad = run("petition", "source", "json", "https://example.org/x.json", *db)
    assert bad.returncode == 2 and "say where the count is" in bad.stderr
    removed = run("petition", "source", "none", *db)
    assert "live source removed" in removed.stdout


def test_a_count_that_drops_is_refused_and_kept_as_an_error(demo_db: Path, server: HTTPServer) -> None:
    db = ["--db", str(demo_db)]
    run("petition", "source", "json", server.url_for("/count.json"), "--path", "count", "--max-drop", "0.1", *db)
    for count, code in ((1240, 0), (300, 1)):
        server.clear()
        server.expect_request("/count.json").respond_with_json({"count": count})
        out = run("petition", "refresh", *db)
        assert out.returncode == code, out.stderr
    assert "fell from 1,240 to 300 (more than 10%); not used" in out.stderr
    assert "1,240 of 2,000" in run("petition", *db).stdout
