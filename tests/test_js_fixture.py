"""The page scripts' unit tests (tests/js, run by Node) hold the JavaScript to what the Python
encoders write; the fixture they read must be what those encoders write today."""
from __future__ import annotations

import importlib.util

from tests.conftest import ROOT

GENERATE = ROOT / "tests" / "js" / "fixtures" / "generate.py"


def test_the_fixture_is_what_the_python_side_writes_now():
    spec = importlib.util.spec_from_file_location("generate_js_fixture", GENERATE)
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    assert generate.FIXTURE.read_text(encoding="utf-8") == generate.fixture_text(), (
        "the encoders changed: run tests/js/fixtures/generate.py and the Node tests again")
