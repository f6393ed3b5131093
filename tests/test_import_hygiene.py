"""store/ stays usable without a terminal: importing it pulls in neither textual nor rich."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHECK = """
import sys, pkgutil, importlib, store
for module in pkgutil.iter_modules(store.__path__):
    importlib.import_module(f"store.{module.name}")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"textual", "rich"})
print(",".join(loaded))
"""


def test_importing_store_loads_no_ui() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_command_line_status_path_loads_no_ui() -> None:
    check = "import sys, tui.cli; print(any(m.startswith(('textual', 'rich')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", check], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_dashboard_start_up_leaves_slow_imports_for_later() -> None:
    check = (
        "import sys, tui.app; "
        "print(sorted(m for m in ('httpx', 'pyperclip') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", check], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_layers_hold_and_tui_has_no_import_loop() -> None:
    """tui -> widgets -> store only; widgets do no I/O; no cycle inside tui/ (pyproject.toml)."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Contracts: 3 kept, 0 broken." in out.stdout
