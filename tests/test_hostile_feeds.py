"""The petition feed against hostile servers on 127.0.0.1: deep JSON, absurd counts, escape codes
in answers, and an API key that must never leave the origin it was set for."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Response

from store.feeds import (
    MAX_COUNT,
    FeedError,
    FeedResult,
    count_from,
    fetch_count,
    fetch_result,
    json_depth,
    parse_json,
    validate_source,
)
from store.models import FeedSource
from store.sources import source_label
from store.validation import ValidationError

from .petition_server import SECRET, running_server, server  # noqa: F401

ENV = {"ACTION_NETWORK_API_KEY": SECRET}
PATH = "/api/v2/petitions/p3"


@pytest.fixture
def other_server() -> Iterator[HTTPServer]:
    """A second origin (another port) for cross-origin redirects."""
    yield from running_server()


def an_source(url: str) -> FeedSource:
    return FeedSource("action_network", url, "total_signatures")


def result_of(source: FeedSource, env: dict[str, str] | None = None, **kwargs) -> FeedResult:  # type: ignore[no-untyped-def]
    return asyncio.run(fetch_result(source, environ=ENV if env is None else env, **kwargs))


def failure(source: FeedSource, env: dict[str, str] | None = None, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(FeedError) as caught:
        result_of(source, env, **kwargs)
    message = str(caught.value)
    assert SECRET not in message and "\x1b" not in message
    return message


# --- JSON depth -------------------------------------------------------------------------------


def test_a_body_nested_200000_deep_is_a_sentence_not_a_recursion_error(server: HTTPServer) -> None:
    body = b'{"total_signatures": ' + b"[" * 200_000 + b"1" + b"]" * 200_000 + b"}"
    server.expect_request(PATH).respond_with_data(body, content_type="application/json")
    assert "nested more than 64 levels deep" in failure(an_source(server.url_for(PATH)))


def test_brackets_inside_strings_do_not_count() -> None:
    body = json.dumps({"note": "[" * 5000 + '"\\{' * 100, "total_signatures": 7}).encode()
    assert json_depth(body) == 1
    assert count_from(parse_json(body), "total_signatures") == 7


@pytest.mark.parametrize(
    "body",
    [b'"' + b'\\"' * 300_000, b'\\"' * 500_000, b'"' * 1_000_000, b"{" * 1_000_000, b'["\\' * 333_333],
    ids=["escaped-quotes-in-an-open-string", "escaped-quotes", "quotes", "opening-braces", "mixed"],
)
def test_the_depth_scan_is_linear_on_hostile_bytes(body: bytes) -> None:
    json_depth(body)  # a quadratic scan would not finish within the test run
    with pytest.raises(FeedError):
        parse_json(body)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ ab\n'),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet='[]{}"\\ab', max_size=4), inner, max_size=3),
    max_leaves=20,
)


def true_depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((true_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((true_depth(v) for v in value.values()), default=0)
    return 0


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_the_depth_scan_agrees_with_the_parsed_structure(value: object) -> None:
    assert json_depth(json.dumps(value).encode()) == true_depth(value)


# --- counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, words",
    [
        (b'{"total_signatures": true}', "holds bool 'True', not a number"),
        (b'{"total_signatures": 1240.0}', "holds 1240.0, not a whole number"),
        (b'{"total_signatures": "1240"}', "holds str '1240', not a number"),
        (b'{"total_signatures": -1}', "negative count (-1)"),
        (b'{"total_signatures": 10000000001}', "larger than 10,000,000,000"),
        (b'{"total_signatures": 1' + b"0" * 5000 + b"}", "a number that cannot be read"),
        (b'{"total_signatures": -1' + b"0" * 400 + b"}", "negative count (a huge one)"),
        (b'{"total_signatures": NaN}', "a number that cannot be read"),
        (b'{"total_signatures": 1e400}', "not a whole number"),
        (b'{"total_signatures": "\\u001b[2J\\u009b0m"}', "holds str '\\x1b[2J\\x9b0m', not a number"),
        (b"\xff\xfe{}", "not valid JSON (not UTF-8 text)"),
    ],
)
def test_counts_outside_0_to_10_billion_are_refused_in_words(server: HTTPServer, body: bytes, words: str) -> None:
    server.expect_request(PATH).respond_with_data(body, content_type="application/json")
    assert words in failure(an_source(server.url_for(PATH)))


@pytest.mark.parametrize("value", [0, 1, MAX_COUNT])
def test_counts_at_the_bounds_are_accepted(value: int) -> None:
    assert count_from({"n": value}, "n") == value


def test_an_escape_code_in_the_reason_phrase_is_shown_escaped(server: HTTPServer) -> None:
    server.expect_request(PATH).respond_with_response(Response("x", status="599 Bad\x9b2J"))
    message = failure(an_source(server.url_for(PATH)))
    assert message.startswith("the server answered HTTP 599 Bad") and "\x9b" not in message


# --- the key and plain http -------------------------------------------------------------------


def test_plain_http_to_this_machine_works_with_a_warning(server: HTTPServer) -> None:
    server.expect_request(PATH, headers={"OSDI-API-Token": SECRET}).respond_with_json({"total_signatures": 1240})
    result = result_of(an_source(server.url_for(PATH)))
    assert result.count == 1240
    assert result.warnings == ("plain http to this machine (127.0.0.1): fine for a test server, never for a real one",)
    assert asyncio.run(fetch_count(an_source(server.url_for(PATH)), environ=ENV)) == 1240  # old callers


def test_plain_http_elsewhere_is_refused_before_any_request() -> None:
    message = failure(an_source("http://petitions.example.invalid/api/v2/petitions/p3"))
    assert message.startswith("refused plain http to petitions.example.invalid")
    assert "refused plain http" in failure(FeedSource("json", "http://example.invalid/count.json", "n"), env={})


def test_a_redirect_to_another_origin_never_carries_the_key(server: HTTPServer, other_server: HTTPServer) -> None:
    server.expect_request(PATH).respond_with_data("", status=302, headers={"Location": other_server.url_for("/count")})
    other_server.expect_request("/count").respond_with_json({"total_signatures": 99})
    result = result_of(an_source(server.url_for(PATH)))
    assert result.count == 99
    assert "the server sent the request on to 127.0.0.1; the API key was not sent there" in result.warnings
    assert server.log[0][0].headers.get("OSDI-API-Token") == SECRET
    (request, _response), = other_server.log
    assert "OSDI-API-Token" not in request.headers and SECRET not in str(request.headers)


def test_a_refusal_after_the_key_was_dropped_says_so(server: HTTPServer, other_server: HTTPServer) -> None:
    server.expect_request(PATH).respond_with_data("", status=307, headers={"Location": other_server.url_for("/count")})
    other_server.expect_request("/count").respond_with_data("who are you", status=401)
    assert "refused the request (HTTP 401); no API key was sent to it" in failure(an_source(server.url_for(PATH)))


def test_a_redirect_on_the_same_origin_keeps_the_key(server: HTTPServer) -> None:
    server.expect_request(PATH).respond_with_data("", status=301, headers={"Location": "/v3/p3"})
    server.expect_request("/v3/p3", headers={"OSDI-API-Token": SECRET}).respond_with_json({"total_signatures": 5})
    assert result_of(an_source(server.url_for(PATH))).count == 5


def test_a_redirect_to_plain_http_elsewhere_or_another_scheme_is_refused(server: HTTPServer) -> None:
    server.expect_request(PATH).respond_with_data("", status=302, headers={"Location": "http://evil.example.invalid/x"})
    assert "refused plain http to evil.example.invalid" in failure(an_source(server.url_for(PATH)))
    server.clear()
    server.expect_request(PATH).respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    assert "is not a web address" in failure(an_source(server.url_for(PATH)))


def test_a_key_that_cannot_be_sent_is_named_without_showing_it(server: HTTPServer) -> None:
    message = failure(an_source(server.url_for(PATH)), env={"ACTION_NETWORK_API_KEY": SECRET + "\nX-Evil: 1"})
    assert "copy it again" in message
    assert server.log == []


def test_an_unforeseen_exception_becomes_a_feed_error() -> None:
    broken = FeedSource("json", None, "n")  # type: ignore[arg-type]  # e.g. a damaged stored record
    assert failure(broken, env={}) == "the fetch failed unexpectedly (AttributeError)"


def test_validation_refuses_http_elsewhere_and_control_characters() -> None:
    assert validate_source("json", "http://127.0.0.1:8000/c.json", "n", 60, 0.1).url == "http://127.0.0.1:8000/c.json"
    with pytest.raises(ValidationError) as caught:
        validate_source("json", "http://example.org/c.json", "a.\x1bb", 60, 0.1)
    assert set(caught.value.errors) == {"url", "path"}
    assert "use https://" in caught.value.errors["url"]
    assert "U+001B ESC" in caught.value.errors["path"]


def test_source_label_lives_in_a_module_without_network_imports() -> None:
    assert source_label(FeedSource("action_network", "x")) == "Action Network"
    code = "import sys, store.sources; print(sorted(m for m in ('httpx', 'store.feeds', 'textual', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
