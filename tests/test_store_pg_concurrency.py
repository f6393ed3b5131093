"""Three organizers at once against one PostgreSQL: 3 processes x 300 changes (tallies, roster
status changes, stop edits on overlapping records). Every tally counts, every change that was
not refused is kept, every refused one was reported as a conflict naming who, nothing is lost."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from store import changes as c
from store.demo import build_demo
from store.location import open_store
from store.models import Member

REPO = Path(__file__).resolve().parents[1]
PROCESSES, CHANGES = 3, 300


def test_three_processes_300_changes_each_lose_nothing(pg_url: str, record_property) -> None:  # type: ignore[no-untyped-def]
    store = open_store(pg_url)
    store.open(seed=build_demo)
    store.apply(c.change("the delegation", [c.add_op(Member(f"Delegate {n}", email=f"d{n}@example.org")) for n in range(12)]))
    base_readings = len(store.load().petition.readings)

    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.pg_worker", pg_url, str(n), str(CHANGES)],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        for n in range(PROCESSES)
    ]
    for worker in workers:  # all connected and reading before any writes
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready", worker.stderr.read() if worker.stderr else ""
    started = time.monotonic()
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    elapsed = time.monotonic() - started

    results = [r for report in reports for r in report["results"]]
    assert len(results) == PROCESSES * CHANGES
    kept = {r["id"]: r for r in results if r["ok"]}
    refused = [r for r in results if not r["ok"]]

    log = store.log()
    logged = [e.change.id for e in log if e.change.summary != "the delegation"]
    assert sorted(logged) == sorted(kept)  # every kept change logged once; no refused one written
    assert [e.rev for e in log] == list(range(1, len(log) + 1))  # revisions without a gap

    campaign = store.load()
    tallies = [r for r in campaign.petition.readings if r.added == 1 and r.note.startswith("sheet ")]
    assert len(tallies) == PROCESSES * CHANGES // 3 and all(r["ok"] for r in results if r["kind"] == "tally")

    # Nothing kept was overwritten unseen: each field holds what the newest change that set it wrote.
    newest: dict[tuple[str, str, str], object] = {}
    for entry in log:
        for op in entry.change.ops:
            if isinstance(op, c.Update):
                for path, (_seen, new) in op.fields.items():
                    newest[(op.table, op.id, path)] = new
    records = c.CampaignRecords(campaign)
    for (table, record_id, path), value in newest.items():
        assert c.get_path(records.get(table, record_id) or {}, path) == value, (table, record_id, path)

    assert refused, "overlapping edits from stale views must meet conflicts"
    for r in refused:  # each reported in words, naming who was in the way
        assert r["kind"] != "tally" and r["conflicts"] and all(r["by"]), r
    stop_fields = Counter(path for (table, _id, path) in newest if table == "stops")
    assert stop_fields["venue"] and stop_fields["notes"]  # two organizers' different fields of one stop both won

    figures = {
        "changes": len(results),
        "kept": len(kept),
        "conflicts": len(refused),
        "conflicts_by_kind": dict(Counter(r["kind"] for r in refused)),
        "seconds": round(elapsed, 2),
        "changes_per_s": round(len(results) / elapsed, 1),
        "readings": len(campaign.petition.readings) - base_readings,
    }
    record_property("figures", figures)
    print(f"\nPostgreSQL, {PROCESSES} processes x {CHANGES} changes: {json.dumps(figures)}")
