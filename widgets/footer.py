"""KeysFooter: Textual's Footer drawn as one line of text.

Textual's Footer recomposes a widget per key (~20 on a pane) every time the focus moves, which
was most of a pane switch's time. This one keeps its children and redraws one Text, and only
when the keys shown changed: the same keys, descriptions, groups, dimmed disabled keys and
command-palette key on the right, at the same places and in the same colors.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer

from store.i18n import N_, _

PALETTE = N_("palette")  # Textual's word for its ctrl+p key in the footer, translated with ours

if TYPE_CHECKING:
    from textual.screen import Screen

# (key, key shown, description, enabled, group description or None, compact group)
Shown = tuple[str, str, str, bool, "str | None", bool]


class FooterKeys(Widget):
    """The keys of the focused place as one Text; a click on a key presses it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description"}
    DEFAULT_CSS = """
    FooterKeys {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &.-command-palette {
            dock: right;
            padding-right: 1;
            border-left: vkey $foreground 20%;
        }
    }
    """

    def __init__(self, classes: str = "", compact: bool = False) -> None:
        super().__init__(classes=classes)
        self.compact = compact  # as a compact FooterKey: "key description" (the palette's key is one)
        self.shown: tuple[Shown, ...] = ()
        self._spans: list[tuple[int, int, str, bool]] = []  # (start, end, key, enabled)

    def show(self, shown: tuple[Shown, ...]) -> None:
        if shown != self.shown:
            old = self.render().cell_len
            self.shown = shown
            new = self.render().cell_len
            # Keys wider than the footer are cut to the room it has (the layout shrinks this
            # widget): other keys that are cut too keep the same width, and a new layout of the
            # whole screen (a reflow on each focus move of a wide terminal) would change nothing.
            width = self.size.width
            self.refresh(layout=not (width and old > width and new >= width) and new != old)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        dim = Style(dim=True)
        text = Text(no_wrap=True)
        spans: list[tuple[int, int, str, bool]] = []

        def add(part: str, style: Style | None, key: str = "", enabled: bool = True) -> None:
            start = len(text)
            text.append(part, (style + dim if style else dim) if not enabled else style)
            if key:
                spans.append((start, len(text), key, enabled))

        for group, items in groupby(self.shown, key=lambda s: (s[4], s[5])):
            label, compact = group
            items = list(items)
            if label is None:  # as FooterKey: " key " then "description "
                for key, display, description, enabled, _group, _compact in items:
                    start = len(text)
                    add(display if self.compact else f" {display} ", key_style, enabled=enabled)
                    add(f" {description}" if self.compact else f"{description} ", description_style, enabled=enabled)
                    spans.append((start, len(text), key, enabled))
                continue
            # a group (the pane numbers): its keys side by side, then its name (Footer's KeyGroup)
            text.append(" " if compact else "")
            for key, display, _description, enabled, _group, _compact in items:
                if not compact:
                    text.append(" ")
                add(display, key_style, key, enabled)
                if not compact:
                    text.append(" ")
            text.append(" " if compact else "")
            text.append(label, description_style)
            text.append(" ")
        self._spans = spans
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return


class KeysFooter(Footer):
    """A Footer whose keys are one FooterKeys, and the palette's key on the right another."""

    _due = False

    def compose(self) -> ComposeResult:
        yield FooterKeys()
        yield FooterKeys(classes="-command-palette", compact=True)

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus:
            return  # as Footer: the keys wait until the terminal has the focus
        if self.is_attached and screen is self.screen and not self._due:
            self._due = True  # one update for the several signals one focus move sends
            self.call_later(self._show_bindings)  # in the same frame as the move, not the next

    def _show_bindings(self) -> None:
        """The focused place's keys, grouped as Footer groups them (one entry per action)."""
        self._due = False
        if not self.is_attached:
            return
        app = self.app
        active = self.screen.active_bindings
        by_action: defaultdict[str, list[tuple]] = defaultdict(list)  # type: ignore[type-arg]
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled))
        shown: list[Shown] = []
        for group, runs in groupby(by_action.values(), lambda found: found[0][0].group):
            runs = list(runs)
            grouped = group is not None and len(runs) > 1
            for found in runs:
                binding, enabled = found[0]
                shown.append(
                    (
                        binding.key,
                        app.get_key_display(binding),
                        "" if grouped else _(binding.description),  # the key table's words, translated here
                        enabled,
                        _(group.description) if grouped else None,
                        bool(group.compact) if grouped else False,
                    )
                )
        keys, palette = self.query(FooterKeys).results()
        keys.show(tuple(shown))
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette.show(((binding.key, app.get_key_display(binding), _(binding.description), enabled, None, False),))
        palette.display = bool(palette.shown)
