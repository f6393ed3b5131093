"""Find user-facing strings not marked for translation: the check behind
test_i18n.test_every_user_facing_string_is_marked (issue 16), and a script to list them:

    .venv/bin/python -m tests.unmarked_strings

A string counts as user-facing prose when it holds two words, or starts with a capitalised
word ("Quit", "Tweet"), and is not: a docstring, inside _() / N_() / NP_() / ngettext(), an argument
that names rather than says (a widget id or class, a style, a key, an action), compared with
or used as a key, SQL, CSS, or listed in ALLOWED below with the reason it stays as written.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCANNED = ("store", "tui", "widgets")

PROSE = re.compile(r"[A-Za-z]{2,}[ ,;:'’]+[A-Za-z]{2,}|^\s*[A-Z][a-z]{2,}")
IDENTIFIER = re.compile(r"^[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*$")  # CampaignStore: a name, not a word
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|SET TRANSACTION|CREATE|ALTER|FOR UPDATE)\b")
STYLE_WORDS = set("bold dim italic underline reverse red green yellow cyan blue magenta white black on not strike".split())
MARKERS = {"_", "N_", "NP_", "ngettext"}
NAMING_CALLS = {
    "query", "query_one", "set_class", "add_class", "remove_class", "has_class", "getattr", "startswith", "endswith",
    "split", "join", "replace", "strftime", "compile", "get_component_rich_style", "isinstance", "debug", "info",
    "warning", "exception", "log", "Style", "parse", "run_worker", "work", "format_day", "format_range",
}
NAMING_KEYWORDS = {"style", "id", "classes", "key", "group", "variant", "severity", "name", "key_display", "action", "encoding", "errors", "mode", "justify", "overflow"}
NOT_TEXT_ASSIGNMENTS = {"CSS", "DEFAULT_CSS", "__all__"}

# Strings that stay as written, by file, and why.
ALLOWED_FILES = {
    "store/demo.py": "the demo campaign's own text (its data, in its languages)",
    "store/blank.py": "a new campaign's starter letters, one per language (its data)",
    "store/sources.py": "platform names: Action Network, JSON URL",
    "store/i18n.py": "refusing an unknown language happens before any language is set",
}
ALLOWED = {
    ("store/dates.py", "{} days ago"): "the English branch (Spanish comes from CLDR)",
    ("store/dates.py", "Mon"): "the English branch", ("store/dates.py", "Tue"): "the English branch",
    ("store/dates.py", "Wed"): "the English branch", ("store/dates.py", "Thu"): "the English branch",
    ("store/dates.py", "Fri"): "the English branch", ("store/dates.py", "Sat"): "the English branch",
    ("store/dates.py", "Sun"): "the English branch",
    ("store/dates.py", "LLLL 'de' y"): "a CLDR pattern", ("store/dates.py", "EEEE d 'de' MMMM 'de' y"): "a CLDR pattern",
    **{("store/letters.py", month): "a letter's date, in the letter's language" for month in (
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")},
    **{("store/roster_csv.py", header): "column names found in people's CSV files" for header in (
        "full name", "nombre completo", "email address", "e-mail address", "correo electrónico", "phone number",
        "first name", "given name", "nombre de pila", "last name", "family name", "Email")},
    ("store/ical.py", "-//campaign-dash//Tour calendar//EN"): "the iCalendar PRODID, read by programs",
    ("store/letter_pdf.py", "Helvetica"): "a font name", ("store/letter_pdf.py", "Times"): "a font name",
    ("store/letter_pdf.py", "Letter"): "a paper size",
    ("store/location.py", "ServerLocation({})"): "a repr, for programmers",
    ("store/pg.py", "USAGE on {}.records_seq_seq"): "a PostgreSQL privilege, as the server names it",
    ("tui/screens/tweets.py", "warm up"): "text weighed to load the tweet parser, never shown",
    ("tui/app.py", "↑ ↓ (k j) pgup pgdn"): "keys", ("tui/app.py", "home end"): "keys",
    ("store/ical.py", "no uid"): "a key for events without a UID, never shown",
    ("tui/petition_actions.py", "Action Network"): "a platform's name",
    ("tui/roster_actions.py", "campaign-dash roster import FILE.csv"): "a command to type",
    ("tui/cli_start.py", "campaign-dash demo{} --today 2013-02-06"): "a command to type",
    ("tui/cli_start.py", "New campaign"): "a new campaign's name, in the language it writes in (data)",
    ("tui/cli_start.py", "Campaña nueva"): "a new campaign's name, in the language it writes in (data)",
    ("tui/cli_campaign.py", "es,en"): "language codes, as typed",
    ("tui/cli_common.py", "path or url"): "click's name for the --db type (shown only in click's own English errors)",
    ("tui/details_actions.py", "English"): "each language named in itself (español, English)",
}


def is_prose(text: str) -> bool:
    t = text.strip()
    if not t or SQL.match(t) or IDENTIFIER.match(t) or all(w in STYLE_WORDS for w in t.split()):
        return False
    return bool(PROSE.search(t))


def unmarked(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each prose literal in `path` not marked for translation."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()

    def skip_all(node: ast.AST) -> None:
        skip.update(id(sub) for sub in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))  # a docstring
        elif isinstance(node, ast.Call):
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            if name in MARKERS or name in NAMING_CALLS:
                skip_all(node)
            for keyword in node.keywords:
                if keyword.arg in NAMING_KEYWORDS:
                    skip_all(keyword.value)
        elif isinstance(node, ast.Compare):
            skip_all(node)
        elif isinstance(node, ast.Subscript):
            skip_all(node.slice)
        elif isinstance(node, ast.Dict):
            for key in node.keys:
                if key is not None:
                    skip_all(key)
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in NOT_TEXT_ASSIGNMENTS for t in node.targets):
            skip_all(node.value)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if is_prose(text):
            found.append((node.lineno, text))
    return sorted(found)


def report(repo: Path = REPO) -> list[str]:
    """Every unmarked user-facing string in the code, as 'file:line: text'."""
    lines = []
    for folder in SCANNED:
        for path in sorted((repo / folder).rglob("*.py")):
            where = path.relative_to(repo).as_posix()
            if where in ALLOWED_FILES:
                continue
            for line, text in unmarked(path):
                if (where, text) not in ALLOWED:
                    lines.append(f"{where}:{line}: {text!r}")
    return lines


if __name__ == "__main__":
    found = report()
    print("\n".join(found) or "every user-facing string is marked")
    raise SystemExit(1 if found else 0)
