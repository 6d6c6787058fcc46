"""Program files are checked before anything is stored; the territory directory finds districts by name."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest

from desktop_app.core.paths import resource_path
from desktop_app.core.resources import territory_directory
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.program_definition import PROGRAM_FORMAT, parse_program_definition
from desktop_app.domain.territories import TerritoryDirectory

SOURCE = "test.json"


def shipped_program() -> Any:
    return json.loads(resource_path("demo", "plesetsk_program.json").read_text(encoding="utf-8"))


def minimal_program() -> dict[str, Any]:
    """The smallest valid program file; each test below breaks one thing in it."""
    return {
        "format": PROGRAM_FORMAT,
        "program": {
            "title": "Программа профилактики социального сиротства",
            "level": "municipal",
            "approving_act": {"body": "администрации", "kind": "постановление", "number": "1-па", "date": "2025-06-27"},
            "period_start": "2025-07-01",
            "period_end": "2026-12-31",
        },
        "organisations": [
            {"key": "ooip", "full_name": "Отдел опеки и попечительства", "department": "guardianship"},
        ],
        "blocks": [
            {
                "number": "I.",
                "title": "Управление",
                "measures": [{"number": "1.", "name": "Утвердить программу", "executors": ["ooip"]}],
            }
        ],
        "indicator_groups": [
            {
                "number": "1.",
                "title": "Целевые группы",
                "indicators": [
                    {
                        "code": "1.1",
                        "name": "Дети в учреждениях",
                        "unit": "единиц",
                        "kind": "count",
                        "base_value": 38,
                        "plan": [{"period": "2025-H2", "value": 35, "text": "35"}],
                    }
                ],
            }
        ],
    }


def parse_error(data: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_program_definition(data, source=SOURCE)
    message = caught.value.message
    assert message.startswith(f"Файл программы «{SOURCE}»: "), message
    return message


def test_shipped_demo_program_parses_completely() -> None:
    program = parse_program_definition(shipped_program(), source="plesetsk_program.json")
    assert len(program.blocks) == 7
    assert [block.number for block in program.blocks] == ["I.", "II.", "III.", "IV.", "V.", "VI.", "VII."]
    assert len(program.measures) == 31
    assert len(program.indicators) == 33
    assert sum(len(indicator.plan) for indicator in program.indicators) == 132
    assert (program.period_start, program.period_end) == (date(2025, 7, 1), date(2026, 12, 31))
    assert program.act.number == "230-па" and program.act.date == date(2025, 6, 27)


def test_shipped_indicator_keeps_base_value_and_half_year_plan() -> None:
    program = parse_program_definition(shipped_program())
    first = program.indicators[0]
    assert (first.code, first.base_value, first.base_date) == ("1.1", 38.0, date(2024, 7, 1))
    assert [(p.period, p.value, p.text) for p in first.plan] == [
        (Period.parse("2025-H1"), None, "-"),
        (Period.parse("2025-H2"), 35.0, "35"),
        (Period.parse("2026-H1"), 31.0, "31"),
        (Period.parse("2026-H2"), 26.0, "26"),
    ]


def test_minimal_program_is_accepted_with_whitespace_collapsed() -> None:
    data = minimal_program()
    data["blocks"][0]["measures"][0]["name"] = "  Утвердить\n  программу "
    program = parse_program_definition(data)
    assert program.measures[0].name == "Утвердить программу"
    assert program.measures[0].executor_keys == ("ooip",)


def test_wrong_format_tag_is_refused_in_the_header() -> None:
    data = minimal_program()
    data["format"] = "opeka-program/99"
    message = parse_error(data)
    assert "заголовок" in message and "opeka-program/99" in message and PROGRAM_FORMAT in message


def test_file_that_is_not_an_object_is_refused() -> None:
    assert "ожидается объект" in parse_error(["not", "a", "program"])


def test_missing_title_names_the_program_and_the_field() -> None:
    data = minimal_program()
    del data["program"]["title"]
    assert "программа — не заполнено поле «title»" in parse_error(data)


def test_blank_measure_name_names_the_measure() -> None:
    data = minimal_program()
    data["blocks"][0]["measures"][0]["name"] = "   "
    assert "мероприятие I.1. — не заполнено поле «name»" in parse_error(data)


def test_unknown_executor_key_names_the_measure_and_the_key() -> None:
    data = minimal_program()
    data["blocks"][0]["measures"][0]["executors"] = ["ooip", "nobody"]
    message = parse_error(data)
    assert "мероприятие I.1." in message and "«nobody»" in message and "справочнике организаций" in message


def test_duplicate_organisation_key_is_refused() -> None:
    data = minimal_program()
    data["organisations"].append(copy.deepcopy(data["organisations"][0]))
    assert "справочник организаций — ключ «ooip» повторяется" in parse_error(data)


def test_unknown_department_names_the_organisation() -> None:
    data = minimal_program()
    data["organisations"][0]["department"] = "space"
    assert "организация «Отдел опеки и попечительства» — неизвестная сфера «space»" in parse_error(data)


def test_unknown_indicator_kind_names_the_indicator() -> None:
    data = minimal_program()
    data["indicator_groups"][0]["indicators"][0]["kind"] = "ratio"
    assert "показатель 1.1 — неизвестный вид показателя «ratio»" in parse_error(data)


def test_duplicate_indicator_code_is_refused_even_across_groups() -> None:
    data = minimal_program()
    group = copy.deepcopy(data["indicator_groups"][0])
    group["number"] = "2."
    data["indicator_groups"].append(group)
    assert "показатели — код «1.1» повторяется" in parse_error(data)


@pytest.mark.parametrize("bad", ["2025-13-01", "01.07.2025", "скоро"])
def test_bad_date_names_the_field_and_the_expected_form(bad: str) -> None:
    data = minimal_program()
    data["program"]["period_start"] = bad
    message = parse_error(data)
    assert "программа" in message and f"«{bad}»" in message and "«period_start»" in message and "ГГГГ-ММ-ДД" in message


def test_program_ending_before_it_starts_is_refused() -> None:
    data = minimal_program()
    data["program"]["period_end"] = "2025-01-01"
    assert "окончание срока раньше его начала" in parse_error(data)


@pytest.mark.parametrize("bad", [{"number": "I."}, "I.", 7])
def test_blocks_that_are_not_a_list_are_refused(bad: Any) -> None:
    data = minimal_program()
    data["blocks"] = bad
    assert "файл — поле «blocks» должно быть списком" in parse_error(data)


def test_non_numeric_base_value_names_the_indicator() -> None:
    data = minimal_program()
    data["indicator_groups"][0]["indicators"][0]["base_value"] = "38"
    assert "показатель 1.1 — поле «base_value» должно быть числом" in parse_error(data)


def test_cumulative_mark_must_be_true_or_false() -> None:
    data = minimal_program()
    data["indicator_groups"][0]["indicators"][0]["cumulative"] = "да"
    assert "показатель 1.1 — поле «cumulative» должно быть true или false" in parse_error(data)


def test_bad_plan_period_names_the_file_and_the_indicator() -> None:
    data = minimal_program()
    data["indicator_groups"][0]["indicators"][0]["plan"][0]["period"] = "2025-H3"
    assert "показатель 1.1" in parse_error(data)


# --- territories ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def territories() -> TerritoryDirectory:
    return territory_directory()


def test_arkhangelsk_and_novosibirsk_regions_are_listed(territories: TerritoryDirectory) -> None:
    assert territories.region("29").name == "Архангельская область"
    assert territories.region("54").title == "54 — Новосибирская область"
    assert territories.region(" 29 ").code == "29"


def test_novosibirsk_region_has_5_city_okrugs_and_30_districts(territories: TerritoryDirectory) -> None:
    districts = territories.region("54").districts
    assert len(districts) == 35
    assert sum(d.kind == "city_okrug" for d in districts) == 5
    assert sum(d.kind == "municipal_district" for d in districts) == 30


def test_plesetsk_okrug_is_found_in_arkhangelsk_region(territories: TerritoryDirectory) -> None:
    district = territories.district("29", "ПЛЕСЕЦКИЙ  муниципальный округ")
    assert district.name == "Плесецкий муниципальный округ"
    assert district.kind_label == "муниципальный округ"


def test_district_lookup_ignores_case_and_yo(territories: TerritoryDirectory) -> None:
    assert territories.district("54", "коченевский район").name == "Коченёвский район"
    assert territories.district("54", "КРАСНОЗЕРСКИЙ РАЙОН").name == "Краснозёрский район"


def test_unknown_region_is_refused_in_russian(territories: TerritoryDirectory) -> None:
    with pytest.raises(ValidationError) as caught:
        territories.region("99")
    assert caught.value.message == "Регион с кодом «99» не найден в справочнике территорий."
    assert "region" in caught.value.field_errors


def test_unknown_district_is_refused_naming_the_region(territories: TerritoryDirectory) -> None:
    with pytest.raises(ValidationError) as caught:
        territories.district("54", "Плесецкий муниципальный округ")
    assert caught.value.message == (
        "Муниципальное образование «Плесецкий муниципальный округ» не найдено в регионе «Новосибирская область»."
    )
    assert "district" in caught.value.field_errors


def test_region_without_districts_says_the_directory_is_not_filled(territories: TerritoryDirectory) -> None:
    with pytest.raises(ValidationError, match="пока не заполнен"):
        territories.district("77", "Тверской район")


def test_broken_territory_file_is_reported_not_crashed() -> None:
    with pytest.raises(ValidationError, match="Справочник территорий повреждён"):
        TerritoryDirectory.from_data({"regions": [{"code": "29"}]})
