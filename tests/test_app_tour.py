"""The tour pane driven by keys: views, grouping, the stop and speaker forms, delete and undo."""

from __future__ import annotations

from datetime import date

from widgets.agenda_table import AgendaTable

from store.db import CampaignStore
from tui.screens.confirm import ConfirmScreen
from tui.screens.form import FormScreen
from widgets.month import MonthView
from widgets.tour import TourPane

from .apphelpers import make_app, notifications, screen_text, settle, wait_for

BIG = (160, 48)


def form_errors(app) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        w.id.removeprefix("error-"): str(w.content)
        for w in app.screen.query(".form-error")
        if w.display and str(w.content)
    }


async def type_fields(pilot, *values: str) -> None:  # type: ignore[no-untyped-def]
    """Type each value into the focused field and press enter to go to the next."""
    for value in values:
        if value:
            await pilot.press(*value)
        await pilot.press("enter")


async def test_v_shows_the_month_and_its_keys(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("v")
        await pilot.pause()
        month = app.dashboard.query_one(MonthView)
        assert app.focused is month and month.cursor == date(2013, 2, 6)
        text = screen_text(app)
        assert "February 2013" in text and "J Jaime Rivera   A Alex Gomez" in text
        assert " 6 A J" in text and "10 A " in text and "13 A " in text and "14   " in text
        await pilot.press("right", "right", "enter")
        assert "Fri 8 Feb 2013 (in 2 days): Alex Gomez in Santa Cruz, CA (7-8 Feb)" in screen_text(app)
        assert "Jaime Rivera in Boston (8-9 Feb)" in screen_text(app)
        await pilot.press("down", "left")
        assert month.cursor == date(2013, 2, 14)
        await pilot.press("up")
        assert month.cursor == date(2013, 2, 7)
        await pilot.press("pagedown")
        assert month.cursor == date(2013, 3, 7)
        await pilot.pause()
        assert "March 2013" in screen_text(app)
        await pilot.press("pageup", "pageup", "t")
        assert month.cursor == date(2013, 2, 6)
        await pilot.press("v")
        assert isinstance(app.focused, AgendaTable)


async def test_g_groups_the_agenda_by_speaker(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        table = app.dashboard.query_one("#tour-agenda", AgendaTable)
        assert table.row_count == 19  # one row per stop-day
        await pilot.press("g")
        await pilot.pause()
        assert table.row_count == 10
        text = screen_text(app)
        assert "Jaime Rivera  3-5 Feb" in text or "Jaime Rivera   3-5 Feb" in text
        await pilot.press("g")
        assert table.row_count == 19


async def test_add_a_stop_with_errors_then_fixed_and_it_survives_a_restart(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what='the screen to open')
        await pilot.press("ctrl+s")  # nothing typed
        await wait_for(pilot, lambda: form_errors(app), what="the form's errors")
        errors = form_errors(app)
        assert errors["speaker"] == "choose a speaker" and errors["city"] == "the city cannot be empty"
        assert "a date is needed" in errors["start"]
        # choose Jaime (the first speaker) in the select (space opens it), then type the rest
        await pilot.press("space", "down", "enter")
        await pilot.press("enter")  # enter on a drop-down moves on, as the form's hint says
        await type_fields(pilot, "Hartford", "2013-02-31", "02-09")
        await pilot.press("ctrl+s")
        expected = {"start": "'2013-02-31' is not a real date"}
        await wait_for(pilot, lambda: form_errors(app) == expected, what=lambda: form_errors(app))
        assert app.focused.id == "input-start"
        assert app.screen.query_one("#input-city").value == "Hartford"  # kept what was typed
        await pilot.press(*["backspace"] * 10, *"2013-02-12", "tab", *["backspace"] * 5, *"02-10", "ctrl+s")
        expected = {"end": "the end (2013-02-10) is before the start (2013-02-12)"}
        await wait_for(pilot, lambda: form_errors(app) == expected, what=lambda: form_errors(app))
        await pilot.press(*["backspace"] * 10, *"2013-02-13", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), what='the screen to close')
        assert any("Hartford" in r.city for r in app.campaign.stops)
        await settle(app, pilot)
    stop = next(s for s in store.load().stops if s.city == "Hartford")
    assert (stop.start, stop.end) == (date(2013, 2, 12), date(2013, 2, 13))
    again = make_app(store)
    async with again.run_test(size=BIG) as pilot:
        await pilot.press("g")
        await wait_for(pilot, lambda: "Hartford" in screen_text(again), what=lambda: screen_text(again))


async def test_edit_with_enter_and_escape_asks_before_discarding(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        pane = app.dashboard.query_one(TourPane)
        assert pane.selected_stop().city == "Portland, OR"  # the cursor starts on today
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what='the screen to open')
        await pilot.press("escape")  # nothing changed: closes at once
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), what='the screen to close')
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "end", *", Oregon", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what='the screen to open')
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(app, pilot)
    assert any(s.city == "Portland, OR, Oregon" for s in store.load().stops)


async def test_delete_asks_then_u_undoes(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what='the screen to open')
        assert "6 Feb 2013  Alex Gomez  Portland, OR" in screen_text(app)
        await pilot.press("n")
        assert len(app.campaign.stops) == 10
        await pilot.press("d", "y")
        await pilot.pause()
        await settle(app, pilot)
        assert len(store.load().stops) == 9 and "Portland, OR" not in [s.city for s in store.load().stops]
        assert "Alex Gomez: no stop today" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        await settle(app, pilot)
        assert len(store.load().stops) == 10
        await pilot.press("u")
        assert "Nothing to undo" in notifications(app)[-1]


async def test_speakers_can_be_added_and_edited(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("S")  # the speakers list
        await pilot.pause()
        assert "Jaime Rivera" in screen_text(app) and "Alex Gomez" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        await type_fields(pilot, "Alex Gomez")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form_errors(app) == {"name": "there is already a speaker called 'Alex Gomez'"}
        await pilot.press(*["backspace"] * 10, *"María [b]Chávez[/b]", "enter", *"SEIU", "ctrl+s")
        await pilot.pause()
        assert "María [b]Chávez[/b]" in screen_text(app)  # listed at once, as typed
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")  # the selected stop's speaker: Alex Gomez (Portland)
        await pilot.pause()
        assert app.screen.query_one("#input-name").value == "Alex Gomez"
        await pilot.press("tab", "tab", "tab", *["backspace"] * 20, *"Pacific Northwest", "ctrl+s")
        await pilot.pause()
        await settle(app, pilot)
        assert "María [b]Chávez[/b]" in screen_text(app)
    speakers = {s.name: s for s in store.load().speakers}
    assert speakers["María [b]Chávez[/b]"].organization == "SEIU"
    assert speakers["Alex Gomez"].region == "Pacific Northwest"


async def test_x_exports_the_tour(store: CampaignStore, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = make_app(store)
    target = tmp_path / "out.ics"
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+u", *str(tmp_path / "missing" / "x.ics"), "enter")
        await pilot.pause()
        assert "does not exist" in form_errors(app)["path"]
        await pilot.press("ctrl+u", *str(target), "enter")
        await pilot.pause()
        await settle(app, pilot)
        await pilot.pause()
        assert f"Wrote 10 stops to {target}." in notifications(app)
    assert target.read_bytes().count(b"BEGIN:VEVENT") == 10


async def test_palette_reaches_tour_actions(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("2", "ctrl+p", *"tour: month", "enter")
        await wait_for(pilot, lambda: app.dashboard.query_one(TourPane).view == "month", what="the month view")
        assert app.dashboard.active_pane == "tour"


async def test_the_month_day_text_follows_the_cursor_and_home_end_work_in_the_agenda(store: CampaignStore) -> None:
    from widgets.agenda_table import AgendaTable

    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("end")
        await pilot.pause()
        table = app.dashboard.query_one("#tour-agenda", AgendaTable)
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0
        from textual.widgets import Static

        def day_text() -> str:
            return str(app.dashboard.query_one("#month-day", Static).content)

        await pilot.press("v", "pagedown")  # March's grid...
        await pilot.pause()
        assert "6 Mar 2013" in day_text() and "Portland" not in day_text()  # ...and March's day
        await pilot.press("pageup", "l")  # back to February, the day after: Thu 7 Feb
        await pilot.pause()
        assert "7 Feb 2013 (tomorrow)" in day_text() and "Santa Cruz, CA" in day_text()


async def test_the_agenda_keeps_when_at_60_columns_and_its_widths_through_a_resize_and_an_early_g(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "When" in text and "Stop" not in text  # the dates give way to where they are next
        assert "Portland, OR    today" in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "Jaime Rivera  New York City   6-7 Feb (1/2)    today" in text  # not squashed to "Jaime R"
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")  # at once, before the first refill settled
        await pilot.pause()
        assert "Jaime Rivera  3-5 Feb    DC              past" in screen_text(app)
