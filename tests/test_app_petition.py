"""The petition pane by keyboard, with a real HTTP server behind the live count."""

from __future__ import annotations

import threading
from dataclasses import replace

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from store.db import CampaignStore
from store.petition import current_count
from store.models import FeedSource
from tui.screens.form import FormScreen

from .apphelpers import make_app, notifications, screen_text, settle, wait_for
from .conftest import put
from .petition_server import SECRET, server  # noqa: F401
from .test_app_tour import form_errors

BIG = (160, 48)


ANSWER = threading.Event()  # set by a test when the slow server may answer


def slow(request: Request) -> Response:
    """A petition server that answers only when the test says so: keys pressed meanwhile are
    pressed while the fetch is in flight, however slow the machine."""
    ANSWER.wait(timeout=60)
    return Response('{"data": {"count": 1240}}', content_type="application/json")


def history_shown(app) -> bool | None:  # type: ignore[no-untyped-def]
    """Whether the history's sparkline shows; None while it is not built (one reading or none)."""
    built = app.dashboard.query("#petition-history")
    return built.first().display if built else None


async def test_paper_tally_survives_a_restart_and_u_undoes_it(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        assert history_shown(app) is None  # the demo's one reading: no history to draw
        await pilot.press("2", "plus")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what='the screen to open')
        for bad, words in (("abc", "not a whole number"), ("-5", "less than 1"), ("5000000", "not believable")):
            await pilot.press("ctrl+u", *bad, "ctrl+s")
            await pilot.pause()
            assert words in form_errors(app)["count"]
        await pilot.press("ctrl+u", *"35", "enter", *"paper sheets, Boston event", "enter")
        await pilot.pause()
        await settle(app, pilot)
        assert "1,035 of 2,000 signatures" in screen_text(app)
        assert history_shown(app) is True  # two readings: the sparkline is built and shown
    again = make_app(store)
    async with again.run_test(size=BIG) as pilot:
        await pilot.pause()
        assert "1,035 of 2,000 signatures" in screen_text(again)
        assert history_shown(again) is True
        assert "paper sheets, Boston event" in screen_text(again)
        await pilot.press("2", "u")
        await pilot.pause()
        await settle(again, pilot)
        assert "1,000 of 2,000 signatures" in screen_text(again)
        assert history_shown(again) is False  # one reading again: hidden
        await pilot.press("u")
        assert "Nothing to undo" in notifications(again)[-1]
    assert [r.count for r in store.load().petition.readings] == [1000]


async def test_set_count_and_goal(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("2", "equals_sign", *"1500", "ctrl+s")
        await pilot.pause()
        await pilot.press("e", "enter", "enter", "ctrl+u", *"lots", "enter", "ctrl+u", *"someday", "ctrl+s")
        await pilot.pause()
        assert set(form_errors(app)) == {"goal", "deadline"}
        assert app.focused.id == "input-goal"
        await pilot.press("ctrl+u", *"3000", "tab", "ctrl+u", *"2013-05-01", "ctrl+s")
        await pilot.pause()
        await settle(app, pilot)
        text = screen_text(app)
        assert "1,500 of 3,000 signatures" in text and "deadline Wed 1 May 2013" in text
    petition = store.load().petition
    assert petition.goal == 3000 and petition.readings[-1].count == 1500


async def test_source_set_by_keyboard_fetches_and_shows_the_count(store: CampaignStore, server: HTTPServer) -> None:
    server.expect_request("/count.json").respond_with_json({"data": {"attributes": {"signature_count": 1240}}})
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("2", "S")
        await pilot.pause()
        await pilot.press("space", "up", "enter")  # from "None" up to "Any JSON URL"
        assert app.screen.values()["kind"] == "json"
        await pilot.press("enter", *server.url_for("/count.json"), "enter", *"data.attributes.signature_count", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), what='the screen to close')
        assert not isinstance(app.screen, FormScreen), form_errors(app)
        await settle(app, pilot)
        await pilot.pause()
        text = screen_text(app)
        assert "1,240 of 2,000 signatures" in text and "Live: JSON URL" in text
        assert app._poll_timer is not None  # re-armed for the next poll
    assert store.load().petition.source.path == "data.attributes.signature_count"


async def test_keys_work_while_a_slow_fetch_is_in_flight(store: CampaignStore, server: HTTPServer) -> None:
    server.expect_request("/slow.json").respond_with_handler(slow)
    campaign = store.load()
    put(store, replace(campaign.petition, source=FeedSource("json", server.url_for("/slow.json"), "data.count")))
    ANSWER.clear()
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        try:
            await pilot.press("1", "v", "right", "v", "3", "4", "2")
            await wait_for(pilot, lambda: app.dashboard.active_pane == "petition", what="the petition pane")
            assert [w for w in app.workers if w.group == "petition" and w.is_running], "no fetch in flight"
            assert "1,000 of 2,000 signatures" in screen_text(app)  # still the last good count
            await pilot.press("r")  # replaces the fetch in flight, never a second one
            running = [w for w in app.workers if w.group == "petition" and w.is_running]
            assert len(running) <= 1
        finally:
            ANSWER.set()
        await settle(app, pilot)
        await wait_for(pilot, lambda: "1,240 of 2,000 signatures" in screen_text(app), what=lambda: screen_text(app))


async def test_a_failing_server_keeps_the_count_and_the_key_hidden(store: CampaignStore, server: HTTPServer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ACTION_NETWORK_API_KEY", SECRET)
    server.expect_request("/api/v2/petitions/p3").respond_with_data("boom", status=500)
    campaign = store.load()
    put(store, replace(campaign.petition, source=FeedSource("action_network", server.url_for("/api/v2/petitions/p3"), "total_signatures")))
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await settle(app, pilot)
        await pilot.press("2", "r")
        await settle(app, pilot)
        await pilot.pause()
        text = screen_text(app)
        assert "1,000 of 2,000 signatures" in text
        assert "Last fetch failed" in text and "HTTP 500" in text
        assert any("HTTP 500" in n for n in notifications(app))
        assert SECRET not in text and all(SECRET not in n for n in notifications(app))
    assert SECRET.encode() not in store.path.read_bytes()
    assert [r.count for r in store.load().petition.readings if r.count is not None] == [1000]
    assert current_count(store.load().petition) == 1000
