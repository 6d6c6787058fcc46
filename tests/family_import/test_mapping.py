"""The mapping file: written and read back unchanged, and a wrong one refused in one sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.family_import import ColumnMapping, load_mapping, load_remembered, remember, save_mapping

MAPPING = ColumnMapping(
    columns={"adult1_name": "ФИО кандидата", "adult1_birth_date": "Дата рождения", "stage": "Этап"},
    sheet="Кандидаты",
    header_row=3,
    default_municipality="Плесецкий муниципальный округ",
)


def test_round_trip_keeps_every_choice(tmp_path: Path) -> None:
    path = tmp_path / "сопоставление.json"
    save_mapping(MAPPING, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "opeka-family-import-mapping" and data["version"] == 1
    assert list(data["columns"]) == ["adult1_name", "adult1_birth_date", "stage"], "in the order of the form"
    assert load_mapping(path) == MAPPING
    assert [p.name for p in tmp_path.iterdir()] == ["сопоставление.json"], "no temporary file is left"


def test_headers_match_ignoring_case_yo_and_spaces() -> None:
    mapping = ColumnMapping({"adult1_name": "фио  кандидата", "adult1_birth_date": "ДАТА РОЖДЁНИЯ"})
    assert mapping.resolve(["№", "ФИО кандидата", "Дата рождения"]) == {"adult1_name": 1, "adult1_birth_date": 2}


def test_a_mapping_that_does_not_fit_the_file_says_what_is_missing() -> None:
    with pytest.raises(ValidationError, match="В файле нет столбца «Этап», выбранного для поля «Этап»"):
        MAPPING.resolve(["ФИО кандидата", "Дата рождения"])
    with pytest.raises(ValidationError, match="не выбраны обязательные поля: «Взрослый 1: дата рождения»"):
        ColumnMapping({"adult1_name": "ФИО"}).resolve(["ФИО"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "Файл сопоставления «m.json» не прочитан: ошибка JSON в строке 1, позиция 2."),
        ("[]", "Файл сопоставления «m.json» не подходит: нужен объект JSON с полями format, version и columns."),
        ('{"version": 1}', "Файл сопоставления «m.json» не подходит: поле format должно быть"),
        (
            '{"format": "opeka-family-import-mapping", "version": 7}',
            "Файл сопоставления «m.json» не подходит: версия 7 не поддерживается, нужна 1.",
        ),
        (
            '{"format": "opeka-family-import-mapping", "version": 1, "columns": {"fio": "ФИО"}}',
            "Файл сопоставления «m.json» не подходит: неизвестное поле «fio» в columns; допустимы: municipality",
        ),
        (
            '{"format": "opeka-family-import-mapping", "version": 1, "header_row": 0}',
            "Файл сопоставления «m.json» не подходит: header_row должно быть номером строки",
        ),
        (
            '{"format": "opeka-family-import-mapping", "version": 1, "colums": {}}',
            "Файл сопоставления «m.json» не подходит: неизвестное поле «colums».",
        ),
    ],
)
def test_a_wrong_mapping_file_is_one_clear_message(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_mapping(path)
    assert caught.value.message.startswith(message)


def test_a_missing_mapping_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="Не удалось прочитать файл сопоставления .*файл или папка не найдены"):
        load_mapping(tmp_path / "нет.json")


def test_the_remembered_mapping_is_a_convenience_never_an_error(tmp_path: Path) -> None:
    path = tmp_path / "family_import_mapping.json"
    assert load_remembered(path) is None
    remember(MAPPING, path)
    assert load_remembered(path) == MAPPING
    path.write_text("испорчен", encoding="utf-8")
    assert load_remembered(path) is None
    blocker = tmp_path / "file"
    blocker.write_text("")
    remember(MAPPING, blocker / "x.json")  # a folder that cannot exist: logged, not raised
