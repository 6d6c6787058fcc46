"""Rules across a program's indicators kept in its catalogue: added, edited and removed by the catalogue's
editor only, each side checked against the program's codes, every change in the audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain.errors import PermissionDenied, UserError, ValidationError
from desktop_app.domain.indicators import IndicatorKind
from desktop_app.domain.validation_rules import Importance
from desktop_app.services.catalogue import Catalogue
from desktop_app.services.catalogue_rules import GroupInput, IndicatorInput
from desktop_app.services.catalogue_validation import CatalogueValidationRules, RuleInput
from desktop_app.storage.models import AuditEntry
from tests.catalogue_world import COORDINATOR, HEAD, SPECIALIST, Office, add_program, district_office, region_office

PART_OF_WHOLE = RuleInput(
    "Вернувшихся детей не больше, чем детей в учреждениях", "#{1.2.числитель}", "≤", "#{1.1}", Importance.ERROR
)


def catalogue_with_two_indicators(office: Office, actor: object = COORDINATOR, regional: bool = True) -> str:
    program_id, _ = add_program(office.db, regional=regional)
    catalogue = Catalogue(office.db)
    group_id = catalogue.add_group(actor, program_id, GroupInput("1.", "Целевые группы"))  # type: ignore[arg-type]
    catalogue.add_indicator(actor, group_id, IndicatorInput("1.1", "Детей в детских учреждениях"))  # type: ignore[arg-type]
    catalogue.add_indicator(
        actor,  # type: ignore[arg-type]
        group_id,
        IndicatorInput("1.2", "Удельный вес детей, возвращённых в кровную семью", "%", IndicatorKind.PERCENTAGE),
    )
    return program_id


@pytest.fixture
def region(tmp_path: Path) -> Office:
    return region_office(tmp_path / "region")


def test_the_coordinator_adds_edits_and_removes_a_rule(region: Office) -> None:
    program_id = catalogue_with_two_indicators(region)
    rules = CatalogueValidationRules(region.db)
    rule_id = rules.add(COORDINATOR, program_id, PART_OF_WHOLE)
    [card] = rules.rules(SPECIALIST, program_id)
    assert (card.id, card.left, card.operator, card.right, card.importance) == (
        rule_id,
        "#{1.2.числитель}",
        "≤",
        "#{1.1}",
        Importance.ERROR,
    )
    assert card.words == "числитель 1.2 ≤ 1.1"

    rules.update(
        COORDINATOR,
        rule_id,
        RuleInput("Доля и число", "#{1.2.числитель}", "<=", "#{1.1} + 2", Importance.WARNING),
        card.row_version,
    )
    [edited] = rules.rules(SPECIALIST, program_id)
    assert (edited.name, edited.operator, edited.right, edited.importance) == (
        "Доля и число",
        "≤",
        "#{1.1} + 2",
        Importance.WARNING,
    )
    with pytest.raises(UserError, match="изменено другим пользователем"):
        rules.update(COORDINATOR, rule_id, PART_OF_WHOLE, card.row_version)

    rules.delete(COORDINATOR, rule_id, edited.row_version)
    assert rules.rules(SPECIALIST, program_id) == []
    with region.db.reading() as session:
        journal = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "indicator_rule")).all()
    assert sorted(journal) == sorted(["create", "update", "delete"])


def test_a_rule_naming_a_code_the_program_lacks_is_refused_naming_it(region: Office) -> None:
    program_id = catalogue_with_two_indicators(region)
    rules = CatalogueValidationRules(region.db)
    with pytest.raises(ValidationError) as refusal:
        rules.add(COORDINATOR, program_id, RuleInput("Опечатка", "#{1.2.числитель}", "≤", "#{1.7} + #{1.1}"))
    assert refusal.value.field_errors == {"right": "В программе нет показателя с кодом 1.7."}
    assert "1.7" in refusal.value.message
    with pytest.raises(ValidationError) as preview:
        rules.preview(COORDINATOR, program_id, "#{9.9.план}", "left")
    assert preview.value.field_errors == {"left": "В программе нет показателя с кодом 9.9."}
    assert rules.preview(COORDINATOR, program_id, "#{1.1} - 3", "left") == "1.1 − 3"
    assert rules.rules(COORDINATOR, program_id) == []


def test_only_the_catalogues_editor_may_change_its_rules(region: Office) -> None:
    program_id = catalogue_with_two_indicators(region)
    rules = CatalogueValidationRules(region.db)
    with pytest.raises(PermissionDenied):
        rules.add(SPECIALIST, program_id, PART_OF_WHOLE)
    with pytest.raises(PermissionDenied):
        rules.add(HEAD, program_id, PART_OF_WHOLE)  # the region's catalogue is reference data
    rule_id = rules.add(COORDINATOR, program_id, PART_OF_WHOLE)
    with pytest.raises(PermissionDenied):
        rules.delete(SPECIALIST, rule_id, 1)


def test_a_district_head_keeps_the_rules_of_the_districts_own_program_only(tmp_path: Path) -> None:
    district = district_office(tmp_path / "district")
    own_id = catalogue_with_two_indicators(district, HEAD, regional=False)
    rules = CatalogueValidationRules(district.db)
    rule_id = rules.add(HEAD, own_id, PART_OF_WHOLE)
    with district.db.transaction() as session:  # as if the program had come with the region's package
        from desktop_app.storage.models import Program

        session.get(Program, own_id).owner = ""  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):
        rules.delete(HEAD, rule_id, 1)


def test_an_indicator_a_rule_names_keeps_its_code_and_is_not_deleted(region: Office) -> None:
    program_id = catalogue_with_two_indicators(region)
    CatalogueValidationRules(region.db).add(COORDINATOR, program_id, PART_OF_WHOLE)
    catalogue = Catalogue(region.db)
    children = next(
        card
        for group in catalogue.view(COORDINATOR, program_id).groups
        for card in group.indicators
        if card.code == "1.1"
    )
    renamed = IndicatorInput("1.1а", children.name)
    with pytest.raises(UserError, match=f"Показатель 1.1 назван в правилах проверки \\(«{PART_OF_WHOLE.name}»\\)"):
        catalogue.update_indicator(COORDINATOR, children.id, renamed, children.row_version)
    with pytest.raises(UserError, match="удалить его нельзя"):
        catalogue.remove(COORDINATOR, children.id, children.row_version)
    catalogue.update_indicator(COORDINATOR, children.id, IndicatorInput("1.1", "Другое название"), children.row_version)
    assert catalogue.view(COORDINATOR, program_id).indicator(children.id).name == "Другое название"  # type: ignore[union-attr]
