"""What the app does when the letter pane asks: confirm a copy, export a PDF, edit templates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from store.models import LetterTemplate, upsert_by_id

from .screens.confirm import ConfirmScreen

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
    from .roster_actions import _path_form

    if pane.template is None:
        app.notify("There is no letter to export.", severity="warning")
        return
    filled = pane.filled()
    assert filled is not None
    default = str(Path.home() / f"letter-{pane.lang}.pdf")
    subject = pane.template.subject.get(pane.lang, "")
    app_write = lambda path: app.write_letter_pdf(path, filled.text, subject, pane.template.name)  # noqa: E731
    _path_form(app, "Export the letter as PDF", "File", default, False, app_write)


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
