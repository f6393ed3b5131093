"""Start-up benchmark in instructions: the CPU instructions from process start to the first frame,
dashboard vs a one-widget app, counted by valgrind's callgrind.

Wall and CPU times on a shared machine move by 20-30% from run to run (tests/bench/startup.py
takes medians of many); an instruction count is the same to 0.1% from run to run, so a change of
1-2% of start-up shows in one run. It is not a time: it leaves out the waits (terminal, disk)
and counts every instruction alike. Each app runs in a real terminal (tmux) and ends itself,
at once, when Textual says its first frame is on screen (the App's Ready event).

    .venv/bin/python tests/bench/startup_instructions.py [--base OTHER_CHECKOUT] [--size 160x48] [--imports]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Both apps end in os._exit at their first Ready: what comes after the first frame (and the
# tear-down of all the widgets) is not counted.
ONE_WIDGET_APP = """
import os
from textual.app import App
from textual.widgets import Static
class One(App):
    def compose(self):
        yield Static("one widget ready")
    def on_ready(self):
        os._exit(0)
One().run()
"""
DASHBOARD = """
import os, sys
sys.path.insert(0, os.getcwd())  # this checkout's code, whichever is installed
import tui.cli, tui.cli_start
opened = tui.cli_start.open_store
def open_store(*args, **kwargs):
    # Textual is imported here, where the dashboard imports it (garbage collection is off by
    # then); App.on_ready runs after the dashboard's own (Textual calls each class's handler).
    store = opened(*args, **kwargs)
    from textual.app import App
    App.on_ready = lambda self: os._exit(0)
    return store
tui.cli_start.open_store = open_store
tui.cli.main(["--db", sys.argv[1], "--today", "2013-02-06"])
"""

# --imports: the same two apps stopped once their modules are imported, before they run.
ONE_WIDGET_IMPORTS = """
from textual.app import App
from textual.widgets import Static
"""
DASHBOARD_IMPORTS = """
import os, sys
sys.path.insert(0, os.getcwd())
import tui.cli, tui.cli_start, tui.app
"""


def instructions(script: Path, cwd: Path, args: list[str], size: tuple[int, int], folder: Path) -> int:
    """Instructions callgrind counted for `python script args` run in a terminal of `size`."""
    log = folder / f"callgrind-{time.monotonic_ns()}.log"
    command = (
        f"cd {cwd} && PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null "
        f"{sys.executable} {script} {' '.join(args)} 2> {log}"
    )
    session = f"instr{os.getpid()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]), command], check=True)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode:
                break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"{script.name} did not reach its first frame within 300 s under valgrind")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    found = re.search(r"Collected : (\d+)", log.read_text())
    if found is None:
        raise RuntimeError(f"no count from valgrind: {log.read_text()[-500:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="another checkout (e.g. main's) counted the same way, for before/after")
    parser.add_argument("--size", default="160x48", help="the terminal, COLUMNSxROWS (160x48: all four panes)")
    parser.add_argument("--imports", action="store_true", help="also count each app's imports alone (what a start-up ratio can get down to)")
    args = parser.parse_args()
    for tool in ("tmux", "valgrind"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed for this benchmark (apt-get install {tool})")
    width, height = (int(n) for n in args.size.split("x"))
    folder = Path(tempfile.mkdtemp())
    db = folder / "campaign.json"
    subprocess.run([sys.executable, "-m", "tui", "demo", "--no-open", "--db", str(db)], check=True, capture_output=True, cwd=REPO)
    one, dash = folder / "one.py", folder / "dash.py"
    one.write_text(ONE_WIDGET_APP)
    dash.write_text(DASHBOARD)
    counts = {"one-widget app": instructions(one, REPO, [], (width, height), folder)}
    counts["dashboard"] = instructions(dash, REPO, [str(db)], (width, height), folder)
    if args.base is not None:
        counts["base dashboard"] = instructions(dash, args.base.resolve(), [str(db)], (width, height), folder)
    print(f"instructions from process start to the first frame, at {args.size} (callgrind, one run each):")
    for name, count in counts.items():
        print(f"  {name:16} {count / 1e6:8.1f} M   {count / counts['one-widget app']:.3f}x the one-widget app")
    if args.imports:
        one_imports, dash_imports = folder / "one_imports.py", folder / "dash_imports.py"
        one_imports.write_text(ONE_WIDGET_IMPORTS)
        dash_imports.write_text(DASHBOARD_IMPORTS)
        imported = {
            "one-widget app": instructions(one_imports, REPO, [], (width, height), folder),
            "dashboard": instructions(dash_imports, REPO, [], (width, height), folder),
        }
        whole = counts["one-widget app"]
        print("the same, stopped once their modules are imported (Python's own start included):")
        for name, count in imported.items():
            print(f"  {name:16} {count / 1e6:8.1f} M   {count / whole:.3f}x the whole one-widget app")
        extra = imported["dashboard"] - imported["one-widget app"]
        print(
            f"  the dashboard's imports add {extra / 1e6:.1f} M ({extra / whole:.3f}x the one-widget app) before it builds anything;"
            f" its building and first frame add {(counts['dashboard'] - imported['dashboard']) / 1e6:.1f} M,"
            f" the one-widget app's {(whole - imported['one-widget app']) / 1e6:.1f} M"
        )


if __name__ == "__main__":
    main()
