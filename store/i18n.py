"""The interface's language: gettext catalogs for words, Babel's CLDR data for dates and numbers.

Strings are marked with `_()` (and `ngettext()` for counts) and looked up when they are used, so
the language chosen at start (`--lang`, else `$CAMPAIGN_DASH_LANG`, else English) applies to every
later call. The catalogs are standard gettext files made with Babel's tools (README,
"Translating"): store/locale/campaign_dash.pot, store/locale/es/LC_MESSAGES/campaign_dash.po and
its compiled .mo, shipped in the package. English is the source language: no catalog, the text
as written.

Babel is imported only when a date or number is formatted in a language other than English, so
an English start pays nothing for it.
"""

from __future__ import annotations

import gettext
import os
from datetime import date, timedelta
from pathlib import Path

DOMAIN = "campaign_dash"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("en", "es")
ENV_LANG = "CAMPAIGN_DASH_LANG"
CLDR_LOCALES = {"en": "en", "es": "es_SV"}  # the campaign's Spanish is El Salvador's (12,345 grouping)
# Ranges in CLDR's base Spanish, "6–7 feb": El Salvador's data writes "6 – 7 de feb" (thin spaces
# and "de"), five columns wider in the tour's agenda.
RANGE_LOCALES = {"en": "en", "es": "es"}

_current = {"lang": "en", "explicit": False}
_translations: gettext.NullTranslations = gettext.NullTranslations()


class LanguageError(ValueError):
    """A language campaign-dash has no interface in; the message names the ones it has."""


LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first one set wins


def _code(value: str) -> str:
    return value.strip().lower().split("_")[0].split("-")[0].split(".")[0].split("@")[0]  # es_SV.UTF-8 -> es


def choose_language(option: str | None = None, environ: dict[str, str] | None = None) -> str:
    """`--lang`, else $CAMPAIGN_DASH_LANG (an unknown one of these is refused by name), else the
    locale ($LC_ALL, $LC_MESSAGES, $LANG: es_SV.UTF-8 gives Spanish; C, POSIX or a language we
    have no interface in gives English). The campaign's own setting comes between the
    environment variable and the locale: `adopt_campaign_language`, once the campaign is read."""
    env = os.environ if environ is None else environ
    wanted = option or env.get(ENV_LANG)
    if wanted:
        code = _code(wanted)
        if code not in LANGUAGES:
            raise LanguageError(f"no interface in {code!r}: campaign-dash speaks {' and '.join(LANGUAGES)}")
        return code
    locale = next((env[name] for name in LOCALE_VARIABLES if env.get(name)), "")
    code = _code(locale)
    return code if code in LANGUAGES else "en"


def chosen_explicitly(option: str | None = None, environ: dict[str, str] | None = None) -> bool:
    """True when the organizer named a language (--lang or $CAMPAIGN_DASH_LANG): a campaign's
    setting does not override that."""
    env = os.environ if environ is None else environ
    return bool(option or env.get(ENV_LANG))


def adopt_campaign_language(setting: str) -> None:
    """The campaign's interface language ("es", "en"; "" for none), unless one was named."""
    if setting in LANGUAGES and not _current["explicit"] and setting != _current["lang"]:
        set_language(setting, explicit=False)


def set_language(lang: str, explicit: bool = True) -> None:
    """Use `lang` from now on ("en" or "es"); `explicit`: named by the organizer, not guessed."""
    global _translations
    if lang not in LANGUAGES:
        raise LanguageError(f"no interface in {lang!r}: campaign-dash speaks {' and '.join(LANGUAGES)}")
    _current["lang"] = lang
    _current["explicit"] = explicit
    if lang == "en":
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def language() -> str:
    return _current["lang"]


def _(message: str) -> str:
    """`message` in the interface's language."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Marks a string for the catalog where it is defined; `_()` translates it where it is shown."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a counted phrase (both forms) for the catalog where someone else says it (click)."""
    return singular, plural


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a phrase for `n` things, in the interface's language."""
    return _translations.ngettext(singular, plural, n)


# --- dates and numbers (Babel's CLDR data, for the languages other than English) ---------------


def number(value: float, decimals: int = 0) -> str:
    """12,345 (or 12,345.5 with decimals=1), grouped as the language does."""
    if language() == "en":
        return f"{value:,.{decimals}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=CLDR_LOCALES[language()])


def format_day(day: date, pattern: str) -> str:
    """A date in a CLDR pattern ("EEEE d 'de' MMMM"), in the interface's language."""
    from babel.dates import format_date

    return format_date(day, pattern, locale=CLDR_LOCALES[language()])


def format_range(start: date, end: date, skeleton: str) -> str:
    """A date range as the language writes it ("6–7 de feb"), from a CLDR skeleton ("MMMd")."""
    from babel.dates import format_interval

    return format_interval(start, end, skeleton, locale=RANGE_LOCALES[language()])


def format_days_from_now(days: int) -> str:
    """"in 2 days" / "dentro de 2 días", "3 days ago" / "hace 3 días"."""
    from babel.dates import format_timedelta

    return format_timedelta(timedelta(days=days), granularity="day", threshold=100_000, add_direction=True, locale=CLDR_LOCALES[language()])
