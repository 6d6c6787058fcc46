"""A register over several districts, printed: the table cut into pages by its rows' known heights still prints
every family once, in order, with the header on every page; wrapped cells (long district names, a word wider
than its column) keep all their text; a group heading never ends a page alone."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from desktop_app.reports.model import Column, HeaderCell, Report, Row, Section, Table, day, integer
from desktop_app.reports.pdf import pdf_bytes

DISTRICTS = ("Верхнетоемский муниципальный округ", "Городской округ «Город Коряжма»", "Мезенский муниципальный округ")
FAMILIES = 130  # per district: several pages each
HEADER = ("№ п/п", "Код семьи", "Семья", "Муниципальное образование", "Этап", "С даты", "Мест", "Куратор")
GROUP_AT = 57  # a group heading before this family of the second district
CODE = re.compile(r"СМ-\d-\d{4}")


def family_code(district: int, number: int) -> str:
    return f"СМ-{district}-{number:04d}"


def register() -> Report:
    sections = []
    for district, name in enumerate(DISTRICTS, start=1):
        rows: list[Row] = []
        for number in range(1, FAMILIES + 1):
            if district == 2 and number == GROUP_AT:
                rows.append(Row.group("Семьи, принятые на учёт во втором полугодии"))
            rows.append(
                Row.of(
                    integer(number),
                    # the code and the district's first word share a narrow column: it wraps, and a long word
                    # (Верхнетоемский) is split inside
                    f"{family_code(district, number)} · {name.split()[0]}",
                    f"Семья кандидатов в опекуны № {number}",
                    name,
                    "кандидат",
                    day(None),
                    integer(number % 4 + 1),
                    f"Куратор {number % 7 + 1}",
                )
            )
        rows.append(Row.total("", "Итого", "", "", "", day(None), integer(FAMILIES * 2), ""))
        table = Table(
            columns=tuple(Column(weight) for weight in (0.5, 0.7, 2.0, 1.6, 1.0, 0.9, 0.6, 1.2)),
            header=(tuple(HeaderCell(text) for text in HEADER),),
            rows=tuple(rows),
            name=name,
        )
        sections.append(Section(f"{name}: реестр", table=table, territory=name))
    return Report("Реестр замещающих семей", tuple(sections), organisation="Министерство", split_sections=True)


@pytest.fixture(scope="module")
def pages() -> list[str]:
    reader = PdfReader(io.BytesIO(pdf_bytes(register())))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_every_family_is_printed_once_and_in_order(pages: list[str]) -> None:
    printed = [code for text in pages for code in CODE.findall(text)]
    expected = [family_code(district, number) for district in (1, 2, 3) for number in range(1, FAMILIES + 1)]
    assert printed == expected


def test_each_district_takes_several_pages_and_every_page_of_rows_has_the_header(pages: list[str]) -> None:
    with_rows = [text for text in pages if CODE.search(text)]
    assert len(with_rows) >= 3 * 3  # at least three pages per district at this size
    for text in with_rows:
        assert all(title in text for title in ("№ п/п", "Код семьи", "Муниципальное образование", "Куратор"))


def test_wrapped_cells_keep_their_whole_text(pages: list[str]) -> None:
    everything = " ".join(pages)
    assert everything.count("Семья кандидатов в опекуны № 1 ") >= 3
    # the long word is split inside its narrow column, and no letter of it is lost
    first = next(text for text in pages if family_code(1, 1) in text)
    squeezed = first.replace(" ", "")
    assert "Верхнетоемский" in squeezed or "Верхнетоем-ский" in squeezed
    assert everything.count("Итого") == 3


def test_a_group_heading_is_followed_by_a_family_on_its_page(pages: list[str]) -> None:
    heading = "Семьи, принятые на учёт во втором полугодии"
    [page] = [text for text in pages if heading in text]
    assert family_code(2, GROUP_AT) in page
