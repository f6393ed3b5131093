"""`campaign-dash tour ...` as a real process."""

from __future__ import annotations

from pathlib import Path

import icalendar

from .test_cli import run

FIXTURES = Path(__file__).parent / "fixtures"


def test_list_upcoming_for_one_speaker(demo_db: Path) -> None:
    out = run("tour", "list", "--upcoming", "--speaker", "jaime rivera", "--db", str(demo_db), "--today", "2013-02-06")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert [line.split()[-1] for line in lines] == ["today", "days", "days"]
    assert "New York City" in lines[0] and "Boston" in lines[1] and "next in 2 days" in lines[1]
    assert "DC" not in out.stdout


def test_add_then_list_and_errors(demo_db: Path) -> None:
    ok = run("tour", "add", "--speaker", "Jaime Rivera", "--city", "Hartford", "--start", "02-09", "--end", "02-10", "--db", str(demo_db), "--today", "2013-02-06")
    assert ok.returncode == 0, ok.stderr
    assert "added: 9-10 Feb 2013  Jaime Rivera  Hartford" in ok.stdout
    assert "double-booked 9 Feb: Boston and Hartford" in ok.stderr
    listed = run("tour", "list", "--db", str(demo_db), "--today", "2013-02-06").stdout
    assert "Hartford" in listed and "warning: Jaime Rivera is double-booked" in listed
    bad = run("tour", "add", "--speaker", "Nobody", "--city", "X", "--start", "2013-02-11", "--end", "2013-02-10", "--db", str(demo_db))
    assert bad.returncode == 2 and "no speaker called 'Nobody'" in bad.stderr and "Traceback" not in bad.stderr
    bad_end = run("tour", "add", "--speaker", "Alex Gomez", "--city", "X", "--start", "2013-02-11", "--end", "2013-02-10", "--db", str(demo_db))
    assert bad_end.returncode == 2 and "before the start" in bad_end.stderr


def test_export_then_import_round_trip(demo_db: Path, tmp_path: Path) -> None:
    ics = tmp_path / "tour.ics"
    out = run("tour", "export", str(ics), "--db", str(demo_db))
    assert out.returncode == 0 and "wrote 10 stops" in out.stdout
    uids = [str(e["uid"]) for e in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    run("tour", "export", str(ics), "--db", str(demo_db))
    assert uids == [str(e["uid"]) for e in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")]
    before = run("tour", "list", "--db", str(demo_db), "--today", "2013-02-06").stdout
    back = run("tour", "import", str(ics), "--speaker", "Alex Gomez", "--db", str(demo_db))
    assert back.returncode == 0 and "added 0, updated 0, unchanged 10, skipped 0" in back.stdout
    assert run("tour", "list", "--db", str(demo_db), "--today", "2013-02-06").stdout == before
    jaime = run("tour", "export", str(ics), "--speaker", "Jaime Rivera", "--db", str(demo_db))
    assert "wrote 4 stops" in jaime.stdout


def test_import_google_file_dry_run_then_twice(demo_db: Path) -> None:
    file = str(FIXTURES / "google-export.ics")
    dry = run("tour", "import", file, "--speaker", "Jaime Rivera", "--dry-run", "--db", str(demo_db))
    assert "would add 2, would update 0, unchanged 0, skipped 2" in dry.stdout
    assert "skip:   Call with the national office: it has no date" in dry.stdout
    assert "Chicago" not in run("tour", "list", "--db", str(demo_db)).stdout
    first = run("tour", "import", file, "--speaker", "Jaime Rivera", "--db", str(demo_db))
    assert "added 2, updated 0, unchanged 0, skipped 2" in first.stdout
    second = run("tour", "import", file, "--speaker", "Jaime Rivera", "--db", str(demo_db))
    assert "added 0, updated 0, unchanged 2, skipped 2" in second.stdout
    assert run("tour", "list", "--db", str(demo_db)).stdout.count("Chicago") == 1


def test_import_of_a_bad_file_says_so(demo_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_text("hello")
    out = run("tour", "import", str(bad), "--speaker", "Jaime Rivera", "--db", str(demo_db))
    assert out.returncode == 2 and "not an iCalendar file" in out.stderr and "Traceback" not in out.stderr
    missing = run("tour", "import", str(tmp_path / "nope.ics"), "--speaker", "Jaime Rivera", "--db", str(demo_db))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
