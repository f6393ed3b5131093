"""write_private_file: exports of people's data land whole, readable only by their owner, and every
failure is a sentence."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from store.files import FileWriteError, write_private_file


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_export_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        write_private_file(tmp_path / "people.csv", b"Name\r\nAna\r\n")
    finally:
        os.umask(old)
    assert (tmp_path / "people.csv").read_bytes() == b"Name\r\nAna\r\n" and mode(tmp_path / "people.csv") == 0o600


def test_an_existing_readable_file_is_replaced_whole_and_made_private(tmp_path: Path) -> None:
    target = tmp_path / "people.csv"
    target.write_bytes(b"old" * 1000)
    target.chmod(0o644)
    write_private_file(str(target), b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]  # no temporary file left


def test_a_link_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep me")
    link = tmp_path / "export.csv"
    link.symlink_to(victim)
    write_private_file(link, b"export")
    assert victim.read_bytes() == b"keep me" and not link.is_symlink() and link.read_bytes() == b"export"


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda t: t / "missing" / "x.csv", "the folder {t}/missing does not exist. Nothing was written."),
        (lambda t: (t / "a-file").write_bytes(b"") is not None and t / "a-file" / "x.csv", "{t}/a-file is not a folder"),
        (lambda t: (t / "dir").mkdir() or t / "dir", "it is a folder; give a file name"),
        (lambda t: os.mkfifo(t / "pipe") or t / "pipe", "it is a device or a pipe, not a file"),
        (lambda t: t / ("x" * 300 + ".csv"), "the file name is too long"),
    ],
    ids=["no-folder", "under-a-file", "a-folder", "a-pipe", "long-name"],
)
def test_failures_are_sentences_and_change_nothing(tmp_path: Path, make, words: str) -> None:  # type: ignore[no-untyped-def]
    target = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(FileWriteError) as caught:
        write_private_file(target, b"data")
    assert str(caught.value).startswith("cannot write ") and words.format(t=tmp_path) in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_an_escape_code_in_the_path_is_shown_escaped(tmp_path: Path) -> None:
    with pytest.raises(FileWriteError) as caught:
        write_private_file(tmp_path / "evil\x1b]0;x\x07" / "people.csv", b"x")
    assert "\x1b" not in str(caught.value) and "evil\\x1b]0;x\\x07" in str(caught.value)
