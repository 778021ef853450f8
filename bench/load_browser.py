"""Sessions of the load run that are real Chromium pages (asyncio Playwright).

One headless Chromium for the whole run; each session gets its own browser context (its
own cookies, so its own Streamlit session) and every non-loopback request is aborted.
Waits are for the end of the script run an action caused, read from the page's own
websocket frames (BackMsg rerun requests up, ForwardMsg script_finished down), and for
specific elements (the upload's sidebar caption, a download button); never fixed sleeps.
"""
from __future__ import annotations

import asyncio
import time
from pathlib import Path

from load import MODES, csv_bytes, html_problem, kml_problem, legs_csv_state, others
from playwright.async_api import Error as PlaywrightError
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser import CHROMIUM, CHROMIUM_ARGS, is_local_url

UPLOADED_CAPTION = "uploaded data stays on this server session"


class ScriptState:
    """Whether the page's session has a script run requested or under way, read from the
    page's own websocket frames (BackMsg up, ForwardMsg down), and when each run took."""

    def __init__(self):
        self.pending = self.running = False
        self.finished = 0
        self.seconds: list[float] = []
        self.requested_at = 0.0
        self.changed = asyncio.Event()

    def watch(self, socket) -> None:
        if socket.url.endswith("/_stcore/stream"):
            socket.on("framesent", self._sent)
            socket.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        message = BackMsg()
        if isinstance(payload, bytes) and _parses(message, payload) and message.HasField("rerun_script"):
            self.pending, self.requested_at = True, time.monotonic()

    def _received(self, payload) -> None:
        message = ForwardMsg()
        if not (isinstance(payload, bytes) and _parses(message, payload)):
            return
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.running = True
        elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            self.pending = self.running = False
            self.finished += 1
            self.seconds.append(time.monotonic() - self.requested_at)
            self.changed.set()

    async def settled(self, after: int | None) -> None:
        """Until a run has finished since `after` runs (if given), and none is requested or running."""
        while (after is not None and self.finished <= after) or self.pending or self.running:
            self.changed.clear()
            await self.changed.wait()


def _parses(message, payload: bytes) -> bool:
    try:
        message.ParseFromString(payload)
        return True
    except Exception:   # not a message of this kind
        return False


class BrowserPool:
    """One Chromium (only when some session needs it), closed on exit."""

    def __init__(self, count: int):
        self.count = count
        self.playwright = self.browser = None

    async def __aenter__(self):
        if self.count:
            from playwright.async_api import async_playwright
            self.playwright = await async_playwright().start()
            self.browser = await self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                                 headless=True)
        return self

    async def __aexit__(self, *exc):
        if self.browser:
            await self.browser.close()
        if self.playwright:
            await self.playwright.stop()

    async def user(self, number: int, url: str, timeout: float) -> BrowserUser:
        context = await self.browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        await context.route("**/*", _loopback_only)
        context.set_default_timeout(timeout * 1000)
        return BrowserUser(number, url, context, timeout)


async def _loopback_only(route) -> None:
    if is_local_url(route.request.url):
        await route.continue_()
    else:
        await route.abort()


class BrowserUser:
    kind = "browser"

    def __init__(self, number: int, url: str, context, timeout: float):
        self.number, self.url, self.context, self.timeout = number, url, context, timeout
        self.page = None
        self.failures: list[str] = []
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.retried = 0          # downloads canceled by a rerun and asked for again
        self.script = ScriptState()

    async def open(self) -> None:
        page = self.page = await self.context.new_page()
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)[:200]))
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text[:200]))
        page.on("websocket", self.script.watch)
        await self.after(page.goto(self.url, wait_until="commit"))
        await page.locator("section[data-testid=stSidebar] input[type=file]").wait_for(state="attached")

    async def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        await dialog.dismiss()

    async def upload(self) -> None:
        await self.after(self.page.set_input_files("section[data-testid=stSidebar] input[type=file]", files=[
            {"name": f"session{self.number}.csv", "mimeType": "text/csv", "buffer": csv_bytes(self.number)}]))
        await self.page.get_by_text(UPLOADED_CAPTION, exact=False).wait_for()
        shown = others(await self.page.locator("body").inner_text(), self.number)
        if shown:
            self.failures.append(f"page shows other sessions' leaders {sorted(shown)} after the upload")

    async def share(self) -> None:
        await self.after(self.page.get_by_text("Share", exact=True).click())
        await self.page.get_by_role("button", name="Legs (CSV)").wait_for()

    async def download(self, label: str) -> bytes:
        """The button's file. The click does not rerun the script (the app's download
        buttons ignore clicks); a download that met a file a rerun had just replaced fails,
        and is asked for again once the script has settled."""
        end = time.monotonic() + self.timeout
        while True:
            try:
                async with self.page.expect_download() as info:
                    await self.page.get_by_role("button", name=label).click()
                return Path(await (await info.value).path()).read_bytes()
            except PlaywrightError:
                if time.monotonic() > end:
                    raise
                self.retried += 1
                await self.settle()

    async def exports(self, mode: str | None) -> None:
        """The legs CSV (fetched again while it still shows the previous filter: each fetch
        waits for its own rerun), then the KML."""
        end = time.monotonic() + self.timeout
        while True:
            leak, current = legs_csv_state(await self.download("Legs (CSV)"), self.number, mode)
            if leak:
                self.failures.append(leak)
                return
            if current:
                break
            if time.monotonic() > end:
                self.failures.append(f"legs CSV never showed mode {mode or 'all'}")
                return
        if problem := kml_problem(await self.download("KML (Google Earth)"), self.number, mode):
            self.failures.append(problem)

    async def snapshot(self) -> None:
        await self.after(self.page.get_by_role("button", name="Prepare HTML and images").click())
        if problem := html_problem(await self.download("Map (HTML, works offline)"), self.number):
            self.failures.append(problem)

    async def choose_mode(self, mode: str) -> None:
        """Make `mode` the only choice in the Modes multiselect, as a reader would."""
        before = self.script.finished
        box = self.page.locator("[data-testid=stMultiSelect]").filter(has_text="Modes")
        await box.locator("input").click()
        for _ in range(len(MODES)):          # Backspace in the empty input drops the last choice
            await self.page.keyboard.press("Backspace")
        await self.page.keyboard.type(mode)
        await self.page.get_by_role("option", name=mode, exact=True).click()
        await self.page.keyboard.press("Escape")
        await self.settle(before)

    async def after(self, action) -> None:
        """Await `action`, then the script run it causes (see settle)."""
        before = self.script.finished
        await action
        await self.settle(before)

    async def settle(self, before: int | None = None) -> None:
        """Until a run has finished since `before` runs had, and none is requested or running:
        read from the page's websocket, not guessed from the page or a sleep."""
        await asyncio.wait_for(self.script.settled(before), self.timeout)

    def errors(self) -> list[str]:
        return self.page_errors + self.console_errors

    def runs(self) -> list[float]:
        return self.script.seconds

    async def close(self) -> None:
        """Last checks (no payload ran, no dialog), then the context goes."""
        for frame in self.page.frames if self.page else []:
            try:
                if await frame.evaluate("typeof window.__pwned") != "undefined":
                    self.failures.append(f"a payload ran in frame {frame.url[:60]}")
            except Exception:   # a frame that went away between listing and asking
                continue
        if self.dialogs:
            self.failures.append(f"dialogs opened: {self.dialogs[:3]}")
        await self.context.close()
