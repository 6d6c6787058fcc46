"""Whatever a coordinator types into the layout's sheets, the workbook either loads as a form or is refused with a
UserError naming a sheet!cell; no other exception escapes the reader."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from desktop_app.domain.errors import UserError
from desktop_app.form_workbook import layout as lay
from desktop_app.form_workbook.reader import read_form_workbook

_ADDRESS = re.compile(r"(Настройки|Вопросы|Списки|Правила)![A-Z]{1,3}\d+")
_WORDS = [
    *lay.ROW_KINDS,
    *lay.VALUE_TYPE_WORDS,
    *lay.RULE_WORDS,
    *lay.PERIOD_WORDS,
    "да",
    "нет",
    "1",
    "2",
    "1.1",
    "x",
    "",
    "1 = да",
]
_CELL = st.one_of(
    st.none(),
    st.sampled_from(_WORDS),
    st.text(max_size=12),
    st.integers(min_value=-3, max_value=300),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.booleans(),
)


def _rows(width: int) -> st.SearchStrategy[list[list[Any]]]:
    return st.lists(st.lists(_CELL, min_size=width, max_size=width), max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    settings_rows=st.one_of(
        _rows(2),
        st.just([["Идентификатор", "f"], ["Название", "Ф"], ["Период", "год"]]),
    ),
    questions=_rows(len(lay.QUESTION_HEADERS)),
    lists=_rows(3),
    rules=_rows(3),
)
def test_any_workbook_loads_or_is_refused_naming_a_cell(
    settings_rows: list[list[Any]], questions: list[list[Any]], lists: list[list[Any]], rules: list[list[Any]]
) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = lay.SETTINGS
    for sheet, headers, rows in (
        (first, lay.SETTINGS_HEADERS, settings_rows),
        (book.create_sheet(lay.QUESTIONS), lay.QUESTION_HEADERS, [[None, None, "раздел", 1, "Р"], *questions]),
        (book.create_sheet(lay.LISTS), lay.LIST_HEADERS, lists),
        (book.create_sheet(lay.RULES), lay.RULE_HEADERS, rules),
    ):
        sheet.append(list(headers))
        for row in rows:
            sheet.append(
                [value if not isinstance(value, str) else "".join(c for c in value if c.isprintable()) for value in row]
            )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "форма.xlsx"
        book.save(path)
        reading = read_form_workbook(path)
        try:
            form = reading.require()
        except UserError as error:
            assert _ADDRESS.search(error.message), error.message
            assert reading.problems and all(_ADDRESS.fullmatch(problem.address) for problem in reading.problems)
        else:
            assert form.questions and reading.data is not None
