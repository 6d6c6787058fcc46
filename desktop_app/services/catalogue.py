"""A program's indicator catalogue as its owner keeps it: groups and indicators created, edited and moved,
drafts read from a plan confirmed, indicators with values retired (their values and plans stay as
history) and those without deleted. Every write is one audited transaction checked against the row version
the editor showed; the region's package carries the result to the districts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import NotFound, UserError
from desktop_app.domain.indicators import Direction, IndicatorKind, IndicatorState
from desktop_app.domain.register_sources import SOURCE_LABELS
from desktop_app.domain.roles import Permission
from desktop_app.services.catalogue_rules import (
    GroupInput,
    IndicatorInput,
    edit_refusal,
    program_or_missing,
    require_editor,
)
from desktop_app.services.catalogue_store import check_code, counts, fill_indicator, link_measures, shift
from desktop_app.services.catalogue_validation import require_unused
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    Indicator,
    IndicatorGroup,
    Measure,
    MeasureIndicator,
    Program,
    ProgramBlock,
)

_CHANGED = "Запись изменена другим пользователем, пока вы её редактировали. Обновите каталог и внесите правки снова."


@dataclass(frozen=True)
class IndicatorCard:
    id: str
    group_id: str
    code: str
    name: str
    unit: str
    kind: IndicatorKind
    cumulative: bool
    direction: Direction
    base_value: float | None
    base_date: date | None
    source: str
    measure_ids: tuple[str, ...]
    state: IndicatorState
    row_version: int
    value_count: int
    plan_count: int

    def as_input(self) -> IndicatorInput:
        return IndicatorInput(
            self.code,
            self.name,
            self.unit,
            self.kind,
            self.cumulative,
            self.direction,
            self.base_value,
            self.base_date,
            self.source,
            self.measure_ids,
        )


@dataclass(frozen=True)
class GroupCard:
    id: str
    number: str
    title: str
    row_version: int
    indicators: tuple[IndicatorCard, ...]

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass(frozen=True)
class MeasureChoice:
    id: str
    label: str  # «III.2. Проведение обучения …», how the measure is printed


@dataclass(frozen=True)
class CatalogueView:
    program_id: str
    title: str
    is_regional: bool
    read_only_reason: str
    groups: tuple[GroupCard, ...]
    measures: tuple[MeasureChoice, ...]
    sources: tuple[tuple[str, str], ...] = tuple(SOURCE_LABELS.items())

    def indicator(self, indicator_id: str) -> IndicatorCard | None:
        return next((ind for group in self.groups for ind in group.indicators if ind.id == indicator_id), None)


@dataclass(frozen=True)
class Removal:
    """What removing an indicator would touch: with values it is retired, without them deleted."""

    code: str
    values: int
    plans: int

    @property
    def keeps_history(self) -> bool:
        return self.values > 0


class Catalogue:
    def __init__(self, db: Database) -> None:
        self._db = db

    def programs(self, actor: Actor) -> list[tuple[str, str]]:
        """(id, title) of every program, newest first: any of them may get a catalogue."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            query = select(Program.id, Program.short_title, Program.title).order_by(
                Program.period_start.desc(), Program.title
            )
            return [(pid, short or title) for pid, short, title in session.execute(query)]

    def view(self, actor: Actor, program_id: str) -> CatalogueView:
        """The program's groups with every indicator in any state, and the measures they may be linked to."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            program = program_or_missing(session, program_id)
            return _view(session, actor, program)

    def add_group(self, actor: Actor, program_id: str, entry: GroupInput) -> str:
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            require_editor(session, actor, program_id)
            last = session.scalar(
                select(func.max(IndicatorGroup.position)).where(IndicatorGroup.program_id == program_id)
            )
            group = IndicatorGroup(program_id=program_id, number=entry.number, title=entry.title)
            group.position = (last or 0) + 1
            session.add(group)
            session.flush()
            return group.id

    def update_group(self, actor: Actor, group_id: str, entry: GroupInput, expected_version: int) -> None:
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            group = _group(session, actor, group_id, expected_version)
            group.number, group.title = entry.number, entry.title

    def delete_group(self, actor: Actor, group_id: str, expected_version: int) -> None:
        """Only an empty group goes: its indicators would take their history with them."""
        with self._db.transaction(actor) as session:
            group = _group(session, actor, group_id, expected_version)
            if group.indicators:
                raise UserError(
                    f"В группе «{group.number} {group.title}» есть показатели ({len(group.indicators)}): перенесите"
                    " их в другую группу или исключите, затем удалите группу."
                )
            session.delete(group)

    def move_group(self, actor: Actor, group_id: str, step: int) -> None:
        """One place up (``step`` < 0) or down among the program's groups."""
        with self._db.transaction(actor) as session:
            group = _group(session, actor, group_id, None)
            siblings = list(
                session.scalars(
                    select(IndicatorGroup)
                    .where(IndicatorGroup.program_id == group.program_id)
                    .order_by(IndicatorGroup.position, IndicatorGroup.number)
                )
            )
            shift(siblings, group, step)

    def add_indicator(
        self, actor: Actor, group_id: str, entry: IndicatorInput, state: IndicatorState = IndicatorState.ACTIVE
    ) -> str:
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            group = _group(session, actor, group_id, None)
            assert group.program_id is not None  # _group refuses a group outside any program
            check_code(session, group.program_id, entry.code, None)
            indicator = Indicator(group_id=group.id, code=entry.code, name=entry.name, state=state.value)
            indicator.position = max((item.position for item in group.indicators), default=0) + 1
            fill_indicator(indicator, entry)
            session.add(indicator)
            session.flush()
            link_measures(session, indicator.id, entry.measure_ids, group.program_id)
            return indicator.id

    def update_indicator(
        self,
        actor: Actor,
        indicator_id: str,
        entry: IndicatorInput,
        expected_version: int,
        group_id: str | None = None,
    ) -> None:
        """Save the indicator's fields and, when ``group_id`` names another group, move it there in the same
        transaction: the editor's «Группа:» is one of its fields, saved with the others."""
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            indicator, program_id = _indicator(session, actor, indicator_id, expected_version)
            check_code(session, program_id, entry.code, indicator.id)
            if entry.code != indicator.code:
                require_unused(session, program_id, indicator.code, "изменить его код")
            fill_indicator(indicator, entry)
            link_measures(session, indicator.id, entry.measure_ids, program_id)
            if group_id is not None:
                _regroup(session, indicator, program_id, group_id)

    def move_indicator(self, actor: Actor, indicator_id: str, step: int = 0, group_id: str | None = None) -> None:
        """One place up or down in its group, or to the end of another group of the same program."""
        with self._db.transaction(actor) as session:
            indicator, program_id = _indicator(session, actor, indicator_id, None)
            if group_id is not None and group_id != indicator.group_id:
                _regroup(session, indicator, program_id, group_id)
                return
            siblings = list(
                session.scalars(
                    select(Indicator)
                    .where(Indicator.group_id == indicator.group_id)
                    .order_by(Indicator.position, Indicator.code)
                )
            )
            shift(siblings, indicator, step)

    def confirm(self, actor: Actor, indicator_id: str, expected_version: int) -> None:
        """A draft read from a plan becomes an active indicator: from now on its values are entered."""
        with self._db.transaction(actor) as session:
            indicator, _ = _indicator(session, actor, indicator_id, expected_version)
            if IndicatorState.of(indicator.state) is not IndicatorState.DRAFT:
                raise UserError(f"Показатель {indicator.code} не черновик: подтверждать нечего.")
            indicator.state = IndicatorState.ACTIVE.value

    def reinstate(self, actor: Actor, indicator_id: str, expected_version: int) -> None:
        """A retired indicator back in the entry grid and the reports."""
        with self._db.transaction(actor) as session:
            indicator, _ = _indicator(session, actor, indicator_id, expected_version)
            if IndicatorState.of(indicator.state) is not IndicatorState.RETIRED:
                raise UserError(f"Показатель {indicator.code} не исключён.")
            indicator.state = IndicatorState.ACTIVE.value

    def removal(self, actor: Actor, indicator_id: str) -> Removal:
        """How many values and plans removing the indicator would keep (retire) or drop (delete)."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            indicator = session.get(Indicator, indicator_id)
            if indicator is None:
                raise NotFound("Показатель не найден: возможно, его удалили. Обновите каталог.")
            values, plans = counts(session, [indicator_id])
            return Removal(indicator.code, values[indicator_id], plans[indicator_id])

    def remove(self, actor: Actor, indicator_id: str, expected_version: int) -> Removal:
        """Retire an indicator that has values (they and its plans stay, old reports still show it); delete
        one that has none, or a draft nobody confirmed, with its plans and links."""
        with self._db.transaction(actor) as session:
            indicator, program_id = _indicator(session, actor, indicator_id, expected_version)
            values, plans = counts(session, [indicator_id])
            removal = Removal(indicator.code, values[indicator_id], plans[indicator_id])
            if removal.keeps_history:
                if IndicatorState.of(indicator.state) is IndicatorState.RETIRED:
                    raise UserError(f"Показатель {indicator.code} уже исключён.")
                indicator.state = IndicatorState.RETIRED.value
            else:
                require_unused(session, program_id, indicator.code, "удалить его")
                session.delete(indicator)
            return removal


def _view(session: Session, actor: Actor, program: Program) -> CatalogueView:
    groups = list(
        session.scalars(
            select(IndicatorGroup)
            .where(IndicatorGroup.program_id == program.id)
            .order_by(IndicatorGroup.position, IndicatorGroup.number)
        )
    )
    ids = [indicator.id for group in groups for indicator in group.indicators]
    values, plans = counts(session, ids)
    links: dict[str, list[str]] = {}
    for measure_id, indicator_id in session.execute(
        select(MeasureIndicator.measure_id, MeasureIndicator.indicator_id).where(MeasureIndicator.indicator_id.in_(ids))
    ):
        links.setdefault(indicator_id, []).append(measure_id)
    measures = session.execute(
        select(Measure.id, ProgramBlock.number, Measure.number, Measure.name)
        .join(ProgramBlock, Measure.block_id == ProgramBlock.id)
        .where(ProgramBlock.program_id == program.id)
        .order_by(ProgramBlock.position, Measure.position)
    )
    return CatalogueView(
        program_id=program.id,
        title=program.short_title or program.title,
        is_regional=program.owner == "",
        read_only_reason=edit_refusal(session, actor, program),
        groups=tuple(
            GroupCard(
                group.id,
                group.number,
                group.title,
                group.row_version,
                tuple(
                    _card(ind, group.id, values[ind.id], plans[ind.id], links.get(ind.id, []))
                    for ind in group.indicators
                ),
            )
            for group in groups
        ),
        measures=tuple(
            MeasureChoice(mid, " ".join(f"{block}{number} {name}".split())) for mid, block, number, name in measures
        ),
    )


def _card(indicator: Indicator, group_id: str, values: int, plans: int, measure_ids: list[str]) -> IndicatorCard:
    return IndicatorCard(
        id=indicator.id,
        group_id=group_id,
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        kind=IndicatorKind.of(indicator.kind),
        cumulative=bool(indicator.cumulative),
        direction=Direction.of(indicator.direction),
        base_value=indicator.base_value,
        base_date=indicator.base_date,
        source=indicator.source or "",
        measure_ids=tuple(measure_ids),
        state=IndicatorState.of(indicator.state),
        row_version=indicator.row_version,
        value_count=values,
        plan_count=plans,
    )


def _regroup(session: Session, indicator: Indicator, program_id: str, group_id: str) -> None:
    """To the end of another group of the same program; a group of another program is refused."""
    if group_id == indicator.group_id:
        return
    target = session.get(IndicatorGroup, group_id)
    if target is None or target.program_id != program_id:
        raise UserError("Группу можно выбрать только из каталога той же программы.")
    indicator.group_id = target.id
    indicator.position = max((item.position for item in target.indicators), default=0) + 1


def _check_version(record: IndicatorGroup | Indicator, expected_version: int | None) -> None:
    if expected_version is not None and record.row_version != expected_version:
        raise UserError(_CHANGED)


def _group(session: Session, actor: Actor, group_id: str, expected_version: int | None) -> IndicatorGroup:
    group = session.get(IndicatorGroup, group_id)
    if group is None or group.program_id is None:
        raise NotFound("Группа показателей не найдена: возможно, её удалили. Обновите каталог.")
    require_editor(session, actor, group.program_id)
    _check_version(group, expected_version)
    return group


def _indicator(
    session: Session, actor: Actor, indicator_id: str, expected_version: int | None
) -> tuple[Indicator, str]:
    indicator = session.get(Indicator, indicator_id)
    group = session.get(IndicatorGroup, indicator.group_id) if indicator and indicator.group_id else None
    if indicator is None or group is None or group.program_id is None:
        raise NotFound("Показатель не найден: возможно, его удалили. Обновите каталог.")
    require_editor(session, actor, group.program_id)
    _check_version(indicator, expected_version)
    return indicator, group.program_id
