"""The README's "Starting your own campaign" commands, run exactly as written, one line at a
time in a shell, with the installed `campaign-dash`, in a fresh home folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from store.db import CampaignStore

README = Path(__file__).resolve().parents[1] / "README.md"


def shell_block(heading: str) -> list[str]:
    """The lines of the first ```sh block under `## heading`."""
    section = README.read_text(encoding="utf-8").split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, f"no sh block under {heading!r}"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_starting_your_own_campaign_runs_as_written(tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "campaign-dash").exists(), "install the project (pip install -e .) to get the campaign-dash command"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}  # HOME and XDG_DATA_HOME: conftest's
    env.pop("CAMPAIGN_DASH_DB", None)
    work = tmp_path / "work"
    work.mkdir()
    lines = shell_block("Starting your own campaign")
    assert lines[0].startswith("campaign-dash new ") and len(lines) >= 10
    for line in lines:
        out = subprocess.run(["bash", "-c", line], cwd=work, env=env, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, (line, out.stdout, out.stderr)
        assert "Traceback" not in out.stderr
    assert "Justice for housekeepers, as of" in out.stdout  # the last line: status

    path = Path(os.environ["XDG_DATA_HOME"]) / "campaign-dash" / "campaign.json"
    campaign = CampaignStore(path).load()
    assert campaign.info.name == "Justice for housekeepers" and campaign.info.languages == ["en", "es"]
    assert [s.name for s in campaign.speakers] == ["Ana Pérez"] and [s.city for s in campaign.stops] == ["Oakland"]
    assert (campaign.petition.title, campaign.petition.goal, [m.count for m in campaign.petition.milestones]) == ("A fair contract at Grand Hotels", 5000, [1000])
    assert (campaign.delegation.name, campaign.delegation.capacity) == ("May Day delegation", 12)
    assert [(m.name, m.status) for m in campaign.members] == [("Rosa Díaz", "accepted")]
    assert [(t.name, sorted(t.tweets)) for t in campaign.targets] == [("Jordan Smith", ["en"])]
    assert [t.name for t in campaign.letters] == ["Letter to the targets", "Letter to Grand Hotels"]
    assert campaign.letters[1].bodies["en"].startswith("Dear {recipient},\n\nWe ask you")
