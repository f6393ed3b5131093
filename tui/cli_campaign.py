"""`campaign-dash campaign show|set`: the campaign's own name, description, organization and
languages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from store.changes import change, update_op
from store.details import LANGUAGE_NAMES, build_info
from store.models import CampaignInfo
from store.i18n import N_, _
from store.validation import ValidationError

from .cli_common import commit, common_options, context, echo, echo_json, fail, fail_fields, labelled
from .cli_help import group, option

# Store field -> what the command line calls it.
OPTIONS = {"summary": "description"}


@group("campaign", help=N_("The campaign itself: its name, description, organization and languages."))
def campaign_group() -> None:
    pass


def info_json(info: CampaignInfo, path: Path) -> dict[str, object]:
    return {
        "name": info.name,
        "description": info.summary,
        "organization": info.organization,
        "languages": info.languages,
        "contact": {"name": info.contact_name, "email": info.contact_email, "phone": info.contact_phone},
        "file": str(path),
    }


def info_lines(info: CampaignInfo, path: Path) -> list[str]:
    languages = ", ".join(f"{code} ({_(LANGUAGE_NAMES.get(code, code))})" for code in info.languages)
    rows: list[tuple[str, object]] = [
        (_("name:"), info.name),
        (_("description:"), info.summary or _("(none)")),
        (_("organization:"), info.organization or _("(none)")),
        (_("languages:"), _("{languages} (the first is the main one)").format(languages=languages)),
    ]
    contact = ", ".join(part for part in (info.contact_name, info.contact_email, info.contact_phone) if part)
    if contact:
        rows.append((_("contact:"), contact))
    rows.append((_("file:"), path))
    return labelled(rows)


@campaign_group.command("show", help=N_("Print the campaign's name, description, organization and languages."))
@common_options
@option("--json", "as_json", is_flag=True, help=N_("As one JSON object."))
@click.pass_context
def campaign_show(ctx: click.Context, db: Path | None, today: date | None, as_json: bool) -> None:
    _settings, store, campaign = context(ctx, db, today)
    if as_json:
        echo_json(info_json(campaign.info, store.path))
    else:
        echo("\n".join(info_lines(campaign.info, store.path)))


@campaign_group.command("set", help=N_("Change the campaign's name, description, organization or languages (what is not given stays)."))
@common_options
@option("--name", metavar=N_("TEXT"), help=N_("The campaign's name (shown at the top of the dashboard)."))
@option("--description", metavar=N_("TEXT"), help=N_("A sentence or two on what it is for."))
@option("--organization", metavar=N_("TEXT"), help=N_("Who runs it."))
@option("--languages", metavar="es,en", help=N_("The languages it writes in, the main one first: es, en or both."))
@click.pass_context
def campaign_set(ctx: click.Context, db: Path | None, today: date | None, name: str | None, description: str | None, organization: str | None, languages: str | None) -> None:
    typed = {"name": name, "summary": description, "organization": organization, "languages": languages}
    fields = {key: value for key, value in typed.items() if value is not None}
    if not fields:
        fail(_("nothing to set: give --name, --description, --organization or --languages"))
    settings, store, campaign = context(ctx, db, today)
    try:
        updated = build_info(campaign.info, fields)
    except ValidationError as error:
        fail_fields(error, OPTIONS)
    op = update_op(campaign.info, updated)
    if op is None:
        echo(_("nothing changed: the campaign already says that"), err=True)
    else:
        changed = ", ".join(OPTIONS.get(path, path) for path in op.fields)
        if list(op.fields) == ["name"]:
            summary = _("renamed the campaign to {name}").format(name=updated.name)
        else:
            summary = _("edited the campaign ({fields})").format(fields=changed)
        commit(store, settings, change(summary, [op], area="campaign"))
    echo("\n".join(info_lines(updated, store.path)))
