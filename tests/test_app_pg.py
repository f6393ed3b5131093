"""The dashboard on a team server (a real PostgreSQL started by the tests): it opens, writes
through the one change path, and shows what another organizer changes within a second
(LISTEN/NOTIFY), in the panes it touches, the cursor and filter kept, naming who."""

from __future__ import annotations

import time
from contextlib import AsyncExitStack

from store.demo import build_demo
from store.location import open_store
from store.models import Member
from store.petition import current_count
from tui.app import CampaignDashApp
from tui.screens.form import FormScreen
from widgets.roster_table import RosterTable

from .apphelpers import make_app, notifications, screen_text, settle, wait_for
from .conftest import put

BIG = (160, 48)
XAVIER = Member("Xavier Ruiz", organization="UFW", city="Sacramento", email="xavier@example.org")
YOLANDA = Member("Yolanda Soto", organization="CWA", city="Oakland", email="yolanda@example.org")


def server_campaign(url: str):  # type: ignore[no-untyped-def]
    store = open_store(url)
    store.open(seed=build_demo)
    return store


def dashboard(url: str, author: str) -> CampaignDashApp:
    return make_app(open_store(url), author=author)


async def tally(app: CampaignDashApp, pilot, amount: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("2", "plus")
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the tally form")
    await pilot.press(*amount, "ctrl+s")
    await settle(app, pilot)


async def test_the_dashboard_opens_a_campaign_on_the_server_and_writes_to_it(pg_url: str) -> None:
    store = server_campaign(pg_url)
    app = dashboard(pg_url, "Ana")
    async with app.run_test(size=BIG) as pilot:
        assert "1,000 of 2,000 signatures" in screen_text(app)
        await tally(app, pilot, "35")
        assert "1,035 of 2,000 signatures" in screen_text(app)
        assert current_count(store.load().petition) == 1035
        (entry,) = store.log()
        assert (entry.change.author, entry.change.summary) == ("Ana", "added 35 signatures")
        await pilot.press("u")  # undo goes through the server too
        await settle(app, pilot)
        assert current_count(store.load().petition) == 1000


async def test_a_change_in_one_dashboard_is_on_the_others_screen_within_a_second(pg_url: str) -> None:
    store = server_campaign(pg_url)
    put(store, XAVIER, YOLANDA)
    a, b = dashboard(pg_url, "Ana"), dashboard(pg_url, "Beto")
    async with AsyncExitStack() as stack:
        pa = await stack.enter_async_context(a.run_test(size=BIG))
        pb = await stack.enter_async_context(b.run_test(size=BIG))
        await pb.press("3", "slash", *"Yolanda", "enter")  # B: the roster focused and filtered
        await wait_for(pb, lambda: b.dashboard.query_one(RosterTable).current is not None, what="B's roster")
        assert b.dashboard.query_one(RosterTable).current.name == "Yolanda Soto"  # type: ignore[union-attr]

        await pa.press("3")  # A: Yolanda moves to Fresno
        await wait_for(pa, lambda: a.dashboard.query_one(RosterTable).current is not None, what="A's roster")
        while a.dashboard.query_one(RosterTable).current.name != "Yolanda Soto":  # type: ignore[union-attr]
            await pa.press("down")
        await pa.press("e")
        await wait_for(pa, lambda: isinstance(a.screen, FormScreen), what="the member form")
        a.screen.query_one("#input-city").value = "Fresno"
        await pa.press("ctrl+s")
        await settle(a, pa)
        written = time.monotonic()
        assert [m.city for m in store.load().members if m.name == "Yolanda Soto"] == ["Fresno"]
        await wait_for(pb, lambda: "Fresno" in screen_text(b), timeout=1.0, what="A's change on B's screen")
        seen_after = time.monotonic() - written
        assert seen_after < 1.0
        assert any("Ana: " in n and "Yolanda Soto" in n for n in notifications(b)), notifications(b)
        roster = b.dashboard.query_one("RosterPane")
        assert roster.query_text == "Yolanda"  # type: ignore[attr-defined]
        assert b.focused is b.dashboard.query_one(RosterTable)
        assert b.dashboard.query_one(RosterTable).current.name == "Yolanda Soto"  # type: ignore[union-attr]

        await tally(b, pb, "10")  # and back the other way
        await wait_for(pa, lambda: "1,010 of 2,000 signatures" in screen_text(a), timeout=1.0, what="B's tally on A's screen")
        assert any("Beto: added 10 signatures" in n for n in notifications(a))


async def test_the_last_seat_taken_meanwhile_is_a_conflict_not_an_overbooking(pg_url: str) -> None:
    from dataclasses import replace

    from store import changes as c
    from tui.screens.confirm import ChoiceScreen

    store = server_campaign(pg_url)
    d = store.load().delegation
    put(store, replace(d, capacity=1), replace(XAVIER, status="applied"), replace(YOLANDA, status="applied"))
    b = dashboard(pg_url, "Beto")
    async with b.run_test(size=BIG) as pb:
        await pb.press("3")
        await wait_for(pb, lambda: b.dashboard.query_one(RosterTable).current is not None, what="B's roster")
        assert b.dashboard.query_one(RosterTable).current.name == "Xavier Ruiz"  # type: ignore[union-attr]
        yolanda = next(m for m in store.load().members if m.name == "Yolanda Soto")
        store.apply(c.change("Yolanda accepted", [c.update_op(yolanda, replace(yolanda, status="accepted"))]), author="Ana")
        await pb.press("greater_than_sign")  # B: Xavier applied -> accepted, the one seat gone meanwhile
        await wait_for(pb, lambda: isinstance(b.screen, ChoiceScreen), timeout=5, what="the question")
        shown = screen_text(b)
        # Either B had not yet heard of Ana's change (the usual case: the server refuses the seat,
        # a conflict), or B's listener got it first (on a loaded machine) and B's own seat check
        # asks: both say the delegation is full, neither overbooks. The server's refusal itself
        # is tested on both stores in tests/test_store_both.py (threads racing for the last seat).
        assert "is full" in shown, shown
        if "someone else changed this meanwhile" in shown:
            assert "give the seat anyway" in shown
            leave = "t"  # take theirs
        else:
            assert "waitlist" in shown and "anyway" in shown, shown
            leave = "escape"  # neither: Xavier stays applied
        assert [m.status for m in store.load().members if m.name == "Xavier Ruiz"] == ["applied"]  # not overbooked
        await pb.press(leave)
        await settle(b, pb)
        assert [m.status for m in store.load().members if m.name == "Xavier Ruiz"] == ["applied"]
