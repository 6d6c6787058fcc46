"""A form consolidated over the region's districts, printed in the form's own layout: each answer cell shows the
region's total (a sum, «да — N МО из M», choices counted, a ratio from summed parts), a table question as the
districts' rows stacked with a district column; then the districts' free text, and the completeness of each
district (its state and how many required answers it lacks), the districts that sent nothing named."""

from __future__ import annotations

from desktop_app.domain.actor import Actor
from desktop_app.domain.form_totals import StackedRow
from desktop_app.formkit.definition import Question, QuestionKind, ValueType
from desktop_app.formkit.definition import Section as FormSection
from desktop_app.formkit.display import cell_text
from desktop_app.reports.builders.common import indicator_cell, official_report, subtitle
from desktop_app.reports.builders.form import _column_title, _number, _table_cell, _title, _with_unit
from desktop_app.reports.builders.request import ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.reports.model import Cell, Column, HeaderCell, Report, Row, Section, Table, integer
from desktop_app.services.form_consolidation import Consolidation, FormConsolidation, QuestionTotal

HEADER = ((HeaderCell("№"), HeaderCell("Вопрос"), HeaderCell("Итого по МО")),)
COLUMNS = (Column(0.7), Column(5.0), Column(3.0))
TEXTS_HEADER = ((HeaderCell("№"), HeaderCell("Муниципальное образование"), HeaderCell("Ответ")),)
COMPLETENESS_HEADER = (
    (HeaderCell("Муниципальное образование"), HeaderCell("Состояние"), HeaderCell("Не хватает обязательных ответов")),
)


class _Layout:
    def __init__(self, consolidation: Consolidation) -> None:
        self.consolidation = consolidation
        self.sections: list[Section] = []
        self.rows: list[Row] = []
        self.texts: list[Row] = []

    def close(self) -> None:
        if self.rows:
            self.sections.append(
                Section(table=Table(COLUMNS, HEADER, tuple(self.rows), name="Свод"), sheet_name="Свод")
            )
            self.rows = []

    def walk(self, section: FormSection) -> None:
        self.rows.append(Row.group(f"{section.number} {section.title}".strip()))
        for question in section.questions:
            self.question(question, self.consolidation.totals[question.id])
        for inner in section.sections:
            self.walk(inner)

    def question(self, question: Question, total: QuestionTotal) -> None:
        kind = question.kind
        period = self.consolidation.period
        if kind is QuestionKind.TABLE:
            self.rows.append(Row.of(question.number, question.text, f"строк: {len(total.rows)}, см. таблицу ниже"))
            self.close()
            self.sections.append(_stacked_section(question, total.rows))
        elif kind is QuestionKind.YEAR_PAIR:
            self.rows.append(Row.of(question.number, _with_unit(question), ""))
            for row in question.pair_rows():
                cells = total.pairs.get(row.id, {})
                for offset in question.year_offsets:
                    year = question.year_label(period, offset)
                    label = f"{row.label}, {year}" if row.label else year
                    self.rows.append(Row.of("", label, _number(cells.get(str(offset)), question.value_type)))
        elif kind is QuestionKind.YES_NO_GRID:
            self.rows.append(Row.of(question.number, question.text, ""))
            for row in question.rows:
                counted = total.grid.get(row.id)
                self.rows.append(Row.of("", row.label, counted.text if counted else "—"))
        elif kind is QuestionKind.NUMBER:
            self.rows.append(Row.of(question.number, _with_unit(question), _number(total.number, question.value_type)))
        elif kind is QuestionKind.YES_NO:
            self.rows.append(Row.of(question.number, question.text, total.yes_no.text))
            self.listed(question, total, question.detail.label if question.detail else "")
        elif kind is QuestionKind.CHOICE:
            self.rows.append(Row.of(question.number, question.text, total.choices_text))
        elif kind is QuestionKind.INDICATOR:
            self.rows.append(Row.of(question.number, question.text, _indicator(total)))
        else:  # text and dates: how many answered here, the answers themselves in the appendix
            shown = f"ответили {len(total.texts)} МО, см. приложение" if total.texts else "—"
            self.rows.append(Row.of(question.number, question.text, shown))
            self.listed(question, total, "")

    def listed(self, question: Question, total: QuestionTotal, label: str) -> None:
        if not total.texts:
            return
        heading = f"{question.number} {question.text}".strip() + (f" ({label})" if label else "")
        self.texts.append(Row.group(heading))
        value_type = ValueType.DATE if question.kind is QuestionKind.DATE else None
        for district, answer in total.texts:
            self.texts.append(Row.of(question.number, district, cell_text(answer, value_type) or answer))


def _indicator(total: QuestionTotal) -> Cell | str:
    found = total.indicator
    if found.value is None:
        return "—"
    cell = indicator_cell(total.spec.kind, found.value)
    if found.denominator is None:
        return cell
    return f"{cell_text(found.value)} ({cell_text(found.numerator)} из {cell_text(found.denominator)})"


def _stacked_section(question: Question, rows: tuple[StackedRow, ...]) -> Section:
    columns = (Column(0.5), Column(2.0), *(Column(1.4) for _ in question.columns))
    header = (
        (
            HeaderCell("№"),
            HeaderCell("Муниципальное образование"),
            *(HeaderCell(_column_title(column)) for column in question.columns),
        ),
    )
    body = [
        Row.of(
            str(number),
            row.district,
            *(_table_cell(row.cells.get(column.id), column.type) for column in question.columns),
        )
        for number, row in enumerate(rows, 1)
    ] or [Row.group("Строк нет.")]
    title = f"{question.number} {question.text}".strip()
    return Section(title, Table(columns, header, tuple(body), name=title), sheet_name=f"Таблица {question.number}"[:31])


def consolidated_form_report(sources: ReportSources, actor: Actor, request: ReportRequest) -> Report:
    """The form with the region's totals over all its districts, as `opeka report form --district '*'` prints it."""
    assert request.form_id is not None
    consolidation = FormConsolidation(sources.db, sources.forms).consolidate(actor, request.form_id, request.period)
    form = consolidation.form
    layout = _Layout(consolidation)
    for section in form.sections:
        layout.walk(section)
    layout.close()
    if layout.texts:
        table = Table((Column(0.7), Column(3.0), Column(5.0)), TEXTS_HEADER, tuple(layout.texts), name="Ответы МО")
        layout.sections.append(Section("Приложение. Ответы муниципальных образований", table, sheet_name="Ответы МО"))
    completeness = [Row.of(d.district, d.state.label, integer(d.missing_required)) for d in consolidation.districts]
    silent = consolidation.silent
    notes = (
        f"Ответы прислали {len(consolidation.reporting)} МО из {len(consolidation.districts)}.",
        ("Не прислали ответов: " + ", ".join(silent) + ".") if silent else "Ответы прислали все МО.",
        f"Форма «{form.title}», версия {form.version}.",
    )
    layout.sections.append(
        Section(
            "Полнота ответов",
            Table((Column(4.0), Column(2.0), Column(2.0)), COMPLETENESS_HEADER, tuple(completeness), name="Полнота"),
            notes,
            sheet_name="Полнота",
        )
    )
    where = f"{consolidation.region}, свод по {len(consolidation.districts)} МО"
    return official_report(
        sources, actor, _title(form), layout.sections, subtitle(request.period, where), approved=False
    )
