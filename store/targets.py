"""The people a letter and its tweets are aimed at: checking a typed target, its tweets, and
their order (the letter addresses them, and T steps through them, in that order)."""

from __future__ import annotations

import re
from dataclasses import replace

from .i18n import _
from .models import Campaign, Target
from .roster import EMAIL
from .text import check_fields, printable
from .tweets import text_problem
from .validation import ValidationError

# X's rule for a handle: 1 to 15 letters, digits or underscores.
HANDLE = re.compile(r"^@?([A-Za-z0-9_]{1,15})$")
SEND_AS = ("to", "cc")


def _items(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text.strip()) if part]


def find_target(campaign: Campaign, text: str) -> Target:
    """A target by name, @handle or id (ignoring case), or ValueError listing the ones there are."""
    wanted = text.strip().casefold()
    for target in campaign.targets:
        if wanted in (target.id.casefold(), target.name.strip().casefold()) or wanted in (h.casefold() for h in target.handles):
            return target
    known = "; ".join(printable(t.name) for t in campaign.targets) or _('none yet')
    raise ValueError(_('no target called {strip!r} (targets: {known})').format(strip=text.strip(), known=known))


def build_target(campaign: Campaign, fields: dict[str, str], existing: Target | None = None) -> Target:
    """A target from typed values: name (required, unique), title, organization, emails and
    handles (separated by spaces or commas), to or cc. A missing key keeps what is there."""
    base = existing or Target(name="")
    typed = {
        "name": fields.get("name", base.name).strip(),
        "role": fields.get("role", base.role).strip(),
        "organization": fields.get("organization", base.organization).strip(),
        "emails": fields.get("emails", " ".join(base.emails)),
        "handles": fields.get("handles", " ".join(base.handles)),
        "send_as": fields.get("send_as", base.send_as).strip().casefold() or "to",
    }
    errors = check_fields(typed)
    if "name" not in errors:
        if not typed["name"]:
            errors["name"] = _("the target needs a name")
        else:
            other = next((t for t in campaign.targets if t.name.strip().casefold() == typed["name"].casefold()), None)
            if other is not None and (existing is None or other.id != existing.id):
                errors["name"] = _("there is already a target called {name!r}").format(name=printable(other.name))
    emails = _items(typed["emails"])
    bad_email = next((e for e in emails if not EMAIL.match(e)), None)
    if "emails" not in errors and bad_email:
        errors["emails"] = _("{email!r} does not look like an email address (name@example.org)").format(email=bad_email)
    handles: list[str] = []
    for item in _items(typed["handles"]):
        match = HANDLE.match(item)
        if match is None:
            errors.setdefault("handles", _('{item!r} is not an X handle (@ and 1 to 15 letters, digits or _)').format(item=item))
        elif f"@{match.group(1)}".casefold() not in (h.casefold() for h in handles):
            handles.append(f"@{match.group(1)}")
    if "send_as" not in errors and typed["send_as"] not in SEND_AS:
        errors["send_as"] = _("{value!r}: a target is sent the letter as 'to' or 'cc'").format(value=typed["send_as"])
    if errors:
        raise ValidationError(errors)
    values = dict(
        name=typed["name"],
        role=typed["role"],
        organization=typed["organization"],
        emails=list(dict.fromkeys(emails)),
        handles=handles,
        send_as=typed["send_as"],
    )
    if existing is not None:
        return replace(existing, **values)
    return Target(**values, position=next_position(campaign))


def next_position(campaign: Campaign) -> int:
    return max((t.position for t in campaign.targets), default=-1) + 1


def with_tweet(target: Target, lang: str, text: str) -> Target:
    """The target with its tweet in `lang` set (blank text removes it). A tweet over 280 is kept
    (it is shown as over, never cut); one X would refuse for a character is not."""
    tweets = dict(target.tweets)
    body = text.strip()
    if not body:
        tweets.pop(lang, None)
    else:
        reason = text_problem(body)
        if reason:
            raise ValidationError({"tweet": reason})
        tweets[lang] = body
    return replace(target, tweets=tweets)


def reordered(campaign: Campaign, target: Target, step: int) -> list[tuple[Target, Target]]:
    """Move `target` one place up (-1) or down (+1): (before, after) for each target whose
    position changes (all are renumbered 0..n-1, so old files with equal positions work too)."""
    order = list(campaign.targets)
    index = next(i for i, t in enumerate(order) if t.id == target.id)
    other = index + step
    if not 0 <= other < len(order):
        return []
    order[index], order[other] = order[other], order[index]
    return [(t, replace(t, position=i)) for i, t in enumerate(order) if t.position != i]
