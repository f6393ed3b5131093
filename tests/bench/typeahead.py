"""Type-ahead check at a real terminal: whole key sequences sent with one `tmux send-keys`, at
the first frame and before it, and how often every value lands in its own field. A script that
prints counts, run by hand (the same cases run once each as tests in tests/test_app_typeahead.py):

    .venv/bin/python tests/bench/typeahead.py [--runs 10]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from store.db import CampaignStore  # noqa: E402
from store.models import Campaign  # noqa: E402

CASES: dict[str, tuple[str, Callable[[Campaign], bool]]] = {
    # a form, opened from another pane and filled with enter only (enter from the last field saves)
    "roster form": (
        "3aAna Q\rUFW\r\rFresno\ra@x.org\r\r\r\r",
        lambda c: [(m.name, m.organization, m.city, m.email) for m in c.members] == [("Ana Q", "UFW", "Fresno", "a@x.org")],
    ),
    # the letter's blanks: enter past the date, then three values
    "letter blanks": (
        "4f\r512\rSEIU Local 1000\rAna Pérez\r",
        lambda c: (c.letters[0].values.get("members"), c.letters[0].values.get("union"), c.letters[0].values.get("signer_name"))
        == ("512", "SEIU Local 1000", "Ana Pérez"),
    ),
    # two paper tallies, the second typed after the first one's saving enter. (Not ctrl+s: typed
    # before the first frame, while the terminal is still in its line mode, ctrl+s is its stop
    # key, XOFF, which the kernel takes and no program ever reads.)
    "two tallies": (
        "2+35\r\r12+7\r\r",
        lambda c: [r.added for r in c.petition.readings[-2:]] == [35, 7],
    ),
    # the roster form's Role drop-down: open its list, one down, choose, on to the city
    "drop-down": (
        "3aBo\rX\r \x1b[B\r\rFresno\r\r\r\r\r",
        lambda c: [(m.name, m.role, m.city) for m in c.members] == [("Bo", "officer", "Fresno")],
    ),
    # a field's editing keys among the digits: backspace, then the left arrow
    "field editing": (
        "2+x\x7f4\r\r" "2+12\x1b[D3\r\r",
        lambda c: [r.added for r in c.petition.readings[-2:]] == [4, 132],
    ),
}


def run_once(db: Path, keys: str, check: Callable[[Campaign], bool], before_first_frame: bool, timeout: float = 20.0) -> bool:
    session = "typeahead"
    subprocess.run([sys.executable, "-m", "tui", "demo", "--no-open", "--db", str(db)], check=True, capture_output=True, cwd=REPO)
    command = f"cd {REPO} && {sys.executable} -m tui --db {db} --today 2013-02-06"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command], check=True)
    try:
        if not before_first_frame:
            deadline = time.monotonic() + timeout
            while "224/280" not in subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.01)
        subprocess.run(["tmux", "send-keys", "-t", session, "-l", keys], check=True)  # one write: the whole sequence
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check(CampaignStore(db).load()):
                return True
            time.sleep(0.05)
        return False
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        db.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed (apt-get install tmux)")
    db = Path(tempfile.mkdtemp()) / "campaign.json"
    for name, (keys, check) in CASES.items():
        for before in (False, True):
            right = sum(run_once(db, keys, check, before) for _ in range(args.runs))
            when = "before the first frame" if before else "at the first frame"
            print(f"{name:14} {when:23} every value in its field: {right} of {args.runs}")


if __name__ == "__main__":
    main()
