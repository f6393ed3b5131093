"""Change-path benchmark: one change made durable, from the store and from the dashboard, and
another process's write reaching the screen, at 1,000 and 10,000 members.

Everything uses real files in a temp folder (fsync and rename included) and, for the dashboard,
the real app in a real terminal (tmux, 160x48, where all four panes show), watched as a person
would: the screen and the file. Each figure is a median over --runs runs, interleaved with a
baseline measured in the same run, and is also printed as a ratio to that baseline. The
baseline is a one-member roster: the smallest roster that has someone to change (an update of a
member on an empty roster is refused as a conflict, so "empty" cannot be the same change).

    .venv/bin/python tests/bench/changes.py [--members 1000 10000] [--runs 7] [--quick]

Figures:
 1. store.apply of one member status change (an update_op), call to return; the write is
    fsynced inside (appended to the journal; tests/bench/store.py has the store's figures). Also as the dashboard calls it (since_rev=...), which builds the
    new state after the write, and where the time goes at the largest roster.
 2. The dashboard: `3` then `>` (status forward on the selected member), key to the file
    changed (the change appended to it, or the file replaced by a compaction), and
    whether the screen showed the new status before that.
 3. Another process's write (store.apply of a petition tally, here in the bench process) to the
    dashboard's screen showing the new count. The dashboard polls the file every 0.25 s, so this
    includes on average half an interval; writes are started at random phases so it is sampled
    fairly.
 4. The file's size after the changes (bytes per change: tests/bench/store.py).

A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import orjson  # noqa: E402

from store import petition as petition_rules  # noqa: E402
from store.changes import add_op, change, insert_reading, update_op  # noqa: E402
from tui.app import WATCH_INTERVAL_S  # noqa: E402
from store.db import AtomicJSONStorage, CampaignStore, log_entries, tables_to_campaign  # noqa: E402
from store.demo import build_demo  # noqa: E402
from store.files import atomic_write_bytes  # noqa: E402
from store.models import ALL_MEMBER_STATUSES, Member  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from roster import fresh_copy, roster_people  # noqa: E402  (the same people as the roster benchmark)

BASELINE = 1  # members in the baseline roster
MARKED = "Aaron Bench"  # sorts first by name, so the roster's cursor starts on them; starts as inquiry
SIZE = (160, 48)  # all four panes show
TODAY = "2013-02-06"
STATUS_WORD = re.compile(r"\b(" + "|".join(ALL_MEMBER_STATUSES) + r")\b")


class BenchError(RuntimeError):
    """A wait ran out, or the app did something unexpected: the message says which."""


# --- the campaign files ---------------------------------------------------------------------


def make_db(folder: Path, members: int) -> Path:
    """A demo campaign with `members` people; the first is MARKED, at status inquiry."""
    demo = build_demo()
    people = roster_people(members)
    people[0] = replace(people[0], name=MARKED, status="inquiry")
    demo.members = people
    path = folder / f"template-{members}.json"
    CampaignStore(path).open(seed=lambda: demo)
    return path


def signature(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_ino, info.st_size


def marked_member(store: CampaignStore) -> Member:
    return next(m for m in store.load().members if m.name == MARKED)


def status_in_file(path: Path) -> str | None:
    data = AtomicJSONStorage(path).read() or {}  # the snapshot with its journal applied
    return next((r.get("status") for r in data["members"].values() if r.get("name") == MARKED), None)


# --- the terminal ---------------------------------------------------------------------------


class Tmux:
    """A private tmux server (its own socket), so nothing else's sessions are touched."""

    def __init__(self) -> None:
        self.socket = f"changes-bench-{os.getpid()}"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=15)
        if check and result.returncode != 0:
            raise BenchError(f"tmux {' '.join(args[:2])} failed: {result.stderr.strip()}")
        return result

    def start_server(self) -> None:
        # One idle session keeps the server up, so no run pays for starting it.
        self.run("new-session", "-d", "-s", "keeper", "sleep 3600")
        self.run("set-option", "-g", "remain-on-exit", "on")  # a crashed app leaves its traceback

    def stop_server(self) -> None:
        found = self.run("display-message", "-p", "#{socket_path}", check=False).stdout.strip()
        self.run("kill-server", check=False)
        if found:
            Path(found).unlink(missing_ok=True)


def dashboard_command() -> str:
    script = Path(sys.executable).with_name("campaign-dash")
    program = str(script) if script.exists() else f"{sys.executable} -m tui"
    return program


class Dashboard:
    """The real app on `db`, in a tmux session of its own."""

    def __init__(self, tmux: Tmux, db: Path, name: str) -> None:
        self.tmux = tmux
        self.db = db
        self.session = name
        self.last_screen = ""

    def start(self, timeout: float = 60) -> float:
        started = time.perf_counter()
        command = f"cd {REPO} && exec {dashboard_command()} --db {self.db} --today {TODAY}"
        self.tmux.run("new-session", "-d", "-s", self.session, "-x", str(SIZE[0]), "-y", str(SIZE[1]), command)
        self.wait_for(lambda s: "Jaime Rivera today" in s, "the first paint (Jaime Rivera today)", timeout)
        return time.perf_counter() - started

    def screen(self) -> str:
        out = self.tmux.run("capture-pane", "-p", "-t", self.session, check=False)
        if out.returncode != 0:
            raise BenchError(f"the dashboard's tmux session {self.session} is gone: {out.stderr.strip()}")
        self.last_screen = out.stdout
        return out.stdout

    def dead(self) -> bool:
        out = self.tmux.run("display-message", "-p", "-t", self.session, "#{pane_dead}", check=False)
        return out.stdout.strip() == "1"

    def wait_for(self, ready: Callable[[str], bool], what: str, timeout: float, poll: float = 0.002) -> float:
        """Seconds until `ready(screen)`; BenchError (with the last screen) after `timeout`."""
        started = time.perf_counter()
        checks = 0
        while True:
            if ready(self.screen()):
                return time.perf_counter() - started
            checks += 1
            if checks % 50 == 0 and self.dead():
                raise BenchError(f"the dashboard exited while waiting for {what}; its last screen:\n{self.last_screen}")
            if time.perf_counter() - started > timeout:
                raise BenchError(f"{what} did not appear within {timeout:.0f} s; the last screen:\n{self.last_screen}")
            time.sleep(poll)

    def keys(self, *keys: str) -> None:
        self.tmux.run("send-keys", "-t", self.session, *keys)

    def stop(self) -> None:
        self.tmux.run("kill-session", "-t", self.session, check=False)


def marked_status(screen: str) -> str | None:
    """The status shown on MARKED's row of the roster table, if the row is on screen."""
    for line in screen.splitlines():
        left = line[: SIZE[0] // 2]  # the roster pane is the left half of the lower row
        at = left.find(MARKED)
        if at >= 0 and (found := STATUS_WORD.search(left, at + len(MARKED))):
            return found.group(1)
    return None


def roster_painted(members: int) -> Callable[[str], bool]:
    return lambda s: f"{members:,} people · sorted" in s and marked_status(s) == "inquiry"


# --- 1. store.apply -------------------------------------------------------------------------


def flip(member: Member) -> Member:
    return replace(member, status="applied" if member.status == "inquiry" else "inquiry")


def status_change(member: Member) -> tuple:  # type: ignore[type-arg]
    after = flip(member)
    return change(f"{member.name}: {member.status} → {after.status}", [update_op(member, after)]), after


def bench_store_apply(templates: dict[int, Path], runs: int) -> dict[str, dict[int, list[float]]]:
    """store.apply of one status change, plain and as the dashboard calls it (since_rev)."""
    stores = {n: CampaignStore(fresh_copy(path, f"apply-{n}.json")) for n, path in templates.items()}
    members = {n: marked_member(store) for n, store in stores.items()}
    revs = {n: store.read_state().rev for n, store in stores.items()}
    times: dict[str, dict[int, list[float]]] = {"plain": {n: [] for n in stores}, "since_rev": {n: [] for n in stores}}
    for n, store in stores.items():  # one untimed change each: the lock file and the page cache
        ch, members[n] = status_change(members[n])
        revs[n] = store.apply(ch, author="bench").rev
    for _ in range(runs):
        for n, store in stores.items():
            for variant in ("plain", "since_rev"):
                ch, after = status_change(members[n])
                started = time.perf_counter()
                applied = store.apply(ch, author="bench", since_rev=revs[n] if variant == "since_rev" else None)
                times[variant][n].append(time.perf_counter() - started)
                members[n], revs[n] = after, applied.rev
    return times


def apply_breakdown(template: Path, runs: int) -> dict[str, float]:
    """Where store.apply's time goes at one size, each step timed alone (medians, seconds)."""
    path = fresh_copy(template, "breakdown.json")
    store = CampaignStore(path)
    scratch = path.with_name("breakdown-scratch.json")
    steps: dict[str, list[float]] = {k: [] for k in ("lock", "read+parse", "serialize", "write+fsync+rename", "build state")}
    for _ in range(runs):
        started = time.perf_counter()
        with store._locked():  # noqa: SLF001 - the same lock apply takes
            steps["lock"].append(time.perf_counter() - started)
        started = time.perf_counter()
        data = AtomicJSONStorage(path).read()
        steps["read+parse"].append(time.perf_counter() - started)
        started = time.perf_counter()
        raw = orjson.dumps(data)
        steps["serialize"].append(time.perf_counter() - started)
        started = time.perf_counter()
        atomic_write_bytes(scratch, raw)
        steps["write+fsync+rename"].append(time.perf_counter() - started)
        started = time.perf_counter()
        tables_to_campaign(data)
        log_entries(data, 0)
        steps["build state"].append(time.perf_counter() - started)
    return {k: statistics.median(v) for k, v in steps.items()}


# --- 2. the dashboard: key to durable -------------------------------------------------------


def key_to_durable(tmux: Tmux, template: Path, members: int, run: int, settle: float) -> tuple[float, float]:
    """Press 3 then > in a freshly started dashboard; (key to new status on screen, key to file)."""
    db = fresh_copy(template, f"key-{members}-{run}.json")
    app = Dashboard(tmux, db, f"key{members}r{run}")
    try:
        app.start()
        app.keys("3")
        app.wait_for(roster_painted(members), f"the roster ({members:,} people, {MARKED} at inquiry)", 30)
        time.sleep(settle)  # let start-up work (the search-key warm-up 1 s after paint) finish
        seen = signature(db)
        landed: list[float] = []
        stop = threading.Event()

        def watch() -> None:  # an append changes the size (its fsync follows: figure 1 times it), a compaction the inode
            while not stop.is_set():
                if signature(db) != seen:
                    landed.append(time.perf_counter())
                    return
                time.sleep(0.0005)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        started = time.perf_counter()
        app.keys(">")  # roster.status_next (widgets/keys.py)
        try:
            on_screen = app.wait_for(lambda s: marked_status(s) == "applied", f"{MARKED} shown as applied after >", 10)
            watcher.join(timeout=10)
        finally:
            stop.set()
        if not landed:
            raise BenchError(f"the status change was not written to {db} within 10 s of the key (the file did not change)")
        on_disk = landed[0] - started
        written = status_in_file(db)
        if written != "applied":
            raise BenchError(f"the file was replaced but holds {MARKED} as {written!r}, not 'applied'")
        return on_screen, on_disk
    finally:
        app.stop()


# --- 3. another process's write to the screen -----------------------------------------------


class Reloads:
    """Dashboards kept open, one per size; petition tallies written from here, watched on screen."""

    def __init__(self, tmux: Tmux, templates: dict[int, Path]) -> None:
        self.apps: dict[int, Dashboard] = {}
        self.stores: dict[int, CampaignStore] = {}
        self.petitions = {}
        for n, template in templates.items():
            db = fresh_copy(template, f"reload-{n}.json")
            self.stores[n] = CampaignStore(db)
            self.petitions[n] = self.stores[n].load().petition
            self.apps[n] = Dashboard(tmux, db, f"reload{n}")
        self.clock = datetime.now()

    def start(self) -> None:
        for n, app in self.apps.items():
            app.start()
            expected = self.count_text(n)
            app.wait_for(lambda s, t=expected: t in s, f"the petition count {expected!r}", 30)
        time.sleep(1.5)

    def count_text(self, n: int) -> str:
        p = self.petitions[n]
        return f"{petition_rules.current_count(p):,} of {p.goal:,} signatures"

    def once(self, n: int, added: int) -> tuple[float, float]:
        """(apply call to screen, apply return to screen) for one tally of `added`."""
        self.clock += timedelta(seconds=1)
        reading = petition_rules.tally_reading(str(added), "changes bench", self.clock)
        insert_reading(self.petitions[n].readings, reading)
        expected = self.count_text(n)
        app = self.apps[n]
        if expected in app.screen():
            raise BenchError(f"{expected!r} is on screen before the write: the bench cannot tell when it arrives")
        started = time.perf_counter()
        self.stores[n].apply(change(petition_rules.reading_summary(reading), [add_op(reading)]), author="another process")
        written = time.perf_counter()
        app.wait_for(lambda s: expected in s, f"the petition count {expected!r} after another process's tally", 10)
        shown = time.perf_counter()
        return shown - started, shown - written

    def stop(self) -> None:
        for app in self.apps.values():
            app.stop()


# --- output -----------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def report(title: str, results: dict[int, list[float]], goal: str = "") -> None:
    base = statistics.median(results[BASELINE])
    print(f"{title}{f'  (goal: {goal})' if goal else ''}")
    for n, times in results.items():
        median = statistics.median(times)
        label = "baseline, 1 member" if n == BASELINE else f"{n:,} members"
        ratio = "" if n == BASELINE else f"  ratio {median / base:5.2f}"
        print(f"  {label:19} median {ms(median):>5} ms{ratio}   runs: {', '.join(ms(t) for t in times)}")


def machine_note() -> str:
    load = os.getloadavg()
    return f"nproc {os.cpu_count()}, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"


def parse_members(values: list[str]) -> list[int]:
    sizes = sorted({int(v.replace("_", "")) for value in values for v in value.split(",") if v.strip()})
    if not sizes or min(sizes) <= BASELINE:
        raise SystemExit(f"--members: sizes above {BASELINE} (the baseline), e.g. --members 1000 10000")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", nargs="+", default=["1000", "10000"], help="roster sizes (default: 1000 10000)")
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (default 7)")
    parser.add_argument("--quick", action="store_true", help="3 runs and a shorter settle: a smoke run, not figures")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the campaign files (default: a new temp folder)")
    args = parser.parse_args()
    sizes = parse_members(args.members)
    runs = 3 if args.quick else args.runs
    settle = 1.5 if args.quick else 2.0
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed for this benchmark (apt-get install tmux)")

    compiled = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "store"), str(REPO / "tui"), str(REPO / "widgets")],
        capture_output=True, text=True,
    )
    if compiled.returncode != 0:
        sys.exit(f"compileall failed (a file mid-edit?):\n{compiled.stdout}{compiled.stderr}")

    folder = Path(tempfile.mkdtemp(prefix="changes-bench-", dir=args.dir))
    fs = subprocess.run(["findmnt", "-no", "FSTYPE", "-T", str(folder)], capture_output=True, text=True).stdout.strip() or "file system unknown"
    print(f"machine: {machine_note()}; files in {folder} ({fs}); {runs} runs, interleaved; terminal {SIZE[0]}x{SIZE[1]}")
    try:
        run_all(folder, sizes, runs, settle)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_all(folder: Path, sizes: list[int], runs: int, settle: float) -> None:
    began = time.perf_counter()
    templates = {n: make_db(folder, n) for n in (BASELINE, *sizes)}
    for n, path in templates.items():
        print(f"campaign file, {n:>6,} members: {path.stat().st_size / 1e6:6.2f} MB")
    print()

    # 1. store.apply
    applied = bench_store_apply(templates, runs)
    report("1. store.apply, one member status change, call to return (the append and its fsync inside)", applied["plain"],
           "<= 150 ms at 10,000")
    report("   the same as the dashboard's writer calls it (since_rev=...: also builds the new state)", applied["since_rev"])
    largest = sizes[-1]
    steps = apply_breakdown(templates[largest], runs)
    print(f"   where the time goes at {largest:,} members (each step alone, medians): "
          + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in steps.items()))
    print()

    tmux = Tmux()
    tmux.start_server()
    try:
        # 2. the dashboard: key to durable
        screen: dict[int, list[float]] = {n: [] for n in templates}
        disk: dict[int, list[float]] = {n: [] for n in templates}
        for run in range(runs):
            for n, template in templates.items():
                on_screen, on_disk = key_to_durable(tmux, template, n, run, settle)
                screen[n].append(on_screen)
                disk[n].append(on_disk)
        report("2. dashboard: 3 then >, key to the file changed (appended, by the writer thread)", disk,
               "<= 150 ms at 10,000")
        report("   the same key to the new status on screen", screen)
        for n in templates:
            first = sum(1 for s, d in zip(screen[n], disk[n]) if s < d)
            label = "baseline, 1 member" if n == BASELINE else f"{n:,} members"
            print(f"   {label:19} screen showed the change before the write landed in {first} of {len(disk[n])} runs")
        print()

        # 3. another process's write to the screen
        reloads = Reloads(tmux, templates)
        rng = random.Random(6)
        try:
            reloads.start()
            total: dict[int, list[float]] = {n: [] for n in templates}
            after_write: dict[int, list[float]] = {n: [] for n in templates}
            for run in range(runs):
                for n in templates:
                    time.sleep(0.3 + rng.uniform(0, WATCH_INTERVAL_S))  # a random phase against the watch
                    whole, tail = reloads.once(n, 1 + run)
                    total[n].append(whole)
                    after_write[n].append(tail)
        finally:
            reloads.stop()
        report("3. another process's write (store.apply of a petition tally) to the count on the dashboard's screen",
               total, "<= 300 ms at 10,000")
        report("   of which from store.apply's return (file in place) to the screen", after_write)
        read_state = {}
        for n, template in templates.items():
            store = CampaignStore(template)
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                store.read_state(0)
                timings.append(time.perf_counter() - started)
            read_state[n] = statistics.median(timings)
        print("   the watcher's re-read (store.read_state, off the UI thread), median: "
              + ", ".join(f"{n:,} members {v * 1000:.0f} ms" for n, v in read_state.items())
              + f"; plus on average half of the {WATCH_INTERVAL_S:g} s watch interval (~{WATCH_INTERVAL_S * 500:.0f} ms) before it starts")
        print()
    finally:
        tmux.stop_server()

    # 4. bytes per change
    print("4. the file after the changes (tests/bench/store.py counts the bytes each change writes):")
    for n in templates:
        path = folder / f"apply-{n}.json"
        entries = len((AtomicJSONStorage(path).read() or {}).get("log", {}))
        print(f"  {n:>6,} members: {path.stat().st_size:>10,} bytes ({path.stat().st_size / 1e6:.2f} MB) "
              f"after {entries} logged changes")
    print()
    print(f"machine at the end: {machine_note()}; took {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
