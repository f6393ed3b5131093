"""The command line's help in the interface's language.

Click builds its commands when the modules are imported, before `--lang` is read, so help and
metavars are written with `N_()` (marked for the catalog, kept in English) and said through
`_()` only when the help is shown: these Command, Group, Option and Argument classes (and the
decorators below that use them) translate at display time. Click's own words in the help
("Usage:", "Options", "Commands", "Show this message and exit.") come from click's gettext
domain, which the interface does not choose; they are in our catalog (below) and said by the
same classes. Click's usage errors ("Error: No such option ...") are said by click itself, through
the standard library's gettext: for one run of the command line it is pointed at our catalog in
the interface's language (`click_speaks_the_interface_language`).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from store.i18n import DOMAIN, LOCALE_DIR, N_, NP_, _

# Click's words in the help, and the metavars click derives from a type or an argument's name,
# in the catalog so `_()` finds them when the help is shown.
CLICK_WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("[COMMAND] [ARGS]..."),
    N_("TEXT"),
    N_("INTEGER"),
    N_("FLOAT"),
    N_("FILE"),
)

# Click's usage errors, which click says itself (click 8.5's words: tests/test_cli_i18n.py checks
# that click still says each of them).
CLICK_ERRORS = (
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing command."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("Could not open file {filename!r}: {message}"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("Aborted!"),
)
CLICK_COUNTED_ERRORS = (
    NP_("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    NP_("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    NP_("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    NP_("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
)


@contextmanager
def click_speaks_the_interface_language() -> Iterator[None]:
    """One run of the command line, during which click's own messages come from our catalog.

    Click says them through the standard library's gettext: its default text domain, in the
    language $LANGUAGE names (GNU gettext's variable for the messages' language). Both are set
    for the run (`speak_click`) and put back after, so a process that runs the command line
    in-process (a test, a program embedding it) is left as it was.
    """
    domain, language = gettext.textdomain(), os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language


def speak_click(lang: str) -> None:
    """Click's messages in `lang` from now on (inside click_speaks_the_interface_language)."""
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang


class Formatter(click.HelpFormatter):
    """Click's formatter with the usage prefix and the section titles in the interface's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage:") + " " if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(_(name)):
            yield


class Context(click.Context):
    formatter_class = Formatter


def help_words(help: str, extra: dict[str, Any]) -> str:
    """An option's help with its [default: ...; required] note, both in the interface's language."""
    items = []
    if "envvars" in extra:
        items.append(_("env var: {var}").format(var=", ".join(extra["envvars"])))
    if "default" in extra:
        items.append(_("default: {default}").format(default=extra["default"]))
    if "range" in extra:
        items.append(extra["range"])
    if "required" in extra:
        items.append(_("required"))
    note = "; ".join(items)
    return f"{help}  [{note}]" if help and note else help or (f"[{note}]" if note else "")


class Option(click.Option):
    def make_metavar(self, ctx: click.Context) -> str:
        return _(super().make_metavar(ctx))

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        return record[0], help_words(_(self.help) if self.help else "", dict(self.get_help_extra(ctx)))


class Argument(click.Argument):
    def make_metavar(self, ctx: click.Context) -> str:
        return _(super().make_metavar(ctx))


class Command(click.Command):
    """A command whose help, short help, usage line and options are said in the interface's language."""

    context_class = Context

    def _said(self) -> click.Command:
        """A stand-in holding this command's help in the interface's language, for click's own layout."""
        return click.Command(
            self.name,
            help=_(self.help) if self.help else self.help,
            short_help=_(self.short_help) if self.short_help else self.short_help,
            deprecated=self.deprecated,
        )

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._said().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return self._said().get_short_help_str(limit)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_(piece) for piece in super().collect_usage_pieces(ctx)]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Click's Options section; the help option is click's own, so its words are said here."""
        records = []
        for param in self.get_params(ctx):
            record = None if isinstance(param, click.Argument) else param.get_help_record(ctx)
            if record is not None:
                records.append(record if isinstance(param, Option) else (record[0], _(record[1])))
        if records:
            with formatter.section(N_("Options")):
                formatter.write_dl(records)


class Group(Command, click.Group):
    command_class = Command
    group_class = type  # subgroups are this class too

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)


def command(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Command]:
    return click.command(name, cls=Command, **attrs)


def group(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Group]:
    return click.group(name, cls=Group, **attrs)


def option(*decls: str, **attrs: Any) -> Callable[[Callable[..., Any]], Any]:
    return click.option(*decls, cls=Option, **attrs)


def argument(*decls: str, **attrs: Any) -> Callable[[Callable[..., Any]], Any]:
    return click.argument(*decls, cls=Argument, **attrs)
