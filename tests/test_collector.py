"""Garbage collection paused while lasting objects are made (tui/collector.py): start-up and a
big roster read after the first frame overlap, and collection comes back only when both end."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from tui import collector


@pytest.fixture(autouse=True)
def _collection_on_after() -> Iterator[None]:
    assert gc.isenabled() and not collector.paused()
    yield
    for name in collector.paused():
        collector.resume(name)
    gc.enable()


def test_start_up_ending_during_the_roster_read_leaves_collection_off_until_the_read_ends() -> None:
    """The bug: the dashboard's first frame turned collection back on while the roster was still
    being read, and full collections over 100,000 people followed (~90 ms each)."""
    frozen = gc.get_freeze_count()
    collector.pause(collector.START_UP)
    with collector.lasting_objects("roster"):
        people = [{"name": f"person {i}"} for i in range(1000)]
        collector.resume(collector.START_UP)  # the first frame, mid-read
        assert not gc.isenabled() and collector.paused() == {"roster"}
        assert gc.get_freeze_count() == frozen  # nothing frozen yet: the people are still coming
    assert gc.isenabled() and not collector.paused()
    assert gc.get_freeze_count() >= frozen + len(people)  # out of the collector's sight


def test_a_pause_ended_twice_or_never_begun_changes_nothing() -> None:
    collector.pause("roster")
    collector.resume(collector.START_UP)  # a start that never paused (the tests' apps)
    collector.resume(collector.START_UP)
    assert not gc.isenabled() and collector.paused() == {"roster"}
    collector.resume("roster")
    collector.resume("roster")
    assert gc.isenabled() and not collector.paused()


def test_collection_that_was_off_before_the_pauses_stays_off() -> None:
    gc.disable()
    with collector.lasting_objects("roster"):
        pass
    assert not gc.isenabled()


def test_a_failure_while_making_ends_the_pause() -> None:
    with pytest.raises(ValueError), collector.lasting_objects("roster"):
        raise ValueError("a damaged roster")
    assert gc.isenabled() and not collector.paused()


def test_pauses_from_two_threads_end_in_either_order() -> None:
    started, finish = threading.Event(), threading.Event()

    def read() -> None:
        with collector.lasting_objects("roster"):
            started.set()
            finish.wait(10)

    reader = threading.Thread(target=read)
    collector.pause(collector.START_UP)
    reader.start()
    assert started.wait(10)
    collector.resume(collector.START_UP)
    assert not gc.isenabled()
    finish.set()
    reader.join(10)
    assert gc.isenabled() and not collector.paused()
