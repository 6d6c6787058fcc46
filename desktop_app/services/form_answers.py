"""A district's answers to a form for a period: reading, checking, saving, the workflow and carry-over.

Answers are stored per form, district and period with the form version they were made with. Questions
of kind ``indicator`` are not copied into the answers: they read and write the indicator values of the
program that holds those codes, in the same transaction, so the form and the value grid never disagree.
A «previous year» cell still empty is filled from last year's answers, and the screen is told which.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import ConcurrentChange, PermissionDenied, UserError, ValidationError
from desktop_app.domain.indicator_checks import CellIssue, Severity
from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_period import period_being_reported
from desktop_app.domain.roles import Permission
from desktop_app.formkit import FormCatalogue
from desktop_app.formkit.answers import AnswerIssue, carry_over_previous_year, completion
from desktop_app.formkit.definition import FormDefinition, IndicatorInfo, QuestionKind
from desktop_app.formkit.rules import check_rules
from desktop_app.formkit.visibility import without_hidden
from desktop_app.services.computed_values import ComputedValue, ComputedValues
from desktop_app.services.form_indicators import (
    by_question,
    form_issues,
    indicator_changes,
    numbers_only,
    questions_by_indicator,
)
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.services.indicator_rules import check_values, refusal_text, submit_problems
from desktop_app.services.indicator_sheet import SheetRow, ValueStatus
from desktop_app.services.sheet_rules import broken_rules_naming
from desktop_app.storage.base import utc_now
from desktop_app.storage.database import Database
from desktop_app.storage.models import FormAnswer, Indicator, IndicatorGroup, Program


@dataclass(frozen=True)
class FormState:
    """What the form screen shows: the answers, where some came from, and the workflow state."""

    form: FormDefinition
    period: Period
    territory: str
    answers: dict[str, Any]
    answer_id: str | None = None
    stored_version: int | None = None
    status: ValueStatus = ValueStatus.DRAFT
    row_version: int = 0
    submitted_by: str = ""
    approved_by: str = ""
    carried: tuple[tuple[str, str], ...] = ()
    offers: dict[str, ComputedValue] = field(default_factory=dict)
    indicators: dict[str, IndicatorInfo] = field(default_factory=dict)
    indicator_rows: dict[str, SheetRow] = field(default_factory=dict)
    program_id: str | None = None
    # For a form of indicators: the period's lock in the program («заблокирован по сроку с 03.08.2026»).
    lock_text: str = ""

    @property
    def completion(self) -> tuple[int, int]:
        return completion(self.form, self.answers)

    @property
    def issues(self) -> list[AnswerIssue]:
        return form_issues(self.form, self.answers)

    @property
    def rule_issues(self) -> list[AnswerIssue]:
        """Rules across questions the answers break («5.1.1 (12) больше, чем 5.1 (10) …»): a draft may be saved
        with them, the form is not submitted until they hold."""
        return check_rules(self.form, self.answers, self.period)

    @property
    def indicator_flags(self) -> dict[str, list[CellIssue]]:
        """Question id → what the value grid says of the stored value of an indicator question (a wrong
        value, a deviation from plan without a comment), for showing beside its cells."""
        return {
            question.id: list(row.issues)
            for question in self.form.questions
            if question.kind is QuestionKind.INDICATOR
            and (row := self.indicator_rows.get(question.indicator_code)) is not None
            and row.issues
        }

    @property
    def outdated(self) -> bool:
        """Saved with an older version of the form: some answers may belong to changed questions."""
        return self.stored_version is not None and self.stored_version != self.form.version


@dataclass(frozen=True)
class FormSummary:
    form: FormDefinition
    period: Period
    status: ValueStatus | None
    answered: int
    total: int

    @property
    def filled(self) -> bool:
        return self.status is not None and self.answered > 0


def reporting_period(form: FormDefinition, today: date) -> Period:
    """The period a form is filled for now: the one being reported (domain/reporting_period.py), as the status
    bar, the form page and every other page have it; another one is chosen on the page."""
    return period_being_reported(today, form.period_kind)


class FormAnswers:
    def __init__(
        self,
        db: Database,
        catalogue: FormCatalogue,
        entry: IndicatorEntry,
        computed: ComputedValues,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._db = db
        self.catalogue = catalogue
        self._entry = entry
        self._computed = computed
        self._clock = clock

    def state(self, actor: Actor, form_id: str, period: Period, territory: str, with_offers: bool = True) -> FormState:
        """The stored answers (or an empty form), last year carried over, offers from the registers."""
        actor.require(Permission.VIEW_DATA)
        form = self._form(form_id, period)
        with self._db.reading() as session:
            stored = _stored(session, form.id, period, territory)
            last_year = _stored(session, form.id, Period(period.year - 1, period.kind, period.index), territory)
            program_id = _indicator_program(session, form.indicator_codes, period)
            # answers to questions a newer version of the form no longer has are not shown or saved again
            answers: dict[str, Any] = (
                {key: value for key, value in stored.answers.items() if form.question(key) is not None}
                if stored and isinstance(stored.answers, dict)
                else {}
            )
            base: dict[str, Any] = {
                "answer_id": stored.id if stored else None,
                "stored_version": stored.form_version if stored else None,
                "status": ValueStatus.read(stored.status) if stored else ValueStatus.DRAFT,
                "row_version": stored.row_version if stored else 0,
                "submitted_by": stored.submitted_by if stored else "",
                "approved_by": stored.approved_by if stored else "",
            }
            previous = dict(last_year.answers) if last_year and isinstance(last_year.answers, dict) else {}
        carried: list[tuple[str, str]] = []
        if stored is None:  # once saved, a «previous year» cell the user cleared stays cleared
            answers, carried = carry_over_previous_year(form, answers, previous)
        indicators, rows, lock_text = self._indicator_part(actor, form, program_id, period, territory, answers)
        sources = {q.id: q.source for q in form.questions if q.source} if with_offers else {}
        computed = self._computed.compute(actor, sources.values(), period, program_id) if sources else {}
        offers = {qid: computed[source] for qid, source in sources.items() if source in computed}
        return FormState(
            form,
            period,
            territory,
            answers,
            carried=tuple(carried),
            offers=offers,
            indicators=indicators,
            indicator_rows=rows,
            program_id=program_id,
            lock_text=lock_text,
            **base,
        )

    def save(self, actor: Actor, state: FormState, answers: Mapping[str, Any], reason: str = "") -> FormState:
        """Check and store the answers in one transaction; wrong cells stop the save and are each named. A broken
        rule across questions does not stop a draft: the state returned lists it in ``rule_issues``."""
        actor.require(Permission.EDIT_DATA)
        form = state.form
        problems = {f"{issue.question_id}|{issue.cell}": issue.message for issue in form_issues(form, answers)}
        for question_id, issue in self.indicator_issues(actor, state, answers):
            if issue.severity is Severity.ERROR:
                problems[f"{question_id}|{issue.cell.value}"] = issue.message
        if problems:
            raise ValidationError(f"Ответы не сохранены: исправьте отмеченные поля ({len(problems)}).", problems)
        asked = without_hidden(form, answers)  # a question or detail no longer asked leaves no stale answer
        plain = {
            q.id: asked[q.id]
            for q in form.questions
            if q.kind is not QuestionKind.INDICATOR and asked.get(q.id) not in (None, "", [], {})
        }
        changes = indicator_changes(state, answers)
        with self._db.transaction(actor) as session:
            stored = _stored(session, form.id, state.period, state.territory)
            if (stored.row_version if stored else 0) != state.row_version:
                raise ConcurrentChange(
                    "Ответы на эту форму изменил другой пользователь, пока вы их правили. Откройте форму снова."
                )
            if changes and state.program_id:
                try:
                    self._entry.save_in(
                        session, actor, state.program_id, state.period, state.territory, changes, reason
                    )
                except ValidationError as exc:  # a value changed under us since the check above
                    raise ValidationError(exc.message, by_question(state, exc.field_errors)) from None
            _write(session, actor, stored, state, plain, reason)
        return self.state(actor, form.id, state.period, state.territory)

    def submit(self, actor: Actor, form_id: str, period: Period, territory: str) -> FormState:
        """Hand the answers to the head; a form with wrong cells or nothing answered is not submitted."""
        actor.require(Permission.EDIT_DATA)
        state = self.state(actor, form_id, period, territory)
        if state.answer_id is None or state.completion[0] == 0:
            raise UserError("Форма не заполнена: сохраните ответы, затем представьте их.")
        if state.issues:
            raise ValidationError(f"Форма не представлена: исправьте отмеченные поля ({len(state.issues)}).")
        broken = state.rule_issues
        if broken:
            raise ValidationError(
                "Форма не представлена: ответы не сходятся между собой. " + " ".join(issue.message for issue in broken),
                {f"{issue.question_id}|{issue.cell}": issue.message for issue in broken},
            )
        held = [row for row in state.indicator_rows.values() if row.code in state.form.indicator_codes]
        problems = submit_problems(held)
        if problems:  # as the value grid refuses to submit them
            raise ValidationError(
                refusal_text("Форма не представлена", ((row.code, issue.message) for row, issue in problems)),
                by_question(
                    state, {f"{row.indicator_id}:{issue.cell.value}": issue.message for row, issue in problems}
                ),
            )
        broken_rules = self._broken_indicator_rules(actor, state)
        if broken_rules:  # the rules across indicators the value grid checks on its own submit
            raise ValidationError(
                "Форма не представлена — нарушены правила проверки показателей: " + " ".join(broken_rules)
            )
        return self._set_status(actor, state, ValueStatus.DRAFT, ValueStatus.SUBMITTED)

    def _broken_indicator_rules(self, actor: Actor, state: FormState) -> list[str]:
        if not state.form.indicator_codes or state.program_id is None:
            return []
        sheet = self._entry.sheets.sheet(actor, state.program_id, state.period, state.territory)
        return broken_rules_naming(sheet, state.form.indicator_codes)

    def indicator_issues(
        self, actor: Actor, state: FormState, answers: Mapping[str, Any]
    ) -> list[tuple[str, CellIssue]]:
        """(question id, problem) for every changed indicator answer, by the value grid's own rules and against
        the same plan, previous period and history: the check of the form screen and of an Excel template."""
        actor.require(Permission.VIEW_DATA)
        # a number the form engine cannot read is named by its own check; the rules judge numbers
        changes = [change for change in indicator_changes(state, answers) if numbers_only(change)]
        if not changes or state.program_id is None:
            return []
        with self._db.reading() as session:
            found = check_values(
                session,
                state.program_id,
                state.period,
                state.territory,
                {change.indicator_id: change.entry for change in changes},
            )
        questions = questions_by_indicator(state)
        return [(questions[indicator_id], issue) for indicator_id, issues in found.items() for issue in issues]

    def approve(self, actor: Actor, form_id: str, period: Period, territory: str) -> FormState:
        actor.require(Permission.APPROVE_REPORTS)
        state = self.state(actor, form_id, period, territory)
        return self._set_status(actor, state, ValueStatus.SUBMITTED, ValueStatus.APPROVED)

    def overview(self, actor: Actor, territory: str, today: date) -> list[FormSummary]:
        """Each form for the period it is due now, with how much of it is answered (indicator questions
        count as answered when the value grid holds their values)."""
        actor.require(Permission.VIEW_DATA)
        summaries = []
        for form in self.catalogue.forms:
            period = reporting_period(form, today)
            state = self.state(actor, form.id, period, territory, with_offers=False)  # counts only
            answered, total = completion(form, state.answers)
            stored = state.answer_id is not None or any(row.has_value for row in state.indicator_rows.values())
            summaries.append(FormSummary(form, period, state.status if stored else None, answered, total))
        return summaries

    def _form(self, form_id: str, period: Period) -> FormDefinition:
        form = self.catalogue.get(form_id)
        if not form.accepts(period):
            raise UserError(
                f"Форма «{form.title}» заполняется за период вида «{form.period_kind.label}»,"
                f" а выбран «{period.label}»."
            )
        return form.for_period(period)  # «в {year} году» reads with the period's years

    def _indicator_part(
        self,
        actor: Actor,
        form: FormDefinition,
        program_id: str | None,
        period: Period,
        territory: str,
        answers: dict[str, Any],
    ) -> tuple[dict[str, IndicatorInfo], dict[str, SheetRow], str]:
        if not form.indicator_codes or program_id is None:
            return {}, {}, ""
        sheet = self._entry.sheets.sheet(actor, program_id, period, territory)
        lock_text = f"Период {sheet.lock.describe(self._entry.today())}" if sheet.locked else ""
        rows = {row.code: row for row in sheet.rows}
        infos = {}
        for question in form.questions:
            row = rows.get(question.indicator_code) if question.kind is QuestionKind.INDICATOR else None
            if row is None:
                continue
            infos[row.code] = IndicatorInfo(
                row.code, row.name, row.unit, row.spec.kind.value, row.spec.cumulative, row.plan_text, row.plan
            )
            if row.has_value or row.comment:
                answers[question.id] = {
                    "value": row.value,
                    "numerator": row.numerator,
                    "denominator": row.denominator,
                    "comment": row.comment,
                }
        return infos, rows, lock_text

    def _set_status(self, actor: Actor, state: FormState, source: ValueStatus, target: ValueStatus) -> FormState:
        """Move the form and the indicator values it holds one step, in one transaction."""
        if state.status is not source:
            raise UserError(f"Ответы сейчас в состоянии «{state.status.label}», а нужно «{source.label}».")
        with self._db.transaction(actor) as session:
            stored = _stored(session, state.form.id, state.period, state.territory)
            if stored is None or stored.row_version != state.row_version or stored.status != source.value:
                raise ConcurrentChange("Ответы изменились, пока вы их смотрели. Откройте форму снова.")
            stored.status = target.value
            if target is ValueStatus.SUBMITTED:
                stored.submitted_by, stored.submitted_at = actor.full_name, self._clock()
            else:
                stored.approved_by, stored.approved_at = actor.full_name, self._clock()
            ids = [row.indicator_id for row in state.indicator_rows.values() if row.code in state.form.indicator_codes]
            if ids:
                self._entry.mark_in(
                    session,
                    actor,
                    ids,
                    state.period,
                    state.territory,
                    target,
                    drafts_too=target is ValueStatus.APPROVED,
                )
        return self.state(actor, state.form.id, state.period, state.territory)


def _stored(session: Session, form_id: str, period: Period, territory: str) -> FormAnswer | None:
    return session.scalars(
        select(FormAnswer).where(
            FormAnswer.form_id == form_id, FormAnswer.period == period.code, FormAnswer.territory == territory
        )
    ).first()


def _indicator_program(session: Session, codes: list[str], period: Period) -> str | None:
    """The program that holds the form's indicator codes for ``period``: one whose term covers the period
    first, then the one holding most of the codes, then the newest."""
    if not codes:
        return None
    covers = case((and_(Program.period_start <= period.end, Program.period_end >= period.start), 1), else_=0)
    query = (
        select(IndicatorGroup.program_id, func.count(Indicator.id))
        .join(Indicator, Indicator.group_id == IndicatorGroup.id)
        .join(Program, IndicatorGroup.program_id == Program.id)
        .where(Indicator.code.in_(codes))
        .group_by(IndicatorGroup.program_id, Program.period_start, Program.period_end)
        .order_by(covers.desc(), func.count(Indicator.id).desc(), Program.period_start.desc())
    )
    best = session.execute(query).first()
    return best[0] if best else None


def _write(
    session: Session, actor: Actor, stored: FormAnswer | None, state: FormState, plain: dict[str, Any], reason: str
) -> None:
    if stored is None:
        # even a form of indicators only gets its row: the row carries the form's status and version
        session.add(
            FormAnswer(
                form_id=state.form.id,
                form_version=state.form.version,
                period=state.period.code,
                territory=state.territory,
                answers=plain,
            )
        )
        return
    if stored.status == ValueStatus.APPROVED and not actor.can(Permission.APPROVE_REPORTS):
        if stored.answers != plain:
            raise PermissionDenied("Ответы утверждены: изменить их может только руководитель.")
        return
    if stored.answers == plain and stored.form_version == state.form.version:
        return
    stored.answers = plain
    stored.form_version = state.form.version
    if stored.status != ValueStatus.DRAFT:
        stored.status = ValueStatus.DRAFT.value
        stored.approved_by, stored.approved_at = "", None
    if reason.strip():
        stored.change_reason = reason.strip()
