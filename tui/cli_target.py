"""`campaign-dash target ...`: who the letter and the tweets are aimed at: list, add, change,
remove, reorder, and each target's tweet per language."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from store import targets as rules
from store.changes import add_op, change, delete_op, update_op
from store.models import LANGUAGES, Campaign, Target
from store.tweets import LIMIT, tweet_for, weighted_length
from store.i18n import N_, _, ngettext
from store.validation import ValidationError

from .cli_common import commit, common_options, confirm_removal, context, echo, echo_json, fail, fail_fields
from .cli_help import argument, group, option

# Store field -> the option that sets it.
OPTIONS = {"role": "title", "emails": "email", "handles": "handle", "send_as": "send-as"}


@group("target", help=N_("The letter's targets: list, add, change, remove, move up or down, and their tweets."))
def target_group() -> None:
    pass


def find(campaign: Campaign, text: str) -> Target:
    try:
        return rules.find_target(campaign, text)
    except ValueError as error:
        fail(str(error))


def tweet_data(target: Target, lang: str) -> dict[str, object]:
    tweet = tweet_for(target, lang)
    assert tweet is not None
    return {"text": target.tweets[lang], "posted": tweet.text, "length": tweet.length, "fits": tweet.fits, "problem": tweet.reason}


def target_data(target: Target, position: int) -> dict[str, object]:
    return {
        "position": position,
        "name": target.name,
        "title": target.role,
        "organization": target.organization,
        "send_as": target.send_as,
        "emails": target.emails,
        "handles": target.handles,
        "tweets": {lang: tweet_data(target, lang) for lang in target.tweets},
    }


def target_line(target: Target, position: int) -> str:
    parts = [f"{position}. {target.send_as:<2}", target.name]
    parts += [p for p in (target.role, target.organization) if p]
    parts += [" ".join(target.emails), " ".join(target.handles)]
    tweets = []
    for lang in target.tweets:
        tweet = tweet_for(target, lang)
        if tweet is not None:
            tweets.append(f"{lang} {tweet.length}/{LIMIT}" + ("" if tweet.is_valid else " " + _("(cannot be posted)")))
    if tweets:
        parts.append(_("tweets: {tweets}").format(tweets=", ".join(tweets)))
    return "  ".join(p for p in parts if p)


def _fields(title: str | None, organization: str | None, emails: tuple[str, ...], handles: tuple[str, ...], send_as: str | None) -> dict[str, str]:
    """What was given on the command line, as the store's typed fields (a missing key keeps what is there)."""
    fields = {"role": title, "organization": organization, "send_as": send_as}
    typed = {key: value for key, value in fields.items() if value is not None}
    if emails:
        typed["emails"] = " ".join(emails)
    if handles:
        typed["handles"] = " ".join(handles)
    return typed


def target_options(command):  # type: ignore[no-untyped-def]
    for add_option in reversed(
        [
            option("--title", metavar=N_("TEXT"), help=N_("Their title: 'Minister of Labor'.")),
            option("--organization", metavar=N_("TEXT"), help=N_("Their ministry, company or organization.")),
            option("--email", "emails", metavar=N_("ADDRESS"), multiple=True, help=N_("An email address (repeat, or separate with commas); replaces the list, '' empties it.")),
            option("--handle", "handles", metavar=N_("@HANDLE"), multiple=True, help=N_("An X handle (repeat, or separate with commas); replaces the list, '' empties it.")),
            option("--send-as", metavar="to|cc", help=N_("Send them the letter as 'to' or 'cc'.")),
        ]
    ):
        command = add_option(command)
    return command


@target_group.command("list", help=N_("The targets in the order the letter addresses them, with their tweets' lengths as X counts them."))
@common_options
@option("--json", "as_json", is_flag=True, help=N_("As a JSON list, in order."))
@click.pass_context
def target_list(ctx: click.Context, db: Path | None, today: date | None, as_json: bool) -> None:
    _settings, _store, campaign = context(ctx, db, today)
    if as_json:
        echo_json([target_data(t, i) for i, t in enumerate(campaign.targets, start=1)])
        return
    for i, target in enumerate(campaign.targets, start=1):
        echo(target_line(target, i))
    if not campaign.targets:
        echo(_("no targets yet (campaign-dash target add NAME --email ADDRESS)"), err=True)


@target_group.command("add", help=N_("Add a target called NAME, last in the order."))
@common_options
@argument("name", metavar=N_("NAME"))
@target_options
@click.pass_context
def target_add(ctx: click.Context, db: Path | None, today: date | None, name: str, title: str | None, organization: str | None,
               emails: tuple[str, ...], handles: tuple[str, ...], send_as: str | None) -> None:
    settings, store, campaign = context(ctx, db, today)
    try:
        target = rules.build_target(campaign, {"name": name, **_fields(title, organization, emails, handles, send_as)})
    except ValidationError as error:
        fail_fields(error, OPTIONS)
    commit(store, settings, change(_("added the target {name}").format(name=target.name), [add_op(target)], area="letter"))
    echo(_("added: {line}").format(line=target_line(target, len(campaign.targets) + 1)))


@target_group.command("set", help=N_("Change the target called NAME (or with that @handle); what is not given stays."))
@common_options
@argument("who", metavar=N_("NAME|@HANDLE"))
@option("--name", metavar=N_("TEXT"), help=N_("A new name."))
@target_options
@click.pass_context
def target_set(ctx: click.Context, db: Path | None, today: date | None, who: str, name: str | None, title: str | None,
               organization: str | None, emails: tuple[str, ...], handles: tuple[str, ...], send_as: str | None) -> None:
    fields = _fields(title, organization, emails, handles, send_as)
    if name is not None:
        fields["name"] = name
    if not fields:
        fail(_("nothing to set: give --name, --title, --organization, --email, --handle or --send-as"))
    settings, store, campaign = context(ctx, db, today)
    target = find(campaign, who)
    try:
        updated = rules.build_target(campaign, fields, existing=target)
    except ValidationError as error:
        fail_fields(error, OPTIONS)
    op = update_op(target, updated)
    if op is None:
        echo(_("nothing changed: the target already says that"), err=True)
    else:
        changed = ", ".join(OPTIONS.get(f, f) for f in op.fields)
        commit(store, settings, change(_("edited the target {name} ({fields})").format(name=updated.name, fields=changed), [op], area="letter"))
    echo(target_line(updated, campaign.targets.index(target) + 1))


@target_group.command("remove", help=N_("Remove a target, with their tweets (`undo` brings them back)."))
@common_options
@argument("who", metavar=N_("NAME|@HANDLE"))
@option("--yes", is_flag=True, help=N_("Remove without asking (for scripts)."))
@click.pass_context
def target_remove(ctx: click.Context, db: Path | None, today: date | None, who: str, yes: bool) -> None:
    settings, store, campaign = context(ctx, db, today)
    target = find(campaign, who)
    n = len(target.tweets)
    tweets = ngettext(" and their {n} tweet", " and their {n} tweets", n).format(n=n) if target.tweets else ""
    confirm_removal(_("the target {name}").format(name=target.name) + tweets, yes)
    commit(store, settings, change(_("removed the target {name}").format(name=target.name), [delete_op(target)], area="letter"))
    echo(_("removed {name} (campaign-dash undo brings them back)").format(name=f"{target.name}{tweets}"))


@target_group.command("move", help=N_("Move a target one place up or down the order (the letter addresses them in it; T steps through it)."))
@common_options
@argument("who", metavar=N_("NAME|@HANDLE"))
@argument("direction", type=click.Choice(["up", "down"]))
@click.pass_context
def target_move(ctx: click.Context, db: Path | None, today: date | None, who: str, direction: str) -> None:
    settings, store, campaign = context(ctx, db, today)
    target = find(campaign, who)
    moves = rules.reordered(campaign, target, -1 if direction == "up" else 1)
    if not moves:
        already = _("{name} is already first; nothing changed") if direction == "up" else _("{name} is already last; nothing changed")
        echo(already.format(name=target.name), err=True)
    else:
        moved = _("moved the target {name} up") if direction == "up" else _("moved the target {name} down")
        commit(store, settings, change(moved.format(name=target.name), [update_op(b, a) for b, a in moves], area="letter"))
        campaign = store.load()
    for i, t in enumerate(campaign.targets, start=1):
        echo(target_line(t, i))


@target_group.command(
    "tweet",
    help=N_(
        "Set the target's tweet in one language to TEXT ('-': read it from standard input; '': remove it).\n\n"
        "The length is printed as X counts it, with the target's handles that the text leaves out "
        "(they are put first when it is posted). Over 280 is kept, with a warning: shorten it before posting."
    ),
)
@common_options
@argument("who", metavar=N_("NAME|@HANDLE"))
@argument("text", metavar=N_("TEXT"))
@option("--lang", type=click.Choice(LANGUAGES), required=True, help=N_("Which language's tweet."))
@click.pass_context
def target_tweet(ctx: click.Context, db: Path | None, today: date | None, who: str, text: str, lang: str) -> None:
    if text == "-":
        text = sys.stdin.read()
    settings, store, campaign = context(ctx, db, today)
    target = find(campaign, who)
    try:
        updated = rules.with_tweet(target, lang, text)
    except ValidationError as error:
        fail_fields(error)
    op = update_op(target, updated)
    removing = lang not in updated.tweets
    if op is None:
        echo(_("nothing changed: the tweet already says that"), err=True)
    else:
        summary = (_("removed the {lang} tweet for {name}") if removing else _("set the {lang} tweet for {name}")).format(lang=lang, name=target.name)
        commit(store, settings, change(summary, [op], area="letter"))
    if removing:
        echo(_("{name} has no {lang} tweet now").format(name=target.name, lang=lang))
        return
    tweet = tweet_for(updated, lang)
    assert tweet is not None
    echo(f"{target.name} ({lang}): {weighted_length(tweet.text)}/{LIMIT}")
    echo(tweet.text)
    if not tweet.fits:
        echo(_("campaign-dash: warning: {length}; kept as typed").format(length=tweet.length_words()), err=True)
    elif not tweet.is_valid:
        echo(_("campaign-dash: warning: X would refuse it: {reason}").format(reason=tweet.reason), err=True)
