"""The region's consolidation of a form for a period: every district's answers added up question by question
(domain/form_totals.py), who has not sent anything, how complete each district is, and the region's own
answers filled from the totals as a draft for the head to check and print for the ministry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.resources import territory_directory
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.form_totals import (
    AnswerState,
    Number,
    StackedRow,
    YesNoTotal,
    answer_state,
    choices_text,
    count_choices,
    count_grid,
    count_yes,
    list_texts,
    ratio_from_parts,
    stack_tables,
    sum_numbers,
    sum_year_pairs,
)
from desktop_app.domain.indicators import EMPTY, IndicatorSpec, Observation
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind, Permission
from desktop_app.formkit.answers import is_answered
from desktop_app.formkit.definition import FormDefinition, Question, QuestionKind
from desktop_app.services.form_answers import FormAnswers, FormState
from desktop_app.services.indicator_sheet import program_indicators, spec_of
from desktop_app.services.installation import InstallationService
from desktop_app.storage.database import Database
from desktop_app.storage.models import FormAnswer, IndicatorValue, SyncPeer

FILLED_REASON = "Заполнено из свода ответов муниципальных образований"


@dataclass(frozen=True)
class DistrictAnswers:
    """One district's answers as the region holds them, and where they stand."""

    district: str
    state: AnswerState
    answers: Mapping[str, Any]
    missing_required: int
    form_version: int | None = None


@dataclass(frozen=True)
class QuestionTotal:
    """The region's total of one question; which fields are set depends on the question's kind."""

    question: Question
    answered: tuple[str, ...] = ()  # the districts that answered it
    number: Number | None = None
    yes_no: YesNoTotal = YesNoTotal()
    choices: tuple[tuple[str, int], ...] = ()
    pairs: Mapping[str, Mapping[str, Number | None]] = field(default_factory=dict)
    grid: Mapping[str, YesNoTotal] = field(default_factory=dict)
    rows: tuple[StackedRow, ...] = ()
    texts: tuple[tuple[str, str], ...] = ()  # free text, dates and «Да (укажите…)» details, per district
    indicator: Observation = EMPTY
    spec: IndicatorSpec = IndicatorSpec()

    @property
    def choices_text(self) -> str:
        return choices_text(self.choices)


@dataclass(frozen=True)
class Consolidation:
    form: FormDefinition
    period: Period
    region: str
    districts: tuple[DistrictAnswers, ...]
    totals: Mapping[str, QuestionTotal]

    @property
    def silent(self) -> list[str]:
        """The districts that sent nothing for the period."""
        return [d.district for d in self.districts if not d.state.sent]

    @property
    def reporting(self) -> list[str]:
        return [d.district for d in self.districts if d.state.sent]

    def district(self, name: str) -> DistrictAnswers:
        """One district's own answers: the drill-down from a total."""
        for found in self.districts:
            if found.district == name:
                return found
        raise UserError(f"Муниципального образования «{name}» нет в своде.")

    def region_answers(self) -> dict[str, Any]:
        """The totals in the shape of a form's own answers, for the region to fill its form from.

        A choice and a date have no total and stay for the region to answer; indicator questions keep the
        region's own values in the catalogue (the value grid consolidates those)."""
        answers: dict[str, Any] = {}
        for question in self.form.questions:
            total = self.totals[question.id]
            value = _region_value(question, total)
            if value not in (None, "", [], {}):
                answers[question.id] = value
        return answers


class FormConsolidation:
    def __init__(self, db: Database, forms: FormAnswers) -> None:
        self._db = db
        self._forms = forms

    def consolidate(self, actor: Actor, form_id: str, period: Period) -> Consolidation:
        """Every district's answers to the form for the period, added up; the districts that sent nothing named."""
        actor.require(Permission.VIEW_DATA)
        info = InstallationService(self._db).info()
        if info.kind is not InstallationKind.REGION:
            raise UserError("Свод ответов всех муниципальных образований составляется в региональной установке.")
        form = self._forms.catalogue.get(form_id)
        if not form.accepts(period):
            raise UserError(
                f"Форма «{form.title}» заполняется за период вида «{form.period_kind.label}»,"
                f" а выбран «{period.label}»."
            )
        form = form.for_period(period)
        region = info.region_name
        program_id = (
            self._forms.state(actor, form.id, period, region, with_offers=False).program_id
            if form.indicator_codes
            else None
        )
        with self._db.reading() as session:
            stored = {
                row.territory: row
                for row in session.scalars(
                    select(FormAnswer).where(FormAnswer.form_id == form.id, FormAnswer.period == period.code)
                )
                if row.territory != region
            }
            names = _districts(session, info.region_code, region, stored)
            specs, values = _indicator_values(session, program_id, form, period) if program_id else ({}, {})
            districts = [_district(form, name, stored.get(name), values.get(name, {})) for name in names]
        totals = {q.id: _total(q, districts, specs.get(q.indicator_code, IndicatorSpec())) for q in form.questions}
        return Consolidation(form, period, region, tuple(districts), totals)

    def fill_region_form(self, actor: Actor, form_id: str, period: Period) -> FormState:
        """Write the totals as the region's own answers (a draft): the head checks them and prints the form."""
        consolidation = self.consolidate(actor, form_id, period)
        if not consolidation.reporting:
            raise UserError(f"За {period.label} ни одно муниципальное образование не прислало ответов на форму.")
        state = self._forms.state(actor, form_id, period, consolidation.region, with_offers=False)
        own = {
            key: value
            for key, value in state.answers.items()
            if (question := state.form.question(key)) is not None and question.kind is not QuestionKind.INDICATOR
        }
        return self._forms.save(actor, state, {**own, **consolidation.region_answers()}, FILLED_REASON)


def _districts(session: Session, region_code: str, region: str, stored: Mapping[str, FormAnswer]) -> list[str]:
    """The region's districts: the directory's, those whose bundles came, those whose answers are here."""
    names: set[str] = set(stored)
    try:
        names.update(d.name for d in territory_directory().region(region_code).districts)
    except UserError:  # a region the directory does not list: the districts come from the bundles only
        pass
    names.update(peer.district for peer in session.scalars(select(SyncPeer)) if peer.district)
    names.discard(region)
    names.discard("")
    return sorted(names)


def _indicator_values(
    session: Session, program_id: str, form: FormDefinition, period: Period
) -> tuple[dict[str, IndicatorSpec], dict[str, dict[str, Observation]]]:
    """Code → spec, and district → code → its value, for the form's indicator questions."""
    codes = set(form.indicator_codes)
    indicators = {ind.id: ind for ind, _ in program_indicators(session, program_id, period) if ind.code in codes}
    specs = {ind.code: spec_of(ind) for ind in indicators.values()}
    values: dict[str, dict[str, Observation]] = {}
    query = select(IndicatorValue).where(
        IndicatorValue.indicator_id.in_(list(indicators)), IndicatorValue.period == period.code
    )
    for row in session.scalars(query):
        found = Observation(row.value, row.numerator, row.denominator)
        if not found.is_empty:
            values.setdefault(row.territory, {})[indicators[row.indicator_id].code] = found
    return specs, values


def _district(
    form: FormDefinition, name: str, stored: FormAnswer | None, indicators: Mapping[str, Observation]
) -> DistrictAnswers:
    answers: dict[str, Any] = {}
    if stored is not None and isinstance(stored.answers, dict):
        answers = {key: value for key, value in stored.answers.items() if form.question(key) is not None}
    for question in form.questions:
        found = indicators.get(question.indicator_code) if question.kind is QuestionKind.INDICATOR else None
        if found is not None:
            parts = {"numerator": found.numerator, "denominator": found.denominator}
            answers[question.id] = {"value": found.value, **parts}
    state = answer_state(stored.status if stored is not None else None, bool(answers))
    missing = sum(1 for q in form.questions if q.required and not is_answered(q, answers.get(q.id)))
    return DistrictAnswers(name, state, answers, missing, stored.form_version if stored is not None else None)


def _total(question: Question, districts: list[DistrictAnswers], spec: IndicatorSpec) -> QuestionTotal:
    given = [(d.district, d.answers.get(question.id)) for d in districts if d.state.sent]
    given = [(name, value) for name, value in given if is_answered(question, value)]
    answered = tuple(name for name, _ in given)
    values = [value for _, value in given]
    kind = question.kind
    if kind is QuestionKind.NUMBER:
        return QuestionTotal(question, answered, number=sum_numbers(values))
    if kind is QuestionKind.YES_NO:
        plain = [value.get("value") if isinstance(value, Mapping) else None for value in values]
        details = [(name, value.get("detail")) for name, value in given if isinstance(value, Mapping)]
        return QuestionTotal(question, answered, yes_no=count_yes(plain), texts=list_texts(details))
    if kind is QuestionKind.CHOICE:
        return QuestionTotal(question, answered, choices=count_choices(question.options, values))
    if kind is QuestionKind.YEAR_PAIR:
        rows = [row.id for row in question.pair_rows()]
        return QuestionTotal(question, answered, pairs=sum_year_pairs(rows, question.year_offsets, values))
    if kind is QuestionKind.YES_NO_GRID:
        return QuestionTotal(question, answered, grid=count_grid([row.id for row in question.rows], values))
    if kind is QuestionKind.TABLE:
        return QuestionTotal(question, answered, rows=stack_tables(given))
    if kind is QuestionKind.INDICATOR:
        parts = [
            Observation(value.get("value"), value.get("numerator"), value.get("denominator"))
            for value in values
            if isinstance(value, Mapping)
        ]
        return QuestionTotal(question, answered, indicator=ratio_from_parts(spec, parts), spec=spec)
    return QuestionTotal(question, answered, texts=list_texts(given))  # text and date: listed per district


def _region_value(question: Question, total: QuestionTotal) -> Any:
    kind = question.kind
    if kind is QuestionKind.NUMBER:
        return total.number
    if kind is QuestionKind.YEAR_PAIR:
        pairs = {
            row: {offset: value for offset, value in cells.items() if value is not None}
            for row, cells in total.pairs.items()
        }
        return {row: cells for row, cells in pairs.items() if cells}
    if kind is QuestionKind.YES_NO:
        if not total.yes_no.answered:
            return None
        value = total.yes_no.yes > 0  # the region has it when any of its districts has it
        detail = ""
        if question.detail is not None and value is question.detail.when:
            listed = "; ".join(f"{name}: {text}" for name, text in total.texts)
            detail = (f"{total.yes_no.text}. {listed}" if listed else total.yes_no.text)[: question.max_length]
        return {"value": value, "detail": detail}
    if kind is QuestionKind.YES_NO_GRID:
        return {row: counted.yes > 0 for row, counted in total.grid.items() if counted.answered}
    if kind is QuestionKind.TABLE:
        return [dict(row.cells) for row in total.rows][: question.max_rows]
    if kind is QuestionKind.TEXT:
        listed = "\n".join(f"{name}: {text}" for name, text in total.texts)
        return listed[: question.max_length]
    return None  # a choice, a date and an indicator have no region total to write
