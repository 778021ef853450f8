"""Headless Chromium for tests, with the network shut: only file://, data:, blob: and
localhost requests go through; everything else is aborted and recorded.

    from tests.browser import offline_page
    with offline_page() as session:
        session.page.goto(session.file_url(path))
        ...
        assert session.console_errors == []

Uses Debian's /usr/bin/chromium (never downloads a browser). Tests that need it
should call `require_browser()` first, which skips with a reason when it is missing.
"""
from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def require_browser() -> None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (make browser)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright is not installed")


def is_local_url(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class Session:
    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @staticmethod
    def file_url(path) -> str:
        return Path(path).resolve().as_uri()

    @property
    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions together."""
        return self.console_errors + self.page_errors


@contextlib.contextmanager
def offline_page(viewport=(1000, 700)):
    """A Playwright page in headless Chromium with every non-local request blocked."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            page = context.new_page()
            session = Session(page)

            def route(route_request):
                url = route_request.request.url
                if is_local_url(url):
                    route_request.continue_()
                else:
                    session.blocked.append(url)
                    route_request.abort()

            def on_dialog(dialog):
                session.dialogs.append(dialog.message)
                dialog.dismiss()

            context.route("**/*", route)
            page.on("console", lambda m: m.type == "error" and session.console_errors.append(m.text))
            page.on("pageerror", lambda e: session.page_errors.append(str(e)))
            page.on("dialog", on_dialog)
            yield session
        finally:
            browser.close()
