"""Entering indicator values for a period and taking them through draft → submitted → approved.

Every write is one transaction. A value changed by someone else since the screen read it is not
overwritten. A closed or expired period changes only by a head who gives a reason (kept on the value
and in the audit trail); a head who changes an approved value withdraws its approval.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import ConcurrentChange, PermissionDenied, UserError, ValidationError
from desktop_app.domain.indicator_checks import EntryInput
from desktop_app.domain.indicators import IndicatorSpec, observe
from desktop_app.domain.numbers import format_number
from desktop_app.domain.period_lock import LockState, check_expiry_days
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.indicator_rules import check_values, errors_only, refusal_text, submit_problems
from desktop_app.services.indicator_sheet import (
    IndicatorSheet,
    IndicatorSheets,
    ValueStatus,
    period_lock,
    program_indicators,
    program_or_missing,
    spec_of,
)
from desktop_app.services.ownership import program_owner, require_own
from desktop_app.services.sheet_rules import blocking, sheet_failures
from desktop_app.storage.base import utc_now
from desktop_app.storage.database import Database
from desktop_app.storage.models import IndicatorPlan, IndicatorValue, PeriodClosure, Program


@dataclass(frozen=True)
class ValueChange:
    """What the user typed for one indicator; ``expected_version`` 0 means there was no value yet."""

    indicator_id: str
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    comment: str = ""
    source: str = "entered"
    source_note: str = ""
    expected_version: int = 0

    @property
    def entry(self) -> EntryInput:
        return EntryInput(self.value, self.numerator, self.denominator, self.comment)


class IndicatorEntry:
    """Writes of indicator values and of the period's state; reads go through ``sheets``."""

    def __init__(
        self,
        db: Database,
        computed: ComputedValues,
        today: Callable[[], date] = date.today,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._db = db
        self._today = today
        self._clock = clock
        self.sheets = IndicatorSheets(db, computed, today)

    def today(self) -> date:
        return self._today()

    def save(
        self,
        actor: Actor,
        program_id: str,
        period: Period,
        territory: str,
        changes: Sequence[ValueChange],
        reason: str = "",
    ) -> IndicatorSheet:
        """Store the typed values in one transaction; cells with errors stop the whole save."""
        with self._db.transaction(actor) as session:
            self.save_in(session, actor, program_id, period, territory, changes, reason)
        return self.sheets.sheet(actor, program_id, period, territory)

    def save_in(
        self,
        session: Session,
        actor: Actor,
        program_id: str,
        period: Period,
        territory: str,
        changes: Sequence[ValueChange],
        reason: str = "",
    ) -> None:
        """The save inside a caller's transaction (a form that holds indicator questions saves both at once)."""
        actor.require(Permission.EDIT_DATA)
        program = program_or_missing(session, program_id)
        period_lock(session, program, period, territory).check_edit(
            self._today(), actor.can(Permission.APPROVE_REPORTS), reason
        )
        indicators = {indicator.id: indicator for indicator, _ in program_indicators(session, program_id)}
        stored = _stored(session, list(indicators), period, territory)
        checked = check_values(
            session, program_id, period, territory, {change.indicator_id: change.entry for change in changes}
        )
        errors: dict[str, str] = {}
        for change in changes:
            indicator = indicators.get(change.indicator_id)
            if indicator is None:
                raise UserError("Показатель не найден: возможно, каталог обновили. Обновите экран.")
            current = stored.get(change.indicator_id)
            _check_version(current, change, indicator.code)
            if (
                current is not None
                and current.status == ValueStatus.APPROVED
                and not actor.can(Permission.APPROVE_REPORTS)
            ):
                raise PermissionDenied(
                    f"Значение показателя {indicator.code} утверждено: изменить его может только руководитель."
                )
            wrong = errors_only(checked.get(change.indicator_id, ()))
            for issue in wrong:
                errors.setdefault(f"{change.indicator_id}:{issue.cell.value}", issue.message)
            if not wrong:
                _write(session, current, change, spec_of(indicator), period, territory, reason)
        if errors:
            raise ValidationError(f"Значения не сохранены: исправьте отмеченные ячейки ({len(errors)}).", errors)

    def submit(self, actor: Actor, program_id: str, period: Period, territory: str) -> IndicatorSheet:
        """Mark the period's draft values as submitted to the head; wrong or unexplained values stop it."""
        actor.require(Permission.EDIT_DATA)
        sheet = self.sheets.sheet(actor, program_id, period, territory)
        if sheet.locked and not actor.can(Permission.APPROVE_REPORTS):
            raise PermissionDenied(
                f"Период «{period.label}» {sheet.lock.describe(self._today())}: представить и утвердить значения"
                " может только руководитель."
            )
        problems = submit_problems(sheet.rows)
        if problems:
            raise ValidationError(
                refusal_text("Значения не представлены", ((row.code, issue.message) for row, issue in problems)),
                {f"{row.indicator_id}:{issue.cell.value}": issue.message for row, issue in problems},
            )
        broken = blocking(sheet_failures(sheet))
        if broken:
            # a rule across indicators is no one cell's error: the sentences name both sides with their numbers
            raise ValidationError(
                "Значения не представлены — нарушены правила проверки: "
                + " ".join(outcome.sentence for outcome in broken),
                {f"rule:{number}": outcome.sentence for number, outcome in enumerate(broken, 1)},
            )
        with self._db.transaction(actor) as session:
            ids = [row.indicator_id for row in sheet.rows]
            if not self.mark_in(session, actor, ids, period, territory, ValueStatus.SUBMITTED):
                raise UserError("Нет черновиков для представления: введите значения или они уже представлены.")
        return self.sheets.sheet(actor, program_id, period, territory)

    def approve(self, actor: Actor, program_id: str, period: Period, territory: str) -> IndicatorSheet:
        """The head approves every submitted value of the period (in a locked period, drafts as well)."""
        actor.require(Permission.APPROVE_REPORTS)
        with self._db.transaction(actor) as session:
            program = program_or_missing(session, program_id)
            locked = period_lock(session, program, period, territory).state(self._today()) is not LockState.OPEN
            ids = [indicator.id for indicator, _ in program_indicators(session, program_id, period)]
            if not self.mark_in(session, actor, ids, period, territory, ValueStatus.APPROVED, drafts_too=locked):
                raise UserError("Нет представленных значений: специалист должен сначала их представить.")
        return self.sheets.sheet(actor, program_id, period, territory)

    def mark_in(
        self,
        session: Session,
        actor: Actor,
        indicator_ids: Sequence[str],
        period: Period,
        territory: str,
        target: ValueStatus,
        drafts_too: bool = False,
    ) -> int:
        """Move the values of ``indicator_ids`` one step (draft → submitted, submitted → approved) inside
        the caller's transaction; returns how many moved. Empty rows are left alone."""
        sources = {ValueStatus.SUBMITTED: {ValueStatus.DRAFT}, ValueStatus.APPROVED: {ValueStatus.SUBMITTED}}[target]
        if drafts_too:
            sources = sources | {ValueStatus.DRAFT}
        moved = 0
        for value in _stored(session, list(indicator_ids), period, territory).values():
            if ValueStatus.read(value.status) not in sources or not _has_data(value):
                continue
            value.status = target.value
            if target is ValueStatus.SUBMITTED or not value.submitted_by:
                value.submitted_by, value.submitted_at = actor.full_name, self._clock()
            if target is ValueStatus.APPROVED:
                value.approved_by, value.approved_at = actor.full_name, self._clock()
            moved += 1
        return moved

    def close(self, actor: Actor, program_id: str, period: Period, territory: str, note: str = "") -> IndicatorSheet:
        """Close an approved period: from now on only a head with a reason changes its values."""
        actor.require(Permission.APPROVE_REPORTS)
        with self._db.transaction(actor) as session:
            program = program_or_missing(session, program_id)
            if period_lock(session, program, period, territory).closed:
                raise UserError(f"Период «{period.label}» уже закрыт.")
            ids = [indicator.id for indicator, _ in program_indicators(session, program_id, period)]
            pending = [
                v
                for v in _stored(session, ids, period, territory).values()
                if v.status != ValueStatus.APPROVED and _has_data(v)
            ]
            if pending:
                raise UserError(
                    f"Период «{period.label}» нельзя закрыть: не утверждено значений — {len(pending)}."
                    " Сначала утвердите их."
                )
            session.add(
                PeriodClosure(
                    program_id=program_id,
                    period=period.code,
                    territory=territory,
                    closed_by=actor.full_name,
                    closed_at=self._clock(),
                    note=note.strip(),
                )
            )
        return self.sheets.sheet(actor, program_id, period, territory)

    def reopen(self, actor: Actor, program_id: str, period: Period, territory: str, reason: str) -> IndicatorSheet:
        """Open a closed period again; the head's reason stays in the audit trail."""
        actor.require(Permission.APPROVE_REPORTS)
        if not reason.strip():
            raise ValidationError(
                "Укажите причину, по которой период открывается снова.", {"reason": "Укажите причину."}
            )
        with self._db.transaction(actor) as session:
            closure = session.scalars(
                select(PeriodClosure).where(
                    PeriodClosure.program_id == program_id,
                    PeriodClosure.period == period.code,
                    PeriodClosure.territory == territory,
                )
            ).first()
            if closure is None:
                raise UserError(f"Период «{period.label}» не закрыт.")
            closure.note = f"Открыт снова: {reason.strip()}"
            session.flush()
            session.delete(closure)
        return self.sheets.sheet(actor, program_id, period, territory)

    def set_plan(
        self, actor: Actor, program_id: str, period: Period, territory: str, indicator_id: str, value: float | None
    ) -> IndicatorSheet:
        """The district's plan value for the period; the head sets it (the audit trail keeps the old one)."""
        actor.require(Permission.APPROVE_REPORTS)
        if value is None or value < 0:
            raise ValidationError("Укажите плановое значение: число не меньше 0.", {"plan": "Число не меньше 0."})
        with self._db.transaction(actor) as session:
            if indicator_id not in {indicator.id for indicator, _ in program_indicators(session, program_id)}:
                raise UserError("Показатель не найден: возможно, каталог обновили. Обновите экран.")
            require_own(session, program_owner(session, program_id), "Плановые значения программы")
            own = session.scalars(
                select(IndicatorPlan).where(
                    IndicatorPlan.indicator_id == indicator_id,
                    IndicatorPlan.period == period.code,
                    IndicatorPlan.territory == territory,
                )
            ).first()
            text = format_number(value, 3)
            if own is None:
                session.add(
                    IndicatorPlan(
                        indicator_id=indicator_id, period=period.code, territory=territory, value=value, value_text=text
                    )
                )
            elif own.value != value:
                own.value, own.value_text = value, text
        return self.sheets.sheet(actor, program_id, period, territory)

    def set_lock_days(self, actor: Actor, program_id: str, days: int) -> None:
        """How many days after the executors' deadline the program's periods lock by themselves."""
        actor.require(Permission.APPROVE_REPORTS)
        check_expiry_days(days)
        with self._db.transaction(actor) as session:
            program = program_or_missing(session, program_id)
            require_own(session, program.owner, f"Программа «{program.short_title or program.title}»")
            if program.value_lock_days != days:
                program.value_lock_days = days

    def lock_days(self, actor: Actor, program_id: str) -> int:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            program = session.get(Program, program_id)
            return program.value_lock_days if program else 0


def _stored(session: Session, indicator_ids: list[str], period: Period, territory: str) -> dict[str, IndicatorValue]:
    query = select(IndicatorValue).where(
        IndicatorValue.indicator_id.in_(indicator_ids),
        IndicatorValue.period == period.code,
        IndicatorValue.territory == territory,
    )
    return {value.indicator_id: value for value in session.scalars(query)}


def _has_data(value: IndicatorValue) -> bool:
    return value.value is not None or value.numerator is not None or value.denominator is not None


def _check_version(current: IndicatorValue | None, change: ValueChange, code: str) -> None:
    version = current.row_version if current is not None else 0
    if version != change.expected_version:
        raise ConcurrentChange(
            f"Значение показателя {code} изменил другой пользователь, пока вы его правили. Обновите экран и повторите."
        )


def _write(
    session: Session,
    current: IndicatorValue | None,
    change: ValueChange,
    spec: IndicatorSpec,
    period: Period,
    territory: str,
    reason: str,
) -> None:
    observed = observe(spec, change.value, change.numerator, change.denominator)
    fields = {
        "value": observed.value,
        "numerator": change.numerator,
        "denominator": change.denominator,
        "comment": change.comment.strip(),
        "source": change.source if change.source in ("entered", "computed") else "entered",
        "source_note": change.source_note if change.source == "computed" else "",
    }
    if current is None:
        if observed.is_empty and not fields["comment"]:
            return
        session.add(IndicatorValue(indicator_id=change.indicator_id, period=period.code, territory=territory, **fields))
        return
    if observed.is_empty and not fields["comment"]:
        session.delete(current)  # a cleared value leaves no empty row behind to block closing the period
        return
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if not changed:
        return
    for name, value in changed.items():
        setattr(current, name, value)
    if current.status != ValueStatus.DRAFT:
        current.status = ValueStatus.DRAFT.value
        current.approved_by, current.approved_at = "", None
    if reason.strip():
        current.change_reason = reason.strip()
