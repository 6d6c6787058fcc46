"""Word (.docx) → RawDocument: body paragraphs and tables in document order, merged cells taken once."""

from __future__ import annotations

from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table

from desktop_app.domain.errors import UserError
from desktop_app.plan_import.raw import RawCell, RawDocument, RawItem, RawParagraph, RawRow, RawTable, clean_text
from desktop_app.plan_import.safety import MAX_ROWS

# Runs inside tracked insertions, smart tags, content controls and simple fields count too.
_RUNS = "./w:r | ./w:hyperlink | ./w:ins/w:r | ./w:smartTag/w:r | ./w:sdt/w:sdtContent/w:r | ./w:fldSimple/w:r"
_BODY_ITEMS = "./w:p | ./w:tbl | ./w:sdt/w:sdtContent/w:p | ./w:sdt/w:sdtContent/w:tbl"


def read_docx(path: str, source: str) -> RawDocument:
    """Paragraphs and tables of the document body; raises UserError when there are absurdly many rows."""
    document = Document(path)
    body = document.element.body
    items: list[RawItem] = []
    paragraphs = tables = rows = 0
    for element in body.xpath(_BODY_ITEMS):
        if element.tag == qn("w:p"):
            paragraphs += 1
            items.append(RawParagraph(f"абзац {paragraphs}", clean_text(_paragraph_text(element))))
            continue
        tables += 1
        rows += len(element.tr_lst)  # counted before reading: a million-row table is refused at once
        if rows > MAX_ROWS:
            raise UserError(
                f"В файле «{source}» больше {MAX_ROWS} строк в таблицах: это не похоже на план мероприятий."
            )
        items.append(_read_table(Table(element, document), f"таблица {tables}"))
    return RawDocument(source, tuple(items))


def _paragraph_text(p: Any) -> str:
    return "".join(str(run.text) for run in p.xpath(_RUNS))


def _cell_text(tc: Any) -> str:
    # every paragraph of the cell, including those of a table nested in it: nothing is lost
    return "\n".join(_paragraph_text(p) for p in tc.xpath(".//w:p"))


def _read_table(table: Table, name: str) -> RawTable:
    rows: list[RawRow] = []
    for index, row in enumerate(table.rows, 1):
        cells: list[RawCell] = []
        column = row.grid_cols_before
        previous: Any = None
        for cell in row.cells:
            tc = cell._tc  # python-docx repeats a merged cell's object across the grid: take it once
            if tc is previous:
                last = cells[-1]
                cells[-1] = RawCell(last.text, last.column, last.span + 1)
            else:
                cells.append(RawCell(clean_text(_cell_text(tc)), column))
                previous = tc
            column += 1
        rows.append(RawRow(f"{name}, строка {index}", tuple(cells)))
    return RawTable(name, tuple(rows))
