"""A started server's first reader waits for every module the app imports: the charting library
(a quarter of a second) is imported by the one section that draws charts, not by the first
screen. That the Statistics section still draws its charts is tested in tests/test_app.py."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIRST_SCREEN = ("import sys; from ui import loaders, mapview, panels, share, sidebar, timeline; "
                "print(sorted(name for name in ('altair',) if name in sys.modules))")


def test_the_first_screens_modules_do_not_import_the_charting_library():
    run = subprocess.run([sys.executable, "-c", FIRST_SCREEN], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
