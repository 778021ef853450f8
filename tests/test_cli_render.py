"""`python -m routes render`, run as a newsroom script would: in a subprocess."""
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from routes.export.png import map_frame
from routes.mapview.style import assign_colours
from tests.conftest import FIXTURES, ROOT
from tests.export_samples import BEIJING_STATION, PYONGYANG_STATION, rfc7946_problems

pytestmark = pytest.mark.slow

LEGS = FIXTURES / "render_legs.csv"
BROKEN = FIXTURES / "broken_cp1252_semicolon.csv"


def render(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "routes", "render", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("render")
    results = {}
    for ext in ("csv", "geojson", "kml", "png", "svg", "html"):
        out = folder / f"view.{ext}"
        results[ext] = (render(LEGS, "--out", out), out)
    return results


@pytest.mark.parametrize("ext", ["csv", "geojson", "kml", "png", "svg", "html"])
def test_each_format_is_written(outputs, ext):
    result, out = outputs[ext]
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 100
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []   # no temporaries left


def test_csv_has_every_leg(outputs):
    text = outputs["csv"][1].read_bytes().decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 1 + 4
    assert "Joint Base Pearl Harbor-Hickam" in text


def test_geojson_is_rfc7946(outputs):
    document = json.loads(outputs["geojson"][1].read_text(encoding="utf-8"))
    assert rfc7946_problems(document) == []
    assert len(document["features"]) == 4
    kinds = {f["properties"]["destination"]: f["geometry"]["type"] for f in document["features"]}
    assert kinds["Joint Base Pearl Harbor-Hickam"] == "MultiLineString"   # Guam → Hawaii crosses 180°


def test_kml_has_one_placemark_per_leg(outputs):
    root = ET.parse(outputs["kml"][1]).getroot()
    assert len(root.findall(".//{http://www.opengis.net/kml/2.2}Placemark")) == 4


def test_svg_parses(outputs):
    assert ET.parse(outputs["svg"][1]).getroot().tag.endswith("svg")


def test_html_is_a_self_contained_page(outputs):
    page = outputs["html"][1].read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "Pyongyang Station" in page
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page


def test_png_of_one_leader_has_his_colour_at_beijing_and_pyongyang(tmp_path):
    from PIL import Image

    from tests.test_export_png import route_pixels
    png, geojson = tmp_path / "kim.png", tmp_path / "kim.geojson"
    for out in (png, geojson):
        result = render(LEGS, "--leader", "Kim Jong Un", "--out", out)
        assert result.returncode == 0, result.stderr
    # the frame is computed from the exported features: the same legs the PNG drew
    frame = map_frame(json.loads(geojson.read_text(encoding="utf-8")))
    colour = assign_colours(["Kim Jong Un", "Donald Trump"])["Kim Jong Un"]   # colours of the whole file
    image = Image.open(png)
    # 20 px: the stop's white dot (up to 14 px radius for a long stay) covers the line's very end
    for place in (BEIJING_STATION, PYONGYANG_STATION):
        assert route_pixels(image, frame.pixel(*place), colour, 20) >= 5, place
    assert route_pixels(image, frame.pixel(121.0, 36.9), colour, 20) == 0


def test_filters_select_legs(tmp_path):
    out = tmp_path / "f.csv"
    result = render(LEGS, "--out", out, "--year", "2018", "--mode", "flight")
    assert result.returncode == 0, result.stderr
    rows = out.read_bytes().decode("utf-8-sig").strip().splitlines()[1:]
    assert len(rows) == 2 and all("Donald Trump" in r for r in rows)
    result = render(LEGS, "--out", out, "--from", "2019-01-09", "--to", "2019-01-31")
    assert result.returncode == 0
    assert len(out.read_bytes().decode("utf-8-sig").strip().splitlines()) == 1 + 1


def test_several_years_mean_those_years_not_the_span(tmp_path):
    out = tmp_path / "years.csv"
    assert render(LEGS, "--out", out, "--year", "2017", "--year", "2019").returncode == 0
    rows = out.read_bytes().decode("utf-8-sig").strip().splitlines()[1:]
    assert len(rows) == 2 and all("Kim Jong Un" in r for r in rows)


def test_unknown_extension_exits_2_and_writes_nothing(tmp_path):
    out = tmp_path / "map.jpeg"
    result = render(LEGS, "--out", out)
    assert result.returncode == 2
    assert ".png" in result.stderr and "jpeg" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_output_folder_exits_2(tmp_path):
    result = render(LEGS, "--out", tmp_path / "nope" / "map.png")
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_errors_exit_1_with_validate_lines_and_keep_the_old_file(tmp_path):
    out = tmp_path / "map.png"
    out.write_bytes(b"previous map")
    result = render(BROKEN, "--out", out)
    validate = subprocess.run([sys.executable, "-m", "routes", "validate", str(BROKEN)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    assert validate.returncode == 1 and result.returncode == 1
    problem_lines = [line for line in validate.stderr.splitlines() if line.startswith(BROKEN.name)]
    assert problem_lines, validate.stderr
    for line in problem_lines:
        assert line in result.stderr.splitlines()
    assert out.read_bytes() == b"previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_warnings_are_printed_and_the_file_written(tmp_path):
    source = tmp_path / "warn.csv"
    lines = LEGS.read_text(encoding="utf-8").splitlines()
    lines[1] += ",a cell beyond the header"          # a ragged row: kept, with a warning
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    validate = subprocess.run([sys.executable, "-m", "routes", "validate", str(source)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    warnings = [line for line in validate.stderr.splitlines() if line.startswith("warn.csv:2")]
    assert warnings, validate.stderr
    out = tmp_path / "w.geojson"
    result = render(source, "--out", out)
    assert result.returncode == 0, result.stderr
    assert all(w in result.stderr.splitlines() for w in warnings)
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 4


def test_filters_matching_nothing_exit_1(tmp_path):
    out = tmp_path / "none.kml"
    result = render(LEGS, "--out", out, "--leader", "Nobody")
    assert result.returncode == 1
    assert "Nobody" in result.stderr and "no legs" in result.stderr
    assert not out.exists()


def test_bad_dates_and_modes_are_command_line_errors(tmp_path):
    assert render(LEGS, "--out", tmp_path / "x.csv", "--from", "yesterday").returncode == 2
    assert render(LEGS, "--out", tmp_path / "x.csv", "--mode", "rocket").returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_a_crash_while_rendering_leaves_nothing(tmp_path, monkeypatch):
    import routes.export.png as png
    from routes.cli import commandline as cli

    def broken(*args, **kwargs):
        raise MemoryError("renderer ran out of memory")

    monkeypatch.setattr(png, "static_map", broken)
    out = tmp_path / "big.png"
    with pytest.raises(MemoryError):
        cli.main(["render", str(LEGS), "--out", str(out)])
    assert list(tmp_path.iterdir()) == []


def test_bundled_data_renders(tmp_path):
    bundled = ROOT / "data" / "legs.csv"
    if not bundled.is_file():
        pytest.skip("data/legs.csv is not in this checkout yet")
    out = tmp_path / "all.geojson"
    result = render(bundled, "--out", out)
    assert result.returncode in (0, 1), result.stderr
    if result.returncode == 0:
        assert rfc7946_problems(json.loads(out.read_text(encoding="utf-8"))) == []


def _render_in_process(capsys, out) -> tuple[int, str]:
    from routes.cli import commandline as cli
    code = cli.main(["render", str(LEGS), "--out", str(out)])
    err = capsys.readouterr().err
    return code, err


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_an_existing_folder_at_out_exits_2_with_one_message(tmp_path, capsys):
    folder = tmp_path / "map.html"
    folder.mkdir()
    code, err = _render_in_process(capsys, folder)
    assert code == 2 and "is a folder" in _one_error_line(err)
    assert list(folder.iterdir()) == []


def test_a_symlink_at_out_is_refused_and_left_alone(tmp_path, capsys):
    target = tmp_path / "elsewhere.csv"
    target.write_bytes(b"precious")
    link = tmp_path / "legs.csv"
    link.symlink_to(target)
    code, err = _render_in_process(capsys, link)
    assert code == 2 and "symbolic link" in _one_error_line(err)
    assert link.is_symlink() and target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere.csv", "legs.csv"]


@pytest.mark.parametrize("failure", [
    # the errors the OS gives for a full disk (at fsync) and a read-only folder (at create);
    # raised where it would raise them, since the tests run as root on one writable disk
    ("fsync", OSError(28, "No space left on device")),
    ("mkstemp", PermissionError(13, "Permission denied")),
    ("replace", OSError(30, "Read-only file system")),
])
def test_write_errors_exit_2_with_one_message_and_keep_the_old_file(tmp_path, capsys, monkeypatch, failure):
    import routes.export.atomic as atomic
    where, error = failure
    out = tmp_path / "legs.csv"
    out.write_bytes(b"old")

    def fail(*args, **kwargs):
        raise error

    module = atomic.tempfile if where == "mkstemp" else atomic.os
    monkeypatch.setattr(module, where, fail)
    code, err = _render_in_process(capsys, out)
    assert code == 2 and error.strerror in _one_error_line(err) and "nothing written" in err
    assert out.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["legs.csv"]


def test_a_symlink_appearing_while_writing_is_not_replaced(tmp_path):
    from routes.export.atomic import WriteRefused, write_with
    out, target = tmp_path / "map.html", tmp_path / "target"
    target.write_bytes(b"keep")

    def produce(handle):
        handle.write(b"new")
        out.symlink_to(target)          # someone puts a link there meanwhile

    with pytest.raises(WriteRefused):
        write_with(out, produce)
    assert out.is_symlink() and target.read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html", "target"]
