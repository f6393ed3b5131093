"""Spanish runs longer than English: the same screens in both languages, and nothing cut in
Spanish that the English one shows whole (a cell, a line or a title ending in "…", a table wider
than its pane). The footer is left out: it is cut in both, by design, and `?` lists every key."""

from __future__ import annotations

import pytest
from widgets.agenda_table import AgendaTable

from store import i18n
from store.db import CampaignStore
from widgets.letter import LetterPane
from widgets.roster_table import RosterTable

from .apphelpers import make_app, screen_text, wait_for

SCREENS = [((80, 24), key) for key in ("1", "2", "3", "4")] + [((160, 48), ""), ((80, 24), "v"), ((80, 24), "g")]


async def shown(store: CampaignStore, lang: str, size: tuple[int, int], key: str) -> tuple[list[str], dict[str, int]]:
    """The screen's lines (the footer left out), and how many columns each table runs past its
    place (a table's last column ends in a blank cell padding: English may pass by that one)."""
    i18n.set_language(lang)
    try:
        app = make_app(store)
        async with app.run_test(size=size) as pilot:
            # at 80x24 the letter pane is built after the first frame (DashboardScreen._build_rest)
            def counted() -> bool:
                letters = app.dashboard.query(LetterPane)
                return bool(letters) and bool(letters.first().tweet_lengths)

            await wait_for(pilot, counted, what="the tweets' lengths")
            if key:
                await pilot.press(key)
            await pilot.pause()
            past = {
                str(table.id): table.virtual_size.width - table.scrollable_content_region.width
                for table in [*app.screen.query(AgendaTable), *app.screen.query(RosterTable)]
                if table.display and table.region.width
            }
            return screen_text(app).splitlines()[:-1], past
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize(("size", "key"), SCREENS, ids=[f"{w}x{h}-{k or 'all'}" for (w, h), k in SCREENS])
async def test_spanish_cuts_nothing_that_english_shows(store: CampaignStore, size: tuple[int, int], key: str) -> None:
    english, english_past = await shown(store, "en", size, key)
    spanish, spanish_past = await shown(store, "es", size, key)
    for table, past in spanish_past.items():
        assert past <= max(english_past.get(table, 0), 0), (table, english_past, spanish_past)
    cut_english = sum(line.count("…") for line in english)
    cut_spanish = [line for line in spanish if "…" in line]
    assert sum(line.count("…") for line in spanish) <= cut_english, "\n".join(cut_spanish)
