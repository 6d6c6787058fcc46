"""The filled form printed in its own layout: plan and fact where the subtitle promises them, the comment apart
from the figure, the form named by its title, an unfilled form said to be unfilled, numbers as numbers in the
workbook, and the years in the questions those of the reporting period (on paper, on screen, in Excel)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths, resource_path
from desktop_app.domain.actor import Actor
from desktop_app.domain.periods import Period
from desktop_app.form_templates import write_template
from desktop_app.formkit import load_catalogue
from desktop_app.formkit.definition import QuestionKind
from desktop_app.reports.builders.dispatch import build_report
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import NUMERIC_KINDS, Report, Row
from desktop_app.reports.pdf import pdf_bytes
from desktop_app.reports.xlsx import xlsx_bytes
from desktop_app.storage.database import Database

EARLY_HELP = "early-help-monitoring"
INDICATORS = "halfyear-indicators"
MONTHLY = "resource-families-monthly"
H1_2026 = Period.parse("2026-H1")
YEAR_2025 = Period.parse("2025")
DEMO_COMMENT = "Демонстрационные данные"


@pytest.fixture
def sources(demo_db: Database, demo_paths: DataPaths) -> ReportSources:
    return ReportSources.open(demo_db, demo_paths)


def form_report(sources: ReportSources, actor: Actor, form_id: str, period: Period) -> Report:
    return build_report(sources, actor, ReportRequest(ReportKind.FORM, period, form_id=form_id))


def pdf_pages(report: Report) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf_bytes(report)))
    return [" ".join((page.extract_text() or "").replace("\xa0", " ").split()) for page in reader.pages]


def rows_by_number(report: Report) -> dict[str, Row]:
    return {str(row.cells[0].value): row for table in report.tables for row in table.rows if row.cells[0].value}


def demo_value(code: str, period: Period) -> dict[str, object]:
    data = json.loads(resource_path("demo/demo_data.json").read_text(encoding="utf-8"))
    # the demo file keeps its values by the half-year of the program as approved (the shared demo is not shifted)
    return next(item for item in data["indicator_values"][period.code] if item["code"] == code)


def test_an_indicator_form_prints_plan_and_fact_with_the_comment_apart(
    sources: ReportSources, demo_actor: Actor
) -> None:
    report = form_report(sources, demo_actor, INDICATORS, H1_2026)
    assert "Плановые и фактические значения" in report.title, "the subtitle promises plan and fact"
    [header] = report.tables[0].header
    assert [cell.text for cell in header] == ["№", "Показатель", "План", "Факт", "Комментарий"]
    row = rows_by_number(report)["1.1"]
    number, _text, plan, fact, comment = row.cells
    # seed 002 plans 31 children for indicator 1.1 in I полугодие 2026; the demo district reported its value
    assert plan.kind in NUMERIC_KINDS and plan.value == 31
    assert fact.kind in NUMERIC_KINDS and fact.value == demo_value("1.1", H1_2026)["value"]
    assert comment.value == DEMO_COMMENT
    text = " ".join(pdf_pages(report))
    assert not re.search(r"\d\. " + DEMO_COMMENT, text), "the figure and the comment do not run together"
    ratio = rows_by_number(report)["1.2"]
    entered = demo_value("1.2", H1_2026)
    assert f"{entered['numerator']} из {entered['denominator']}" in str(ratio.cells[4].value)


def test_the_form_is_named_by_its_title_not_its_internal_id(sources: ReportSources, demo_actor: Actor) -> None:
    report = form_report(sources, demo_actor, INDICATORS, H1_2026)
    text = " ".join(pdf_pages(report))
    assert INDICATORS not in text
    form = sources.forms.catalogue.get(INDICATORS)
    assert f"Форма «{form.title}», версия {form.version}." in report.sections[-1].notes


def test_an_unfilled_form_prints_one_page_saying_so_without_signatures(
    sources: ReportSources, demo_actor: Actor
) -> None:
    state = sources.forms.state(demo_actor, EARLY_HELP, YEAR_2025, sources.own_territory, with_offers=False)
    assert not state.answers
    report = form_report(sources, demo_actor, EARLY_HELP, YEAR_2025)
    pages = pdf_pages(report)
    assert len(pages) == 1
    total = len(state.form.questions)
    assert (
        f"Форма не заполнена: за 2025 год ({sources.own_territory}) нет ни одного ответа из {total} вопросов"
        in pages[0]
    )
    assert "(подпись)" not in pages[0] and not report.signatures and report.approval is None


def test_a_partly_filled_form_prints_every_question_with_the_answered_ones_filled(
    sources: ReportSources, demo_actor: Actor
) -> None:
    state = sources.forms.state(demo_actor, EARLY_HELP, YEAR_2025, sources.own_territory, with_offers=False)
    note = next(q for q in state.form.questions if q.kind is QuestionKind.TEXT)
    sources.forms.save(demo_actor, state, {note.id: "Протокол № 5"})
    report = form_report(sources, demo_actor, EARLY_HELP, YEAR_2025)
    rows = rows_by_number(report)
    assert rows[note.number].cells[2].value == "Протокол № 5"
    unanswered = [q for q in state.form.questions if q.kind is QuestionKind.TEXT and q.id != note.id]
    assert all(q.number in rows for q in unanswered if q.number)
    assert report.signatures, "a filled form is signed"


def test_numeric_answers_are_numbers_in_the_workbook(sources: ReportSources, demo_actor: Actor) -> None:
    period = Period.parse("2026-05")
    state = sources.forms.state(demo_actor, MONTHLY, period, sources.own_territory, with_offers=False)
    number = next(q for q in state.form.questions if q.kind is QuestionKind.NUMBER)
    pair = next(q for q in state.form.questions if q.kind is QuestionKind.YEAR_PAIR)
    first, second = (row.id for row in pair.pair_rows()[:2])  # the month's placements by legal form
    sources.forms.save(demo_actor, state, {number.id: 1234, pair.id: {first: {"0": 3}, second: {"0": 2}}})
    report = form_report(sources, demo_actor, MONTHLY, period)
    sheet = load_workbook(io.BytesIO(xlsx_bytes(report))).worksheets[0]
    numbers = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.data_type == "n" and cell.value}
    assert numbers[1234].number_format != "General" and "0" in numbers[1234].number_format
    assert {3, 2} <= set(numbers), "every row of the pair is a number"
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert not any(re.fullmatch(r"[\d\s]+", value) for value in texts), "no number kept as text"


def test_the_years_in_the_questions_follow_the_reporting_period(sources: ReportSources, demo_actor: Actor) -> None:
    state = sources.forms.state(demo_actor, EARLY_HELP, YEAR_2025, sources.own_territory, with_offers=False)
    note = next(q for q in state.form.questions if q.kind is QuestionKind.TEXT)
    sources.forms.save(demo_actor, state, {note.id: "Протокол № 5"})
    text = " ".join(pdf_pages(form_report(sources, demo_actor, EARLY_HELP, YEAR_2025)))
    assert "в 2025 году" in text and "предшествующий, 2024 год" in text
    assert "2023 году" not in text and "2022 год" not in text and "{year" not in text
    later = Period.parse("2027")
    worded = sources.forms.state(demo_actor, EARLY_HELP, later, sources.own_territory, with_offers=False).form
    texts = " ".join(f"{q.text} {q.hint}" for q in worded.questions)
    assert "в 2027 году" in texts and "предшествующий, 2026 год" in texts and "{year" not in texts


def test_the_excel_template_words_the_years_of_its_period(tmp_path: Path) -> None:
    form = load_catalogue().get(EARLY_HELP)
    path = tmp_path / "шаблон.xlsx"
    write_template(path, form, Period.parse("2026"), "Плесецкий муниципальный округ")
    sheet = load_workbook(path).worksheets[0]
    texts = " ".join(str(cell.value) for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str))
    assert "в 2026 году" in texts and "предшествующий, 2025 год" in texts
    assert "{year" not in texts and "2023 году" not in texts


def test_the_form_screen_shows_the_years_of_the_period_chosen(
    sources: ReportSources, demo_actor: Actor, qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QLabel

    from desktop_app.gui.formview.view import FormView

    view = FormView(sources.forms.catalogue.get(EARLY_HELP))
    qtbot.addWidget(view)

    def shown() -> str:
        return " ".join(label.text() for label in view.findChildren(QLabel))

    for year in (2025, 2026):
        state = sources.forms.state(demo_actor, EARLY_HELP, Period.parse(str(year)), sources.own_territory)
        view.set_state(state, read_only=False)
        assert f"в {year} году" in shown() and f"предшествующий, {year - 1} год" in shown()
        assert "{year" not in shown()
