"""Reading family lists: the header found under a title, cells as text, and files refused in one sentence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.family_import import ColumnMapping, guess_mapping, read_family_sheet, read_rows
from desktop_app.family_import import reader as reader_module
from desktop_app.family_import.values import CellProblem, parse_ages, parse_count, parse_day, parse_stage, parse_yes_no
from tests.family_import.lists import HEADERS, STANDARD_ROWS, row, write_family_list

TODAY = date(2026, 11, 23)


def test_header_is_found_under_the_title_and_excel_dates_read_as_dates(tmp_path: Path) -> None:
    sheet = read_family_sheet(write_family_list(tmp_path / "семьи.xlsx"))
    assert (sheet.source, sheet.sheet, sheet.sheets, sheet.header_row) == ("семьи.xlsx", "Кандидаты", ("Кандидаты",), 3)
    assert sheet.headers[:4] == ("№ п/п", "Муниципальное образование", "ФИО кандидата", "Дата рождения")
    assert [r.number for r in sheet.rows] == [4, 5, 6, 7, 8, 9]
    first = sheet.rows[0].cells
    assert first[0] == "1" and first[3] == "12.05.1985" and first[8] == "2", "numbers without «.0», dates as read"


def test_headers_are_guessed_for_both_adults_and_the_documents() -> None:
    guessed = guess_mapping(HEADERS)
    assert guessed == {
        "municipality": "Муниципальное образование",
        "adult1_name": "ФИО кандидата",
        "adult1_birth_date": "Дата рождения",
        "adult1_phone": "Телефон",
        "adult2_name": "ФИО супруга",
        "adult2_birth_date": "Дата рождения супруга",
        "address": "Адрес",
        "capacity": "Количество детей",
        "ages": "Возраст детей",
        "accepts_disability": "ОВЗ",
        "accepts_siblings": "Братья и сёстры",
        "stage": "Этап",
        "stage_date": "Дата этапа",
        "supervisor": "Куратор",
        "shpr_certificate": "Свидетельство ШПР",
        "shpr_date": "Дата свидетельства ШПР",
        "conclusion_number": "Номер заключения",
        "conclusion_date": "Дата заключения",
        "notes": "Примечание",
    }
    # two «Дата рождения» columns: the second is told apart and goes to the second adult
    plain = guess_mapping(["ФИО матери", "Дата рождения", "ФИО отца", "Дата рождения (2)"])
    assert plain["adult2_name"] == "ФИО отца" and plain["adult2_birth_date"] == "Дата рождения (2)"


def test_each_row_becomes_a_family_or_says_in_russian_why_not(tmp_path: Path) -> None:
    sheet = read_family_sheet(write_family_list(tmp_path / "семьи.xlsx"))
    outcomes = read_rows(sheet, ColumnMapping(guess_mapping(sheet.headers)), TODAY, "Тестов Т. Т.")
    problems = {o.number: o.reason for o in outcomes if not hasattr(o, "entry")}
    assert problems == {
        7: "строка 7: дата рождения «31.02.1985» — нет такой даты",
        8: "строка 8: сколько детей «много» — нужно целое число, например 2",
    }
    families = {o.number: o for o in outcomes if hasattr(o, "entry")}
    first = families[4].entry
    assert (first.capacity, first.age_from_months, first.age_to_months) == (2, 0, 47)
    assert first.accepts_disability and not first.accepts_siblings
    assert families[4].step.stage is FamilyStage.CANDIDATE and families[4].step.reason == ""
    assert families[4].step.notes == "внесено из списка семьи.xlsx"
    couple = families[5]
    assert [m.full_name for m in couple.entry.members] == ["Сидорова Наталья Ивановна", "Сидоров Павел Олегович"]
    assert couple.entry.members[1].birth_date == date(1979, 1, 20)
    assert couple.entry.conclusion_date == date(2026, 6, 1) and couple.entry.shpr_certificate == "№ 31-ШПР"
    assert couple.step.stage is FamilyStage.IN_REGISTER and couple.step.on_date == date(2026, 6, 15)
    assert couple.step.reason == "внесено из списка семьи.xlsx", "a later first stage carries its reason"
    assert families[9].adults == families[4].adults, "case and ё do not make another adult"


def test_domain_rules_are_said_of_the_column_they_came_from(tmp_path: Path) -> None:
    rows = [
        row(1, "Юная Дарья Игоревна", "01.02.2015"),
        row(2, "", "01.02.1980"),
        row(3, "Будущая Вера Павловна", "01.02.1980", stage="исключена", stage_date="01.01.2030"),
        row(4, "Старшая Алла Петровна", "01.02.1980", ages="от 2 до 1 года"),
    ]
    sheet = read_family_sheet(write_family_list(tmp_path / "семьи.xlsx", rows))
    outcomes = read_rows(sheet, ColumnMapping(guess_mapping(sheet.headers)), TODAY, "Тестов Т. Т.")
    assert [o.reason for o in outcomes] == [  # type: ignore[union-attr]
        "строка 4: дата рождения «01.02.2015» — члену семьи нет 18 лет: в реестр вносятся взрослые",
        "строка 5: ФИО — укажите ФИО",
        "строка 6: дата этапа «01.01.2030» — дата этапа ещё не наступила",
        "строка 7: возраст детей «от 2 до 1 года» — верхняя граница возраста меньше нижней",
    ]


def test_the_sheet_and_header_row_may_be_chosen(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Титул"
    book.active.append(["Пояснения"])
    data = book.create_sheet("Семьи")
    data.append(["Номер по порядку"])
    data.append(["ФИО", "Дата рождения"])
    data.append(["Орлова Нина Ильинична", "02.03.1977"])
    path = tmp_path / "книга.xlsx"
    book.save(path)
    sheet = read_family_sheet(path, sheet="семьи", header_row=2)
    assert (sheet.sheet, sheet.header_row, sheet.headers) == ("Семьи", 2, ("ФИО", "Дата рождения"))
    with pytest.raises(ValidationError, match="нет листа «Итоги»; листы: «Титул», «Семьи»"):
        read_family_sheet(path, sheet="Итоги")
    with pytest.raises(ValidationError, match="Строка заголовков 9"):
        read_family_sheet(path, sheet="Семьи", header_row=9)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "семьи.docx",
            b"PK\x03\x04",
            "Файл «семьи.docx» не является книгой Excel (.xlsx): список семей загружается из .xlsx.",
        ),
        ("семьи.xls", b"\xd0\xcf", "Файл «семьи.xls» не в формате .xlsx: откройте его в Excel или LibreOffice"),
        ("семьи.xlsx", b"not a zip", "Файл «семьи.xlsx» не является книгой Excel (.xlsx) или повреждён."),
        ("семьи.xlsx", b"", "Файл «семьи.xlsx» пуст."),
    ],
)
def test_a_file_that_is_not_a_workbook_gives_one_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        read_family_sheet(path)
    assert caught.value.message.startswith(message)
    assert "\n" not in caught.value.message


def test_limits_of_rows_and_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_module, "MAX_DATA_ROWS", 3)
    path = write_family_list(
        tmp_path / "семьи.xlsx", [*STANDARD_ROWS[:3], row(9, "Длинная Ольга Ивановна", "01.01.1980")]
    )
    with pytest.raises(UserError, match="больше 3 строк с данными"):
        read_family_sheet(path)
    monkeypatch.setattr(reader_module, "MAX_DATA_ROWS", 20_000)
    long = row(1, "Длинная Ольга Ивановна", "01.01.1980")
    long[-1] = "ж" * 5_001
    sheet = read_family_sheet(write_family_list(tmp_path / "длинная.xlsx", [long]))
    (outcome,) = read_rows(sheet, ColumnMapping(guess_mapping(sheet.headers)), TODAY, "Т")
    assert outcome.reason == "строка 4: примечания — в ячейке больше 5000 знаков"  # type: ignore[union-attr]


def test_an_empty_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "пусто.xlsx"
    Workbook().save(path)
    with pytest.raises(UserError, match="пуст"):
        read_family_sheet(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14.03.1986", date(1986, 3, 14)),
        ("4/3/1986", date(1986, 3, 4)),
        ("1986-03-14", date(1986, 3, 14)),
        ("14.03.1986 00:00", date(1986, 3, 14)),
        ("", None),
    ],
)
def test_dates_as_districts_write_them(text: str, expected: date | None) -> None:
    assert parse_day(text) == expected


def test_cells_that_do_not_mean_what_the_column_says() -> None:
    for parse, text, reason in (
        (parse_day, "31.02.1985", "нет такой даты"),
        (parse_day, "14.03.86", "не дата: нужна дд.мм.гггг, например 14.03.1986"),
        (parse_count, "два", "нужно целое число, например 2"),
        (parse_yes_no, "может быть", "нужно «да» или «нет»"),
        (parse_ages, "малыши", "не понят: пишите, например, «0–3 года» или «от 6 мес. до 2 лет»"),
    ):
        with pytest.raises(CellProblem) as caught:
            parse(text)
        assert caught.value.reason == reason
    with pytest.raises(CellProblem, match="такого этапа нет"):
        parse_stage("в раздумьях")


def test_ages_stages_and_yes_no_words() -> None:
    assert parse_ages("0–3 года") == (0, 47)
    assert parse_ages("0-4 года") == (0, 47)
    assert parse_ages("до 2 лет") == (0, 23)
    assert parse_ages("от 6 мес. до 3 лет") == (6, 35)
    assert parse_ages("6 мес - 2 г.") == (6, 35)
    assert parse_ages("1-2 года") == (12, 35)
    assert parse_ages("от 1 года") == (12, 47)
    assert parse_ages("0 - 18 мес") == (0, 18)
    assert parse_count("2 ребёнка") == 2 and parse_count("3.0") == 3 and parse_count(" ") is None
    assert [parse_yes_no(t) for t in ("Да", "+", "1", "нет", "", "-", "Готова")] == [
        True,
        True,
        True,
        False,
        False,
        False,
        True,
    ]
    assert parse_stage("Включена в реестр") is FamilyStage.IN_REGISTER
    assert parse_stage("in_register") is FamilyStage.IN_REGISTER
    assert parse_stage("Обучение в ШПР") is FamilyStage.TRAINING
    assert parse_stage("диагностика") is FamilyStage.DIAGNOSTICS
    assert parse_stage("") is None
