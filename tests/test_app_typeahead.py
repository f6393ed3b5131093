"""Keys typed ahead of the screen land where a slow typist's would (tui/typeahead.py): a burst
that switches pane, opens the filter or a form and types on; keys typed before the first frame."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from store.clock import Clock
from store.db import CampaignStore
from tui.screens.form import FormScreen

from .apphelpers import TODAY, RecordingApp, make_app, notifications, screen_text, settle, wait_for
from .terminal import Terminal
from .test_app_roster import PEOPLE, store_with, table
from .test_app_setup import BIG, burst


def field(app, name: str) -> str:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#input-{name}", Input).value


async def test_a_pane_key_the_filter_and_a_name_in_one_burst(db_path: Path) -> None:
    """`3 / rojas enter e` as one paste: the filter gets every letter, then e edits the one found."""
    store = store_with(db_path, PEOPLE)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        burst(app, ["3", "slash", *"rojas", "enter", "e"])
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen.focused is not None, what="the form")
        await pilot.pause()  # let the form finish mounting before the test ends the app
        assert field(app, "name") == "Kevin Rojas"
        assert app.dashboard.query_one("#roster-filter", Input).value == "rojas"


async def test_escape_in_the_filter_then_a_move_in_one_burst(db_path: Path) -> None:
    store = store_with(db_path, PEOPLE)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        burst(app, ["3", "slash", *"stisss", "escape", "home", "j", "j"])
        await wait_for(pilot, lambda: table(app).cursor == 2, what="two rows down")
        assert app.dashboard.query_one("#roster-filter", Input).value == ""
        assert len(table(app).rows) == len(PEOPLE)


async def test_a_form_opened_and_filled_in_one_burst_from_another_pane(store: CampaignStore) -> None:
    """From the tour: `3 a`, the name, enter through the form, ctrl+s; none of it typed into
    nothing or taken as a dashboard key (the `a` of "Ana" is not another add)."""
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        burst(app, ["3", "a", *"Ana Q", "enter", *"UFW", "enter", "enter", *"Fresno", "enter", *"a@x.org", "ctrl+s"])
        await wait_for(pilot, lambda: store.load().members != [], what="the person saved")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
    (member,) = store.load().members
    assert (member.name, member.organization, member.city, member.email) == ("Ana Q", "UFW", "Fresno", "a@x.org")


class ToldWhileOpening(RecordingApp):
    """Another process's change is told right after `a` is dispatched, while the form opens."""

    async def _dispatch_typed(self, event):  # type: ignore[no-untyped-def]
        await super()._dispatch_typed(event)
        if isinstance(event, events.Key) and event.key == "a":
            self.call_later(self.tell, "root@vm: added Someone to the roster", title="Changed elsewhere")


async def test_a_notice_no_key_asked_for_does_not_let_keys_past_a_form_opening(store: CampaignStore) -> None:
    """The name typed after `3 a` goes into the form even when another process's change is told
    while the form opens. (Any notice used to count as the key's answer, "Nobody selected", so
    the name went to the roster: its `e` opened an edit of nobody, its `d` a delete.)"""
    app = ToldWhileOpening(store, Clock(TODAY), author="tester")
    async with app.run_test(size=BIG) as pilot:
        burst(app, ["3", "a", *"Zed", "enter", *"UFW", "ctrl+s"])
        await wait_for(pilot, lambda: store.load().members != [], what="the person saved")
        await settle(app, pilot)
        assert any("added Someone" in n for n in notifications(app))
    (member,) = store.load().members
    assert (member.name, member.organization) == ("Zed", "UFW")


async def test_a_key_that_finds_nothing_to_open_lets_the_next_keys_through(db_path: Path) -> None:
    """`e` on an empty roster says why instead of opening a form; the keys after it go on."""
    store = store_with(db_path, [])
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        burst(app, ["3", "e", "2"])
        await wait_for(pilot, lambda: app.dashboard.active_pane == "petition", what="the petition pane")
        assert any("Nobody selected" in n for n in notifications(app))
        assert not app.typeahead.holding and not app.typeahead.held


# --- at a real terminal: keys typed before the first frame ---------------------------------

def wait_for_file(condition, what: str, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.05)  # polling a file another process writes; the condition decides, not the sleep


@pytest.mark.parametrize(
    ("keys", "saved"),
    [
        # enter from the last field saves (ctrl+s would be the terminal's flow control until the
        # program takes the keyboard)
        (b"3aPre Frame\rUFW\r\rFresno\rp@x.org\r\r\r\r",
         lambda c: [(m.name, m.organization, m.city, m.email) for m in c.members] == [("Pre Frame", "UFW", "Fresno", "p@x.org")]),
        ("4f\r512\rSEIU Local 1000\rAna Pérez\r".encode(),
         lambda c: (c.letters[0].values.get("members"), c.letters[0].values.get("union"), c.letters[0].values.get("signer_name"))
         == ("512", "SEIU Local 1000", "Ana Pérez")),
    ],
    ids=["roster-form", "letter-blanks"],
)
# 80x24 shows one pane: the other three are built after the first frame, the keys waiting for them
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_keys_typed_before_the_first_frame_are_applied_in_order(store: CampaignStore, keys: bytes, saved, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The whole sequence is written to the terminal the moment the program starts, before it has
    drawn anything, in one write (as a paste or tmux send-keys delivers it)."""
    terminal = Terminal(["-m", "tui", "--db", str(store.path), "--today", "2013-02-06"], size=size)
    terminal.type(keys)
    try:
        wait_for_file(lambda: saved(store.load()), "the typed values in the campaign file")
    finally:
        # the dashboard is up: the letter pane's first tweet (all panes shown), or the tab line
        terminal.read_until(b"224/280" if size[0] >= 110 else b"Delegation roster")
        terminal.type(b"\x1b\x1b1q")  # leave any field, go to the tour, quit
        code = terminal.wait()
    assert code == 0


async def test_status_keys_in_one_burst_each_take_their_own_step(db_path: Path) -> None:
    """`<<<` typed faster than the screen repaints: three steps back (paid -> confirmed ->
    accepted -> applied), not three times the step the screen showed; `w w` withdraws, then
    starts them over as an inquiry (what w does to someone withdrawn)."""
    from dataclasses import replace

    store = store_with(db_path, [replace(PEOPLE[0], status="paid")])
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")
        burst(app, ["less_than_sign"] * 3)
        await wait_for(pilot, lambda: [m.status for m in store.load().members] == ["applied"], what="three steps back, saved")
        burst(app, ["w", "w"])
        await wait_for(pilot, lambda: [m.status for m in store.load().members] == ["inquiry"], what="withdrawn and back, saved")
        await settle(app, pilot)
    assert [e.change.summary.split(": ")[1] for e in store.log()][-5:] == [
        "paid → confirmed", "confirmed → accepted", "accepted → applied", "applied → withdrawn", "withdrawn → inquiry"
    ]


async def test_keys_typed_after_a_form_saves_go_to_the_screen_under_it(store: CampaignStore) -> None:
    """`2 + 35 ctrl+s 1 2 + 7 ctrl+s` as one burst makes two tallies. The keys after the first
    ctrl+s used to reach the closing form, and the second tally was lost with it."""
    from store.petition import current_count

    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        burst(app, ["2", "plus", *"35", "ctrl+s", "1", "2", "plus", "7", "ctrl+s"])
        await wait_for(pilot, lambda: current_count(store.load().petition) == 1042, what=lambda: f"1,042 signatures, not {current_count(store.load().petition)}")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormScreen)
    assert [r.added for r in store.load().petition.readings[-2:]] == [35, 7]


async def test_keys_typed_after_a_refused_save_go_to_the_form(store: CampaignStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save refused (the count is not a number) keeps the form open, and the keys typed after
    ctrl+s go to it at once, not after the type-ahead's time limit (made a minute here, so
    waiting for it would fail the test)."""
    from tui import typeahead

    monkeypatch.setattr(typeahead, "LIMIT_S", 60.0)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        burst(app, ["2", "plus", "x", "ctrl+s", "enter", *"late"])
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and bool(app.screen.query("#input-note")) and field(app, "note") == "late", what="the note typed after the refused save")
        assert field(app, "count") == "x"
        assert "not a whole number" in str(app.screen.query_one("#error-count").render())
        await pilot.press("escape")


@pytest.mark.parametrize(
    ("typed", "added"),
    [
        (["x", "backspace", "4"], 4),  # backspace, then 4: "4", not "x" (4 typed, then deleted)
        (["1", "2", "left", "3"], 132),  # the cursor moved left before 3 went in
        (["9", "home", "1"], 19),
    ],
    ids=["backspace", "left", "home"],
)
async def test_an_editing_key_in_a_burst_acts_before_the_keys_typed_after_it(store: CampaignStore, typed: list[str], added: int) -> None:
    """A field's editing keys are bindings, which Textual runs when the key is back at the app,
    after the field has taken the keys behind it as typed text. In a burst (a paste, a fast typist
    over ssh) `x backspace 4` used to leave "x": 4 went in, then backspace deleted it."""
    from store.petition import current_count

    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        burst(app, ["2", "plus", *typed, "ctrl+s"])
        await wait_for(pilot, lambda: current_count(store.load().petition) != 1000, what="the tally saved")
        await settle(app, pilot)
    assert store.load().petition.readings[-1].added == added


async def test_tab_in_a_burst_moves_to_the_next_field_before_the_letters_after_it(store: CampaignStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """`5 tab why?ok` in one burst: tab's binding (the next field) runs before the letters after
    it go anywhere (they used to land in the count field), and `?`, which lists the keys on the
    dashboard, is a character in a field, typed and holding nothing back: no key waits for the
    type-ahead's limit (made a minute here so that waiting for it would fail the test)."""
    from tui import typeahead

    monkeypatch.setattr(typeahead, "LIMIT_S", 60.0)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        burst(app, ["2", "plus", "5", "tab", *"why"])
        app.post_message(events.Key("question_mark", "?"))  # as a terminal sends it: a character
        burst(app, [*"ok"])
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and bool(app.screen.query("#input-note")) and field(app, "note") == "why?ok", what=lambda: f"the note typed, not {field(app, 'note')!r}")
        await pilot.press("escape")


async def test_a_bound_key_a_text_area_takes_itself_does_not_hold_the_keys_after_it(store: CampaignStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text area takes enter itself (a new line) without telling Textual, so a screen's binding
    for enter still shows as active: the keys after enter wait for it to come back to the app,
    and it never does. The type-ahead follows it up and lets them go once it is known to be
    kept, not after the limit (made a minute here). The screen is the template editor with a
    binding for enter added, as a screen may one day have."""
    from textual.binding import Binding
    from textual.widgets import TextArea

    from store.models import LetterTemplate
    from tui import typeahead
    from tui.screens.template_editor import TemplateEditorScreen

    class EditorWithEnter(TemplateEditorScreen):
        BINDINGS = [Binding("enter", "app.bell", "Bell")]

    monkeypatch.setattr(typeahead, "LIMIT_S", 60.0)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        app.push_screen(EditorWithEnter(LetterTemplate(name="", bodies={}), "en"))
        await wait_for(pilot, lambda: isinstance(app.screen, EditorWithEnter) and bool(app.screen.query(TextArea)), what="the editor")
        editor = app.screen.query_one(TextArea)
        editor.focus()
        await wait_for(pilot, lambda: app.focused is editor, what="the text area focused")
        assert typeahead.must_wait(app, "enter") == "back"
        burst(app, [*"ab", "enter", *"cd"])
        await wait_for(pilot, lambda: editor.text == "ab\ncd", what=lambda: f"the text typed, not {editor.text!r}")
        await pilot.press("escape")


async def test_a_paste_right_after_the_key_that_opens_a_form_goes_into_the_form(store: CampaignStore) -> None:
    """A terminal hands a paste over as one event, not keys. Pasted right after `a` (add a
    person), it waits with the keys for the form, and lands in its first field, in its place
    among the keys around it."""
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")
        burst(app, ["a"])
        app.post_message(events.Paste("Ana Quispe"))
        burst(app, [*" Q", "enter"])
        app.post_message(events.Paste("UFW"))
        burst(app, ["enter"])
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and bool(app.screen.query("#input-organization")) and field(app, "organization") == "UFW", what=lambda: "the organization pasted")
        assert field(app, "name") == "Ana Quispe Q"
        await pilot.press("escape")


@pytest.mark.parametrize(
    ("on_role", "role"),
    [
        (["space", "down", "enter", "enter"], "officer"),  # open the list, one down, choose, next field
        (["down", "down", "escape", "down", "down", "enter", "enter"], "officer"),  # open, down, close unchosen; again, choose
        (["tab"], "member"),  # straight on
    ],
    ids=["choose", "close", "tab"],
)
async def test_a_drop_down_in_a_burst_takes_the_keys_a_slow_typist_gives_it(store: CampaignStore, on_role: list[str], role: str) -> None:
    """The roster form's Role drop-down in one burst: its list opens, moves, chooses or closes,
    and only then do the keys after it go on, to the city. They used to reach the drop-down
    before its list had opened (or closed), and "Fresno" ended up in the email field."""
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")
        burst(app, ["a", *"Bo", "enter", "X", "enter", *on_role, *"Fresno", "ctrl+s"])
        await wait_for(pilot, lambda: store.load().members != [] or (isinstance(app.screen, FormScreen) and "does not look like" in screen_text(app)), what="the person saved, or refused")
        await settle(app, pilot)
    (member,) = store.load().members
    assert (member.name, member.organization, member.role, member.city, member.email) == ("Bo", "X", role, "Fresno", "")
