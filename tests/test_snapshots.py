"""What the screen shows, as SVG snapshots (update with: pytest --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.db import CampaignStore

from .apphelpers import make_app


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the background work that fills the screen (the tweets' lengths, counted off the UI
    thread a moment after start) finish first."""
    from widgets.letter import LetterPane

    from .apphelpers import wait_for

    def counted() -> bool:
        letters = pilot.app.dashboard.query(LetterPane)
        return bool(letters) and (bool(letters.first().tweet_lengths) or not letters.first().targets)

    await wait_for(pilot, counted, what="the tweets' lengths")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (160, 48), (200, 60)], ids=["60x20", "80x24", "160x48", "200x60"])
def test_dashboard(snap_compare, store: CampaignStore, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(store), terminal_size=size, run_before=settle)


def test_letter_pane_small(snap_compare, store: CampaignStore) -> None:
    assert snap_compare(make_app(store), terminal_size=(80, 24), press=["4"], run_before=settle)


@pytest.mark.parametrize("lang_keys", [[], ["l"]], ids=["es", "en"])
def test_letter_pane_filled(snap_compare, store: CampaignStore, lang_keys: list[str]) -> None:
    keys = ["4", "f", "enter", *"512", "enter", *"SEIU Local 1000", "enter", *"Ana Pérez", "enter", *"Presidenta", "enter", *lang_keys, "z"]
    assert snap_compare(make_app(store), terminal_size=(100, 40), press=keys, run_before=settle)


def test_keys_help(snap_compare, store: CampaignStore) -> None:
    # a fixed keymap path: `?` shows it, and a temp folder's name differs at every run
    app = make_app(store, keymap_file=Path("/home/organizer/.config/campaign-dash/keys.toml"))
    assert snap_compare(app, terminal_size=(80, 24), press=["?"])


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_tour_month(snap_compare, store: CampaignStore, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(store), terminal_size=size, press=["v", "right", "right", "enter"])


def test_tour_agenda_by_speaker(snap_compare, store: CampaignStore) -> None:
    assert snap_compare(make_app(store), terminal_size=(80, 24), press=["g"])


def test_stop_form_with_errors(snap_compare, store: CampaignStore) -> None:
    assert snap_compare(make_app(store), terminal_size=(80, 24), press=["a", "ctrl+s"])


def test_petition_pane_small(snap_compare, store: CampaignStore) -> None:
    assert snap_compare(make_app(store), terminal_size=(80, 24), press=["2"])


def test_roster_pane_small_roster(snap_compare, db_path) -> None:  # type: ignore[no-untyped-def]
    from .test_app_roster import PEOPLE, store_with

    assert snap_compare(make_app(store_with(db_path, PEOPLE)), terminal_size=(80, 24), press=["3"])


# --- each pane at the sizes an organizer uses: 60x20 (a phone over ssh) to 200x60 ----------

SMALL_AND_LARGE = pytest.mark.parametrize("size", [(60, 20), (200, 60)], ids=["60x20", "200x60"])


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
def test_tour_month_follows_the_cursor_to_the_next_month(snap_compare, store: CampaignStore, size: tuple[int, int]) -> None:
    """After pgdn the day text under the grid is the cursor's day in March, not 6 February."""
    assert snap_compare(make_app(store), terminal_size=size, run_before=settle, press=["v", "pagedown"])


def test_tour_agenda_at_60_columns(snap_compare, store: CampaignStore) -> None:
    """The today/next lines and the When column stay; the Stop column gives way."""
    assert snap_compare(make_app(store), terminal_size=(60, 20), run_before=settle, press=["1"])


@SMALL_AND_LARGE
def test_petition_pane_sizes(snap_compare, store: CampaignStore, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(store), terminal_size=size, run_before=settle, press=["2"])


@pytest.mark.parametrize("size", [(60, 20), (160, 48), (200, 60)], ids=["60x20", "160x48", "200x60"])
def test_roster_pane_sizes(snap_compare, db_path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Emails shown at every width (no empty Notes column taking their place)."""
    from .test_app_roster import PEOPLE, store_with

    assert snap_compare(make_app(store_with(db_path, PEOPLE)), terminal_size=size, run_before=settle, press=["3"])


@SMALL_AND_LARGE
def test_letter_pane_sizes(snap_compare, store: CampaignStore, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(store), terminal_size=size, run_before=settle, press=["4"])


def test_speaker_form(snap_compare, store: CampaignStore) -> None:
    """Each label apart from its value ("Organization  FESTRASPES", not run together)."""
    assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=settle, press=["s"])


# --- the interface in Spanish (issue 16): the same screens, nothing cut that English shows -----


@pytest.fixture
def spanish():  # type: ignore[no-untyped-def]
    from store import i18n

    i18n.set_language("es")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_dashboard_in_spanish(snap_compare, store: CampaignStore, spanish, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("pane", ["2", "3", "4"], ids=["petition", "roster", "letter"])
def test_each_pane_in_spanish_at_80x24(snap_compare, store: CampaignStore, spanish, pane: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=(80, 24), press=[pane], run_before=settle)
