"""The command line: no subcommand opens the dashboard; `new` and `demo` make a campaign file;
`status`, `log`, `undo`, `serve` (the dashboard in a browser), and one group of commands per area (campaign, tour, speaker, petition,
delegation, roster, target, template, letter, tweet)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from store.db import StoreError

from store.i18n import N_, _, number

from .cli_common import RESET_KEY, commit, common_options, echo, fail, open_store, settings_for
from .cli_help import Group, click_speaks_the_interface_language, option, speak_click
from .cli_start import run_dashboard


# The commands kept in modules of their own: name -> (module, attribute). They are imported when
# named (or listed, for --help), so opening the dashboard does not import every command (~20 ms).
LAZY_COMMANDS = {
    "campaign": ("cli_campaign", "campaign_group"),
    "speaker": ("cli_speaker", "speaker_group"),
    "tour": ("cli_tour", "tour_group"),
    "petition": ("cli_petition", "petition_group"),
    "delegation": ("cli_delegation", "delegation_group"),
    "roster": ("cli_roster", "roster_group"),
    "target": ("cli_target", "target_group"),
    "template": ("cli_template", "template_group"),
    "letter": ("cli_letter", "letter_command"),
    "status": ("cli_status", "status_command"),
    "new": ("cli_start", "new_command"),
    "demo": ("cli_start", "demo_command"),
    "tweet": ("cli_letter", "tweet_command"),
    "serve": ("cli_serve", "serve_command"),
}


class LazyGroup(Group):
    """A group that imports its commands' modules when they are named: click's lazily loading
    group (the pattern from click's documentation), on cli_help's translating Group."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            import importlib

            module, attribute = LAZY_COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(f".{module}", __package__), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


def _set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--lang (before the command: `campaign-dash --lang es status`), else $CAMPAIGN_DASH_LANG,
    else the locale ($LC_ALL, $LC_MESSAGES, $LANG; unknown: English); set for the whole process
    (serve hands it to each tab's process). A campaign's own setting comes before the locale:
    adopted when the campaign is read (store.i18n.adopt_campaign_language)."""
    from store.i18n import ENV_LANG, LanguageError

    try:
        _use_language(value)
    except LanguageError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param if value else None, param_hint=None if value else ENV_LANG) from None


def _use_language(value: str | None) -> str:
    """The interface's language from --lang's `value` (or the environment), set for the
    interface and for click's own messages; LanguageError for one campaign-dash has not."""
    from store.i18n import choose_language, chosen_explicitly, set_language

    lang = choose_language(value)
    set_language(lang, explicit=chosen_explicitly(value))
    speak_click(lang)
    return lang


class MainGroup(LazyGroup):
    """campaign-dash itself. `campaign-dash --help` is read before --lang's absence is (click takes
    the options given first), so its help chooses the language from $CAMPAIGN_DASH_LANG itself.
    Click's own messages (usage errors) are said in the interface's language too."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        from store.i18n import LanguageError

        with click_speaks_the_interface_language():
            try:
                _use_language(None)  # $CAMPAIGN_DASH_LANG or the locale: --lang is not read yet
            except LanguageError:
                _use_language("en")  # refused by name once the options are read
            return super().main(*args, **kwargs)

    def get_help(self, ctx: click.Context) -> str:
        if ctx.get_parameter_source("lang") is None:
            _set_language(ctx, next(p for p in self.params if p.name == "lang"), None)
        return super().get_help(ctx)


@click.group(
    cls=MainGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "campaign-dash: a terminal dashboard for a labor solidarity campaign.\n\n"
        "With no command, opens the dashboard: tour calendar, petition, delegation roster, letter. "
        "`campaign-dash new` makes a blank campaign; `campaign-dash demo` opens the demo."
    ),
)
@option(
    "--lang",
    metavar="es|en",
    expose_value=False,
    is_eager=True,
    callback=_set_language,
    help=N_("The interface's language, es or en (default: $CAMPAIGN_DASH_LANG, else the campaign's setting, else the locale, else English)."),
)
@common_options
@option("--reset-demo", is_flag=True, help=N_("Move the campaign file aside to a timestamped backup and start it over from the demo."))
@click.pass_context
def main(ctx: click.Context, db: Path | None, today: date | None, reset_demo: bool) -> None:
    """The dashboard when no command is given (the help is `help=` above, so Babel extracts it)."""
    if reset_demo:
        ctx.meta[RESET_KEY] = True  # done when the command opens its file (its --db may come later)
    if ctx.invoked_subcommand is None:
        run_dashboard(settings_for(ctx, db, today))


@main.command("log", help=N_("Who changed what, and when: the campaign's change log (the newest 1,000 are kept)."))
@common_options
@option("--json", "as_json", is_flag=True, help=N_("One JSON object per change (newest last), with its operations."))
@option("--limit", default=50, show_default=True, help=N_("Show the newest N changes (0: all the log keeps)."))
@click.pass_context
def log_command(ctx: click.Context, db: Path | None, today: date | None, as_json: bool, limit: int) -> None:
    settings = settings_for(ctx, db, today)
    store = open_store(settings)
    try:
        entries = store.log()
    except (StoreError, OSError) as error:
        fail(str(error))
    if limit > 0:
        entries = entries[-limit:]
    if as_json:
        from store.text import json_safe

        for entry in entries:  # one object a line (JSON Lines), escapes that could drive a terminal as \uXXXX
            echo(json_safe(json.dumps(entry.to_json(), ensure_ascii=False)))
        return
    from store.changes import in_force

    standing = in_force(entries)
    for entry in entries:
        c = entry.change
        mark = "" if c.id in standing else "  " + _("(undone)")
        echo(f"{c.at.replace('T', ' ')}  {c.author or _('someone')}  [{c.area}]  {c.summary}{mark}  #{c.id[:8]}")
    if not entries:
        echo(_("no changes logged yet"), err=True)


@main.command(
    "copy",
    help=N_(
        "Copy a whole campaign, its change log included, from a file to a server or back (or between two of either). "
        "A target that holds a campaign is refused unless --replace."
    ),
)
@option("--from", "source", metavar=N_("PATH|URL"), required=True, help=N_("The campaign to copy: a file, or a postgresql:// URL (campaign=NAME in it)."))
@option("--to", "target", metavar=N_("PATH|URL"), required=True, help=N_("Where to copy it: a file, or a postgresql:// URL."))
@option("--replace", is_flag=True, help=N_("If the target holds a campaign already, move it aside (a .bak) and copy over it."))
def copy_command(source: str, target: str, replace: bool) -> None:
    from store.copying import copy_campaign
    from store.location import location
    from store.location import open_store as store_at

    from .cli_common import exists

    if location(source) == location(target):
        fail(_("--from and --to are the same campaign"))
    src = store_at(source)
    if not exists(src.path):
        fail(_("no campaign at {path}").format(path=src.path))
    dst = store_at(target)
    if not replace and exists(dst.path):
        fail(_("there is already a campaign at {path}; nothing was copied (--replace moves it aside to a .bak and copies over it)").format(path=dst.path))
    try:
        src.open()
        copied = copy_campaign(src, dst, replace=replace)
    except (StoreError, OSError) as error:
        fail(_("nothing was copied: {error}").format(error=error))
    if copied.backup:
        echo(_("campaign-dash: moved the campaign that was at {path} to {backup}").format(path=dst.path, backup=copied.backup), err=True)
    echo(
        _("copied {records} records and {entries} logged changes (revision {rev}) from {source} to {target}").format(
            records=number(copied.records), entries=number(copied.entries), rev=copied.rev, source=src.path, target=dst.path
        )
    )


@main.command("undo", help=N_("Undo the newest change in the log that is not undone yet (run again to go further back)."))
@common_options
@click.pass_context
def undo_command(ctx: click.Context, db: Path | None, today: date | None) -> None:
    from store import changes

    settings = settings_for(ctx, db, today)
    store = open_store(settings)
    try:
        entry = changes.undoable(store.log())
    except (StoreError, OSError) as error:
        fail(str(error))
    if entry is None:
        fail(_("there is nothing to undo in this campaign's log"))
    applied = commit(store, settings, entry.inverse)
    c = entry.change
    echo(_("undone: {summary} (by {author} at {at})").format(summary=c.summary, author=c.author or _("someone"), at=c.at.replace("T", " ")))
    if not applied.inverse.ops:
        echo(_("(it had already been reversed by later changes)"), err=True)


if __name__ == "__main__":
    main()
