"""DashboardScreen: the four panes, as a grid on a large terminal and as tabs on a small one."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.color import Color
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.message import Message
from textual.containers import Container
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from store.text import printable
from store.clock import Clock
from store.dates import medium_date
from store.i18n import _
from store.models import Campaign
from store.roster import SortedRoster
from widgets.footer import KeysFooter
from widgets.keys import bindings
from widgets.letter import LetterPane
from widgets.pane import Pane
from widgets.petition import PetitionPane
from widgets.roster import RosterPane
from widgets.tour import TourPane
from .. import collector

BOLD = Style(bold=True)
PANE_ORDER = ("tour", "petition", "roster", "letter")
PANE_CLASSES: tuple[type[Pane], ...] = (TourPane, PetitionPane, RosterPane, LetterPane)


class PaneTabs(Widget):
    """On a small terminal only one pane shows; this line says which, and the keys for the rest
    (the panes' short names when the full ones would not all fit)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._tabs: list[tuple[str, str, str, str]] = []  # (pane id, key, title, short title)
        self._active = ""

    def show_active(self, panes: Iterable[type[Pane]], active: str) -> None:
        self._tabs = [(p.PANE_ID, p.PANE_KEY, _(p.PANE_TITLE), _(p.PANE_TAB or p.PANE_TITLE)) for p in panes]
        self._active = active
        self.refresh()

    def render(self) -> Text:
        full = sum(len(title) + len(key) + 4 for _pane, key, title, _short in self._tabs)
        text = Text(no_wrap=True, overflow="ellipsis")
        for pane_id, key, title, short in self._tabs:
            shown = title if full <= self.content_size.width else short
            text.append(f" {key} {shown} ", style="reverse bold" if pane_id == self._active else "")
            text.append(" ")
        return text


class DashboardScreen(Screen):
    # Below 110 columns or 32 rows the grid would clip every pane: show one pane at a time.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    BINDINGS = bindings("pane")

    active_pane: reactive[str] = reactive("tour")

    class Built(Message):
        """The panes left out of the first frame are built (a small terminal's start-up)."""

    def __init__(self, campaign: Campaign, clock: Clock, read_only: str | None = None, roster_reading: bool = False) -> None:
        # The breakpoint classes the first resize would set, set now: set then, they restyle
        # every widget and lay the screen out again right after its first frame.
        super().__init__()
        self.add_class(*breakpoint_classes(self, self.app.size))
        self.campaign = campaign
        self.clock = clock
        self.read_only = read_only
        self.roster_reading = roster_reading  # its roster is not read yet: the roster pane says so
        self.connection = ""  # "offline since 14:02, 3 changes waiting" when the server is away
        self.roster_read: SortedRoster | None = None  # a roster read late, sorted and folded: for the roster pane's next show
        # On a small terminal only the first pane shows: the other three are built after the
        # first frame (`_build_rest`); a key showing one of them first waits for it alone.
        self.building = self._single()
        self._building_lock = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="title-bar")
        yield PaneTabs(id="pane-tabs")
        with Container(id="dashboard"):
            yield from self._new_panes(PANE_CLASSES[:1] if self.building else PANE_CLASSES)
        yield KeysFooter()

    def _new_panes(self, classes: Iterable[type[Pane]]) -> Iterable[Pane]:
        today = self.clock.today()
        made = {
            TourPane: lambda: TourPane(self.campaign, today),
            PetitionPane: lambda: PetitionPane(self.campaign),
            RosterPane: RosterPane,
            LetterPane: lambda: LetterPane(self.campaign, today),
        }
        return [made[cls]() for cls in classes]

    def _title(self) -> Table:
        """Name and day on the left; the two keys that find every other key on the right."""
        today = self.clock.today()
        left = Text.assemble((medium_date(today), "bold"), no_wrap=True, overflow="ellipsis")
        if self.clock.fixed_today:
            left.append(" (--today)", style="dim")
        left.append(printable(f"  ·  {self.campaign.info.name}"))
        if self.read_only:
            left.append("  ·  " + _("READ-ONLY"), style="bold red")
        if self.connection:
            left.append(f"  ·  {self.connection}", style="bold yellow")
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(left, Text(_("? keys  ^p commands"), style="dim"))
        return grid

    def on_mount(self) -> None:
        self.show_campaign(self.campaign)
        self.watch_active_pane(self.active_pane)
        self.watch(self.app, "theme", lambda: self._mark_active(self.active_pane), init=False)
        self.pane("tour").focus_main()
        self.call_after_refresh(self._build_rest if self.building else collect_after_start)

    async def _build_rest(self) -> None:
        """After the first frame of a small terminal: the panes it does not show, one at a
        time (a key asking for one of them meanwhile has it built first: `_ensure_pane`)."""
        for pane_id in PANE_ORDER:
            await self._ensure_pane(pane_id)
        self.building = False
        self.post_message(self.Built())
        collect_after_start()

    async def _ensure_pane(self, pane_id: str) -> None:
        """Build the pane `pane_id` if it is not yet (a small terminal's start-up), in its place
        among the others, hidden unless the grid shows all four, given the campaign as it is."""
        async with self._building_lock:
            if self.query(f"#{pane_id}") or not self.is_attached:
                return  # built already, or the app is closing (q at start-up)
            (pane,) = self._new_panes([PANE_CLASSES[PANE_ORDER.index(pane_id)]])
            pane.display = not self._single()  # hidden from the start: no layout of the shown pane
            later = [p for p in self.panes() if PANE_ORDER.index(p.PANE_ID) > PANE_ORDER.index(pane_id)]
            await self.query_one("#dashboard", Container).mount(pane, before=later[0] if later else None)
            self.show_campaign(self.campaign, {pane_id})
            self._show_panes()
            self._mark_active(self.active_pane)

    def show_campaign(self, campaign: Campaign, areas: set[str] | None = None) -> None:
        """Hand the panes whose data changed (`areas`; None: all) the campaign as it now is.

        Panes keep their cursor, filter and scroll; the others are left alone.
        """
        self.campaign = campaign
        today = self.clock.today()
        wanted = set(PANE_ORDER) | {"campaign"} if areas is None else areas
        if "campaign" in wanted:
            self.query_one("#title-bar", Static).update(self._title())
        for pane in self.panes():  # a pane not built yet (`_build_rest`) is given it when it is
            if pane.PANE_ID not in wanted:
                continue
            if isinstance(pane, PetitionPane):
                pane.show(campaign, today, self.clock.now())
            elif isinstance(pane, RosterPane) and self.roster_reading:
                pane.show_reading(campaign, today)
            elif isinstance(pane, RosterPane):
                if self.roster_read is not None:
                    pane.take_read(self.roster_read)
                    self.roster_read = None
                pane.show(campaign, today)
            else:
                pane.show(campaign, today)  # type: ignore[attr-defined]

    def show_connection(self, words: str) -> None:
        """Say in the title bar that the server is away and how many changes wait ("" : nothing)."""
        if words != self.connection:
            self.connection = words
            self.query_one("#title-bar", Static).update(self._title())

    def panes(self) -> list[Pane]:
        """The panes built so far, in order: the grid's children (a query would walk every
        widget of the screen, ~1 ms, and this runs on each change)."""
        try:
            grid = self.get_child_by_id("dashboard")
        except NoMatches:
            return []  # not composed yet
        return [child for child in grid.children if isinstance(child, Pane)]

    def pane(self, pane_id: str) -> Pane:
        return self.query_one(f"#{pane_id}", Pane)

    def watch_active_pane(self, active: str) -> None:
        self._show_panes()
        self.query_one(PaneTabs).show_active(PANE_CLASSES, active)
        self._mark_active(active)

    def _mark_active(self, active: str) -> None:
        """The active pane's border in the theme's accent, its title bold, as inline styles of
        the panes: a CSS rule (`.pane:focus-within`, a class) would restyle every widget
        of both panes on each switch (tens of ms at 80x24)."""
        variables = self.app.get_css_variables()
        accent = Color.parse(variables["accent"])
        quiet = Color.parse(variables["surface-lighten-2"])  # the .pane rule's colour
        for pane in self.panes():
            on = pane.PANE_ID == active
            # Every pane keeps an inline round border and only its colour changes: a border set
            # or cleared changes the box model, and the whole screen is laid out again. Set
            # only when it changes: a border set, even as it was, redraws the pane's frame.
            border = ("round", accent if on else quiet)
            if pane.styles.border_top != border:
                pane.styles.border = border
            # The title's colour and weight are set as rules, then the pane alone repainted: set
            # as style properties, each would re-render everything in the pane (Textual repaints
            # a node's children when a colour or text style of it changes; these reach none).
            title = {
                "auto_border_title_color": False if on else None,  # the rule's $text-muted is "auto"
                "border_title_color": accent if on else None,
                "border_title_style": BOLD if on else None,
            }
            changed = False
            for rule, value in title.items():
                changed |= pane.styles.clear_rule(rule) if value is None else pane.styles.set_rule(rule, value)
            if changed:
                pane.refresh()

    def _show_panes(self, size: Size | None = None) -> None:
        """All four panes on a large screen, the active one on a small one (at `size`, or the
        size the breakpoint classes say). Set as `display` rather than a CSS class: a class
        change restyles the pane's every widget (tens of ms)."""
        single = self._single(size)
        for pane in self.panes():
            pane.display = not single or pane.PANE_ID == self.active_pane

    def _single(self, size: Size | None = None) -> bool:
        """One pane at a time (a small terminal) rather than the grid of four."""
        classes = breakpoint_classes(self, size) if size is not None else self.classes
        return "-narrow" in classes or "-short" in classes

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self.outer_size and self.has_class(*breakpoint_classes(self, event.size)):
            # Laid out at this size already, with its breakpoint classes. Textual sends the
            # size it started at again right after the first frame (the app's first Resize and
            # the terminal's own), and each time lays out and repaints the whole screen (5-9 ms,
            # just when the first keys come): left to Textual's Screen only when something
            # changes (a screen above this one may have laid it out at a new size already).
            event.prevent_default()
            return
        # This runs before Screen's own handler sets the breakpoint classes: from the new size.
        self._show_panes(event.size)

    _resumed = False  # the screen has been shown once

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time, Textual's Screen is asked not to restyle every widget (its handler
        runs after this one): they were styled when they were mounted, just before, and
        nothing has changed since (~40 M instructions of the first frame, 2.5% of start-up;
        the first frame is the same either way). Later resumes, after a dialog, restyle as
        usual: the theme may have changed meanwhile."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        pane = next((a for a in event.widget.ancestors_with_self if isinstance(a, Pane)), None)
        if pane is not None:
            self.active_pane = pane.PANE_ID

    async def action_show_pane(self, pane_id: str) -> None:
        if self.building:
            await self._ensure_pane(pane_id)  # the keys after this one wait (TypeAhead, "now")
        if self.maximized is not None:
            self.minimize()
        self.active_pane = pane_id
        self.pane(pane_id).focus_main()

    async def action_cycle_pane(self, step: int) -> None:
        index = PANE_ORDER.index(self.active_pane)
        await self.action_show_pane(PANE_ORDER[(index + step) % len(PANE_ORDER)])

    def action_toggle_zoom(self) -> None:
        if self.maximized is not None:
            self.minimize()
        else:
            self.maximize(self.pane(self.active_pane))


def breakpoint_classes(screen: Screen, size: Size) -> list[str]:
    """The classes Textual's Screen gives at `size` for its HORIZONTAL_ and VERTICAL_BREAKPOINTS
    (the last breakpoint at or below the width, and at or below the height)."""
    classes = []
    for dimension, points in ((size.width, screen.HORIZONTAL_BREAKPOINTS), (size.height, screen.VERTICAL_BREAKPOINTS)):
        classes += [name for at, name in sorted(points or [], reverse=True) if dimension >= at][:1]
    return classes


def collect_after_start() -> None:
    """The first frame is painted: start-up's pause of garbage collection (tui/cli_start.py)
    ends, and what it made is frozen out of the collector's sight (tui/collector.py)."""
    collector.resume(collector.START_UP)
