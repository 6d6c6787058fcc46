"""The rules across a program's indicators (domain/validation_rules.py) as the catalogue's owner keeps them:
added, edited, moved and removed under the same permissions and owner as the indicators, each side checked
against the program's codes so that a rule never names an indicator the program does not have."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import NotFound, UserError, ValidationError
from desktop_app.domain.roles import Permission
from desktop_app.domain.validation_rules import Expression, Importance, ValidationRule
from desktop_app.services.catalogue_rules import program_or_missing, require_editor
from desktop_app.storage.database import Database
from desktop_app.storage.models import Indicator, IndicatorGroup, IndicatorRule

_CHANGED = "Правило изменено другим пользователем, пока вы его редактировали. Обновите список и внесите правки снова."


@dataclass(frozen=True)
class RuleInput:
    """A rule as typed in the editor: the two sides in ``#{код.часть}`` notation and the operator's sign."""

    name: str
    left: str
    operator: str
    right: str
    importance: Importance = Importance.ERROR


@dataclass(frozen=True)
class RuleCard:
    id: str
    name: str
    left: str
    operator: str
    right: str
    importance: Importance
    words: str  # «числитель 1.2 ≤ 1.1», how the list shows it
    row_version: int

    def as_input(self) -> RuleInput:
        return RuleInput(self.name, self.left, self.operator, self.right, self.importance)


def program_codes(session: Session, program_id: str) -> set[str]:
    """Codes of every indicator in the program's catalogue, drafts and retired ones included."""
    query = (
        select(Indicator.code)
        .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
        .where(IndicatorGroup.program_id == program_id)
    )
    return set(session.scalars(query))


def checked_rule(session: Session, program_id: str, entry: RuleInput) -> ValidationRule:
    """The parsed rule; a ValidationError names each unreadable side and each code the program lacks."""
    rule = ValidationRule.parse(entry.name, entry.left, entry.operator, entry.right, entry.importance.value)
    known = program_codes(session, program_id)
    errors = {
        side: f"В программе нет показателя с кодом {', '.join(unknown)}."
        for side, expression in (("left", rule.left), ("right", rule.right))
        if (unknown := [code for code in expression.codes if code not in known])
    }
    if errors:
        raise ValidationError("Правило не сохранено: " + " ".join(errors.values()), errors)
    return rule


def side_words(text: str, side: str, known: Iterable[str]) -> str:
    """One side of a rule in words, once it reads and names only ``known`` codes; a ValidationError otherwise."""
    expression = Expression.parse(text, side)
    codes = set(known)
    unknown = [code for code in expression.codes if code not in codes]
    if unknown:
        message = f"В программе нет показателя с кодом {', '.join(unknown)}."
        raise ValidationError(message, {side: message})
    return expression.words


def program_rules(session: Session, program_id: str) -> tuple[ValidationRule, ...]:
    """The program's rules in order; one stored unreadable (a newer program wrote it) is left out, not fatal."""
    found: list[ValidationRule] = []
    query = select(IndicatorRule).where(IndicatorRule.program_id == program_id).order_by(IndicatorRule.position)
    for row in session.scalars(query):
        try:
            found.append(ValidationRule.parse(row.name, row.left, row.operator, row.right, row.importance))
        except ValidationError:
            continue
    return tuple(found)


def require_unused(session: Session, program_id: str, code: str, change: str) -> None:
    """Refuse to rename or delete an indicator a rule names: the rule would silently stop being checked."""
    names = [rule.name for rule in program_rules(session, program_id) if code in rule.codes]
    if names:
        listed = ", ".join(f"«{name}»" for name in names[:3]) + (f" и ещё {len(names) - 3}" if len(names) > 3 else "")
        raise UserError(
            f"Показатель {code} назван в правилах проверки ({listed}): {change} нельзя, пока правила ссылаются на"
            " него. Сначала измените или удалите эти правила на вкладке «Правила»."
        )


class CatalogueValidationRules:
    """Read and write a program's indicator rules."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def rules(self, actor: Actor, program_id: str) -> list[RuleCard]:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            program_or_missing(session, program_id)
            query = select(IndicatorRule).where(IndicatorRule.program_id == program_id).order_by(IndicatorRule.position)
            return [_card(row) for row in session.scalars(query)]

    def codes(self, actor: Actor, program_id: str) -> list[str]:
        """The codes a rule of the program may name, for the editor to check each side as it is typed."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            program_or_missing(session, program_id)
            return sorted(program_codes(session, program_id))

    def preview(self, actor: Actor, program_id: str, text: str, side: str) -> str:
        """One side in words («числитель 1.2 + 1.3») for the editor to show beside the field, or a
        ValidationError saying what is wrong with it, unknown codes included."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            known = program_codes(session, program_id)
        return side_words(text, side, known)

    def add(self, actor: Actor, program_id: str, entry: RuleInput) -> str:
        with self._db.transaction(actor) as session:
            require_editor(session, actor, program_id)
            rule = checked_rule(session, program_id, entry)
            last = session.scalar(
                select(func.max(IndicatorRule.position)).where(IndicatorRule.program_id == program_id)
            )
            row = IndicatorRule(program_id=program_id, position=(last or 0) + 1)
            _fill(row, rule)
            session.add(row)
            session.flush()
            return row.id

    def update(self, actor: Actor, rule_id: str, entry: RuleInput, expected_version: int) -> None:
        with self._db.transaction(actor) as session:
            row = _rule(session, actor, rule_id, expected_version)
            _fill(row, checked_rule(session, row.program_id, entry))

    def delete(self, actor: Actor, rule_id: str, expected_version: int) -> None:
        with self._db.transaction(actor) as session:
            session.delete(_rule(session, actor, rule_id, expected_version))


def _fill(row: IndicatorRule, rule: ValidationRule) -> None:
    fields = {
        "name": rule.name,
        "left": rule.left.text,
        "operator": rule.operator.value,
        "right": rule.right.text,
        "importance": rule.importance.value,
    }
    for name, value in fields.items():
        if getattr(row, name, None) != value:
            setattr(row, name, value)


def _card(row: IndicatorRule) -> RuleCard:
    try:
        words = ValidationRule.parse(row.name, row.left, row.operator, row.right, row.importance).words
    except ValidationError:
        words = f"{row.left} {row.operator} {row.right} (не прочитано)"
    return RuleCard(
        row.id, row.name, row.left, row.operator, row.right, Importance.of(row.importance), words, row.row_version
    )


def _rule(session: Session, actor: Actor, rule_id: str, expected_version: int | None) -> IndicatorRule:
    row = session.get(IndicatorRule, rule_id)
    if row is None:
        raise NotFound("Правило не найдено: возможно, его удалили. Обновите список.")
    require_editor(session, actor, row.program_id)
    if expected_version is not None and row.row_version != expected_version:
        raise UserError(_CHANGED)
    return row
