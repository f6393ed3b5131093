"""Start-up benchmark: process start to the first painted frame, dashboard vs a one-widget app.

Runs each app in a real terminal (tmux), polls `capture-pane` until the first frame's text is
on screen, and prints the medians and their ratio. It also reads the CPU time the app's processes
had used by then (/proc's schedstat, every thread): the work itself, which other people's load
on a shared machine moves much less than the wall time. A script that prints figures, not a test:

    .venv/bin/python tests/bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ONE_WIDGET_APP = """
from textual.app import App
from textual.widgets import Static
class One(App):
    def compose(self):
        yield Static("one widget ready")
One().run()
"""


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by process `pid` and its descendants, all their threads (0 for what
    has exited: read while the app still runs)."""
    total, todo = 0, [pid]
    while todo:
        process = todo.pop()
        try:
            for task in os.listdir(f"/proc/{process}/task"):
                with open(f"/proc/{process}/task/{task}/schedstat") as stat:
                    total += int(stat.read().split()[0])  # nanoseconds on a CPU
                with open(f"/proc/{process}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue  # gone meanwhile
    return total / 1e9


def time_to_text(
    command: str, marker: str, size: tuple[int, int] = (160, 48), timeout: float = 20.0, then: tuple[str, str] | None = None
) -> tuple[float, float]:
    """Seconds from start to `marker` on screen, and the CPU seconds the app had used by then;
    with `then` (key, text): the key is sent as soon as `marker` shows and the times are to
    `text` on screen (the app interactive)."""
    session = f"bench{os.getpid()}"
    start = time.perf_counter()
    pane = subprocess.run(
        ["tmux", "new-session", "-d", "-P", "-F", "#{pane_pid}", "-s", session, "-x", str(size[0]), "-y", str(size[1]), command],
        check=True,
        capture_output=True,
        text=True,
    )
    pid = int(pane.stdout.split()[0])
    try:
        while time.perf_counter() - start < timeout:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if marker in screen:
                if then is None:
                    return time.perf_counter() - start, cpu_seconds(pid)
                subprocess.run(["tmux", "send-keys", "-t", session, then[0]], check=True)
                marker, then = then[1], None
                continue
            time.sleep(0.005)
        raise RuntimeError(f"{marker!r} did not appear within {timeout} s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--base", type=Path, help="another checkout (e.g. main's) to run interleaved, for before/after")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed for this benchmark (apt-get install tmux)")
    folder = Path(tempfile.mkdtemp())
    db = folder / "campaign.json"
    subprocess.run([sys.executable, "-m", "tui", "demo", "--no-open", "--db", str(db)], check=True, capture_output=True, cwd=REPO)
    one = folder / "one.py"
    one.write_text(ONE_WIDGET_APP)
    python = sys.executable
    dash = f"cd {REPO} && {python} -m tui --db {db} --today 2013-02-06"
    cases = {
        "one-widget app": (f"cd {REPO} && {python} {one}", "one widget ready"),
        "dashboard": (dash, "Jaime Rivera today"),
        # the last pane's text: the letter's targets, below its letter
        "all four panes": (dash, "Targets: 4 ·"),
        # the footer shown and a key handled: 2 focuses the petition pane, whose keys the footer shows
        "interactive": (dash, "Jaime Rivera today", (160, 48), 20.0, ("2", "Add signatures")),
        # a small terminal (one pane at a time): the first pane, and 2 to the petition's keys
        "80x24 first pane": (dash, "Jaime Rivera today", (80, 24)),
        "80x24 interactive": (dash, "Jaime Rivera today", (80, 24), 20.0, ("2", "Add signatures")),
    }
    if args.base is not None:  # the same three figures for the other checkout, in the same runs
        other = f"cd {args.base.resolve()} && {python} -m tui --db {db} --today 2013-02-06"
        for name in ("dashboard", "all four panes", "interactive", "80x24 first pane", "80x24 interactive"):
            cases[f"base {name}"] = (other, *cases[name][1:])
    load = os.getloadavg()
    print(f"machine: nproc {os.cpu_count()}, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.runs} runs, interleaved")
    results: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    # One idle session keeps the tmux server up, so no run pays for starting it.
    keeper = f"bench-keep{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", keeper, "sleep 600"], check=True)
    try:
        time_to_text(*cases["one-widget app"])  # warm the disk cache
        for _ in range(args.runs):
            for name, case in cases.items():  # interleaved, so drift hits all alike
                wall, used = time_to_text(*case)
                results[name].append(wall)
                cpu[name].append(used)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)
    medians = {name: statistics.median(times) for name, times in results.items()}
    for name, times in results.items():
        print(f"{name:20} median {medians[name] * 1000:6.0f} ms   runs: {', '.join(f'{t * 1000:.0f}' for t in times)}")
    base = medians["one-widget app"]
    for name in [n for n in medians if n.startswith("base ")]:
        print(f"{name}: ratio {medians[name] / base:.2f} (this checkout: {medians[name.removeprefix('base ')] / base:.2f})")
    print(f"ratio first pane painted / one-widget app's first paint: {medians['dashboard'] / base:.2f}")
    print(f"ratio all four panes painted / one-widget app's first paint: {medians['all four panes'] / base:.2f} (target <= 1.30)")
    print(f"ratio interactive (2 pressed at the first frame, the petition's keys in the footer) / one-widget app's first paint: "
          f"{medians['interactive'] / base:.2f} (target <= 1.50)")
    print(f"ratio at 80x24, first pane / one-widget app's first paint (at 160x48): {medians['80x24 first pane'] / base:.2f}; "
          f"interactive: {medians['80x24 interactive'] / base:.2f}")
    cpu_medians = {name: statistics.median(times) for name, times in cpu.items()}
    print("CPU time used by then (all the app's threads), medians and ratios to the one-widget app's:")
    for name, used in cpu_medians.items():
        print(f"  {name:22} {used * 1000:6.0f} ms  {used / cpu_medians['one-widget app']:.2f}x   runs: {', '.join(f'{t * 1000:.0f}' for t in cpu[name])}")


if __name__ == "__main__":
    main()
