"""Live petition counts over httpx: Action Network, or any JSON URL with a dotted path.

Every fetch has one deadline for the whole request (httpx's own timeouts are per read, so a
server that sends one byte a second would never time out), reads at most MAX_BODY bytes,
verifies TLS and follows at most MAX_REDIRECTS redirects. Failures raise FeedError with a
plain message; the API key never appears in it.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Mapping
from typing import Any

from .models import FeedSource

API_KEY_ENV = "ACTION_NETWORK_API_KEY"
ACTION_NETWORK_API = "https://actionnetwork.org/api/v2/petitions/"
ACTION_NETWORK_FIELD = "total_signatures"
DEADLINE_S = 20.0
MAX_BODY = 1_000_000
MAX_REDIRECTS = 3
MIN_INTERVAL_S = 30


class FeedError(Exception):
    """A fetch that did not give a usable count, said in plain words."""


def action_network_url(url_or_id: str) -> str:
    """The petition's API URL, from its URL or its bare id."""
    text = url_or_id.strip()
    if text.startswith(("http://", "https://")):
        return text
    return ACTION_NETWORK_API + text


def source_label(source: FeedSource) -> str:
    return "Action Network" if source.kind == "action_network" else "JSON URL"


def validate_source(kind: str, url: str, path: str, interval_s: int, max_drop_share: float) -> FeedSource:
    """A FeedSource, or ValidationError naming each bad field."""
    from .validation import ValidationError

    errors: dict[str, str] = {}
    if kind not in ("action_network", "json"):
        errors["kind"] = "choose Action Network or a JSON URL"
    if not url.strip():
        errors["url"] = "give the petition's API URL (or its id, for Action Network)"
    elif kind == "json" and not url.strip().startswith(("http://", "https://")):
        errors["url"] = "a JSON URL starts with https:// (or http://)"
    if kind == "json" and not path.strip():
        errors["path"] = "say where the count is, e.g. data.attributes.signature_count"
    if interval_s < MIN_INTERVAL_S:
        errors["interval"] = f"at least {MIN_INTERVAL_S} seconds between fetches"
    if not 0 < max_drop_share <= 1:
        errors["max_drop"] = "a share between 0 and 1 (0.1 = a fall of more than 10% is suspicious)"
    if errors:
        raise ValidationError(errors)
    final_url = action_network_url(url) if kind == "action_network" else url.strip()
    final_path = path.strip() or ACTION_NETWORK_FIELD
    return FeedSource(kind, final_url, final_path, interval_s, max_drop_share)


def dig(data: Any, path: str) -> Any:
    """Follow a dotted path (numbers index lists) through parsed JSON."""
    current = data
    for part in path.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            raise FeedError(f"the answer has no field {path!r} (missing at {part!r})")
    return current


def count_from(data: Any, path: str) -> int:
    value = dig(data, path)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FeedError(f"the field {path!r} holds {type(value).__name__} {str(value)[:40]!r}, not a number")
    if isinstance(value, float) and not value.is_integer():
        raise FeedError(f"the field {path!r} holds {value}, not a whole number")
    if value < 0:
        raise FeedError(f"the field {path!r} holds a negative count ({int(value)})")
    return int(value)


async def fetch_count(
    source: FeedSource,
    *,
    environ: Mapping[str, str] | None = None,
    deadline_s: float = DEADLINE_S,
    max_body: int = MAX_BODY,
    verify: Any = True,
) -> int:
    """The platform's count now, or FeedError."""
    import httpx

    env = os.environ if environ is None else environ
    headers = {"Accept": "application/json", "User-Agent": "campaign-dash"}
    if source.kind == "action_network":
        key = env.get(API_KEY_ENV, "").strip()
        if not key:
            raise FeedError(f"no Action Network API key: set the environment variable {API_KEY_ENV}")
        headers["OSDI-API-Token"] = key
    try:
        async with asyncio.timeout(deadline_s):
            async with httpx.AsyncClient(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                verify=verify,
                timeout=httpx.Timeout(deadline_s),
            ) as client:
                async with client.stream("GET", source.url, headers=headers) as response:
                    if response.status_code in (401, 403):
                        raise FeedError(f"the server refused the API key (HTTP {response.status_code})")
                    if response.status_code != 200:
                        raise FeedError(f"the server answered HTTP {response.status_code} {response.reason_phrase}".rstrip())
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_body:
                        raise FeedError(f"the answer is {int(declared):,} bytes, more than the {max_body:,} allowed")
                    body = bytearray()
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) > max_body:
                            raise FeedError(f"the answer is larger than the {max_body:,} bytes allowed")
    except TimeoutError:
        raise FeedError(f"no complete answer within {deadline_s:g} s") from None
    except httpx.TooManyRedirects:
        raise FeedError(f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.ConnectError:
        raise FeedError(f"cannot connect to {httpx.URL(source.url).host}") from None
    except httpx.HTTPError as error:
        raise FeedError(f"the request failed ({type(error).__name__})") from None
    try:
        data = json.loads(bytes(body).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise FeedError("the answer is not valid JSON") from None
    return count_from(data, source.path or ACTION_NETWORK_FIELD)
