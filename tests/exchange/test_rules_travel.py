"""A program's rules across indicators go down with its catalogue in the region's package, change there when
the region changes them, and a district can neither edit them nor send them back changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.core.resources import demo_program
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import Role
from desktop_app.domain.validation_rules import Importance
from desktop_app.services.catalogue_validation import CatalogueValidationRules, RuleInput
from desktop_app.services.program_store import store_program
from desktop_app.storage.models import IndicatorRule
from tests.conftest import make_actor
from tests.exchange.test_end_to_end import DISTRICTS, Installation, district_installation
from tests.exchange.test_end_to_end import REGION as REGION_REQUEST

COORDINATOR = make_actor(Role.COORDINATOR, "coordinator")
HEAD = make_actor(Role.HEAD, "head")
RULE = RuleInput("Вернувшихся не больше, чем в учреждениях", "#{1.2.числитель}", "≤", "#{1.1}", Importance.ERROR)


def rules_of(installation: Installation) -> list[tuple[str, str, str, str, str, str]]:
    with installation.db.reading() as session:
        rows = session.scalars(select(IndicatorRule).order_by(IndicatorRule.position))
        return [(row.id, row.name, row.left, row.operator, row.right, row.importance) for row in rows]


def test_rules_go_down_with_the_program_and_follow_the_regions_changes(tmp_path: Path) -> None:
    region = Installation(tmp_path / "region", REGION_REQUEST)
    with region.db.transaction() as session:
        program_id = store_program(session, demo_program()).id
    rules = CatalogueValidationRules(region.db)
    rule_id = rules.add(COORDINATOR, program_id, RULE)
    first = tmp_path / "region-1.opeka"
    region.export.write(SYSTEM_ACTOR, first)

    district = district_installation(tmp_path / "district", DISTRICTS[0])
    counts = district.take(first)
    assert sum(counts["indicator_rules"].values()) == 1
    assert rules_of(district) == rules_of(region)
    assert rules_of(district)[0][2:5] == ("#{1.2.числитель}", "≤", "#{1.1}")

    [card] = rules.rules(COORDINATOR, program_id)
    rules.update(
        COORDINATOR, rule_id, RuleInput(RULE.name, RULE.left, "<", RULE.right, Importance.WARNING), card.row_version
    )
    second = tmp_path / "region-2.opeka"
    region.export.write(SYSTEM_ACTOR, second)
    district.take(second)
    assert [(op, importance) for *_, op, _right, importance in rules_of(district)] == [("<", "warning")]


def test_a_district_cannot_edit_the_regions_rules(tmp_path: Path) -> None:
    region = Installation(tmp_path / "region", REGION_REQUEST)
    with region.db.transaction() as session:
        program_id = store_program(session, demo_program()).id
    rule_id = CatalogueValidationRules(region.db).add(COORDINATOR, program_id, RULE)
    package = tmp_path / "region-1.opeka"
    region.export.write(SYSTEM_ACTOR, package)
    district = district_installation(tmp_path / "district", DISTRICTS[0])
    district.take(package)
    with pytest.raises(UserError, match="принадлежит региону"):
        CatalogueValidationRules(district.db).delete(COORDINATOR, rule_id, 1)
    assert len(rules_of(district)) == 1


def test_a_district_bundle_carrying_a_changed_region_rule_is_refused(tmp_path: Path) -> None:
    region = Installation(tmp_path / "region", REGION_REQUEST)
    with region.db.transaction() as session:
        program_id = store_program(session, demo_program()).id
    rule_id = CatalogueValidationRules(region.db).add(COORDINATOR, program_id, RULE)
    package = tmp_path / "region-1.opeka"
    region.export.write(SYSTEM_ACTOR, package)
    district = district_installation(tmp_path / "district", DISTRICTS[0])
    district.take(package)
    with district.db.transaction() as session:  # edited behind the program's back, e.g. in an SQLite browser
        rule = session.get(IndicatorRule, rule_id)
        assert rule is not None
        rule.right = "#{1.1} + 100"
    bundle = tmp_path / "district-1.opeka"
    district.export.write(SYSTEM_ACTOR, bundle)
    with pytest.raises(UserError, match="Правила проверки показателей.*принадлежит региону"):
        region.take(bundle)
    assert rules_of(region)[0][4] == "#{1.1}"
