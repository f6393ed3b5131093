"""Starting: `campaign-dash new` (a blank campaign of one's own), `campaign-dash demo` (the demo,
in a file of its own), and the dashboard, which on a missing file asks at a terminal what to
make, and otherwise refuses. Nothing makes a campaign file without being asked to."""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from store.db import StoreError, default_db_path, default_demo_path
from store.i18n import N_, _
from store.location import ServerLocation
from store.models import LANGUAGES

from .cli_common import (
    Settings,
    author_for,
    build_demo,
    common_options,
    create_campaign,
    echo,
    exists,
    fail,
    fail_fields,
    missing_sentence,
    open_store,
    refuse,
    reset_if_asked,
    reset_requested,
    settings_for,
)
from . import collector
from .cli_help import command, option

# The name a new campaign gets when none is given (`campaign set --name` changes it).
NEW_NAMES = {"en": "New campaign", "es": "Campaña nueva"}


def open_command(path: Path) -> str:
    """The command that opens the campaign at `path`."""
    if path == default_db_path():
        return "campaign-dash"
    return f"campaign-dash --db {shlex.quote(str(path))}"


def build_blank(name: str, lang: str):  # type: ignore[no-untyped-def]
    from store.blank import blank_campaign

    return lambda: blank_campaign(name, lang)


@command(
    "new",
    help=N_(
        "Make a blank campaign file: no speakers, signatures, people or targets, one starter letter.\n\n"
        "Refuses (exit 2) if the file is already there: nothing is ever overwritten."
    ),
)
@common_options
@option(
    "--name",
    metavar=N_("TEXT"),
    help=N_("The campaign's name (default: 'New campaign', or 'Campaña nueva' with --lang es; change it later with `campaign set --name`)."),
)
@option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help=N_("The language its letters are written in first."))
@click.pass_context
def new_command(ctx: click.Context, db: Path | None, today: date | None, name: str | None, lang: str) -> None:
    from store.details import build_info
    from store.models import CampaignInfo
    from store.validation import ValidationError

    if reset_requested():
        fail(_("--reset-demo starts a file over from the demo; `new` makes a blank campaign: use one or the other"))
    settings = settings_for(ctx, db, today)
    title = NEW_NAMES[lang] if name is None else name
    try:
        title = build_info(CampaignInfo(name=NEW_NAMES[lang]), {"name": title}).name
    except ValidationError as error:
        fail_fields(error)
    path = settings.path
    already = _("there is already a campaign file at {path}; open it with `{command}`, or give another file with --db").format(
        path=path, command=open_command(path)
    )
    if exists(path):
        fail(already)
    store = create_campaign(path, build_blank(title, lang))
    if store is None:
        fail(already)
    echo(_("made a blank campaign, {name!r}, in {path}").format(name=title, path=store.path))
    echo(_("open it with: {command}").format(command=open_command(store.path)))


@command(
    "demo",
    help=N_(
        "Open the demo campaign (CISPES's 2013 tour, its petition and the STISSS letter), making it first if it is not "
        "there. It lives in demo.json in your data folder, not in your campaign."
    ),
)
@common_options
@option("--no-open", is_flag=True, help=N_("Only make the demo file; do not open the dashboard."))
@click.pass_context
def demo_command(ctx: click.Context, db: Path | None, today: date | None, no_open: bool) -> None:
    settings = settings_for(ctx, db, today)
    settings = replace(settings, db=settings.db or default_demo_path())
    path = settings.path
    if reset_requested():
        open_store(settings)  # moves the old file aside and starts it over from the demo
        created = True
    else:
        created = create_campaign(path, build_demo) is not None
    if created:
        echo(_("made the demo campaign in {path}").format(path=path), err=not no_open)
        if no_open:
            where = "" if path == default_demo_path() else f" --db {shlex.quote(str(path))}"
            echo(_("open it with: {command}").format(command=f"campaign-dash demo{where} --today 2013-02-06"))
    elif no_open:
        echo(_("campaign-dash: {path} is already there; left as it is").format(path=path), err=True)
    else:
        echo(_("campaign-dash: {path} is already there; opening it as it is").format(path=path), err=True)
    if not no_open:
        run_dashboard(settings)


NO_TERMINAL = N_("the dashboard needs a terminal; for the campaign at a glance from a script, use `campaign-dash status`")


def run_dashboard(settings: Settings) -> None:
    """The dashboard on the campaign; on a missing file, ask what to make (at a terminal).
    Without a terminal (a pipe, cron) it refuses in one line, exit 2: the app would wait for
    keys that cannot come and spin a core meanwhile. In a browser (`serve`) Textual's web
    driver is its terminal. A missing or refused file is said first: that is what to fix."""
    if isinstance(settings.path, ServerLocation):
        run_dashboard_on_server(settings, settings.path)
        return
    if not settings.path.exists() and not reset_requested() and not make_missing(settings.path):
        return
    # No garbage collection until the first frame is on screen: start-up makes hundreds of
    # thousands of objects that all live on, and collecting them cost ~90 ms before the first
    # frame (opening a file of 100,000 people, which reads it, ~70 ms more). The dashboard
    # freezes them and turns collection back on once it has painted (tui/collector.py).
    collector.pause(collector.START_UP)
    try:
        store = open_store(settings, later_roster=True)  # a big roster is read after the first frame
        state = store.read_state(later_roster=True)
    except (StoreError, OSError) as error:
        collector.resume(collector.START_UP)
        fail(str(error))
    except BaseException:  # a refusal (SystemExit) from open_store: no dashboard to turn it on
        collector.resume(collector.START_UP)
        raise
    read_only = store.writable_problem(lock=False)  # the lock is tried after the first frame
    require_terminal()
    from .app import CampaignDashApp  # Textual only when the dashboard is wanted

    app = CampaignDashApp(store, settings.clock, author=settings.who, read_only=read_only, state=state)
    app.run()
    app.save_what_is_left()  # an end that skipped the quit key's wait (a browser tab closed)
    if app.refusal is not None:  # the roster, read after the first frame, turned out damaged
        refuse(app.refusal, store.path)


def run_dashboard_on_server(settings: Settings, where: ServerLocation) -> None:
    """The dashboard on a server campaign; when the server cannot be reached, on this machine's
    copy of it (store.offline), changes kept in a journal until the server is back."""
    from store.location import open_store as store_at
    from store.offline import LocalCopy
    from store.pg import ServerUnreachable

    store = store_at(where)
    reset_if_asked(store)
    local = LocalCopy(where)
    offline = None
    try:
        state = store.read_state()
    except ServerUnreachable as error:
        state = local.load()
        if state is None:
            fail(
                _("{error}; this machine has no copy of that campaign yet (one is kept once the dashboard has opened it with the server reachable)").format(
                    error=error
                )
            )
        offline = str(error)
    except StoreError as error:
        fail(missing_sentence(where) if not exists(where) else str(error))
    try:
        local.save(state)
    except OSError as error:
        echo(
            _("campaign-dash: warning: no copy of the campaign kept on this machine ({error}); it works only online").format(error=error.strerror or error),
            err=True,
        )
    read_only = None if offline else store.writable_problem()
    require_terminal()
    from .app import CampaignDashApp

    author = author_for(settings, store)
    app = CampaignDashApp(store, settings.clock, author=author, read_only=read_only, state=state, local=local, offline=offline)
    app.run()
    app.save_what_is_left()


def require_terminal() -> None:
    """Refuse (exit 2) to start the dashboard where no keys can come: not a terminal, nor
    Textual's web driver (`serve`)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not os.environ.get("TEXTUAL_DRIVER"):
        fail(_(NO_TERMINAL))


def make_missing(path: Path) -> bool:
    """No campaign at `path`: at a terminal, ask (n new blank campaign, d demo, q quit) and make
    what was chosen; True when there is a campaign to open. Without a terminal (cron, a pipe),
    refuse in one line, exit 2, as every other command does."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail(missing_sentence(path))
    from .start import ask_missing_campaign  # the question, asked in the terminal (Textual)

    choice = ask_missing_campaign(path)
    return make_answer(path, choice.action, choice.name, choice.lang)


def make_answer(path: Path, answer: str, name: str = "", lang: str = "en") -> bool:
    """Make what the person chose at `path` ("new", named `name`, or "demo"; anything else:
    nothing). True when there is a campaign to open (someone may have made one meanwhile: that
    one is opened)."""
    if answer == "new":
        build = build_blank(name or NEW_NAMES[lang], lang)
    elif answer == "demo":
        build = build_demo
    else:
        return False
    if create_campaign(path, build) is not None:
        made = _("campaign-dash: made a blank campaign in {path}") if answer == "new" else _("campaign-dash: made the demo campaign in {path}")
        echo(made.format(path=path), err=True)
    return True
