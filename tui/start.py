"""The question asked when the dashboard is opened on a file that does not exist: a new blank
campaign (named here), the demo, or nothing. Nothing is created without an answer, so a
mistyped --db never turns into a campaign of demo data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from store.i18n import N_, _
from store.text import printable
from widgets.footer import KeysFooter


@dataclass(frozen=True)
class StartChoice:
    action: str  # "new", "demo" or "quit"
    name: str = ""  # the new campaign's name
    lang: str = "en"


class NoCampaignApp(App[StartChoice]):
    AUTO_FOCUS = None  # the keys n, d, q are the app's until the name is asked for
    CSS = """
    Screen { align: center middle; }
    #start { width: 76; max-width: 95%; height: auto; border: round $accent; padding: 1 2; }
    #start-name { display: none; margin-top: 1; }
    #start-error { color: $error; height: auto; }
    """
    BINDINGS = [
        Binding("n", "new", N_("New blank campaign")),
        Binding("d", "demo", N_("Demo campaign")),
        Binding("q", "quit_start", N_("Quit")),
        Binding("escape", "back", N_("Back"), show=False),
    ]

    def __init__(self, path: Path, lang: str = "en") -> None:
        super().__init__()
        self.path = path
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Static(Text(_("No campaign at {path}").format(path=printable(str(self.path))), style="bold"))
            yield Static(
                Text(
                    "\n"
                    + _("n  start a new blank campaign there (you name it)")
                    + "\n"
                    + _("d  put the demo campaign there (the 2013 US-El Salvador tour)")
                    + "\n"
                    + _("q  quit, creating nothing (check the --db path)")
                )
            )
            yield Input(placeholder=_("the campaign's name, then enter (escape: back)"), id="start-name", disabled=True)
            yield Static(id="start-error")
        yield KeysFooter()  # the keys in the interface's language

    def action_new(self) -> None:
        name = self.query_one("#start-name", Input)
        name.display, name.disabled = True, False
        self.set_focus(name)

    def action_demo(self) -> None:
        self.exit(StartChoice("demo"))

    def action_quit_start(self) -> None:
        self.exit(StartChoice("quit"))

    def action_back(self) -> None:
        name = self.query_one("#start-name", Input)
        if name.display:
            name.display, name.disabled = False, True
            self.set_focus(None)
        else:
            self.exit(StartChoice("quit"))

    @on(Input.Submitted)
    def _named(self, event: Input.Submitted) -> None:
        from store.text import problem

        name = event.value.strip()
        reason = _("give the campaign a name") if not name else problem(name)
        if reason:
            said = _("The name {reason}.").format(reason=reason) if name else reason[:1].upper() + reason[1:] + "."
            self.query_one("#start-error", Static).update(Text(said))
            return
        self.exit(StartChoice("new", name, self.lang))


def ask_missing_campaign(path: Path, lang: str = "en") -> StartChoice:
    """Ask in the terminal what to do about a missing campaign file."""
    return NoCampaignApp(path, lang).run() or StartChoice("quit")
