"""`campaign-dash roster ...` as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .test_cli import REPO, run

FIXTURES = Path(__file__).parent / "fixtures"


def test_import_dry_run_then_yes_then_list_and_export(demo_db: Path, tmp_path: Path) -> None:
    db = ["--db", str(demo_db)]
    dry = run("roster", "import", str(FIXTURES / "excel-cp1252.csv"), "--dry-run", *db)
    assert dry.returncode == 0 and "read as windows-1252" in dry.stdout and "3 to add" in dry.stdout
    assert "nothing was changed" in dry.stdout
    assert run("roster", "list", *db).stdout == ""
    real = run("roster", "import", str(FIXTURES / "excel-cp1252.csv"), "--yes", *db)
    assert "imported 3 new and 0 updated" in real.stdout
    again = run("roster", "import", str(FIXTURES / "excel-cp1252.csv"), "--dry-run", *db)
    assert "0 to add, 0 to update, 3 unchanged, 0 rejected" in again.stdout
    listed = run("roster", "list", "--status", "accepted", *db)
    assert listed.stdout.startswith("Jenny Elizabeth Barrientos") and "1 of 3 people" in listed.stderr
    out = tmp_path / "out.csv"
    assert run("roster", "export", str(out), *db).returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "José Roberto Méndez".encode() in data and b"\r\n" in data


def test_rejects_are_listed_with_line_numbers(demo_db: Path) -> None:
    out = run("roster", "import", str(FIXTURES / "google-sheets-bom.csv"), "--dry-run", "--db", str(demo_db))
    assert "reject: line 3: email: 'not-an-email'" in out.stdout
    assert "note:   line 6 updates line 2 (same email)" in out.stdout  # a later row updates the person


def test_without_a_terminal_import_needs_yes(demo_db: Path) -> None:
    out = run("roster", "import", str(FIXTURES / "excel-cp1252.csv"), "--db", str(demo_db))
    assert out.returncode == 2 and "add --yes" in out.stderr
    assert run("roster", "list", "--db", str(demo_db)).stdout == ""


def test_declining_at_the_prompt_changes_nothing(demo_db: Path) -> None:
    script = (
        "import sys, pty, os\n"
        "pid, fd = pty.fork()\n"
        "if pid == 0:\n"
        f"    os.execv(sys.executable, [sys.executable, '-m', 'tui', 'roster', 'import', {str(FIXTURES / 'excel-cp1252.csv')!r}, '--db', {str(demo_db)!r}])\n"
        "out = b''\n"
        "while b'Import these changes?' not in out:\n"
        "    out += os.read(fd, 1024)\n"
        "os.write(fd, b'n\\r')\n"
        "while True:\n"
        "    try:\n"
        "        chunk = os.read(fd, 1024)\n"
        "    except OSError:\n"
        "        break\n"
        "    if not chunk:\n"
        "        break\n"
        "    out += chunk\n"
        "os.waitpid(pid, 0)\n"
        "print(out.decode())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert "nothing was changed" in done.stdout
    assert run("roster", "list", "--db", str(demo_db)).stdout == ""


def test_malformed_file_gives_a_message_not_a_traceback(demo_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Foo;Bar\r\n1;2\r\n")
    out = run("roster", "import", str(bad), "--db", str(demo_db))
    assert out.returncode == 2 and "no column for the name or the email" in out.stderr and "Traceback" not in out.stderr
