"""Icons for the packages, drawn from resources/icons/opeka.svg so there is one picture to maintain.

    python build/icons.py OUT_DIR   — writes OUT_DIR/opeka-256.png (Linux menus) and OUT_DIR/opeka.ico (Windows)

Runs in the project's .venv at build time: Qt (already a dependency) renders the SVG, Pillow (reportlab's own
dependency) packs the sizes Windows Explorer and the taskbar use into one .ico.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "opeka.svg"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]


def render_png(size: int, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"Не удалось прочитать {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"Не удалось записать {target}")


def make_icons(out_dir: Path) -> None:
    """Render the PNG sizes and pack them into opeka.ico; skipped when the outputs are newer than the SVG."""
    from PIL import Image

    out_dir.mkdir(parents=True, exist_ok=True)
    png, ico = out_dir / "opeka-256.png", out_dir / "opeka.ico"
    if all(path.exists() and path.stat().st_mtime >= SVG.stat().st_mtime for path in (png, ico)):
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    # Each size is drawn on its own (not scaled down from 256): small icons stay sharp.
    sizes = {}
    for size in ICO_SIZES:
        target = out_dir / f"opeka-{size}.png"
        render_png(size, target)
        sizes[size] = Image.open(target)
    sizes[256].save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=list(sizes.values()))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    make_icons(Path(sys.argv[1]))
