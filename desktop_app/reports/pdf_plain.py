"""Rows of plain text drawn straight on the page, for the long registers (issue 26 §2).

A piece of a report table whose rows all have known heights and hold only strings (no group headings, no
Paragraphs: see pdf_table.py) needs nothing of reportlab's Table: every cell's place follows from the column
widths and the row heights, and the text is placed the way ``Table._drawCell`` places a string (top-aligned,
left/right/centred in the cell's padding). Built as a reportlab Table, a page of a 60 000-family register costs
its cell styles, its span maps and a text object per line; here a page is one text object (each string's
encoding into the font's subsets worked out once per document) and one path of grid lines. The header keeps
being a reportlab Table: drawn once per table and document, its page content is repeated on every page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

from reportlab.pdfbase.pdfmetrics import getFont  # type: ignore[import-untyped]

from desktop_app.reports.model import Align
from desktop_app.reports.pdf_cells import text_width
from desktop_app.reports.pdf_style import CELL_PAD_X, CELL_PAD_Y

# The grid as reportlab's GRID draws it: black lines of this width, round caps and joins.
GRID_OPERATORS = "0 0 0 RG 0.5 w 1 J 1 j"
KNOWN_CELLS = 200_000  # cells whose operators are remembered per document
# A cell's text: where it starts across, the font subset it starts in, its operators, the subset it ends in.
_Placed: TypeAlias = tuple[str, str, str, str]
_UNKNOWN: Any = object()


class PlainRows:
    """What the drawing needs of a table: columns (left edges, widths, alignments) and its type size."""

    def __init__(self, widths: list[float], aligns: list[Align], size: float) -> None:
        self.widths = widths
        self.lefts = [sum(widths[:index]) for index in range(len(widths))]
        self.aligns = aligns
        self.size = size
        self.leading = round(size * 1.18, 2)
        self.font_size = f"{_number(size)} Tf {_number(self.leading)} TL"

    def draw(self, canvas: Any, rows: Sequence[Any], heights: Sequence[float | None]) -> None:
        """Rows of strings (``cells``, ``font``, ``aligns``: the cells aligned unlike their column) from the top
        of the flowable's box down to its bottom, which is the origin; each line of a cell placed as
        ``Table._drawCell`` places it (pdf_cells.CellText), the grid drawn over them as reportlab draws it."""
        state = _document_state(canvas)
        placed, lefts, widths, aligns = state.placed, self.lefts, self.widths, self.aligns
        size = self.size
        right = _number(sum(widths))
        code: list[str] = ["q BT 0 0 0 rg"]
        add = code.append
        current = ""  # the font subset set last: a Tf is written only when it changes
        top = float(sum(heights))  # type: ignore[arg-type]
        full = _number(top)
        grid = [f"0 {full} m {right} {full} l"]
        for row, height in zip(rows, heights, strict=True):
            line_top = f"{top - CELL_PAD_Y - size:.3f} Tm"  # the first line's baseline, shared by the row's cells
            font = row.font
            own = dict(row.aligns) if row.aligns else None
            for column, value in enumerate(row.cells):
                if not value:
                    continue
                align = own.get(column, aligns[column]) if own else aligns[column]
                # the size too: another table's column may have the same edges at another size
                key = (value, font, id(align), lefts[column], widths[column], size)  # an enum's hash is slow
                cell = placed.get(key, _UNKNOWN)
                if cell is _UNKNOWN:
                    cell = self._place(state, key, align)
                if cell is None:
                    continue
                start, first, body, last = cell
                add(start)
                add(line_top)
                if first != current:
                    add(f"{first} {self.font_size}")
                add(body)
                current = last
            top -= height  # type: ignore[operator]
            edge = _number(top)
            grid.append(f"0 {edge} m {right} {edge} l")
        add("ET")
        bottom = _number(top)
        for x in [*lefts, sum(widths)]:
            edge = _number(x)
            grid.append(f"{edge} {bottom} m {edge} {full} l")
        add(GRID_OPERATORS)
        add(" ".join(grid))
        add("S Q")
        canvas._code.append(" ".join(code))  # where canvas.drawText puts a text object's code

    def _place(
        self, state: _DocumentState, key: tuple[str, str, int, float, float, float], align: Align
    ) -> _Placed | None:
        """A cell's text: where its first line starts across («1 0 0 1 x», the row gives the height), the font
        subset it starts in, its operators, the subset it ends in; None when it has no text. Each line ends with
        «T*» as reportlab's textLine ends it (the next line starts a leading lower; a reader of the text sees a
        line per cell line), and one aligned otherwise than the line before it moves across by «dx 0 Td»."""
        value, font, _align, left, width, _size = key
        body: list[str] = []
        start = ""
        first = last = ""  # the font subsets the cell's text starts and ends in
        across = 0.0  # where the current line starts, as written
        for line in value.split("\n"):
            if line:
                if align is Align.LEFT:
                    x = left + CELL_PAD_X
                elif align is Align.RIGHT:
                    x = left + width - CELL_PAD_X - text_width(line, font, self.size)
                else:
                    x = left + width * 0.5 - text_width(line, font, self.size) * 0.5
                if not start:
                    start = f"1 0 0 1 {x:.3f}"
                    across = float(f"{x:.3f}")
                else:
                    move = f"{x - across:.3f}"
                    if float(move):
                        body.append(f"{move} 0 Td")
                        across += float(move)
                for subset, shown in state.spelt(line, font):
                    if not first:
                        first = subset
                    elif subset != last:
                        body.append(f"{subset} {self.font_size}")
                    body.append(shown)
                    last = subset
            body.append("T*")  # an empty line too moves down a line, as it did in reportlab's table
        cell = (start, first, " ".join(body), last) if start else None
        if len(state.placed) < KNOWN_CELLS:
            state.placed[key] = cell
        return cell


def repeat_header(canvas: Any, key: object, bottom: float, make: Callable[[], Any]) -> None:
    """The header table (``make()``, a reportlab Table measured already) with its bottom at ``bottom``: drawn by
    reportlab the first time in a document, its page content written again on every later page."""
    headers = _document_state(canvas).headers
    known = headers.get(id(key))
    if known is None:
        start = len(canvas._code)
        make().drawOn(canvas, 0, 0)
        known = headers[id(key)] = (key, " ".join(canvas._code[start:]))  # the key kept alive with its id
        del canvas._code[start:]
    canvas._code.append(f"q 1 0 0 1 0 {_number(bottom)} cm {known[1]} Q")


def _number(value: float) -> str:
    return f"{value:.3f}"


def _document_state(canvas: Any) -> _DocumentState:
    state: _DocumentState | None = getattr(canvas, "_opeka_plain", None)
    if state is None or state.document is not canvas._doc:
        state = _DocumentState(canvas)
        canvas._opeka_plain = state
    return state


class _DocumentState:
    """What is worked out once per document: each cell's text operators in a font (the names of the font's
    subsets and the escaped codes, as reportlab's text object writes them: a subset's codes are given out as the
    document first uses each character) and each table header's page content."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.document = canvas._doc
        self.headers: dict[int, tuple[object, str]] = {}
        self.placed: dict[tuple[str, str, int, float, float], _Placed | None] = {}  # cells, by text and place
        # per font: the characters with a code in its first subset, their escaped codes, that subset's name
        self.first_subset: dict[str, tuple[frozenset[str], dict[int, str], str]] = {}

    def spelt(self, line: str, font: str) -> tuple[tuple[str, str], ...]:
        """The operators for ``line`` in ``font``: (subset's name, «(codes) Tj») for each run in one subset."""
        first = self.first_subset.get(font)
        if first is not None and first[0].issuperset(line):  # every letter known: no need to ask the font
            return ((first[2], f"({line.translate(first[1])}) Tj"),)
        face = getFont(font)  # a TrueType font (fonts.py), which reportlab subsets per document
        escape = self.canvas._escape
        found = tuple(
            (face.getSubsetInternalName(subset, self.document), f"({escape(codes)}) Tj")
            for subset, codes in face.splitString(line, self.document)
        )
        self._learn(face, font)
        return found

    def _learn(self, face: Any, font: str) -> None:
        """Note the font's first subset as the document has filled it so far (its codes never change)."""
        assignments: dict[int, int] = face.state[self.document].assignments
        first = self.first_subset.get(font)
        if first is not None and len(first[1]) == sum(1 for code in assignments.values() if code < 256):
            return
        escape = self.canvas._escape
        codes = {char: escape(bytes([code])) for char, code in assignments.items() if code < 256}
        name = face.getSubsetInternalName(0, self.document)
        self.first_subset[font] = (frozenset(map(chr, codes)), codes, name)
