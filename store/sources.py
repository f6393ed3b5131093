"""Words for a live count source, without the network code (widgets may import this)."""

from __future__ import annotations

from .models import FeedSource


def source_label(source: FeedSource) -> str:
    return "Action Network" if source.kind == "action_network" else "JSON URL"
