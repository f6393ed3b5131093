"""The interface's language (store/i18n.py): gettext catalogs made with Babel's tools, checked
for staleness and completeness; `--lang es` and $CAMPAIGN_DASH_LANG; Spanish dates and numbers
from CLDR; `status` in Spanish with no English word of ours left."""

from __future__ import annotations

import gettext
import re
import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from store import i18n
from store.dates import long_date, relative_day, span
from store.db import CampaignStore

from .clihelpers import cli as run

REPO = Path(__file__).resolve().parents[1]
LOCALE = REPO / "store" / "locale"
UPDATE = (
    "pybabel extract -F store/locale/babel.cfg -k N_ -k NP_:1,2 --no-location --sort-output -o store/locale/campaign_dash.pot "
    "store tui widgets && pybabel update -i store/locale/campaign_dash.pot -d store/locale -D campaign_dash --ignore-obsolete"
)


def read_catalog(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as f:
        return read_po(f)


def message_ids(catalog) -> set:  # type: ignore[no-untyped-def]
    return {m.id for m in catalog if m.id}


@pytest.fixture
def spanish():  # type: ignore[no-untyped-def]
    i18n.set_language("es")
    yield
    i18n.set_language("en")


def test_the_template_holds_exactly_the_strings_marked_in_the_code() -> None:
    """A string marked (or unmarked) since the last extraction fails here, with the command."""
    extracted = set()
    for package in ("store", "tui", "widgets"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            REPO / package, method_map=[("**.py", "python")], keywords={"_": None, "N_": None, "NP_": (1, 2), "ngettext": (1, 2)}
        ):
            extracted.add(message if isinstance(message, str) else tuple(message))
    assert extracted == message_ids(read_catalog(LOCALE / "campaign_dash.pot")), f"run: {UPDATE}"


def test_the_spanish_catalog_is_complete_current_and_compiled() -> None:
    po = read_catalog(LOCALE / "es" / "LC_MESSAGES" / "campaign_dash.po")
    assert message_ids(po) == message_ids(read_catalog(LOCALE / "campaign_dash.pot")), f"run: {UPDATE}"
    fields = string.Formatter()
    for message in po:
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"not translated: {message.id!r}"
        wanted = {name for text in ids for _, name, _, _ in fields.parse(text) if name}
        for form, text in enumerate(strings):  # every {placeholder} kept, none invented
            source = ids[min(form, len(ids) - 1)]  # a plural form keeps its own source form's (click's differ)
            kept = {name for _, name, _, _ in fields.parse(source) if name}
            assert {name for _, name, _, _ in fields.parse(text) if name} <= wanted | {"n"}, (message.id, text)
            assert kept - {"n"} <= {name for _, name, _, _ in fields.parse(text) if name}, (message.id, text)
    compiled = gettext.GNUTranslations((LOCALE / "es" / "LC_MESSAGES" / "campaign_dash.mo").open("rb"))
    for message in po:  # the .mo shipped says what the .po says (run pybabel compile after editing)
        if message.id and isinstance(message.id, str):
            assert compiled.gettext(message.id) == message.string, f"run: pybabel compile -d store/locale -D campaign_dash ({message.id!r})"
        elif message.id:
            assert compiled.ngettext(message.id[0], message.id[1], 2) == message.string[1]


def test_spanish_dates_and_numbers_come_from_cldr(spanish) -> None:  # type: ignore[no-untyped-def]
    day = date(2013, 2, 6)
    assert long_date(day) == "miércoles 6 de febrero de 2013"
    assert relative_day(date(2013, 2, 8), day) == "dentro de 2 días"
    assert relative_day(date(2013, 2, 3), day) == "hace 3 días"
    assert relative_day(date(2013, 2, 7), day) == "mañana"
    assert span(day, date(2013, 2, 7)) == "6–7 feb"
    assert span(date(2013, 2, 28), date(2013, 3, 2)) == "28 feb\u2009–\u20092 mar"  # CLDR thin spaces
    assert span(day, date(2013, 2, 7), with_year=True) == "6–7 feb 2013"
    assert i18n.number(12345) == "12,345"  # El Salvador groups with a comma
    assert i18n.number(12.5, 1) == "12.5"


def test_a_status_count_agrees_with_its_number(spanish) -> None:  # type: ignore[no-untyped-def]
    from store.roster import status_count

    assert [status_count("confirmed", n) for n in (1, 2)] == ["1 confirmada", "2 confirmadas"]
    assert [status_count("inquiry", n) for n in (1, 3)] == ["1 consulta", "3 consultas"]
    assert status_count("waitlist", 2) == "2 en espera" and status_count("on-hold", 2) == "2 on-hold"  # a newer version's status: as stored
    i18n.set_language("en")
    assert [status_count("inquiry", n) for n in (1, 3)] == ["1 inquiry", "3 inquiries"]
    assert status_count("confirmed", 1_000) == "1,000 confirmed"


def test_english_is_the_text_as_written() -> None:
    day = date(2013, 2, 6)
    assert (long_date(day), span(day, date(2013, 2, 7)), relative_day(date(2013, 2, 8), day)) == ("Wed 6 Feb 2013", "6-7 Feb", "in 2 days")


def test_status_in_spanish_has_no_english_word_of_ours(store: CampaignStore) -> None:
    english = run("status", "--db", str(store.path), "--today", "2013-02-06").stdout
    result = run("--lang", "es", "status", "--db", str(store.path), "--today", "2013-02-06")
    spanish = result.stdout
    assert result.code == 0
    assert spanish.splitlines()[0].endswith("al miércoles 6 de febrero de 2013")
    for words in ("GIRA: 2 oradores, 10 paradas", "hoy en New York City", "dentro de 2 días", "PETICIÓN:", "faltan 1,000",
                  "fecha límite sábado 27 de abril de 2013: quedan 80 días", "DELEGACIÓN:", "sin capacidad fijada", "CARTAS:"):
        assert words in spanish, words
    # what is left once the campaign's own text (names, titles, labels: data, in its language) is taken out
    campaign = store.load()
    data = [campaign.info.name, campaign.petition.title, campaign.delegation.name, *(m.label for m in campaign.petition.milestones),
            *(t.name for t in campaign.letters), *(s.name for s in campaign.speakers), *(s.organization for s in campaign.speakers),
            *(s.city for s in campaign.stops)]
    left = spanish
    for text in sorted(data, key=len, reverse=True):
        left = left.replace(text, " ")
    ours = {w.lower() for m in message_ids(read_catalog(LOCALE / "campaign_dash.pot")) for text in ([m] if isinstance(m, str) else m)
            for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}|campaign-dash [a-z]+ [a-z]+|--[a-z-]+", " ", text))}
    spanish_too = {w.lower() for m in read_catalog(LOCALE / "es" / "LC_MESSAGES" / "campaign_dash.po") if m.id
                   for text in ([m.string] if isinstance(m.string, str) else m.string) for w in re.findall(r"[A-Za-z]{3,}", text)}
    from babel import Locale

    cldr = Locale.parse("es_SV")  # "may", "mar": Spanish month names that are English words too
    spanish_too |= {w.lower() for names in (cldr.months["format"]["abbreviated"], cldr.months["format"]["wide"],
                                            cldr.days["format"]["abbreviated"], cldr.days["format"]["wide"])
                    for name in names.values() for w in re.findall(r"[A-Za-z]{3,}", name)}
    english_left = {w for w in re.findall(r"[A-Za-z]{3,}", left) if w.lower() in ours - spanish_too}
    assert not english_left, (english_left, left)
    assert english.splitlines()[0].endswith("as of Wed 6 Feb 2013")  # and English stays English


def test_the_language_comes_from_the_environment_and_a_wrong_one_is_refused(store: CampaignStore, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(i18n.ENV_LANG, "es_SV.UTF-8")
    assert "GIRA:" in run("status", "--db", str(store.path), "--today", "2013-02-06").stdout
    monkeypatch.setenv(i18n.ENV_LANG, "fr")
    refused = run("status", "--db", str(store.path))
    assert refused.code == 2 and "no interface in 'fr'" in refused.stderr
    monkeypatch.delenv(i18n.ENV_LANG)
    refused = run("--lang", "de", "status", "--db", str(store.path))
    assert refused.code == 2 and "campaign-dash speaks en and es" in refused.stderr


async def test_a_form_in_spanish_shows_its_errors_in_spanish(store: CampaignStore, spanish) -> None:  # type: ignore[no-untyped-def]
    """The person form with `--lang es`: Spanish labels and drop-down words; a bad save names
    each problem in Spanish; the statuses are still stored as the same words."""
    from tui.screens.form import FormScreen

    from .apphelpers import make_app, screen_text, wait_for
    from .test_app_tour import form_errors

    app = make_app(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("3", "a")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen.focused is not None, what="the form")
        text = screen_text(app)
        assert "Agregar a la lista" in text and "Sindicato" in text and "consulta" in text, text
        await pilot.press("enter", "enter", "enter", "enter", *"no-es-correo", "ctrl+s")
        await wait_for(pilot, lambda: form_errors(app), what="the errors")
        errors = form_errors(app)
        assert errors == {"name": "falta un nombre", "email": "'no-es-correo' no parece una dirección de correo (nombre@ejemplo.org)"}
        await pilot.press("escape")
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, FormScreen), what="the form to close")


async def search_the_palette(app, pilot, query: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    """Open the command palette, type `query`, and wait for `shown` among what it offers."""
    from textual.command import CommandPalette

    from .apphelpers import screen_text, wait_for

    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    await pilot.press(*query)
    await wait_for(pilot, lambda: shown in screen_text(app), what=lambda: screen_text(app))


@pytest.mark.parametrize("query", ["sumar firmas", "add signatures"])
async def test_the_palette_finds_a_command_by_its_spanish_or_its_english_name(store: CampaignStore, spanish, query: str) -> None:  # type: ignore[no-untyped-def]
    from tui.screens.form import FormScreen

    from .apphelpers import make_app, screen_text, wait_for

    app = make_app(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await search_the_palette(app, pilot, query, "Petición: sumar firmas")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), what="the tally form")
        assert "Sumar firmas" in screen_text(app)


async def test_the_keys_list_in_spanish(store: CampaignStore, spanish) -> None:  # type: ignore[no-untyped-def]
    from .apphelpers import help_text, make_app, wait_for

    app = make_app(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: "roster.add" in help_text(app), what="the keys list")
        text = help_text(app)
        assert re.search(r"a\s+Agregar\s+roster\.add", text) and re.search(r"u\s+Deshacer\s+tour\.undo", text), text


async def test_the_footer_in_spanish_with_the_same_keys(store: CampaignStore, spanish) -> None:  # type: ignore[no-untyped-def]
    from .apphelpers import make_app, screen_text, wait_for

    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: "Agregar parada" in screen_text(app), what=lambda: screen_text(app).splitlines()[-1])
        footer = screen_text(app).splitlines()[-1]
        assert " a Agregar parada " in footer and " e Editar parada " in footer and "paleta" in footer, footer
        await pilot.press("3")
        await wait_for(pilot, lambda: " / Filtrar " in screen_text(app).splitlines()[-1], what=lambda: screen_text(app).splitlines()[-1])


def test_every_user_facing_string_is_marked() -> None:
    """Extract the prose literals from the code and compare with what is marked: a new sentence
    written without _() fails here (tests/unmarked_strings.py lists them, and what stays as written)."""
    from .unmarked_strings import report

    found = report()
    assert not found, "not marked for translation:\n" + "\n".join(found)


def test_the_unmarked_string_check_finds_what_it_should(tmp_path: Path) -> None:
    from .unmarked_strings import unmarked

    module = tmp_path / "module.py"
    module.write_text(
        '"""A docstring is not shown."""\n'
        "from store.i18n import _\n"
        "def f(app, n):\n"
        '    app.notify("Saved the roster.")\n'
        '    app.notify(f"Wrote {n} people.")\n'
        '    app.notify(_("Marked, so fine."))\n'
        '    app.query_one("#roster-table", style="bold red")\n'
        '    return "Quit"\n',
        encoding="utf-8",
    )
    assert [text for _line, text in unmarked(module)] == ["Saved the roster.", "Wrote {} people.", "Quit"]


@pytest.mark.parametrize("query", ["tema", "theme"])
async def test_textuals_own_commands_in_spanish_found_by_either_name(store: CampaignStore, spanish, query: str) -> None:  # type: ignore[no-untyped-def]
    from .apphelpers import make_app, screen_text

    app = make_app(store)
    async with app.run_test(size=(140, 44)) as pilot:
        await search_the_palette(app, pilot, query, "Cambiar el tema actual")
        assert "Change the current theme" not in screen_text(app)


def test_the_locale_decides_when_nothing_else_does(store: CampaignStore, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    status = ("status", "--db", str(store.path), "--today", "2013-02-06")
    monkeypatch.setenv("LANG", "es_SV.UTF-8")
    assert "GIRA:" in run(*status).stdout
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # LC_ALL first, as POSIX says
    assert "TOUR:" in run(*status).stdout
    monkeypatch.delenv("LC_ALL")
    monkeypatch.setenv("LC_MESSAGES", "es_MX.UTF-8")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "GIRA:" in run(*status).stdout
    monkeypatch.delenv("LC_MESSAGES")
    for unknown in ("fr_FR.UTF-8", "C", "POSIX", ""):  # no interface in it: English, not a refusal
        monkeypatch.setenv("LANG", unknown)
        result = run(*status)
        assert result.code == 0 and "TOUR:" in result.stdout, unknown


def test_the_campaigns_setting_comes_after_lang_and_the_variable_before_the_locale(store: CampaignStore, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from store.changes import change, update_op

    info = store.load().info
    store.apply(change("set the interface language", [update_op(info, replace(info, interface_language="es"))], area="campaign"))
    status = ("status", "--db", str(store.path), "--today", "2013-02-06")
    assert "GIRA:" in run(*status).stdout  # the campaign's setting, over the locale (C.UTF-8)
    assert "TOUR:" in run("--lang", "en", *status).stdout
    monkeypatch.setenv(i18n.ENV_LANG, "en")
    assert "TOUR:" in run(*status).stdout
    monkeypatch.delenv(i18n.ENV_LANG)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "GIRA:" in run(*status).stdout


async def test_the_dashboard_opens_in_the_campaigns_language(store: CampaignStore) -> None:
    from dataclasses import replace

    from store.changes import change, update_op

    from .apphelpers import make_app, screen_text, wait_for

    info = store.load().info
    store.apply(change("set the interface language", [update_op(info, replace(info, interface_language="es"))], area="campaign"))
    try:
        app = make_app(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: "Calendario de la gira" in screen_text(app), what=lambda: screen_text(app))
    finally:
        i18n.set_language("en", explicit=False)
