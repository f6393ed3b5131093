"""The command line: no subcommand opens the dashboard; `status` prints all four areas."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from store import __version__
from store.clock import Clock
from store.db import CampaignStore, CorruptDatabaseError, StoreError, default_db_path
from store.models import Campaign


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
        raise click.BadParameter(f"{value!r} is not a date written as YYYY-MM-DD (e.g. 2013-02-06)") from None


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--db, --today and --version, accepted by the dashboard and by every subcommand."""
    options = [
        click.option(
            "--db",
            type=click.Path(dir_okay=False, path_type=Path),
            envvar="CAMPAIGN_DASH_DB",
            help="Campaign file (default: campaign.json in your data folder; env CAMPAIGN_DASH_DB).",
        ),
        click.option(
            "--today",
            callback=_parse_today,
            metavar="YYYY-MM-DD",
            help="Act as if today were this date (for every 'today', 'next' and 'days left').",
        ),
        click.version_option(__version__, prog_name="campaign-dash"),
    ]
    return functools.reduce(lambda f, option: option(f), reversed(options), command)


@dataclass
class Settings:
    db: Path | None = None
    today: date | None = None

    @property
    def path(self) -> Path:
        return self.db or default_db_path()


def settings_for(ctx: click.Context, db: Path | None, today: date | None) -> Settings:
    """--db/--today as given at any level (`campaign-dash --db X petition --today Y add 5`):
    the innermost wins."""
    settings = Settings()
    for level in reversed(list(_chain(ctx))):
        settings = Settings(level.params.get("db") or settings.db, level.params.get("today") or settings.today)
    return Settings(db or settings.db, today or settings.today)


def _chain(ctx: click.Context | None):  # type: ignore[no-untyped-def]
    while ctx is not None:
        yield ctx
        ctx = ctx.parent


def fail(message: str) -> None:
    click.echo(f"campaign-dash: {message}", err=True)
    sys.exit(2)


def open_store(settings: Settings) -> CampaignStore:
    store = CampaignStore(settings.path)
    try:
        if store.open(seed=build_demo):
            click.echo(f"campaign-dash: created the demo campaign in {store.path}", err=True)
    except CorruptDatabaseError as error:
        fail(
            f"{error}\nTo keep it and start over from the demo campaign, run: "
            f"campaign-dash --db '{store.path}' --reset-demo\n(the file is then moved aside to "
            f"{store.path.name}.<date-time>.bak, not deleted)"
        )
    except (StoreError, OSError) as error:
        fail(str(error))
    return store


def load(store: CampaignStore) -> Any:
    try:
        return store.load()
    except (StoreError, OSError) as error:
        fail(str(error))


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.option("--reset-demo", is_flag=True, help="Move the campaign file aside to a timestamped backup and start from the demo.")
@click.pass_context
def main(ctx: click.Context, db: Path | None, today: date | None, reset_demo: bool) -> None:
    """campaign-dash: a terminal dashboard for a labor solidarity campaign.

    With no command, opens the dashboard: tour calendar, petition, delegation roster, letter.
    """
    settings = Settings(db, today)
    if reset_demo:
        store = CampaignStore(settings.path)
        try:
            backup = store.reset(build_demo)
        except (StoreError, OSError) as error:
            fail(str(error))
        moved = f"moved the old file to {backup}; " if backup else ""
        click.echo(f"campaign-dash: {moved}started {store.path} from the demo campaign", err=True)
    if ctx.invoked_subcommand is None:
        run_dashboard(settings)


def run_dashboard(settings: Settings) -> None:
    store = open_store(settings)
    campaign = load(store)
    from .app import CampaignDashApp  # Textual only when the dashboard is wanted

    CampaignDashApp(store, campaign, Clock(settings.today)).run()


@main.command()
@common_options
@click.pass_context
def status(ctx: click.Context, db: Path | None, today: date | None) -> None:
    """Print a plain-text summary of the tour, petition, delegation and letter, then exit."""
    from store.summary import status_text

    settings = settings_for(ctx, db, today)
    campaign = load(open_store(settings))
    click.echo(status_text(campaign, Clock(settings.today).today()), nl=False)


from . import cli_letter, cli_petition, cli_roster, cli_tour  # noqa: E402,F401  (register their commands)

if __name__ == "__main__":
    main()
