"""Every command line write is a change: concurrent tallies all count, `log` says who did what,
`undo` reverses each kind of change, and a conflict is refused in words with exit 1."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from store.db import AtomicJSONStorage, CampaignStore
from store.petition import current_count

from .test_cli import REPO, run

FIXTURES = Path(__file__).parent / "fixtures"

TALLIES = textwrap.dedent(
    """
    import sys
    from tui.cli import main
    for _ in range(int(sys.argv[2])):
        try:
            main(["--db", sys.argv[1], "petition", "add", "1"], standalone_mode=False)
        except SystemExit as stop:
            if stop.code:
                raise
    """
)


def test_two_processes_adding_500_tallies_each_count_exactly_2000(demo_db: Path) -> None:
    """The issue's repro: `petition add 1` 500 times in each of two processes at once."""
    assert "1,000 of 2,000 signatures" in run("status", "--db", str(demo_db)).stdout
    children = [
        subprocess.Popen([sys.executable, "-c", TALLIES, str(demo_db), "500"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    errors = [child.communicate(timeout=600)[1] for child in children]
    assert [child.returncode for child in children] == [0, 0], errors
    petition = CampaignStore(demo_db).load().petition
    assert len(petition.readings) == 1001
    assert current_count(petition) == 2000
    assert "2,000 of 2,000 signatures" in run("petition", "--db", str(demo_db)).stdout


def changes_log(db_path: Path) -> list[dict]:
    out = run("log", "--json", "--limit", "0", "--db", str(db_path))
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def campaign_json(db_path: Path) -> str:
    """The campaign as data, without the log and revision (which undo adds to, by design)."""
    data = AtomicJSONStorage(db_path).read()  # the snapshot with its journal applied
    assert data is not None
    data.pop("log"), data.pop("meta")
    return json.dumps(data, sort_keys=True)


def write_ics(path: Path) -> Path:
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:hartford-1@example.org\r\nDTSTAMP:20130101T000000Z\r\nDTSTART;VALUE=DATE:20130209\r\n"
        "DTEND;VALUE=DATE:20130211\r\nSUMMARY:Hartford stop\r\nLOCATION:Hartford\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    return path


@pytest.mark.parametrize(
    "kind",
    ["petition add", "petition set", "petition goal", "petition source", "roster import", "tour add", "tour import"],
)
def test_every_kind_of_change_is_logged_and_undone(demo_db: Path, tmp_path: Path, kind: str) -> None:
    db = ["--db", str(demo_db), "--today", "2013-02-06"]
    assert run("status", *db).returncode == 0
    before = campaign_json(demo_db)
    commands = {
        "petition add": ["petition", "add", "35", "--note", "paper sheets"],
        "petition set": ["petition", "set", "1500"],
        "petition goal": ["petition", "goal", "3000", "--deadline", "2013-05-01"],
        "petition source": ["petition", "source", "json", "https://example.org/count.json", "--path", "n"],
        "roster import": ["roster", "import", str(FIXTURES / "excel-cp1252.csv"), "--yes"],
        "tour add": ["tour", "add", "--speaker", "Jaime Rivera", "--city", "Hartford", "--start", "02-12"],
        "tour import": ["tour", "import", str(write_ics(tmp_path / "t.ics")), "--speaker", "Jaime Rivera"],
    }
    done = run(*commands[kind], *db, "--as", "Ana (East Coast)")
    assert done.returncode == 0, done.stderr
    assert campaign_json(demo_db) != before
    (entry,) = changes_log(demo_db)
    assert entry["author"] == "Ana (East Coast)" and entry["summary"] and entry["ops"]
    human = run("log", *db)
    assert "Ana (East Coast)" in human.stdout and entry["summary"] in human.stdout

    undone = run("undo", *db, env={"CAMPAIGN_DASH_AUTHOR": "Beto"})
    assert undone.returncode == 0, undone.stderr
    assert f"undone: {entry['summary']}" in undone.stdout
    assert campaign_json(demo_db) == before
    last = changes_log(demo_db)[-1]
    assert last["author"] == "Beto" and last["undoes"] == entry["id"]
    assert "(undone)" in run("log", *db).stdout

    nothing = run("undo", *db)
    assert nothing.returncode == 2 and "nothing to undo" in nothing.stderr and "Traceback" not in nothing.stderr


def test_a_command_on_a_read_only_campaign_says_so_and_changes_nothing(demo_db: Path) -> None:
    assert run("status", "--db", str(demo_db)).returncode == 0
    demo_db.chmod(0o400)
    before = demo_db.read_bytes()
    out = run("petition", "add", "5", "--db", str(demo_db))
    assert out.returncode == 2 and "read-only" in out.stderr and "Traceback" not in out.stderr
    assert demo_db.read_bytes() == before


CSV_CITY = "Name,Email,City\r\nXavier Ruiz,xavier@example.org,{city}\r\n"


def test_a_conflict_at_the_prompt_is_refused_naming_the_field(demo_db: Path, tmp_path: Path) -> None:
    """An organizer reads an import's preview; meanwhile someone else changes Xavier's city; the
    organizer says yes: their import would overwrite that city, so it is refused, exit 1."""
    db = ["--db", str(demo_db)]
    (tmp_path / "first.csv").write_text(CSV_CITY.format(city="Sacramento"))
    (tmp_path / "mine.csv").write_text(CSV_CITY.format(city="Fresno"))
    (tmp_path / "theirs.csv").write_text(CSV_CITY.format(city="Oakland"))
    assert run("roster", "import", str(tmp_path / "first.csv"), "--yes", *db).returncode == 0

    pid, fd = pty.fork()
    if pid == 0:  # the organizer's terminal
        os.chdir(REPO)
        os.execv(sys.executable, [sys.executable, "-m", "tui", "roster", "import", str(tmp_path / "mine.csv"), *db, "--as", "Ana"])
    try:
        seen = read_until(fd, b"Import these changes?")
        assert b"update: Xavier Ruiz" in seen
        theirs = run("roster", "import", str(tmp_path / "theirs.csv"), "--yes", *db, "--as", "Beto")
        assert theirs.returncode == 0, theirs.stderr
        os.write(fd, b"y\n")
        rest = read_until(fd, None)
    finally:
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1, rest
    text = rest.decode()
    assert "Xavier Ruiz: city was changed by Beto to 'Oakland'" in text and "nothing was written" in text
    assert "Traceback" not in text
    (xavier,) = CampaignStore(demo_db).load().members
    assert xavier.city == "Oakland"


def read_until(fd: int, marker: bytes | None, timeout: float = 30.0) -> bytes:
    """Read a pty until `marker` appears (None: until the program ends)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while marker is None or marker not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"waited for {marker!r}; got {seen!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the program ended and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    return seen
