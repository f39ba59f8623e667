"""The demo report rendered by headless Chromium: a screenshot that shows the page and its plot, and a PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from observer.report import StudyFrames, write_report
from observer.store import Study
from test_report_support import coded_demo

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.chromium,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium (/usr/bin/chromium) is not installed"),
]
CONFRONTATION = (0xD5, 0x5E, 0x00)  # the plot's colour for confrontation (Okabe-Ito vermillion)


def chromium(tmp_path: Path, *arguments: str) -> None:
    """Run headless Chromium with a throwaway profile and no network services."""
    profile = tmp_path / "profile"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
               "--hide-scrollbars", *arguments]
    subprocess.run(command, check=True, capture_output=True, timeout=180)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("chromium")
    with Study.open(coded_demo(folder)) as study:
        frames = StudyFrames.from_study(study)
    return write_report(frames, "s02", folder / "s02.html")


def test_screenshot_shows_text_and_the_timeline_plot(report, tmp_path):
    shot = tmp_path / "s02.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,2400", report.as_uri())
    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 2400)
    colours = image.getcolors(maxcolors=1 << 20)
    ink = sum(count for count, rgb in colours if sum(rgb) < 200)
    assert ink > 0.005 * 1200 * 2400  # dark text, not a blank page
    bars = sum(count for count, rgb in colours if all(abs(a - b) < 12 for a, b in zip(rgb, CONFRONTATION)))
    assert bars > 2000  # the confrontation bars of the inline SVG were drawn


def test_prints_to_a_multi_page_pdf(report, tmp_path):
    pdf = tmp_path / "s02.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert pages >= 3  # the print stylesheet starts the timeline and the glossary on new pages


def test_only_the_supervisors_copy_carries_the_warning_band(report, tmp_path):
    with Study.open(report.parent / "demo.observer") as study:
        frames = StudyFrames.from_study(study)
    supervisor = write_report(frames, "s02", tmp_path / "supervisor.html", audience="supervisor")
    bands = {}
    for page in (report, supervisor):
        shot = tmp_path / f"{page.stem}.png"
        chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,700", page.as_uri())
        top = Image.open(shot).convert("RGB").crop((0, 0, 1000, 120))
        bands[page] = sum(count for count, rgb in top.getcolors(maxcolors=1 << 20)
                          if all(abs(a - b) < 12 for a, b in zip(rgb, CONFRONTATION)))  # the band's warm colour
    assert bands[report] == 0 and bands[supervisor] > 1000
