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
from store.validation import ValidationError

from .cli_common import commit, common_options, confirm_removal, context, echo, echo_json, fail, fail_fields


@click.group("template")
def template_group() -> None:
    """The letter templates: list, add, rename, remove, copy to the other language."""


def find(campaign: Campaign, text: str) -> LetterTemplate:
    try:
        return letters.find_template(campaign.letters, text)
    except ValueError as error:
        fail(str(error))


def template_line(template: LetterTemplate) -> str:
    fields = len(letters.fillable(template))
    return f"{template.name}  ({', '.join(template.languages) or 'no text'})  {letters.filled_fields(template)} of {fields} fields filled"


@template_group.command("list")
@common_options
@click.option("--json", "as_json", is_flag=True, help="As a JSON list, bodies included.")
@click.pass_context
def template_list(ctx: click.Context, db: Path | None, today: date | None, as_json: bool) -> None:
    """Each template: its name, languages and how many of its fields are filled."""
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
        echo("no templates yet (campaign-dash template add NAME --lang en --body-file FILE)", err=True)


def read_body(body_file: str) -> str:
    """The letter's text from a file, or from standard input for '-' (UTF-8, with or without BOM)."""
    if body_file == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
        where = "standard input"
    else:
        try:
            data = Path(body_file).read_bytes()
        except OSError as error:
            fail(f"cannot read {body_file}: {error.strerror or error}")
        where = body_file
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        fail(f"body: {where} is not UTF-8 text (byte {error.start}); save it as UTF-8")


@template_group.command("add")
@common_options
@click.argument("name")
@click.option("--lang", type=click.Choice(LANGUAGES), required=True, help="The language the text is in.")
@click.option("--body-file", metavar="FILE|-", required=True, help="The letter's text ('-': standard input). Blanks are {name}; {{ and }} write braces.")
@click.pass_context
def template_add(ctx: click.Context, db: Path | None, today: date | None, name: str, lang: str, body_file: str) -> None:
    """Add a letter template called NAME with its text in one language."""
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
    commit(store, settings, change(f"added the letter template {template.name}", [add_op(template)], area="letter"))
    echo(f"added: {template_line(template)}")
    blanks = [p.key for p in template.placeholders]
    if blanks:
        echo(f"its blanks: {', '.join(blanks)}")


@template_group.command("rename")
@common_options
@click.argument("name")
@click.argument("new_name", metavar="NEW")
@click.pass_context
def template_rename(ctx: click.Context, db: Path | None, today: date | None, name: str, new_name: str) -> None:
    """Rename the template called NAME (a unique start of its name is enough) to NEW."""
    settings, store, campaign = context(ctx, db, today)
    template = find(campaign, name)
    try:
        updated = letters.renamed(campaign.letters, template, new_name)
    except ValidationError as error:
        fail_fields(error)
    op = update_op(template, updated)
    if op is None:
        echo("nothing changed: it already has that name", err=True)
    else:
        commit(store, settings, change(f"renamed the letter template {template.name} to {updated.name}", [op], area="letter"))
    echo(template_line(updated))


@template_group.command("remove")
@common_options
@click.argument("name")
@click.option("--yes", is_flag=True, help="Remove without asking (for scripts).")
@click.pass_context
def template_remove(ctx: click.Context, db: Path | None, today: date | None, name: str, yes: bool) -> None:
    """Remove a template, with its texts and the values filled in (`undo` brings it back)."""
    settings, store, campaign = context(ctx, db, today)
    template = find(campaign, name)
    confirm_removal(f"the letter template {template.name} ({', '.join(template.languages) or 'no text'})", yes)
    commit(store, settings, change(f"removed the letter template {template.name}", [delete_op(template)], area="letter"))
    echo(f"removed {template.name} (campaign-dash undo brings it back)")


@template_group.command("copy-language")
@common_options
@click.argument("name")
@click.option("--from", "source", type=click.Choice(LANGUAGES), required=True, help="The language to copy from.")
@click.option("--to", "target", type=click.Choice(LANGUAGES), required=True, help="The language to start a translation in.")
@click.option("--replace", "replace_text", is_flag=True, help="Write over a text the template already has in that language.")
@click.pass_context
def template_copy_language(ctx: click.Context, db: Path | None, today: date | None, name: str, source: str, target: str, replace_text: bool) -> None:
    """Copy the template's text in one language to the other, as the start of a translation."""
    settings, store, campaign = context(ctx, db, today)
    template = find(campaign, name)
    if target in template.bodies and source != target and not replace_text:
        fail(f"to: {template.name} already has a {target} text; add --replace to write over it")
    try:
        updated = letters.copied_to_language(template, source, target)
    except ValidationError as error:
        fail_fields(error)
    op = update_op(template, updated)
    if op is None:
        echo(f"nothing changed: the {target} text is already the {source} one", err=True)
    else:
        commit(store, settings, change(f"copied the {source} text of {template.name} to {target}", [op], area="letter"))
    echo(template_line(updated))
