"""The clipboard, against a real X server (Xvfb) and a real clipboard tool (xclip).

Locally, a machine without Xvfb or xclip skips these with the reason; in CI (CI=true) they
must run, so a missing install step fails the build instead of hiding.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.db import CampaignStore
from tui import clipboard
from widgets.letter import LetterPane

from .apphelpers import make_app, notifications, settle

MISSING = [tool for tool in ("Xvfb", "xclip") if shutil.which(tool) is None]


def _need_tools() -> None:
    if MISSING:
        reason = f"{' and '.join(MISSING)} not installed (apt-get install xvfb xclip)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must test the real clipboard, but {reason}")
        pytest.skip(reason)


@pytest.fixture
def x_display(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private Xvfb server; DISPLAY points at it for the test."""
    _need_tools()
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists())
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-nolisten", "tcp", "-screen", "0", "320x200x24"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    deadline = time.monotonic() + 10
    while not socket.exists():
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    monkeypatch.setenv("DISPLAY", f":{number}")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def read_clipboard() -> str:
    return subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"], capture_output=True, text=True, timeout=10, check=True
    ).stdout


def test_copy_reaches_the_system_clipboard(x_display: str) -> None:
    text = "Méndez, Martínez, número: [bold]x[/] 🎉\nsecond line"
    outcome = clipboard.copy(text, to_terminal=lambda t: pytest.fail("should not fall back"))
    assert outcome.method == clipboard.SYSTEM
    assert read_clipboard() == text


def test_display_pointing_at_no_server_falls_back_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    _need_tools()
    monkeypatch.setenv("DISPLAY", ":199")  # nothing listens there
    sent: list[str] = []
    outcome = clipboard.copy("hola", to_terminal=sent.append)
    assert outcome.method == clipboard.TERMINAL and sent == ["hola"]
    assert "did not keep the text" in outcome.message


def test_no_clipboard_tool_and_no_terminal_reports_it() -> None:
    outcome = clipboard.copy("hola", to_terminal=None)  # DISPLAY is unset by conftest
    assert not outcome.copied and "no system clipboard" in outcome.message


async def test_letter_pane_c_puts_the_letter_on_the_system_clipboard(x_display: str, store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("4", "f", "enter", *"512", "enter", *"SEIU Local 1000", "enter", "escape", "c", "y")
        await settle(app, pilot)
        await pilot.pause()
        expected = app.dashboard.query_one(LetterPane).filled().text
        assert notifications(app) == [
            "Spanish letter (2 fields still blank): copied to the system clipboard."
        ]
    assert read_clipboard() == expected
    assert "Por parte de los 512 miembros del nuestro sindicato SEIU Local 1000" in expected
    assert "[nombre]" in expected  # what is not filled yet stays marked


async def test_done_when_letter_es_en_recipients_and_tweet_reach_the_system_clipboard(x_display: str, store: CampaignStore) -> None:
    """Fill 512 / SEIU Local 1000 / Ana Pérez / Presidenta by keyboard; c, l c, m, t each paste right."""
    app = make_app(store)
    pasted = {}
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("4", "f", "enter", *"512", "enter", *"SEIU Local 1000", "enter", *"Ana Pérez", "enter", *"Presidenta", "enter")
        for name, keys in (("es", ["c"]), ("en", ["l", "c"]), ("emails", ["m"]), ("tweet", ["l", "t"])):
            await pilot.press(*keys)
            await settle(app, pilot)
            await pilot.pause()
            pasted[name] = read_clipboard()
        copies = [n for n in notifications(app) if "clipboard" in n]
        assert len(copies) == 4 and all("copied to the system clipboard" in n for n in copies), notifications(app)
    assert pasted["es"].startswith("6 de febrero de 2013\n\nSeñor Ingeniero Rolando Castro")
    assert "Por parte de los 512 miembros del nuestro sindicato SEIU Local 1000" in pasted["es"]
    assert "Atentamente,\nAna Pérez\nPresidenta" in pasted["es"] and "[" not in pasted["es"]
    assert pasted["en"].startswith("February 6, 2013") and "On the part of the 512 members of our union SEIU Local 1000" in pasted["en"]
    assert pasted["emails"] == "comunicaciones@mtps.gob.sv, contacto@presidencia.gob.sv, comunicaciones@isss.gob.sv, comunicaciones@pddh.gob.sv"
    assert pasted["tweet"].startswith("@trabajosv @RolandoCastroSV ")
    from store.tweets import weighted_length

    assert weighted_length(pasted["tweet"]) < 280
