"""Start-up benchmark: process start to the first painted frame, dashboard vs a one-widget app.

Runs each app in a real terminal (tmux), polls `capture-pane` until the first frame's text is
on screen, and prints the medians and their ratio. A script that prints figures, not a test:

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


def time_to_text(command: str, marker: str, size: tuple[int, int] = (160, 48), timeout: float = 20.0) -> float:
    session = f"bench{os.getpid()}"
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]), command],
        check=True,
    )
    try:
        while time.perf_counter() - start < timeout:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise RuntimeError(f"{marker!r} did not appear within {timeout} s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed for this benchmark (apt-get install tmux)")
    folder = Path(tempfile.mkdtemp())
    db = folder / "campaign.json"
    subprocess.run([sys.executable, "-m", "tui", "demo", "--no-open", "--db", str(db)], check=True, capture_output=True, cwd=REPO)
    one = folder / "one.py"
    one.write_text(ONE_WIDGET_APP)
    python = sys.executable
    cases = {
        "one-widget app": (f"cd {REPO} && {python} {one}", "one widget ready"),
        "dashboard": (f"cd {REPO} && {python} -m tui --db {db} --today 2013-02-06", "Jaime Rivera today"),
    }
    results: dict[str, list[float]] = {name: [] for name in cases}
    # One idle session keeps the tmux server up, so no run pays for starting it.
    keeper = f"bench-keep{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", keeper, "sleep 600"], check=True)
    try:
        time_to_text(*cases["one-widget app"])  # warm the disk cache
        for _ in range(args.runs):
            for name, (command, marker) in cases.items():  # interleaved, so drift hits both alike
                results[name].append(time_to_text(command, marker))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)
    medians = {name: statistics.median(times) for name, times in results.items()}
    for name, times in results.items():
        print(f"{name:15} median {medians[name] * 1000:6.0f} ms   runs: {', '.join(f'{t * 1000:.0f}' for t in times)}")
    print(f"ratio dashboard / one-widget app: {medians['dashboard'] / medians['one-widget app']:.2f} (target <= 1.30)")


if __name__ == "__main__":
    main()
