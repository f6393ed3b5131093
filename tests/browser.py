"""A served dashboard in a real headless Chromium: `campaign-dash serve` on a free port on
127.0.0.1, Debian's chromium driven through its chromedriver (selenium), and the screen read back
by replaying the bytes the page's websocket received into a terminal emulator (pyte), since the
page draws the terminal on a canvas.

Used by tests/test_serve.py, and run as a script to make the README's picture:
    .venv/bin/python -m tests.browser docs/serve.png
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Without these, Chromium in a closed network waits on updates, sync and QUIC probes; no
# popup blocker, because textual-serve opens each download in a new tab.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-popup-blocking",
)


def why_not() -> str | None:
    """Why the browser tests cannot run here (None: they can)."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f"no {path} (apt-get install chromium chromium-driver)"
    for module in ("selenium", "pyte", "textual_serve"):
        try:
            __import__(module)
        except ImportError:
            return f"the Python package {module} is not installed (pip install -e '.[test]')"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check: Callable[[], Any], timeout: float, what: str, poll: float = 0.05) -> Any:
    """Poll `check` until it returns something true; fail naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)


class Server:
    """`campaign-dash serve` in its own process group (the server and each tab's dashboard)."""

    def __init__(self, db: Path, today: str = "2013-02-06", extra: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()
        env = {**os.environ, "COLUMNS": "100"}  # the server's own console log, narrow and plain
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", "--db", str(db), "--today", today, "--port", str(self.port), *extra],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        wait_until(self._answers, 30, f"campaign-dash serve to listen on {self.url}")

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"campaign-dash serve exited with {self.process.returncode}:\n{self.output()}")
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def output(self) -> str:
        """What the server (and the dashboards it ran) printed so far."""
        if self.log.closed:
            return self._output
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        """SIGTERM to the group this server leads (it and the dashboards it started), then wait."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # a tab's dashboard left behind
        except ProcessLookupError:
            pass
        self._output = self.output()
        self.log.close()


class Browser:
    """Headless Chromium on one served page; the screen as text through pyte."""

    def __init__(self, url: str, *, width: int = 1600, height: int = 1000, font_size: int = 12) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="campaign-dash-chromium-")
        self.downloads = Path(tempfile.mkdtemp(prefix="campaign-dash-downloads-"))
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.add_experimental_option(
            "prefs", {"download.default_directory": str(self.downloads), "download.prompt_for_download": False}
        )
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # the websocket's frames
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        self.url = url
        try:
            self.driver.execute_cdp_cmd(
                "Browser.grantPermissions", {"origin": url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}
            )
            self.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(self.downloads)})
            import pyte

            self.screen = pyte.Screen(80, 24)
            self.stream = pyte.ByteStream(self.screen)
            self.driver.get(f"{url}/?fontsize={font_size}")
        except BaseException:
            self.close()
            raise

    # --- reading the screen ----------------------------------------------------------------

    def _pump(self) -> None:
        """Feed the frames received since the last call to the emulator (resizing it as the page
        tells the server its size)."""
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message["method"], message.get("params", {})
            if method == "Network.webSocketFrameSent":
                payload = params["response"]["payloadData"]
                if payload.startswith('["resize"'):
                    size = json.loads(payload)[1]
                    self.screen.resize(size["height"], size["width"])
            elif method == "Network.webSocketFrameReceived":
                response = params["response"]
                if response["opcode"] == 2:  # binary: the terminal's bytes (text frames are meta)
                    self.stream.feed(base64.b64decode(response["payloadData"]))

    def text(self) -> str:
        self._pump()
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for_text(self, *needles: str, timeout: float = 60) -> str:
        """The screen once it shows every one of `needles`. The timeout only bounds a failure:
        on one loaded core, Chromium, the server and two dashboard processes share it (a tab
        seeing another's change took over 20 s once, with two test runs on the machine)."""

        def shown() -> str | None:
            text = self.text()
            return text if all(n in text for n in needles) else None

        try:
            return wait_until(shown, timeout, f"{needles!r} on the screen")
        except AssertionError as error:
            raise AssertionError(f"{error}; the screen:\n{self.text()}") from None

    # --- acting ----------------------------------------------------------------------------

    def keys(self, *keys: str) -> None:
        """Type into the page's terminal, as a person would."""
        from selenium.webdriver.common.by import By

        area = self.driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        for key in keys:
            area.send_keys(key)

    def clipboard(self) -> str:
        """What the browser's clipboard holds (the permission is granted at start)."""
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "navigator.clipboard.readText().then(done, (e) => done('clipboard error: ' + e));"
        )

    def downloaded(self, name: str, timeout: float = 20) -> Path:
        """The file the browser saved as `name` in its download folder, once complete."""
        path = self.downloads / name
        wait_until(lambda: path.is_file() and not list(self.downloads.glob("*.crdownload")), timeout, f"the download {name}")
        return path

    def screenshot(self, path: Path) -> None:
        self.driver.save_screenshot(str(path))

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
            shutil.rmtree(self.downloads, ignore_errors=True)


def main(argv: list[str]) -> int:
    """Write a small PNG of the demo dashboard as served, for the README."""
    if len(argv) != 1:
        print("usage: python -m tests.browser OUT.png", file=sys.stderr)
        return 2
    reason = why_not()
    if reason is not None:
        print(f"cannot take the picture: {reason}", file=sys.stderr)
        return 1
    from PIL import Image

    from store.db import CampaignStore
    from store.demo import build_demo

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "campaign.json"
        CampaignStore(db).open(seed=build_demo)
        server = Server(db)
        try:
            browser = Browser(server.url, width=1280, height=720, font_size=10)
            try:
                browser.wait_for_text("1 Tour calendar", "2 Petition", "3 Delegation roster", "4 Letter", "Jaime Rivera")
                browser.wait_for_text("Export .ics")  # the footer (the page gives the terminal the focus)
                raw = Path(folder) / "raw.png"
                browser.screenshot(raw)
            finally:
                browser.close()
        finally:
            server.stop()
        with Image.open(raw) as image:
            small = image.convert("RGB").quantize(colors=64)  # a terminal has few colours
            small.save(argv[0], optimize=True)
    print(f"wrote {argv[0]} ({Path(argv[0]).stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
