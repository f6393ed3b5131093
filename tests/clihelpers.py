"""The command line run in-process (click's CliRunner): the real commands against real files,
quicker than a process per command when a test runs dozens of them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tui.cli import main


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        assert self.code == 0, self.stderr
        return json.loads(self.stdout)


def cli(*args: str, db: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None) -> Ran:
    """`campaign-dash ARGS... [--db DB]`; stdin is not a terminal (as in a script or cron)."""
    runner = CliRunner()
    argv = [*args, *(["--db", str(db)] if db is not None else [])]
    result = runner.invoke(main, argv, input=stdin, env=env, prog_name="campaign-dash")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)


def ok(*args: str, db: Path | None = None, stdin: str | None = None) -> Ran:
    ran = cli(*args, db=db, stdin=stdin)
    assert ran.code == 0, (args, ran.stdout, ran.stderr)
    return ran


def refused(*args: str, db: Path, code: int = 2) -> list[str]:
    """Run a command that must be refused without writing anything: its error lines."""
    before = db.read_bytes() if db.exists() else None
    ran = cli(*args, db=db)
    assert ran.code == code, (args, ran.code, ran.stdout, ran.stderr)
    assert "Traceback" not in ran.stderr and "Error:" not in ran.stderr, ran.stderr
    lines = [line for line in ran.stderr.splitlines() if line.strip()]
    assert lines and all(line.startswith("campaign-dash: ") for line in lines), ran.stderr
    after = db.read_bytes() if db.exists() else None
    assert after == before, f"{args} changed the file"
    return lines
