"""The command line on a team server: `--db postgresql://...` (or $CAMPAIGN_DASH_DB) opens the
campaign on PostgreSQL, as real processes, and no password is ever printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "CAMPAIGN_DASH_AUTHOR": "Ana", **(env or {})},
    )  # fmt: skip


def test_new_then_a_tally_then_status_against_the_server(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = f"postgresql://127.0.0.1:{pg_server.port}/campaign_dash_test?campaign=cli-x"
    env = {"PGUSER": pg_server.user}
    made = run("--db", url, "new", "--name", "Huelga", env=env)
    assert made.returncode == 0, made.stderr
    assert "made a blank campaign, 'Huelga', in postgresql://127.0.0.1:" in made.stdout
    again = run("new", "--db", url, env=env)
    assert again.returncode == 2 and "already" in again.stderr

    added = run("--db", url, "petition", "add", "5", env=env)
    assert added.returncode == 0, added.stderr
    status = run("status", "--json", env={**env, "CAMPAIGN_DASH_DB": url})  # the environment names the server too
    assert status.returncode == 0, status.stderr
    data = json.loads(status.stdout)
    assert data["file"].endswith("/campaign_dash_test?campaign=cli-x")
    assert data["petition"]["count"] == 5, data["petition"]

    log = run("log", "--db", url, env=env)
    assert log.returncode == 0 and "Ana" in log.stdout and "5" in log.stdout, log.stderr
    other = run("status", "--json", "--db", url.replace("cli-x", "cli-y"), env=env)  # another campaign: not there
    assert other.returncode == 2 and "no campaign at postgresql://" in other.stderr


def test_a_password_in_the_url_is_never_printed(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = f"postgresql://{pg_server.user}:hunter2@127.0.0.1:{pg_server.port}/campaign_dash_test?campaign=cli-secret"
    for args in (("new", "--db", url), ("status", "--json", "--db", url), ("status", "--db", url.replace("cli-secret", "nobody"))):
        ran = run(*args)
        assert "hunter2" not in ran.stdout + ran.stderr, args
        assert f"{pg_server.user}@127.0.0.1" in ran.stdout + ran.stderr
    down = run("status", "--db", "postgresql://ana:hunter2@127.0.0.1:1/x?campaign=c")
    assert down.returncode == 2 and "cannot reach the campaign server postgresql://ana@127.0.0.1:1/x" in down.stderr
    assert "hunter2" not in down.stdout + down.stderr and "Traceback" not in down.stderr


def test_status_on_a_server_names_the_changes_this_machine_has_not_sent(pg_server) -> None:  # type: ignore[no-untyped-def]
    """Changes made offline wait in this machine's journal (store.offline): `status --check` says
    so (exit 1, kind unsaved), and says they are kept, not lost. (The data folder is the test's
    own: conftest points XDG_DATA_HOME at it, for this process and the commands it runs.)"""
    from store.changes import change
    from store.location import ServerLocation
    from store.offline import LocalCopy

    url = f"postgresql://127.0.0.1:{pg_server.port}/campaign_dash_test?campaign=cli-offline"
    env = {"PGUSER": pg_server.user}
    assert run("--db", url, "new", "--name", "Huelga", env=env).returncode == 0
    assert run("--db", url, "status", "--check", env=env).returncode == 0
    LocalCopy(ServerLocation(url)).queue([change("added 12 signatures (after the march)", [], area="petition")])
    checked = run("--db", url, "status", "--check", env=env)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "1 change made on this machine waits to be sent to the server" in checked.stdout
    assert "added 12 signatures (after the march)" in checked.stdout
    data = json.loads(run("--db", url, "status", "--json", env=env).stdout)
    assert [a["kind"] for a in data["attention"]] == ["unsaved"]
