"""The change path driven as organizers would: two dashboards on one file, the command line
writing while a dashboard is open, a save that fails, undo and redo of every kind of change."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path

from store.db import CampaignStore
from store.models import Member
from store.petition import current_count
from store.unsaved import read_report
from tui.app import CampaignDashApp
from tui.screens.confirm import ChoiceScreen
from tui.screens.form import FormScreen
from widgets.roster_table import RosterTable

from .apphelpers import make_app, notifications, screen_text, settle, wait_for
from .conftest import put
from .test_cli import run

BIG = (160, 48)
XAVIER = Member("Xavier Ruiz", organization="UFW", city="Sacramento", email="xavier@example.org")


def dashboard(store: CampaignStore, author: str) -> CampaignDashApp:

    return make_app(CampaignStore(store.path), author=author)


async def test_two_dashboards_each_adding_ten_make_1020_and_each_sees_the_other(store: CampaignStore) -> None:
    a, b = dashboard(store, "Ana"), dashboard(store, "Beto")
    async with AsyncExitStack() as stack:
        pa = await stack.enter_async_context(a.run_test(size=BIG))
        pb = await stack.enter_async_context(b.run_test(size=BIG))
        for app, pilot in ((a, pa), (b, pb)):  # both read 1,000, then both add 10
            await pilot.press("2", "plus")
            await wait_for(pilot, lambda app=app: isinstance(app.screen, FormScreen), what="the tally form")
        for app, pilot in ((a, pa), (b, pb)):
            await pilot.press(*"10", "ctrl+s")
            await settle(app, pilot)
        assert current_count(store.load().petition) == 1020
        for app, pilot in ((a, pa), (b, pb)):
            await wait_for(pilot, lambda app=app: "1,020 of 2,000 signatures" in screen_text(app), timeout=1.5, what="the other's tally")
        assert any("Changed elsewhere" in n or "Beto: added 10 signatures" in n for n in notifications(a))


async def open_member_form(app: CampaignDashApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("3")
    await wait_for(pilot, lambda: app.dashboard.query_one(RosterTable).current is not None, what="the roster")
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the member form")


async def test_two_dashboards_editing_different_fields_of_one_person_both_win(store: CampaignStore) -> None:
    put(store, XAVIER)
    a, b = dashboard(store, "Ana"), dashboard(store, "Beto")
    async with AsyncExitStack() as stack:
        pa = await stack.enter_async_context(a.run_test(size=BIG))
        pb = await stack.enter_async_context(b.run_test(size=BIG))
        await open_member_form(a, pa)
        await open_member_form(b, pb)  # B reads Xavier before A saves
        a.screen.query_one("#input-city").value = "Fresno"
        await pa.press("ctrl+s")
        await settle(a, pa)
        b.screen.query_one("#input-phone").value = "+1 559 555 0100"
        await pb.press("ctrl+s")
        await settle(b, pb)
        (xavier,) = store.load().members
        assert (xavier.city, xavier.phone) == ("Fresno", "+1 559 555 0100")
        for app, pilot in ((a, pa), (b, pb)):
            await wait_for(pilot, lambda app=app: "Fresno" in screen_text(app), timeout=1.5, what="Fresno on screen")


async def test_the_same_field_is_a_conflict_shown_with_both_values(store: CampaignStore) -> None:
    put(store, XAVIER)
    a, b = dashboard(store, "Ana"), dashboard(store, "Beto")
    async with AsyncExitStack() as stack:
        pa = await stack.enter_async_context(a.run_test(size=BIG))
        pb = await stack.enter_async_context(b.run_test(size=BIG))
        await open_member_form(a, pa)
        await open_member_form(b, pb)
        a.screen.query_one("#input-city").value = "Oakland"
        await pa.press("ctrl+s")
        await settle(a, pa)
        b.screen.query_one("#input-city").value = "Fresno"
        await pb.press("ctrl+s")
        await wait_for(pb, lambda: isinstance(b.screen, ChoiceScreen), what="the conflict")
        shown = screen_text(b)
        assert "someone else changed this meanwhile" in shown
        assert "city was changed by Ana to 'Oakland'" in shown and "you wanted 'Fresno'" in shown
        assert store.load().members[0].city == "Oakland"  # nothing overwritten while asking
        report = read_report(store.path)  # `status` can tell: a change waits on a conflict
        assert report is not None and report.conflict and report.author == "Beto"
        await pb.press("t")  # take theirs
        await settle(b, pb)
        await wait_for(pb, lambda: read_report(store.path) is None, what="the settled report to go")
        assert store.load().members[0].city == "Oakland"
        await wait_for(pb, lambda: "Oakland" in screen_text(b), what="their value on B's screen")

        await open_member_form(b, pb)  # and now B insists, knowingly
        await open_member_form(a, pa)
        b.screen.query_one("#input-city").value = "Fresno"
        await pb.press("ctrl+s")
        await settle(b, pb)
        a.screen.query_one("#input-city").value = "Modesto"
        await pa.press("ctrl+s")
        await wait_for(pa, lambda: isinstance(a.screen, ChoiceScreen), what="the second conflict")
        await pa.press("m")  # keep mine
        await settle(a, pa)
        assert store.load().members[0].city == "Modesto"


async def test_a_command_line_write_shows_in_the_open_dashboard_within_a_second(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")  # the roster focused, filtered: the repaint must not lose either
        await pilot.press("slash", *"zzz", "enter")
        out = run("petition", "add", "25", "--note", "tabling at the union hall", "--db", str(store.path), "--as", "cron")
        assert out.returncode == 0, out.stderr
        await wait_for(pilot, lambda: "1,025 of 2,000 signatures" in screen_text(app), timeout=1.5, what="the CLI's tally")
        assert any("cron: added 25 signatures (tabling at the union hall)" in n for n in notifications(app))
        assert app.dashboard.query_one("RosterPane").query_text == "zzz"
        assert app.focused is app.dashboard.query_one(RosterTable)


async def test_a_failed_save_stays_pending_is_retried_and_kept(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        store.path.chmod(0o400)  # someone made the file read-only while the dashboard is open
        before = store.path.read_bytes()
        await pilot.press("2", "plus")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the tally form")
        await pilot.press(*"35", "ctrl+s")
        await wait_for(pilot, lambda: app.save_error, what="the failed save")
        assert "1,035 of 2,000 signatures" in screen_text(app)  # the edit is shown, marked unsaved
        assert "1 unsaved change, retrying" in screen_text(app)
        assert any("Not saved yet" in n and "read-only" in n for n in notifications(app))
        assert store.path.read_bytes() == before
        # what `campaign-dash status` reads: the dashboard says what it holds unwritten, and why
        report = read_report(store.path)
        assert report is not None and report.summaries == ["added 35 signatures"] and "read-only" in report.reason
        assert report.dashboard_running and report.author == "tester"
        store.path.chmod(0o600)
        await wait_for(pilot, lambda: not app.pending, timeout=5, what="the retry")
        assert "unsaved" not in screen_text(app)
        await wait_for(pilot, lambda: read_report(store.path) is None, what="the report to go")
    assert current_count(store.load().petition) == 1035


async def test_quitting_with_unsaved_changes_asks_and_can_lose_them_knowingly(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        store.path.chmod(0o400)
        await pilot.press("2", "plus")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the tally form")
        await pilot.press(*"35", "ctrl+s")
        await wait_for(pilot, lambda: app.save_error, what="the failed save")
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), what="the question")
        assert "1 change not saved" in screen_text(app) and "added 35 signatures" in screen_text(app)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.is_running and app.pending
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), what="the question again")
        assert read_report(store.path) is not None
        await pilot.press("l")
        await wait_for(pilot, lambda: not app.is_running, what="the app to quit")
    assert read_report(store.path) is None  # lost knowingly: nothing left to report
    store.path.chmod(0o600)
    app.save_what_is_left(wait_s=0)  # as the command line does once the app has ended
    assert current_count(store.load().petition) == 1000  # lost knowingly: not written after either


async def test_changes_held_when_the_app_ends_without_the_quit_key_are_written_once_after(store: CampaignStore) -> None:
    """A browser tab closed ends the app at once (textual-serve), skipping the quit key's wait
    for pending writes; so does `exit()`. What the dashboard still holds is written once the
    app has ended (the command line calls `save_what_is_left`), each change once."""
    from dataclasses import replace

    from store.changes import change, update_op

    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        letter = app.campaign.letters[0]
        app.submit(change("first", [update_op(letter, replace(letter, values={**letter.values, "members": "512"}))]))
        await settle(app, pilot)  # written by the writer
        letter = app.campaign.letters[0]
        app.submit(change("second", [update_op(letter, replace(letter, values={**letter.values, "union": "STISSS"}))]))
        app.exit()  # at once: the writer has not started on it
    assert app.pending
    app.save_what_is_left()
    assert not app.pending
    assert store.load().letters[0].values == {"members": "512", "union": "STISSS"}
    assert [e.change.summary for e in store.log()] == ["first", "second"]
    assert read_report(store.path) is None


async def test_a_campaign_that_cannot_be_written_opens_read_only_and_says_so(store: CampaignStore) -> None:

    store.path.chmod(0o400)
    app = make_app(store, author="", read_only=store.writable_problem())
    async with app.run_test(size=BIG) as pilot:
        assert "READ-ONLY" in screen_text(app)
        await pilot.press("2", "plus")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the tally form")
        await pilot.press(*"35", "ctrl+s")
        await wait_for(pilot, lambda: any("read-only" in n for n in notifications(app)), what="the refusal")
        assert "1,000 of 2,000 signatures" in screen_text(app) and not app.pending


async def test_a_campaign_whose_lock_cannot_be_taken_turns_read_only_after_the_first_frame(store: CampaignStore) -> None:
    # Start-up only looks at the file's permissions (the lock needs filelock, ~10 ms to import);
    # the lock is tried once the dashboard is on screen. A directory where the lock file goes
    # cannot be locked: the dashboard then says read-only in its title and a notice, and refuses edits.
    lock = store.path.with_name(store.path.name + ".lock")
    lock.unlink(missing_ok=True)  # left by the fixture's writes (filelock keeps the file)
    lock.mkdir()
    before = store.path.read_bytes()
    app = make_app(store, author="", read_only=store.writable_problem(lock=False))
    async with app.run_test(size=BIG) as pilot:
        await wait_for(pilot, lambda: "READ-ONLY" in screen_text(app), what="the title saying read-only")
        assert any("read-only" in n and "cannot lock" in n for n in notifications(app))
        await pilot.press("2", "plus")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the tally form")
        await pilot.press(*"35", "ctrl+s")
        await wait_for(pilot, lambda: any("Nothing was changed" in n for n in notifications(app)), what="the refusal")
        assert "1,000 of 2,000 signatures" in screen_text(app) and not app.pending
    assert store.path.read_bytes() == before


async def test_undo_and_redo_every_kind_of_edit_in_its_own_pane(store: CampaignStore, tmp_path: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        # petition: a goal change (not undoable before)
        await pilot.press("2", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the goal form")
        await pilot.press("enter", "enter", "ctrl+u", *"3000", "ctrl+s")
        await settle(app, pilot)
        assert store.load().petition.goal == 3000
        # roster: an import of three people, one change
        csv = Path(__file__).parent / "fixtures" / "excel-cp1252.csv"
        await pilot.press("3", "i", *str(csv), "enter")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ImportPreviewScreen", what="the preview")
        await pilot.press("y")
        await settle(app, pilot)
        assert len(store.load().members) == 3
        # tour: a stop added
        await pilot.press("1", "a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the stop form")
        app.screen.query_one("#input-speaker").value = store.load().speakers[0].id
        app.screen.query_one("#input-city").value = "Hartford"
        app.screen.query_one("#input-start").value = "2013-02-12"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Hartford" in {s.city for s in store.load().stops}
        # letter: blanks filled
        await pilot.press("4", "f", "enter", *"512", "enter")  # the first blank is the date
        await settle(app, pilot)
        assert store.load().letters[0].values.get("members") == "512"

        await pilot.press("escape", "u")  # the letter pane's undo: only the letter changes back
        await settle(app, pilot)
        assert "members" not in store.load().letters[0].values
        assert store.load().petition.goal == 3000
        await pilot.press("1", "u")
        await settle(app, pilot)
        assert "Hartford" not in {s.city for s in store.load().stops}
        await pilot.press("3", "u")
        await settle(app, pilot)
        assert store.load().members == []
        await pilot.press("2", "u")
        await settle(app, pilot)
        assert store.load().petition.goal == 2000
        await pilot.press("ctrl+r")  # redo the goal
        await settle(app, pilot)
        assert store.load().petition.goal == 3000
        assert "3,000 signatures" in screen_text(app).replace("of 3,000", "3,000")
        await pilot.press("3", "ctrl+r")  # redo the import
        await settle(app, pilot)
        assert len(store.load().members) == 3
    summaries = [e.change.summary for e in store.log()]
    assert summaries[:4] == [
        "set the petition goal to 3,000, deadline 2013-04-27",
        "imported excel-cp1252.csv: 3 to add, 0 to update, 0 unchanged, 0 rejected",
        "added a stop in Hartford (2013-02-12)",
        "filled the letter's blanks (members)",
    ]
    assert all(e.change.author == "tester" for e in store.log())


async def test_the_palette_undoes_and_redoes_by_name(store: CampaignStore) -> None:
    from textual.command import CommandPalette

    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("2", "plus")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the tally form")
        await pilot.press(*"35", "ctrl+s")
        await settle(app, pilot)
        for command, count in (("petition: undo the last change", 1000), ("petition: redo", 1035)):
            await pilot.press("1", "ctrl+p")  # from another pane: the palette shows the petition first
            await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
            await pilot.press(*command)
            await wait_for(pilot, lambda command=command: command.split(": ")[1] in screen_text(app).lower(), what="the command listed")
            await pilot.press("enter")
            await settle(app, pilot)
            assert current_count(store.load().petition) == count
            assert app.dashboard.active_pane == "petition"


async def test_a_reset_file_is_shown_whole_and_an_unchanged_form_writes_nothing(store: CampaignStore) -> None:
    from store.demo import build_demo

    put(store, XAVIER)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")
        await wait_for(pilot, lambda: "Xavier Ruiz" in screen_text(app), what="Xavier")
        CampaignStore(store.path).reset(build_demo)  # another terminal: campaign-dash --reset-demo
        await wait_for(pilot, lambda: "Xavier Ruiz" not in screen_text(app), timeout=1.5, what="the reset campaign")
        log_before = len(store.log())
        await pilot.press("2", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the goal form")
        await pilot.press("ctrl+s")  # saved as it was
        await settle(app, pilot)
        assert len(store.log()) == log_before
        assert any("Nothing to save" in n for n in notifications(app))


def test_the_app_overrides_only_what_it_means_to_of_textual_app() -> None:
    """A method that shadows one of Textual's own by accident breaks the app in odd places
    (an `App._flush` of ours once broke print(flush=True) and logging in every worker)."""
    from textual.app import App

    meant = {
        "CSS_PATH", "TITLE", "COMMANDS", "BINDINGS", "get_default_screen", "on_mount", "action_quit",
        "notify",  # counted, so a copy right after a copy replaces its notice
        "on_event",  # keys typed ahead of a focus move wait for it (tui/typeahead.py)
        "get_system_commands",  # Textual's own palette commands in the interface's language
        "MOVES_FOCUS",  # ours, read by tui/typeahead.py (Textual has none; listed in case it adds one)
        "__init__", "__module__", "__doc__", "__annotations__", "__qualname__", "_css_type_name",
        "_css_type_names", "_merged_bindings", "_decorated_handlers", "_computes", "_reactives",
        "_inherit_bindings", "_inherit_component_classes", "_inherit_css",  # set by Textual itself
    }
    ours = {name for name in vars(CampaignDashApp) if not name.startswith("__") or name in meant}
    shadowing = {name for name in ours & set(dir(App)) if name not in meant}
    assert shadowing == set(), shadowing
