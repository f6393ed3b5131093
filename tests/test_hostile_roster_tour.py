"""Escape codes, bidi overrides and broken bytes at the roster's and the tour's edges (typed fields,
CSV), and a CSV that lists the same person twice."""

from __future__ import annotations

import pytest

from store import roster, tour
from store.demo import JAIME, build_demo
from store.models import Member
from store.roster_csv import CsvError, read_csv
from store.validation import ValidationError

ESC = "\x1b[2J\x1b]0;owned\x07"


def stop_errors(**fields: str) -> dict[str, str]:
    typed = {"speaker": JAIME, "city": "Boston", "start": "2013-02-20", **fields}
    with pytest.raises(ValidationError) as caught:
        tour.build_stop(build_demo(), typed, 2013)
    return caught.value.errors


def test_a_stop_refuses_escape_codes_bidi_and_broken_bytes_naming_each_field() -> None:
    errors = stop_errors(city=f"Boston{ESC}", venue="Hall \u202eevil", notes="ok\n\x9b31m", start="2013-02-20\x00")
    assert set(errors) == {"city", "venue", "notes", "start"}
    assert errors["city"] == "contains a control character (U+001B ESC) at character 7; remove it"
    assert errors["venue"].startswith("contains a bidirectional override (U+202E RIGHT-TO-LEFT OVERRIDE)")
    assert "(U+009B CSI)" in errors["notes"] and "(U+0000 NUL)" in errors["start"]
    assert "lone surrogate" in stop_errors(city="Bogot\udce1")["city"]  # undecodable bytes from a command line
    assert "line break" in stop_errors(city="Boston\nMA")["city"]
    assert "U+001B ESC" in stop_errors(speaker=f"Jaime{ESC}")["speaker"]


def test_a_stop_keeps_line_breaks_and_tabs_in_its_notes() -> None:
    stop = tour.build_stop(build_demo(), {"speaker": JAIME, "city": "Boston\t", "start": "02-20", "notes": "a\r\nb\tc"}, 2013)
    assert (stop.city, stop.notes) == ("Boston", "a\r\nb\tc")


def test_a_speaker_refuses_control_characters() -> None:
    with pytest.raises(ValidationError) as caught:
        tour.build_speaker(build_demo(), {"name": "Ana", "organization": f"SEIU{ESC}", "region": "x\u2067y"})
    assert set(caught.value.errors) == {"organization", "region"}
    assert "U+2067 RIGHT-TO-LEFT ISOLATE" in caught.value.errors["region"]


def test_stored_names_are_shown_safely_in_messages() -> None:
    campaign = build_demo()
    campaign.speakers[0].name = f"Old{ESC}"  # stored before the rule existed
    with pytest.raises(ValidationError) as caught:
        tour.build_stop(campaign, {"speaker": "nobody", "city": "x", "start": "2013-02-20"}, 2013)
    assert "\x1b" not in str(caught.value) and "Old\\x1b[2J" in str(caught.value)


@pytest.mark.parametrize(
    "fields, field, words",
    [
        ({"name": f"Ana{ESC}"}, "name", "U+001B ESC"),
        ({"name": "Ana", "city": "San \u202eSalvador"}, "city", "bidirectional override"),
        ({"name": "Ana", "notes": "x\ufffe"}, "notes", "noncharacter (U+FFFE)"),
        ({"name": "Ana\nPérez"}, "name", "line break (U+000A LF)"),
        ({"name": "Ana", "email": "ana\x85@example.org"}, "email", "U+0085 NEL"),
    ],
)
def test_a_member_refuses_what_store_text_refuses(fields: dict[str, str], field: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        roster.build_member(fields)
    assert words in caught.value.errors[field]


def test_a_member_keeps_line_breaks_in_notes() -> None:
    assert roster.build_member({"name": "Ana", "notes": "call\r\nafter 5\tpm"}).notes == "call\r\nafter 5\tpm"


def test_csv_cells_with_escape_codes_are_rejected_with_the_line() -> None:
    data = f"Name,Email,Notes\r\nAna,ana@example.org,ok\r\nBad{ESC},bad@example.org,\r\nC1,c1@example.org,\u009b31m\r\n".encode()
    plan = read_csv(data, [])
    assert [m.name for m in plan.adds] == ["Ana"]
    assert plan.rejects == [
        (3, "name: contains a control character (U+001B ESC) at character 4; remove it"),
        (4, "notes: contains a control character (U+009B CSI) at character 1; remove it"),
    ]


def test_csv_headers_are_shown_escaped() -> None:
    with pytest.raises(CsvError) as caught:
        read_csv(f"Foo{ESC},Bar\r\n1,2\r\n".encode(), [])
    assert "\x1b" not in str(caught.value) and "Foo\\\\x1b" in str(caught.value)
    plan = read_csv("Name\x1b,Email\r\nAna,a@example.org\r\n".encode(), [])
    assert plan.columns == {"email": "Email"}  # 'Name\x1b' is no known header
    assert plan.adds == [] and plan.rejects == [(2, "name: a name is needed")]


def test_a_later_row_with_the_same_email_updates_the_earlier_one() -> None:
    data = (
        "Name,Email,City,Phone,Status\r\n"
        "Ana Pérez,ana@example.org,Oakland,555-1000,applied\r\n"
        "Beto,beto@example.org,Fresno,,\r\n"
        "Ana P.,ANA@Example.org,,,accepted\r\n"
        "Ana,ana@example.org,,,\x1b\r\n"
        "Ana Pérez,ana@example.org,Sacramento,,\r\n"
    ).encode()
    plan = read_csv(data, [])
    ana, beto = plan.adds
    assert (ana.name, ana.city, ana.phone, ana.status) == ("Ana Pérez", "Sacramento", "555-1000", "accepted")
    assert beto.name == "Beto" and len(plan.adds) == 2
    assert plan.notes == [(4, "line 4 updates line 2 (same email)"), (6, "line 6 updates line 2 (same email)")]
    assert plan.rejects == [(5, "status: contains a control character (U+001B ESC); remove it")]
    assert plan.summary() == "2 to add, 0 to update, 0 unchanged, 1 rejected, 2 lines merged into an earlier one"


def test_same_email_rows_fold_into_one_update_of_a_stored_member() -> None:
    stored = Member("Ana Pérez", "SEIU", email="ana@example.org", city="Oakland", status="paid")
    plan = read_csv(b"Email,City\r\nana@example.org,Fresno\r\nana@example.org,Oakland\r\n", [stored])
    assert plan.updates == [] and plan.unchanged == 1 and plan.notes == [(3, "line 3 updates line 2 (same email)")]
    plan = read_csv(b"Email,City,Phone\r\nana@example.org,Fresno,\r\nAna@example.org,,555\r\n", [stored])
    (before, after), = plan.updates
    assert before is stored and after.id == stored.id and (after.city, after.phone, after.status) == ("Fresno", "555", "paid")


def test_a_rejected_first_row_does_not_swallow_the_next() -> None:
    plan = read_csv(b"Name,Email,Phone\r\nAna,ana@example.org,call me\r\nAna,ana@example.org,555\r\n", [])
    assert [m.phone for m in plan.adds] == ["555"] and plan.notes == [] and [line for line, _ in plan.rejects] == [2]


def test_a_stop_of_more_than_a_year_is_a_typo() -> None:
    errors = stop_errors(start="2013-02-20", end="2031-02-21")
    assert errors == {"end": "the stop would last 6,576 days; at most 366 (is the year right?)"}


def test_stop_lines_and_problems_show_stored_escape_codes_escaped() -> None:
    campaign = build_demo()
    campaign.speakers[0].name = f"Jaime{ESC}"  # stored before the rule existed
    first = next(s for s in campaign.stops if s.speaker_id == campaign.speakers[0].id)
    first.city = f"Boston{ESC}"
    clash = tour.build_stop(campaign, {"speaker": campaign.speakers[0].id, "city": "Lowell", "start": first.start.isoformat()}, 2013)
    campaign.stops.append(clash)
    line = tour.stop_line(campaign, first)
    texts = [p.text for p in tour.problems(campaign)]
    assert "\x1b" not in line and "Boston\\x1b[2J" in line and "Jaime\\x1b[2J" in line
    assert texts and all("\x1b" not in text and "\x07" not in text for text in texts)
    assert any("Boston\\x1b[2J" in text for text in texts)
