"""Roster benchmark at 10,000 members: first paint, filter keystroke, status save, memory.

Everything runs the real app in a real terminal (tmux) and watches the screen or the file, as a
person would see it. Prints medians of several runs; a script, not a test:

    .venv/bin/python tests/bench/roster.py [--members 10000] [--runs 5]
"""

from __future__ import annotations

from dataclasses import replace

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from store.changes import change, update_op  # noqa: E402
from store.db import CampaignStore  # noqa: E402
from store.demo import build_demo  # noqa: E402
from store.models import Member  # noqa: E402

FIRST = ["José", "María", "Ana", "Jaime", "Alex", "Nelly", "Kevin", "Armida", "Francisco", "Jenny", "Eduardo", "Lucía"]
LAST = ["Méndez", "Martínez", "Rojas", "Franco", "Cerna", "Barrientos", "Ponce", "Pérez", "Gómez", "Rivera", "Chávez"]
ORGS = ["STISSS", "SEIU Local 1000", "CWA 1180", "UE Local 150", "AFT 2121", "STSEL", "FESTRASPES"]
CITIES = ["San Salvador", "Oakland", "Boston", "Santa Ana", "Philadelphia", "Seattle", "Los Angeles"]
STATUSES = ["inquiry", "applied", "accepted", "confirmed", "paid", "withdrawn"]


def roster_people(members: int) -> list[Member]:
    """`members` plausible people, the same every run (seeded)."""
    rng = random.Random(2013)
    return [
        Member(
            f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
            rng.choice(ORGS),
            rng.choice(["member", "officer", "staff", "ally"]),
            rng.choice(CITIES),
            f"person{i}@example.org",
            f"+1 555 {i:07d}",
            rng.choice(STATUSES),
            "vegetarian; needs a visa letter" if i % 7 == 0 else "",
        )
        for i in range(members)
    ]


def make_db(folder: Path, members: int) -> Path:
    demo = build_demo()
    demo.members = roster_people(members)
    path = folder / f"roster-{members}.json"
    CampaignStore(path).open(seed=lambda: demo)
    return path


def fresh_copy(template: Path, name: str) -> Path:
    """A private copy of a campaign file beside it (the benchmarks change copies, never templates)."""
    path = template.with_name(name)
    for stale in (path, path.with_name(path.name + ".lock")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(template, path)
    os.chmod(path, 0o600)
    return path


class Terminal:
    """The dashboard in a tmux session."""

    def __init__(self, db: Path, size: tuple[int, int] = (160, 48)) -> None:
        self.session = f"rbench{os.getpid()}"
        self.db = db
        self.size = size

    def start(self) -> float:
        started = time.perf_counter()
        command = f"cd {REPO} && exec {sys.executable} -m tui --db {self.db} --today 2013-02-06"
        subprocess.run(["tmux", "new-session", "-d", "-s", self.session, "-x", str(self.size[0]), "-y", str(self.size[1]), command], check=True)
        self.wait_for("Jaime Rivera today")
        return time.perf_counter() - started

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.session], capture_output=True, text=True).stdout

    def wait_for(self, text: str, timeout: float = 30) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if text in self.screen():
                return time.perf_counter() - started
            time.sleep(0.002)
        raise RuntimeError(f"{text!r} did not appear within {timeout} s")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.session, *keys], check=True)

    def pid(self) -> int:
        out = subprocess.run(["tmux", "list-panes", "-t", self.session, "-F", "#{pane_pid}"], capture_output=True, text=True)
        return int(out.stdout.split()[0])

    def stop(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True)


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"machine: nproc {os.cpu_count()}, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.runs} runs, interleaved")
    folder = Path(tempfile.mkdtemp())
    empty, big = make_db(folder, 0), make_db(folder, args.members)
    print(f"campaign file with {args.members:,} members: {big.stat().st_size / 1e6:.1f} MB")
    keeper = f"rkeep{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", keeper, "sleep 900"], check=True)
    try:
        paint = {"empty roster": [], f"{args.members:,} members": []}
        for _ in range(args.runs):
            for name, db in (("empty roster", empty), (f"{args.members:,} members", big)):
                terminal = Terminal(db)
                paint[name].append(terminal.start())
                terminal.stop()
        medians = {k: statistics.median(v) for k, v in paint.items()}
        for name, times in paint.items():
            print(f"first paint, {name:15} median {medians[name] * 1000:5.0f} ms  ({', '.join(f'{t * 1000:.0f}' for t in times)})")
        ratio = medians[f"{args.members:,} members"] / medians["empty roster"]
        print(f"first paint ratio: {ratio:.2f} (target <= 1.50)")

        terminal = Terminal(big)
        terminal.start()
        terminal.keys("3")
        terminal.wait_for(f"{args.members:,} people · sorted")
        terminal.keys("/")
        time.sleep(0.3)
        latencies = []
        typed = ""
        for ch in "mendez oakland":
            typed += ch
            terminal.keys("-l", ch)
            latencies.append(terminal.wait_for(f"filter: {typed.strip()}" if ch != " " else f"filter: {typed.strip()}"))
        print(f"filter keystroke (key to repainted table), median {statistics.median(latencies) * 1000:.0f} ms, "
              f"max {max(latencies) * 1000:.0f} ms over {len(latencies)} keys (target <= 50 ms); "
              f"each: {', '.join(f'{t * 1000:.0f}' for t in latencies)}")
        terminal.keys("Escape")
        time.sleep(0.3)
        saves, shown = [], []
        for _ in range(args.runs):
            before = big.stat().st_mtime_ns
            counts = next(line for line in terminal.screen().splitlines() if " people" in line)
            started = time.perf_counter()
            terminal.keys("w")  # withdraw / reinstate: always a change, so always a save
            while counts in terminal.screen():  # the counts per status in the roster's summary
                time.sleep(0.002)
            shown.append(time.perf_counter() - started)
            while big.stat().st_mtime_ns == before:
                time.sleep(0.001)
            saves.append(time.perf_counter() - started)
            time.sleep(0.3)
        print(f"status change (key to the new counts on screen), median {statistics.median(shown) * 1000:.0f} ms "
              f"({', '.join(f'{t * 1000:.0f}' for t in shown)})")
        print(f"status change (key to saved on disk, in a worker), median {statistics.median(saves) * 1000:.0f} ms "
              f"(target <= 150 ms)")
        print(f"peak memory of the dashboard process: {peak_memory_mb(terminal.pid()):.0f} MB (target <= 80 MB)")
        terminal.stop()
        baseline = Terminal(empty)
        baseline.start()
        time.sleep(1.5)
        print(f"peak memory with an empty roster, for comparison: {peak_memory_mb(baseline.pid()):.0f} MB")
        baseline.stop()

        store = CampaignStore(big)
        campaign = store.load()
        member = campaign.members[0]
        timings = []
        for i in range(args.runs):
            edited = replace(member, notes=f"save {i}")
            started = time.perf_counter()
            store.apply(change("bench", [update_op(member, edited)]))
            timings.append(time.perf_counter() - started)
            member = edited
        print(f"store.apply of one member into {args.members:,} (read, change, fsync, rename), median {statistics.median(timings) * 1000:.0f} ms")
        started = time.perf_counter()
        store.load()
        print(f"store.load of {args.members:,} members: {(time.perf_counter() - started) * 1000:.0f} ms")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)


if __name__ == "__main__":
    main()
