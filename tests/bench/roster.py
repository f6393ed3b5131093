"""Roster benchmark at 1,000, 10,000 and 100,000 members: first paint, peak memory, filter keys, status change.

Everything runs the real app in a real terminal (tmux) and watches the screen or the file, as a
person would see it. Each run starts the dashboard once per roster size (and once on an empty
roster, the baseline), interleaved, and in that one session: first paint, the roster's counts on screen (read after the first frame when big), the roster pane, `/`
and a filter typed key by key, a status change, then the process's peak memory (VmHWM). Prints
medians of the runs and ratios to the empty roster measured in the same runs; a script, not a
test:

    .venv/bin/python tests/bench/roster.py [--members 1000 10000 100000] [--runs 7] [--base ../main-checkout]

`--base` runs another checkout (e.g. main's) interleaved with this one, for before/after.
"""

from __future__ import annotations

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


def one_line_copy(template: Path) -> Path:
    """The campaign as one JSON line (the snapshot form before big rosters were written in parts)."""
    import orjson

    from store.db import AtomicJSONStorage

    path = template.with_name("one-line-" + template.name)
    path.write_bytes(orjson.dumps(AtomicJSONStorage(template).read()) + b"\n")
    return path


class Terminal:
    """The dashboard in a tmux session."""

    def __init__(self, db: Path, repo: Path = REPO, size: tuple[int, int] = (160, 48)) -> None:
        self.session = f"rbench{os.getpid()}"
        self.db = db
        self.repo = repo
        self.size = size

    def start(self) -> float:
        started = time.perf_counter()
        command = f"cd {self.repo} && exec {sys.executable} -m tui --db {self.db} --today 2013-02-06"
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


QUERY = "mendez oakland"


def one_session(repo: Path, db: Path, members: int) -> dict[str, float]:
    """One dashboard start on `db`: what a person sees, timed, and the process's peak memory."""
    terminal = Terminal(db, repo)
    figures = {"paint": terminal.start()}
    try:
        # the roster's counts on screen (a big roster is read after the first frame)
        figures["roster"] = figures["paint"] + terminal.wait_for(f"{members:,} people" if members != 1 else "1 person")
        terminal.keys("3")
        terminal.wait_for(f"{members:,} people · sorted" if members != 1 else "1 person · sorted")
        terminal.keys("/")
        time.sleep(0.3)
        typed = ""
        for i, ch in enumerate(QUERY):
            typed += ch
            terminal.keys("-l", ch)
            figures[f"key{i}"] = terminal.wait_for(f"filter: {typed.strip()}")
        terminal.keys("Escape")
        terminal.wait_for(f"{members:,} people · sorted" if members != 1 else "1 person · sorted")
        if members:
            counts = next(line for line in terminal.screen().splitlines() if " people" in line or " person" in line)
            started = time.perf_counter()
            terminal.keys("w")  # withdraw / reinstate: always a change
            while counts in terminal.screen():  # the counts per status in the roster's summary
                time.sleep(0.002)
            figures["status"] = time.perf_counter() - started
        time.sleep(0.5)  # work the keys started (a save, folding) has finished
        figures["memory"] = peak_memory_mb(terminal.pid())
    finally:
        terminal.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--base", type=Path, help="another checkout (e.g. main's) to run interleaved, for before/after")
    args = parser.parse_args()
    checkouts = {"this": REPO} | ({"base": args.base.resolve()} if args.base else {})
    load = os.getloadavg()
    print(f"machine: nproc {os.cpu_count()}, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.runs} runs, interleaved")
    folder = Path(tempfile.mkdtemp(prefix="roster-bench-"))
    sizes = [0, *args.members]
    templates = {n: make_db(folder, n) for n in sizes}
    # Each checkout reads the file as it writes it: a base from before big rosters were written
    # in parts gets the one-line snapshot it wrote (this one reads both).
    older_base = args.base is not None and "PART_ROWS" not in (args.base / "store" / "db.py").read_text()
    one_line = {n: one_line_copy(templates[n]) for n in sizes} if older_base else {}
    for n in args.members:
        print(f"campaign file with {n:,} members: {templates[n].stat().st_size / 1e6:.1f} MB")
    keeper = f"rkeep{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", keeper, "sleep 3600"], check=True)
    results: dict[tuple[str, int], list[dict[str, float]]] = {(c, n): [] for c in checkouts for n in sizes}
    try:
        for run in range(args.runs):
            for n in sizes:
                # each checkout first in every other run: neither always starts right after the other
                for label, repo in list(checkouts.items())[:: -1 if run % 2 else 1]:
                    db = fresh_copy((one_line if label == "base" and older_base else templates)[n], f"{label}-{n}.json")  # each checkout writes its own copy
                    results[label, n].append(one_session(repo, db, n))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)

    def median(label: str, n: int, name: str) -> float:
        return statistics.median(r[name] for r in results[label, n])

    keys = [f"key{i}" for i in range(len(QUERY))]
    for label in checkouts:
        print(f"\n{label} checkout ({checkouts[label]}): medians of {args.runs} runs; (x) is the ratio to the empty roster in the same runs")
        paint0, memory0 = median(label, 0, "paint"), median(label, 0, "memory")
        key0 = statistics.median(r[k] for r in results[label, 0] for k in keys)
        print(f"  empty roster: first paint {paint0 * 1000:.0f} ms, peak memory {memory0:.0f} MB, filter key {key0 * 1000:.0f} ms")
        roster0 = median(label, 0, "roster")
        print(f"  empty roster: roster's counts on screen {roster0 * 1000:.0f} ms")
        print("  members  | first paint (goal 1.5x) | roster on screen | peak memory (goal 80 MB at 10k, 150 at 100k) | filter key: median / 1st / 2nd / max of medians (goal 50 ms) | status change")
        for n in args.members:
            paint, memory = median(label, n, "paint"), median(label, n, "memory")
            per_key = [median(label, n, k) for k in keys]
            every = statistics.median(r[k] for r in results[label, n] for k in keys)
            status = median(label, n, "status")
            shown = median(label, n, "roster")
            print(f"  {n:>8,} | {paint * 1000:5.0f} ms ({paint / paint0:.2f}x) | {shown * 1000:5.0f} ms ({shown / paint0:.2f}x) | {memory:4.0f} MB ({memory / memory0:.2f}x)"
                  f" | {every * 1000:4.0f} ({every / key0:.2f}x) / {per_key[0] * 1000:4.0f} / {per_key[1] * 1000:4.0f} / {max(per_key) * 1000:4.0f} ms"
                  f" | {status * 1000:4.0f} ms")
            firsts = ", ".join(f"{r[keys[0]] * 1000:.0f}" for r in results[label, n])
            memories = ", ".join(f"{r['memory']:.0f}" for r in results[label, n])
            print(f"           first keys, each run: {firsts}; peak memory, each run: {memories}")


if __name__ == "__main__":
    main()
