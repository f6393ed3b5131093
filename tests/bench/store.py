"""Storage benchmark: what one change costs at 1,000, 10,000 and 100,000 members, as ratios to the
same thing on the smallest campaign, measured in the same run.

    .venv/bin/python tests/bench/store.py [--members 1000 10000 100000] [--runs 7] [--repo PATH]

`--repo` runs the same figures against another checkout's store (e.g. /work/main for the figures
before a change), so before and after come from one machine and one script.

Figures (each a median over --runs runs; the sizes are interleaved within each run, in a shuffled
order, with the baseline among them):
 1. status change, warm: store.apply of one member's status (an update_op), call to return (the
    change is fsynced inside), by a store that has read the file before, as the dashboard's is.
 2. status change, cold: the same by a new CampaignStore (what one `campaign-dash roster set`
    pays, besides starting Python): it reads the file first.
 3. paper tally, warm: store.apply of one petition reading (35 signatures from paper sheets).
 4. import of 10,000 CSV rows (new people) until durable: the plan (store.roster_csv.read_csv
    against the roster), the dashboard's copy (apply_to_campaign) and store.apply, by a warm store.
 5. compaction (the new store only): the snapshot rewritten whole, which happens once the journal
    has grown as big as the snapshot, i.e. once per about snapshot/600 bytes of status changes.
 6. peak memory of loading the campaign: a fresh process that opens the store and loads the
    campaign, its peak RSS (ru_maxrss); the baseline is the same process on the empty roster.
 7. bytes written per status change (file sizes on disk, not timed).

Baselines: a one-member roster for the changes (an update needs someone to update) and an empty
roster for the import and the memory. A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_REPO = HERE.parents[1]
IMPORT_ROWS = 10_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", nargs="+", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repo", type=Path, default=DEFAULT_REPO, help="the checkout whose store is measured")
    parser.add_argument("--import-max", type=int, default=10**9, help="skip the import above this many members (a slow store)")
    return parser.parse_args()


ARGS = parse_args() if __name__ == "__main__" else None
REPO = (ARGS.repo if ARGS else DEFAULT_REPO).resolve()
sys.path.insert(0, str(REPO))
import store.db  # noqa: E402  first, from --repo: roster (below) puts this checkout first on the path

sys.path.insert(0, str(HERE))
from roster import fresh_copy, make_db, roster_people  # noqa: E402  (the same people as the roster benchmark)

sys.path.insert(0, str(REPO))  # later imports (tui, for the import before a store had one) too
from store.changes import add_op, apply_to_campaign, change, update_op  # noqa: E402
from store.db import CampaignStore  # noqa: E402
from store.models import Reading  # noqa: E402
from store.roster_csv import export_csv, read_csv  # noqa: E402

def import_change(plan, source: str):  # type: ignore[no-untyped-def]
    """The import as one change: the plan's own (this branch) or the app's (before it)."""
    if hasattr(plan, "change"):
        return plan.change(source)
    from tui.roster_actions import import_change as before

    return before(plan, source)


class Campaign:
    """One size: its file, a warm store on it, and the member whose status flips."""

    def __init__(self, template: Path, members: int) -> None:
        self.members = members
        self.path = fresh_copy(template, f"work-{members}.json")
        self.store = CampaignStore(self.path)
        self.store.load()  # warm: the dashboard's store has read the file
        self.tallies = 0

    def tally(self) -> float:
        self.tallies += 1
        reading = Reading(datetime(2013, 2, 7, 10) + timedelta(minutes=self.tallies), None, "manual", "paper sheets", added=35)
        made = change("added 35 signatures (paper sheets)", [add_op(reading)])
        started = time.perf_counter()
        self.store.apply(made)
        return time.perf_counter() - started


def status_change_warm(campaign: Campaign) -> float:
    # the file's last row (the worst case for a store that scans for it), read before the clock
    # starts, as the dashboard has it
    member = campaign.store.load().members[-1]
    after = replace(member, status="applied" if member.status != "applied" else "inquiry")
    made = change(f"{member.name}: {member.status} → {after.status}", [update_op(member, after)])
    started = time.perf_counter()
    campaign.store.apply(made)
    return time.perf_counter() - started


def status_change_cold(campaign: Campaign) -> float:
    member = campaign.store.load().members[-1]
    after = replace(member, status="applied" if member.status != "applied" else "inquiry")
    made = change(f"{member.name}: {member.status} → {after.status}", [update_op(member, after)])
    store = CampaignStore(campaign.path)
    started = time.perf_counter()
    store.apply(made)
    return time.perf_counter() - started


def import_rows(template: Path, members: int, rows: bytes) -> float:
    path = fresh_copy(template, f"import-{members}.json")
    store = CampaignStore(path)
    shown = store.load()  # the dashboard's campaign, and a warm store
    started = time.perf_counter()
    plan = read_csv(rows, shown.members)
    made = import_change(plan, "sign-up.csv")
    apply_to_campaign(shown, made)
    store.apply(made)
    elapsed = time.perf_counter() - started
    assert len(store.load().members) == members + IMPORT_ROWS
    path.unlink()
    return elapsed


def compaction(campaign: Campaign) -> float:
    started = time.perf_counter()
    campaign.store.compact()
    return time.perf_counter() - started


# VmHWM, not ru_maxrss: on Linux the latter keeps the forking parent's peak across exec.
LOAD_CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
from store.db import CampaignStore
import store.db
assert store.db.__file__.startswith(sys.argv[1])
campaign = CampaignStore(sys.argv[2]).load()
assert len(campaign.members) == int(sys.argv[3])
status = open("/proc/self/status").read()
print(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))
"""


def load_peak_kb(path: Path, members: int) -> float:
    out = subprocess.run([sys.executable, "-c", LOAD_CHILD, str(REPO), str(path), str(members)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def bytes_per_change(campaign: Campaign) -> int:
    folder = campaign.path.parent
    before = {p.name: (p.stat().st_ino, p.stat().st_size) for p in folder.iterdir() if p.is_file()}
    status_change_warm(campaign)
    total = 0
    for p in folder.iterdir():
        if not p.is_file():
            continue
        info = p.stat()
        old = before.get(p.name)
        if old is not None and old[0] == info.st_ino and info.st_size >= old[1] and p.name == campaign.path.name:
            total += info.st_size - old[1]  # appended to (checked by tests/test_store_journal.py)
        elif old is None or old != (info.st_ino, info.st_size):
            total += info.st_size
    return total


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:,.1f} ms"


def main() -> None:
    assert ARGS is not None
    sizes = sorted(set(ARGS.members))
    runs = max(1, ARGS.runs)
    rng = random.Random(2013)
    assert store.db.__file__.startswith(str(REPO)), store.db.__file__
    print(f"store: {REPO} ({subprocess.run(['git', '-C', str(REPO), 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()})")
    print(f"machine: {os.cpu_count()} cores, {os.uname().machine}, Python {sys.version.split()[0]}; runs: {runs}, median")
    new_store = hasattr(CampaignStore, "compact")
    with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
        folder = Path(tmp)
        templates = {n: make_db(folder, n) for n in [0, 1, *sizes]}
        rows = export_csv([replace(m, email=f"imported{i}@example.org") for i, m in enumerate(roster_people(IMPORT_ROWS))])
        campaigns = {n: Campaign(templates[n], n) for n in [1, *sizes]}
        figures: dict[str, dict[int, list[float]]] = {
            name: {} for name in ("status change, warm", "status change, cold", "paper tally, warm", "import 10,000 rows", "compaction", "peak memory of a load")
        }

        def record(name: str, size: int, value: float) -> None:
            figures[name].setdefault(size, []).append(value)

        for _ in range(runs):
            order = [1, *sizes]
            rng.shuffle(order)
            for n in order:
                c = campaigns[n]
                record("status change, warm", n, status_change_warm(c))
                record("status change, cold", n, status_change_cold(c))
                record("paper tally, warm", n, c.tally())
                if new_store:
                    record("compaction", n, compaction(c))
            for n in [0, *sizes]:
                if n <= ARGS.import_max:
                    record("import 10,000 rows", n, import_rows(templates[n], n, rows))
                record("peak memory of a load", n, load_peak_kb(templates[n], n))
        written = {n: bytes_per_change(campaigns[n]) for n in [1, *sizes]}

    print()
    print(f"{'figure':<28} {'members':>8} {'median':>12} {'x baseline':>11}")
    for name, by_size in figures.items():
        if not by_size:
            continue
        base_size = 0 if 0 in by_size else 1
        base = statistics.median(by_size[base_size])
        for n in sorted(by_size):
            value = statistics.median(by_size[n])
            shown = f"{value / 1024:,.0f} MB" if name.startswith("peak") else median_ms(by_size[n])
            ratio = "baseline" if n == base_size else f"{value / base:.2f}x"
            print(f"{name:<28} {n:>8,} {shown:>12} {ratio:>11}")
    for n, total in written.items():
        print(f"{'bytes written per change':<28} {n:>8,} {total:>12,} {'':>11}")


if __name__ == "__main__":
    main()
