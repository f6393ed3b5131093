"""Offline on a team server, as it happens on tour: the server goes away while the dashboard is
open, changes are made, the dashboard is killed (SIGKILL), started again with no server (it
opens from this machine's copy, the changes still waiting), killed again; the server comes back,
another organizer changes what one of the waiting changes changes; the dashboard, started once
more, sends every waiting change and shows the one that collides as a conflict."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace

import pytest

from store import changes as c
from store.demo import build_demo
from store.location import ServerLocation, open_store
from store.models import Member
from store.offline import LocalCopy
from store.petition import current_count

from . import pgserver
from .conftest import put
from .terminal import Terminal

XAVIER = Member("Xavier Ruiz", organization="UFW", city="Sacramento", email="xavier@example.org")


@pytest.fixture
def own_server(pg_server):  # type: ignore[no-untyped-def]
    """A server of this test's own (it is stopped and started again); pg_server says whether
    PostgreSQL is here (skipped locally without it, failed in CI)."""
    server = pgserver.start()
    yield server
    server.stop()


def wait_until(condition, what: str, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.05)  # polling a condition in another process, with a deadline


def dashboard(url: str) -> Terminal:
    return Terminal(["-m", "tui", "--db", url, "--today", "2013-02-06"], env={"CAMPAIGN_DASH_AUTHOR": "Ana"}, size=(160, 48))


def kill(terminal: Terminal) -> None:
    os.kill(terminal.pid, signal.SIGKILL)
    assert terminal.wait() == -signal.SIGKILL


def test_offline_changes_survive_kills_and_arrive_with_their_conflict_shown(own_server) -> None:  # type: ignore[no-untyped-def]
    url = own_server.url(campaign="tour")
    store = open_store(url)
    store.open(seed=build_demo)
    put(store, XAVIER)
    store.close()
    local = LocalCopy(ServerLocation(url))

    app = dashboard(url)
    app.read_until(b" of 2,000 signatures")
    own_server.halt()  # the server goes away with the dashboard open
    app.read_until(b"0 changes waiting")
    mark = len(app.seen)
    app.type(b"2+")
    app.read_until(b"how many, e.g. 35", since=mark)  # the form drawn whole
    app.type(b"7\x13")  # 7, ctrl+s
    app.read_until(b"1 change waiting", since=mark)
    app.type(b"3>")  # Xavier: inquiry -> applied
    app.read_until(b"2 changes waiting", since=mark)
    wait_until(lambda: len(local.queued()) == 2, "both changes in the journal")
    kill(app)

    again = dashboard(url)  # no server: the copy on this machine, the changes still waiting
    seen = again.read_until(b"2 changes waiting")
    assert b"offline since" in seen
    again.read_until(b"1,007\x1b[0m")
    kill(again)

    own_server.resume()
    other = open_store(url)  # meanwhile another organizer withdraws Xavier
    xavier = other.load().members[0]
    other.apply(c.change("Xavier withdrawn", [c.update_op(xavier, replace(xavier, status="withdrawn"))]), author="Beto")

    back = dashboard(url)
    back.read_until(b"someone else changed this meanwhile")
    campaign = other.load()
    assert current_count(campaign.petition) == 1007  # the tally arrived (readings never collide)
    assert campaign.members[0].status == "withdrawn"  # the conflict did not overwrite Beto's change
    summaries = [e.change.summary for e in other.log()]
    assert summaries == ["test set-up", "Xavier withdrawn", "added 7 signatures"]  # nothing else, nothing twice
    assert other.log()[-1].change.author == "Ana"
    assert len(local.queued()) == 1  # the conflicting one is kept until it is settled
    back.type(b"t")  # take theirs
    wait_until(lambda: local.queued() == [], "the journal to empty")
    back.type(b"\x11")  # ctrl+q
    assert back.wait() == 0
    other.close()
