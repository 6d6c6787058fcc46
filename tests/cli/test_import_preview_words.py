"""`opeka import FILE --dry-run` words a region's catalogue change as the window's preview does: an indicator's
kind, direction and state in Russian («снижение», not «decrease»), while the JSON keeps its keys and the stored
codes for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.domain.indicators import Direction, IndicatorKind, IndicatorState
from desktop_app.gui.exchange.preview_dialog import change_rows
from desktop_app.services.catalogue import Catalogue
from desktop_app.services.catalogue_rules import GroupInput, IndicatorInput
from tests.catalogue_world import COORDINATOR, NSO_REGION, Office, add_program, district_office, region_office

BEFORE = IndicatorInput(
    code="2",
    name="Вероятность отказа от новорождённого",
    unit="на 1000 детей",
    kind=IndicatorKind.RATE_PER_1000,
    direction=Direction.DECREASE,
    base_value=4.4,
)
AFTER = IndicatorInput(**{**BEFORE.__dict__, "kind": IndicatorKind.PERCENTAGE, "direction": Direction.INCREASE})


@pytest.fixture
def second_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Office, Path]:
    """A district that took the region's first package (a draft indicator), and the region's second package in
    which the indicator is confirmed and its kind and direction changed."""
    region = region_office(tmp_path / "region")
    program_id, _ = add_program(region.db)
    catalogue = Catalogue(region.db)
    group_id = catalogue.add_group(COORDINATOR, program_id, GroupInput("1.", "Ключевые целевые показатели"))
    indicator_id = catalogue.add_indicator(COORDINATOR, group_id, BEFORE, state=IndicatorState.DRAFT)
    first = tmp_path / "region-1.opeka"
    region.export.write(COORDINATOR, first)
    district = district_office(tmp_path / "district")
    district.take(first)

    card = catalogue.view(COORDINATOR, program_id).indicator(indicator_id)
    assert card is not None
    catalogue.update_indicator(COORDINATOR, indicator_id, AFTER, card.row_version)
    catalogue.confirm(COORDINATOR, indicator_id, card.row_version + 1)
    second = tmp_path / "region-2.opeka"
    region.export.write(COORDINATOR, second)
    region.db.close()
    monkeypatch.setenv("OPEKA_USER", "admin")  # the district's administrator (catalogue_world.district_office)
    monkeypatch.setenv("OPEKA_PASSWORD", NSO_REGION.admin_password)
    return district, second


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def indicator_fields(report: dict[str, object]) -> dict[str, dict[str, object]]:
    changes = report["changes"]
    assert isinstance(changes, list)
    [change] = [c for c in changes if c["entity"] == "indicators"]
    assert change["entity_label"] == "Показатели" and change["outcome_label"] == "изменённые"
    return {field["field"]: field for field in change["fields"]}


def test_dry_run_json_words_kind_direction_and_state_as_the_window(
    second_package: tuple[Office, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    district, package = second_package
    code, out = run(capsys, "--data-dir", str(district.paths.root), "import", str(package), "--dry-run", "--json")
    assert code == 0
    fields = indicator_fields(json.loads(out)["files"][0])
    expected = {
        "kind": (IndicatorKind.RATE_PER_1000, IndicatorKind.PERCENTAGE),
        "direction": (Direction.DECREASE, Direction.INCREASE),
        "state": (IndicatorState.DRAFT, IndicatorState.ACTIVE),
    }
    for name, (old, new) in expected.items():
        field = fields[name]
        assert (field["old"], field["new"]) == (old.value, new.value), "the stored codes stay for scripts"
        assert (field["old_text"], field["new_text"]) == (old.label, new.label), name
    assert fields["direction"]["label"] == "желаемое направление"
    assert "rate_per_1000" not in {field["old_text"] for field in fields.values()}

    preview = district.load.preview(COORDINATOR, package)
    window = {row[3]: (row[4], row[5]) for row in change_rows(preview) if row[0] == "Показатели"}
    for name in expected:
        assert window[name] == (fields[name]["old_text"], fields[name]["new_text"]), "the window says the same"


def test_dry_run_text_lists_the_changed_fields_in_words(
    second_package: tuple[Office, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    district, package = second_package
    code, out = run(capsys, "--data-dir", str(district.paths.root), "import", str(package), "--dry-run")
    assert code == 0
    record = "Показатели, 2 Вероятность отказа от новорождённого (изменённые)"
    kind = f"{record}: вид: {IndicatorKind.RATE_PER_1000.label} → {IndicatorKind.PERCENTAGE.label}"
    direction = f"{record}: желаемое направление: {Direction.DECREASE.label} → {Direction.INCREASE.label}"
    state = f"{record}: состояние: {IndicatorState.DRAFT.label} → {IndicatorState.ACTIVE.label}"
    for line in (kind, direction, state):
        assert line in out
    assert "Показатели: изменённые: 1" in out
    for code_word in ("rate_per_1000", "decrease", "draft", "indicators:"):
        assert code_word not in out
