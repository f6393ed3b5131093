"""`campaign-dash letter` and `campaign-dash tweet`: the filled letter and the tweets, for scripts."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from store import letters
from store.clock import Clock
from store.i18n import N_, _
from store.models import Campaign, LetterTemplate

from .cli_common import common_options, echo, echo_json, fail, load, open_store, settings_for, write_export
from .cli_help import command, option


def pick_template(campaign: Campaign, name: str | None) -> LetterTemplate:
    if not campaign.letters:
        fail(_("this campaign has no letter template"))
    if name is None:
        return campaign.letters[0]
    wanted = name.strip().casefold()
    found = [t for t in campaign.letters if wanted in t.name.casefold()]
    if len(found) != 1:
        names = "; ".join(t.name for t in campaign.letters)
        if found:
            fail(_("more than one template matches {name!r} (templates: {names})").format(name=name, names=names))
        fail(_("no template matches {name!r} (templates: {names})").format(name=name, names=names))
    return found[0]


def parse_sets(template: LetterTemplate, pairs: tuple[str, ...]) -> dict[str, str]:
    known = {p.key for p in template.placeholders}
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            fail(_("--set {pair!r}: write it as key=value (e.g. --set union='SEIU Local 1000')").format(pair=pair))
        if key.strip() not in known:
            fail(_("--set {key!r}: the template has no such field (fields: {fields})").format(key=key, fields=", ".join(sorted(known))))
        values[key.strip()] = value
    return values


@command("letter", help=N_("Print or write the filled letter. Fields remembered in the dashboard are used; --set overrides."))
@common_options
@option("--template", "template_name", metavar=N_("NAME"), help=N_("Part of the template's name (default: the first)."))
@option("--lang", metavar="es|en", help=N_("Language (default: the template's first)."))
@option("--set", "sets", metavar=N_("KEY=VALUE"), multiple=True, help=N_("Fill a field (repeatable); not saved."))
@option("--copy", is_flag=True, help=N_("Also copy the letter to the clipboard."))
@option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path), help=N_("Write a PDF here."))
@option("--txt", "txt_path", type=click.Path(dir_okay=False, path_type=Path), help=N_("Write plain text (UTF-8) here."))
@option("--strict", is_flag=True, help=N_("Fail (exit 1) if any field is still blank."))
@click.pass_context
def letter_command(
    ctx: click.Context, db: Path | None, today: date | None, template_name: str | None, lang: str | None,
    sets: tuple[str, ...], copy: bool, pdf_path: Path | None, txt_path: Path | None, strict: bool,
) -> None:
    settings = settings_for(ctx, db, today)
    campaign = load(open_store(settings))
    template = pick_template(campaign, template_name)
    language = lang or (template.languages[0] if template.languages else "en")
    if language not in template.bodies:
        fail(_("the template has no {language!r} version (it has: {languages})").format(language=language, languages=", ".join(template.languages)))
    values = {**template.values, **parse_sets(template, sets)}
    values = letters.values_with_date(template, language, Clock(settings.today).today(), values)
    filled = letters.fill(template, language, values)
    if filled.unfilled:
        labels = ", ".join(next((p.label(language) for p in template.placeholders if p.key == k), k) + f" ({k})" for k in filled.unfilled)
        echo(_("campaign-dash: still blank: {labels}").format(labels=labels), err=True)
        if strict:
            sys.exit(1)
    if txt_path is not None:
        write_export(txt_path, filled.text.encode("utf-8"))
        echo(_("wrote {path}").format(path=txt_path), err=True)
    if pdf_path is not None:
        from store.letter_pdf import PdfError, letter_pdf

        to, cc = letters.recipients(campaign.targets)
        try:
            pdf = letter_pdf(filled.text, to=to, cc=cc, subject=template.subject.get(language, ""), title=template.name)
        except PdfError as error:
            fail(_("no PDF written: {error}").format(error=error))
        write_export(pdf_path, pdf)
        echo(_("wrote {path}").format(path=pdf_path), err=True)
    if copy:
        from .clipboard import copy_from_command_line

        outcome = copy_from_command_line(filled.text)
        echo(f"campaign-dash: {outcome.message}", err=True)
        if not outcome.copied:
            sys.exit(1)
    if pdf_path is None and txt_path is None:
        echo(filled.text, nl=False)


@command("tweet", help=N_("Print each target's tweet with its length as X counts it; exit 1 if any is over 280 or invalid."))
@common_options
@option("--target", "target_name", metavar=N_("NAME"), help=N_("Only this target (part of its name or a handle)."))
@option("--lang", default="es", show_default=True, metavar="es|en", help=N_("Which language's tweets."))
@option("--copy", is_flag=True, help=N_("Copy the tweet to the clipboard (needs --target)."))
@option("--json", "as_json", is_flag=True, help=N_("As a JSON list (target, language, text, length, fits, problem); the exit code is the same."))
@click.pass_context
def tweet_command(ctx: click.Context, db: Path | None, today: date | None, target_name: str | None, lang: str, copy: bool, as_json: bool) -> None:
    from store.tweets import LIMIT, tweet_for

    campaign = load(open_store(settings_for(ctx, db, today)))
    targets = campaign.targets
    if target_name:
        wanted = target_name.strip().casefold()
        handle = wanted.lstrip("@")
        targets = [t for t in targets if wanted in t.name.casefold() or any(handle == h.casefold().lstrip("@") for h in t.handles)]
        if not targets:
            fail(_("no target matches {name!r} (targets: {names})").format(name=target_name, names="; ".join(t.name for t in campaign.targets)))
    if copy and len(targets) != 1:
        fail(_("--copy copies one tweet: name it with --target"))
    if as_json:
        found = [(target, tweet_for(target, lang)) for target in targets]
        echo_json([
            {"target": t.name, "lang": tw.lang, "text": tw.text, "length": tw.length, "fits": tw.fits, "problem": tw.reason}
            for t, tw in found if tw is not None
        ])
        if any(not tw.fits or not tw.is_valid for _t, tw in found if tw is not None):
            sys.exit(1)
        return
    over = False
    for target in targets:
        tweet = tweet_for(target, lang)
        if tweet is None:
            echo(_("{name}: no tweet in this campaign").format(name=target.name) + "\n")
            continue
        over = over or not tweet.fits or not tweet.is_valid
        problem = _("; cannot be posted: {reason}").format(reason=tweet.reason) if not tweet.is_valid else ""
        echo(f"{target.name} ({tweet.lang}): {tweet.length_words()}{problem}")
        echo(tweet.text + "\n")
        if copy:
            from .clipboard import copy_from_command_line

            outcome = copy_from_command_line(tweet.text)
            echo(f"campaign-dash: {outcome.message}", err=True)
    if over:
        echo(_("campaign-dash: at least one tweet is over {limit} or cannot be posted as it is").format(limit=LIMIT), err=True)
        sys.exit(1)
