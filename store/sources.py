"""Words about a petition count source, with no network imports: widgets/ may use this module,
but never store.feeds (which talks HTTP)."""

from __future__ import annotations

from .models import FeedSource


def source_label(source: FeedSource) -> str:
    """'Action Network' or 'JSON URL', for the petition pane and the command line."""
    return "Action Network" if source.kind == "action_network" else "JSON URL"


__all__ = ["source_label"]
