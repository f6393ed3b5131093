"""What the app does when the letter pane asks: remember field values, confirm a copy, export a
PDF, edit templates."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from store import letters
from store.changes import add_op, change, delete_op, update_op
from store.details import LANGUAGE_NAMES as LANGUAGE_WORDS  # translated where shown
from store.i18n import N_, _
from store.models import LANGUAGES, Campaign, LetterTemplate
from store.validation import ValidationError
from widgets.keys import bindings

from .host import Host
from .screens.confirm import ChoiceScreen, ConfirmScreen
from .exports import export
from .screens.form import Field, FormScreen
from .screens.records import RecordListScreen, Row, always, on_record

CHOICE_KEYS = {"es": "s", "en": "e"}  # the same keys in both interface languages


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
        host.notify(_("Not kept: {problems}.").format(problems=problems), severity="error", markup=False)
        return
    op = update_op(template, after)
    if op is not None:
        names = ", ".join(sorted(path.partition(".")[2] for path in op.fields))
        host.submit(change(_("filled the letter's blanks ({names})").format(names=names), [op]))


async def confirm_copy(host: Host, text: str, what: str) -> None:
    question = ConfirmScreen(_("Some fields are still blank. Copy the letter anyway?"), _("{what}: blanks stay marked like [número].").format(what=what))
    if await host.push_screen_wait(question):
        host.copy_text(text, what)


async def export_pdf(host: Host, template: LetterTemplate, lang: str, text: str) -> None:
    from store.letter_pdf import letter_pdf
    from store.letters import recipients

    to, cc = recipients(host.campaign.targets)
    subject = template.subject.get(lang, "")

    def make() -> bytes:
        return letter_pdf(text, to=to, cc=cc, subject=subject, title=template.name)

    await export(
        host, _("Export the letter as PDF"), _("File"), Path.home() / f"letter-{lang}.pdf", make, lambda where: _("Wrote the letter to {where}.").format(where=where)
    )


async def edit_template(host: Host, template: LetterTemplate | None, lang: str) -> None:
    from .screens.template_editor import TemplateEditorScreen

    result = await host.push_screen_wait(TemplateEditorScreen(template or LetterTemplate(name="", bodies={}), lang))
    if result is None:
        return
    if template is None:
        done = host.submit(change(_("added the letter template {name}").format(name=result.name), [add_op(result)]))
    else:
        done = host.submit(change(_("edited the letter template {name}").format(name=result.name), [update_op(template, result)]))
    if done:
        host.notify(_("Saved the template {name}.").format(name=result.name), markup=False)


# --- templates as a list -------------------------------------------------------------------------


class TemplatesScreen(RecordListScreen):
    BINDINGS = [*RecordListScreen.BINDINGS, *bindings("templates")]  # widgets/keys.py


def template_rows(campaign: Campaign) -> list[Row]:
    rows = []
    for template in campaign.letters:
        line = Text.assemble((template.name, "bold"), f"  [{', '.join(template.languages) or _('no text yet')}]")
        blanks = len(letters.fillable(template))
        line.append(f"  {blanks} blank{'s' if blanks != 1 else ''}, {letters.filled_fields(template)} filled", style="dim")
        rows.append((template.id, line))
    return rows


async def manage_templates(host: Host, lang: str) -> None:
    def templates() -> list[LetterTemplate]:
        return host.campaign.letters

    def edit(template: LetterTemplate):  # type: ignore[no-untyped-def]
        shown = lang if lang in template.bodies else next(iter(template.bodies), lang)
        return edit_template(host, template, shown)

    handlers = {
        "add": always(lambda: edit_template(host, None, lang)),
        "edit": on_record(templates, edit),
        "rename": on_record(templates, lambda template: rename_template(host, template)),
        "copy": on_record(templates, lambda template: copy_to_language(host, template)),
        "remove": on_record(templates, lambda template: remove_template(host, template)),
        "undo": always(lambda: host.undo("letter")),
    }
    await host.push_screen_wait(
        TemplatesScreen(_("Letter templates"), host.campaign, template_rows, handlers, _("No templates yet: a adds one."))
    )


async def rename_template(host: Host, template: LetterTemplate) -> None:
    def build(typed: dict[str, str]) -> LetterTemplate:
        return letters.renamed(host.campaign.letters, template, typed["name"])

    result = await host.push_screen_wait(FormScreen(_("Rename the template"), [Field("name", N_("Name"))], {"name": template.name}, build))
    if result is not None:
        host.submit(change(_("renamed the template {old} to {new}").format(old=repr(template.name), new=repr(result.name)), [update_op(template, result)]))


async def copy_to_language(host: Host, template: LetterTemplate) -> None:
    """Copy one language's text to the other as the start of a translation (asks before
    writing over text already there)."""
    pairs = [(a, b) for a in template.bodies for b in LANGUAGES if a != b]
    if not pairs:
        host.notify(_("This template has no text yet: e writes it."), severity="warning")
        return
    if len(pairs) == 1:
        source, target = pairs[0]
    else:
        choices = [(CHOICE_KEYS[a], _("{source} over {target}").format(source=_(LANGUAGE_WORDS[a]), target=_(LANGUAGE_WORDS[b])), f"{a}>{b}") for a, b in pairs]
        picked = await host.push_screen_wait(ChoiceScreen(_("Copy which way?"), template.name, choices, escape_value=""))
        if not picked:
            return
        source, _sep, target = picked.partition(">")
    if target in template.bodies:
        question = _("Write the {source} text over the {target} one?").format(source=_(LANGUAGE_WORDS[source]), target=_(LANGUAGE_WORDS[target]))
        if not await host.push_screen_wait(ConfirmScreen(question, _("u brings the old text back."))):
            return
    result = letters.copied_to_language(template, source, target)
    if host.submit(change(_("copied the template {name} from {source} to {target}").format(name=repr(template.name), source=source, target=target), [update_op(template, result)])):
        host.notify(_("Copied to {language}: translate it with e (l shows that language in the letter).").format(language=_(LANGUAGE_WORDS[target])), markup=False)


async def remove_template(host: Host, template: LetterTemplate) -> None:
    detail = _("{blanks} blanks, {filled} filled. u brings it back.").format(blanks=len(letters.fillable(template)), filled=letters.filled_fields(template))
    if await host.push_screen_wait(ConfirmScreen(_("Remove the template {name}?").format(name=template.name), detail)):
        host.submit(change(_("removed the template {name}").format(name=template.name), [delete_op(template)]))
