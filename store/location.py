"""Where a campaign lives: a file path (the TinyDB file store) or a `postgresql://` URL (a team
server, store.pg). `open_store` chooses by the form of what it is given, so the command line and
the app hold either store through one interface.

A server URL may name the campaign in its query (`?campaign=NAME`); libpq never sees that key.
A password never belongs in a URL given to campaign-dash: libpq reads it from PGPASSWORD,
~/.pgpass or a service file. Should a URL carry one anyway, it is used but never shown:
`redacted` is how every URL is printed.
"""

from __future__ import annotations

import os

from .i18n import _
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    from .db import CampaignStore
    from .pg import PgCampaignStore

SCHEMES = ("postgresql://", "postgres://")
CAMPAIGN_KEY = "campaign"
DEFAULT_CAMPAIGN = "default"
SECRET_KEYS = {"password", "sslpassword"}


def is_server_url(value: object) -> bool:
    return isinstance(value, ServerLocation) or (isinstance(value, str) and value.lower().startswith(SCHEMES))


def redacted(url: str) -> str:
    """`url` without its password (in the user part or the query): the only way a URL is shown."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _("(a database URL that cannot be read)")
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _at, hostinfo = netloc.rpartition("@")
        user = userinfo.partition(":")[0]
        netloc = f"{user}@{hostinfo}" if user else hostinfo
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in SECRET_KEYS]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query, safe="/:,"), ""))


def split_campaign(url: str, campaign: str | None = None) -> tuple[str, str]:
    """(the URL as libpq gets it: without `campaign=`, the campaign's name). An explicit
    `campaign` wins over the URL's; neither: "default"."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    named = [v for k, v in query if k == CAMPAIGN_KEY]
    rest = [(k, v) for k, v in query if k != CAMPAIGN_KEY]
    name = (campaign or (named[-1] if named else "") or DEFAULT_CAMPAIGN).strip()
    conninfo = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(rest, safe="/:,"), parts.fragment))
    return conninfo, name


class ServerLocation:
    """A campaign on a server, where the command line holds a path for a file: it prints as the
    redacted URL, and `exists()` asks the server whether the campaign is there."""

    def __init__(self, url: str, campaign: str | None = None) -> None:
        self.url = url
        self.conninfo, self.campaign = split_campaign(url, campaign)

    @property
    def name(self) -> str:
        return self.campaign

    def exists(self) -> bool:
        """Whether the campaign is on the server (raises StoreError when it cannot be asked)."""
        from .pg import PgCampaignStore

        store = PgCampaignStore(self)
        try:
            return store.exists()
        finally:
            store.close()

    def __str__(self) -> str:
        shown = redacted(self.conninfo)
        sep = "&" if "?" in shown else "?"
        return f"{shown}{sep}{CAMPAIGN_KEY}={self.campaign}"

    def __repr__(self) -> str:
        return f"ServerLocation({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ServerLocation) and (self.conninfo, self.campaign) == (other.conninfo, other.campaign)

    def __hash__(self) -> int:
        return hash((self.conninfo, self.campaign))


Location = Path | ServerLocation


def location(value: str | Path | ServerLocation) -> Location:
    """A path or a server location from what a person typed (--db, $CAMPAIGN_DASH_DB)."""
    if isinstance(value, ServerLocation):
        return value
    if isinstance(value, str) and value.lower().startswith(SCHEMES):
        return ServerLocation(value)
    return Path(value).expanduser()


def default_location() -> Location:
    """$CAMPAIGN_DASH_DB (a path or a URL), else campaign.json in the user's data folder."""
    from .db import ENV_DB, default_db_path

    override = os.environ.get(ENV_DB, "")
    if override.lower().startswith(SCHEMES):
        return ServerLocation(override)
    return default_db_path()


def open_store(db: str | Path | ServerLocation, **options: Any) -> CampaignStore | PgCampaignStore:
    """The store for `db`: `postgresql://...` or `postgres://...` a PgCampaignStore, anything else
    the campaign file. Nothing is connected or read until the store is used."""
    where = location(db)
    if isinstance(where, ServerLocation):
        from .pg import PgCampaignStore

        return PgCampaignStore(where, **options)
    from .db import CampaignStore

    return CampaignStore(where, **options)
