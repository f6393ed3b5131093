"""What an open dashboard could not write yet, told to everyone else (`campaign-dash status`).

A change the dashboard cannot save (a full disk, a read-only file, a held lock) or that waits for
the organizer to settle a conflict lives in that dashboard's memory. So a cron job running
`status --check` can say "3 changes not saved", the dashboard leaves a small report next to the
campaign file (`campaign.json.unsaved.json`, mode 0600): the changes' summaries, who made them,
why they are not written, and the dashboard's process id. It is removed once everything is
written. Writing the report is best effort: the same full disk may refuse it too.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .files import FileWriteError, write_private_file
from .i18n import _, ngettext

SUFFIX = ".unsaved.json"


@dataclass(frozen=True)
class UnsavedReport:
    reason: str  # why the changes are not written, in words
    summaries: list[str]
    author: str
    since: str  # ISO time of the first failure
    pid: int
    conflict: bool = False  # waiting for the organizer to keep theirs or take the other value

    @property
    def dashboard_running(self) -> bool:
        """Is the dashboard that holds the changes still open (on this machine)?"""
        if self.pid <= 0:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # someone else's process: it exists
            return True
        except OSError:
            return False
        return True

    def sentence(self) -> str:
        n = len(self.summaries)
        what = ngettext("{n} change made in the dashboard by {author}", "{n} changes made in the dashboard by {author}", n).format(
            n=n, author=self.author or _("someone")
        )
        if self.conflict:
            state = _('wait for the organizer to settle a conflict')
        else:
            state = _('are not saved since {value} ({reason})').format(value=self.since.replace('T', ' ')[:16], reason=self.reason)
        if not self.dashboard_running:
            state += _('; that dashboard has closed, so they are lost unless made again')
        return f"{what} {state}: " + "; ".join(self.summaries[:3]) + (f" (and {n - 3} more)" if n > 3 else "")


def report_path(db: Path) -> Path:
    return db.with_name(db.name + SUFFIX)


def write_report(db: Path, report: UnsavedReport) -> bool:
    """Leave the report (True), or say nothing if even that cannot be written (False)."""
    data = {
        "reason": report.reason,
        "summaries": report.summaries,
        "author": report.author,
        "since": report.since,
        "pid": report.pid,
        "conflict": report.conflict,
    }
    try:
        write_private_file(report_path(db), json.dumps(data, ensure_ascii=False, indent=1).encode())
    except (FileWriteError, OSError):
        return False
    return True


def read_report(db: Path) -> UnsavedReport | None:
    """The report an open (or crashed) dashboard left, or None. A damaged report is read as
    "something is not saved" rather than ignored."""
    path = report_path(db)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        return UnsavedReport(_('the report {path} cannot be read ({strerror})').format(path=path, strerror=error.strerror), ["(unknown)"], "", "", 0)
    try:
        data = json.loads(raw)
        return UnsavedReport(
            reason=str(data["reason"]),
            summaries=[str(s) for s in data["summaries"]],
            author=str(data.get("author", "")),
            since=str(data.get("since", "")),
            pid=int(data.get("pid", 0)),
            conflict=bool(data.get("conflict", False)),
        )
    except (ValueError, KeyError, TypeError):
        return UnsavedReport(_('the report {path} is damaged').format(path=path), ["(unknown)"], "", "", 0)


def clear_report(db: Path) -> None:
    try:
        report_path(db).unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass  # a read-only folder: the report could not have been written there either
