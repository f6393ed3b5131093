"""The command line in Spanish (issue 16): every command's --help with no English help line of
ours left, click's own help words in Spanish, messages and questions in Spanish, and English
unchanged when no language is asked for."""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from store import i18n
from store.db import CampaignStore
from store.models import ALL_MEMBER_STATUSES, MEMBER_ROLES
from tui import cli_help
from tui.cli import main

from .clihelpers import cli as run


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The commands run in this process: the next test starts in English whatever these chose."""
    yield
    i18n.set_language("en")


def command_paths(group: click.Group = main, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """(), ("campaign",), ("campaign", "show"), ... every command and group under campaign-dash."""
    yield path
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # not group.commands: campaign-dash loads its commands when named
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from command_paths(command, (*path, name))
        else:
            yield (*path, name)


PATHS = list(command_paths())


def test_every_command_is_walked() -> None:
    assert ("roster", "add") in PATHS and ("petition", "milestone", "edit") in PATHS and ("status",) in PATHS and len(PATHS) > 50


@pytest.mark.parametrize("path", PATHS, ids=lambda path: " ".join(path) or "campaign-dash")
def test_help_in_spanish_keeps_no_english_line(path: tuple[str, ...]) -> None:
    english = run(*path, "--help")
    spanish = run("--lang", "es", *path, "--help")
    assert english.code == spanish.code == 0, (english.stderr, spanish.stderr)
    assert english.stdout.startswith("Usage: ") and "Show this message and exit." in english.stdout  # English as it was
    assert spanish.stdout.startswith("Uso: ") and "Opciones:" in spanish.stdout and "Muestra este mensaje y sale." in spanish.stdout
    if path in [p[:-1] for p in PATHS if p]:  # a group lists its commands
        assert "Comandos:" in spanish.stdout and "Commands:" not in spanish.stdout
    shown = {line.strip() for line in spanish.stdout.splitlines()}
    # A line of the English help with a word in it (not only option names, metavars, choices like
    # [inquiry|applied] or paths like data.attributes.count) must not be in the Spanish help as it
    # was: each such line is a sentence of ours, or click's.
    code = r"--[a-z-]+|campaign-dash( [a-z-]+)*|\S*\w[.|]\w\S*"
    worded = [line.strip() for line in english.stdout.splitlines() if re.search(r"\b[a-z]{3,}\b", re.sub(code, "", line))]
    left = [line for line in worded if line in shown]
    assert not left, left


def test_metavars_and_notes_are_spanish_and_the_values_stay() -> None:
    spanish = run("--lang", "es", "roster", "add", "--help").stdout
    assert "--name TEXTO" in spanish and "[obligatorio]" in spanish and "--role PAPEL" in spanish
    english = run("roster", "add", "--help").stdout
    flat = " ".join(english.split())
    assert all(role in flat for role in MEMBER_ROLES) and all(status in flat for status in ALL_MEMBER_STATUSES)  # the help's lists are the real ones
    source = run("--lang", "es", "petition", "source", "--help").stdout
    assert "[predeterminado: 300]" in source and "--interval ENTERO" in source
    assert "Uso: campaign-dash petition add [OPCIONES] CANTIDAD" in run("--lang", "es", "petition", "add", "--help").stdout


def test_the_environment_chooses_the_help_language_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.ENV_LANG, "es")
    assert run("--help").stdout.startswith("Uso: campaign-dash [OPCIONES] [COMANDO] [ARGUMENTOS]...")
    assert run("tour", "--help").stdout.startswith("Uso: campaign-dash tour [OPCIONES] COMANDO [ARGUMENTOS]...")
    monkeypatch.setenv(i18n.ENV_LANG, "en")
    assert run("--help").stdout.startswith("Usage: campaign-dash [OPTIONS] [COMMAND] [ARGS]...")


def test_a_missing_file_is_refused_in_spanish(tmp_path: Path) -> None:
    missing = tmp_path / "no-hay.json"
    refused = run("--lang", "es", "roster", "list", "--db", str(missing))
    assert refused.code == 2 and not missing.exists()
    assert refused.stderr.startswith(f"campaign-dash: no hay ninguna campaña en {missing}: cree una en blanco con `campaign-dash new --db ")
    english = run("roster", "list", "--db", str(missing))
    assert english.stderr.startswith(f"campaign-dash: no campaign at {missing}: make a blank one with")


def test_messages_and_questions_in_spanish(store: CampaignStore) -> None:
    db = str(store.path)
    before = store.path.read_bytes()
    nobody = run("--lang", "es", "roster", "set", "nadie@example.org", "--city", "Boston", "--db", db)
    assert nobody.code == 2 and nobody.stderr == "campaign-dash: nadie en la lista tiene el correo o el nombre 'nadie@example.org'\n"
    nothing = run("--lang", "es", "campaign", "set", "--db", db)
    assert "nada que fijar: indique --name, --description, --organization o --languages" in nothing.stderr
    speaker = store.load().speakers[0]
    asked = run("--lang", "es", "speaker", "remove", speaker.name, "--db", db)  # no terminal, no --yes: refused, in Spanish
    assert asked.code == 2 and f"no se quitó: esto quitaría al orador {speaker.name} y sus " in asked.stderr and "agregue --yes" in asked.stderr
    bad_day = run("--lang", "es", "status", "--today", "2013-13-01", "--db", db)
    assert bad_day.code == 2 and "'2013-13-01' no es una fecha escrita como AAAA-MM-DD" in bad_day.stderr
    assert store.path.read_bytes() == before
    shown = run("--lang", "es", "delegation", "show", "--db", db).stdout
    assert re.search(r"^nombre: +\S", shown, re.M) and re.search(r"^capacidad: +", shown, re.M), shown
    added = run("--lang", "es", "speaker", "add", "Ana Ruiz", "--organization", "STISSS", "--db", db)
    assert added.code == 0 and added.stdout == "agregado: Ana Ruiz  STISSS  (0 paradas)\n", added.stdout
    undone = run("--lang", "es", "undo", "--db", db)
    assert undone.stdout.startswith("deshecho: agregó al orador Ana Ruiz (por ")  # the log's summary in the language it was made in, as the dashboard's
    english = run("speaker", "add", "Bea Ruiz", "--db", db)
    assert english.stdout == "added: Bea Ruiz  (0 stops)\n" and run("undo", "--db", db).stdout.startswith("undone: added the speaker Bea Ruiz (by ")


def test_click_usage_errors_in_spanish_and_english_left_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """Click says its own errors (a mistyped option or command, a missing argument) through the
    standard library's gettext; for one run of the command line that says them from our catalog,
    and the process is left as it was after."""
    monkeypatch.setenv("LANGUAGE", "fr")
    option = run("--lang", "es", "roster", "--nope")
    assert option.code == 2 and "Pruebe 'campaign-dash roster --help' para ver la ayuda." in option.stderr
    assert "Error: No existe la opción '--nope'." in option.stderr
    assert "Error: No existe el comando 'rooster'." in run("--lang", "es", "rooster").stderr
    assert "Error: Falta el argumento 'CORREO|NOMBRE'." in run("--lang", "es", "roster", "set").stderr
    assert "Error: La opción '--db' necesita un argumento." in run("--lang", "es", "status", "--db").stderr
    assert os.environ["LANGUAGE"] == "fr" and gettext.textdomain() == "messages"
    english = run("roster", "--nope")
    assert "Try 'campaign-dash roster --help' for help." in english.stderr and "Error: No such option '--nope'." in english.stderr
    before_lang = run("--nope", env={"CAMPAIGN_DASH_LANG": "es"})  # before --lang could be read: the environment's
    assert before_lang.stderr.startswith("Uso: campaign-dash [OPCIONES]") and "No existe la opción '--nope'." in before_lang.stderr


def test_the_click_errors_in_the_catalog_are_the_ones_click_says() -> None:
    """The catalog lists click's words by hand (cli_help.CLICK_ERRORS): each must still be one
    click says, or an upgrade of click changed its wording and the Spanish would silently go."""
    from babel.messages.extract import extract_from_dir

    said = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            Path(click.__file__).parent, method_map=[("**.py", "python")], keywords={"_": None, "ngettext": (1, 2)}
        )
    }
    assert set(cli_help.CLICK_ERRORS) <= said and set(cli_help.CLICK_COUNTED_ERRORS) <= said
