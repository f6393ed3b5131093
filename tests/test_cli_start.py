"""Starting: `new` makes a blank campaign, `demo` the demo in its own file, nothing else makes a
campaign file: every other command refuses a missing one in one line, and the dashboard asks at
a terminal and refuses without one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from store.db import CampaignStore

from .clihelpers import cli, ok, refused
from .conftest import make_demo
from .terminal import Terminal
from .test_app_typeahead import wait_for_file
from .test_cli import run


def test_new_makes_a_blank_campaign_in_its_language(tmp_path: Path) -> None:
    path = tmp_path / "hotel.json"
    made = ok("new", "--name", "Justicia para las camareras", "--lang", "es", db=path)
    assert f"made a blank campaign, 'Justicia para las camareras', in {path}" in made.stdout
    assert f"open it with: campaign-dash --db {path}" in made.stdout
    campaign = CampaignStore(path).load()
    assert campaign.info.name == "Justicia para las camareras" and campaign.info.languages == ["es"]
    assert (campaign.speakers, campaign.stops, campaign.members, campaign.targets) == ([], [], [], [])
    assert campaign.petition.readings == [] and campaign.petition.goal == 0 and campaign.petition.title == ""
    assert campaign.delegation.name == "" and campaign.delegation.capacity is None
    (letter,) = campaign.letters
    assert letter.languages == ["es"] and "Estimado/a {recipient}" in letter.bodies["es"]
    assert "STISSS" not in path.read_text() and "Jaime" not in path.read_text()  # nothing from the demo
    assert path.stat().st_mode & 0o777 == 0o600


def test_new_without_a_name_and_in_english_by_default(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    ok("new", db=path)
    campaign = CampaignStore(path).load()
    assert campaign.info.name == "New campaign" and campaign.info.languages == ["en"]


def test_new_never_overwrites_a_file(demo_db: Path) -> None:
    (line,) = refused("new", "--name", "Other", db=demo_db)
    assert f"there is already a campaign file at {demo_db}" in line and f"campaign-dash --db {demo_db}" in line
    junk = demo_db.with_name("notes.json")
    junk.write_text("my notes")
    refused("new", db=junk)
    assert junk.read_text() == "my notes"


@pytest.mark.parametrize(("name", "words"), [("", "the campaign needs a name"), ("   ", "the campaign needs a name"), ("Evil\x1b]2;x\x07", "control character")])
def test_new_refuses_a_bad_name_and_makes_nothing(tmp_path: Path, name: str, words: str) -> None:
    path = tmp_path / "c.json"
    (line,) = refused("new", "--name", name, db=path)
    assert line.startswith("campaign-dash: name: ") and words in line
    assert not path.exists()


def test_new_refuses_a_language_it_does_not_write(tmp_path: Path) -> None:
    ran = cli("new", "--lang", "fr", db=tmp_path / "c.json")
    assert ran.code == 2 and "'fr' is not one of 'es', 'en'" in ran.stderr and not (tmp_path / "c.json").exists()


def test_demo_no_open_makes_the_demo_once_and_then_leaves_it(db_path: Path) -> None:
    made = ok("demo", "--no-open", db=db_path)
    assert f"made the demo campaign in {db_path}" in made.stdout and "--today 2013-02-06" in made.stdout
    assert CampaignStore(db_path).load().speakers[0].name == "Jaime Rivera"
    ok("petition", "add", "5", db=db_path)
    before = db_path.read_bytes()
    again = ok("demo", "--no-open", db=db_path)
    assert "is already there; left as it is" in again.stderr and db_path.read_bytes() == before


def test_the_demo_lives_apart_from_the_campaign_even_with_campaign_dash_db(tmp_path: Path) -> None:
    mine = tmp_path / "mine.json"
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "CAMPAIGN_DASH_DB": str(mine)}
    assert run("new", "--name", "Mine", env=env).returncode == 0 and mine.exists()
    before = mine.read_bytes()
    demo = run("demo", "--no-open", env=env)
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "data" / "campaign-dash" / "demo.json").exists()
    assert "open it with: campaign-dash demo --today 2013-02-06" in demo.stdout
    assert mine.read_bytes() == before


EVERY_COMMAND = [
    ["status"], ["status", "--check"], ["status", "--json"], ["log"], ["undo"],
    ["campaign", "show"], ["campaign", "set", "--name", "X"],
    ["speaker", "list"], ["speaker", "add", "Ana"], ["speaker", "set", "Ana", "--region", "West"], ["speaker", "remove", "Ana", "--yes"],
    ["tour", "list"], ["tour", "add", "--speaker", "A", "--city", "B", "--start", "2013-02-06"], ["tour", "export", "{tmp}/t.ics"],
    ["petition"], ["petition", "show", "--json"], ["petition", "add", "5"], ["petition", "history", "--json"], ["petition", "edit", "--goal", "5"],
    ["petition", "goal", "5"], ["petition", "milestone", "list"], ["petition", "milestone", "add", "5", "five"],
    ["petition", "milestone", "edit", "5", "--label", "x"], ["petition", "milestone", "remove", "5"],
    ["delegation", "show"], ["delegation", "set", "--capacity", "3"],
    ["roster", "list", "--json"], ["roster", "add", "--name", "Ana"], ["roster", "set", "Ana", "--status", "accepted"],
    ["roster", "remove", "Ana", "--yes"], ["roster", "export", "{tmp}/r.csv"],
    ["target", "list"], ["target", "add", "Ana"], ["target", "set", "Ana", "--title", "CEO"], ["target", "remove", "Ana", "--yes"],
    ["target", "move", "Ana", "up"], ["target", "tweet", "Ana", "--lang", "en", "Hi"],
    ["template", "list"], ["template", "add", "T", "--lang", "en", "--body-file", "{tmp}/body.txt"], ["template", "rename", "T", "U"],
    ["template", "remove", "T", "--yes"], ["template", "copy-language", "T", "--from", "es", "--to", "en"],
    ["letter"], ["tweet"],
]


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=" ".join)
def test_every_command_refuses_a_missing_file_in_one_line(tmp_path: Path, command: list[str]) -> None:
    """A mistyped --db in a cron job is an error naming the file, not a fresh demo campaign."""
    path = tmp_path / "no-such-folder" / "campaing.json"
    (tmp_path / "body.txt").write_text("Dear {recipient},\n")
    (line,) = refused(*[part.replace("{tmp}", str(tmp_path)) for part in command], db=path)
    assert f"no campaign at {path}" in line
    assert f"campaign-dash new --db {path}" in line and f"campaign-dash demo --db {path}" in line
    assert not path.parent.exists()  # not even its folder was made


def test_a_missing_file_is_refused_as_a_real_process_too(tmp_path: Path) -> None:
    path = tmp_path / "campaing.json"
    out = run("petition", "add", "7", "--db", str(path))
    assert out.returncode == 2 and out.stdout == "" and not path.exists()
    assert out.stderr.count("\n") == 1 and f"no campaign at {path}" in out.stderr


def test_the_dashboard_without_a_terminal_refuses_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "campaing.json"
    for args in (["--db", str(path)], ["--db", str(path), "--today", "2013-02-06"]):
        out = subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
        assert out.returncode == 2 and f"no campaign at {path}" in out.stderr and "campaign-dash demo --db" in out.stderr
    assert not path.exists()


def test_reset_demo_resets_the_file_named_after_the_subcommand(tmp_path: Path) -> None:
    """`--reset-demo status --db X` starts X over, and nothing else (it used to reset the default file)."""
    data = tmp_path / "data"
    default = data / "campaign-dash" / "campaign.json"
    env = {"XDG_DATA_HOME": str(data)}
    assert run("new", "--name", "Mine", env=env).returncode == 0
    before = default.read_bytes()
    other = tmp_path / "other.json"
    other.write_text("{broken")
    out = run("--reset-demo", "status", "--db", str(other), "--today", "2013-02-06", env=env)
    assert out.returncode == 0, out.stderr
    assert "1,000 of 2,000" in out.stdout and f"started {other} from the demo campaign" in out.stderr
    assert default.read_bytes() == before
    assert [p.read_text() for p in tmp_path.glob("other.json.*.bak")] == ["{broken"]


def test_reset_demo_with_the_demo_command_resets_the_demo_file(tmp_path: Path) -> None:
    demo = make_demo(tmp_path / "demo.json")
    ok("petition", "add", "5", db=demo)
    reset = cli("--reset-demo", "demo", "--no-open", db=demo)
    assert reset.code == 0 and "started" in reset.stderr
    assert "1,000 of 2,000" in ok("petition", db=demo).stdout


def test_reset_demo_and_new_do_not_mix(tmp_path: Path) -> None:
    (line,) = refused("--reset-demo", "new", db=tmp_path / "c.json")
    assert "use one or the other" in line


# --- at a terminal ------------------------------------------------------------------------

def test_demo_opens_the_dashboard_and_says_when_the_file_was_there(tmp_path: Path) -> None:
    path = tmp_path / "demo.json"
    first = Terminal(["-m", "tui", "demo", "--db", str(path), "--today", "2013-02-06"])
    seen = first.read_until(b"224/280")  # the demo's first tweet, in the letter pane
    assert f"made the demo campaign in {path}".encode() in seen
    first.type(b"q")
    assert first.wait() == 0
    again = Terminal(["-m", "tui", "demo", "--db", str(path), "--today", "2013-02-06"])
    assert b"is already there; opening it as it is" in again.read_until(b"224/280")
    again.type(b"q")
    assert again.wait() == 0


@pytest.mark.parametrize(("keys", "made"), [(b"d", "demo"), (b"n", "new"), (b"q", None)])
def test_the_dashboard_on_a_missing_file_asks_at_a_terminal(tmp_path: Path, keys: bytes, made: str | None) -> None:
    """The real question (tui.start), in a real terminal: nothing is made without an answer."""
    path = tmp_path / "campaign.json"
    terminal = Terminal(["-m", "tui", "--db", str(path), "--today", "2013-02-06"])
    terminal.read_until(b"start a new blank campaign")
    assert not path.exists()
    terminal.type(keys)
    if made is None:
        assert terminal.wait() == 0 and not path.exists()
        return
    if made == "new":
        terminal.read_until(b"the campaign's name")
        terminal.type(b"Fresno farmworkers\r")
    # Text only the dashboard shows (the name typed shows in the question's own field first:
    # a q typed then could reach the question app as it closes, not the dashboard).
    terminal.read_until(b"224/280" if made == "demo" else b"No speakers yet")
    terminal.type(b"q")
    assert terminal.wait() == 0
    campaign = CampaignStore(path).load()
    assert campaign.info.name == ("US-El Salvador labor solidarity (demo)" if made == "demo" else "Fresno farmworkers")


def test_the_dashboard_refusing_a_damaged_file_leaves_garbage_collection_on(tmp_path: Path) -> None:
    """Start-up turns garbage collection off while it opens and reads the file (the dashboard
    turns it back on after its first frame); a file refused before there is a dashboard turns
    it back on itself (the command line may be run in a longer-lived process, as here)."""
    import gc

    path = tmp_path / "campaign.json"
    path.write_text('{"not": "a campaign"}\n')
    assert gc.isenabled()
    ran = cli(db=path)
    assert ran.code == 2 and f"campaign-dash: {path} is not a campaign file" in ran.stderr
    assert gc.isenabled()
    assert path.read_text() == '{"not": "a campaign"}\n'  # left as it was


def big_campaign(path: Path) -> CampaignStore:
    """A campaign whose roster is read after the dashboard's first frame (past 20,000 people)."""
    from store import db as dbmod
    from store.demo import build_demo
    from store.models import Member

    demo = build_demo()
    count = dbmod.PART_ROWS * dbmod.LATER_ROSTER_PARTS + 1
    demo.members = [Member(f"Person {i:05d}", "STISSS", email=f"p{i}@example.org", status="applied") for i in range(count)]
    store = CampaignStore(path)
    store.open(seed=lambda: demo)
    return store


def test_keys_typed_at_start_up_on_a_big_roster_act_once_it_is_read(tmp_path: Path) -> None:
    """Past 20,000 people the dashboard paints before it reads the roster: `3 w` written the
    moment it starts waits for the roster, then withdraws the first person of all of them."""
    store = big_campaign(tmp_path / "campaign.json")
    terminal = Terminal(["-m", "tui", "--db", str(store.path), "--today", "2013-02-06"], size=(160, 48))
    terminal.type(b"3w")
    try:
        wait_for_file(lambda: CampaignStore(store.path).log(), "the change in the campaign file")
    finally:
        terminal.type(b"q")
        code = terminal.wait()
    assert code == 0
    assert [e.change.summary for e in store.log()] == ["Person 00000: applied → withdrawn"]
    members = store.load().members
    assert members[0].status == "withdrawn" and [m.status for m in members[1:]] == ["applied"] * (len(members) - 1)


def test_a_damaged_roster_line_found_after_the_first_frame_is_refused_as_at_start(tmp_path: Path) -> None:
    """The roster's lines are only skimmed before the first frame: a damaged one is found when
    it is read just after. The dashboard quits with the message a damaged file gets (exit 2),
    the keys typed meanwhile changed nothing, and the file is as it was."""
    path = tmp_path / "campaign.json"
    big_campaign(path)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + b'{"members": "damaged"}\n' + b"".join(lines[2:]))
    before = path.read_bytes()
    terminal = Terminal(["-m", "tui", "--db", str(path), "--today", "2013-02-06"], size=(160, 48))
    terminal.type(b"3w")
    assert terminal.wait() == 2
    said = terminal.seen.decode(errors="replace")
    assert "is not a campaign file campaign-dash can read: its 'members' table is damaged" in said
    assert "--reset-demo" in said
    assert path.read_bytes() == before


def test_the_dashboard_without_a_terminal_says_so_at_once(db_path: Path) -> None:
    """A pipe or cron has no keys to give: the dashboard refuses in one line (exit 2), where
    it used to start and spin a core for ever; the demo is made all the same."""
    ran = run("demo", "--db", str(db_path))  # stdin and stdout are pipes
    assert ran.returncode == 2 and db_path.exists()
    assert ran.stderr.splitlines()[-1] == "campaign-dash: the dashboard needs a terminal; for the campaign at a glance from a script, use `campaign-dash status`"
    again = run("--db", str(db_path))
    assert again.returncode == 2 and "needs a terminal" in again.stderr and "Traceback" not in again.stderr
