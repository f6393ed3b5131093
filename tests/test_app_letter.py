"""The letter pane by keyboard: copy with confirmation, recipients, tweets, PDF, templates."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pypdf
from textual.widgets import Input, TextArea

from store.changes import change, update_op
from store.db import CampaignStore
from tui.screens.confirm import ConfirmScreen
from tui.screens.template_editor import TemplateEditorScreen
from widgets.letter import LetterPane
from widgets.letter_fields import FieldsView

from .apphelpers import make_app, notifications, screen_text, settle, wait_for

BIG = (160, 48)
FILL = ["enter", *"512", "enter", *"SEIU Local 1000", "enter", *"Ana Pérez", "enter", *"Presidenta", "enter"]


async def test_copy_with_blanks_asks_and_n_copies_nothing(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what='the screen to open')
        await pilot.press("n")
        await settle(app, pilot)
        assert app.clipboard == "" and notifications(app) == []
        await pilot.press("f", *FILL, "c")  # all filled: no question
        await settle(app, pilot)
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen), what='the screen to close')
        assert app.clipboard.startswith("6 de febrero de 2013") and "Ana Pérez\nPresidenta" in app.clipboard


async def test_m_copies_the_four_addresses_and_t_the_tweet(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "m")
        await settle(app, pilot)
        assert app.clipboard == "comunicaciones@mtps.gob.sv, contacto@presidencia.gob.sv, comunicaciones@isss.gob.sv, comunicaciones@pddh.gob.sv"
        await wait_for(pilot, lambda: "Tweet 224/280" in screen_text(app), what="the tweet's length")
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.pause()
        assert app.clipboard.startswith("@trabajosv @RolandoCastroSV Ministro Castro:")
        assert "Tweet for Rolando Castro (224/280)" in notifications(app)[-1]
        await wait_for(pilot, lambda: "Tweet 224/280" in screen_text(app), what="the tweet's length")
        await pilot.press("w")
        await settle(app, pilot)
        assert app.clipboard.startswith("https://x.com/intent/post?text=%40trabajosv%20%40RolandoCastroSV%20Ministro")


async def test_a_tweet_changed_while_the_dashboard_is_open_is_weighed_and_shown(store: CampaignStore) -> None:
    """A tweet edited elsewhere (here another process's change to the file) comes with its new
    length, not a "(counting…)" that never ends; the lengths are counted off the UI thread."""
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await wait_for(pilot, lambda: "Tweet 224/280" in screen_text(app), what="the tweet's length")
        minister = store.load().targets[0]
        longer = replace(minister, tweets={**minister.tweets, "es": minister.tweets["es"] + " ¡Ya!"})
        CampaignStore(store.path).apply(change("a longer tweet", [update_op(minister, longer)]))
        await wait_for(pilot, lambda: "Tweet 229/280" in screen_text(app), what=lambda: "the new length, not: " + screen_text(app)[-400:])
        assert "counting" not in screen_text(app)


async def test_t_before_the_tweet_is_weighed_copies_at_once_and_says_later_if_it_is_too_long(store: CampaignStore, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # twitter-text takes ~0.3 s to load: a t pressed before the tweets are weighed copies at once
    # (never counts in the key handler) and the length follows from the worker.
    from store.tweets import LIMIT, tweet_text, weighted_length

    monkeypatch.setattr(LetterPane, "WEIGH_AFTER_S", 3600)  # weighed only when t asks
    minister = store.load().targets[0]
    longer = replace(minister, tweets={**minister.tweets, "es": minister.tweets["es"] + " ¡Ya!" * 20})
    store.apply(change("a long tweet", [update_op(minister, longer)]))
    long_tweet = tweet_text(longer, "es")  # with the target's handles in front
    length = weighted_length(long_tweet)
    assert length > LIMIT
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "t")
        await wait_for(pilot, lambda: app.clipboard == long_tweet, what=lambda: f"the tweet copied, not {app.clipboard!r} {notifications(app)}")
        assert any("its length is being counted" in n for n in notifications(app))
        await wait_for(pilot, lambda: f"Tweet {length}/{LIMIT}" in screen_text(app), what="its length shown")
        await wait_for(pilot, lambda: any(f"you copied is {length}/{LIMIT}" in n for n in notifications(app)), what="the warning")


async def test_capital_t_steps_through_every_target(store: CampaignStore) -> None:
    app = make_app(store)
    copied = []
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "l")  # in English
        for _ in range(4):
            await pilot.press("T")
            await settle(app, pilot)
            copied.append(app.clipboard)
            # the pane shows the tweet just copied, and one notice says so (not four piled up)
            assert app.clipboard.split(":")[0] in " ".join(screen_text(app).split())
        assert len([n for n in notifications(app) if n.startswith("Tweet for")]) == 4
    assert [c.split(":")[0] for c in copied] == [
        "@trabajosv @RolandoCastroSV Minister Castro",
        "@PresidenciaSV President Bukele",
        "To the ISSS Director, Dr. Herbert Rivera Alemán",
        "Human Rights Ombudsman of El Salvador",
    ]


async def test_p_writes_a_pdf(store: CampaignStore, tmp_path: Path) -> None:
    app = make_app(store)
    out = tmp_path / "carta.pdf"
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "f", *FILL, "x", "ctrl+u", *str(out), "enter")
        await settle(app, pilot)
        await pilot.pause()
        assert f"Wrote the letter to {out}." in notifications(app)
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "SEIU Local 1000" in text and "Previsión" in text and "Méndez" in text


async def test_the_blanks_are_one_view_until_one_is_edited_and_a_click_edits_that_one(store: CampaignStore) -> None:
    # Drawn as one widget for a quicker first frame (the same cells as the Inputs: the snapshots
    # are unchanged); the Inputs are built when a blank is edited, here by a click on one.
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        pane = app.dashboard.query_one(LetterPane)
        assert pane.query(FieldsView) and not pane.query(".letter-field")
        assert "date       fecha (blank: today)" in screen_text(app)
        await pilot.press("4", "l")  # the hints follow the letter's language, as the Inputs' would
        await wait_for(pilot, lambda: "date       date (blank: today)" in screen_text(app), what="the English hints")
        view = pane.query_one(FieldsView)
        await pilot.click(FieldsView, offset=(view.size.width // 2 + 4, 0))  # on "number", the second blank
        await wait_for(pilot, lambda: isinstance(app.focused, Input), what="a blank's Input focused")
        assert app.focused.id == "field-members" and not pane.query(FieldsView)
        await pilot.press(*"77")
        await wait_for(pilot, lambda: "number 77" in screen_text(app), what="the blank typed into")
        assert "On the part of the 77 members" in pane.filled().text


async def test_template_editor_checks_then_saves_and_n_switches(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "a")
        await wait_for(pilot, lambda: isinstance(app.screen, TemplateEditorScreen), what='the screen to open')
        editor = app.screen.query_one(TextArea)
        editor.text = "Estimado {minister,\n{{firma}}"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TemplateEditorScreen), what='the screen to open')
        errors = {w.id: str(w.content) for w in app.screen.query(".form-error") if w.display}
        assert "a lone '{'" in errors["error-body"] and "needs a name" in errors["error-name"]
        editor.text = "Estimado {minister}:\nSaludos, {union}. {{firma}}"
        app.screen.query_one("#template-name").value = "Nota breve"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, TemplateEditorScreen), what='the screen to close')
        await pilot.press("n")
        await pilot.pause()
        pane = app.dashboard.query_one(LetterPane)
        assert pane.template.name == "Nota breve"
        assert "Estimado [minister]:" in screen_text(app) and "{firma}" in screen_text(app)
        assert "minister" in screen_text(app) and "union" in screen_text(app)  # its blanks, not the first's
        await pilot.press("f")
        assert [i.id for i in pane.query(".letter-field")] == ["field-minister", "field-union"]
        await settle(app, pilot)
    names = [t.name for t in store.load().letters]
    assert names == ["STISSS: letter to the Minister of Labor (2019)", "Nota breve"]


async def test_editing_escape_asks_before_discarding(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "e")
        await pilot.pause()
        app.screen.query_one(TextArea).text = "changed"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what='the screen to open')
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, (ConfirmScreen, TemplateEditorScreen)), what='the screen to close')
    assert store.load().letters[0].bodies["es"].startswith("{date}\n\nSeñor Ingeniero")


async def test_the_letter_filled_in_one_burst_puts_each_value_in_its_own_blank(store: CampaignStore) -> None:
    from .apphelpers import wait_for
    from .test_app_setup import burst

    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("4", "f")
        await pilot.pause()
        # enter past the date (blank: today), then three blanks, all queued at once
        burst(app, ["enter", *"512", "enter", *"SEIU Local 1000", "enter", *"Ana Pérez", "enter"])
        await wait_for(pilot, lambda: store.load().letters[0].values.get("signer_name") == "Ana Pérez", what="the blanks saved")
        await settle(app, pilot)
    values = store.load().letters[0].values
    assert (values["members"], values["union"], values["signer_name"]) == ("512", "SEIU Local 1000", "Ana Pérez")
