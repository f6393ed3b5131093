"""A campaign of one's own, by keys: everything the demo shows can be made and edited in the app
(campaign, petition and milestones, delegation and its waitlist, speakers, targets and tweets,
templates), each a logged change that `u` undoes; and the question on a missing file."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.blank import blank_campaign
from store.db import CampaignStore
from store.models import Member
from tui.screens.confirm import ChoiceScreen, ConfirmScreen
from tui.screens.form import FormScreen
from tui.screens.records import RecordListScreen
from tui.screens.tweets import TweetScreen
from tui.start import NoCampaignApp, StartChoice

from .apphelpers import make_app, screen_text, settle, wait_for
from .conftest import put
from .test_app_tour import form_errors

BIG = (140, 44)


@pytest.fixture
def blank(db_path: Path) -> CampaignStore:
    store = CampaignStore(db_path)
    store.open(seed=lambda: blank_campaign("Fresno farmworkers", "en"))
    return store


async def open_form(app, pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*keys)
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the form")


async def save(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), what='the screen to close')
    assert not isinstance(app.screen, FormScreen), form_errors(app)
    await settle(app, pilot)


async def test_a_blank_campaign_says_where_to_start_in_every_pane(blank: CampaignStore) -> None:
    app = make_app(blank)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Fresno farmworkers" in text
        assert "No speakers yet: S lists them" in text
        assert "No stops yet: a adds one." in text  # the whole sentence, not cut to the Day column
        assert "No petition yet: e gives it a title and a goal." in text and "0 signatures, no goal set" in text
        assert "No delegation set up yet: D names it" in text
        assert "No targets yet: add who the letter and tweets are for" in text
        assert "Letter to the targets" in text  # the starter letter, in the campaign's language
        assert "Rivera" not in text and "El Salvador" not in text  # nothing from the demo


async def test_a_whole_campaign_built_by_keys_then_read_back(blank: CampaignStore) -> None:
    app = make_app(blank)
    async with app.run_test(size=BIG) as pilot:
        await open_form(app, pilot, "C")
        await pilot.press("ctrl+u", *"Fresno solidarity", "enter", *"Farmworkers and their unions", "enter", *"UFW", "enter")
        await pilot.press("ctrl+u", *"fr", "ctrl+s")
        await pilot.pause()
        assert "not a language this app writes in" in form_errors(app)["languages"]
        await pilot.press("ctrl+u", *"es, en")
        await save(app, pilot)

        await pilot.press("1", "S")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordListScreen), what="the speakers list")
        for name, org in (("Ana Pérez", "UFW"), ("Luis Mora", "SEIU")):
            await open_form(app, pilot, "a")
            await pilot.press(*name, "enter", *org)
            await save(app, pilot)
        assert "Ana Pérez" in screen_text(app) and "Luis Mora" in screen_text(app)
        await pilot.press("escape")
        for speaker, city, start, end in (
            ("Ana", "Fresno", "2027-03-01", "2027-03-02"),
            ("Ana", "Salinas", "2027-03-04", ""),
            ("Luis", "Oakland", "2027-03-01", ""),
        ):
            await open_form(app, pilot, "a")
            choice = next(s.id for s in app.campaign.speakers if s.name.startswith(speaker))
            await pilot.press("space")  # the speaker drop-down
            await pilot.pause()
            await pilot.press(*(["down"] * (1 + [s.id for s in app.campaign.speakers].index(choice))), "enter")
            await pilot.press("enter", *city, "enter", *start, "enter", *end)
            await save(app, pilot)

        await open_form(app, pilot, "2", "e")
        await pilot.press(*"Fair pay in the fields", "enter", *"https://example.org/sign", "enter", *"5000", "enter", *"2027-05-01")
        await save(app, pilot)
        await pilot.press("M")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordListScreen), what="the milestones list")
        for count, label in (("1000", "first thousand"), ("5000", "the goal")):
            await open_form(app, pilot, "a")
            await pilot.press(*count, "enter", *label)
            await save(app, pilot)
        await open_form(app, pilot, "a")
        await pilot.press(*"1,000", "enter", *"again", "ctrl+s")
        await pilot.pause()
        assert form_errors(app) == {"count": "there is already a milestone at 1,000"}
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="discard?")
        await pilot.press("y", "escape")

        await open_form(app, pilot, "3", "D")
        await pilot.press(*"May Day delegation", "enter", *"El Salvador", "enter", *"2027-04-27", "enter", *"2027-05-04", "enter", *"3")
        await save(app, pilot)

        await pilot.press("4", "R")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordListScreen), what="the targets list")
        await open_form(app, pilot, "a")
        await pilot.press(*"Rolando Castro", "enter", *"Minister of Labor", "enter", *"MTPS", "enter", *"comunicaciones@mtps.gob.sv")
        await pilot.press("enter", "enter", *"@trabajosv @RolandoCastroSV")  # enter passes the to/cc drop-down
        await save(app, pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TweetScreen), what="the tweet editor")
        await pilot.press(*"Ministro Castro: respete la libertad sindical")
        await wait_for(pilot, lambda: "/280" in screen_text(app), what="the live length")
        assert "73/280" in screen_text(app)  # the two handles the copy puts in front are counted
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "Rolando Castro" in text and "@trabajosv" in text

    # read back with the command line, as a script would
    from .clihelpers import ok

    info = ok("campaign", "show", "--json", db=blank.path).json()
    assert (info["name"], info["languages"]) == ("Fresno solidarity", ["es", "en"])
    assert [s["name"] for s in ok("speaker", "list", "--json", db=blank.path).json()] == ["Ana Pérez", "Luis Mora"]
    assert len(ok("tour", "list", "--json", db=blank.path).json()) == 3
    shown = ok("petition", "show", "--json", db=blank.path).json()
    assert (shown["title"], shown["goal"], [m["count"] for m in shown["milestones"]]) == ("Fair pay in the fields", 5000, [1000, 5000])
    assert ok("delegation", "show", "--json", db=blank.path).json()["capacity"] == 3
    (listed,) = ok("target", "list", "--json", db=blank.path).json()
    assert listed["handles"] == ["@trabajosv", "@RolandoCastroSV"] and listed["tweets"]["es"]["text"].startswith("Ministro Castro")

    campaign = blank.load()
    assert (campaign.info.name, campaign.info.summary, campaign.info.organization) == ("Fresno solidarity", "Farmworkers and their unions", "UFW")
    assert campaign.info.languages == ["es", "en"]
    assert [(s.name, s.organization) for s in campaign.speakers] == [("Ana Pérez", "UFW"), ("Luis Mora", "SEIU")]
    assert sorted((s.city, s.start.isoformat(), s.end.isoformat()) for s in campaign.stops) == [
        ("Fresno", "2027-03-01", "2027-03-02"),
        ("Oakland", "2027-03-01", "2027-03-01"),
        ("Salinas", "2027-03-04", "2027-03-04"),
    ]
    p = campaign.petition
    assert (p.title, p.url, p.goal, p.deadline.isoformat()) == ("Fair pay in the fields", "https://example.org/sign", 5000, "2027-05-01")
    assert [(m.count, m.label) for m in p.milestones] == [(1000, "first thousand"), (5000, "the goal")]
    d = campaign.delegation
    assert (d.name, d.destination, d.capacity) == ("May Day delegation", "El Salvador", 3)
    (target,) = campaign.targets
    assert (target.role, target.organization, target.emails, target.handles) == (
        "Minister of Labor", "MTPS", ["comunicaciones@mtps.gob.sv"], ["@trabajosv", "@RolandoCastroSV"]
    )
    assert target.tweets == {"es": "Ministro Castro: respete la libertad sindical"}
    summaries = [e.change.summary for e in blank.log()]
    assert "added the speaker Ana Pérez" in summaries and "added the milestone 1,000" in summaries


async def test_the_goal_milestone_follows_the_goal(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await open_form(app, pilot, "2", "e")
        await pilot.press("enter", "enter", "ctrl+u", *"2500")
        await save(app, pilot)
        assert "○ 2,500 the goal, in time for the May Day delegation" in screen_text(app)
    assert [m.count for m in store.load().petition.milestones] == [1000, 2500]


async def test_milestones_edited_and_removed_and_undone(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("2", "M")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordListScreen), what="the milestones list")
        await open_form(app, pilot, "e")  # the first: 1,000
        await pilot.press("enter", "ctrl+u", *"[b]delivered[/b] to the embassy")
        await save(app, pilot)
        assert "[b]delivered[/b] to the embassy" in screen_text(app)  # markup shown as typed
        await pilot.press("down", "d")
        await settle(app, pilot)
        assert [m.count for m in store.load().petition.milestones] == [1000]
        await pilot.press("u")
        await settle(app, pilot)
    assert [m.label for m in store.load().petition.milestones] == ["[b]delivered[/b] to the embassy", "the goal, in time for the May Day delegation"]


async def test_removing_a_speaker_asks_names_their_stops_and_u_brings_all_back(store: CampaignStore) -> None:
    before = store.load()
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordListScreen), what="the speakers list")
        assert "7 stops" in screen_text(app) or "stops" in screen_text(app)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        jaime = before.speakers[0]
        stops = [s for s in before.stops if s.speaker_id == jaime.id]
        assert f"Their {len(stops)} stops go too" in screen_text(app)
        await pilot.press("y")
        await settle(app, pilot)
        after = store.load()
        assert jaime.id not in {s.id for s in after.speakers}
        assert not [s for s in after.stops if s.speaker_id == jaime.id]
        assert "Jaime Rivera" not in screen_text(app)  # the list follows
        await pilot.press("u")
        await settle(app, pilot)
    restored = store.load()
    # (restored at the end of the list: the order of records is not part of a change yet)
    assert sorted(restored.speakers, key=lambda s: s.id) == sorted(before.speakers, key=lambda s: s.id) and sorted(s.id for s in restored.stops) == sorted(s.id for s in before.stops)


async def test_targets_added_reordered_removed_and_a_long_tweet_shown_over(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "R")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordListScreen), what="the targets list")
        await open_form(app, pilot, "a")
        await pilot.press(*"Rolando Castro", "ctrl+s")
        await pilot.pause()
        assert form_errors(app) == {"name": "there is already a target called 'Rolando Castro'"}
        await pilot.press("ctrl+u", *"Ana [/]", "enter", "enter", "enter", *"not-an-email", "enter", "enter", *"@bad-handle!", "ctrl+s")
        await pilot.pause()
        errors = form_errors(app)
        assert "does not look like an email" in errors["emails"] and "is not an X handle" in errors["handles"]
        await pilot.press("enter")  # from the handles back round is not needed: fix the fields in place
        app.screen.query_one("#input-emails").value = "ana@example.org"
        app.screen.query_one("#input-handles").value = "@ana_p"
        await save(app, pilot)
        names = [t.name for t in store.load().targets]
        assert names[-1] == "Ana [/]"
        await pilot.press("K")  # move the new (last, highlighted) target up one
        await settle(app, pilot)
        assert [t.name for t in store.load().targets][-2] == "Ana [/]"
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TweetScreen), what="the tweet editor")
        await pilot.press(*("x" * 290))
        await wait_for(pilot, lambda: "over, X will refuse it" in screen_text(app), what="the over-limit length")
        await pilot.press("ctrl+s")  # kept: shown as over, never cut
        await settle(app, pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="the question")
        await pilot.press("y")
        await settle(app, pilot)
        assert "Ana [/]" not in [t.name for t in store.load().targets]
        await pilot.press("u")
        await settle(app, pilot)
    targets = store.load().targets
    ana = next(t for t in targets if t.name == "Ana [/]")
    assert targets.index(ana) == len(targets) - 2 and len(ana.tweets["es"]) == 290


async def test_templates_renamed_copied_to_the_other_language_and_removed(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("4", "L")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordListScreen), what="the templates list")
        await open_form(app, pilot, "r")
        await pilot.press("ctrl+u", *"STISSS letter")
        await save(app, pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), what="which way")
        await pilot.press("s")  # Spanish over English
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="overwrite?")
        await pilot.press("y")
        await settle(app, pilot)
        template = store.load().letters[0]
        assert template.name == "STISSS letter" and template.bodies["en"] == template.bodies["es"]
        await pilot.press("u")  # the copy undone
        await settle(app, pilot)
        assert store.load().letters[0].bodies["en"] != store.load().letters[0].bodies["es"]
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="remove?")
        await pilot.press("y")
        await settle(app, pilot)
        assert store.load().letters == []
        assert "No templates yet" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "No letter template in this campaign" in screen_text(app)


async def test_past_capacity_the_organizer_is_asked_and_the_waitlist_keeps_its_order(store: CampaignStore) -> None:
    from dataclasses import replace

    campaign = store.load()
    people = [Member(name, email=f"{name.lower()}@example.org", status=status) for name, status in
              (("Ana", "accepted"), ("Beto", "applied"), ("Carla", "applied"))]
    put(store, replace(campaign.delegation, capacity=1), *people)
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert "full: its one seat is taken" in screen_text(app)
        for name in ("Beto", "Carla"):
            await pilot.press("slash", *name, "enter")
            await pilot.press("greater_than_sign")  # applied -> accepted: no seat left
            await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), what="the seat question")
            assert "The delegation is full: 1 of 1 seats taken." in screen_text(app)
            await pilot.press("w")
            await settle(app, pilot)
            await pilot.press("slash", "ctrl+u", "escape")
        assert "2 on the waitlist (first: Beto)" in screen_text(app)
        await pilot.press("slash", *"Carla", "enter", "greater_than_sign")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen), what="the seat question")
        await pilot.press("a")  # accepted anyway, over capacity, on purpose
        await settle(app, pilot)
        assert "over capacity by 1" in screen_text(app)
    statuses = {m.name: m.status for m in store.load().members}
    assert statuses == {"Ana": "accepted", "Beto": "waitlist", "Carla": "accepted"}
    assert store.load().members[1].waitlisted  # the time Beto joined the waitlist


async def test_the_palette_finds_capacity_and_the_other_new_edits(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        for query, wanted in (("capacity", "Delegation: name, dates, capacity"), ("milestone", "Petition: milestones"),
                              ("targets", "Letter: targets"), ("campaign name", "Campaign: name")):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*query)
            await wait_for(pilot, lambda: wanted in screen_text(app), what=f"{wanted!r} in the palette")
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+p", *"capacity")
        await wait_for(pilot, lambda: "Delegation: name, dates, capacity" in screen_text(app), what="the entry")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the delegation form")
        assert app.screen.query_one("#input-name").value == "May Day Labor Solidarity Delegation to El Salvador"


async def test_bad_values_in_each_new_form_change_nothing(store: CampaignStore) -> None:
    before = store.path.read_bytes()
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        for keys, typed, wanted in (
            (("C",), {"name": "", "languages": "fr"}, {"name", "languages"}),
            (("2", "e"), {"title": "", "url": "ftp://x", "goal": "lots", "deadline": "soon"}, {"title", "url", "goal", "deadline"}),
            (("3", "D"), {"name": "", "start": "2013-05-04", "end": "2013-04-27", "capacity": "-3"}, {"name", "end", "capacity"}),
        ):
            await open_form(app, pilot, *keys)
            for field, value in typed.items():
                app.screen.query_one(f"#input-{field}").value = value
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert set(form_errors(app)) == wanted, form_errors(app)
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="discard?")
            await pilot.press("y")
            await pilot.pause()
        await settle(app, pilot)
    assert store.path.read_bytes() == before


async def test_enter_on_a_drop_down_moves_on_and_typed_text_lands_in_the_next_field(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await open_form(app, pilot, "3", "a")
        await pilot.press(*"Enter Only", "enter", *"UFW", "enter", "enter", *"Fresno", "enter", *"e@x.org")
        values = app.screen.values()
        assert (values["name"], values["organization"], values["city"], values["email"]) == ("Enter Only", "UFW", "Fresno", "e@x.org")


@pytest.mark.parametrize(
    ("keys", "wanted"),
    [
        (["d"], StartChoice("demo")),
        (["q"], StartChoice("quit")),
        (["n", "enter", *"Fresno [b]solidarity[/b]", "enter"], StartChoice("new", "Fresno [b]solidarity[/b]", "en")),
        (["n", "escape", "escape"], StartChoice("quit")),
    ],
)
async def test_the_question_on_a_missing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keys: list[str], wanted: StartChoice
) -> None:
    monkeypatch.chdir(tmp_path)
    app = NoCampaignApp(Path("typo.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "No campaign at typo.json" in text and "n  start a new blank campaign" in text, text
        await wait_for(pilot, lambda: "n New blank campaign" in screen_text(app), what="the keys in the footer")
        await pilot.press(*keys)
        await pilot.pause()
    assert app.return_value == wanted
    assert not (tmp_path / "typo.json").exists()


def burst(app, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Send keys the way a terminal delivers a paste or a fast typist: all queued at once, none
    handled before the next arrives (Pilot's press waits between keys, so it cannot show this)."""
    from textual import events

    for key in keys:
        character = key if len(key) == 1 else ("\r" if key == "enter" else None)
        app.post_message(events.Key(key, character))


async def test_a_burst_of_keys_lands_in_the_fields_a_slow_typist_would_reach(store: CampaignStore) -> None:
    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await open_form(app, pilot, "3", "a")
        # the repro from the issue: Enter on the Role drop-down, then city and email, then save
        burst(app, [*"Enter Only", "enter", *"UFW", "enter", "enter", *"Fresno", "enter", *"e@x.org", "ctrl+s"])
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), what="the form to save")
        await settle(app, pilot)
    (member,) = store.load().members
    assert (member.name, member.organization, member.city, member.email) == ("Enter Only", "UFW", "Fresno", "e@x.org")


async def test_an_open_list_follows_what_another_process_writes(store: CampaignStore) -> None:
    """The speakers list stays true while a script adds a speaker to the same file."""
    from .clihelpers import ok

    app = make_app(store)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordListScreen), what="the speakers list")
        ok("speaker", "add", "Rosa [b]Díaz[/b]", "--organization", "UFW", db=store.path)
        await wait_for(pilot, lambda: "Rosa [b]Díaz[/b]" in screen_text(app), timeout=5, what="the new speaker in the open list")
        assert isinstance(app.screen, RecordListScreen)
