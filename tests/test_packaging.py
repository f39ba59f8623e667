"""Packaging: every package and data file reaches a non-editable install."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def _declared() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return set(config["tool"]["setuptools"]["packages"])


def test_every_package_in_the_tree_is_declared():
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "observer").rglob("__init__.py")}
    found.add("observer.schemes")
    assert _declared() == found


@pytest.mark.slow
def test_wheel_carries_schemes_demo_data_and_styles(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("observer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ("observer/schemes/3rs-2015.yaml", "observer/schemes/3rs-2022-dyadic.yaml",
                     "observer/schemes/wai-o-s.yaml", "observer/data/demo/manifest.json",
                     "observer/data/demo/s01-withdrawal.vtt", "observer/data/demo/s01-withdrawal.ogg",
                     "observer/tui/app.tcss", "observer/tui/supervisor.tcss", "observer/web/templates/app.html",
                     "observer/web/templates/login.html", "observer/web/static/player.js",
                     "observer/web/static/page.js", "observer/web/static/observer.css"):
        assert expected in names, expected
