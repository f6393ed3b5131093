"""The roster pane by keyboard: the form and its errors, statuses, undo, filter, sort, copy, CSV."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual import events

from store import db as dbmod
from store.clock import Clock
from store.db import PART_ROWS, CampaignStore, State
from store.demo import build_demo
from store.models import Member
from tui.screens.confirm import ConfirmScreen
from tui.screens.form import FormScreen
from tui.screens.import_preview import ImportPreviewScreen
from widgets.roster import RosterPane
from widgets.roster_table import RosterTable

from .apphelpers import RecordingApp, make_app, notifications, screen_text, settle, wait_for
from .conftest import HOSTILE, TODAY, file_state
from .test_app_tour import form_errors

BIG = (160, 48)
FIXTURES = Path(__file__).parent / "fixtures"
PEOPLE = [
    Member("José Roberto Méndez", "STISSS", "officer", "San Salvador", "jrm@example.org", status="applied"),
    Member("Jenny Elizabeth Barrientos", "STISSS", "member", "San Salvador", "jenny@example.org", status="applied"),
    Member("Ana Pérez", "SEIU Local 1000", "officer", "Sacramento", "ana@example.org", status="applied"),
    Member("Kevin Rojas", "STISSS", "member", "Santa Ana", "", status="inquiry"),
]


def store_with(db_path: Path, members: list[Member]) -> CampaignStore:
    demo = build_demo()
    demo.members = [replace(m) for m in members]
    store = CampaignStore(db_path)
    store.open(seed=lambda: demo)
    return store


def numbered(n: int) -> list[Member]:
    """`n` people made from PEOPLE, each name numbered and each email and id their own."""
    return [replace(PEOPLE[i % 4], name=f"{PEOPLE[i % 4].name} {i}", email=f"p{i}@example.org", id=f"m{i}") for i in range(n)]


def table(app) -> RosterTable:  # type: ignore[no-untyped-def]
    return app.dashboard.query_one(RosterTable)


async def select(pilot, app, name: str) -> None:  # type: ignore[no-untyped-def]
    rows = table(app).rows
    table(app).cursor = next(i for i, m in enumerate(rows) if m.name == name)
    await pilot.pause()


async def test_add_with_every_form_error_then_saved(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3", "a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what='the screen to open')
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form_errors(app) == {"name": "a name is needed"}
        await pilot.press(*"Ana [b]Pérez[/b]", "enter", *"SEIU Local 1000", "enter", "space", "escape")  # role select opened and closed
        await pilot.press("enter", *"Sacramento", "enter", *"ana@", "enter", *"call me", "ctrl+s")
        await pilot.pause()
        errors = form_errors(app)
        assert "does not look like an email" in errors["email"] and "digits, spaces" in errors["phone"]
        assert app.screen.query_one("#input-name").value == "Ana [b]Pérez[/b]"  # kept what was typed
        await pilot.press("ctrl+u", *"ana@example.org", "tab", "ctrl+u", *"+1 916 555 0100", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), what='the screen to close')
        assert not isinstance(app.screen, FormScreen), form_errors(app)
        await settle(app, pilot)
        await pilot.pause()
        assert "Ana [b]Pérez[/b]" in screen_text(app) and "1 person: 1 inquiry" in screen_text(app)
    (member,) = store.load().members
    assert (member.email, member.phone, member.city, member.role) == ("ana@example.org", "+1 916 555 0100", "Sacramento", "member")


async def test_duplicate_email_warns_then_saves_on_second_try(db_path: Path) -> None:
    store = store_with(db_path, PEOPLE)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3", "a", *"Ana B")
        await pilot.pause()
        for _ in range(4):
            await pilot.press("tab")
        await pilot.press(*"ana@example.org", "ctrl+s")
        await pilot.pause()
        assert "Ana Pérez already has this email" in form_errors(app)["email"]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), what='the screen to close')
        await settle(app, pilot)
    assert [m.email for m in store.load().members].count("ana@example.org") == 2


async def test_status_keys_edit_delete_and_undo_each(db_path: Path) -> None:
    store = store_with(db_path, PEOPLE)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")
        await select(pilot, app, "Ana Pérez")
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert app.dashboard.query_one(RosterTable).current.status == "confirmed"
        await pilot.press("less_than_sign")
        assert table(app).current.status == "accepted"
        await pilot.press("w")
        assert table(app).current.status == "withdrawn"
        await pilot.press("u")
        assert table(app).current.status == "accepted"
        await pilot.press("e", "end", *" García", "ctrl+s")
        await pilot.pause()
        assert table(app).current.name == "Ana Pérez García"
        await pilot.press("u")
        await pilot.pause()
        assert any(m.name == "Ana Pérez" for m in app.campaign.members)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what='the screen to open')
        await pilot.press("y")
        await pilot.pause()
        assert len(app.campaign.members) == 3
        await pilot.press("u")  # delete undone
        await pilot.press("a", *"New Person", "ctrl+s")
        await pilot.pause()
        assert len(app.campaign.members) == 5
        await pilot.press("u")  # add undone
        await pilot.pause()
        await settle(app, pilot)
        assert len(app.campaign.members) == 4
        await pilot.press("u", "u", "u")  # the three status steps, newest first
        assert table(app).current.status == "applied"
        await pilot.press("u")
        assert "Nothing to undo" in notifications(app)[-1]
    names = sorted((m.name, m.status) for m in store.load().members)
    assert ("Ana Pérez", "applied") in names and len(names) == 4


async def test_filter_is_accent_and_case_insensitive_and_escape_clears(db_path: Path) -> None:
    store = store_with(db_path, PEOPLE)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3", "slash", *"MENDEZ")
        await pilot.pause()
        assert [m.name for m in table(app).rows] == ["José Roberto Méndez"]
        assert "1 of 4 shown · filter: MENDEZ" in screen_text(app)
        await pilot.press("ctrl+u", *"stisss salvador")
        assert len(table(app).rows) == 2
        await pilot.press("enter")  # back to the table, filter kept
        assert app.focused is table(app) and len(table(app).rows) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert len(table(app).rows) == 4 and app.focused is table(app)


async def test_sort_cycles_columns_and_direction(db_path: Path) -> None:
    store = store_with(db_path, PEOPLE)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")
        assert [m.name for m in table(app).rows][0] == "Ana Pérez"
        await pilot.press("o")  # name, descending
        assert [m.name for m in table(app).rows][0] == "Kevin Rojas"
        await pilot.press("o")  # organization, ascending
        assert table(app).rows[0].organization == "SEIU Local 1000"
        assert "sorted by organization ↑" in screen_text(app)


async def test_three_accepted_filtered_and_their_emails_copied(db_path: Path) -> None:
    store = store_with(db_path, PEOPLE)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")
        for name in ("José Roberto Méndez", "Jenny Elizabeth Barrientos", "Ana Pérez"):
            await select(pilot, app, name)
            await pilot.press("greater_than_sign")
        await pilot.press("slash", *"accepted", "enter", "m")
        await settle(app, pilot)
        await pilot.pause()
        assert app.clipboard == "jrm@example.org, jenny@example.org, ana@example.org" or sorted(app.clipboard.split(", ")) == sorted(
            ["jrm@example.org", "jenny@example.org", "ana@example.org"]
        )
        assert "3 email addresses" in notifications(app)[-1]


async def test_hostile_names_are_literal_in_table_form_and_notifications(db_path: Path) -> None:
    store = store_with(db_path, [Member(HOSTILE, "[bold]org", email="h@example.org"), Member("[/]", notes="[@click=app.quit]")])
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3", "z")  # maximized, so no column is cut short
        await pilot.pause()
        text = screen_text(app)
        assert HOSTILE in text and "[bold]org" in text and "[@click=app.quit]" in text
        await select(pilot, app, HOSTILE)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#input-name").value == HOSTILE
        await pilot.press("escape", "d", "y")
        await pilot.pause()
        assert f"Removed {HOSTILE}. u brings them back." in notifications(app)
        assert app.is_running


async def test_import_previews_and_declining_changes_nothing(db_path: Path) -> None:
    store = store_with(db_path, PEOPLE)
    before = store.path.read_bytes()
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3", "i", *str(FIXTURES / "google-sheets-bom.csv"), "enter")
        await settle(app, pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ImportPreviewScreen), what='the screen to open')
        text = screen_text(app)
        assert "1 to add, 0 to update, 0 unchanged, 2 rejected, 1 line merged" in text, text and "line 3: email" in text
        await pilot.press("n")
        await pilot.pause()
        assert "Import cancelled" in notifications(app)[-1]
        await pilot.press("i", *str(FIXTURES / "excel-cp1252.csv"), "enter")
        await settle(app, pilot)
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await settle(app, pilot)
    assert store.path.read_bytes() != before
    loaded = store.load().members
    members = {m.email: m for m in loaded}
    assert len(loaded) == 5  # one new (jrmendez@), two updated on their email (jenny@, ana@)
    assert members["jenny@example.org"].status == "accepted" and "jrmendez@example.org" in members
    assert members["ana@example.org"].notes == "“curly quotes” – dash"


async def test_malformed_import_says_so_and_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    store = store_with(db_path, PEOPLE)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x81\x8d\x8f\x90")
    before = store.path.read_bytes()
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3", "i", *str(bad), "enter")
        await settle(app, pilot)
        await pilot.pause()
        assert "neither UTF-8 nor Windows-1252" in notifications(app)[-1] and "Nothing was changed" in notifications(app)[-1]
    assert store.path.read_bytes() == before


async def test_export_by_keyboard(db_path: Path, tmp_path: Path) -> None:
    store = store_with(db_path, PEOPLE)
    out = tmp_path / "roster.csv"
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3", "x", "ctrl+u", *str(out), "enter")
        await settle(app, pilot)
        await pilot.pause()
        assert f"Wrote 4 people to {out}." in notifications(app)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfName,") and "Méndez" in out.read_bytes().decode("utf-8-sig")


async def test_roster_pane_is_quick_to_reach_with_a_large_roster(db_path: Path) -> None:
    store = store_with(db_path, [Member(f"Person {i:05d}", "Union", email=f"p{i}@example.org") for i in range(2000)])
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "end")
        await pilot.pause()
        assert table(app).current.name == "Person 01999"
        assert "Person 01999" in screen_text(app)
        await pilot.press("home", "pagedown")
        assert table(app).cursor > 5
        assert app.dashboard.query_one(RosterPane).shown is table(app).rows


async def test_rows_moved_by_changes_match_a_fresh_sort_and_filter(db_path: Path) -> None:
    """The pane moves only the members a change touches (and narrows a growing filter from the
    rows it had): after each change, and each key of a filter typed, erased and retyped, it
    shows exactly what a fresh sort and filter of the whole roster shows."""
    from store import roster as rules
    from store.changes import add_op, change, delete_op, update_op

    people = numbered(40)
    app = make_app(store_with(db_path, people))

    def expected(query: str = "") -> list[str]:
        members = sorted(app.campaign.members, key=lambda m: rules.sort_key(m, "name"))
        return [m.name for m in members if rules.matches(rules.search_key(m), query)]

    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")
        await select(pilot, app, "Kevin Rojas 3")
        await pilot.press("greater_than_sign", "w")  # two status changes: same place, new status
        first = app.campaign.members[0]
        app.submit(change("rename", [update_op(first, replace(first, name="Zoë Último"))]))  # moves to the end
        app.submit(change("add", [add_op(Member("Aarón Añez", "UE", "ally", "Erie", "aa@example.org"))]))  # to the top
        app.submit(change("remove", [delete_op(app.campaign.members[5])]))
        await pilot.pause()
        assert [m.name for m in table(app).rows] == expected()
        assert [m.name for m in table(app).rows][0] == "Aarón Añez" and table(app).rows[-1].name == "Zoë Último"
        await pilot.press("slash")
        typed = ""
        for key in [*"stisss ana", "backspace", "backspace", "backspace", *"ANTA 1"]:
            await pilot.press(key)
            typed = typed[:-1] if key == "backspace" else typed + key
            assert [m.name for m in table(app).rows] == expected(typed), typed
        kevin = next(m for m in app.campaign.members if m.name == "Kevin Rojas 11")
        app.submit(change("city", [update_op(kevin, replace(kevin, city="Oakland"))]))  # leaves the filter
        await pilot.pause()
        assert [m.name for m in table(app).rows] == expected(typed)
        await settle(app, pilot)


async def test_a_change_after_sorting_by_another_column_lands_where_a_fresh_sort_puts_it(db_path: Path) -> None:
    """The pane keeps no folded sort keys between sorts (memory: ~30 MB a column at 100,000
    people); a change moves a member by keys folded again for it."""
    from store import roster as rules
    from store.changes import change, update_op

    people = numbered(30)
    app = make_app(store_with(db_path, people))
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3", "o", "o", "o", "o")  # name up, name down, organization up, down, city up
        assert "sorted by city ↑" in screen_text(app)
        member = next(m for m in app.campaign.members if m.name == "Kevin Rojas 3")
        app.submit(change("city", [update_op(member, replace(member, city="Aachen"))]))  # to the top
        await pilot.pause()
        fresh = sorted(app.campaign.members, key=lambda m: rules.sort_key(m, "city"))
        assert [m.name for m in table(app).rows] == [m.name for m in fresh]
        assert table(app).rows[0].name == "Kevin Rojas 3"
        await settle(app, pilot)


async def test_a_search_key_warm_up_that_ends_after_a_change_keeps_nothing_stale(db_path: Path) -> None:
    """The search keys are folded off the UI thread just after start-up. A change made while
    that runs (a status key typed at once) moves rows within the same list: the warm-up's keys in
    the old order are not used, and the changed member's old key is not kept."""
    from store import roster as rules
    from store.changes import change, update_op

    people = numbered(30)
    app = make_app(store_with(db_path, people))
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")
        await app.workers.wait_for_complete()
        pane = app.dashboard.query_one(RosterPane)
        before, order = list(table(app).rows), pane._order  # what a warm-up started now would fold
        member = next(m for m in app.campaign.members if m.name == "Kevin Rojas 3")
        app.submit(change("move", [update_op(member, replace(member, name="Aaron Zapata", city="Zacatecas"))]))
        await pilot.pause()
        pane._warm_search_keys(before, order)  # the warm-up ends after the change
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash", *"zacatecas")
        assert [m.name for m in table(app).rows] == ["Aaron Zapata"]
        await pilot.press("escape", "slash", *"rojas")
        fresh = sorted(app.campaign.members, key=lambda m: rules.sort_key(m, "name"))
        assert [m.name for m in table(app).rows] == [m.name for m in fresh if rules.matches(rules.search_key(m), "rojas")]
        await settle(app, pilot)


async def test_a_filter_key_filters_in_the_very_step_that_takes_it(db_path: Path) -> None:
    """The rows and the count change in the step in which the filter box's value does, so the
    frame that shows the letter typed shows them too (told by a message, they came a frame
    later: ~30 ms at 100,000 people)."""
    from textual.widgets import Input, Static

    app = make_app(store_with(db_path, PEOPLE))
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3", "slash")
        box = app.dashboard.query_one("#roster-filter", Input)
        box.insert_text_at_cursor("rojas")  # what a key does; no await before looking
        assert [m.name for m in table(app).rows] == ["Kevin Rojas"]
        assert "1 of 4 shown · filter: rojas" in str(app.dashboard.query_one("#roster-status-line", Static).render())
        await pilot.press("escape")  # clears it, in the same way
        assert len(table(app).rows) == 4 and app.dashboard.query_one(RosterPane).query_text == ""
        await pilot.press("slash", *"zzz")  # nobody matches: said so, not "nobody on the roster"
        assert "Nobody matches the filter: escape clears it." in screen_text(app) and "Nobody on the roster" not in screen_text(app)
        await settle(app, pilot)


async def test_a_filter_typed_while_the_search_keys_are_still_being_folded_shows_exactly_the_matches(db_path: Path) -> None:
    """At start-up the search keys are folded off the UI thread; a filter typed at once takes
    the keys folded so far and folds the rest itself (the warm-up then stops). Whatever the
    moment, the rows are exactly a fresh filter's, and every key kept is the member's own.
    A first letter everyone has (all emails hold "e") shows the whole roster, in order."""
    from store import roster as rules

    people = [
        replace(PEOPLE[i % 4], name=f"{PEOPLE[i % 4].name} {i}", email=f"p{i}@example.org", city=f"{PEOPLE[i % 4].city} {i % 97}", id=f"m{i}")
        for i in range(20_000)
    ]
    app = make_app(store_with(db_path, people))

    def expected(query: str) -> list[str]:
        members = rules.sort_members(app.campaign.members, "name")
        return [m.name for m in members if rules.matches(rules.search_key(m), query)]

    async with app.run_test(size=BIG) as pilot:
        pane = app.dashboard.query_one(RosterPane)
        await pilot.press("3", "slash", "e")  # before the warm-up is done, or not: the same rows
        assert [m.name for m in table(app).rows] == expected("e")
        assert len(table(app).rows) == 20_000
        await pilot.press(*"nta 4")
        assert [m.name for m in table(app).rows] == expected("enta 4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane._keys == {m.id: rules.search_key(m) for m in app.campaign.members}
        await pilot.press("escape", "slash", *"SAN SALVADOR 9")
        assert [m.name for m in table(app).rows] == expected("san salvador 9")
        await settle(app, pilot)


async def test_a_filter_key_takes_the_keys_a_warm_up_folded_so_far_and_folds_only_the_rest(db_path: Path) -> None:
    """The moment a filter key comes while the warm-up has folded one block of the roster (in
    the order shown): the key uses that block's keys, folds the rest, and the warm-up's state
    is taken from it (its next block would stop it)."""
    from store import roster as rules

    app = make_app(store_with(db_path, numbered(2_500)))
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")
        await app.workers.wait_for_complete()
        pane = app.dashboard.query_one(RosterPane)
        shown = list(table(app).rows)
        first = rules.search_keys(shown[: rules.FOLD_BLOCK])
        pane._keys = {}  # as at start-up, one block folded (kept by id only once all are)
        pane._folded = None
        pane._warm = (pane._order, first)
        await pilot.press("slash", *"rojas 2")
        assert pane._warm is None
        assert [m.name for m in table(app).rows] == [m.name for m in shown if rules.matches(rules.search_key(m), "rojas 2")]
        assert pane._folded == [rules.search_key(m) for m in shown]
        await app.workers.wait_for_complete()  # the block the warm-up folded is kept by id too
        assert pane._keys == {m.id: rules.search_key(m) for m in shown}
        await settle(app, pilot)


# --- a big roster read after the first frame ------------------------------------------------------


class FirstFrameApp(RecordingApp):
    """The real app, keeping the screen as its first frame showed it; the roster is read when
    the test says (`read_roster`), so keys are surely typed before it is."""

    first_frame = ""

    def on_ready(self, event: events.Ready) -> None:
        self.first_frame = screen_text(self)
        event.prevent_default()  # the app's own handler (which starts the read) waits

    def read_roster(self) -> None:
        super().on_ready()


async def test_a_roster_read_after_the_first_frame_comes_sorted_and_folded(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The read sorts the roster and folds its search keys off the UI thread: its first show
    neither sorts nor starts the warm-up, the first filter key folds nothing, and every key is
    its member's own (a change made then folds that member's anew)."""
    from store import roster as rules

    monkeypatch.setattr(dbmod, "LATER_ROSTER_PARTS", 0)
    warm_ups: list[int] = []
    monkeypatch.setattr(RosterPane, "_warm_search_keys", lambda pane, shown, order: warm_ups.append(order))
    folded_here: list[int] = []
    fold = rules.search_keys
    monkeypatch.setattr(rules, "search_keys", lambda members: folded_here.append(len(members)) or fold(members))
    people = numbered(PART_ROWS * 2 + 5)
    store, state = opened_as_the_dashboard_opens(db_path, people)
    app = FirstFrameApp(store, Clock(TODAY), author="tester", state=state)
    async with app.run_test(size=BIG) as pilot:
        await wait_for(pilot, lambda: app.first_frame)
        app.read_roster()
        await wait_for(pilot, lambda: not app.roster_reading, what=lambda: screen_text(app))
        assert folded_here == [len(people)]  # once, by the read
        await pilot.press("3", "slash", *"rojas 1")
        by_name = rules.sort_members(people, "name")
        assert [m.name for m in table(app).rows] == [m.name for m in by_name if rules.matches(rules.search_key(m), "rojas 1")]
        await pilot.press("escape")
        target = table(app).current
        assert target is not None
        await pilot.press("w")  # withdrawn: their key folded anew
        await wait_for(pilot, lambda: any(m.id == target.id and m.status == "withdrawn" for m in app.campaign.members), what="the change")
        await pilot.press("slash", *f"{target.name} withdrawn")
        assert [m.id for m in table(app).rows] == [target.id]
        pane = app.dashboard.query_one(RosterPane)
        assert warm_ups == [] and folded_here == [len(people)]
        assert pane._keys == {m.id: rules.search_key(m) for m in app.campaign.members}
        await settle(app, pilot)


def test_a_roster_sorted_with_its_read_is_sort_members_and_search_keys() -> None:
    from store import roster as rules

    people = [replace(m, status=status) for m, status in zip(numbered(600), ["paid", "inquiry", "waitlist", "applied"] * 150)]
    for column in rules.SORT_COLUMNS:
        read = rules.sorted_roster(people, column)
        assert read.ascending == rules.sort_members(people, column) and read.column == column
        assert read.keys == [rules.search_key(m) for m in read.ascending]
        assert read.keys_by_id == {m.id: rules.search_key(m) for m in people} and read.members == people


def opened_as_the_dashboard_opens(db_path: Path, members: list[Member]) -> tuple[CampaignStore, State]:
    """The store and first state as `campaign-dash` opens them (tui/cli_start.py), the roster
    not read before the first frame (as it is not past 20,000 people: here, past PART_ROWS)."""
    store_with(db_path, members)
    store = CampaignStore(db_path)
    store.open(later_roster=True)
    return store, store.read_state(later_roster=True)


async def test_a_big_roster_is_read_after_the_first_frame_and_keys_typed_meanwhile_act_on_it(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first frame shows the tour, the petition, the letter and the delegation, the roster
    "being read"; keys typed meanwhile wait for it and then act, in order, on everyone."""
    from store import roster as rules

    monkeypatch.setattr(dbmod, "LATER_ROSTER_PARTS", 0)

    people = numbered(PART_ROWS * 2 + 5)
    store, state = opened_as_the_dashboard_opens(db_path, people)
    assert state.roster_pending
    app = FirstFrameApp(store, Clock(TODAY), author="tester", state=state)
    async with app.run_test(size=BIG) as pilot:
        await wait_for(pilot, lambda: app.first_frame)
        await pilot.press("3", "w", "slash", *"rojas 1")
        await pilot.pause()
        assert app.roster_reading and "Reading the roster…" in screen_text(app) and not notifications(app)
        app.read_roster()
        await wait_for(pilot, lambda: not app.roster_reading and not app.typeahead.held, what=lambda: screen_text(app))
        await settle(app, pilot)
        first = app.first_frame
        assert "Jaime Rivera today" in first and "Reading the roster…" in first and "May Day Labor Solidarity" in first
        assert "Kevin Rojas" not in first and "people" not in first and "Nobody on the roster" not in first
        by_name = rules.sort_members(people, "name")
        withdrawn = by_name[0]  # `w` acted on the first row of the whole roster
        expected = [m.name for m in by_name if rules.matches(rules.search_key(m), "rojas 1")]
        assert [m.name for m in table(app).rows] == expected and expected
        assert "filter: rojas 1" in screen_text(app)
    assert next(m for m in CampaignStore(db_path).load().members if m.id == withdrawn.id).status == "withdrawn"
    assert len(CampaignStore(db_path).load().members) == len(people)


async def test_a_damaged_roster_found_after_the_first_frame_quits_and_leaves_the_file_as_it_was(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbmod, "LATER_ROSTER_PARTS", 0)
    store_with(db_path, numbered(PART_ROWS + 1))
    lines = db_path.read_bytes().splitlines(keepends=True)
    db_path.write_bytes(lines[0] + b'{"members": [1]}\n' + lines[2])  # whole lines: seen only when read
    before = file_state(db_path)
    store = CampaignStore(db_path)
    store.open(later_roster=True)
    app = make_app(store, state=store.read_state(later_roster=True))
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3", "a")  # a key typed meanwhile changes nothing
        await wait_for(pilot, lambda: app.refusal is not None or not app.is_running)
    assert "members" in str(app.refusal) and app.return_code == 2
    assert file_state(db_path) == before


async def test_changes_made_while_the_roster_is_read_are_all_shown_once_it_is(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process changes a stop and a person after the first frame, and this dashboard
    writes a change of its own (a feed's reading, a click) after the roster was read but before
    it is shown: once shown, the dashboard shows all three (the roster joins what is shown,
    others' changes are applied on top, its own change is not undone on screen)."""
    from store import roster as rules
    from store.changes import change, update_op

    monkeypatch.setattr(dbmod, "LATER_ROSTER_PARTS", 0)
    people = numbered(PART_ROWS + 3)
    store, state = opened_as_the_dashboard_opens(db_path, people)
    app = FirstFrameApp(store, Clock(TODAY), author="tester", state=state)
    async with app.run_test(size=BIG) as pilot:
        await wait_for(pilot, lambda: app.first_frame)
        other = CampaignStore(db_path)  # another dashboard, meanwhile
        theirs = other.load()
        stale = store.read_state(app.known_rev).campaign  # the roster before their change...
        stop, person = theirs.stops[0], theirs.members[-1]
        other.apply(change("venue", [update_op(stop, replace(stop, venue="Union Hall"))]), author="Rosa")
        other.apply(change("status", [update_op(person, replace(person, status="paid"))]), author="Rosa")
        read = store.read_state(app.known_rev)  # what the read hands over, read now...
        signer = app.campaign.letters[0]
        app.submit(change("mine", [update_op(signer, replace(signer, values={**signer.values, "members": "512"}))]))
        await settle(app, pilot)  # ...and this dashboard's change written after it
        # ...sorted and folded as the read does: the pane keeps the keys of the members it shows
        # as they were folded (the store shares unchanged members between reads), not theirs
        app._roster_read(read, rules.sorted_roster(stale.members, "name"))
        await settle(app, pilot)
        kept = app.dashboard.query_one(RosterPane)._keys
        assert person.id not in kept and len(kept) == len(people) - 1  # folded by the first filter key (below)
        assert all(kept[m.id] == rules.search_key(m) for m in app.campaign.members if m.id in kept)
        shown = app.campaign
        assert shown.stops[0].venue == "Union Hall" and shown.letters[0].values["members"] == "512"
        assert next(m for m in shown.members if m.id == person.id).status == "paid" and len(shown.members) == len(people)
        assert any("Rosa" in told for told in notifications(app))
        await pilot.press("3")
        assert f"{len(people):,} people" in screen_text(app)
        await pilot.press("slash", *f"{person.name} paid")  # their key folded anew, not the read's
        assert [m.id for m in table(app).rows] == [person.id]
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.campaign.letters[0].values["members"] == "512"  # a later look at the file keeps it
    assert store.load().letters[0].values["members"] == "512"
