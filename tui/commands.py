"""Command palette provider: every dashboard action, by name, for ctrl+p; made from the same key
table as the footer and `?` (widgets/keys.py), with the key that runs it now (the user's keymap
applied)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from store.i18n import N_, _
from widgets.keys import KEYS, KeyAction

PANE_WORDS = {"tour": N_("in the tour pane"), "petition": N_("in the petition pane"), "roster": N_("in the roster pane"), "letter": N_("in the letter pane")}


def app_action(key: KeyAction) -> str:
    """What the app runs for a palette entry: a pane's action is run in that pane, shown first."""
    if key.where == "app":
        return key.action
    if key.where == "pane":
        return f"screen.{key.action}"
    return f"pane_action('{key.where}', '{key.action}')"


def commands(key_for) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    """(name, help, action, English name) for each action with a palette name; the name and help
    in the interface's language, the English name kept so either finds it."""
    found = []
    for key in KEYS:
        if not key.palette:
            continue
        where = f" {_(PANE_WORDS[key.where])}" if key.where in PANE_WORDS else ""
        detail = f"{_(key.detail)} " if key.detail else ""
        found.append((_(key.palette), f"{detail}({key_for(key.id)}{where})", app_action(key), key.palette))
    return found


class CampaignCommands(Provider):
    def _commands(self) -> list[tuple[str, str, str, str]]:
        return commands(self.app.key_for)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for name, help_text, action, _english in self._commands():
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        """A command by its name in the interface's language or in English (organizers share
        names across languages), or by its help line."""
        matcher = self.matcher(query)
        for name, help_text, action, english in self._commands():
            score = max(matcher.match(name), matcher.match(english) * (0.9 if english != name else 1), matcher.match(help_text) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.run_action, action), help=help_text)
