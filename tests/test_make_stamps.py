"""The Makefile's install steps run only when what they install from changed, so that `make run`
on an installed checkout goes straight to Streamlit (no pip, no npm: nothing fetched).

Checked with `make -n` (print, do not run) on a copy of the Makefile beside empty stand-ins of the
files its steps depend on, their times set by hand. .ci/offline-start checks the real thing.
"""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

INPUTS = ["requirements.txt", "package-lock.json", "routes/places/index.py", "routes/mapview/assets.py"]
STAMPS = [".venv/.installed", "assets/vendor/.installed", ".venv/.index-built"]


@pytest.fixture
def checkout(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for name in INPUTS + STAMPS + [".venv/bin/python", "node_modules/.package-lock.json"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    for name in INPUTS:
        os.utime(tmp_path / name, (1_000_000, 1_000_000))
    for name in STAMPS + ["node_modules/.package-lock.json"]:
        os.utime(tmp_path / name, (2_000_000, 2_000_000))
    return tmp_path


def planned(checkout, target: str = "run") -> str:
    # --no-print-directory: under `make test` this make is a sub-make, which would print its directory
    return subprocess.run(["make", "--no-print-directory", "-n", target], cwd=checkout, capture_output=True, text=True,
                          check=True).stdout


def newer(checkout, name: str) -> None:
    os.utime(checkout / name, (3_000_000, 3_000_000))


def test_an_installed_checkout_runs_streamlit_and_nothing_else(checkout):
    plan = planned(checkout).strip().splitlines()
    assert plan == [".venv/bin/streamlit run app.py --server.port 8501 --server.headless true"]


def test_a_new_lock_file_reinstalls_the_map_assets_only(checkout):
    newer(checkout, "package-lock.json")
    plan = planned(checkout)
    assert "npm ci" in plan and "routes.mapview.assets install" in plan
    assert "pip install" not in plan and "routes.places.index build" not in plan


def test_new_requirements_reinstall_packages_and_check_the_index_but_not_npm(checkout):
    newer(checkout, "requirements.txt")
    plan = planned(checkout)
    assert "pip install --quiet -r requirements.txt" in plan and "routes.places.index build" in plan
    assert "npm ci" not in plan


def test_a_fresh_clone_installs_everything(checkout):
    for name in STAMPS + ["node_modules/.package-lock.json", ".venv/bin/python"]:
        (checkout / name).unlink()
    plan = planned(checkout, "install")
    for step in ("-m venv .venv", "pip install --quiet -r requirements.txt", "npm ci",
                 "routes.mapview.assets install", "routes.places.index build"):
        assert step in plan, step
