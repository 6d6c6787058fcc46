"""The catalogue's records written inside a caller's transaction: shared by the editor (services/catalogue.py)
and the workbook import (services/catalogue_transfer.py), so both check and write the same way."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.errors import ValidationError
from desktop_app.services.catalogue_rules import IndicatorInput
from desktop_app.storage.models import (
    Indicator,
    IndicatorGroup,
    IndicatorPlan,
    IndicatorValue,
    Measure,
    MeasureIndicator,
    ProgramBlock,
)


def counts(session: Session, ids: list[str]) -> tuple[Counter[str], Counter[str]]:
    """Indicator id → how many values hold a number, and how many plan values it has."""
    values: Counter[str] = Counter()
    plans: Counter[str] = Counter()
    filled = (IndicatorValue.value.is_not(None)) | (IndicatorValue.numerator.is_not(None))
    for indicator_id, count in session.execute(
        select(IndicatorValue.indicator_id, func.count())
        .where(IndicatorValue.indicator_id.in_(ids), filled)
        .group_by(IndicatorValue.indicator_id)
    ):
        values[indicator_id] = int(count)
    for indicator_id, count in session.execute(
        select(IndicatorPlan.indicator_id, func.count())
        .where(IndicatorPlan.indicator_id.in_(ids))
        .group_by(IndicatorPlan.indicator_id)
    ):
        plans[indicator_id] = int(count)
    return values, plans


def check_code(session: Session, program_id: str, code: str, own_id: str | None) -> None:
    """A code names one indicator of the program: plans, forms and reports find it by that code."""
    clash = session.scalar(
        select(Indicator.id)
        .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
        .where(IndicatorGroup.program_id == program_id, Indicator.code == code)
        .limit(1)
    )
    if clash is not None and clash != own_id:
        raise ValidationError(
            "Показатель не сохранён: исправьте отмеченные поля.",
            {"code": f"Показатель с кодом {code} в этой программе уже есть."},
        )


def fill_indicator(indicator: Indicator, entry: IndicatorInput) -> None:
    # Assign only what changed, so the audit trail and the package name the fields really edited.
    for name, value in entry_fields(entry).items():
        if getattr(indicator, name) != value:
            setattr(indicator, name, value)


def entry_fields(entry: IndicatorInput) -> dict[str, object]:
    """The indicator's columns as ``entry`` sets them."""
    return {
        "code": entry.code,
        "name": entry.name,
        "unit": entry.unit,
        "kind": entry.kind.value,
        "cumulative": entry.cumulative,
        "direction": entry.direction.value,
        "base_value": entry.base_value,
        "base_date": entry.base_date,
        "source": entry.source,
    }


def link_measures(session: Session, indicator_id: str, measure_ids: tuple[str, ...], program_id: str) -> None:
    wanted = list(dict.fromkeys(measure_ids))
    known = set(
        session.scalars(
            select(Measure.id)
            .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
            .where(ProgramBlock.program_id == program_id, Measure.id.in_(wanted))
        )
    )
    if missing := [mid for mid in wanted if mid not in known]:
        raise ValidationError(
            "Показатель не сохранён: исправьте отмеченные поля.",
            {"measures": f"Мероприятие не найдено в этой программе ({len(missing)})."},
        )
    current = {
        link.measure_id: link
        for link in session.scalars(select(MeasureIndicator).where(MeasureIndicator.indicator_id == indicator_id))
    }
    for measure_id, link in current.items():
        if measure_id not in known:
            session.delete(link)
    for measure_id in wanted:
        if measure_id not in current:
            session.add(MeasureIndicator(measure_id=measure_id, indicator_id=indicator_id))


def shift(siblings: Sequence[IndicatorGroup | Indicator], item: IndicatorGroup | Indicator, step: int) -> None:
    """Move ``item`` by ``step`` places and number the list 1, 2, 3 … (only positions that changed are written)."""
    order = list(siblings)
    index = order.index(item)
    target = max(0, min(len(order) - 1, index + step))
    order.insert(target, order.pop(index))
    for position, record in enumerate(order, 1):
        if record.position != position:
            record.position = position


def fill_changes(indicator: Indicator, entry: IndicatorInput) -> list[tuple[str, object, object]]:
    """(field, old, new) that ``fill_indicator`` would write."""
    return [
        (name, getattr(indicator, name), value)
        for name, value in entry_fields(entry).items()
        if getattr(indicator, name) != value
    ]
