"""RecordListScreen: one kind of record (speakers, milestones, targets, templates) as a list, with
a key for each thing that can be done to it.

The screen only lists and routes keys: each subclass declares its BINDINGS as `do('name')`, and
the caller hands in `handlers`, name -> coroutine function taking the highlighted record's id
(None when the list is empty). The handlers open forms and submit changes; the app calls
`show_campaign` whenever the campaign shown changes (an edit here, or another writer's), so the
list is never stale. User text is shown as Rich `Text`, never as markup.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from store.i18n import _
from store.models import Campaign
from widgets.keys import bindings
from widgets.footer import KeysFooter

Row = tuple[str, Text]  # (record id, the line shown)
Handler = Callable[[str | None], Coroutine[Any, Any, None]]
R = TypeVar("R")


def on_record(
    records: Callable[[], Iterable[R]],
    act: Callable[[R], Awaitable[None] | None],
    key: Callable[[R], str] = lambda record: record.id,  # type: ignore[attr-defined]
) -> Handler:
    """A handler that runs `act` on the highlighted record as the campaign holds it now (read
    when the key is pressed: the list may be older than another writer's change); nothing if the
    record is gone or the list is empty."""

    async def handle(record_id: str | None) -> None:
        found = next((r for r in records() if key(r) == record_id), None)
        if found is not None:
            result = act(found)
            if inspect.isawaitable(result):
                await result

    handle.needs_record = True  # type: ignore[attr-defined]
    return handle


def always(act: Callable[[], Awaitable[None] | None]) -> Handler:
    """A handler that does not need a record (add, undo)."""

    async def handle(_: str | None) -> None:
        result = act()
        if inspect.isawaitable(result):
            await result

    return handle


class RecordListScreen(ModalScreen[None]):
    BINDINGS = bindings("list")  # widgets/keys.py

    def __init__(
        self,
        title: str,
        campaign: Campaign,
        rows: Callable[[Campaign], list[Row]],
        handlers: dict[str, Handler],
        empty: str,
        heading: Callable[[Campaign], Text] | None = None,
    ) -> None:
        super().__init__()
        self.list_title = title
        self.rows = rows
        self.handlers = handlers
        self.empty = empty
        self.heading = heading
        self.campaign = campaign

    def compose(self) -> ComposeResult:
        with Vertical(id="records-body", classes="dialog") as body:
            body.border_title = self.list_title
            body.border_subtitle = self._hint()
            yield Static(id="records-heading")
            yield OptionList(id="records")
            yield Static(Text(self.empty, style="dim"), id="records-empty")
        yield KeysFooter()  # the keys in the interface's language

    def _hint(self) -> str:
        shown = [b for b in self.BINDINGS if isinstance(b, Binding) and b.show]
        return " · ".join(f"{b.key_display or b.key} {_(b.description).lower()}" for b in shown)

    def on_mount(self) -> None:
        self.show_campaign(self.campaign)
        self.set_focus(self.query_one(OptionList))

    def show_campaign(self, campaign: Campaign) -> None:
        """Refill the list from `campaign`, keeping the highlighted record where it still exists."""
        self.campaign = campaign
        if self.heading is not None:
            self.query_one("#records-heading", Static).update(self.heading(campaign))
        self.query_one("#records-heading").display = self.heading is not None
        options = self.query_one(OptionList)
        keep = self.selected_id
        index = options.highlighted or 0
        rows = self.rows(campaign)
        options.clear_options()
        options.add_options([Option(line, id=record_id) for record_id, line in rows])
        ids = [record_id for record_id, _line in rows]
        if rows:
            options.highlighted = ids.index(keep) if keep in ids else min(index, len(rows) - 1)
        options.display = bool(rows)
        self.query_one("#records-empty").display = not rows

    @property
    def selected_id(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or options.option_count == 0:
            return None
        return options.get_option_at_index(options.highlighted).id

    def select(self, record_id: str) -> None:
        """Highlight a record (one just added, or moved)."""
        options = self.query_one(OptionList)
        for i in range(options.option_count):
            if options.get_option_at_index(i).id == record_id:
                options.highlighted = i
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if "edit" in self.handlers:
            self.action_do("edit")

    def action_do(self, name: str) -> None:
        handler = self.handlers.get(name)
        if handler is None:
            return
        if getattr(handler, "needs_record", False) and self.selected_id is None:
            self.notify(self.empty, severity="warning", markup=False)  # says so, rather than nothing
            return
        self.app.run_worker(handler(self.selected_id), group="dialogs")

    def action_close(self) -> None:
        self.dismiss(None)
