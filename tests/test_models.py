"""Every model survives the trip to JSON and back, accents and all."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.demo import build_demo
from store.models import (
    Campaign,
    Delegation,
    LetterTemplate,
    Member,
    Milestone,
    Petition,
    Placeholder,
    Reading,
    RecordError,
    Speaker,
    Target,
    TourStop,
    from_record,
    to_record,
)

EXAMPLES = [
    Speaker("José Roberto Méndez", "STISSS", "Secretario", "San Salvador"),
    TourStop("spk-1", "Bogotá", date(2013, 2, 3), date(2013, 2, 5), "Sala Martínez", "número 3"),
    Reading(datetime(2013, 2, 1, 12, 30), 1000, "seed", "entregadas en la Embajada"),
    Reading(datetime(2013, 2, 2, 8, 0), None, "feed", error="HTTP 500"),
    Petition("Petición", 2000, date(2013, 4, 27), "https://example.org", [Milestone(1000, "mil")]),
    Delegation("Delegación", date(2013, 4, 27), date(2013, 5, 4), 20, "El Salvador", "todos", ["marchar"]),
    Member("Jaime Leonel Martínez", "STSEL", "officer", "San Salvador", "jm@example.org", "+503 2222", "paid", "ñ"),
    LetterTemplate("Carta", {"es": "Por parte de los {members}"}, [Placeholder("members", {"es": "número"})], {"members": "512"}),
    Target("Rolando Castro", "Ministro", ["comunicaciones@mtps.gob.sv"], ["@trabajosv"], "to"),
]


@pytest.mark.parametrize("record", EXAMPLES, ids=lambda r: type(r).__name__)
def test_round_trip_through_json(record: object) -> None:
    text = json.dumps(to_record(record), ensure_ascii=False)
    assert from_record(type(record), json.loads(text)) == record


def test_whole_demo_campaign_round_trips() -> None:
    campaign = build_demo()
    data = json.loads(json.dumps(to_record(campaign), ensure_ascii=False))
    assert from_record(Campaign, data) == campaign


@given(st.text(), st.text(), st.sampled_from(["inquiry", "paid", "withdrawn"]))
def test_member_text_round_trips(name: str, notes: str, status: str) -> None:
    member = Member(name=name, notes=notes, status=status)
    assert from_record(Member, json.loads(json.dumps(to_record(member)))) == member


def test_unknown_keys_from_a_newer_version_are_ignored() -> None:
    data = to_record(Speaker("Alex Gomez"))
    data["pronouns"] = "he/him"
    assert from_record(Speaker, data).name == "Alex Gomez"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"city": "DC"}, "missing 'speaker_id'"),
        ({"speaker_id": "x", "city": "DC", "start": "Feb 3", "end": "2013-02-05"}, "not a date"),
        ({"speaker_id": "x", "city": 5, "start": "2013-02-03", "end": "2013-02-05"}, "not text"),
    ],
)
def test_damaged_records_are_named(data: dict, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        from_record(TourStop, data)
