"""Command palette provider: every dashboard action, by name, for ctrl+p."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (name, help, action run on the app)
COMMANDS: list[tuple[str, str, str]] = [
    ("Show tour calendar", "Focus the tour pane (1)", "screen.show_pane('tour')"),
    ("Show petition", "Focus the petition pane (2)", "screen.show_pane('petition')"),
    ("Show delegation roster", "Focus the roster pane (3)", "screen.show_pane('roster')"),
    ("Show letter", "Focus the letter pane (4)", "screen.show_pane('letter')"),
    ("Zoom pane", "Maximize or restore the focused pane (z)", "screen.toggle_zoom"),
    ("Copy letter", "Copy the letter as filled so far (c in the letter pane)", "copy_letter"),
    ("Switch letter language", "Spanish / English (l in the letter pane)", "switch_letter_language"),
    ("Show keys", "List every key (?)", "show_keys"),
    ("Quit campaign-dash", "Leave the dashboard (q)", "quit"),
]


class CampaignCommands(Provider):
    async def discover(self) -> Hits:
        for name, help_text, action in COMMANDS:
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.run_action, action), help=help_text)
