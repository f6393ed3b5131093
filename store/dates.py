"""Plain-language dates shared by every area: "today", "in 3 days", "6-7 Feb 2013"; in Spanish
from Babel's CLDR data ("hoy", "dentro de 3 días", "6–7 de feb de 2013")."""

from __future__ import annotations

from datetime import date

from .i18n import _, format_day, format_days_from_now, format_range, language


def relative_day(day: date, today: date) -> str:
    delta = (day - today).days
    if delta == 0:
        return _("today")
    if delta == 1:
        return _("tomorrow")
    if delta == -1:
        return _("yesterday")
    if language() != "en":
        return format_days_from_now(delta)
    if delta > 1:
        return f"in {delta} days"
    return f"{-delta} days ago"


def short_date(day: date, with_year: bool = False) -> str:
    if language() != "en":
        return format_day(day, "d MMM y" if with_year else "d MMM")
    text = f"{day.day} {day:%b}"
    return f"{text} {day.year}" if with_year else text


def day_label(day: date) -> str:
    """'Wed 6 Feb' / 'mié 6 feb': a day in a list of days (the tour's agenda)."""
    if language() != "en":
        return format_day(day, "EEE d MMM")
    return f"{day:%a} {day.day} {day:%b}"


def weekday_names() -> list[str]:
    """Monday to Sunday, short, for a month grid's columns."""
    if language() != "en":
        return [format_day(date(2024, 1, 1 + i), "ccc") for i in range(7)]  # 1 Jan 2024 was a Monday
    return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def month_title(year: int, month: int) -> str:
    """'February 2013' / 'Febrero de 2013'."""
    if language() != "en":
        title = format_day(date(year, month, 1), "LLLL 'de' y")
        return title[:1].upper() + title[1:]
    return f"{date(year, month, 1):%B} {year}"


def span(start: date, end: date, with_year: bool = False) -> str:
    """'6 Feb', '6-7 Feb', '28 Feb - 2 Mar' (the year appended when asked)."""
    if language() != "en":
        return short_date(start, with_year) if start == end else format_range(start, end, "yMMMd" if with_year else "MMMd")
    year = f" {end.year}" if with_year else ""
    if start == end:
        return short_date(start) + year
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{end.day} {end:%b}{year}"
    if start.year == end.year:
        return f"{short_date(start)} - {short_date(end)}{year}"
    return f"{short_date(start, True)} - {short_date(end, True)}"


def medium_date(day: date) -> str:
    """'Wed 6 Feb 2013' / 'mié 6 feb 2013': the day in a title, where room is short."""
    if language() != "en":
        return format_day(day, "EEE d MMM y")
    return long_date(day)


def long_date(day: date) -> str:
    if language() != "en":
        return format_day(day, "EEEE d 'de' MMMM 'de' y")
    return f"{day:%a} {day.day} {day:%b} {day.year}"


class DateError(ValueError):
    """A date the user typed that cannot be read; the message says what is expected."""


def parse_date(text: str, default_year: int) -> date:
    """Read YYYY-MM-DD, or MM-DD in `default_year` (the year of the app's today)."""
    cleaned = text.strip()
    if not cleaned:
        raise DateError(_("a date is needed (YYYY-MM-DD)"))
    parts = cleaned.split("-")
    try:
        if len(parts) == 3 and len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:
            return date(default_year, int(parts[0]), int(parts[1]))
    except ValueError:
        raise DateError(_("{text!r} is not a real date").format(text=cleaned[:40])) from None
    raise DateError(_("{text!r} is not a date: write YYYY-MM-DD, e.g. {year}-02-06").format(text=cleaned[:40], year=default_year))
