"""`campaign-dash copy`: a whole campaign, its log included, from a file to a real PostgreSQL
server and back; a non-empty target refused unless --replace (which moves the old one aside);
who made a change on a server when nobody said: the database role."""

from __future__ import annotations

from pathlib import Path

from store.db import CampaignStore
from store.location import open_store

from .conftest import make_demo
from .test_cli import run


def test_a_campaign_goes_to_the_server_and_back_with_its_log(tmp_path: Path, pg_url: str) -> None:
    path = make_demo(tmp_path / "campaign.json")
    assert run("petition", "add", "25", "--db", str(path), "--as", "Ana").returncode == 0
    assert run("roster", "add", "--name", "Xavier Ruiz", "--db", str(path), "--as", "Beto").returncode == 0

    out = run("copy", "--from", str(path), "--to", pg_url)
    assert out.returncode == 0, out.stderr
    assert "and 2 logged changes (revision 2)" in out.stdout
    server = open_store(pg_url)
    assert server.load() == CampaignStore(path).load()
    assert [(e.change.id, e.change.author) for e in server.log()] == [(e.change.id, e.change.author) for e in CampaignStore(path).log()]
    log = run("log", "--db", pg_url)
    assert "Ana  [petition]  added 25 signatures" in log.stdout and "Beto  [roster]  added Xavier Ruiz" in log.stdout
    assert run("undo", "--db", pg_url, "--as", "Ana").returncode == 0  # the log carried over: undo works there
    assert [m.name for m in server.load().members] == []

    again = run("copy", "--from", str(path), "--to", pg_url)  # the target holds a campaign: refused
    assert again.returncode == 2 and "there is already a campaign at" in again.stderr and "--replace" in again.stderr
    assert [m.name for m in server.load().members] == []  # untouched

    back = tmp_path / "back.json"
    out = run("copy", "--from", pg_url, "--to", str(back))
    assert out.returncode == 0, out.stderr
    assert CampaignStore(back).load() == server.load() and len(CampaignStore(back).log()) == 3
    refused = run("copy", "--from", pg_url, "--to", str(back))
    assert refused.returncode == 2 and back.exists()
    replaced = run("copy", "--from", str(path), "--to", str(back), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert "moved the campaign that was at" in replaced.stderr
    assert [m.name for m in CampaignStore(back).load().members] == ["Xavier Ruiz"]
    assert len(list(tmp_path.glob("back.json.*.bak"))) == 1  # the old one kept aside
    onto_server = run("copy", "--from", str(back), "--to", pg_url, "--replace")
    assert onto_server.returncode == 0 and ".bak" in onto_server.stderr
    server.close()


def test_who_on_a_server_is_the_database_role_unless_said(pg_server, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    assert run("demo", "--no-open", "--db", pg_url).returncode == 0
    assert run("petition", "add", "5", "--db", pg_url, env={"CAMPAIGN_DASH_AUTHOR": ""}).returncode == 0
    assert run("petition", "add", "6", "--db", pg_url, env={"CAMPAIGN_DASH_AUTHOR": "Carmen"}).returncode == 0
    assert run("petition", "add", "7", "--db", pg_url, "--as", "Dora", env={"CAMPAIGN_DASH_AUTHOR": "Carmen"}).returncode == 0
    log = run("log", "--db", pg_url).stdout.splitlines()
    assert [line.split("  ")[1] for line in log] == [pg_server.user, "Carmen", "Dora"]


def test_copy_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    missing = run("copy", "--from", str(tmp_path / "nope.json"), "--to", str(tmp_path / "x.json"))
    assert missing.returncode == 2 and "no campaign at" in missing.stderr and not (tmp_path / "x.json").exists()
    path = make_demo(tmp_path / "campaign.json")
    same = run("copy", "--from", str(path), "--to", str(path))
    assert same.returncode == 2 and "the same campaign" in same.stderr
