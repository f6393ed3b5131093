"""A real HTTP server on 127.0.0.1 for petition feed tests (pytest-httpserver, threaded)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

SECRET = "sk-test-5f3a9c1e-never-show-me"


def running_server() -> Iterator[HTTPServer]:
    """A real HTTP server on 127.0.0.1 and a free port, stopped afterwards."""
    httpserver = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    httpserver.start()
    try:
        yield httpserver
    finally:
        httpserver.clear()
        if httpserver.is_running():
            httpserver.stop()


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    yield from running_server()


def drip(request: Request) -> Response:
    """Headers at once, then one byte a second: a per-read timeout never fires."""

    def body() -> Iterator[bytes]:
        for _ in range(30):
            yield b" "
            time.sleep(1)

    return Response(body(), status=200, content_type="application/json")


def huge(request: Request) -> Response:
    """50 MB of JSON-ish bytes, streamed without a Content-Length."""

    def body() -> Iterator[bytes]:
        yield b'{"total_signatures": 5, "padding": "'
        for _ in range(50):
            yield b"x" * 1_000_000
        yield b'"}'

    return Response(body(), status=200, content_type="application/json")


def silent(request: Request) -> Response:
    time.sleep(5)
    return Response('{"total_signatures": 1}', content_type="application/json")
