"""The region's families register is drawn straight on the page (issue 26 §2): the reader still finds every
family once, in order, under the table's header on every page, long names wrapped whole, and page numbers."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from desktop_app.reports.pdf import pdf_bytes
from tests.reports.register_sample import DISTRICTS, LONG_NAME, code, family_name, register_report

FAMILIES = 60  # per district: two or three pages each


@pytest.fixture(scope="module")
def pages() -> list[list[str]]:
    reader = PdfReader(io.BytesIO(pdf_bytes(register_report(FAMILIES))))
    return [(page.extract_text() or "").splitlines() for page in reader.pages]


def test_every_family_is_printed_once_in_order(pages: list[list[str]]) -> None:
    lines = [line for page in pages for line in page]
    expected = [code(district, number) for district in range(len(DISTRICTS)) for number in range(1, FAMILIES + 1)]
    printed = [line for line in lines if re.fullmatch(r"РС-\d\d-\d{4}", line)]
    assert printed == expected
    totals = [line for line in lines if line.startswith("семей:")]
    assert totals == [f"семей: {FAMILIES}, готовы принять детей: {FAMILIES // 2}"] * len(DISTRICTS)


def test_every_page_has_the_header_above_its_families_and_its_number(pages: list[list[str]]) -> None:
    assert len(pages) > 2 * len(DISTRICTS), "each district's register takes more than one page"
    for number, lines in enumerate(pages, start=1):
        assert f"стр. {number} из {len(pages)}" in lines
        first_family = next(index for index, line in enumerate(lines) if re.fullmatch(r"РС-\d\d-\d{4}", line))
        assert {"№ п/п", "Код семьи", "Куратор"} <= set(lines[:first_family]), f"page {number} has no header"


def test_long_names_wrap_onto_several_lines_and_lose_nothing(pages: list[list[str]]) -> None:
    lines = [line for page in pages for line in page]
    long_ones = 0
    for index, line in enumerate(lines):
        if not re.fullmatch(r"РС-\d\d-\d{4}", line):
            continue
        name = family_name(int(line[-4:]))
        if name != LONG_NAME:
            assert lines[index + 1] == name
            continue
        # the name's lines follow the code, each a part of the name, until the whole name is there
        taken: list[str] = []
        while len(" ".join(taken)) < len(name):
            taken.append(lines[index + 1 + len(taken)])
        assert " ".join(taken) == name and len(taken) > 1
        long_ones += 1
    assert long_ones == len(DISTRICTS) * len([n for n in range(1, FAMILIES + 1) if n % 7 == 3])
