"""The user's own keys: a TOML file in the config folder that remaps actions by their id.

    # ~/.config/campaign-dash/keys.toml
    [keys]
    "tour.add" = "n"            # add a stop with n instead of a
    "roster.filter" = "f"
    "app.quit" = "ctrl+q,q"     # several keys: comma-separated

Ids are widgets.keys' (listed in `?`). An entry that names no action, or a key that is not a key,
is reported by name when the dashboard starts and ignored; the rest apply (Textual's keymap).
"""

from __future__ import annotations

import re
from pathlib import Path

from store.i18n import _
from widgets.keys import BY_ID

# A Textual key name: one character, or words joined by _ or + (ctrl+r, shift+tab, f5, pagedown).
KEY = re.compile(r"^(?:[^\s,]|(?:(?:ctrl|shift|alt|super|meta)\+)*[a-z0-9_]+)$")


def keymap_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("campaign-dash") / "keys.toml"


def load_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """(id -> keys, problems in words). A missing file is no keymap and no problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError as error:
        return {}, [_("{path} cannot be read ({error}); the default keys are used").format(path=path, error=error.strerror)]
    import tomllib  # only when there is a file: most people have none (start-up stays light)

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [_("{path} is not valid TOML ({error}); the default keys are used").format(path=path, error=error)]
    table = data.get("keys", {})
    if not isinstance(table, dict):
        return {}, [_('{path}: [keys] should be a table of action = "key"; the default keys are used').format(path=path)]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for action, value in table.items():
        if action not in BY_ID:
            near = [k for k in BY_ID if k.startswith(action.partition(".")[0] + ".")]
            hint = _("in that place: {ids}").format(ids=", ".join(near)) if near else _("the ids are listed under ? keys")
            problems.append(_("{file}: no action {action} ({hint}); ignored").format(file=path.name, action=repr(action), hint=hint))
            continue
        keys = value if isinstance(value, list) else [value] if isinstance(value, str) else None
        parts = [part.strip() for key in keys or [] for part in str(key).split(",") if part.strip()]
        bad = [part for part in parts if not KEY.match(part)]
        if keys is None or not parts or bad:
            shown = bad[0] if bad else value
            problems.append(_('{file}: {action} = {key} is not a key (e.g. "n", "ctrl+e", "f5"); ignored').format(file=path.name, action=action, key=repr(shown)))
            continue
        keymap[action] = ",".join(parts)
    return keymap, problems
