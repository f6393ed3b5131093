"""A real PostgreSQL server for the tests, from Debian's `postgresql` package.

`initdb` refuses to run as root, so as root the server runs as the `postgres` user (runuser), in
a temporary folder it owns, listening on 127.0.0.1 only (a free port) with its unix socket in
that folder, trust authentication (a throwaway test cluster). It is stopped at the end.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DB_NAME = "campaign_dash_test"


def find_bin() -> Path | None:
    """The newest PostgreSQL's bin folder holding initdb and pg_ctl, or None."""

    def version(folder: str) -> tuple[int, ...]:
        part = Path(folder).parent.name
        return tuple(int(x) for x in part.split(".") if x.isdigit())

    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    found = shutil.which("pg_ctl")
    if found and (Path(found).resolve().parent / "initdb").exists():
        return Path(found).resolve().parent
    return None


def why_not() -> str | None:
    """Why a server cannot be started here (None: it can)."""
    if find_bin() is None:
        return "PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin): apt-get install postgresql"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run initdb as"
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing (util-linux)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    folder: Path
    port: int
    bin: Path
    options: str = ""  # pg_ctl -o: how it was started, to start it again after halt()

    @property
    def user(self) -> str:
        return "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name

    def url(self, db: str = DB_NAME, campaign: str | None = None, user: str | None = None) -> str:
        query = f"?campaign={campaign}" if campaign else ""
        return f"postgresql://{user or self.user}@127.0.0.1:{self.port}/{db}{query}"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        argv = list(args)
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        return subprocess.run(argv, check=check, capture_output=True, text=True, cwd="/")

    def halt(self) -> None:
        """Stop the server, keeping its data (resume() starts it again): a server gone away."""
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-o", self.options,
            "-l", str(self.folder / "server.log"), "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def start(durable: bool = False) -> PgServer:
    """Initialize a cluster in a fresh folder and start it; raise RuntimeError saying why not.
    Tests run it without fsync (fast); `durable` keeps PostgreSQL's defaults (benchmarks)."""
    bin_dir = find_bin()
    assert bin_dir is not None
    folder = Path(tempfile.mkdtemp(prefix="campaign-dash-pg-"))
    if os.geteuid() == 0:
        info = pwd.getpwnam("postgres")
        os.chown(folder, info.pw_uid, info.pw_gid)
    os.chmod(folder, 0o700)
    server = PgServer(folder, 0, bin_dir)
    done = server.run(
        str(bin_dir / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", server.user,
        "-E", "UTF8", "--locale=C", "--no-sync", check=False,
    )  # fmt: skip
    if done.returncode != 0:
        server.stop()
        raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
    last = ""
    for _ in range(5):  # another process may take the free port between asking and listening
        server.port = free_port()
        options = f"-c listen_addresses=127.0.0.1 -p {server.port} -k {folder} -c max_connections=60"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        done = server.run(
            str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-o", options,
            "-l", str(folder / "server.log"), "-w", "-t", "60", "start", check=False,
        )  # fmt: skip
        if done.returncode == 0:
            server.options = options
            break
        last = (folder / "server.log").read_text(errors="replace")[-2000:] if (folder / "server.log").exists() else done.stderr
    else:
        server.stop()
        raise RuntimeError(f"the PostgreSQL server did not start: {last}")
    _create_database(server)
    return server


def _create_database(server: PgServer) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(server.url("postgres"), autocommit=True, connect_timeout=5) as conn:
                conn.execute(f"CREATE DATABASE {DB_NAME}")
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)  # polling a condition (the server accepting connections), with a deadline
