"""`campaign-dash template ...`: the letter templates: list, add, rename, remove, and copy one
language's text to the other as the start of a translation."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from store import letters
from store.changes import add_op, change, delete_op, update_op
from store.models import LANGUAGES, Campaign, LetterTemplate
from store.i18n import N_, _
from store.validation import ValidationError

from .cli_common import commit, common_options, confirm_removal, context, echo, echo_json, fail, fail_fields
from .cli_help import argument, group, option


@group("template", help=N_("The letter templates: list, add, rename, remove, copy to the other language."))
def template_group() -> None:
    pass


def find(campaign: Campaign, text: str) -> LetterTemplate:
    try:
        return letters.find_template(campaign.letters, text)
    except ValueError as error:
        fail(str(error))


def template_line(template: LetterTemplate) -> str:
    fields = len(letters.fillable(template))
    languages = ", ".join(template.languages) or _("no text")
    filled = _("{filled} of {fields} fields filled").format(filled=letters.filled_fields(template), fields=fields)
    return f"{template.name}  ({languages})  {filled}"


@template_group.command("list", help=N_("Each template: its name, languages and how many of its fields are filled."))
@common_options
@option("--json", "as_json", is_flag=True, help=N_("As a JSON list, bodies included."))
@click.pass_context
def template_list(ctx: click.Context, db: Path | None, today: date | None, as_json: bool) -> None:
    _settings, _store, campaign = context(ctx, db, today)
    if as_json:
        echo_json([
            {
                "name": t.name,
                "languages": t.languages,
                "fields": [{"key": p.key, "labels": p.labels, "value": t.values.get(p.key, "")} for p in t.placeholders],
                "subject": t.subject,
                "bodies": t.bodies,
            }
            for t in campaign.letters
        ])
        return
    for template in campaign.letters:
        echo(template_line(template))
    if not campaign.letters:
        echo(_("no templates yet (campaign-dash template add NAME --lang en --body-file FILE)"), err=True)


def read_body(body_file: str) -> str:
    """The letter's text from a file, or from standard input for '-' (UTF-8, with or without BOM)."""
    if body_file == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
        where = _("standard input")
    else:
        try:
            data = Path(body_file).read_bytes()
        except OSError as error:
            fail(_("cannot read {file}: {error}").format(file=body_file, error=error.strerror or error))
        where = body_file
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        fail(_("body: {where} is not UTF-8 text (byte {byte}); save it as UTF-8").format(where=where, byte=error.start))


@template_group.command("add", help=N_("Add a letter template called NAME with its text in one language."))
@common_options
@argument("name", metavar=N_("NAME"))
@option("--lang", type=click.Choice(LANGUAGES), required=True, help=N_("The language the text is in."))
@option("--body-file", metavar=N_("FILE|-"), required=True, help=N_("The letter's text ('-': standard input). Blanks are {name}; {{ and }} write braces."))
@click.pass_context
def template_add(ctx: click.Context, db: Path | None, today: date | None, name: str, lang: str, body_file: str) -> None:
    body = read_body(body_file)
    settings, store, campaign = context(ctx, db, today)
    errors: dict[str, str] = {}
    try:
        template = letters.with_body(LetterTemplate(name=""), name, lang, body)
    except ValidationError as error:
        errors.update(error.errors)
        template = LetterTemplate(name=name.strip())
    if "name" not in errors:
        try:
            letters.renamed(campaign.letters, template, name)  # names are unique
        except ValidationError as error:
            errors.update(error.errors)
    if errors:
        fail_fields(ValidationError(errors))
    commit(store, settings, change(_("added the letter template {name}").format(name=template.name), [add_op(template)], area="letter"))
    echo(_("added: {line}").format(line=template_line(template)))
    blanks = [p.key for p in template.placeholders]
    if blanks:
        echo(_("its blanks: {blanks}").format(blanks=", ".join(blanks)))


@template_group.command("rename", help=N_("Rename the template called NAME (a unique start of its name is enough) to NEW."))
@common_options
@argument("name", metavar=N_("NAME"))
@argument("new_name", metavar=N_("NEW"))
@click.pass_context
def template_rename(ctx: click.Context, db: Path | None, today: date | None, name: str, new_name: str) -> None:
    settings, store, campaign = context(ctx, db, today)
    template = find(campaign, name)
    try:
        updated = letters.renamed(campaign.letters, template, new_name)
    except ValidationError as error:
        fail_fields(error)
    op = update_op(template, updated)
    if op is None:
        echo(_("nothing changed: it already has that name"), err=True)
    else:
        commit(store, settings, change(_("renamed the letter template {old} to {new}").format(old=template.name, new=updated.name), [op], area="letter"))
    echo(template_line(updated))


@template_group.command("remove", help=N_("Remove a template, with its texts and the values filled in (`undo` brings it back)."))
@common_options
@argument("name", metavar=N_("NAME"))
@option("--yes", is_flag=True, help=N_("Remove without asking (for scripts)."))
@click.pass_context
def template_remove(ctx: click.Context, db: Path | None, today: date | None, name: str, yes: bool) -> None:
    settings, store, campaign = context(ctx, db, today)
    template = find(campaign, name)
    languages = ", ".join(template.languages) or _("no text")
    confirm_removal(_("the letter template {name} ({languages})").format(name=template.name, languages=languages), yes)
    commit(store, settings, change(_("removed the letter template {name}").format(name=template.name), [delete_op(template)], area="letter"))
    echo(_("removed {name} (campaign-dash undo brings it back)").format(name=template.name))


@template_group.command("copy-language", help=N_("Copy the template's text in one language to the other, as the start of a translation."))
@common_options
@argument("name", metavar=N_("NAME"))
@option("--from", "source", type=click.Choice(LANGUAGES), required=True, help=N_("The language to copy from."))
@option("--to", "target", type=click.Choice(LANGUAGES), required=True, help=N_("The language to start a translation in."))
@option("--replace", "replace_text", is_flag=True, help=N_("Write over a text the template already has in that language."))
@click.pass_context
def template_copy_language(ctx: click.Context, db: Path | None, today: date | None, name: str, source: str, target: str, replace_text: bool) -> None:
    settings, store, campaign = context(ctx, db, today)
    template = find(campaign, name)
    if target in template.bodies and source != target and not replace_text:
        fail(_("to: {name} already has a {lang} text; add --replace to write over it").format(name=template.name, lang=target))
    try:
        updated = letters.copied_to_language(template, source, target)
    except ValidationError as error:
        fail_fields(error)
    op = update_op(template, updated)
    if op is None:
        echo(_("nothing changed: the {target} text is already the {source} one").format(target=target, source=source), err=True)
    else:
        commit(store, settings, change(_("copied the {source} text of {name} to {target}").format(source=source, name=template.name, target=target), [op], area="letter"))
    echo(template_line(updated))
