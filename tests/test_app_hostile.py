"""The dashboard facing hostile data: stored escape codes shown escaped in every pane, and a live
count whose fetch blows up in an unexpected way keeps polling."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from store.db import CampaignStore
from store.models import FeedSource

from .apphelpers import make_app, notifications, screen_text, settle, wait_for
from .conftest import put
from .test_cli_failures import hostile_campaign_file

BIG = (160, 48)


async def test_stored_escape_codes_are_shown_escaped_in_every_pane(db_path: Path) -> None:
    hostile_campaign_file(db_path)
    app = make_app(CampaignStore(db_path))
    async with app.run_test(size=BIG) as pilot:
        seen = []
        for key in ("1", "2", "3", "4", "z"):
            await pilot.press(key)
            await pilot.pause()
            seen.append(screen_text(app))
    text = "\n".join(seen)
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text and "\u202e" not in text
    assert "\\x1b]2;PWNED" in text  # shown, escaped: the organizer can see something is wrong


async def test_an_unexpected_error_inside_the_fetch_does_not_stop_the_polling(
    store: CampaignStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui import petition_actions

    calls = []

    async def broken(source):  # type: ignore[no-untyped-def]
        calls.append(source)
        raise RuntimeError("a bug in the feed code")

    monkeypatch.setattr(petition_actions, "fetch_result", broken)
    campaign = store.load()
    put(store, replace(campaign.petition, source=FeedSource("json", "https://example.org/count.json", "n")))
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await wait_for(pilot, lambda: calls, what="the first fetch")
        await settle(app, pilot)
        await pilot.press("2", "z")  # the whole petition pane: its last lines say how fetching went
        await pilot.pause()
        assert "1,000 of 2,000 signatures" in screen_text(app)
        assert "Last fetch failed" in screen_text(app) and "a bug in the feed code" in screen_text(app)
        assert any("unexpected error" in n for n in notifications(app))
        assert app._poll_timer is not None  # re-armed: the polling goes on
        await pilot.press("r")
        await wait_for(pilot, lambda: len(calls) == 2, what="the fetch asked for by r")
        await settle(app, pilot)
        assert app.is_running and app._poll_timer is not None
