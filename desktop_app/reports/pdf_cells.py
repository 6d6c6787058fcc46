"""Plain text cells of a report table, cheaply: wrapped here instead of by a Paragraph, drawn in one text object.

A reportlab Paragraph lays its text out twice (once to measure the row, once to draw it) and draws every line
through its own machinery; a register of 60 000 families has a few such cells in every row. A cell of plain
text (no empty lines, no word wider than the column) wraps here the way a Paragraph would — greedy,
word by word, at the same width, in the same font — into a string of lines, which the table draws as lines of
a string cell at the same leading. And the table's string cells go into one text object per table piece
instead of one per cell, with the widths of repeated texts («кандидат», «0», a district's name) measured once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reportlab import rl_config  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

WIDTH_CACHE = 65536
# A soft hyphen, or a space other than the plain one (a Paragraph does not break at a no-break space, Python's
# split would): left to a Paragraph.
_UNUSUAL = re.compile(r"[\xad]|[^\S \n]")


@lru_cache(maxsize=WIDTH_CACHE)
def text_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points; a register repeats the same few texts thousands of times."""
    return float(stringWidth(text, font, size))


def wrapped_lines(text: str, font: str, size: float, width: float) -> list[str] | None:
    """``text`` broken into lines for a Paragraph ``width`` wide, as the Paragraph breaks it (greedily at spaces,
    letting a line's spaces shrink by reportlab's ``spaceShrinkage``; a word wider than the line split inside
    where the line ends), its own line breaks kept; None when only a Paragraph knows (a word wider than the line
    in a text of several lines; a line it fits by narrowing the spaces; a soft hyphen; an empty line)."""
    if _UNUSUAL.search(text):
        return None
    space = text_width(" ", font, size)
    shrink = float(rl_config.spaceShrinkage) * space
    if "\n" not in text and any(text_width(word, font, size) > width for word in text.split()):
        return _split_long_words(text.split(), font, size, width, space, shrink)
    lines: list[str] = []
    for part in text.split("\n"):
        words = part.split()
        if not words:
            return None
        line: list[str] = []
        current = -space
        for word in words:
            word_width = text_width(word, font, size)
            if word_width > width:
                return None
            wider = current + space + word_width
            if line and wider > width + shrink * len(line):
                lines.append(" ".join(line))
                line, wider = [], word_width
            line.append(word)
            current = wider
            if current > width and len(line) > 1:
                return None  # the Paragraph fits it by narrowing the spaces, which a string cell cannot
        lines.append(" ".join(line))
    return lines


def _split_long_words(words: list[str], font: str, size: float, width: float, space: float, shrink: float) -> list[str]:
    """The lines of a one-line text with a word wider than the line, as reportlab's ``Paragraph.breakLines`` makes
    them with ``splitLongWords`` (and no hyphenation): the long word is cut letter by letter where the line ends,
    its first piece ends the line it starts on and the other pieces follow as words that never split again. A
    line with a split word is drawn as laid out even where its spaces were narrowed (see ``paragraph_lines``)."""
    pending: list[tuple[str, bool]] = [(word, False) for word in reversed(words)]  # popped from the end
    lines: list[list[str]] = []
    line: list[str] = []
    current = -space  # as reportlab counts: no space before a line's first word
    forced = False  # the word just placed ends its line
    while pending:
        word, piece = pending.pop()
        if not word and piece:
            forced = True
        word_width = text_width(word, font, size)
        wider = current + space + word_width
        limit = width + shrink * len(line)
        if wider > limit and not forced and not piece and word_width > width:
            pending += reversed(_pieces(word, current + space, width, font, size))
            forced = True
            continue
        if wider <= limit or not line or forced:
            if word:
                line.append(word)
            if forced:
                forced = False
                lines.append(line)
                line, current = [], -space
            else:
                current = wider
        else:
            lines.append(line)
            line, current = [word], word_width
    if line:
        lines.append(line)
    return [" ".join(words_of_line) for words_of_line in lines]


def _pieces(word: str, used: float, width: float, font: str, size: float) -> list[tuple[str, bool]]:
    """``word`` cut where lines end, the first line having ``used`` taken already (reportlab's ``_splitWord``)."""
    pieces: list[tuple[str, bool]] = []
    text = ""
    for letter in word:
        letter_width = text_width(letter, font, size)
        reached = used + letter_width
        if reached > width and (text or letter_width <= width):
            pieces.append((text, True))
            reached, text = letter_width, ""
        text += letter
        used = reached
    pieces.append((text, True))
    return pieces


def paragraph_lines(paragraph: Any) -> list[str] | None:
    """The lines of a Paragraph already wrapped, when it is one run of plain text (else None)."""
    laid = getattr(paragraph, "blPara", None)
    if laid is None or laid.kind != 0 or not laid.lines:
        return None
    if any(extra < -1e-8 for extra, _words in laid.lines) and not getattr(paragraph, "_splitLongWordCount", 0):
        return None  # a line fitted by narrowing its spaces: only the Paragraph draws it so
    return [" ".join(str(word) for word in words) for _extra, words in laid.lines]


class CellText:
    """The string cells of one table piece, written into a single text object and drawn after the cells."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self._start()

    def _start(self) -> None:
        self.text = self.canvas.beginText()
        self.font: tuple[str, float, float] | None = None
        self.color: Any = None
        self.empty = True

    def add(self, value: str, style: Any, position: tuple[float, float], size: tuple[float, float]) -> None:
        """One string cell, placed exactly as reportlab's table places it (``Table._drawCell``)."""
        x0, y0 = position
        width, height = size
        font = (style.fontname, style.fontsize, style.leading)
        if font != self.font:
            self.text.setFont(*font)
            self.font = font
        if style.color != self.color:
            self.text.setFillColor(style.color)
            self.color = style.color
        lines = value.split("\n")
        leading, font_size = style.leading, style.fontsize
        if style.valign == "TOP":
            y = y0 + height - style.topPadding - font_size
        elif style.valign == "BOTTOM":
            y = y0 + style.bottomPadding + len(lines) * leading - font_size
        else:
            y = y0 + (style.bottomPadding + height - style.topPadding + len(lines) * leading) / 2.0 - font_size
        align = style.alignment
        for line in lines:
            if line:
                if align == "LEFT":
                    x = x0 + style.leftPadding
                elif align == "RIGHT":
                    x = x0 + width - style.rightPadding - text_width(line, style.fontname, font_size)
                else:
                    middle = x0 + (width + style.leftPadding - style.rightPadding) * 0.5
                    x = middle - text_width(line, style.fontname, font_size) * 0.5
                self.text.setTextOrigin(x, y)
                self.text.textLine(line)  # unlike textOut, does not measure the line again
                self.empty = False
            y -= leading

    def finish(self) -> None:
        """Draw what was collected (before a cell drawn otherwise, so the text keeps the order of the cells)."""
        if not self.empty:
            self.canvas.drawText(self.text)
            self._start()
