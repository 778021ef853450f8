"""A Streamlit session driven over the server's own protocol, as its web frontend drives it.

The browser frontend talks to `streamlit run` through one websocket (`/_stcore/stream`,
protobuf `BackMsg` up, `ForwardMsg` down) and a few HTTP routes: file uploads are PUT to
`/_stcore/upload_file/SESSION/FILE` (with the XSRF token), downloads are GETs of the
button's media URL. `ProtocolSession` does the same from asyncio, without rendering: on a
2-core machine 20 Chromium pages spend most of the CPU on drawing, while the server's
script runs — the part a load test is about — are the same for both clients.

Not emulated: what components send back after mounting in a browser (the map's
viewport), so a protocol session makes one rerun fewer per page load than a browser.
Only loopback servers are accepted.
"""
from __future__ import annotations

import asyncio
import itertools
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

XSRF_COOKIE = "_streamlit_xsrf"
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY: "ok", ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile error",
            ForwardMsg.FINISHED_EARLY_FOR_RERUN: "rerun", ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "ok"}


class ProtocolError(Exception):
    """The server answered something a browser would show as broken."""


@dataclass
class Run:
    """What one script run put on the page: elements by their delta path."""
    elements: dict[tuple, object] = field(default_factory=dict)
    status: str = ""
    seconds: float = 0.0

    def widgets(self, kind: str) -> list:
        return [getattr(e, kind) for e in self.elements.values() if e.WhichOneof("type") == kind]

    def widget(self, kind: str, label: str):
        found = [w for w in self.widgets(kind) if w.label == label]
        if not found:
            raise ProtocolError(f"no {kind} labelled {label!r} on the page")
        return found[0]

    def exceptions(self) -> list[str]:
        return [f"{e.exception.type}: {e.exception.message[:160]}" for e in self.elements.values()
                if e.WhichOneof("type") == "exception"]


def check_loopback(url: str) -> None:
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"load runs against loopback servers only, not {url}")


class ProtocolSession:
    """One app session: connect, change widgets, upload, download — each a script run."""

    _request_ids = itertools.count(1)

    def __init__(self, base_url: str, timeout: float = 120.0):
        check_loopback(base_url)
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.cookies = CookieJar()
        self.http = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.states: dict[str, WidgetState] = {}
        self.session_id = ""
        self.runs: list[Run] = []
        self.messages: asyncio.Queue = asyncio.Queue()
        self.socket = None
        self.reader = None

    @property
    def page(self) -> Run:
        return self.runs[-1]

    # ---- connection ---------------------------------------------------------------------
    async def open(self) -> Run:
        await asyncio.to_thread(self._get, "/_stcore/health")    # sets the XSRF cookie
        ws_url = "ws" + self.base[len("http"):] + "/_stcore/stream"
        self.socket = await connect(ws_url, subprotocols=["streamlit", self._xsrf()], max_size=None,
                                    open_timeout=self.timeout, ping_interval=None)
        self.reader = asyncio.create_task(self._read())
        return await self.rerun()

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self.reader is not None:
            self.reader.cancel()

    async def _read(self) -> None:
        async for data in self.socket:
            message = ForwardMsg()
            message.ParseFromString(data)
            await self.messages.put(message)

    def _xsrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == XSRF_COOKIE), "")

    async def _send(self, back: BackMsg) -> None:
        await self.socket.send(back.SerializeToString())

    async def _next(self, deadline: float) -> ForwardMsg:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the server did not finish the script run in time")
        return await asyncio.wait_for(self.messages.get(), left)

    # ---- script runs --------------------------------------------------------------------
    async def rerun(self, *changed: WidgetState) -> Run:
        """Send the widget states (as the frontend does after a change) and collect the run."""
        for state in changed:
            self.states[state.id] = state
        back = BackMsg()
        back.rerun_script.query_string = ""
        back.rerun_script.page_script_hash = ""
        back.rerun_script.widget_states.widgets.extend(self.states.values())
        # a click is sent once, like the frontend's trigger values
        self.states = {k: v for k, v in self.states.items() if v.WhichOneof("value") != "trigger_value"}
        started = time.monotonic()
        await self._send(back)
        run = await self._collect(started + self.timeout)
        run.seconds = time.monotonic() - started
        self.runs.append(run)
        if run.status != "ok":
            raise ProtocolError(f"script run ended: {run.status}")
        return run

    async def _collect(self, deadline: float) -> Run:
        """Messages until the script run that our request started has finished."""
        run = Run()
        while True:
            message = await self._next(deadline)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.session_id = message.new_session.initialize.session_id or self.session_id
                run = Run()
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                run.elements[tuple(message.metadata.delta_path)] = message.delta.new_element
            elif kind == "ref_hash":
                raise ProtocolError("server sent a cached-message reference we never asked for")
            elif kind == "script_finished":
                run.status = FINISHED.get(message.script_finished, str(message.script_finished))
                if run.status != "rerun":
                    return run

    # ---- widgets ------------------------------------------------------------------------
    async def choose(self, kind: str, label: str, values: list[str]) -> Run:
        """Pick `values` in a multiselect or segmented control (string array widgets)."""
        state = WidgetState(id=self.page.widget(kind, label).id)
        state.string_array_value.data.extend(values)
        return await self.rerun(state)

    async def click(self, kind: str, label: str) -> Run:
        return await self.rerun(WidgetState(id=self.page.widget(kind, label).id, trigger_value=True))

    async def upload(self, label: str, name: str, data: bytes) -> Run:
        """Ask for an upload URL, PUT the file, then set the uploader's state (one rerun)."""
        uploader = self.page.widget("file_uploader", label)
        request = BackMsg()
        request.file_urls_request.request_id = f"load-{next(self._request_ids)}"
        request.file_urls_request.session_id = self.session_id
        request.file_urls_request.file_names.append(name)
        await self._send(request)
        urls = await self._file_urls(request.file_urls_request.request_id, time.monotonic() + self.timeout)
        await asyncio.to_thread(self._put_file, urls.upload_url, name, data)
        state = WidgetState(id=uploader.id)
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = urls.file_id, name, len(data)
        info.file_urls.CopyFrom(urls)
        return await self.rerun(state)

    async def _file_urls(self, request_id: str, deadline: float):
        while True:
            message = await self._next(deadline)
            answer = message.file_urls_response
            if message.WhichOneof("type") == "file_urls_response" and answer.response_id == request_id:
                if answer.error_msg:
                    raise ProtocolError(answer.error_msg)
                return answer.file_urls[0]

    async def download(self, label: str) -> bytes:
        """The file behind a download button, and the click's rerun, as in a browser."""
        button = self.page.widget("download_button", label)
        data = await asyncio.to_thread(self._get, button.url)
        if not button.ignore_rerun:
            await self.rerun(WidgetState(id=button.id, trigger_value=True))
        return data

    # ---- HTTP ---------------------------------------------------------------------------
    def _url(self, path: str) -> str:
        url = path if path.startswith("http") else self.base + path
        check_loopback(url)
        return url

    def _get(self, path: str) -> bytes:
        with self.http.open(self._url(path), timeout=self.timeout) as answer:
            return answer.read()

    def _put_file(self, url: str, name: str, data: bytes) -> None:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(self._url(url), data=body, method="PUT", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "X-Xsrftoken": self._xsrf()})
        with self.http.open(request, timeout=self.timeout) as answer:
            if answer.status >= 300:
                raise ProtocolError(f"upload answered HTTP {answer.status}")
