"""A small form with every kind of question, and helpers that fill a template the way a user would."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from desktop_app.domain.periods import Period
from desktop_app.formkit import FormCatalogue
from desktop_app.formkit.definition import FormDefinition, IndicatorInfo
from desktop_app.formkit.loader import parse_form

PERIOD = Period.parse("2024")
DISTRICT = "Заречный район"
SHEET = "Анкета"


def form_data(version: int = 1) -> dict[str, Any]:
    return {
        "format": "opeka-form",
        "format_version": 1,
        "id": "test-form",
        "version": version,
        "title": "Мониторинг для проверки шаблонов",
        "subtitle": "за отчётный год",
        "period_kind": "year",
        "lists": {"departments": [{"id": "health", "label": "Здравоохранение"}, "Образование"]},
        "sections": [
            {
                "number": "I.",
                "title": "Общие вопросы",
                "note": "Отвечает орган опеки",
                "questions": [
                    {
                        "number": "1",
                        "kind": "yes_no",
                        "text": "Утверждён ли межведомственный план?",
                        "hint": "Выберите «Да» или «Нет»",
                        "required": True,
                        "detail": {"label": "укажите название, номер и дату", "when": "yes"},
                    },
                    {"number": "2", "kind": "text", "text": "Опишите, что сделано", "max_length": 60},
                    {
                        "number": "3",
                        "kind": "number",
                        "text": "Сколько детей",
                        "value_type": "people",
                        "required": True,
                    },
                    {"number": "4", "kind": "number", "text": "Объем финансирования", "value_type": "money"},
                    {"number": "5", "kind": "date", "text": "Дата утверждения плана"},
                    {
                        "number": "6",
                        "kind": "choice",
                        "text": "Уровень плана",
                        "options": ["муниципальный", "региональный"],
                    },
                ],
                "sections": [
                    {
                        "number": "1.",
                        "title": "Сравнение с прошлым годом",
                        "questions": [
                            {"number": "7", "kind": "year_pair", "text": "Число семей", "value_type": "integer"},
                            {
                                "number": "8",
                                "kind": "year_pair",
                                "text": "Часы занятий по ведомствам",
                                "value_type": "hours",
                                "rows": "departments",
                            },
                            {
                                "number": "9",
                                "kind": "yes_no_grid",
                                "text": "Участвуют ли ведомства",
                                "rows": "departments",
                            },
                        ],
                    }
                ],
            },
            {
                "number": "II.",
                "title": "Таблицы и показатели",
                "questions": [
                    {
                        "number": "10",
                        "id": "equipment",
                        "kind": "table",
                        "text": "Приобретённое оборудование",
                        "columns": [
                            {"id": "name", "number": "10.1", "title": "Наименование", "required": True},
                            {"id": "amount", "number": "10.2", "title": "Объем финансирования", "type": "money"},
                            {"id": "count", "title": "Количество", "type": "integer", "hint": "штук"},
                            {"id": "bought", "title": "Дата покупки", "type": "date"},
                            {"id": "own", "title": "За свой счёт", "type": "yes_no"},
                            {
                                "id": "source",
                                "title": "Источник",
                                "type": "choice",
                                "options": ["бюджет", "грант, субсидия"],
                            },
                        ],
                    },
                    {"number": "11", "kind": "indicator", "indicator": "1.2"},
                    {"number": "12", "kind": "indicator", "indicator": "1.3", "text": "Число мероприятий"},
                ],
            },
        ],
    }


def make_form(version: int = 1) -> FormDefinition:
    return parse_form(form_data(version), "test-form.json")


def catalogue(*forms: FormDefinition) -> FormCatalogue:
    return FormCatalogue(forms or (make_form(),))


INDICATORS = {
    "1.2": IndicatorInfo("1.2", "Доля детей, получивших помощь", "%", "percentage", plan_text="95"),
    "1.3": IndicatorInfo("1.3", "Число мероприятий", "ед.", "absolute", plan_text="12"),
}


def cell_map(path: Path) -> dict[tuple[str, str], str]:
    """(question id, template cell key) → address, read from the service sheet as a test sees it."""
    book = load_workbook(path)
    sheet = book["_opeka"]
    found: dict[tuple[str, str], str] = {}
    started = False
    for row in sheet.iter_rows(values_only=True):
        if started:
            found[(str(row[1]), str(row[2] or ""))] = str(row[0])
        started = started or row[0] == "address"
    return found


def fill(path: Path, values: Mapping[tuple[str, str], Any]) -> dict[tuple[str, str], str]:
    """Type ``values`` into the template's input cells and save it, as a partner would; returns the map."""
    where = cell_map(path)
    book = load_workbook(path)
    sheet = book[SHEET]
    for key, value in values.items():
        sheet[where[key]] = value
    book.save(path)
    return where
