"""textual-serve's server with a page that needs nothing from the internet: its own template
(tui/web_page/app_index.html) loads the Roboto Mono that textual-serve ships, from this
server, instead of Google Fonts. Everything else (the xterm.js bundle, its CSS) is textual-serve's
and served from its package. Imported only by `campaign-dash serve`."""

from __future__ import annotations

from pathlib import Path

from textual_serve.server import Server

PAGE_FOLDER = Path(__file__).with_name("web_page")


class CampaignServer(Server):
    """textual-serve's Server, templates from PAGE_FOLDER (statics stay textual-serve's own)."""

    def __init__(self, command: str, *, host: str, port: int, public_url: str) -> None:
        import textual_serve

        super().__init__(
            command,
            host=host,
            port=port,
            title="campaign-dash",
            public_url=public_url,
            statics_path=Path(textual_serve.__file__).with_name("static"),
            templates_path=PAGE_FOLDER,
        )


def serve(command: str, *, host: str, port: int, public_url: str) -> None:
    """Serve until interrupted (ctrl+c or SIGTERM)."""
    CampaignServer(command, host=host, port=port, public_url=public_url).serve()
