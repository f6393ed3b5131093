"""Moving a campaign (`campaign-dash copy`): from a file to a server, back, or between two of
either, with its log and revision, so history, undo and `campaign-dash log` carry over.

A target that already holds a campaign is refused unless asked to replace it; then the old one
is moved aside (a file to NAME.<date-time>.bak beside it, a server campaign renamed to
NAME.<date-time>.bak), never deleted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .changes import LogEntry
from .db import LOG_TABLE, StoreError, campaign_to_tables
from .files import atomic_write_bytes
from .i18n import _
from .location import ServerLocation


@dataclass(frozen=True)
class Copied:
    records: int
    entries: int
    rev: int
    backup: str | None  # where the target's old campaign went, with replace


def copy_campaign(source: Any, target: Any, *, replace: bool = False) -> Copied:
    """Copy the campaign in store `source` to store `target` (either store kind)."""
    state = source.read_state()
    entries = source.log()
    campaign = state.campaign
    assert campaign is not None
    if isinstance(target.path, ServerLocation):
        backup = target.receive(campaign, entries, state.rev, replace=replace)
    else:
        backup = _write_file(Path(target.path), campaign, entries, state.rev, replace)
    tables = campaign_to_tables(campaign)
    records = sum(len(rows) for name, rows in tables.items() if name not in ("meta", LOG_TABLE))
    return Copied(records, len(entries), state.rev, backup)


def _write_file(path: Path, campaign: Any, entries: list[LogEntry], rev: int, replace: bool) -> str | None:
    """The campaign file at `path`, whole, under the file store's lock (its `<path>.lock`)."""
    from filelock import FileLock, Timeout

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = campaign_to_tables(campaign)
    data["meta"]["1"]["rev"] = rev
    data[LOG_TABLE] = {str(i): entry.to_json() for i, entry in enumerate(entries, start=1)}
    try:
        with FileLock(f"{path}.lock", mode=0o600, timeout=10):
            backup = None
            if path.exists():
                if not replace:
                    raise StoreError(_('there is already a campaign file at {path}').format(path=path))
                stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
                moved, n = path.with_name(f"{path.name}.{stamp}.bak"), 1
                while moved.exists():
                    n += 1
                    moved = path.with_name(f"{path.name}.{stamp}-{n}.bak")
                os.replace(path, moved)
                backup = str(moved)
            import orjson

            atomic_write_bytes(path, orjson.dumps(data))
            return backup
    except Timeout:
        raise StoreError(_('{path} is locked by another campaign-dash; try again').format(path=path)) from None
    except OSError as error:
        raise StoreError(_('could not write {path}: {value}').format(path=path, value=error.strerror or error)) from None


__all__ = ["Copied", "copy_campaign"]
