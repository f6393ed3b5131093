"""The command line, run as a real process the way cron or an ssh session would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import file_state

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_status_on_the_demo(db_path: Path) -> None:
    made = run("demo", "--no-open", "--db", str(db_path))
    assert made.returncode == 0, made.stderr
    assert f"made the demo campaign in {db_path}" in made.stdout and db_path.exists()
    out = run("status", "--db", str(db_path), "--today", "2013-02-06")
    assert out.returncode == 0, out.stderr
    assert "Jaime Rivera (STSEL): today in New York City" in out.stdout
    assert "Alex Gomez (FESTRASPES): today in Portland, OR" in out.stdout
    assert "1,000 of 2,000 signatures" in out.stdout
    assert out.stderr == ""


def test_options_before_the_subcommand_and_from_the_environment(demo_db: Path) -> None:
    out = run("--today", "2013-02-06", "status", env={"CAMPAIGN_DASH_DB": str(demo_db)})
    assert out.returncode == 0, out.stderr
    assert "as of Wed 6 Feb 2013" in out.stdout


def test_default_file_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    folder = tmp_path / "data" / "campaign-dash"
    made = run("new", "--name", "Hotel workers", env=env)
    assert made.returncode == 0, made.stderr
    assert (folder / "campaign.json").exists() and "open it with: campaign-dash\n" in made.stdout
    assert "Hotel workers, as of" in run("status", env=env).stdout
    campaign = (folder / "campaign.json").read_bytes()
    demo = run("demo", "--no-open", env=env)
    assert demo.returncode == 0, demo.stderr
    assert (folder / "demo.json").exists() and (folder / "campaign.json").read_bytes() == campaign  # the demo never becomes the campaign


def test_corrupt_file_is_refused_untouched(db_path: Path) -> None:
    db_path.write_text('{"members": [oops')
    before = file_state(db_path)
    for args in (["status"], []):
        out = run(*args, "--db", str(db_path))
        assert out.returncode == 2
        assert "not valid JSON" in out.stderr and str(db_path) in out.stderr
        assert "--reset-demo" in out.stderr and "Traceback" not in out.stderr
        assert file_state(db_path) == before


def test_reset_demo_keeps_a_backup(db_path: Path) -> None:
    db_path.write_text("{oops")
    out = run("--db", str(db_path), "--reset-demo", "status", "--today", "2013-02-06")
    assert out.returncode == 0, out.stderr
    backups = list(db_path.parent.glob("campaign.json.*.bak"))
    assert len(backups) == 1 and backups[0].read_text() == "{oops"
    assert "1,000 of 2,000" in out.stdout


def test_bad_today_and_version_and_help() -> None:
    out = run("status", "--today", "6/2/2013")
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr
    assert run("--version").stdout.strip() == "campaign-dash, version 0.1.0"
    assert run("status", "--version").returncode == 0
    helptext = run("--help").stdout
    assert "--db" in helptext and "--today" in helptext and "status" in helptext
    assert "--today" in run("status", "--help").stdout


def test_db_on_the_command_line_beats_the_environment_before_or_after_the_subcommand(tmp_path: Path) -> None:
    """`CAMPAIGN_DASH_DB=w1.json campaign-dash --db w2.json petition add 7` must change w2, not w1."""
    w1, w2 = tmp_path / "w1.json", tmp_path / "w2.json"
    for path in (w1, w2):
        assert run("demo", "--no-open", "--db", str(path)).returncode == 0
    env = {"CAMPAIGN_DASH_DB": str(w1)}
    for args in (["--db", str(w2), "petition", "add", "7"], ["petition", "add", "7", "--db", str(w2)], ["petition", "--db", str(w2), "add", "7"]):
        before = w1.read_bytes()
        out = run(*args, env=env)
        assert out.returncode == 0, out.stderr
        assert w1.read_bytes() == before, args
    assert "1,021 of 2,000" in run("petition", "--db", str(w2)).stdout
    assert "1,007 of 2,000" in run("petition", "add", "7", env=env).stdout  # no --db: the environment
    for args in (["--today", "2013-02-06", "status", "--today", "2013-03-01"], ["--today", "2013-03-01", "status"]):
        assert "as of Fri 1 Mar 2013" in run(*args, "--db", str(w2)).stdout


def test_today_on_the_command_line_counts_wherever_it_stands(demo_db: Path) -> None:
    """--today before the subcommand, after it, between group and command; given twice, the one
    nearest the command wins (there is no environment variable for the day: the clock is real)."""
    from datetime import date

    from store.db import CampaignStore

    orders = [
        (["--today", "2013-02-10", "petition", "add", "1"], date(2013, 2, 10)),
        (["petition", "add", "1", "--today", "2013-02-11"], date(2013, 2, 11)),
        (["petition", "--today", "2013-02-12", "add", "1"], date(2013, 2, 12)),
        (["--today", "2013-01-01", "petition", "add", "1", "--today", "2013-02-13"], date(2013, 2, 13)),
        (["--today", "2013-01-01", "petition", "--today", "2013-02-14", "add", "1"], date(2013, 2, 14)),
        (["petition", "--today", "2013-01-01", "add", "1", "--today", "2013-02-15"], date(2013, 2, 15)),
    ]
    for args, day in orders:
        out = run(*args, "--db", str(demo_db))
        assert out.returncode == 0, out.stderr
        assert CampaignStore(demo_db).load().petition.readings[-1].at.date() == day, args
    for args in (["--today", "2013-03-01", "status"], ["status", "--today", "2013-03-01"], ["--today", "2013-01-01", "status", "--today", "2013-03-01"]):
        assert "as of Fri 1 Mar 2013" in run(*args, "--db", str(demo_db)).stdout, args
    for args in (["--today", "2013-03-01", "petition"], ["petition", "--today", "2013-03-01"]):
        assert "57 days left" in run(*args, "--db", str(demo_db)).stdout, args
