"""Interaction benchmark: a pane switch at 80x24 and a paper tally at 5,000 readings, each key
to its result on screen, as ratios to a baseline measured in the same run.

- pane switch: `2` / `1` alternately in the dashboard at 80x24 (one pane at a time), key sent to
  the other pane's text on screen; baseline: a one-widget Textual app whose key swaps its text.
- tally: `+`, a number, ctrl+s in the petition form, ctrl+s to the new count on screen, with
  5,000 readings in the petition's history; baseline: the demo's one reading.

Runs the real app in a real terminal (tmux, a private server), median of --runs interleaved
runs. Beside each wall time it prints the CPU time the app's threads used (/proc's schedstat):
the work itself, which other people's load on a shared machine moves much less. A script that
prints figures, not a test:

    .venv/bin/python tests/bench/interact.py [--runs 9]
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
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from startup import cpu_seconds  # noqa: E402  (tests/bench/startup.py, beside this script)
from store import petition as petition_rules  # noqa: E402
from store.db import CampaignStore  # noqa: E402
from store.demo import build_demo  # noqa: E402

ECHO_APP = """
from textual.app import App
from textual.widgets import Static
class Echo(App):
    def compose(self):
        yield Static("one widget ready", id="s")
    def on_key(self, event):
        self.query_one("#s", Static).update("pane one shown" if event.key == "1" else "pane two shown")
Echo().run()
"""


class Tmux:
    """A private tmux server (its own socket), so nothing else's sessions are touched."""

    def __init__(self) -> None:
        self.socket = f"interact-bench-{os.getpid()}"

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=15).stdout

    def __enter__(self) -> Tmux:
        self.run("new-session", "-d", "-s", "keeper", "sleep 3600")
        return self

    def __exit__(self, *_: object) -> None:
        self.run("kill-server")


class Session:
    def __init__(self, tmux: Tmux, name: str, command: str, size: tuple[int, int]) -> None:
        self.tmux, self.name = tmux, name
        tmux.run("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), command)
        self.pid = int(tmux.run("display-message", "-p", "-t", name, "#{pane_pid}").strip())  # the app (exec'd)

    def cpu(self) -> float:
        """CPU seconds the app has used so far, all its threads."""
        return cpu_seconds(self.pid)

    def wait_for(self, text: str, timeout: float = 30.0) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if text in self.tmux.run("capture-pane", "-p", "-t", self.name):
                return time.perf_counter() - started
            time.sleep(0.002)
        screen = self.tmux.run("capture-pane", "-p", "-t", self.name)
        raise RuntimeError(f"{text!r} did not appear within {timeout} s; the screen:\n{screen}")

    def key_to(self, key: str, text: str) -> float:
        started = time.perf_counter()
        self.tmux.run("send-keys", "-t", self.name, key)
        self.wait_for(text)
        return time.perf_counter() - started

    def keys(self, *keys: str) -> None:
        self.tmux.run("send-keys", "-t", self.name, *keys)

    def stop(self) -> None:
        self.tmux.run("kill-session", "-t", self.name)


def make_db(folder: Path, readings: int) -> tuple[Path, int]:
    """The demo campaign with `readings` extra one-signature tallies; (path, count shown)."""
    demo = build_demo()
    start = datetime(2013, 2, 1, 13, 0)
    for i in range(readings):
        demo.petition.readings.append(petition_rules.tally_reading("1", f"sheet {i}", start + timedelta(minutes=i)))
    path = folder / f"readings-{readings}.json"
    CampaignStore(path).open(seed=lambda: demo)
    return path, petition_rules.current_count(demo.petition)


def ms(values: list[float]) -> str:
    return ", ".join(f"{v * 1000:.0f}" for v in values)


def report(title: str, base_name: str, base: list[float], name: str, times: list[float], goal: str) -> None:
    b, m = statistics.median(base), statistics.median(times)
    p90 = sorted(times)[int(0.9 * (len(times) - 1))]
    print(title)
    print(f"  {base_name:28} median {b * 1000:5.0f} ms   runs: {ms(base)}")
    print(f"  {name:28} median {m * 1000:5.0f} ms   p90 {p90 * 1000:4.0f} ms   runs: {ms(times)}")
    print(f"  ratio {m / b:.2f}; {goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--readings", type=int, default=5000)
    parser.add_argument("--base", type=Path, help="another checkout (e.g. main's) to run interleaved, for before/after")
    args = parser.parse_args()
    checkouts = {"": REPO} | ({"base ": args.base.resolve()} if args.base else {})
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed for this benchmark (apt-get install tmux)")
    folder = Path(tempfile.mkdtemp(prefix="interact-bench-"))
    echo = folder / "echo.py"
    echo.write_text(ECHO_APP)
    py = sys.executable
    load = os.getloadavg()
    print(f"machine: nproc {os.cpu_count()}, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.runs} runs, interleaved")
    with Tmux() as tmux:
        # pane switch at 80x24
        small, _ = make_db(folder, 0)
        one = Session(tmux, "echo", f"cd {REPO} && exec {py} {echo}", (80, 24))
        dashes = {
            label: Session(tmux, f"{label}dash".strip(), f"cd {repo} && exec {py} -m tui --db {small} --today 2013-02-06", (80, 24))
            for label, repo in checkouts.items()
        }
        one.wait_for("one widget ready")
        for dash in dashes.values():
            dash.wait_for("Jaime Rivera today")
        time.sleep(2.0)  # start-up work done
        base: list[float] = []
        switch: dict[str, list[float]] = {label: [] for label in dashes}
        # The CPU time each app uses over all its keys: the work itself, which other people's
        # load on a shared machine moves much less than the wall time.
        cpu_before = {label: app.cpu() for label, app in (("one", one), *dashes.items())}
        for _ in range(args.runs):
            for key, one_text, dash_text in (("2", "pane two shown", "of 2,000 signatures"), ("1", "pane one shown", "Jaime Rivera today")):
                base.append(one.key_to(key, one_text))
                for label, dash in dashes.items():
                    switch[label].append(dash.key_to(key, dash_text))
                time.sleep(0.05)
        cpu_per_key = {label: (app.cpu() - cpu_before[label]) / (2 * args.runs) for label, app in (("one", one), *dashes.items())}
        one.stop()
        for dash in dashes.values():
            dash.stop()
        for label, times in switch.items():
            report(f"{label}pane switch at 80x24 (1 and 2 in turn, key to the other pane's text on screen)",
                   "one-widget app, key to text", base, "dashboard pane switch", times, "goal: median <= 50 ms")
            print(f"  CPU time per key (the app's threads, from its first key to its last): {cpu_per_key[label] * 1000:.1f} ms,"
                  f" one-widget app {cpu_per_key['one'] * 1000:.1f} ms, ratio {cpu_per_key[label] / cpu_per_key['one']:.2f}")

        # paper tally at many readings
        few, few_count = make_db(folder, 0)
        many, many_count = make_db(folder, args.readings)
        apps = {}
        counts = {}
        for label, repo in checkouts.items():
            for name, db, count in (("few", few, few_count), ("many", many, many_count)):
                copy = folder / f"{label.strip() or 'this'}-{db.name}"
                shutil.copyfile(db, copy)
                apps[label + name] = Session(tmux, f"{label}{name}".replace(" ", ""), f"cd {repo} && exec {py} -m tui --db {copy} --today 2013-02-06", (160, 48))
                counts[label + name] = count
        for app in apps.values():
            app.wait_for("Jaime Rivera today")
        time.sleep(2.0)
        tally: dict[str, list[float]] = {name: [] for name in apps}
        tally_cpu = dict.fromkeys(apps, 0.0)  # CPU seconds from ctrl+s to the count on screen
        for _ in range(args.runs):
            for name, app in apps.items():
                app.keys("2", "+")
                app.wait_for("Signatures")
                app.keys("-l", "5")
                time.sleep(0.1)
                counts[name] += 5
                used = app.cpu()
                tally[name].append(app.key_to("C-s", f"{counts[name]:,} of 2,000 signatures"))
                tally_cpu[name] += app.cpu() - used
                time.sleep(0.3)
        for app in apps.values():
            app.stop()
        for label in checkouts:
            report(f"{label}paper tally: ctrl+s in the form to the new count on screen (160x48)",
                   "the demo's 1 reading", tally[label + "few"], f"{args.readings:,} readings", tally[label + "many"], "goal: <= 50 ms")
            few_cpu, many_cpu = tally_cpu[label + "few"] / args.runs, tally_cpu[label + "many"] / args.runs
            print(f"  CPU time by then, mean (the app's threads): 1 reading {few_cpu * 1000:.1f} ms, {args.readings:,} readings {many_cpu * 1000:.1f} ms, ratio {many_cpu / few_cpu:.2f}")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
