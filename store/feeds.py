"""Live petition counts over httpx: Action Network, or any JSON URL with a dotted path.

Every fetch has one deadline for the whole request (httpx's own timeouts are per read, so a
server that sends one byte a second would never time out), reads at most MAX_BODY bytes,
verifies TLS and follows at most MAX_REDIRECTS redirects. Failures raise FeedError with a
plain message; the API key never appears in it.

The API key goes only to the origin (scheme, host, port) of the source's URL, and only over
https: redirects are followed here, one by one, so a hop to another origin is made without the
key. Plain http is allowed only to this machine (127.0.0.1, localhost, ::1, for test servers),
and the result then carries a warning. Answers are parsed only after a cheap scan of their
nesting depth (json.loads recurses, so a body 200,000 brackets deep would raise RecursionError).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from .i18n import _
from .models import FeedSource
from .sources import source_label  # noqa: F401  (moved to store.sources; kept here for old callers)
from .text import printable, problem

API_KEY_ENV = "ACTION_NETWORK_API_KEY"
API_KEY_HEADER = "OSDI-API-Token"
ACTION_NETWORK_API = "https://actionnetwork.org/api/v2/petitions/"
ACTION_NETWORK_FIELD = "total_signatures"
DEADLINE_S = 20.0
MAX_BODY = 1_000_000
MAX_REDIRECTS = 3
MAX_DEPTH = 64  # nesting of a JSON answer; real count APIs use fewer than 10 levels
MAX_COUNT = 10**10  # more signatures than people on Earth: a broken or hostile answer
MIN_INTERVAL_S = 30
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class FeedError(Exception):
    """A fetch that did not give a usable count, said in plain words."""


@dataclass(frozen=True)
class FeedResult:
    """A count the platform reported, and what the user should know about how it was fetched
    (plain http to a test server, a redirect that dropped the key)."""

    count: int
    warnings: tuple[str, ...] = ()


def action_network_url(url_or_id: str) -> str:
    """The petition's API URL, from its URL or its bare id."""
    text = url_or_id.strip()
    if text.startswith(("http://", "https://")):
        return text
    return ACTION_NETWORK_API + text


def _host_of(url: str) -> str:
    import httpx

    try:
        return httpx.URL(url).host
    except Exception:  # noqa: BLE001 - any unreadable URL has no host to allow
        return ""


def validate_source(kind: str, url: str, path: str, interval_s: int, max_drop_share: float) -> FeedSource:
    """A FeedSource, or ValidationError naming each bad field."""
    from .validation import ValidationError

    errors: dict[str, str] = {}
    for name, value in (("url", url), ("path", path)):
        reason = problem(value)
        if reason is not None:
            errors[name] = reason
    if kind not in ("action_network", "json"):
        errors["kind"] = _("choose Action Network or a JSON URL")
    if "url" in errors:
        pass
    elif not url.strip():
        errors["url"] = _("give the petition's API URL (or its id, for Action Network)")
    else:
        final = action_network_url(url) if kind == "action_network" else url.strip()
        if kind == "json" and not final.startswith(("http://", "https://")):
            errors["url"] = _("a JSON URL starts with https://")
        elif final.startswith("http://") and _host_of(final) not in LOOPBACK_HOSTS:
            errors["url"] = _("use https:// (plain http:// only for a test server on this machine, 127.0.0.1 or localhost)")
    if kind == "json" and not path.strip() and "path" not in errors:
        errors["path"] = _("say where the count is, e.g. data.attributes.signature_count")
    if interval_s < MIN_INTERVAL_S:
        errors["interval"] = _("at least {n} seconds between fetches").format(n=MIN_INTERVAL_S)
    if not 0 < max_drop_share <= 1:
        errors["max_drop"] = _("a share between 0 and 1 (0.1: a fall of more than a tenth is suspicious)")
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
            raise FeedError(_("the answer has no field '{printable}' (missing at '{printable2}')").format(printable=printable(path), printable2=printable(part)))
    return current


def count_from(data: Any, path: str) -> int:
    """The whole number at `path`, 0 to MAX_COUNT; anything else is a FeedError in words."""
    value = dig(data, path)
    shown = f"'{printable(path)}'"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = printable(str(value)[:40], keep_newlines=False)
        raise FeedError(_("the field {shown} holds {name__} '{text}', not a number").format(shown=shown, name__=type(value).__name__, text=text))
    if isinstance(value, float):
        raise FeedError(_('the field {shown} holds {value!r}, not a whole number').format(shown=shown, value=value))
    if value < 0:
        raise FeedError(_('the field {shown} holds a negative count ({value})').format(shown=shown, value=value if value > -MAX_COUNT else _('a huge one')))
    if value > MAX_COUNT:
        raise FeedError(_('the field {shown} holds a count larger than {MAX_COUNT:,}: the answer cannot be right').format(shown=shown, MAX_COUNT=MAX_COUNT))
    return int(value)


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)  # "? : an unterminated string ends the scan linearly
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_DEPTH_STEP = bytes.maketrans(b"[]{}", b"\x01\xff\x01\xff")


def json_depth(body: bytes) -> int:
    """The deepest nesting of brackets outside strings, found with C-speed passes (no recursion)."""
    brackets = _NOT_BRACKET.sub(b"", _JSON_STRING.sub(b"", body))
    if not brackets:
        return 0
    return max(0, max(accumulate(array("b", brackets.translate(_DEPTH_STEP)))))


def _refuse_constant(name: str) -> Any:
    raise ValueError(_('{name} is not JSON').format(name=name))


def parse_json(body: bytes, max_depth: int = MAX_DEPTH) -> Any:
    """Parsed JSON, or FeedError: not UTF-8, not JSON, nested deeper than `max_depth`."""
    if json_depth(body) > max_depth:
        raise FeedError(_("the answer is nested more than {max_depth} levels deep: not a count API's answer").format(max_depth=max_depth))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise FeedError(_('the answer is not valid JSON (not UTF-8 text)')) from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError:
        raise FeedError(_('the answer is not valid JSON')) from None
    except ValueError:  # NaN/Infinity, or an integer over Python's 4,300-digit limit
        raise FeedError(_('the answer is not valid JSON (a number that cannot be read)')) from None
    except RecursionError:  # the scan makes this unreachable; kept as a last guard
        raise FeedError(_('the answer is nested too deeply to read')) from None


def _origin(url: Any) -> tuple[str, str, int]:
    """(scheme, host, port) with the scheme's default port filled in."""
    port = url.port if url.port is not None else {"https": 443, "http": 80}.get(url.scheme, 0)
    return (url.scheme, url.host, port)


def _check_transport(url: Any, warnings: list[str]) -> None:
    """https anywhere; http only to this machine (and then a warning); nothing else."""
    if url.scheme == "https":
        return
    if url.scheme != "http":
        raise FeedError(_('the address {value} is not a web address (http or https)').format(value=printable(str(url))[:120]))
    if url.host not in LOOPBACK_HOSTS:
        raise FeedError(
            _('refused plain http to {printable}: the count (and any API key) could be read or changed on the way; use https').format(printable=printable(url.host))
        )
    warning = _('plain http to this machine ({host}): fine for a test server, never for a real one').format(host=url.host)
    if warning not in warnings:
        warnings.append(warning)


def _api_key(env: Mapping[str, str]) -> str:
    key = env.get(API_KEY_ENV, "").strip()
    if not key:
        raise FeedError(_('no Action Network API key: set the environment variable {API_KEY_ENV}').format(API_KEY_ENV=API_KEY_ENV))
    if not all(" " < ch < "\x7f" for ch in key):
        raise FeedError(
            _('the API key in {API_KEY_ENV} holds spaces, control characters or non-ASCII letters, which cannot be sent: copy it again').format(API_KEY_ENV=API_KEY_ENV)
        )
    return key


async def fetch_result(
    source: FeedSource,
    *,
    environ: Mapping[str, str] | None = None,
    deadline_s: float = DEADLINE_S,
    max_body: int = MAX_BODY,
    verify: Any = True,
) -> FeedResult:
    """The platform's count now, with warnings about how it was fetched, or FeedError.

    Every failure is a FeedError with a sentence, including an exception nobody foresaw (its
    type is named, its text is not: it could hold the key)."""
    try:
        return await _fetch(source, environ=environ, deadline_s=deadline_s, max_body=max_body, verify=verify)
    except FeedError:
        raise
    except Exception as error:  # noqa: BLE001 - a worker must get a sentence, never a crash
        raise FeedError(_('the fetch failed unexpectedly ({name__})').format(name__=type(error).__name__)) from None


async def fetch_count(source: FeedSource, **options: Any) -> int:
    """The platform's count now, or FeedError (fetch_result's options). Kept for scripts:
    fetch_result also gives the warnings (plain http, a dropped key) a person should see."""
    return (await fetch_result(source, **options)).count


async def _fetch(
    source: FeedSource,
    *,
    environ: Mapping[str, str] | None,
    deadline_s: float,
    max_body: int,
    verify: Any,
) -> FeedResult:
    import httpx

    env = os.environ if environ is None else environ
    warnings: list[str] = []
    headers = {"Accept": "application/json", "User-Agent": "campaign-dash"}
    key = _api_key(env) if source.kind == "action_network" else ""
    try:
        url = httpx.URL(source.url.strip())
    except (httpx.InvalidURL, ValueError, TypeError):
        raise FeedError(_('the address {value!r} cannot be read as a URL').format(value=printable(source.url)[:120])) from None
    if not url.host:
        raise FeedError(_('the address {value!r} has no host').format(value=printable(source.url)[:120]))
    key_origin = _origin(url)
    try:
        async with asyncio.timeout(deadline_s):
            async with httpx.AsyncClient(
                follow_redirects=False,
                verify=verify,
                timeout=httpx.Timeout(deadline_s),
            ) as client:
                for hop in range(MAX_REDIRECTS + 1):
                    _check_transport(url, warnings)
                    sent = dict(headers)
                    if key and _origin(url) == key_origin:
                        sent[API_KEY_HEADER] = key
                    elif key and hop and not any("API key was not sent" in w for w in warnings):
                        warnings.append(
                            _('the server sent the request on to {printable}; the API key was not sent there').format(printable=printable(url.host))
                        )
                    async with client.stream("GET", url, headers=sent) as response:
                        if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                            if hop == MAX_REDIRECTS:
                                raise FeedError(_('more than {MAX_REDIRECTS} redirects').format(MAX_REDIRECTS=MAX_REDIRECTS))
                            try:
                                url = url.join(response.headers["location"])
                            except (httpx.InvalidURL, ValueError, TypeError):
                                raise FeedError(_('the server redirected to an address that cannot be read')) from None
                            continue
                        body = await _read_body(response, max_body, refused_key=bool(sent.get(API_KEY_HEADER)))
                        break
    except TimeoutError:
        raise FeedError(_('no complete answer within {deadline_s:g} s').format(deadline_s=deadline_s)) from None
    except httpx.ConnectError:
        raise FeedError(_('cannot connect to {printable}').format(printable=printable(url.host))) from None
    except httpx.HTTPError as error:
        raise FeedError(_('the request failed ({name__})').format(name__=type(error).__name__)) from None
    count = count_from(parse_json(body), source.path or ACTION_NETWORK_FIELD)
    return FeedResult(count, tuple(warnings))


async def _read_body(response: Any, max_body: int, *, refused_key: bool) -> bytes:
    if response.status_code in (401, 403):
        if refused_key:
            raise FeedError(_('the server refused the API key (HTTP {status_code})').format(status_code=response.status_code))
        raise FeedError(_('the server refused the request (HTTP {status_code}); no API key was sent to it').format(status_code=response.status_code))
    if response.status_code != 200:
        reason = printable(response.reason_phrase or "", keep_newlines=False)[:80]
        raise FeedError(_('the server answered HTTP {status_code} {reason}').format(status_code=response.status_code, reason=reason).rstrip())
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and (len(declared) > 15 or int(declared) > max_body):
        size = f"{int(declared):,} bytes" if len(declared) <= 15 else _('declared as more than a petabyte')
        raise FeedError(_('the answer is {size}, more than the {max_body:,} allowed').format(size=size, max_body=max_body))
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > max_body:
            raise FeedError(_('the answer is larger than the {max_body:,} bytes allowed').format(max_body=max_body))
    return bytes(body)
