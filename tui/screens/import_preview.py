"""ImportPreviewScreen: what a CSV import would add, update and reject, before anything changes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from store.roster_csv import ImportPlan

SHOWN = 200  # rows listed per kind; the counts are always complete


def plan_text(plan: ImportPlan, source: str) -> Text:
    text = Text()
    text.append(f"{source}\n", style="bold")
    text.append(f"Read as {plan.encoding}; columns: ")
    text.append(", ".join(f"{theirs!r} → {ours}" for ours, theirs in plan.columns.items()) or "none")
    text.append("\n\n")
    text.append(plan.summary(), style="bold")
    for title, lines in (
        ("Add", [f"{m.name}  {m.email}" for m in plan.adds]),
        ("Update (matched on email)", [f"{after.name}  {after.email}" for _b, after in plan.updates]),
        ("Rejected", [f"line {line}: {reason}" for line, reason in plan.rejects]),
        ("Merged", [note for _line, note in plan.notes]),
    ):
        if not lines:
            continue
        text.append(f"\n\n{title} ({len(lines)}):", style="bold")
        for line in lines[:SHOWN]:
            text.append(f"\n  {line}")
        if len(lines) > SHOWN:
            text.append(f"\n  … and {len(lines) - SHOWN} more", style="dim")
    return text


class ImportPreviewScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Import"),
        Binding("n", "answer(False)", "Cancel"),
        Binding("escape", "answer(False)", "Cancel", show=False),
    ]

    def __init__(self, plan: ImportPlan, source: str) -> None:
        super().__init__()
        self.plan = plan
        self.source = source

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="import-body", classes="dialog") as body:
            body.border_title = "Import preview: nothing has changed yet"
            body.border_subtitle = "y import · n or escape cancel"
            yield Static(plan_text(self.plan, self.source))

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#import-body"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
