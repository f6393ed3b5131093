"""Team-store benchmark: the campaign on a PostgreSQL server against the campaign file, in the
same run, as ratios (server / file).

A real PostgreSQL (tests/pgserver.py, on 127.0.0.1, with PostgreSQL's own durability settings:
fsync on, as the file store fsyncs) and a real campaign file in a temp folder, both holding the
demo campaign with --members people. Each figure is a median over --runs runs, the two stores
interleaved run by run (file, server, file, server...), so both see the same machine load.

    .venv/bin/python tests/bench/pg.py [--members 1000] [--runs 7] [--changes 100]

Figures:
 1. One change made durable: store.apply of a petition tally and of a member's status change,
    call to return (the server: one transaction over a local TCP connection, the file: lock, read,
    write whole, fsync, rename). Median and p95 over every change of every run.
 2. Throughput: --changes tallies in a row by one writer, changes per second; and on the server
    also 3 writers at once (3 threads, one connection each), which the file store's lock serializes.
 3. Change to the other screen: a dashboard (the real app, headless, run_test) open on the
    campaign; another store writes a tally; time until the dashboard holds the new count (the
    server: LISTEN/NOTIFY; the file: the 0.1 s stat watch). Median and p95.

A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from store import changes as c  # noqa: E402
from store.demo import build_demo  # noqa: E402
from store.location import open_store  # noqa: E402
from store.models import ALL_MEMBER_STATUSES, Member, Reading  # noqa: E402
from store.petition import current_count  # noqa: E402
from tests import pgserver  # noqa: E402


def campaign_with(members: int):  # type: ignore[no-untyped-def]
    campaign = build_demo()
    campaign.members = [Member(f"Person {i}", organization="SEIU", city="Oakland", email=f"p{i}@example.org") for i in range(members)]
    return campaign


def tally(n: int = 1) -> c.Change:
    at = datetime(2013, 2, 7) + timedelta(microseconds=time.perf_counter_ns() // 1000 % 10**9)
    return c.change(f"added {n}", [c.add_op(Reading(at, None, "manual", added=n))])


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def one_change(store, count: int) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """Latency of `count` tallies and `count` status changes (seconds each)."""
    out: dict[str, list[float]] = {"tally": [], "status": []}
    for _ in range(count):
        started = time.perf_counter()
        store.apply(tally())
        out["tally"].append(time.perf_counter() - started)
    for i in range(count):
        members = store.load().members  # as it is now (not timed)
        member = members[i % len(members)]
        nxt = ALL_MEMBER_STATUSES[(ALL_MEMBER_STATUSES.index(member.status) + 1) % 2]  # inquiry <-> applied: no seat
        started = time.perf_counter()
        store.apply(c.change("status", [c.update_op(member, replace(member, status=nxt))]))
        out["status"].append(time.perf_counter() - started)
    return out


def throughput(where: str, changes: int, writers: int) -> float:
    """Changes per second with `writers` threads, each with its own store (connection)."""
    stores = [open_store(where) for _ in range(writers)]
    barrier = threading.Barrier(writers + 1)

    def write(store) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        for _ in range(changes // writers):
            store.apply(tally())

    threads = [threading.Thread(target=write, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    for s in stores:
        getattr(s, "close", lambda: None)()
    return (changes // writers) * writers / elapsed


async def to_screen(where: str, samples: int) -> list[float]:
    """Seconds from another store's write returning to the dashboard holding the new count."""
    from store.clock import Clock
    from tui.app import CampaignDashApp

    app = CampaignDashApp(open_store(where), Clock(datetime(2013, 2, 6).date()), author="bench")
    writer = open_store(where)
    out = []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.5)  # the listener connected (a server); not part of any figure
        for _ in range(samples):
            want = current_count(app.campaign.petition) + 3
            await asyncio.sleep(0.05 + (time.perf_counter_ns() % 100) / 1000)  # a random phase of the watch timer
            await asyncio.to_thread(writer.apply, tally(3))
            written = time.perf_counter()
            while current_count(app.campaign.petition) != want:
                await asyncio.sleep(0.002)
                if time.perf_counter() - written > 10:
                    raise RuntimeError("the dashboard did not show the write within 10 s")
            out.append(time.perf_counter() - written)
    getattr(writer, "close", lambda: None)()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--changes", type=int, default=100, help="changes per throughput run (and 1/5 as many latency samples)")
    args = parser.parse_args()
    reason = pgserver.why_not()
    if reason:
        sys.exit(f"no PostgreSQL here: {reason}")
    server = pgserver.start(durable=True)
    folder = Path(tempfile.mkdtemp(prefix="campaign-dash-bench-"))
    try:
        places = {"file": str(folder / "campaign.json"), "server": server.url(campaign="bench")}
        seed = campaign_with(args.members)
        stores = {}
        for name, where in places.items():
            stores[name] = open_store(where)
            stores[name].open(seed=lambda: seed)
        latency: dict[tuple[str, str], list[float]] = {}
        rates: dict[str, list[float]] = {"file": [], "server": [], "server x3": [], "file x3": []}
        screen: dict[str, list[float]] = {"file": [], "server": []}
        samples = max(5, args.changes // 5)
        for run in range(args.runs):
            for name, where in places.items():  # interleaved: file, server, file, server...
                for kind, values in one_change(stores[name], samples).items():
                    latency.setdefault((name, kind), []).extend(values)
                rates[name].append(throughput(where, args.changes, 1))
                rates[f"{name} x3"].append(throughput(where, args.changes, 3))
                screen[name].extend(asyncio.run(to_screen(where, 3)))
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
        ms = 1000.0
        print(f"campaign: the demo with {args.members:,} members; {args.runs} interleaved runs; PostgreSQL {server.bin.parent.name}, fsync on")
        print("\n1. one change made durable (store.apply, call to return), ms")
        print(f"   {'':8} {'file median':>12} {'p95':>8} {'server median':>14} {'p95':>8} {'ratio (median)':>15}")
        for kind in ("tally", "status"):
            f, s = latency[("file", kind)], latency[("server", kind)]
            print(f"   {kind:8} {statistics.median(f) * ms:12.2f} {p95(f) * ms:8.2f} {statistics.median(s) * ms:14.2f} {p95(s) * ms:8.2f} {statistics.median(s) / statistics.median(f):14.2f}x")
        print("\n2. throughput, changes per second (median of runs)")
        for label in ("file", "server", "file x3", "server x3"):
            print(f"   {label:10} {statistics.median(rates[label]):10.0f}")
        print(f"   ratio server/file: one writer {statistics.median(rates['server']) / statistics.median(rates['file']):.2f}x, "
              f"three writers {statistics.median(rates['server x3']) / statistics.median(rates['file x3']):.2f}x")  # fmt: skip
        print("\n3. another organizer's change to this dashboard holding it, ms")
        for name in ("file", "server"):
            print(f"   {name:8} median {statistics.median(screen[name]) * ms:8.1f}   p95 {p95(screen[name]) * ms:8.1f}   ({len(screen[name])} samples)")
        print(f"   ratio server/file (median): {statistics.median(screen['server']) / statistics.median(screen['file']):.2f}x")
    finally:
        for store in stores.values():
            getattr(store, "close", lambda: None)()
        server.stop()


if __name__ == "__main__":
    main()
