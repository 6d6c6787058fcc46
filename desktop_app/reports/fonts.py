"""The Liberation Serif family shipped in resources/fonts, registered with reportlab once per process.

Liberation Serif has the metrics of Times New Roman, the face Russian official forms are typed in, so a
printed report looks like the paper people expect; it covers Cyrillic, «», №, and the no-break space.
"""

from __future__ import annotations

import threading

from desktop_app.core.paths import resource_path
from desktop_app.domain.errors import UserError

FAMILY = "LiberationSerif"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"
FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Safe to call from any thread, any number of times; a missing font file is one clear message."""
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
        from reportlab.pdfbase.ttfonts import TTFError, TTFont  # type: ignore[import-untyped]

        for name, file_name in FILES.items():
            path = resource_path("fonts", file_name)
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (OSError, TTFError) as exc:
                raise UserError(f"Не удалось загрузить шрифт {path}: {exc}. Переустановите программу.") from None
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
        _registered = True
