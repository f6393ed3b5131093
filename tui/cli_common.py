"""What every command shares: --db/--today/--as, opening the store, failing in words, and
`commit`, the one way a command changes the campaign (a change through store.apply)."""

from __future__ import annotations

import functools
import json
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from store import __version__
from store.changes import Change, ConflictError, author_name
from store.clock import Clock
from store.i18n import N_, _
from store.db import Applied, CampaignStore, CorruptDatabaseError, StoreError
from store.location import Location, ServerLocation, default_location
from store.location import open_store as store_at
from store.models import Campaign, Speaker
from store.validation import ValidationError

from .cli_help import Option, option


def build_demo() -> Campaign:
    """The demo campaign, imported only when a file has to be seeded."""
    from store.demo import build_demo as build

    return build()


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_("{value!r} is not a date written as YYYY-MM-DD (e.g. 2013-02-06)").format(value=value)) from None


AUTHOR_KEY = "campaign_dash.author"


def _remember_author(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """--as at any level; contexts share `meta`, and inner levels are parsed last, so they win."""
    if value:
        ctx.meta[AUTHOR_KEY] = value


class DbOption(click.Path):
    """--db: a campaign file's path (checked as click.Path checks it), or a postgresql:// URL."""

    name = "path or url"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, ServerLocation):
            return value
        if isinstance(value, str) and value.lower().startswith(("postgresql://", "postgres://")):
            return ServerLocation(value)
        return super().convert(value, param, ctx)


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--db, --today and --version, accepted by the dashboard and by every subcommand."""
    options = [
        option(
            "--db",
            type=DbOption(dir_okay=False, path_type=Path),
            # No envvar here: click would read it again at each level, and the environment would
            # beat a --db given before the subcommand. default_db_path() falls back to it last.
            help=N_("Campaign file, or a team server's postgresql://USER@HOST/DB?campaign=NAME (default: $CAMPAIGN_DASH_DB, else campaign.json in your data folder)."),
        ),
        option(
            "--today",
            callback=_parse_today,
            metavar=N_("YYYY-MM-DD"),
            help=N_("Act as if today were this date (for every 'today', 'next' and 'days left')."),
        ),
        option(
            "--as",
            "author",
            metavar=N_("NAME"),
            expose_value=False,
            callback=_remember_author,
            help=N_("Who is making the changes, for the log (default: env CAMPAIGN_DASH_AUTHOR, else user@host)."),
        ),
        click.version_option(__version__, prog_name="campaign-dash", cls=Option, help=N_("Show the version and exit.")),
    ]
    return functools.reduce(lambda f, option: option(f), reversed(options), command)


@dataclass
class Settings:
    db: Location | None = None
    today: date | None = None
    author: str | None = None

    @property
    def path(self) -> Location:
        return self.db or default_location()

    @property
    def clock(self) -> Clock:
        return Clock(self.today)

    @property
    def who(self) -> str:
        return author_name(self.author)


def settings_for(ctx: click.Context, db: Path | None = None, today: date | None = None) -> Settings:
    """--db/--today/--as as given at any level (`campaign-dash --db X petition --today Y add 5`):
    the innermost wins."""
    settings = Settings()
    for level in reversed(list(_chain(ctx))):
        settings = Settings(level.params.get("db") or settings.db, level.params.get("today") or settings.today)
    return Settings(db or settings.db, today or settings.today, ctx.meta.get(AUTHOR_KEY))


def _chain(ctx: click.Context | None):  # type: ignore[no-untyped-def]
    while ctx is not None:
        yield ctx
        ctx = ctx.parent


def echo(message: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Print for a person: stored text is shown escaped, never written raw to the terminal
    (a city holding an escape code must not retitle or clear anyone's terminal)."""
    from store.text import printable

    click.echo(printable(str(message)), err=err, nl=nl)


class EscapedStream:
    """A stream for csv.writer that escapes what it writes, like `echo`."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        from store.text import printable

        return self.stream.write(printable(text))


def write_export(path: Path, data: bytes) -> None:
    """An export the user asked for: written whole, mode 0600 (people's data), or one sentence."""
    from store.files import FileWriteError, write_private_file

    try:
        write_private_file(path, data)
    except FileWriteError as error:
        fail(str(error))


def fail(message: str) -> NoReturn:
    echo(f"campaign-dash: {message}", err=True)
    sys.exit(2)


def fail_fields(error: ValidationError, options: dict[str, str] | None = None) -> NoReturn:
    """Refused values: one line per bad field, named as the option that sets it ('goal: ...';
    `options` maps a store field to its option's name, 'summary' -> 'description'), exit 2;
    the caller wrote nothing."""
    for name, message in error.errors.items():
        label = (options or {}).get(name, name)
        echo(f"campaign-dash: {label}: {message}", err=True)
    sys.exit(2)


def labelled(rows: list[tuple[str, object]]) -> list[str]:
    """`label: value` lines with the values lined up, whatever the labels' language."""
    width = max(len(label) for label, _value in rows) + 1
    return [f"{label:<{width}}{value}" for label, value in rows]


def echo_json(data: Any) -> None:
    """`--json` output: one JSON document, non-ASCII text as it is, and any character that could
    drive a terminal written as a JSON escape (still valid JSON, the same value)."""
    from store.text import json_safe

    echo(json_safe(json.dumps(data, ensure_ascii=False, indent=2)))


def confirm_removal(what: str, yes: bool) -> None:
    """Go on when --yes was given or the person says yes at a terminal; `what` is what goes
    ("the speaker Ana and her 3 stops"). Without a terminal (a script, cron) and without --yes,
    refuse (exit 2): nothing is removed without being asked."""
    if yes:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail(_("not removed: this would remove {what}; add --yes to remove without a question").format(what=what))
    if not click.confirm(printable_text(_("Remove {what}?").format(what=what)), default=False):
        echo(_("nothing was changed"))
        sys.exit(0)


def printable_text(text: str) -> str:
    from store.text import printable

    return printable(text)


def exists(path: Location) -> bool:
    """Whether there is a campaign at `path` (a file, or a campaign on a server); a server that
    cannot be asked is one sentence, exit 2."""
    try:
        return path.exists()
    except (StoreError, OSError) as error:
        fail(str(error))


def missing_sentence(path: Location) -> str:
    """One line for a campaign file that is not there: the path, and the commands that make one."""
    quoted = shlex.quote(str(path))
    return _(
        "no campaign at {path}: make a blank one with `campaign-dash new --db {quoted}`, or try the demo with `campaign-dash demo --db {quoted}`"
    ).format(path=path, quoted=quoted)


RESET_KEY = "campaign_dash.reset_demo"


def reset_requested() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(RESET_KEY))


def reset_if_asked(store: CampaignStore) -> None:
    """`--reset-demo`: move the file the command uses aside and start it over from the demo.
    Done here, once the whole command line is read, so `--reset-demo status --db X` resets X."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or not ctx.meta.pop(RESET_KEY, False):
        return
    try:
        backup = store.reset(build_demo)
    except (StoreError, OSError) as error:
        fail(str(error))
    if backup:
        echo(_("campaign-dash: moved the old file to {backup}; started {path} from the demo campaign").format(backup=backup, path=store.path), err=True)
    else:
        echo(_("campaign-dash: started {path} from the demo campaign").format(path=store.path), err=True)


def open_store(settings: Settings, *, later_roster: bool = False) -> CampaignStore:
    """The campaign at --db (or the default file). A missing file is refused in one line, never
    made up: a mistyped path in a cron job must not report on a fresh demo campaign.
    `later_roster`: a big roster need not be read yet (the dashboard: store.db)."""
    store = store_at(settings.path)
    reset_if_asked(store)
    if not exists(store.path):
        fail(missing_sentence(store.path))
    try:
        store.open(**({"later_roster": True} if later_roster else {}))
    except (StoreError, OSError) as error:
        refuse(error, store.path)
    return store


def refuse(error: StoreError | OSError, path: Path) -> NoReturn:
    """Say why the campaign cannot be opened (with the way out for a damaged file), exit 2."""
    if isinstance(error, CorruptDatabaseError):
        fail(
            _(
                "{error}\nTo keep it and start over from the demo campaign, run: campaign-dash --db '{path}' --reset-demo\n"
                "(the file is then moved aside to {name}.<date-time>.bak, not deleted)"
            ).format(error=error, path=path, name=path.name)
        )
    fail(str(error))


def create_campaign(path: Path, build: Callable[[], Campaign]) -> CampaignStore | None:
    """A new campaign file at `path` made from `build()`, or None when a file is already there
    (it is never overwritten). Failing to write it is one sentence, exit 2."""
    store = store_at(path)
    if exists(store.path):
        return None
    try:
        created = store.open(seed=build)
    except (StoreError, OSError) as error:
        fail(str(error))
    return store if created else None


def load(store: CampaignStore) -> Any:
    from store.i18n import adopt_campaign_language

    try:
        campaign = store.load()
    except (StoreError, OSError) as error:
        fail(str(error))
    adopt_campaign_language(campaign.info.interface_language)  # unless --lang or $CAMPAIGN_DASH_LANG said
    return campaign


def author_for(settings: Settings, store: Any) -> str:
    """Who makes the changes: --as, else $CAMPAIGN_DASH_AUTHOR, else (on a server) the database
    role, else user@host."""
    if settings.author and settings.author.strip() or not callable(getattr(store, "default_author", None)):
        return settings.who
    return str(store.default_author())


def commit(store: CampaignStore, settings: Settings, change: Change) -> Applied:
    """Apply one change to the campaign as it is now. A conflict names each field and exits 1;
    a file that cannot be written says why and exits 2. Nothing is written in either case."""
    try:
        return store.apply(change, author=author_for(settings, store))
    except ConflictError as error:
        for conflict in error.conflicts:
            echo(_("campaign-dash: not changed: {conflict}").format(conflict=conflict.sentence()), err=True)
        echo(_("campaign-dash: nothing was written; read the campaign again and retry"), err=True)
        sys.exit(1)
    except (StoreError, OSError) as error:
        fail(_("nothing was changed: {error}").format(error=error))


def context(ctx: click.Context, db: Path | None = None, today: date | None = None) -> tuple[Settings, CampaignStore, Campaign]:
    """Settings, the open store and the campaign in it, for a command."""
    settings = settings_for(ctx, db, today)
    store = open_store(settings)
    return settings, store, load(store)


def speaker_named(campaign: Campaign, name: str) -> Speaker:
    """The speaker called `name` (ignoring case), or exit 2 listing the speakers there are."""
    from store.tour import find_speaker

    speaker = find_speaker(campaign, name)
    if speaker is None:
        known = ", ".join(s.name for s in campaign.speakers) or _("none yet")
        fail(_("no speaker called {name!r} (known: {known})").format(name=name.strip(), known=known))
    return speaker
