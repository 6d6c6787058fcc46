"""A monitoring form as filled in, in its own layout: its sections and printed numbers, each question with its
answer; a «year pair» question with a line per row and both years, a yes/no list with a line per item, and
a table question as a table of its own in its place. The state of the answers (draft, submitted, approved)
and how much is filled are noted under the form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import Period
from desktop_app.formkit.definition import FormDefinition, Question, QuestionKind
from desktop_app.formkit.definition import Section as FormSection
from desktop_app.formkit.display import cell_text
from desktop_app.reports.builders.common import official_report, subtitle
from desktop_app.reports.builders.request import ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Column, HeaderCell, Report, Row, Section, Table, text

QUESTION_HEADER = ((HeaderCell("№"), HeaderCell("Вопрос"), HeaderCell("Ответ")),)
QUESTION_COLUMNS = (Column(0.7), Column(5.0), Column(3.0))


class _Layout:
    """Collects the questionnaire rows and cuts a new section wherever a table question stands."""

    def __init__(self, period: Period, answers: Mapping[str, Any]) -> None:
        self.period = period
        self.answers = answers
        self.sections: list[Section] = []
        self.rows: list[Row] = []

    def close(self) -> None:
        if self.rows:
            table = Table(QUESTION_COLUMNS, QUESTION_HEADER, tuple(self.rows), name="Анкета")
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
            self.rows.append(Row.of(question.number, question.text, "см. таблицу ниже"))
            self.close()
            self.sections.append(_table_section(question, value))
        elif kind is QuestionKind.YEAR_PAIR:
            self.rows.append(Row.of(question.number, _with_unit(question), ""))
            data = value if isinstance(value, Mapping) else {}
            for row in question.pair_rows():
                found = data.get(row.id)
                cells = found if isinstance(found, Mapping) else {}
                years = "; ".join(
                    f"{question.year_label(self.period, offset)}: "
                    f"{cell_text(cells.get(str(offset)), question.value_type) or '—'}"
                    for offset in question.year_offsets
                )
                self.rows.append(Row.of("", row.label or "значение", years))
        elif kind is QuestionKind.YES_NO_GRID:
            self.rows.append(Row.of(question.number, question.text, ""))
            data = value if isinstance(value, Mapping) else {}
            for row in question.rows:
                self.rows.append(Row.of("", row.label, cell_text(data.get(row.id)) or "—"))
        else:
            self.rows.append(Row.of(question.number, _with_unit(question), _answer(question, value)))


def form_report(sources: ReportSources, actor: Actor, request: ReportRequest) -> Report:
    if request.all_districts:
        raise UserError("Заполненная форма печатается для одного муниципального образования: выберите его.")
    territory = request.district or sources.own_territory
    assert request.form_id is not None
    state = sources.forms.state(actor, request.form_id, request.period, territory, with_offers=False)
    form = state.form
    layout = _Layout(request.period, state.answers)
    for section in form.sections:
        layout.walk(section)
    layout.close()
    filled, total = state.completion
    notes = (
        f"Состояние ответов: {state.status.label}. Заполнено вопросов: {filled} из {total}."
        + (f" Представил: {state.submitted_by}." if state.submitted_by else "")
        + (f" Утвердил: {state.approved_by}." if state.approved_by else ""),
        f"Форма «{form.id}», версия {form.version}.",
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


def _answer(question: Question, value: Any) -> str:
    if question.kind is QuestionKind.YES_NO:
        data = value if isinstance(value, Mapping) else {}
        answer = cell_text(data.get("value"))
        detail = cell_text(data.get("detail"))
        if question.detail and detail:
            answer = f"{answer}. {question.detail.label}: {detail}"
        return answer or "—"
    if question.kind is QuestionKind.INDICATOR:
        data = value if isinstance(value, Mapping) else {}
        answer = cell_text(data.get("value"))
        if data.get("denominator") not in (None, ""):
            answer += f" ({cell_text(data.get('numerator'))} из {cell_text(data.get('denominator'))})"
        if data.get("comment"):
            answer += f". {data['comment']}"
        return answer.strip() or "—"
    kind_type = question.value_type if question.kind is QuestionKind.NUMBER else None
    return cell_text(value, kind_type) or "—"


def _table_section(question: Question, value: Any) -> Section:
    columns = (Column(0.5), *(Column(1.4) for _ in question.columns))
    header = ((HeaderCell("№"), *(HeaderCell(_column_title(column)) for column in question.columns)),)
    rows = value if isinstance(value, list) else []
    body = [
        Row.of(
            str(number),
            *(
                text(cell_text(row.get(column.id), column.type) if isinstance(row, Mapping) else "")
                for column in question.columns
            ),
        )
        for number, row in enumerate(rows, 1)
    ]
    if not body:
        body = [Row.group("Строк нет.")]
    title = f"{question.number} {question.text}".strip()
    return Section(title, Table(columns, header, tuple(body), name=title), sheet_name=f"Таблица {question.number}"[:31])


def _column_title(column: Any) -> str:
    unit = column.unit
    return f"{column.title}, {unit}" if unit else column.title
