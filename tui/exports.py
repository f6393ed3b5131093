"""Where files go and come from: in a terminal, a path the organizer types; in a browser
(`campaign-dash serve`), the server's disk is not theirs, so an export arrives as a download in
their browser and an import (which would need an upload) names the command to run instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from store.i18n import _

from .host import Host
from .screens.form import ask_for_path


async def export(host: Host, title: str, label: str, default: Path, make: Callable[[], bytes], done: Callable[[str], str]) -> None:
    """Ask for a path and write there, or (in a browser) send `default`'s name as a download.
    `done(where)` is the sentence said once it is on its way."""
    if host.is_web:
        host.deliver_file(default.name, make, done(_("{name}, a download in your browser").format(name=default.name)))
        return
    path = await ask_for_path(host, title, label, str(default), False)
    if path is not None:
        host.write_file(path, make, done(str(path)))


def import_elsewhere(command: str, what: str) -> str:
    """The sentence for an import asked for in a browser, where there is no upload."""
    return _(
        "A browser cannot hand this dashboard a file. Import {what} on the server with `{command}` (give it the "
        "--db this dashboard is served with): it shows what it would change and asks first, and the result shows "
        "here within a second."
    ).format(what=what, command=command)
