"""`campaign-dash serve`: the dashboard in a browser, through textual-serve. Each browser tab
runs its own dashboard process on the same campaign (the store is safe for several writers).

textual-serve has no login: whoever reaches the port can read and change the campaign. So it
binds the loopback address unless told, in so many words, that a proxy asking for a login
stands in front of it."""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from datetime import date
from pathlib import Path

import click

from store.changes import ENV_AUTHOR
from store.db import ENV_DB
from store.i18n import N_, _
from store.location import ServerLocation

from .cli_common import common_options, echo, exists, fail, missing_sentence, settings_for
from .cli_help import command, option

PROXY_FLAG = "--behind-login-proxy"


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name that may resolve to anything: treated as public


def refusal(host: str, port: int) -> str:
    """Why a public address is refused, and the two ways to reach the dashboard safely."""
    return _(
        "not serving on {host}: textual-serve has no login, so anyone who can reach {host}:{port} could read and change "
        "the campaign. Keep the default 127.0.0.1 and reach it from your own machine with "
        "`ssh -L {port}:127.0.0.1:{port} you@this-server` (then open http://127.0.0.1:{port}), or put it behind a "
        "reverse proxy that asks for a login and say so with {flag} (and --public-url with the address people open)"
    ).format(host=host, port=port, flag=PROXY_FLAG)


def app_command(today: date | None) -> str:
    """The shell command textual-serve runs for each browser tab: this Python, this package.
    The campaign's location travels in the environment, not on a command line `ps` shows."""
    from store.i18n import language

    command = [sys.executable, "-m", "tui", "--lang", language()]  # each tab in the language chosen here
    if today is not None:
        command += ["--today", today.isoformat()]
    return shlex.join(command)


@command(
    "serve",
    help=N_(
        "Serve the dashboard to web browsers (textual-serve); each tab runs its own dashboard.\n\n"
        "Copies go to the browser's clipboard and exports arrive as downloads; imports are done with "
        "the command line on the server. Listens on 127.0.0.1 only: use ssh -L, or a reverse proxy "
        "that asks for a login (see the README)."
    ),
)
@common_options
@option("--host", default="127.0.0.1", show_default=True, help=N_("The address to listen on (loopback only, unless --behind-login-proxy)."))
@option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help=N_("The port to listen on."))
@option("--public-url", metavar=N_("URL"), help=N_("The address people open, when a proxy stands in front (e.g. https://dash.example.org)."))
@option(
    "--behind-login-proxy",
    "behind_proxy",
    is_flag=True,
    help=N_("Allow a --host other than loopback: a reverse proxy in front asks for a login (textual-serve has none)."),
)
@click.pass_context
def serve_command(
    ctx: click.Context, db: Path | None, today: date | None, host: str, port: int, public_url: str | None, behind_proxy: bool
) -> None:
    if not is_loopback(host) and not behind_proxy:
        fail(refusal(host, port))
    if public_url is not None and not public_url.lower().startswith(("http://", "https://")):
        fail(_("--public-url {url!r} is not an http:// or https:// address").format(url=public_url))
    settings = settings_for(ctx, db, today)
    if not exists(settings.path):
        fail(missing_sentence(settings.path))
    where = settings.path.resolve() if isinstance(settings.path, Path) else settings.path
    # inherited by every tab's dashboard (a server's URL whole: its str() hides the password)
    os.environ[ENV_DB] = where.url if isinstance(where, ServerLocation) else str(where)
    if settings.author:
        os.environ[ENV_AUTHOR] = settings.author
    from .webserver import serve  # textual-serve (aiohttp) only when serving

    if public_url is None:
        public_url = f"http://[{host.strip('[]')}]:{port}" if ":" in host else f"http://{host}:{port}"
    public_url = public_url.rstrip("/")  # textual-serve appends paths that start with /
    echo(_("serving {campaign} at {url} (ctrl+c stops)").format(campaign=where, url=public_url), err=True)
    try:
        serve(app_command(today), host=host, port=port, public_url=public_url)
    except OSError as error:  # the port is taken, or the address is not this machine's
        fail(_("cannot listen on {host}:{port}: {error}").format(host=host, port=port, error=error.strerror or error))
