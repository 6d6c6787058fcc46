"""Page geometry, type sizes and paragraph styles shared by the PDF modules.

Margins follow the usual office layout (ГОСТ Р 7.0.97: wider on the left for the binder); type is Liberation
Serif throughout, and a wider table gets a smaller size so that it still fits a page across.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab import rl_config  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]

from desktop_app.reports.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR
from desktop_app.reports.model import Align

# Two of reportlab's defaults cost time and give the reader nothing: page streams spelt out as ASCII85 text (a
# fifth of writing a long register; binary streams are as valid and smaller), and a check of every attribute set
# on a chart's shapes (which this code makes, not a user). Set before reportlab.graphics is first imported.
rl_config.useA85 = 0
rl_config.shapeChecking = 0

LEFT_MARGIN: float = 20 * mm
RIGHT_MARGIN: float = 10 * mm
TOP_MARGIN: float = 15 * mm
BOTTOM_MARGIN: float = 17 * mm
FOOTER_BASELINE: float = 9 * mm

GRID_COLOR = colors.black
HEADER_FILL = colors.Color(0.9, 0.9, 0.9)
GROUP_FILL = colors.Color(0.96, 0.96, 0.96)
FOOTER_GREY = colors.Color(0.35, 0.35, 0.35)

CELL_PAD_X = 3.0
CELL_PAD_Y = 2.0
CELL_PAD_BOTTOM = 3.0  # a little more below: the descenders of the last line need it

_ALIGNMENT = {Align.LEFT: TA_LEFT, Align.CENTER: TA_CENTER, Align.RIGHT: TA_RIGHT}
_TABLE_ALIGN = {Align.LEFT: "LEFT", Align.CENTER: "CENTER", Align.RIGHT: "RIGHT"}
# Control characters (Word's \x0b line breaks, stray \x0c) have no glyphs and upset the PDF text layer.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Page:
    """A4 in the report's orientation and the frame inside its margins, in points."""

    landscape: bool

    @property
    def size(self) -> tuple[float, float]:
        width, height = landscape(A4) if self.landscape else A4
        return float(width), float(height)

    @property
    def frame_width(self) -> float:
        return self.size[0] - LEFT_MARGIN - RIGHT_MARGIN

    @property
    def frame_height(self) -> float:
        return self.size[1] - TOP_MARGIN - BOTTOM_MARGIN

    @property
    def top_height(self) -> float:
        """The height a flowable is offered at the top of a page (the frame has no inner padding)."""
        return self.frame_height


def table_font_size(columns: int) -> float:
    """10 pt reads comfortably; crowded tables step down to 7 pt, the smallest size still legible on paper."""
    if columns <= 5:
        return 10
    if columns <= 10:
        return 9
    if columns <= 16:
        return 8
    return 7


def table_align(align: Align) -> str:
    """The name reportlab's ALIGN command takes."""
    return _TABLE_ALIGN[align]


def markup(text: str) -> str:
    """Plain text made safe for a reportlab Paragraph: its mini-markup escaped, line breaks kept."""
    cleaned = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\t", " "))
    return escape(cleaned).replace("\n", "<br/>")


def plain(text: str) -> str:
    """Plain text for a string cell drawn as is (no markup): the same characters cleaned."""
    return _CONTROL.sub(" ", text.replace("\t", " "))


@lru_cache(maxsize=256)
def paragraph_style(size: float, align: Align = Align.LEFT, bold: bool = False, italic: bool = False) -> ParagraphStyle:
    """One style per combination, shared by all cells: making ParagraphStyle objects per cell costs time."""
    font = (BOLD_ITALIC if italic else BOLD) if bold else (ITALIC if italic else REGULAR)
    return ParagraphStyle(
        f"opeka-{size}-{align.value}-{int(bold)}{int(italic)}",
        fontName=font,
        fontSize=size,
        leading=round(size * 1.18, 2),
        alignment=_ALIGNMENT[align],
        splitLongWords=1,  # a 60-character word or number still fits its column, broken where it must
        allowWidows=1,
        allowOrphans=1,
    )


@lru_cache(maxsize=16)
def text_style(size: float, align: Align = Align.LEFT, bold: bool = False, space_after: float = 0) -> ParagraphStyle:
    """Running text outside tables (titles, notes): like a cell style, with room after it."""
    base = paragraph_style(size, align, bold)
    return ParagraphStyle(
        f"{base.name}-text-{space_after}",
        parent=base,
        spaceAfter=space_after,
        alignment=TA_JUSTIFY if align is Align.LEFT and not bold else base.alignment,
    )
