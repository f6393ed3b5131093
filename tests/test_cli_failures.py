"""Every command line failure is one sentence and an exit code, never a traceback, and changes
nothing: a read-only campaign, a lock held by another process, a full disk; and stored text full
of escape codes is never written raw to the terminal by any command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import db as dbmod
from store.demo import build_demo
from store.models import Member, Milestone, Reading, Target

from .conftest import make_demo
from .test_cli import run
from .test_cli_changes import write_ics

FIXTURES = Path(__file__).parent / "fixtures"

WRITERS = {
    "petition add": ["petition", "add", "5"],
    "petition set": ["petition", "set", "1500"],
    "petition goal": ["petition", "goal", "3000"],
    "petition source": ["petition", "source", "json", "https://example.org/count.json", "--path", "n"],
    "roster import": ["roster", "import", str(FIXTURES / "excel-cp1252.csv"), "--yes"],
    "tour add": ["tour", "add", "--speaker", "Jaime Rivera", "--city", "Hartford", "--start", "2013-02-12"],
    "tour import": ["tour", "import", "{ics}", "--speaker", "Jaime Rivera"],
    "undo": ["undo"],
}


def one_sentence(out: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in out.stderr and "Error:" not in out.stderr, out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("campaign-dash: "), out.stderr
    return lines[0]


def prepared(db_path: Path, tmp_path: Path) -> dict[str, list[str]]:
    """A campaign with one change in its log (so `undo` has something to undo)."""
    make_demo(db_path)
    assert run("petition", "add", "1", "--db", str(db_path)).returncode == 0
    ics = str(write_ics(tmp_path / "t.ics"))
    return {name: [a.replace("{ics}", ics) for a in args] for name, args in WRITERS.items()}


@pytest.mark.parametrize("verb", list(WRITERS))
def test_every_writer_on_a_read_only_campaign(db_path: Path, tmp_path: Path, verb: str) -> None:
    commands = prepared(db_path, tmp_path)
    db_path.chmod(0o400)
    before = db_path.read_bytes()
    out = run(*commands[verb], "--db", str(db_path))
    assert out.returncode == 2
    assert "read-only" in one_sentence(out)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("verb", list(WRITERS))
def test_every_writer_when_another_process_holds_the_lock(db_path: Path, tmp_path: Path, verb: str) -> None:
    commands = prepared(db_path, tmp_path)
    before = db_path.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, filelock; l = filelock.FileLock(sys.argv[1]); l.acquire(); print('held', flush=True); sys.stdin.read()", f"{db_path}.lock"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        out = run(*commands[verb], "--db", str(db_path), env={dbmod.ENV_LOCK_TIMEOUT: "0.2"})
    finally:
        holder.communicate("")
    assert out.returncode == 2
    assert "locked by another campaign-dash" in one_sentence(out)
    assert db_path.read_bytes() == before


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB file system, mounted for the test and then filled up."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mount)], capture_output=True, text=True)
    if made.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the full-disk tests, but mounting a tmpfs failed: {made.stderr.strip()}")
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def no_room_in_the_last_page(db_path: Path) -> None:
    """Pad the campaign's journal with a blank line (which readers skip) to a whole page: a
    change is appended to the file, and on a full disk it would still fit in the free end of
    the file's last page; padded, it needs a new page, which a full disk does not have."""
    size = db_path.stat().st_size
    page = os.statvfs(db_path).f_bsize
    pad = -(size + 1) % page
    with db_path.open("ab") as handle:
        handle.write(b" " * pad + b"\n")
    assert db_path.stat().st_size % page == 0


def fill(folder: Path) -> None:
    """Write until the file system says it is full."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


@pytest.mark.parametrize("verb", list(WRITERS))
def test_every_writer_on_a_full_disk(full_disk: Path, tmp_path: Path, verb: str) -> None:
    db_path = full_disk / "campaign.json"
    commands = prepared(db_path, tmp_path)
    no_room_in_the_last_page(db_path)
    fill(full_disk)
    before = db_path.read_bytes()
    out = run(*commands[verb], "--db", str(db_path))
    assert out.returncode == 2
    assert "No space left on device" in one_sentence(out)
    assert db_path.read_bytes() == before
    assert not [p for p in full_disk.iterdir() if p.name.endswith(".tmp")]  # no half-written temp file left


@pytest.mark.parametrize(
    "export",
    [["roster", "export", "{dir}/roster.csv"], ["tour", "export", "{dir}/tour.ics"], ["letter", "--txt", "{dir}/letter.txt"]],
)
def test_exports_to_a_full_disk_or_a_missing_folder_say_so(full_disk: Path, demo_db: Path, export: list[str]) -> None:
    fill(full_disk)
    for folder in (full_disk, full_disk / "no" / "such" / "folder"):
        out = run(*[a.replace("{dir}", str(folder)) for a in export], "--db", str(demo_db))
        assert out.returncode == 2, out.stdout
        assert "Traceback" not in out.stderr
        last = out.stderr.splitlines()[-1]  # the letter says first which blanks are still blank
        assert last.startswith("campaign-dash: ") and ("full" in last or "folder" in last or "No such" in last), last


def test_exports_are_private_like_the_campaign_file(demo_db: Path, tmp_path: Path) -> None:
    assert run("roster", "import", str(FIXTURES / "excel-cp1252.csv"), "--yes", "--db", str(demo_db)).returncode == 0
    out = tmp_path / "roster.csv"
    assert run("roster", "export", str(out), "--db", str(demo_db)).returncode == 0
    assert out.stat().st_mode & 0o777 == 0o600


HOSTILE = "\x1b]2;PWNED\x07\x1b[2J\x1b]52;c;cHduZWQ=\x07 [bold]x[/] \u202eevil\x9b31m"


def hostile_campaign_file(db_path: Path) -> None:
    """Data stored before text was checked at the store's edge: escape codes in every text field."""
    campaign = build_demo()
    campaign.info.name += HOSTILE
    campaign.speakers[0].name += HOSTILE
    for stop in campaign.stops:
        stop.city += HOSTILE
        stop.notes = HOSTILE
    campaign.petition.title += HOSTILE
    campaign.petition.milestones.append(Milestone(1500, HOSTILE))
    campaign.petition.readings.append(Reading(campaign.petition.readings[0].at, None, "manual", HOSTILE, added=3))
    campaign.delegation.name += HOSTILE
    campaign.members = [Member(f"Ana{HOSTILE}", organization=HOSTILE, city=HOSTILE, email="ana@example.org", notes=HOSTILE)]
    template = campaign.letters[0]
    template.values = {key: HOSTILE for key in (p.key for p in template.placeholders)}
    campaign.targets.append(Target(f"Someone{HOSTILE}", emails=["x@example.org"], handles=["@x"], tweets={"es": HOSTILE, "en": HOSTILE}))
    db_path.write_bytes(json.dumps(dbmod.campaign_to_tables(campaign), default=str).encode())
    db_path.chmod(0o600)


def test_no_command_writes_an_escape_code_to_the_terminal(db_path: Path) -> None:
    hostile_campaign_file(db_path)
    db = ["--db", str(db_path), "--today", "2013-02-06"]
    commands = [
        ["status"], ["tour", "list"], ["petition"], ["petition", "history"], ["petition", "history", "--csv"],
        ["roster", "list"], ["roster", "list", "--csv"], ["letter"], ["letter", "--lang", "en"], ["tweet"],
        ["log"], ["log", "--json"], ["petition", "add", "1", "--note", "fine"], ["tour", "add", "--speaker", "Alex Gomez",
        "--city", "Oakland", "--start", "2013-02-14"],
    ]
    for command in commands:
        out = run(*command, *db)
        assert "Traceback" not in out.stderr, (command, out.stderr)
        for stream in (out.stdout, out.stderr):
            assert "\x1b" not in stream and "\x07" not in stream and "\x9b" not in stream and "\u202e" not in stream, (command, stream[:400])
    assert "\\x1b]2;PWNED" in run("tour", "list", *db).stdout  # shown escaped, not dropped


JSON_LISTINGS = [
    ["status", "--json"], ["campaign", "show", "--json"], ["speaker", "list", "--json"], ["tour", "list", "--json"],
    ["petition", "--json"], ["petition", "milestone", "list", "--json"], ["petition", "history", "--json"],
    ["delegation", "show", "--json"], ["roster", "list", "--json"], ["target", "list", "--json"],
    ["template", "list", "--json"], ["tweet", "--json"],
]


def test_json_output_of_hostile_text_is_valid_json_and_drives_no_terminal(db_path: Path) -> None:
    hostile_campaign_file(db_path)
    for command in [*JSON_LISTINGS, ["campaign", "show"], ["speaker", "list"], ["target", "list"], ["template", "list"], ["delegation", "show"]]:
        out = run(*command, "--db", str(db_path), "--today", "2013-02-06")
        assert "Traceback" not in out.stderr, (command, out.stderr)
        for stream in (out.stdout, out.stderr):
            assert "\x1b" not in stream and "\x07" not in stream and "\x9b" not in stream and "\u202e" not in stream, (command, stream[:400])
        if "--json" in command:
            data = json.loads(out.stdout)  # the hostile text is still there, written as JSON escapes
            assert "\\u001b]2;PWNED" in out.stdout and any("\x1b]2;PWNED" in text for text in strings(data)), command


def strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in strings(value)]
    return []


def test_escape_codes_typed_on_the_command_line_are_refused(demo_db: Path) -> None:
    out = run("tour", "add", "--speaker", "Jaime Rivera", "--city", "X\x1b]2;PWNED\x07", "--start", "2013-02-12", "--db", str(demo_db))
    assert out.returncode == 2 and "control character" in out.stderr and "\x1b" not in out.stderr
    assert "PWNED" not in demo_db.read_text()


def test_a_tweet_x_would_refuse_is_named_and_fails_the_check(db_path: Path) -> None:
    campaign = build_demo()
    campaign.targets.append(Target("Someone", handles=["@someone"], tweets={"es": "Hola\ufffe", "en": "Hello"}))
    db_path.write_bytes(json.dumps(dbmod.campaign_to_tables(campaign), default=str).encode())
    refused = run("tweet", "--target", "Someone", "--lang", "es", "--db", str(db_path))
    assert refused.returncode == 1 and "cannot be posted" in refused.stdout and "U+FFFE" in refused.stdout
    fine = run("tweet", "--target", "Someone", "--lang", "en", "--db", str(db_path))
    assert fine.returncode == 0, fine.stdout + fine.stderr


@pytest.mark.parametrize("verb", list(WRITERS))
def test_every_writer_on_a_read_only_file_system(full_disk: Path, tmp_path: Path, verb: str) -> None:
    """The folder itself cannot be written (a read-only mount: root cannot write it either)."""
    db_path = full_disk / "campaign.json"
    commands = prepared(db_path, tmp_path)
    subprocess.run(["mount", "-o", "remount,ro", str(full_disk)], check=True)
    before = db_path.read_bytes()
    out = run(*commands[verb], "--db", str(db_path))
    assert out.returncode == 2
    assert "Read-only file system" in one_sentence(out)
    assert db_path.read_bytes() == before
