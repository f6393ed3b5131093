"""One organizer for the concurrency test (tests/test_store_pg_concurrency.py), run as a process:
`python -m tests.pg_worker URL NUMBER COUNT`. It says "ready", waits for "go" on stdin, then makes
COUNT changes (a third tallies, a third roster status changes, a third stop edits on records the
other organizers edit too) from a view of the campaign it reloads only every few changes or after
a conflict, as a dashboard would. It prints one JSON line: what each change did."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta

from store import changes as c
from store.location import open_store
from store.models import Reading

STATUSES = ("inquiry", "applied", "accepted", "confirmed", "paid")
RELOAD_EVERY = 30  # each organizer's view is as old as a dashboard's between refreshes
STOP_FIELD = {0: "venue", 1: "notes", 2: "venue"}  # organizers 0 and 2 edit the same field


def main(url: str, number: int, count: int) -> None:
    store = open_store(url)
    author = f"organizer {number}"
    view = store.load()
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return
    results = []
    started = time.monotonic()
    for i in range(count):
        if i and i % RELOAD_EVERY == 0:  # the first changes are made from the view read before "go"
            view = store.load()
        kind = ("tally", "status", "stop")[i % 3]
        if kind == "tally":
            reading = Reading(datetime(2013, 2, 7) + timedelta(seconds=number * 10_000 + i), None, "manual", f"sheet {number}-{i}", added=1)
            change = c.change(f"tally {number}-{i}", [c.add_op(reading)])
        elif kind == "status":
            member = view.members[(i * 7 + number) % len(view.members)]
            following = STATUSES[(STATUSES.index(member.status) + 1) % len(STATUSES)] if member.status in STATUSES else "inquiry"
            change = c.change(f"status {number}-{i}", [c.update_op(member, replace(member, status=following))])
        else:
            stop = view.stops[(i // 3 + number) % 3]  # three stops everybody edits
            name = STOP_FIELD[number]
            change = c.change(f"stop {number}-{i}", [c.update_op(stop, replace(stop, **{name: f"{name} by {number} #{i}"}))])
        try:
            applied = store.apply(change, author=author)
        except c.ConflictError as error:
            results.append({"id": change.id, "kind": kind, "ok": False, "conflicts": [x.sentence() for x in error.conflicts], "by": [x.by for x in error.conflicts]})
            view = store.load()
            continue
        c.apply_to_campaign(view, applied.change)  # my own change, in my view
        results.append({"id": change.id, "kind": kind, "ok": True, "rev": applied.rev})
    print(json.dumps({"number": number, "seconds": time.monotonic() - started, "results": results}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
