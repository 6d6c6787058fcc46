"""A monitoring form as filled in, in its own layout: its sections and printed numbers, each question with its
answer; a «year pair» question with a line per row and year, a yes/no list with a line per item, and a table
question as a table of its own in its place. A form of indicators prints the plan beside the fact and the
comment in a column of its own. Numbers stay numbers, so the workbook can add them up. The state of the
answers (draft, submitted, approved) and how much is filled are noted under the form; a form with no answers
at all prints one short page saying so, without signatures under nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from desktop_app.domain.actor import Actor
from desktop_app.domain.indicators import IndicatorKind
from desktop_app.domain.periods import Period
from desktop_app.domain.value_format import ValueKind, decimals_for, format_count
from desktop_app.formkit.definition import FormDefinition, Question, QuestionKind, ValueType
from desktop_app.formkit.definition import Section as FormSection
from desktop_app.formkit.display import cell_text
from desktop_app.reports.builders.common import indicator_cell, official_report, subtitle
from desktop_app.reports.builders.request import ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import (
    MAX_PRECISION,
    Cell,
    Column,
    HeaderCell,
    Report,
    Row,
    Section,
    Table,
    decimal,
    empty,
    integer,
    text,
)
from desktop_app.services.form_answers import FormState

QUESTION_HEADER = ((HeaderCell("№"), HeaderCell("Вопрос"), HeaderCell("Ответ")),)
QUESTION_COLUMNS = (Column(0.7), Column(5.0), Column(3.0))
# a form of indicators: what its subtitle promises, plan and fact, and the comment apart from the figure
INDICATOR_HEADER = (
    (
        HeaderCell("№"),
        HeaderCell("Показатель"),
        HeaderCell("План"),
        HeaderCell("Факт"),
        HeaderCell("Комментарий"),
    ),
)
INDICATOR_COLUMNS = (Column(0.7), Column(4.6), Column(1.2), Column(1.2), Column(2.6))


class _Layout:
    """Collects the questionnaire rows and cuts a new section wherever a table question stands."""

    def __init__(self, state: FormState) -> None:
        self.state = state
        self.period: Period = state.period
        self.answers: Mapping[str, Any] = state.answers
        self.plan_and_fact = bool(state.form.indicator_codes)
        self.sections: list[Section] = []
        self.rows: list[Row] = []

    def line(self, number: str, question: str, answer: Cell | str, plan: Cell | str = "", comment: str = "") -> None:
        """One row: the answer under «Ответ», or under «Факт» beside the plan and the comment."""
        if self.plan_and_fact:
            self.rows.append(Row.of(number, question, plan, answer, text(comment)))
        else:
            self.rows.append(Row.of(number, question, answer))

    def close(self) -> None:
        if self.rows:
            header, columns = (
                (INDICATOR_HEADER, INDICATOR_COLUMNS) if self.plan_and_fact else (QUESTION_HEADER, QUESTION_COLUMNS)
            )
            table = Table(columns, header, tuple(self.rows), name="Анкета")
            self.sections.append(Section(table=table, sheet_name="Анкета"))
            self.rows = []

    def walk(self, section: FormSection) -> None:
        self.rows.append(Row.group(f"{section.number} {section.title}".strip()))
        for question in section.questions:
            self.question(question)
        for inner in section.sections:
            self.walk(inner)

    def question(self, question: Question) -> None:
        value = self.answers.get(question.id)
        kind = question.kind
        if kind is QuestionKind.TABLE:
            self.line(question.number, question.text, "см. таблицу ниже")
            self.close()
            self.sections.append(_table_section(question, value))
        elif kind is QuestionKind.YEAR_PAIR:
            self.line(question.number, _with_unit(question), "")
            data = value if isinstance(value, Mapping) else {}
            for row in question.pair_rows():
                found = data.get(row.id)
                cells = found if isinstance(found, Mapping) else {}
                for offset in question.year_offsets:
                    year = question.year_label(self.period, offset)
                    label = f"{row.label}, {year}" if row.label else year
                    self.line("", label, _number(cells.get(str(offset)), question.value_type))
        elif kind is QuestionKind.YES_NO_GRID:
            self.line(question.number, question.text, "")
            data = value if isinstance(value, Mapping) else {}
            for row in question.rows:
                self.line("", row.label, cell_text(data.get(row.id)) or "—")
        elif kind is QuestionKind.INDICATOR:
            self.indicator(question, value)
        elif kind is QuestionKind.NUMBER:
            self.line(question.number, _with_unit(question), _number(value, question.value_type))
        else:
            self.line(question.number, question.text, _answer(question, value))

    def indicator(self, question: Question, value: Any) -> None:
        data = value if isinstance(value, Mapping) else {}
        info = self.state.indicators.get(question.indicator_code)
        sheet_row = self.state.indicator_rows.get(question.indicator_code)
        kind = IndicatorKind.of(info.kind) if info else IndicatorKind.COUNT
        unit = info.shown_unit if info else ""
        plan: Cell | str = "—"
        if sheet_row is not None and sheet_row.plan is not None:
            plan = indicator_cell(kind, sheet_row.plan, unit)
        elif sheet_row is not None and sheet_row.plan_text:
            plan = sheet_row.plan_text
        notes = []
        if data.get("denominator") not in (None, ""):
            notes.append(f"{_count_text(data.get('numerator')) or '—'} из {_count_text(data.get('denominator'))}")
        if data.get("comment"):
            notes.append(str(data["comment"]))
        shown = f"{question.text}, {unit}" if unit else question.text
        fact = data.get("value")
        if isinstance(fact, int | float) and not isinstance(fact, bool):
            shown_fact = indicator_cell(kind, fact, unit)  # as the indicator report and the screens spell it
        else:
            shown_fact = _number(fact, ValueType.NUMBER)
        self.line(question.number, shown, shown_fact, plan, "\n".join(notes))


def _count_text(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_count(value)
    return cell_text(value)


def form_report(sources: ReportSources, actor: Actor, request: ReportRequest) -> Report:
    if request.all_districts:  # the region's totals over every district, in the form's own layout
        from desktop_app.reports.builders.form_consolidated import consolidated_form_report

        return consolidated_form_report(sources, actor, request)
    territory = request.district or sources.own_territory
    assert request.form_id is not None
    state = sources.forms.state(actor, request.form_id, request.period, territory, with_offers=False)
    form = state.form
    filled, total = state.completion
    about = f"Форма «{form.title}», версия {form.version}."
    if not filled:
        # nothing to print: one short page that says so, and no signatures under an empty form
        note = (
            f"Форма не заполнена: за {request.period.label} ({territory}) нет ни одного ответа "
            f"из {total} вопросов. Заполните её на странице «Формы» и сформируйте отчёт снова."
        )
        sections = [Section(notes=(note, about))]
        empty_form = official_report(
            sources, actor, _title(form), sections, subtitle(request.period, territory), approved=False
        )
        return replace(empty_form, signatures=())
    layout = _Layout(state)
    for section in form.sections:
        layout.walk(section)
    layout.close()
    notes = (
        f"Состояние ответов: {state.status.label}. Заполнено вопросов: {filled} из {total}."
        + (f" Представил: {state.submitted_by}." if state.submitted_by else "")
        + (f" Утвердил: {state.approved_by}." if state.approved_by else ""),
        about,
    )
    last = layout.sections[-1]
    layout.sections[-1] = Section(last.title, last.table, (*last.notes, *notes), last.charts, last.sheet_name)
    return official_report(
        sources, actor, _title(form), layout.sections, subtitle(request.period, territory), approved=False
    )


def _title(form: FormDefinition) -> str:
    return f"{form.title}\n{form.subtitle}" if form.subtitle else form.title


def _with_unit(question: Question) -> str:
    unit = question.shown_unit if question.kind in (QuestionKind.NUMBER, QuestionKind.YEAR_PAIR) else ""
    return f"{question.text}, {unit}" if unit else question.text


def _number(value: Any, value_type: ValueType) -> Cell:
    """A numeric answer as a number cell («1 234,5» on paper, a number in the workbook); «—» when missing."""
    if value is None or value == "":
        return empty()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return text(cell_text(value, value_type))
    if value_type is ValueType.MONEY:  # two decimals, as value_format spells money everywhere
        return decimal(value, decimals_for(ValueKind.MONEY, value, value_type.unit))
    if isinstance(value, int) or value.is_integer():
        return integer(int(value))
    allowed = value_type.decimals if value_type.decimals is not None else MAX_PRECISION
    digits = f"{value:.{allowed}f}".rstrip("0").split(".")[1] if allowed else ""
    return decimal(value, min(len(digits), MAX_PRECISION)) if digits else integer(round(value))


def _answer(question: Question, value: Any) -> str:
    if question.kind is QuestionKind.YES_NO:
        data = value if isinstance(value, Mapping) else {}
        answer = cell_text(data.get("value"))
        detail = cell_text(data.get("detail"))
        if question.detail and detail:  # the document or the reason on its own line, not run into «Да»
            answer = f"{answer or '—'}\n{question.detail.label}: {detail}"
        return answer or "—"
    kind_type = ValueType.DATE if question.kind is QuestionKind.DATE else None
    return cell_text(value, kind_type) or "—"


def _table_section(question: Question, value: Any) -> Section:
    columns = (Column(0.5), *(Column(1.4) for _ in question.columns))
    header = ((HeaderCell("№"), *(HeaderCell(_column_title(column)) for column in question.columns)),)
    rows = value if isinstance(value, list) else []
    body = [
        Row.of(
            str(number),
            *(
                _table_cell(row.get(column.id) if isinstance(row, Mapping) else None, column.type)
                for column in question.columns
            ),
        )
        for number, row in enumerate(rows, 1)
    ]
    if not body:
        body = [Row.group("Строк нет.")]
    title = f"{question.number} {question.text}".strip()
    return Section(title, Table(columns, header, tuple(body), name=title), sheet_name=f"Таблица {question.number}"[:31])


def _table_cell(value: Any, value_type: ValueType) -> Cell:
    if value_type.is_numeric and value not in (None, ""):
        return _number(value, value_type)
    return text(cell_text(value, value_type))


def _column_title(column: Any) -> str:
    unit = column.unit
    return f"{column.title}, {unit}" if unit else column.title
