"""ImportPreviewScreen: what a CSV import would add, update and reject, before anything changes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from store.roster_csv import ImportPlan
from store.i18n import N_, _

SHOWN = 200  # rows listed per kind; the counts are always complete


def plan_text(plan: ImportPlan, source: str) -> Text:
    text = Text()
    text.append(f"{source}\n", style="bold")
    text.append(_("Read as {encoding}; columns:").format(encoding=plan.encoding) + " ")
    text.append(", ".join(f"{theirs!r} → {ours}" for ours, theirs in plan.columns.items()) or _("none"))
    text.append("\n\n")
    text.append(plan.summary(), style="bold")
    for title, lines in (
        (_("Add"), [f"{m.name}  {m.email}" for m in plan.adds]),
        (_("Update (matched on email)"), [f"{after.name}  {after.email}" for _b, after in plan.updates]),
        (_("Rejected"), [_("line {n}: {reason}").format(n=line, reason=reason) for line, reason in plan.rejects]),
        (_("Merged"), [note for _line, note in plan.notes]),
    ):
        if not lines:
            continue
        text.append(f"\n\n{title} ({len(lines)}):", style="bold")
        for line in lines[:SHOWN]:
            text.append(f"\n  {line}")
        if len(lines) > SHOWN:
            text.append("\n  … " + _("and {n} more").format(n=len(lines) - SHOWN), style="dim")
    return text


class ImportPreviewScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", N_("Import")),
        Binding("n", "answer(False)", N_("Cancel")),
        Binding("escape", "answer(False)", N_("Cancel"), show=False),
    ]

    def __init__(self, plan: ImportPlan, source: str) -> None:
        super().__init__()
        self.plan = plan
        self.source = source

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="import-body", classes="dialog") as body:
            body.border_title = _("Import preview: nothing has changed yet")
            body.border_subtitle = _("y import · n or escape cancel")
            yield Static(plan_text(self.plan, self.source))

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#import-body"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
