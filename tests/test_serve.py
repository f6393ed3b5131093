"""`campaign-dash serve`: the dashboard in a real headless Chromium (tests/browser.py), and the
refusal of a public address without a login proxy.

The browser test needs Debian's chromium and chromium-driver; locally it is skipped with the
reason when they are missing, in CI (CI=true) it fails instead."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.db import CampaignStore
from store.petition import current_count
from store.tweets import tweet_text

from . import browser as web
from .clihelpers import cli
from .conftest import make_demo

FOUR_PANES = ("1 Tour calendar", "2 Petition", "3 Delegation roster", "4 Letter")


# --- the address ------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "dash.example.org"])
def test_a_public_host_is_refused_without_the_proxy_flag(demo_db: Path, host: str) -> None:
    ran = cli("serve", "--host", host, db=demo_db)
    assert ran.code == 2
    line = ran.stderr.strip()
    assert line.startswith(f"campaign-dash: not serving on {host}: textual-serve has no login"), line
    assert "ssh -L 8000:127.0.0.1:8000" in line and "--behind-login-proxy" in line and "reverse proxy that asks for a login" in line


def test_loopback_names_are_loopback() -> None:
    from tui.cli_serve import is_loopback

    assert all(is_loopback(h) for h in ("127.0.0.1", "127.3.2.1", "localhost", "::1", "[::1]"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.1", "example.org", ""))


def test_a_missing_campaign_is_refused_before_serving(tmp_path: Path) -> None:
    ran = cli("serve", db=tmp_path / "nothing.json")
    assert ran.code == 2 and "no campaign at" in ran.stderr and "campaign-dash new" in ran.stderr


def test_a_port_in_use_is_one_sentence(demo_db: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ran = subprocess.run(
            [sys.executable, "-m", "tui", "serve", "--db", str(demo_db), "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert ran.returncode == 2, ran.stderr
    assert f"campaign-dash: cannot listen on 127.0.0.1:{port}: " in ran.stderr and "Traceback" not in ran.stderr


def test_the_dashboard_does_not_load_textual_serve() -> None:
    """The dashboard's start-up path stays as it was: textual-serve (aiohttp) only for `serve`."""
    code = "import sys, tui.cli, tui.app; print('textual_serve' in sys.modules, 'aiohttp' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_a_copy_in_the_browser_goes_through_the_page_and_says_when_it_failed() -> None:
    from tui import clipboard

    sent: list[str] = []
    outcome = clipboard.copy_in_browser("¡Respeto!", sent.append)
    assert sent == ["¡Respeto!"] and outcome.method == clipboard.BROWSER and "browser's clipboard" in outcome.message

    def broken(_text: str) -> None:
        raise OSError("the page is gone")

    failed = clipboard.copy_in_browser("x", broken)
    assert not failed.copied and "the page is gone" in failed.message


# --- in the browser ---------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[web.Server, web.Browser, Path]]:
    reason = web.why_not()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must test the served dashboard in Chromium, but {reason}")
        pytest.skip(reason)
    db = make_demo(tmp_path / "campaign.json")
    server = web.Server(db)
    try:
        page = web.Browser(server.url)
        try:
            yield server, page, db
        finally:
            page.close()
    finally:
        server.stop()


@pytest.mark.timeout(360)  # a hang guard: every wait inside is for a condition
def test_the_served_dashboard_in_chromium(served: tuple[web.Server, web.Browser, Path]) -> None:
    server, page, db = served
    # The page loads nothing from the internet: every request it made was to this server.
    # The footer shows before any key: the page gives the terminal the keyboard focus.
    screen = page.wait_for_text(*FOUR_PANES, "Jaime Rivera", "1,000 of 2,000 signatures", "Ministro Castro", "x Export .ics")
    assert "New York City" in screen
    requested = page.driver.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
    assert requested and all(url.startswith((server.url, "ws://127.0.0.1")) for url in requested), requested
    assert any(url.endswith("/static/fonts/RobotoMono-VariableFont_wght.ttf") for url in requested), requested  # the font, from here

    # A paper tally, typed in the browser, is in the campaign file.
    page.keys("2", "+")
    page.wait_for_text("Add signatures")
    page.keys("35", "\n", "paper sheets, Boston event", "\n")
    page.wait_for_text("1,035 of 2,000 signatures")
    readings = web.wait_until(
        lambda: [r for r in CampaignStore(db).load().petition.readings if r.note == "paper sheets, Boston event"],
        10,
        "the tally in the campaign file",
    )
    assert readings[0].added == 35 and current_count(CampaignStore(db).load().petition) == 1035

    # t copies the selected target's tweet to the browser's clipboard (OSC 52 through the page).
    expected = tweet_text(CampaignStore(db).load().targets[0], "es")
    assert expected is not None and expected.startswith("@trabajosv")
    page.keys("4", "t")
    page.wait_for_text("browser's clipboard")
    assert web.wait_until(lambda: page.clipboard() == expected, 10, "the tweet in the browser's clipboard")

    # Someone adds a person from the command line on the server; the page shows them, and the
    # roster's export arrives in the browser's download folder, not on the server's disk.
    added = subprocess.run(
        [sys.executable, "-m", "tui", "roster", "add", "--name", "Rosa Díaz", "--email", "rosa@example.org", "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert added.returncode == 0, added.stderr
    page.keys("3")
    page.wait_for_text("Rosa Díaz")
    page.keys("x")
    page.wait_for_text("a download in your browser")
    csv = page.downloaded("roster.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf") and "Rosa Díaz".encode() in csv and b"rosa@example.org" in csv
    # The tour's calendar and the letter's PDF likewise.
    page.keys("1", "x")
    assert page.downloaded("campaign-tour.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    page.keys("4", "x")
    assert page.downloaded("letter-es.pdf").read_bytes().startswith(b"%PDF")
    home = Path(os.environ["HOME"])
    written = [p.name for name in ("roster.csv", "campaign-tour.ics", "letter-es.pdf") for p in home.rglob(name)]
    assert not written, f"exports written on the server too: {written}"

    # An import needs a file the browser cannot hand over: the page names the command instead.
    page.keys("3", "i")
    page.wait_for_text("A browser cannot hand this dashboard a file", "import FILE.csv")  # the notice wraps

    # A second browser gets a dashboard process of its own on the same campaign.
    other = web.Browser(server.url)
    try:
        other.wait_for_text("1,035 of 2,000 signatures", "Rosa Díaz")
        other.keys("2", "+")
        other.wait_for_text("Add signatures")
        other.keys("5", "\n", "\n")
        other.wait_for_text("1,040 of 2,000 signatures")
    finally:
        other.close()
    page.wait_for_text("1,040 of 2,000 signatures")  # the first tab sees the other's tally
