"""What the app does when the letter pane asks: confirm a copy, export a PDF, edit templates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from store.models import LetterTemplate, upsert_by_id

from .screens.confirm import ConfirmScreen
from .screens.form import ask_for_path

if TYPE_CHECKING:
    from widgets.letter import LetterPane

    from .app import CampaignDashApp


def confirm_copy(app: CampaignDashApp, text: str, what: str) -> None:
    def answered(yes: bool | None) -> None:
        if yes:
            app.copy_text(text, what)

    app.push_screen(
        ConfirmScreen("Some fields are still blank. Copy the letter anyway?", f"{what}: blanks stay marked like [número]."),
        answered,
    )


def export_pdf(app: CampaignDashApp, pane: LetterPane) -> None:
    from store.letter_pdf import letter_pdf
    from store.letters import recipients

    template, filled = pane.template, pane.filled()
    if template is None or filled is None:
        app.notify("There is no letter to export.", severity="warning")
        return
    to, cc = recipients(app.campaign.targets)
    subject = template.subject.get(pane.lang, "")

    def make() -> bytes:
        return letter_pdf(filled.text, to=to, cc=cc, subject=subject, title=template.name)

    ask_for_path(
        app, "Export the letter as PDF", "File", str(Path.home() / f"letter-{pane.lang}.pdf"), False,
        lambda path: app.write_file(path, make, f"Wrote the letter to {path}."),
    )


def edit_template(app: CampaignDashApp, template: LetterTemplate | None, lang: str) -> None:
    from .screens.template_editor import TemplateEditorScreen

    editing = template or LetterTemplate(name="", bodies={})

    def done(result: LetterTemplate | None) -> None:
        if result is None:
            return
        upsert_by_id(app.campaign.letters, result)
        app.refresh_panes()
        app.save_record(result, f"letter template {result.name}")
        app.notify(f"Saved the template {result.name}.", markup=False)

    app.push_screen(TemplateEditorScreen(editing, lang), done)
