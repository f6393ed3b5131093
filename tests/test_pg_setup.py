"""The README's server set-up, run as written against a real PostgreSQL: the superuser's block,
the owner's first campaign (which makes the tables), the owner's grants; then an organizer's role
can change the campaign, cannot rewrite the log, and a role without the grants is told why."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from store import changes as c
from store.db import StoreError
from store.demo import build_demo
from store.location import open_store
from store.models import Reading

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_sql() -> list[str]:
    section = README.read_text().split("## A team store on PostgreSQL", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def test_the_readme_setup_gives_organizers_what_they_need_and_no_more(pg_server) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    superuser_sql, grants_sql = readme_sql()
    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as conn:
        for statement in filter(str.strip, superuser_sql.split(";")):
            conn.execute(statement)
        conn.execute("CREATE ROLE outsider LOGIN")
    owner = open_store(pg_server.url("campaigns", campaign="may-day", user="campaign_owner"))
    assert owner.open(seed=build_demo) is True  # the owner's first campaign makes the tables
    with psycopg.connect(pg_server.url("campaigns", user="campaign_owner"), autocommit=True) as conn:
        for statement in filter(str.strip, grants_sql.split(";")):
            conn.execute(statement)

    ana = open_store(pg_server.url("campaigns", campaign="may-day", user="ana"))
    assert ana.writable_problem() is None
    ana.apply(c.change("tally", [c.add_op(Reading(datetime(2013, 2, 7), None, "manual", added=35))]), author="Ana")
    assert ana.load().petition.readings[-1].added == 35 and ana.log()[-1].change.author == "Ana"
    assert ana.undo_last(author="Ana").change.summary == "undo: tally"
    with psycopg.connect(pg_server.url("campaigns", user="ana"), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM campaign_dash.log")  # the log is append-only for organizers

    outsider = open_store(pg_server.url("campaigns", campaign="may-day", user="outsider"))
    problem = outsider.writable_problem() or ""
    assert "permission denied" in problem or "lacks" in problem, problem
    with pytest.raises(StoreError, match="grants"):
        outsider.load()
