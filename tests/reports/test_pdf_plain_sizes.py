"""Two tables printed at different type sizes whose columns happen to share their edges: a right-aligned number
ends at its column's right edge in both (a cell laid out for one size was once reused for the other)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]

from desktop_app.reports.fonts import REGULAR, register_fonts
from desktop_app.reports.model import Column, HeaderCell, Report, Row, Section, Table, integer
from desktop_app.reports.pdf import pdf_bytes


def _table(weights: tuple[float, ...]) -> Table:
    header = (tuple(HeaderCell(f"Графа {number}") for number in range(len(weights))),)
    rows = tuple(Row.of("Имя", "x", integer(123456), *["Текст"] * (len(weights) - 3)) for _ in range(3))
    return Table(tuple(Column(weight) for weight in weights), header, rows)


def test_a_right_aligned_number_ends_at_the_same_edge_in_tables_of_two_sizes() -> None:
    # five equal columns, then six whose first four have the same edges: more columns print smaller
    report = Report("Размеры", (Section("А", _table((1, 1, 1, 1, 1))), Section("Б", _table((1, 1, 1, 1, 0.5, 0.5)))))
    register_fonts()
    ends: dict[float, set[float]] = {}
    for page in PdfReader(io.BytesIO(pdf_bytes(report))).pages:

        def visit(text: str, _cm: object, matrix: list[float], _font: object, size: float) -> None:
            if text.strip().replace("\xa0", " ") == "123 456":
                ends.setdefault(size, set()).add(round(matrix[4] + stringWidth(text.strip(), REGULAR, size), 1))

        page.extract_text(visitor_text=visit)
    assert len(ends) == 2, ends  # the number is printed at two sizes
    edges = set().union(*ends.values())
    assert len(edges) == 1, ends  # and ends at one right edge
