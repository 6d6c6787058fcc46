"""A report's shape is checked when it is built: a broken header or row fails at once, naming the table."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.reports.charts import BarChart, LineChart, Series
from desktop_app.reports.model import (
    Align,
    Cell,
    CellKind,
    Column,
    HeaderCell,
    Orientation,
    Report,
    ReportShapeError,
    Row,
    RowStyle,
    Section,
    Table,
    as_cell,
    decimal,
)

THREE = (Column(), Column(2), Column())


def test_two_level_header_is_placed_like_an_html_table() -> None:
    table = Table(
        THREE,
        (
            (HeaderCell("№", rowspan=2), HeaderCell("Значение", colspan=2)),
            (HeaderCell("план"), HeaderCell("факт")),
        ),
    )
    placed = {(p.row, p.column): p.cell.text for p in table.placed_header}
    assert placed == {(0, 0): "№", (0, 1): "Значение", (1, 1): "план", (1, 2): "факт"}
    assert table.header_height == 2


def test_header_that_leaves_a_column_uncovered_is_refused() -> None:
    with pytest.raises(ReportShapeError, match="Показатели.*строка шапки 2 покрывает 2 из 3"):
        Table(
            THREE,
            ((HeaderCell("№", rowspan=2), HeaderCell("Значение", colspan=2)), (HeaderCell("план"),)),
            name="Показатели",
        )


def test_header_wider_than_the_table_is_refused() -> None:
    with pytest.raises(ReportShapeError, match="«Значение»: выходит за 3 столбцов"):
        Table(THREE, ((HeaderCell("№"), HeaderCell("Значение", colspan=3)),))


def test_row_span_beyond_the_header_is_refused() -> None:
    with pytest.raises(ReportShapeError, match="выходит за шапку"):
        Table(THREE, ((HeaderCell("№", rowspan=3), HeaderCell("a"), HeaderCell("b")),))


def test_row_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(ReportShapeError, match="в строке 2 2 ячеек, а столбцов 3"):
        Table(THREE, (), (Row.of(1, 2, 3), Row.of(1, 2)))


def test_group_row_is_one_heading_across_the_table() -> None:
    table = Table(THREE, (), (Row.group("Раздел 1"), Row.of("1.", "a", 2)))
    assert table.rows[0].style is RowStyle.GROUP
    with pytest.raises(ReportShapeError):
        Row((Cell("a"), Cell("b")), RowStyle.GROUP)


def test_plain_values_become_typed_cells() -> None:
    row = Row.of("текст", 5, 2.5, date(2026, 1, 1), None, True)
    kinds = [cell.kind for cell in row.cells]
    assert kinds == [
        CellKind.TEXT,
        CellKind.INTEGER,
        CellKind.DECIMAL,
        CellKind.DATE,
        CellKind.EMPTY,
        CellKind.TEXT,
    ]
    assert row.cells[5].value == "да"
    assert as_cell(decimal(1.5, 2)).precision == 2


def test_a_value_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(ReportShapeError):
        Cell("12", CellKind.INTEGER)
    with pytest.raises(ReportShapeError):
        Cell(float("inf"), CellKind.DECIMAL)
    with pytest.raises(ReportShapeError):
        decimal(1.0, precision=9)


def test_alignment_follows_the_kind_unless_the_column_says_otherwise() -> None:
    table = Table((Column(align=Align.CENTER), Column(), Column()), (), (Row.of("1.", 5, "x"),))
    assert table.align(0, table.rows[0].cells[0]) is Align.CENTER
    assert table.align(1, table.rows[0].cells[1]) is Align.RIGHT
    assert table.align(2, table.rows[0].cells[2]) is Align.LEFT


def test_orientation_is_landscape_for_a_wide_table_unless_fixed() -> None:
    narrow = Section(table=Table(THREE, ()))
    wide = Section(table=Table(tuple(Column() for _ in range(8)), ()))
    assert not Report("Отчёт", (narrow,)).landscape
    assert Report("Отчёт", (narrow, wide)).landscape
    assert not Report("Отчёт", (wide,), orientation=Orientation.PORTRAIT).landscape
    assert Report("Отчёт", (narrow,), orientation=Orientation.LANDSCAPE).landscape


def test_chart_series_must_match_the_categories() -> None:
    chart = BarChart.plan_vs_fact("План и факт", [("a", 1, 2), ("b", 3, None)])
    assert [series.name for series in chart.series] == ["План", "Факт"]
    assert chart.series[1].values == (2.0, None)
    with pytest.raises(ReportShapeError, match="ряд «Ряд»: 1 значений на 2 подписей"):
        LineChart("Динамика", ("2025", "2026"), (Series("Ряд", (1,)),))


def test_a_report_needs_a_title_and_a_section() -> None:
    with pytest.raises(ReportShapeError):
        Report(" ", (Section(),))
    with pytest.raises(ReportShapeError):
        Report("Отчёт", ())
