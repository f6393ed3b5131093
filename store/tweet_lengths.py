"""Tweet lengths counted before, kept in the user's cache folder.

twitter-text takes ~0.3 s of CPU and ~12 MB to load its patterns, which the dashboard would pay
at every start for the same few tweets, competing with the first keys for the interpreter: the
lengths it counted are kept in a small JSON file, and it is loaded only for a text not seen
before. A separate module from store.tweets (which the panes use to show a tweet) because this
one reads and writes a file.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from .files import atomic_write_bytes
from .tweets import weighted_length

LENGTHS_FILE = "tweet-lengths.json"
LENGTHS_KEPT = 500  # texts remembered (a campaign has a few targets, each a tweet per language)


def lengths_path() -> Path:
    """The cache of lengths counted before, in the user's cache folder."""
    from platformdirs import user_cache_path

    return user_cache_path("campaign-dash", appauthor=False) / LENGTHS_FILE


def _library_mark() -> str:
    """Which twitter-text counted (its installed files, found without importing it: ~0.3 s):
    lengths from another install or version are counted again."""
    from importlib.util import find_spec

    spec = find_spec("twitter_text")
    if spec is None or spec.origin is None:
        return ""
    info = os.stat(spec.origin)
    return f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}"


def weighted_lengths(texts: Iterable[str], cache: Path | None = None) -> dict[str, int]:
    """Each text's length as X counts it, by text: from the cache file (`cache`, by default
    `lengths_path()`) where it was counted before, else by twitter-text and then kept there. A
    cache that is missing, damaged, unwritable or from another install of the library is simply
    not used: the lengths are counted again."""
    wanted = {text: unicodedata.normalize("NFC", text) for text in texts}
    path = cache or lengths_path()
    mark = _library_mark()
    known: dict[str, int] = {}
    try:
        saved = json.loads(path.read_bytes())
        if isinstance(saved, dict) and saved.get("library") == mark and isinstance(saved.get("lengths"), dict):
            known = {k: v for k, v in saved["lengths"].items() if isinstance(k, str) and type(v) is int}
    except (OSError, ValueError):
        pass
    missing = {normal for normal in wanted.values() if normal not in known}
    if missing:
        for normal in missing:
            known[normal] = weighted_length(normal)
        asked = set(wanted.values())  # kept last, so texts still in use are the last to go
        ordered = [*(k for k in known if k not in asked), *(k for k in known if k in asked)]
        kept = {k: known[k] for k in ordered[-LENGTHS_KEPT:]}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, json.dumps({"library": mark, "lengths": kept}, ensure_ascii=False).encode())
        except OSError:
            pass  # counted all the same; only the next start counts again
    return {text: known[normal] for text, normal in wanted.items()}
