"""Crash-safe file writing: a killed process leaves the old file or the new one, never half."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from .i18n import _
from .text import printable

TEMP_SUFFIX = ".tmp"


class FileWriteError(Exception):
    """A file the user asked for could not be written, said in plain words; nothing was changed."""


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def atomic_write_bytes(path: Path, data: bytes | list[bytes], mode: int = 0o600) -> None:
    """Write `data` (bytes, or a list of pieces written one after the other) to a temporary
    file beside `path`, fsync it, then rename it over `path`.

    `os.replace` is atomic on POSIX, so readers see either the old or the new content; the
    folder is fsynced too so the rename itself survives a power cut.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, list):
                handle.writelines(data)
            else:
                handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some file systems do not allow opening folders
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temp_files(path: Path) -> list[Path]:
    """Delete temporary files a killed writer left beside `path`. Call only under the lock."""
    removed = []
    for candidate in path.parent.glob(f"{temp_prefix(path)}*{TEMP_SUFFIX}"):
        try:
            candidate.unlink()
            removed.append(candidate)
        except FileNotFoundError:
            pass
    return removed


def write_private_file(path: Path | str, data: bytes) -> None:
    """Write an export the user chose (a CSV of people, a letter) atomically, readable only by
    its owner (mode 0600, whatever the umask: it holds people's data), or FileWriteError.

    An existing file is replaced whole; a symbolic link at `path` is replaced by the file
    rather than followed (so a link planted in a shared folder cannot redirect the write); a
    folder, device or pipe at `path` is refused.
    """
    target = Path(path)
    shown = printable(str(target), keep_newlines=False)
    try:
        existing = os.lstat(target)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise FileWriteError(_write_failure(error, target, shown)) from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise FileWriteError(_('cannot write {shown}: it is a folder; give a file name').format(shown=shown))
    if existing is not None and not (stat.S_ISREG(existing.st_mode) or stat.S_ISLNK(existing.st_mode)):
        raise FileWriteError(_('cannot write {shown}: it is a device or a pipe, not a file').format(shown=shown))
    try:
        atomic_write_bytes(target, data, mode=0o600)
    except OSError as error:
        raise FileWriteError(_write_failure(error, target, shown)) from None


def _write_failure(error: OSError, target: Path, shown: str) -> str:
    folder = printable(str(target.parent), keep_newlines=False)
    reasons = {
        errno.ENOENT: _('the folder {folder} does not exist').format(folder=folder),
        errno.ENOTDIR: _('{folder} is not a folder').format(folder=folder),
        errno.EISDIR: _('it is a folder; give a file name'),
        errno.EACCES: _('no permission to write in {folder}').format(folder=folder),
        errno.EPERM: _('no permission to write in {folder}').format(folder=folder),
        errno.EROFS: _('the disk is read-only'),
        errno.ENOSPC: _('the disk is full'),
        errno.EDQUOT: _('your disk quota is used up'),
        errno.ENAMETOOLONG: _('the file name is too long'),
    }
    reason = reasons.get(error.errno or 0) or (error.strerror or type(error).__name__).lower()
    return _('cannot write {shown}: {reason}. Nothing was written.').format(shown=shown, reason=reason)
