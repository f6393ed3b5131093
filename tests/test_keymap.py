"""Keys as data: the footer, `?` and the palette are made from one table (widgets/keys.py), and a
user's keymap file remaps actions by id; a wrong entry is reported by name and ignored."""

from __future__ import annotations

import re
from pathlib import Path

from store.clock import Clock
from store.db import CampaignStore
from tui.keymap import load_keymap
from tui.screens.form import FormScreen
from widgets.keys import KEYS

from .apphelpers import RecordingApp, help_text, notifications, screen_text, wait_for
from .conftest import TODAY

KEYMAP = """
[keys]
"tour.add" = "n"
"roster.filter" = "f"
"petition.add" = ["ctrl+t", "plus"]
"tour.nonsense" = "k"
"roster.sort" = "not a key"
"""


def app_with_keys(store: CampaignStore, tmp_path: Path, text: str) -> RecordingApp:
    path = tmp_path / "keys.toml"
    path.write_text(text)
    return RecordingApp(store, Clock(TODAY), author="tester", keymap_file=path)


def test_the_table_gives_each_pane_one_meaning_per_letter() -> None:
    ids = [k.id for k in KEYS]
    assert len(ids) == len(set(ids))
    for where in {k.where for k in KEYS}:
        keys = [k.key for k in KEYS if k.where == where]
        assert len(keys) == len(set(keys)), where  # no key twice in one place
    meaning = {"a": ("add",), "d": ("delete", "remove"), "u": ("undo",), "x": ("export",)}
    for key in KEYS:
        if key.key in meaning and key.where not in ("app", "pane"):
            said = f"{key.description} {key.palette}".lower()
            assert any(word in said for word in meaning[key.key]), key


def test_a_keymap_file_is_read_and_its_mistakes_named(tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(KEYMAP)
    keymap, problems = load_keymap(path)
    assert keymap == {"tour.add": "n", "roster.filter": "f", "petition.add": "ctrl+t,plus"}
    assert problems == [
        "keys.toml: no action 'tour.nonsense' (in that place: " + ", ".join(k.id for k in KEYS if k.where == "tour") + "); ignored",
        "keys.toml: roster.sort = 'not a key' is not a key (e.g. \"n\", \"ctrl+e\", \"f5\"); ignored",
    ]
    path.write_text("[keys\n")
    assert load_keymap(path)[1][0].startswith(f"{path} is not valid TOML")
    assert load_keymap(tmp_path / "missing.toml") == ({}, [])


async def test_remapped_keys_show_in_the_footer_the_keys_list_and_the_palette_and_work(store: CampaignStore, tmp_path: Path) -> None:
    app = app_with_keys(store, tmp_path, KEYMAP)
    async with app.run_test(size=(240, 48)) as pilot:
        await pilot.pause()
        assert any("no action 'tour.nonsense'" in n for n in notifications(app))
        assert any("roster.sort = 'not a key'" in n for n in notifications(app))
        footer = screen_text(app).splitlines()[-1]
        assert "n Add stop" in footer and "a Add stop" not in footer
        await pilot.press("n")  # the remapped key works...
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the stop form")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")  # ...and the old one no longer does
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        await pilot.press("3")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "f Filter" in footer and "/ Filter" not in footer and "o Sort" in footer  # a wrong entry leaves the default
        await pilot.press("question_mark")
        await pilot.pause()
        listed = help_text(app)
        assert re.search(r"\bn +Add stop", listed) and re.search(r"\bf +Filter", listed)
        assert "ctrl+t, +" in listed and "petition.add" in listed
        from textual.widgets import Static

        assert str(tmp_path / "keys.toml") in str(app.screen.query_one("#help-note", Static).content)  # where the file is
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"add a stop")
        await wait_for(pilot, lambda: "(n in the tour pane)" in screen_text(app), what="the palette's key")


async def test_a_list_screens_key_is_remapped_like_a_panes(store: CampaignStore, tmp_path: Path) -> None:
    """The speakers list (S) is in the same table: `speakers.add = "n"` opens its form with n,
    `?` shows n for it, and a stays a plain letter there."""
    from tui.screens.records import RecordListScreen

    app = app_with_keys(store, tmp_path, '[keys]\n"speakers.add" = "n"\n')
    async with app.run_test(size=(140, 44)) as pilot:
        assert not notifications(app)  # a known id: no complaint
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordListScreen), what="the speakers list")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, RecordListScreen)  # a no longer adds
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the speaker form")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordListScreen), what="the list again")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, RecordListScreen), what="the dashboard")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: "speakers.add" in help_text(app), what="the keys list")
        assert re.search(r"n\s+Add\s+speakers\.add", help_text(app)), help_text(app)
