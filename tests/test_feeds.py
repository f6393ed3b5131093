"""Fetching the count from a real HTTP server on 127.0.0.1: every way it can go wrong."""

from __future__ import annotations

import asyncio
import re
import time

import pytest
from pytest_httpserver import HTTPServer

from store.feeds import FeedError, action_network_url, count_from, fetch_count, validate_source
from store.models import FeedSource
from store.validation import ValidationError

from .petition_server import SECRET, drip, huge, server, silent  # noqa: F401

ENV = {"ACTION_NETWORK_API_KEY": SECRET}


def an_source(server: HTTPServer) -> FeedSource:
    return FeedSource("action_network", server.url_for("/api/v2/petitions/p3"), "total_signatures")


def fetch(source: FeedSource, **kwargs) -> int:  # type: ignore[no-untyped-def]
    return asyncio.run(fetch_count(source, environ=ENV, **kwargs))


def test_action_network_sends_the_key_as_osdi_header(server: HTTPServer) -> None:
    server.expect_request("/api/v2/petitions/p3", headers={"OSDI-API-Token": SECRET}).respond_with_json(
        {"title": "P3", "total_signatures": 1240}
    )
    assert fetch(an_source(server)) == 1240


def test_json_url_with_a_dotted_path(server: HTTPServer) -> None:
    server.expect_request("/petitions/1.json").respond_with_json({"data": {"attributes": {"signature_count": 1400}}})
    source = FeedSource("json", server.url_for("/petitions/1.json"), "data.attributes.signature_count")
    assert asyncio.run(fetch_count(source, environ={})) == 1400


@pytest.mark.parametrize(
    "respond, message",
    [
        (lambda s: s.respond_with_data("nope", status=401), "refused the API key (HTTP 401)"),
        (lambda s: s.respond_with_data("boom", status=500), "HTTP 500"),
        (lambda s: s.respond_with_data("<html>not json</html>", content_type="text/html"), "not valid JSON"),
        (lambda s: s.respond_with_json({"title": "P3"}), "no field 'total_signatures'"),
        (lambda s: s.respond_with_json({"total_signatures": "1240"}), "holds str '1240', not a number"),
        (lambda s: s.respond_with_json({"total_signatures": -3}), "negative count"),
        (lambda s: s.respond_with_json({"total_signatures": 12.5}), "not a whole number"),
    ],
)
def test_bad_answers_are_named(server: HTTPServer, respond, message: str) -> None:  # type: ignore[no-untyped-def]
    respond(server.expect_request("/api/v2/petitions/p3"))
    with pytest.raises(FeedError, match=re.escape(message)) as caught:
        fetch(an_source(server))
    assert SECRET not in str(caught.value)


def test_missing_key_is_said_before_any_request(server: HTTPServer) -> None:
    with pytest.raises(FeedError, match="set the environment variable ACTION_NETWORK_API_KEY"):
        asyncio.run(fetch_count(an_source(server), environ={}))
    assert server.log == []


def test_a_server_that_never_answers_hits_the_deadline(server: HTTPServer) -> None:
    server.expect_request("/api/v2/petitions/p3").respond_with_handler(silent)
    started = time.monotonic()
    with pytest.raises(FeedError, match="no complete answer within 1 s"):
        fetch(an_source(server), deadline_s=1)
    assert time.monotonic() - started < 3


def test_one_byte_a_second_hits_the_total_deadline(server: HTTPServer) -> None:
    server.expect_request("/api/v2/petitions/p3").respond_with_handler(drip)
    started = time.monotonic()
    with pytest.raises(FeedError, match="no complete answer within 2 s"):
        fetch(an_source(server), deadline_s=2)
    assert time.monotonic() - started < 4


def test_a_50_mb_body_is_cut_off_at_1_mb(server: HTTPServer) -> None:
    server.expect_request("/api/v2/petitions/p3").respond_with_handler(huge)
    with pytest.raises(FeedError, match="larger than the 1,000,000 bytes allowed"):
        fetch(an_source(server))


def test_a_declared_huge_body_is_refused_unread(server: HTTPServer) -> None:
    server.expect_request("/api/v2/petitions/p3").respond_with_data(b"{}" + b" " * 2_000_000, content_type="application/json")
    with pytest.raises(FeedError, match="more than the 1,000,000 allowed"):
        fetch(an_source(server))


def test_redirects_are_limited(server: HTTPServer) -> None:
    server.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    with pytest.raises(FeedError, match="more than 3 redirects"):
        fetch(FeedSource("json", server.url_for("/loop"), "count"))


def test_nobody_listening() -> None:
    with pytest.raises(FeedError, match="cannot connect to 127.0.0.1"):
        fetch(FeedSource("json", "http://127.0.0.1:9/count", "count"))


def test_source_validation_and_ids() -> None:
    assert action_network_url("abc-123") == "https://actionnetwork.org/api/v2/petitions/abc-123"
    source = validate_source("action_network", "abc-123", "", 300, 0.1)
    assert source.path == "total_signatures" and source.url.endswith("/petitions/abc-123")
    with pytest.raises(ValidationError) as caught:
        validate_source("json", "ftp://x", "", 5, 2)
    assert set(caught.value.errors) == {"url", "path", "interval", "max_drop"}
    assert count_from({"a": [{"b": 7}]}, "a.0.b") == 7
