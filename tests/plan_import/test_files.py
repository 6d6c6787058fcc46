"""Reading .docx and .xlsx files, and refusing the ones that must not be read, in one Russian sentence."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from desktop_app.domain.errors import UserError
from desktop_app.plan_import import read_document, read_plan_file, safety
from tests.plan_import.small_plan import TITLE, write_small_plan


@pytest.fixture
def small_docx(tmp_path: Path) -> Path:
    return write_small_plan(tmp_path / "план.docx")


def test_small_word_plan_is_read_with_its_quirks(small_docx: Path) -> None:
    plan = read_plan_file(small_docx)
    assert plan.title == TITLE
    assert [(b.number, b.title) for b in plan.loose_blocks] == [
        ("I.", "Межведомственное взаимодействие"),
        ("II.", "Информирование населения"),
    ]
    first, second, third = plan.loose_blocks[0].measures
    assert first.name == "Заседания комиссии\nпо вопросам профилактики"  # lines kept, line ends trimmed
    assert first.executor_names == ("КДН и ЗП", "Отдел опеки")
    assert [second.number, third.number] == ["2.", "2."]  # duplicates kept, never renumbered
    assert second.executor_names == ("Центр «Семья, дети»", "Управление образования")
    assert all("document_type" in m.absent_fields for m in plan.measures)
    assert [(p.location, "не импортирована" in p.reason) for p in plan.problems] == [
        ("таблица 1, строка 6", True),
        ("таблица 2", False),
    ]


def test_merged_cells_are_taken_once(small_docx: Path) -> None:
    raw = read_document(small_docx)
    plan_table = next(item for item in raw.items if getattr(item, "name", "") == "таблица 1")
    block_row = plan_table.rows[1]
    assert [(c.text, c.column, c.span) for c in block_row.cells] == [("I. Межведомственное взаимодействие", 0, 5)]


def test_excel_sheet_with_merged_rows_and_dates(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "План"
    sheet.append(["ДОРОЖНАЯ КАРТА на 2025 год"])
    sheet.append([])
    sheet.append(["№", "Наименование мероприятия", "Срок", "Исполнители", "Вид документа", "Ожидаемый результат"])
    sheet.append(["I.  Блок первый"])
    sheet.merge_cells("A4:F4")
    sheet.append([1, "Совещание\nс партнёрами", date(2025, 3, 1), "Отдел опеки", "Протокол", "Проведено"])
    book.save(tmp_path / "план.xlsx")
    plan = read_plan_file(tmp_path / "план.xlsx")
    (measure,) = plan.measures
    assert (measure.number, measure.name, measure.deadline_text) == ("1", "Совещание\nс партнёрами", "01.03.2025")
    assert plan.loose_blocks[0].number == "I." and measure.location == "лист «План», строка 5"
    assert plan.title == "Дорожная карта на 2025 год"


def _refusal(path: Path) -> str:
    with pytest.raises(UserError) as caught:
        read_plan_file(path)
    message = caught.value.message
    assert "\n" not in message and "Traceback" not in message
    return message


def test_corrupt_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "план.docx").write_bytes(b"PK\x03\x04 not really a zip")
    assert _refusal(tmp_path / "план.docx") == "Файл «план.docx» не является документом Word (.docx) или повреждён."


def test_excel_book_renamed_to_docx_is_refused(tmp_path: Path) -> None:
    Workbook().save(tmp_path / "книга.docx")
    assert "не является документом Word" in _refusal(tmp_path / "книга.docx")


def test_wrong_extension_and_old_formats_are_refused(tmp_path: Path) -> None:
    (tmp_path / "план.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "план.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    assert "не является документом Word (.docx) или книгой Excel (.xlsx)" in _refusal(tmp_path / "план.pdf")
    assert "сохраните" in _refusal(tmp_path / "план.doc")


def test_password_protected_docx_is_refused(tmp_path: Path) -> None:
    (tmp_path / "план.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "защищён паролем" in _refusal(tmp_path / "план.docx")


def test_empty_and_missing_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "пусто.docx").write_bytes(b"")
    assert _refusal(tmp_path / "пусто.docx") == "Файл «пусто.docx» пуст."
    assert "не найден" in _refusal(tmp_path / "нет.docx")


def test_document_without_a_plan_table_is_refused(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Просто письмо без таблиц.")
    document.save(str(tmp_path / "письмо.docx"))
    assert "не найдено ни одного мероприятия" in _refusal(tmp_path / "письмо.docx")


def test_oversized_file_is_refused(tmp_path: Path, small_docx: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    assert "слишком большой" in _refusal(small_docx)


def test_zip_bomb_is_refused_before_unpacking(
    tmp_path: Path, small_docx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", 4 * 1024 * 1024)  # the real limit is 200 MB
    bomb = tmp_path / "бомба.docx"
    with zipfile.ZipFile(small_docx) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr("word/media/zeros.bin", b"\0" * (5 * 1024 * 1024))  # packs into a few kilobytes
    assert bomb.stat().st_size < 100_000
    assert "после распаковки слишком велик" in _refusal(bomb)


def test_xml_entities_are_refused(tmp_path: Path, small_docx: Path) -> None:
    hostile = tmp_path / "сущности.docx"
    with zipfile.ZipFile(small_docx) as source, zipfile.ZipFile(hostile, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaa">]>', 1)
            target.writestr(entry, data)
    assert "DOCTYPE" in _refusal(hostile)


def test_absurd_row_count_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_docx: Path) -> None:
    from desktop_app.plan_import import docx_reader

    monkeypatch.setattr(docx_reader, "MAX_ROWS", 3)
    assert "больше 3 строк" in _refusal(small_docx)


def _rewrite_part(source: Path, target: Path, part: str, change: Callable[[str], str]) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            copy.writestr(item, data)
    return target


def test_a_tiny_file_merging_millions_of_cells_is_refused_at_once(tmp_path: Path) -> None:
    """openpyxl and python-docx expand every merged cell: such a file would keep the program busy for minutes."""
    book = Workbook()
    book.active.append(["№", "Наименование мероприятия", "Срок реализации", "Ответственные исполнители"])
    book.save(tmp_path / "base.xlsx")
    sheet_bomb = _rewrite_part(
        tmp_path / "base.xlsx",
        tmp_path / "bomb.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>'
        ),
    )
    docx_bomb = _rewrite_part(
        write_small_plan(tmp_path / "base.docx"),
        tmp_path / "bomb.docx",
        "word/document.xml",
        lambda xml: re.sub(r'<w:gridSpan w:val="\d+"/>', '<w:gridSpan w:val="200000000"/>', xml, count=1),
    )
    for bomb in (sheet_bomb, docx_bomb):
        with pytest.raises(UserError, match="объединены ячейки"):
            read_plan_file(bomb)


def test_a_measure_with_a_cell_over_the_length_limit_is_reported_not_imported(tmp_path: Path) -> None:
    from desktop_app.plan_import.parser import MAX_CELL_CHARS
    from tests.plan_import.small_plan import small_plan_rows

    rows = small_plan_rows()
    rows[1][1] = "Ж" * (MAX_CELL_CHARS + 1)
    plan = read_plan_file(write_small_plan(tmp_path / "план.docx", rows))
    assert "Ж" * 100 not in {measure.name[:100] for measure in plan.measures}
    assert (
        plan.problems[0].reason == "в столбце «Наименование мероприятия» больше 10 000 знаков; строка не импортирована"
    )
