"""`packetdesk serve --web` in a real headless Chromium (Debian's /usr/bin/chromium).

Playwright's Python package drives the browser through executable_path: no browser download. The
keys go through the page (xterm.js) and its websocket like a person's; the test reads the screen
by feeding the bytes the browser received into pyte, and keeps a screenshot of the last page.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyte
import pytest
from sqlmodel import select

from core.identity.models import Login
from core.kernel.config import Settings
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.events import Actor
from core.packets import invitations, packets
from tests.helpers.journey import temporary_password
from tests.helpers.serve import REPO, copy_home, free_port, seeded_home

pytestmark = pytest.mark.pty

CHROMIUM = "/usr/bin/chromium"
# As the machine notes say: no background networking (the closed network refuses it), no sandbox as root.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _browser_missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (make test installs Debian's chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    problem = _browser_missing()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test cannot run under CI: {problem}")
        pytest.skip(problem)
    return seeded_home(tmp_path_factory, "web")


@pytest.fixture
def web_server(seeded: Path, tmp_path: Path) -> Iterator[tuple[int, Path, subprocess.Popen[bytes]]]:
    home = copy_home(seeded, tmp_path)
    port = free_port()
    env = {**os.environ, "PACKETDESK_HOME": str(home)}
    env.pop("TEXTUAL", None)
    log = open(tmp_path / "web.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen([sys.executable, "-m", "tui.cli", "serve", "--web", "--port", str(port)],
                               cwd=str(REPO), env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "web.log").read_text()) from None
                time.sleep(0.1)
        yield port, home, process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class BrowserScreen:
    """What the page's terminal shows, rebuilt from the websocket frames the browser received."""

    def __init__(self) -> None:
        self.screen: pyte.Screen | None = None
        self.stream: pyte.ByteStream | None = None

    def on_websocket(self, ws: object) -> None:
        query = parse_qs(urlparse(ws.url).query)  # type: ignore[attr-defined]
        width, height = int(query["width"][0]), int(query["height"][0])
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)
        ws.on("framereceived", self.on_frame)  # type: ignore[attr-defined]

    def on_frame(self, payload: object) -> None:
        if isinstance(payload, bytes) and self.stream is not None:
            self.stream.feed(payload)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display) if self.screen is not None else ""


class Browser:
    """A headless Debian Chromium page on the server, and what its terminal shows."""

    def __init__(self, driver: object, port: int, tmp_path: Path) -> None:
        self.browser = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)  # type: ignore[attr-defined]
        self.page = self.browser.new_page(viewport={"width": 1100, "height": 640})
        self.shown = BrowserScreen()
        self.page.on("websocket", self.shown.on_websocket)
        self.tmp_path = tmp_path
        self.page.goto(f"http://127.0.0.1:{port}/")

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not predicate(self.shown.text):
            if time.monotonic() > deadline:
                self.page.screenshot(path=str(self.tmp_path / "failure.png"))
                raise AssertionError(f"timed out; the page's terminal shows:\n{self.shown.text}")
            self.page.wait_for_timeout(50)

    def sign_in_first_time(self, home: Path) -> None:
        """DEMOTX-TEXAS2026, Get My Password, the emailed password, Change Password: Getting Started."""
        page, wait_for = self.page, self.wait_for
        wait_for(lambda text: "Welcome to Packetdesk" in text and "Quit" in text)
        page.locator("#terminal").click()
        page.keyboard.type("DEMOTX-TEXAS2026")
        wait_for(lambda text: "DEMOTX-TEXAS2026" in text)
        page.keyboard.press("Enter")
        wait_for(lambda text: "Need a password?" in text)
        page.keyboard.press("F3")  # Get My Password
        wait_for(lambda text: "was emailed to" in text)
        ctx = AppContext.create(Settings.from_env({"PACKETDESK_HOME": str(home)}))
        password = temporary_password(ctx, "jose.nguyen@example.com")
        ctx.engine.dispose()
        page.keyboard.type(password)
        wait_for(lambda text: "•" * len(password) in text)
        page.keyboard.press("Enter")
        wait_for(lambda text: "please choose a new password" in text)
        page.keyboard.type("Abc123x")
        page.keyboard.press("Tab")
        page.keyboard.type("Abc123x")
        wait_for(lambda text: "✓ Confirmation must match" in text)
        page.keyboard.press("Enter")
        wait_for(lambda text: "Getting Started" in text)

    def type_in_city(self, words: str) -> None:
        self.page.keyboard.press("Enter")
        self.wait_for(lambda text: "Email Address *" in text)
        for _ in range(4):
            self.page.keyboard.press("Tab")
        self.page.keyboard.type(words)
        self.wait_for(lambda text: f"Austin{words}" in text)


def saved_city_and_logout(home: Path) -> tuple[object, list[str]]:
    ctx = AppContext.create(Settings.from_env({"PACKETDESK_HOME": str(home)}))
    try:
        opened = invitations.open_code(ctx, "DEMOTX-TEXAS2026")
        draft = packets.load_draft(ctx, Actor(opened.account_id, "producer"), opened.packet_id, "interview")
        with reading(ctx.engine) as session:
            logins = session.exec(select(Login).where(Login.account_id == opened.account_id)).all()
        return (draft or {}).get("city"), [login.end_reason for login in logins]
    finally:
        ctx.engine.dispose()


def test_a_producer_signs_in_through_the_browser_and_reaches_getting_started(
    web_server: tuple[int, Path, subprocess.Popen[bytes]], tmp_path: Path,
) -> None:
    """Then the server is stopped (SIGTERM) while the producer types: the draft is saved."""
    from playwright.sync_api import sync_playwright

    port, home, server = web_server
    with sync_playwright() as driver:
        browser = Browser(driver, port, tmp_path)
        try:
            browser.sign_in_first_time(home)
            browser.page.screenshot(path=str(tmp_path / "getting-started.png"))
            browser.type_in_city(" West")
            server.terminate()
            server.wait(15)
        finally:
            browser.browser.close()
    assert saved_city_and_logout(home) == ("Austin West", ["SIGTERM"])
    if os.environ.get("PACKETDESK_KEEP_SCREENSHOT"):
        shutil.copy(tmp_path / "getting-started.png", os.environ["PACKETDESK_KEEP_SCREENSHOT"])


def test_closing_the_browser_tab_keeps_the_draft(
    web_server: tuple[int, Path, subprocess.Popen[bytes]], tmp_path: Path,
) -> None:
    from playwright.sync_api import sync_playwright

    port, home, _server = web_server
    with sync_playwright() as driver:
        browser = Browser(driver, port, tmp_path)
        try:
            browser.sign_in_first_time(home)
            browser.type_in_city(" East")
            browser.page.close()  # the tab closes; textual-serve ends the app
            deadline = time.monotonic() + 10
            while saved_city_and_logout(home)[1] == [""] and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            browser.browser.close()
    assert saved_city_and_logout(home) == ("Austin East", ["browser closed"])
