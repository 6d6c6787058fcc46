"""Files that are not templates, are broken or hostile: one clear Russian message, never a traceback."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop_app.domain.errors import UserError
from desktop_app.form_templates import read_template, write_template
from tests.form_templates.support import DISTRICT, PERIOD, catalogue, make_form


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "шаблон.xlsx"
    write_template(path, make_form(), PERIOD, DISTRICT)
    return path


def refused(path: Path) -> str:
    with pytest.raises(UserError) as caught:
        read_template(path, catalogue())
    message = caught.value.message
    assert "\n" not in message and "Traceback" not in message
    return message


def test_a_text_file_named_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "отчёт.xlsx"
    path.write_text("это не таблица", encoding="utf-8")

    assert refused(path) == "Файл «отчёт.xlsx» не является книгой Excel (.xlsx) или повреждён."


def test_another_kind_of_file_is_refused_by_its_extension(tmp_path: Path) -> None:
    old = tmp_path / "отчёт.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    other = tmp_path / "отчёт.pdf"
    other.write_bytes(b"%PDF-1.4")

    assert "сохраните как «Книга Excel (.xlsx)»" in refused(old)
    assert refused(other) == "Файл «отчёт.pdf» не является книгой Excel (.xlsx): шаблон формы — файл .xlsx."


def test_a_truncated_template_is_refused(template: Path) -> None:
    data = template.read_bytes()
    template.write_bytes(data[: len(data) // 2])

    assert refused(template) == "Файл «шаблон.xlsx» не является книгой Excel (.xlsx) или повреждён."


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "пустой.xlsx"
    path.write_bytes(b"")

    assert refused(path) == "Файл «пустой.xlsx» пуст."


def test_a_workbook_without_the_service_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "таблица.xlsx"
    book = Workbook()
    book.active["A1"] = "Просто таблица"
    book.save(path)

    assert refused(path) == "Файл не является шаблоном Опека-Офлайн (нет служебного листа): «таблица.xlsx»."


def test_a_service_sheet_with_someone_elses_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "таблица.xlsx"
    book = Workbook()
    book.create_sheet("_opeka")["A1"] = "что-то своё"
    book.save(path)

    assert refused(path) == "Файл не является шаблоном Опека-Офлайн (нет служебного листа): «таблица.xlsx»."


def edit_ids(path: Path, changes: dict[str, object]) -> None:
    book = load_workbook(path)
    sheet = book["_opeka"]
    for address, value in changes.items():
        sheet[address] = value
    book.save(path)


def test_a_damaged_cell_map_is_refused(template: Path) -> None:
    edit_ids(template, {"A12": "не адрес"})

    assert refused(template) == (
        "Файл не является шаблоном Опека-Офлайн или повреждён (служебный лист: строка 12 карты ячеек): «шаблон.xlsx»."
    )


@pytest.mark.parametrize("address", ["A0", "A100001", "HZ1", "17D", "=A1"])
def test_a_cell_map_with_an_address_out_of_bounds_is_refused(template: Path, address: str) -> None:
    edit_ids(template, {"A12": address})

    assert "строка 12 карты ячеек" in refused(template)


def test_two_map_rows_for_one_cell_are_refused(template: Path) -> None:
    book = load_workbook(template)
    sheet = book["_opeka"]
    sheet["A13"] = sheet["A12"].value
    book.save(template)

    assert "строка 13 карты ячеек" in refused(template)


def test_a_map_pointing_at_a_question_the_form_does_not_have_is_refused(template: Path) -> None:
    edit_ids(template, {"B12": "нет-такого"})

    assert "не относится к вопросам формы" in refused(template)


def test_a_map_of_absurd_size_is_refused(template: Path) -> None:
    edit_ids(template, {"B10": 10_000_000})

    assert refused(template) == (
        "В шаблоне «шаблон.xlsx» больше 5 000 ячеек для ввода: это не шаблон Опека-Офлайн или он повреждён."
    )


def test_a_map_shorter_than_it_claims_is_refused(template: Path) -> None:
    edit_ids(template, {"B10": 4_999})

    assert "ячеек вместо 4999" in refused(template)


def test_a_broken_period_is_refused(template: Path) -> None:
    edit_ids(template, {"B5": "когда-нибудь"})

    assert "период «когда-нибудь»" in refused(template)


def test_a_template_of_a_newer_format_asks_to_update_the_program(template: Path) -> None:
    edit_ids(template, {"B2": 2})

    assert (
        refused(template) == "Шаблон «шаблон.xlsx» сделан более новой версией программы (формат 2): обновите программу."
    )


def test_a_form_the_catalogue_does_not_know_is_refused(template: Path) -> None:
    edit_ids(template, {"B3": "unknown-form"})

    assert refused(template) == "Форма «unknown-form» из шаблона неизвестна этой программе."


def test_a_file_over_20_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "огромный.xlsx"
    with path.open("wb") as stream:
        stream.write(b"PK\x03\x04")
        stream.truncate(21 * 1024 * 1024)

    assert refused(path) == "Файл «огромный.xlsx» слишком большой (21.0 МБ): принимаются файлы до 20 МБ."


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "бомба.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>")

    assert refused(path) == "Файл «бомба.xlsx» после распаковки слишком велик: это не шаблон формы."


def test_xml_entity_definitions_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "сущности.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>')

    assert "DOCTYPE" in refused(path)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "архив.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook>это не книга</workbook>")

    assert refused(path) == "Файл «архив.xlsx» не является книгой Excel (.xlsx) или повреждён."
