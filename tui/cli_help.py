"""The command line's help in the interface's language.

Click builds its commands when the modules are imported, before `--lang` is read, so help and
metavars are written with `N_()` (marked for the catalog, kept in English) and said through
`_()` only when the help is shown: these Command, Group, Option and Argument classes (and the
decorators below that use them) translate at display time. Click's own words in the help
("Usage:", "Options", "Commands", "Show this message and exit.") come from click's gettext
domain, which the interface does not choose; they are in our catalog (below) and said by the
same classes. Click's usage errors ("Error: No such command ...") stay in click's words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from store.i18n import N_, _

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
