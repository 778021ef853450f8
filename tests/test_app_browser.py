"""The real app in a browser (issue #6): the README's run command serves app.py on
localhost; headless Chromium, with every request outside localhost blocked, sees the map
with routes drawn, filters by leader and sees the map and the legs table follow, moves the
timeline slider, and records no console errors."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from routes.mapview import assets
from tests.browser import offline_page, require_browser
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not assets.is_installed(), reason="map assets not installed (make assets)")]
STREAMLIT = Path(sys.executable).with_name("streamlit")
START_TIMEOUT_S = 60
MAP_FRAME = "leader_routes_map"   # the map component (ui.mapcomponent.NAME) in the frame address


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}: {process.stdout.read()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} not healthy after {START_TIMEOUT_S} s")


@pytest.fixture(scope="module")
def server():
    """`streamlit run app.py` (the README's run command) on a free port; always stopped."""
    require_browser()
    if not STREAMLIT.exists():
        pytest.skip(f"{STREAMLIT} is not installed")
    port = _free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    process = subprocess.Popen(
        [str(STREAMLIT), "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_healthy(f"http://localhost:{port}/_stcore/health", process)
        yield f"http://localhost:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _map_frame(page):
    """The component's iframe, once the routes are mounted in it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for frame in page.frames:
            if MAP_FRAME in frame.url:
                try:
                    if frame.evaluate("!!(window.LeaderRoutes && LeaderRoutes.last && LeaderRoutes.last.legs.length)"):
                        return frame
                except Exception:      # the frame is still loading
                    pass
        page.wait_for_timeout(250)
    raise TimeoutError("no map with routes in the page")


def _shown_leaders(frame) -> set[str]:
    return set(frame.evaluate("LeaderRoutes.last.shownLegIds().map(id => id.split('|')[0])"))


def _legs_heading(page) -> int:
    text = page.get_by_text(re.compile(r"^Legs \([\d,]+\)$")).inner_text(timeout=30_000)
    return int(re.search(r"[\d,]+", text).group().replace(",", ""))


def test_the_app_draws_filters_and_moves_in_time_offline(server):
    with offline_page(viewport=(1400, 1000)) as session:
        page = session.page
        page.goto(server, timeout=60_000)
        frame = _map_frame(page)
        # routes drawn: a canvas in the map's overlay pane, and both leaders' legs on it
        assert frame.evaluate("""() => { const c = document.querySelector('.leaflet-overlay-pane canvas');
                                          return !!c && c.width > 0 && c.height > 0; }""")
        assert {"Kim Jong Un", "Donald Trump"} <= _shown_leaders(frame)
        # the offline land came with the map's served scripts, and is drawn
        assert frame.evaluate("!!window.LeaderRoutesLand && LeaderRoutesLand.geometry.coordinates.length > 100")
        base_layers = frame.evaluate("document.querySelectorAll('.leaflet-control-layers-base input').length")
        legs_before = _legs_heading(page)

        # the leader filter: the map (same map, new routes) and the legs table follow
        frame.evaluate("window.__sameMap = true")
        leaders = page.get_by_label("Leaders")
        leaders.click()
        leaders.fill("Donald Trump")
        leaders.press("Enter")
        page.keyboard.press("Escape")
        page.wait_for_function(f"""() => [...document.querySelectorAll('p, div')].some(
            e => /^Legs \\((\\d+)\\)$/.test(e.textContent) && e.textContent !== 'Legs ({legs_before})')""",
                               timeout=60_000)
        assert _legs_heading(page) < legs_before
        frame = _map_frame(page)
        deadline = time.monotonic() + 30
        while _shown_leaders(frame) != {"Donald Trump"} and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        assert _shown_leaders(frame) == {"Donald Trump"}
        assert frame.evaluate("window.__sameMap === true"), "the map was remounted"
        assert frame.evaluate("document.querySelectorAll('.leaflet-control-layers-base input').length") == base_layers

        # a click on a route: the details panel shows the leg the popup names
        x, y = frame.evaluate("""() => { const r = LeaderRoutes.last, leg = r.legs[0];
            const mid = LeaderRoutes.pointAtFraction(leg.latlngs, leg.cum, 0.5);
            r.map.setView(mid, Math.max(r.map.getZoom(), 5), {animate: false});
            const p = r.map.latLngToContainerPoint(mid); return [p.x, p.y]; }""")
        box = page.locator(f"iframe[src*='{MAP_FRAME}']").bounding_box()
        page.mouse.click(box["x"] + x, box["y"] + y)
        leg_text = frame.locator(".lr-popup .lr-leg-id").inner_text(timeout=10_000)
        title = frame.locator(".lr-popup .lr-title").inner_text()
        assert leg_text.startswith("leg id: Donald Trump|")
        # the details name a coded place with its name too: "ADW (Joint Base Andrews Airport) → …"
        origin, _, destination = title.partition(" → ")
        pattern = re.escape(origin) + r"( \(.*\))? → " + re.escape(destination) + r"( \(.*\))? · Donald Trump · "
        page.get_by_text(re.compile(pattern)).first.wait_for(timeout=60_000)
        assert frame.evaluate("window.__sameMap === true")

        # the timeline slider: its moment and the "where was everyone" caption change
        caption = page.get_by_text(re.compile(r"^At \d{4}-\d\d-\d\d \d\d:\d\d UTC$"))
        before = caption.inner_text()
        slider = page.get_by_role("slider", name=re.compile("Timeline"))
        slider.focus()
        for _ in range(5):
            slider.press("ArrowRight")
        page.wait_for_function(f"""() => [...document.querySelectorAll('p')].some(
            e => /^At \\d{{4}}-/.test(e.textContent) && e.textContent !== {before!r})""", timeout=60_000)
        assert caption.inner_text() != before
        _settle(page)   # each key press is a run: read the moment the last one settled on
        # the map's timeline follows the page's moment (the routes are swapped, not remounted)
        chosen = datetime.strptime(caption.inner_text(), "At %Y-%m-%d %H:%M UTC").replace(tzinfo=UTC)
        wanted = chosen.timestamp() * 1000
        deadline = time.monotonic() + 30
        while _map_frame(page).evaluate("LeaderRoutes.last.t") != wanted and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        assert _map_frame(page).evaluate("LeaderRoutes.last.t") == wanted

        # and the other way: the reader lets go of the map's own time slider two days on; the
        # page's moment (on its hourly steps) and "where was everyone" follow, and so does the map
        stopped = _map_frame(page).evaluate("""() => {
            const s = document.querySelector('.lr-slider'), t = Number(s.value) + 2 * 86400e3 + 1800e3;
            s.value = String(t); s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));
            return Number(s.value); }""")
        shown = caption.inner_text()
        page.wait_for_function(f"""() => [...document.querySelectorAll('p')].some(
            e => /^At \\d{{4}}-/.test(e.textContent) && e.textContent !== {shown!r})""", timeout=60_000)
        _settle(page)
        expected = datetime.strptime(caption.inner_text(), "At %Y-%m-%d %H:%M UTC").replace(tzinfo=UTC)
        # on the slider's step (an hour, or a day over a long span) at or before where it stopped
        assert 0 <= stopped - expected.timestamp() * 1000 < 86400e3
        deadline = time.monotonic() + 30
        while _map_frame(page).evaluate("LeaderRoutes.last.t") != expected.timestamp() * 1000 \
                and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        assert _map_frame(page).evaluate("LeaderRoutes.last.t") == expected.timestamp() * 1000

        assert session.errors == [], session.errors
        assert not [url for url in session.blocked if "localhost" in url]


SECTIONS = ["Trips and legs", "Statistics", "Compare", "Share", "Draft from a story"]
BIDEN = ROOT.parent / "shared" / "data" / "uploads" / "biden_2021_europe_stops_da_cp1252.csv"


def _settle(page) -> None:
    """Until the script run a click started has finished (Streamlit's running indicator gone)."""
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    page.wait_for_timeout(300)


def _visit_every_section(page) -> None:
    for name in SECTIONS:
        page.locator("[data-testid=stButtonGroup] button", has_text=name).click()
        _settle(page)
        assert page.locator("[data-testid=stException]").count() == 0, name
        assert page.get_by_text("could not be shown").count() == 0, name
        if name == "Statistics":   # the table is drawn on first open, not an empty box
            _assert_drawn(page.locator("[data-testid=stDataFrame]:visible").last)


def _screenshot(grid, tries: int = 3) -> bytes:
    """The element's picture; a rerun that replaces the element while it is being taken
    ("not attached to the DOM") is waited out and the new one taken."""
    from playwright.sync_api import Error

    for attempt in range(tries):
        grid.wait_for(timeout=30_000)
        try:
            return grid.screenshot()
        except Error as error:
            if "not attached" not in str(error) or attempt == tries - 1:
                raise
            grid.page.wait_for_timeout(500)
    raise AssertionError("unreachable")


def _assert_drawn(grid, within_s: float = 10.0) -> None:
    """The data grid paints on a canvas: an empty box is a picture of one colour. It paints a
    few frames after it is shown (later on a loaded machine), so the picture is taken again
    until it has text or ``within_s`` has passed; a grid that stays empty fails."""
    from io import BytesIO

    from PIL import Image

    deadline = time.monotonic() + within_s
    while True:
        picture = Image.open(BytesIO(_screenshot(grid))).convert("L")
        dark = sum(picture.histogram()[:128])   # pixels darker than mid-grey
        if dark > 500 or time.monotonic() > deadline:
            break
        grid.page.wait_for_timeout(250)
    box = picture.size
    assert box[0] > 300 and box[1] > 60, box
    assert dark > 500, f"the table is an empty box ({dark} dark pixels in {box}) {within_s:.0f} s after it was shown"


def test_every_section_in_the_browser_on_the_bundled_data_and_an_upload(server):
    if not BIDEN.exists():
        pytest.skip("../shared is absent (it only exists beside the developers' checkout)")
    with offline_page(viewport=(1440, 900)) as session:
        page = session.page
        page.goto(server, timeout=60_000)
        _map_frame(page)
        assert _legs_heading(page) == 101
        _visit_every_section(page)
        page.locator("[data-testid=stButtonGroup] button", has_text="Trips and legs").click()
        _settle(page)
        page.set_input_files("input[type=file]", str(BIDEN))
        # a stops file in Danish: 6 stops are 5 legs, the one of unreported mode kept as unknown
        page.get_by_text(re.compile(r"^Legs \(5\)$")).wait_for(timeout=60_000)
        # nothing dropped: no errors; the unreported mode is among the warnings
        page.get_by_text(re.compile(r"^Data quality: 0 errors, \d+ warnings?$")).wait_for(timeout=30_000)
        _visit_every_section(page)
        assert session.errors == [], session.errors


def test_a_hostile_link_renders_as_text_and_fetches_nothing(server):
    """The link of the issue: Markdown image, link, colour directive and LaTeX in link
    parameters. The page shows them as written, makes no element of them and asks no host."""
    from urllib.parse import urlencode
    hostile = {"leader": "![b](http://evil.example/x.png)", "trip": "[Log in again](http://evil.example/login)",
               "mode": ":red[red] :material/warning: $x^2$"}
    with offline_page(viewport=(1400, 1000)) as session:
        page = session.page
        page.goto(server + "?" + urlencode(hostile), timeout=60_000)
        page.get_by_text("Part of the link was ignored").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        found = page.evaluate("""() => ({
            text: document.body.innerText,
            images: [...document.querySelectorAll('img')].map(i => i.src).filter(s => s.includes('evil')),
            links: [...document.querySelectorAll('a')].map(a => a.href).filter(h => h.includes('evil')),
            maths: document.querySelectorAll('.katex').length})""")
    assert not [url for url in session.blocked if "evil.example" in url], session.blocked
    assert not found["images"] and not found["links"] and found["maths"] == 0, found
    for value in hostile.values():   # as written (a notice quotes 40 characters at most)
        assert value[:40] in found["text"].replace("\u2060", ""), value


def test_a_link_streamlit_drops_whole_gets_a_notice(server):
    """Streamlit ignores a query string of more than 1,000 parameters before the script runs;
    the page still says that the link was ignored."""
    query = "&".join(f"p{i}=x" for i in range(1500))
    with offline_page(viewport=(1400, 1000)) as session:
        page = session.page
        page.goto(server + "?" + query, timeout=60_000)
        notice = page.locator("#lr-dropped-link")
        notice.wait_for(state="visible", timeout=60_000)
        assert "1500 parameters" in notice.inner_text()
        page.goto(server + "?leader=Kim+Jong+Un", timeout=60_000)
        page.get_by_text("Where was everyone?").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        assert not page.locator("#lr-dropped-link").is_visible()


def test_the_app_map_keeps_its_controls_apart_at_laptop_and_phone_sizes(server):
    """Issue #17: in the app's own map, as fitted by the app, at 1440×900, 1280×720 and a
    phone's 390×844: the controls measured as in tests/test_map_layout_browser.py, and the
    page never wider than the screen."""
    from tests.test_map_layout_browser import MEASURE, check_layout
    for width, height in ((1440, 900), (1280, 720), (390, 844)):
        with offline_page(viewport=(width, height)) as session:
            page = session.page
            page.goto(server, timeout=60_000)
            frame = _map_frame(page)
            frame.wait_for_function(
                "LeaderRoutes.last.timelineControl && LeaderRoutes.last.map._leaderRoutesBase.fitted", timeout=30_000)
            measured = frame.evaluate(MEASURE, {"legendOpen": None, "refit": False})
            check_layout(measured, f"app {width}×{height}")
            assert measured["size"]["x"] <= width - 20          # the map inside the page's margins
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert scroll <= client == width, f"the page runs {scroll - client} px off a {width} px screen"
            assert session.errors == [] and session.blocked == []
