"""The campaign's own details, as typed in a form or on the command line: the campaign (name,
description, languages), the petition (title, link, goal, deadline, milestones) and the
delegation (name, dates, capacity, destination).

Each `build_*` takes the typed text and the record as it is, and returns the new record or
raises ValidationError naming every bad field, so the app and the CLI refuse the same things
with the same words. Nothing is changed here: the caller makes a change of the result.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from .dates import DateError, parse_date
from .i18n import LANGUAGES as INTERFACE_LANGUAGES
from .i18n import N_, _, number
from .models import LANGUAGES, CampaignInfo, Delegation, Milestone, Petition
from .petition import MAX_COUNT, parse_count
from .text import check_fields
from .validation import ValidationError

LANGUAGE_NAMES = {"es": N_("Spanish"), "en": N_("English")}  # shown with _()
MAX_CAPACITY = 10_000


def parse_languages(text: str) -> list[str]:
    """'es, en' -> ['es', 'en'] (order kept: the first is the campaign's main language)."""
    found: list[str] = []
    for part in text.replace(",", " ").split():
        code = part.strip().casefold()
        if code not in LANGUAGES:
            known = ", ".join(f"{c} ({_(LANGUAGE_NAMES[c])})" for c in LANGUAGES)
            raise ValueError(_('{part!r} is not a language this app writes in: {known}').format(part=part, known=known))
        if code not in found:
            found.append(code)
    if not found:
        raise ValueError(_("give at least one language: es, en or both (the first is the main one)"))
    return found


def build_info(info: CampaignInfo, fields: dict[str, str]) -> CampaignInfo:
    """The campaign's name, description and languages (a missing key keeps what is there)."""
    values = {
        "name": fields.get("name", info.name).strip(),
        "summary": fields.get("summary", info.summary).strip(),
        "organization": fields.get("organization", info.organization).strip(),
    }
    errors = check_fields(values, multiline=("summary",))
    if not values["name"] and "name" not in errors:
        errors["name"] = _("the campaign needs a name")
    languages = info.languages
    if "languages" in fields:
        try:
            languages = parse_languages(fields["languages"])
        except ValueError as error:
            errors["languages"] = str(error)
    interface = fields.get("interface_language", info.interface_language).strip().lower()
    interface = "" if interface == "auto" else interface  # "auto": each organizer's computer decides
    if interface not in ("", *INTERFACE_LANGUAGES):
        errors["interface_language"] = _("es, en, or blank to let each computer decide")
    if errors:
        raise ValidationError(errors)
    return replace(info, **values, languages=languages, interface_language=interface)


def _count(text: str, what: str, errors: dict[str, str], key: str, minimum: int = 1) -> int | None:
    try:
        return parse_count(text, minimum=minimum, maximum=MAX_COUNT, what=what)
    except ValueError as error:
        errors[key] = str(error)
        return None


def check_url(text: str) -> str:
    """'' or an http(s) link; anything else raises ValueError in words."""
    url = text.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        raise ValueError(_('{value!r} is not a web link (https://...)').format(value=url[:60]))
    return url


def build_petition(petition: Petition, fields: dict[str, str], default_year: int) -> Petition:
    """Title, link, goal and deadline (a missing key keeps what is there). A milestone at the
    old goal moves with the goal: it is the goal, not a number someone chose separately."""
    errors = check_fields({k: v for k, v in fields.items() if k in ("title", "url", "goal", "deadline")})
    title = fields.get("title", petition.title).strip()
    if "title" not in errors and not title:
        errors["title"] = _("the petition needs a title")
    url = petition.url
    if "url" in fields and "url" not in errors:
        try:
            url = check_url(fields["url"])
        except ValueError as error:
            errors["url"] = str(error)
    goal: int | None = petition.goal
    if "goal" in fields and "goal" not in errors:
        goal = _count(fields["goal"], _("the goal"), errors, "goal")
    deadline = petition.deadline
    if "deadline" in fields and "deadline" not in errors:
        try:
            deadline = parse_date(fields["deadline"], default_year) if fields["deadline"].strip() else None
        except DateError as error:
            errors["deadline"] = str(error)
    if errors:
        raise ValidationError(errors)
    assert goal is not None
    milestones = petition.milestones
    if goal != petition.goal and petition.goal > 0:
        moved = [replace(m, count=goal) if m.count == petition.goal else m for m in milestones]
        milestones = _in_order(moved)
    return replace(petition, title=title, url=url, goal=goal, deadline=deadline, milestones=milestones)


def _in_order(milestones: list[Milestone]) -> list[Milestone]:
    return sorted(milestones, key=lambda m: m.count)


def build_milestone(petition: Petition, fields: dict[str, str], editing: Milestone | None = None) -> list[Milestone]:
    """The petition's milestones with one added (or `editing` replaced), in count order; two
    milestones at one count are refused (which one would be shown as reached?)."""
    errors = check_fields({"count": fields.get("count", ""), "label": fields.get("label", "")})
    count = None if "count" in errors else _count(fields.get("count", ""), _("the count"), errors, "count")
    label = fields.get("label", "").strip()
    if "label" not in errors and not label:
        errors["label"] = _("say what the milestone means, e.g. 'delivered to the embassy'")
    others = [m for m in petition.milestones if m is not editing and m != editing]
    if count is not None and any(m.count == count for m in others):
        errors["count"] = _("there is already a milestone at {count}").format(count=number(count))
    if errors:
        raise ValidationError(errors)
    assert count is not None
    return _in_order([*others, Milestone(count, label)])


def without_milestone(petition: Petition, milestone: Milestone) -> list[Milestone]:
    return [m for m in petition.milestones if m != milestone]


def find_milestone(petition: Petition, count_text: str) -> Milestone:
    """A milestone by its count ('2,000' or '2000'), or ValueError listing the ones there are."""
    count = parse_count(count_text, minimum=0, maximum=MAX_COUNT, what=_("the count"))
    found = next((m for m in petition.milestones if m.count == count), None)
    if found is None:
        known = ", ".join(f"{m.count:,}" for m in petition.milestones) or _('none yet')
        raise ValueError(_('no milestone at {count:,} (milestones: {known})').format(count=count, known=known))
    return found


def build_delegation(delegation: Delegation, fields: dict[str, str], default_year: int) -> Delegation:
    """Name, first and last day, capacity (blank: no limit) and destination; a missing key keeps
    what is there."""
    keys = ("name", "start", "end", "capacity", "destination")
    errors = check_fields({k: v for k, v in fields.items() if k in keys})
    name = fields.get("name", delegation.name).strip()
    if "name" not in errors and not name:
        errors["name"] = _("the delegation needs a name")

    def day(key: str, current, year: int):  # type: ignore[no-untyped-def]
        if key not in fields or key in errors:
            return current
        if not fields[key].strip():
            return None
        try:
            return parse_date(fields[key], year)
        except DateError as error:
            errors[key] = str(error)
            return current

    start = day("start", delegation.start, default_year)
    end = day("end", delegation.end, start.year if start else default_year)
    if start and end and end < start and "end" not in errors:
        errors["end"] = _("the last day ({end}) is before the first ({start})").format(end=end.isoformat(), start=start.isoformat())
    if (start is None) != (end is None) and not ({"start", "end"} & errors.keys()):
        errors["end" if end is None else "start"] = _("give both the first and the last day, or neither")
    capacity = delegation.capacity
    if "capacity" in fields and "capacity" not in errors:
        text = fields["capacity"].strip()
        if not text or text.casefold() in ("none", "no limit"):
            capacity = None
        else:
            try:
                capacity = parse_count(text, minimum=1, maximum=MAX_CAPACITY, what=_("the capacity"))
            except ValueError as error:
                errors["capacity"] = str(error)
    destination = fields.get("destination", delegation.destination).strip()
    if errors:
        raise ValidationError(errors)
    return replace(delegation, name=name, start=start, end=end, capacity=capacity, destination=destination)
