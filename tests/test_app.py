"""The dashboard driven by keys, as a person would, with Pilot."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input

from store.db import CampaignStore
from store.demo import build_demo
from store.models import Member, Target
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen
from widgets.letter import LetterPane

from .apphelpers import help_text, make_app, notifications, screen_text, settle, wait_for
from .conftest import HOSTILE
from .test_app_setup import burst

BIG = (160, 48)
SMALL = (80, 24)


async def test_every_pane_shows_the_demo_facts(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        text = screen_text(app)
    for fact in [
        "Wed 6 Feb 2013 (--today)",
        "Jaime Rivera today: New York City (6-7 Feb); next Boston 8-9 Feb (in 2 days)",
        "Alex Gomez today: Portland, OR (6 Feb); next Santa Cruz, CA 7-8 Feb",
        "Santa Cruz, CA",
        "1,000 of 2,000 signatures",
        "80 days left",
        "✓ 1,000 first 1,000 names delivered to the US Embassy",
        "May Day Labor Solidarity Delegation to El Salvador",
        "27 Apr - 4 May 2013",
        "Nobody on the roster yet",
        "no capacity set",
        "6 de febrero de 2013",
        "Señor Ingeniero Rolando Castro",
        "comunicaciones@mtps.gob.sv",
        "@trabajosv @RolandoCastroSV",
    ]:
        assert fact in text, fact


async def test_small_terminal_shows_one_pane_at_a_time(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "1,000 of 2,000" not in screen_text(app)
        assert "1 Tour calendar   2 Petition   3 Delegation roster   4 Letter" in screen_text(app)
        for key, pane, fact in [
            ("2", "petition", "1,000 of 2,000 signatures"),
            ("3", "roster", "Nobody on the roster yet"),
            ("4", "letter", "Señor Ingeniero Rolando Castro"),
            ("1", "tour", "Jaime Rivera today: New York City"),
        ]:
            await pilot.press(key)
            await pilot.pause()
            assert app.dashboard.active_pane == pane
            assert app.focused is app.dashboard.pane(pane).main_widget()
            assert fact in screen_text(app)


async def test_the_footer_follows_the_focus_and_a_click_on_a_key_presses_it(store: CampaignStore) -> None:
    """The footer is one line of text (widgets/footer.py): it shows the focused pane's keys and
    the palette's, and a click on a key does what the key does."""
    from widgets.footer import FooterKeys
    from widgets.tour import TourPane

    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await wait_for(pilot, lambda: "v Month/agenda" in screen_text(app).splitlines()[-1], what="the tour's keys in the footer")
        assert "^p palette" in screen_text(app).splitlines()[-1]
        await pilot.press("2")
        await wait_for(pilot, lambda: "+ Add signatures" in screen_text(app).splitlines()[-1], what="the petition's keys")
        await pilot.press("1")
        await wait_for(pilot, lambda: "v Month/agenda" in screen_text(app).splitlines()[-1], what="the tour's keys again")
        await pilot.click(FooterKeys, offset=(1, 0))  # on the "v" of " v Month/agenda"
        await wait_for(pilot, lambda: app.dashboard.query_one(TourPane).view == "month", what="the month view after the click")


async def test_tab_and_shift_tab_cycle_the_panes(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        order = []
        for _ in range(4):
            await pilot.press("tab")
            order.append(app.dashboard.active_pane)
        assert order == ["petition", "roster", "letter", "tour"]
        await pilot.press("shift+tab")
        assert app.dashboard.active_pane == "letter"
        assert app.focused is app.dashboard.pane("letter").main_widget()


async def test_the_pane_holding_the_focus_has_the_accent_border_in_any_theme(store: CampaignStore) -> None:
    """The active pane is marked by its own inline styles (not a CSS rule that restyles both
    panes' every widget); a click moves the mark with the focus, and a new theme recolours it."""
    from textual.color import Color

    app = make_app(store)

    def marked() -> list[str]:
        accent = Color.parse(app.get_css_variables()["accent"])
        return [p.PANE_ID for p in app.dashboard.panes() if p.styles.border_top == ("round", accent) and p.styles.border_title_color == accent]

    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        assert marked() == ["tour"]
        await pilot.press("3")
        assert marked() == ["roster"]
        await pilot.click("#petition-body")
        assert app.dashboard.active_pane == "petition" and marked() == ["petition"]
        app.theme = "nord"  # another accent
        await pilot.pause()
        assert marked() == ["petition"]
        assert app.dashboard.pane("tour").styles.border_top != app.dashboard.pane("petition").styles.border_top


async def test_z_maximizes_and_restores_the_focused_pane(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("2", "z")
        await pilot.pause()
        assert app.screen.maximized is app.dashboard.pane("petition")
        assert "Jaime Rivera" not in screen_text(app)
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is None
        assert "Jaime Rivera" in screen_text(app)


async def test_question_mark_lists_every_key(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("?")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what='the screen to open')
        assert "Keys" in screen_text(app)
        text = help_text(app)
        for words in ["Zoom", "Copy letter", "Language", "Fill fields", "Next pane", "Quit", "ctrl+p"]:
            assert words in text, words
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_unknown_keys_change_nothing(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        before = store.path.read_bytes()
        await pilot.press("x", "ctrl+g", "f12", "9", "escape")
        await pilot.pause()
        assert app.is_running and app.dashboard.active_pane == "tour"
    assert store.path.read_bytes() == before


async def test_command_palette_runs_dashboard_commands(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), what='the screen to open')
        await pilot.press(*"show petition")
        await wait_for(pilot, lambda: "Show petition" in screen_text(app), what="the palette's hit")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.dashboard.active_pane == "petition", what="the petition pane")


async def test_hostile_text_shows_literally_and_crashes_nothing(db_path) -> None:
    demo = build_demo()
    demo.speakers[0].name = HOSTILE
    demo.members.append(Member("[bold]x", organization="[/]", notes="[@click=app.quit]y"))
    demo.targets.insert(0, Target("[red]Target[/red]", emails=["x@example.org"], handles=["@[/]"], tweets={"es": "[b]hola[/b] {union}"}))
    demo.petition.milestones[0].label = "[/] [b]unclosed"
    store = CampaignStore(db_path)
    store.open(seed=lambda: demo)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert f"{HOSTILE} today: New York City" in text
        assert "[bold]x" in text and "[red]Target[/red]" in text and "[/] [b]unclosed" in text
        await pilot.click("#tour-today")  # a [@click=...] in data must not act
        await pilot.pause()
        assert app.is_running
        await pilot.press("4", "f", "enter", *"[/]", "enter", "escape", "z")  # typed into a field, then zoomed
        await pilot.pause()
        assert "Por parte de los [/] miembros" in screen_text(app)


async def test_fill_the_letter_by_keyboard_and_it_is_remembered(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "f", "enter")  # the date stays blank: today
        assert isinstance(app.focused, Input)
        for value in ["512", "SEIU Local 1000", "Ana Pérez", "Presidenta"]:
            await pilot.press(*value, "enter")
        await pilot.pause()
        assert app.focused is app.dashboard.pane("letter").main_widget()
        await pilot.press("z")  # maximized: the letter's body is in view
        await pilot.pause()
        text = screen_text(app)
        assert "Por parte de los 512 miembros del nuestro sindicato SEIU Local 1000" in text
        assert app.dashboard.active_pane == "letter"  # the digits went into the field
        await pilot.press("l")
        await pilot.pause()
        assert "On the part of the 512 members of our union SEIU Local 1000" in screen_text(app)
        await settle(app, pilot)
    values = store.load().letters[0].values
    assert values == {"members": "512", "union": "SEIU Local 1000", "signer_name": "Ana Pérez", "signer_title": "Presidenta"}
    again = make_app(store)
    async with again.run_test(size=BIG) as pilot:
        await pilot.pause()
        # the blanks are drawn as text until one is edited; f makes them Inputs, as remembered
        assert "name   Ana Pérez" in screen_text(again) and not again.dashboard.query(Input).filter(".letter-field")
        await pilot.press("4", "f")
        assert again.focused is again.dashboard.query_one("#field-date", Input)  # the first blank
        assert again.dashboard.query_one("#field-members", Input).value == "512"
        assert again.dashboard.query_one("#field-signer_name", Input).value == "Ana Pérez"
        assert "name   Ana Pérez" in screen_text(again)


async def test_escape_leaves_a_field_and_quit_keeps_what_was_typed(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "f", "enter", *"77")
        await pilot.press("escape")
        assert app.focused is app.dashboard.pane("letter").main_widget()
        await pilot.press("f", "tab")  # tab goes to the next pane, saving the field
        await pilot.press("4", "f", "enter", "end", "1", "ctrl+q")
        await pilot.pause()
    assert store.load().letters[0].values["members"] == "771"


async def test_copy_without_a_system_clipboard_uses_osc52_and_says_so(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what='the screen to open')  # blanks left: asks first
        await pilot.press("y")
        await settle(app, pilot)
        await pilot.pause()
        expected = app.dashboard.query_one(LetterPane).filled().text
        assert app.clipboard == expected
        assert expected.startswith("6 de febrero de 2013\n\nSeñor Ingeniero Rolando Castro")
        (message,) = notifications(app)
        assert "Spanish letter (4 fields still blank)" in message
        assert "OSC 52" in message and "no system clipboard" in message


async def test_save_failure_is_reported_kept_pending_and_the_app_keeps_running(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        store.path.write_text("{now corrupt")
        await pilot.press("4", "f", "enter", *"12", "enter")
        await wait_for(pilot, lambda: app.save_error, what="the failed save")
        assert any("Not saved yet" in m and "not valid JSON" in m for m in notifications(app))
        assert app.is_running and len(app.pending) == 1  # kept, to be retried
        assert "1 unsaved change" in screen_text(app)
    assert store.path.read_text() == "{now corrupt"


async def test_a_resize_under_a_dialog_or_back_to_the_same_size_leaves_the_right_panes(store: CampaignStore) -> None:
    # The dashboard lets Textual skip a Resize to the size it is laid out at (one comes right
    # after the first frame); a resize made while a dialog is above it must still switch the
    # grid of four to one pane at a time, and back.
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the keys")
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen), what="the keys to close")
        await pilot.pause()
        assert [p.display for p in app.dashboard.panes()] == [True, False, False, False]
        assert "1 Tour calendar   2 Petition" in screen_text(app)  # the tab line of a small terminal
        await pilot.resize_terminal(*BIG)
        await pilot.pause()
        await pilot.resize_terminal(*BIG)  # the same size again: nothing to do
        await pilot.pause()
        assert all(p.display for p in app.dashboard.panes())
        assert "╭─ 2 Petition" in screen_text(app)


async def test_a_small_terminal_builds_the_hidden_panes_after_the_first_frame(store: CampaignStore) -> None:
    """At 80x24 the first frame holds the tour pane only; the other three follow, in their
    places, hidden; a key asking for the last of them at once gets it first and keeps the order;
    a larger terminal then shows all four in the grid."""
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        burst(app, ["4", "f", *"512"])  # the letter pane, before it is built: its first field
        await wait_for(pilot, lambda: len(app.dashboard.panes()) == 4, what="the four panes")
        await wait_for(pilot, lambda: isinstance(app.focused, Input) and app.focused.value == "512", what="512 in the first blank")
        panes = app.dashboard.panes()
        assert [p.PANE_ID for p in panes] == ["tour", "petition", "roster", "letter"]
        assert [p.display for p in panes] == [False, False, False, True]
        await pilot.resize_terminal(*BIG)
        await pilot.pause()
        assert all(p.display for p in app.dashboard.panes())


async def test_a_pane_switch_and_a_tally_repaint_only_what_they_change(store: CampaignStore) -> None:
    """Work that grows with what is on screen, counted rather than timed: the lines each widget
    draws. A pane switch changes two borders and the focus, so the figures inside the panes are
    not drawn again; a tally changes the petition, so the tour's agenda and the panes' frames
    are not drawn again either (a title colour set as a style property, a border or an unsaved
    mark set to what it was all used to redraw them)."""
    app = make_app(store)
    drawn: dict[str, int] = {}

    def count_lines(widget) -> None:  # type: ignore[no-untyped-def]
        render_line = widget.render_line

        def counted(y: int):  # type: ignore[no-untyped-def]
            drawn[widget.id] = drawn.get(widget.id, 0) + 1
            return render_line(y)

        widget.render_line = counted

    async with app.run_test(size=BIG) as pilot:
        await settle(app, pilot)
        for selector in ("#petition-details", "#petition-count", "#tour-today", "#tour-agenda", "#tour", "#roster"):
            count_lines(app.screen.query_one(selector))
        for key in ("2", "1", "2", "1"):
            await pilot.press(key)
            await pilot.pause()
        assert app.dashboard.active_pane == "tour"
        assert {k: n for k, n in drawn.items() if k not in ("tour", "tour-agenda")} == {}, drawn
        await pilot.press("2")  # the tour's frame and agenda change as it loses the focus
        await pilot.pause()
        drawn.clear()
        await pilot.press("+")
        await wait_for(pilot, lambda: isinstance(app.focused, Input), what="the tally form")
        await pilot.press("3", "5", "ctrl+s")
        await wait_for(pilot, lambda: "1,035 of 2,000 signatures" in screen_text(app), what=lambda: screen_text(app))
        await settle(app, pilot)
        assert drawn.get("petition-count", 0) > 0  # the new count, drawn
        assert {k: drawn.get(k, 0) for k in ("tour-today", "tour-agenda", "tour", "roster")} == dict.fromkeys(("tour-today", "tour-agenda", "tour", "roster"), 0)
