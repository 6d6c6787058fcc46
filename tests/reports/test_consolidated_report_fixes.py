"""The region's consolidated report and the reports on every district as a region-wide trial found them
(issue 20, defect 11): charts rank every district that reported under its whole name, each group of the
workbook prints under its own header, a district without data is one line rather than pages of dashes,
a continuation page names its district, and sheet names stay apart within Excel's 31 characters."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.reports.builders.consolidated import consolidated_report
from desktop_app.reports.builders.indicators import indicators_report
from desktop_app.reports.builders.request import ALL_DISTRICTS, ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.charts import BarChart
from desktop_app.reports.model import Column, HeaderCell, Report, Row, Section, Table, integer
from desktop_app.reports.pdf import pdf_bytes
from desktop_app.reports.xlsx import xlsx_bytes
from tests.exchange.test_end_to_end import PERIOD
from tests.reports.region_world import REPORTING, region_with_reports

CITY_OKRUGS = [name for name, _value in REPORTING if name.startswith("Городской округ")]


def page_texts(data: bytes) -> list[str]:
    pages = PdfReader(io.BytesIO(data)).pages
    return [" ".join((page.extract_text() or "").replace("\xa0", " ").split()) for page in pages]


@pytest.fixture(scope="module")
def region_sources(tmp_path_factory: pytest.TempPathFactory) -> ReportSources:
    region, _codes = region_with_reports(tmp_path_factory.mktemp("region"))
    return ReportSources.open(region.db, region.paths)


@pytest.fixture(scope="module")
def consolidated(region_sources: ReportSources) -> Report:
    return consolidated_report(region_sources, SYSTEM_ACTOR, ReportRequest(ReportKind.CONSOLIDATED, PERIOD))


# Charts


def test_charts_rank_every_district_that_reported_by_its_value_under_its_whole_name(consolidated: Report) -> None:
    ranked = [name for name, _value in sorted(REPORTING, key=lambda item: -item[1])]
    charts = [chart for section in consolidated.sections for chart in section.charts]
    assert charts
    for chart in charts:
        assert isinstance(chart, BarChart) and chart.horizontal
        assert list(chart.categories) == ranked  # all six, the largest first; none of the 20 silent ones
        assert [value for value in chart.series[0].values] == sorted((value for _n, value in REPORTING), reverse=True)


def test_chart_pages_print_each_districts_name_whole(consolidated: Report) -> None:
    charts = Section("Диаграммы", charts=consolidated.sections[0].charts[:1])
    text = " ".join(page_texts(pdf_bytes(Report("Сводные показатели", (charts,)))))
    for name in CITY_OKRUGS:  # «Городской округ «Г» four times was the trial's complaint
        assert name in text


def test_many_districts_with_long_names_go_on_in_parts_on_the_same_scale() -> None:
    names = [f"Муниципальное образование «Очень длинное название поселения номер {n}»" for n in range(1, 61)]
    chart = BarChart.ranking("Семьи в СОП: по муниципальным образованиям", "1.3", [(n, i) for i, n in enumerate(names)])
    section = Section("Целевые группы", charts=(chart,))
    texts = page_texts(pdf_bytes(Report("Сводные показатели", (section,))))
    parts = [text for text in texts if "Семьи в СОП: по муниципальным образованиям" in text]
    assert len(parts) >= 2 and "(продолжение)" in parts[1]
    joined = " ".join(parts)
    for name in (names[0], names[9], names[59]):
        assert name.split("«")[1].rstrip("»") in joined  # every name printed whole, however long


# The workbook


def test_each_group_has_its_own_sheet_printed_and_frozen_under_its_own_header(consolidated: Report) -> None:
    book = load_workbook(io.BytesIO(xlsx_bytes(consolidated)))
    groups = [section for section in consolidated.sections if section.charts or "Представление" not in section.title]
    assert len(groups) >= 8
    for section in groups:
        sheet = next(sheet for sheet in book.worksheets if _has_text(sheet, section.title))
        assert sheet.freeze_panes is not None and sheet.print_title_rows is not None
        first, last = (int(part.replace("$", "")) for part in sheet.print_title_rows.split(":"))
        header = " ".join(str(cell.value) for row in sheet.iter_rows(first, last) for cell in row if cell.value)
        assert section.table is not None
        for cell in section.table.header[1]:
            assert cell.text in header  # this group's own indicators head its printed pages
        assert sheet.freeze_panes == f"A{last + 1}"


def test_sheet_names_are_unique_numbered_short_forms(consolidated: Report) -> None:
    book = load_workbook(io.BytesIO(xlsx_bytes(consolidated)))
    names = book.sheetnames
    assert all(len(name) <= 31 for name in names) and len({name.casefold() for name in names}) == len(names)
    assert names[0].startswith("1. Целевые группы")
    assert any(name.endswith("(ч. 1)") for name in names) and any(name.endswith("(ч. 2)") for name in names)


def test_long_district_names_give_sheet_names_that_tell_them_apart() -> None:
    header = ((HeaderCell("Показатель"), HeaderCell("Значение")),)
    table = Table((Column(3), Column()), header, (Row.of("Семьи", integer(1)),))
    sections = []
    for name in CITY_OKRUGS:
        sections.append(Section(name, table, sheet_name=name[:31]))  # as the reports on every district cut them
        sections.append(Section(f"{name}: реестр", table, sheet_name=f"{name[:20]} — реестр"))
    book = load_workbook(io.BytesIO(xlsx_bytes(Report("Отчёт", tuple(sections), split_sections=True))))
    assert len(set(book.sheetnames)) == len(sections)
    assert "ГО «Город Коряжма»" in book.sheetnames
    assert any("Коряжма" in name and "реестр" in name for name in book.sheetnames)


def test_tables_with_different_headers_print_under_their_own_headers() -> None:
    first = Table((Column(),), ((HeaderCell("Вопрос"),),), tuple(Row.of(f"ответ {n}") for n in range(60)))
    second = Table((Column(), Column()), ((HeaderCell("Оборудование"), HeaderCell("Сумма")),), (Row.of("a", 1),))
    report = Report("Анкета", (Section("Анкета", first), Section("Таблица 5.1", second)))
    book = load_workbook(io.BytesIO(xlsx_bytes(report)))
    assert len(book.worksheets) == 2
    for sheet, title in zip(book.worksheets, ("Вопрос", "Оборудование"), strict=True):
        row = int(sheet.print_title_rows.split(":")[0].replace("$", ""))
        assert sheet.cell(row, 1).value == title
    assert not _has_text(book.worksheets[1], "Анкета"), "a sheet that goes on with the report has no title block"


# Reports on every district


def district_sections(filled: list[str], empty: list[str], rows: int = 5) -> tuple[Section, ...]:
    header = ((HeaderCell("№"), HeaderCell("Мероприятие"), HeaderCell("Состояние")),)
    columns = (Column(0.5), Column(4), Column(1.5))
    sections = []
    for name in [*filled, *empty]:
        body = tuple(Row.of(str(n), f"Мероприятие {n}", "нет отчёта") for n in range(1, rows + 1))
        sections.append(Section(name, Table(columns, header, body), territory=name, no_data=name in empty))
    return tuple(sections)


def test_a_district_without_data_is_one_line_not_pages() -> None:
    empty = ["Лешуконский муниципальный округ", "Мезенский муниципальный округ", "Пинежский муниципальный округ"]
    sections = district_sections(["Вельский муниципальный район"], empty, 50)
    report = Report("Отчёт об исполнении", sections, split_sections=True)
    texts = page_texts(pdf_bytes(report))
    joined = " ".join(texts)
    assert f"Нет данных за период (3): {'; '.join(empty)}." in joined
    assert len(texts) <= 3  # the list and one district's 50 rows, not four districts' pages
    book = load_workbook(io.BytesIO(xlsx_bytes(report)))
    assert not any("Лешуконский" in name for name in book.sheetnames)
    assert any(_has_text(sheet, "Нет данных за период (3)") for sheet in book.worksheets)


def test_indicators_on_every_district_name_the_silent_ones_in_one_line(region_sources: ReportSources) -> None:
    request = ReportRequest(ReportKind.INDICATORS, PERIOD, district=ALL_DISTRICTS)
    report = indicators_report(region_sources, SYSTEM_ACTOR, request)
    printed = [section.territory for section in report.printed_sections if section.table is not None]
    assert sorted(printed) == sorted(name for name, _value in REPORTING)
    missing = report.printed_sections[0].notes[0]
    assert "Нет данных за период (20)" in missing and "Лешуконский муниципальный округ" in missing


def test_a_continuation_page_names_its_district() -> None:
    names = ["Вельский муниципальный район", "Коношский муниципальный район"]
    report = Report("Отчёт об исполнении", district_sections(names, [], 90), split_sections=True)
    texts = page_texts(pdf_bytes(report))
    starts = [number for number, text in enumerate(texts) if "Коношский муниципальный район" in text]
    second = starts[0]
    assert second >= 2  # the first district took more than a page
    for text in texts[1:second]:
        assert "Вельский муниципальный район (продолжение)" in text
    assert "(продолжение)" not in texts[second]  # a page that starts a district continues nothing
    assert "Коношский муниципальный район (продолжение)" in texts[second + 1]
    assert "(продолжение)" not in texts[0]


def _has_text(sheet: object, text: str) -> bool:
    return any(text in str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)  # type: ignore[attr-defined]


def test_the_roadmap_report_on_every_district_names_districts_without_reports_in_one_line(
    region_sources: ReportSources,
) -> None:
    from desktop_app.reports.builders.measures import measures_report

    # The districts of this region entered indicator values only: none of them reported on a measure.
    request = ReportRequest(ReportKind.MEASURES, PERIOD, district=ALL_DISTRICTS)
    report = measures_report(region_sources, SYSTEM_ACTOR, request)
    assert [section for section in report.printed_sections if section.table is not None] == []
    missing = report.printed_sections[0].notes[0]
    assert "Нет данных за период (26)" in missing, "the 6 that sent values and the 20 silent ones: no reports"
    assert "Городской округ «Город Архангельск»" in missing and "Лешуконский муниципальный округ" in missing
    assert len(page_texts(pdf_bytes(report))) == 1, "one page, not a set of empty tables per district"
