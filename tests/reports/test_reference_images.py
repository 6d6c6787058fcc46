"""The sample report still looks like the pictures checked by eye: first page (approval, title, header, rows)
and last page (trend chart, signature block), compared loosely so that small font hinting changes pass.

Needs pdftoppm (poppler-utils); skipped without it. After a deliberate change of the layout, look at the new
pictures and keep them: OPEKA_UPDATE_REFERENCE=1 pytest tests/reports/test_reference_images.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from desktop_app.reports.pdf import render_pdf
from tests.reports.sample import sample_report

REFERENCE = Path(__file__).parent / "reference"
RESOLUTION = 40
# Mean difference per pixel (0–255) allowed: a moved table line or a lost block gives several times more.
TOLERANCE = 2.5
pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Image.Image]:
    folder = tmp_path_factory.mktemp("pictures")
    pdf = folder / "sample.pdf"
    render_pdf(sample_report(120), pdf)
    pages = {}
    for name, page in (("first", "1"), ("last", str(len(PdfReader(pdf).pages)))):
        options = ["-r", str(RESOLUTION), "-gray", "-png", "-singlefile", "-f", page, "-l", page]
        subprocess.run(["pdftoppm", *options, pdf, folder / name], check=True)
        pages[name] = Image.open(folder / f"{name}.png").convert("L")
    return pages


@pytest.mark.parametrize("name", ["first", "last"])
def test_page_looks_as_checked(rendered: dict[str, Image.Image], name: str) -> None:
    reference_file = REFERENCE / f"sample_{name}_page.png"
    picture = rendered[name]
    if os.environ.get("OPEKA_UPDATE_REFERENCE"):
        REFERENCE.mkdir(exist_ok=True)
        picture.save(reference_file, optimize=True)
    reference = Image.open(reference_file).convert("L")
    assert picture.size == reference.size, "page size or orientation changed"
    difference = ImageStat.Stat(ImageChops.difference(picture, reference)).mean[0]
    assert difference < TOLERANCE, f"{name} page differs from {reference_file.name} by {difference:.2f} on average"
