from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from store.clock import Clock
from store.db import CampaignStore
from store.demo import build_demo

TODAY = date(2013, 2, 6)
HOSTILE = "[@click=app.quit]x[/]"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real user's data folder or clipboard by accident."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / ".cache"))
    monkeypatch.delenv("CAMPAIGN_DASH_DB", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    # English unless a test asks: the interface follows the locale, and a tester's may be Spanish
    monkeypatch.delenv("CAMPAIGN_DASH_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    """A test that chose Spanish (or ran a command in a Spanish campaign) leaves English behind."""
    yield
    from store import i18n

    i18n.set_language("en", explicit=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "campaign.json"


def make_demo(path: Path) -> Path:
    """The demo campaign written to `path`, as `campaign-dash demo --no-open --db PATH` makes it."""
    CampaignStore(path).open(seed=build_demo)
    return path


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    """A campaign file holding the demo (commands no longer make one up for a missing file)."""
    return make_demo(db_path)


@pytest.fixture
def store(db_path: Path) -> CampaignStore:
    store = CampaignStore(db_path)
    store.open(seed=build_demo)
    return store


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


def file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), os.stat(path).st_mtime_ns


def put(store: CampaignStore, *records: object, summary: str = "test set-up") -> None:
    """Set records up for a test the way the app does: one change (add, or update the fields that differ)."""
    from store.changes import CampaignRecords, add_op, change, record_of, table_of, update_op
    from store.models import from_record

    current = CampaignRecords(store.load())
    ops = []
    for record in records:
        stored = current.get(table_of(record), record.id)  # type: ignore[attr-defined]
        if stored is None:
            ops.append(add_op(record))
        else:
            ops.append(update_op(from_record(type(record), {**record_of(record), **stored}), record))
    store.apply(change(summary, ops))


# --- the team store: a real PostgreSQL for the tests (tests/pgserver.py) --------------------------


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """A PostgreSQL server on 127.0.0.1 for the whole session. Without PostgreSQL installed the
    tests that need it are skipped with the reason, except in CI (CI=true), where they fail."""
    from . import pgserver

    reason = pgserver.why_not()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs PostgreSQL for the server store tests: {reason}")
        pytest.skip(reason)
    server = pgserver.start()
    yield server
    server.stop()


_campaigns = iter(range(1, 1_000_000))


@pytest.fixture
def pg_url(pg_server, request: pytest.FixtureRequest) -> str:  # type: ignore[no-untyped-def]
    """The URL of a campaign of this test's own on the server (several share its database)."""
    return pg_server.url(campaign=f"t{next(_campaigns)}-{request.node.name[:40]}")


@pytest.fixture(params=["file", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The demo campaign in each store: the same behaviour is asked of both."""
    from store.location import open_store

    where = str(tmp_path / "campaign.json") if request.param == "file" else request.getfixturevalue("pg_url")
    opened = open_store(where)
    opened.open(seed=build_demo)
    yield opened
    if hasattr(opened, "close"):
        opened.close()
