"""What the app does when the letter pane asks: remember field values, confirm a copy, export a
PDF, edit templates."""

from __future__ import annotations

from pathlib import Path

from store import letters
from store.changes import add_op, change, update_op
from store.models import LetterTemplate
from store.validation import ValidationError

from .host import Host
from .screens.confirm import ConfirmScreen
from .screens.form import ask_for_path


def remember_values(host: Host, template_id: str, values: dict[str, str]) -> None:
    """Keep what was typed in the letter's blanks: one change naming only the blanks that changed,
    so two organizers filling different blanks both win."""
    template = next((t for t in host.campaign.letters if t.id == template_id), None)
    if template is None:
        return
    changed = {k: v for k, v in values.items() if template.values.get(k, "") != v}
    try:
        after = letters.with_values(template, changed)
    except ValidationError as error:
        problems = "; ".join(f"{key}: {reason}" for key, reason in error.errors.items())
        host.notify(f"Not kept: {problems}.", severity="error", markup=False)
        return
    op = update_op(template, after)
    if op is not None:
        names = ", ".join(sorted(path.partition(".")[2] for path in op.fields))
        host.submit(change(f"filled the letter's blanks ({names})", [op]))


async def confirm_copy(host: Host, text: str, what: str) -> None:
    question = ConfirmScreen("Some fields are still blank. Copy the letter anyway?", f"{what}: blanks stay marked like [número].")
    if await host.push_screen_wait(question):
        host.copy_text(text, what)


async def export_pdf(host: Host, template: LetterTemplate, lang: str, text: str) -> None:
    from store.letter_pdf import letter_pdf
    from store.letters import recipients

    to, cc = recipients(host.campaign.targets)
    subject = template.subject.get(lang, "")

    def make() -> bytes:
        return letter_pdf(text, to=to, cc=cc, subject=subject, title=template.name)

    path = await ask_for_path(host, "Export the letter as PDF", "File", str(Path.home() / f"letter-{lang}.pdf"), False)
    if path is not None:
        host.write_file(path, make, f"Wrote the letter to {path}.")


async def edit_template(host: Host, template: LetterTemplate | None, lang: str) -> None:
    from .screens.template_editor import TemplateEditorScreen

    result = await host.push_screen_wait(TemplateEditorScreen(template or LetterTemplate(name="", bodies={}), lang))
    if result is None:
        return
    if template is None:
        done = host.submit(change(f"added the letter template {result.name}", [add_op(result)]))
    else:
        done = host.submit(change(f"edited the letter template {result.name}", [update_op(template, result)]))
    if done:
        host.notify(f"Saved the template {result.name}.", markup=False)
