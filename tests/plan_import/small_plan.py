"""A small plan document written by the tests themselves, so the import is tested without the seeds.

It has what real plans have and parsers trip over: no «Вид документа» column, header wording of its
own («№ п/п», «Срок исполнения», «Исполнители», «Результат»), a block heading in one merged cell and
another as «II.» beside a merged title, a multi-line cell, two measures both numbered «2.», a row without
a name (unreadable, must be reported) and an unrelated table of signatures after the plan.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document

TITLE = "План мероприятий по профилактике социального сиротства в Тестовом районе на 2025-2026 годы"
HEADER = ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Исполнители", "Результат"]


def small_plan_rows(second_duplicate_name: str = "Мониторинг семей группы риска") -> list[list[str]]:
    return [
        ["I. Межведомственное взаимодействие"],
        [
            "1.",
            "Заседания комиссии\nпо вопросам профилактики   ",
            "ежеквартально",
            "КДН и ЗП,\nОтдел опеки (по согласованию)",
            "Проведены заседания",
        ],
        ["2.", "Обучение специалистов", "до 1 октября 2025 года", "Центр «Семья, дети»; Управление образования", ""],
        ["2.", second_duplicate_name, "ежемесячно", "Отдел опеки", "Справка"],
        ["3.", "", "2025 год", "Отдел опеки", ""],
        ["II.", "Информирование населения"],
        ["1.", "Публикации в СМИ", "в течение всего срока", "Редакция газеты «Вестник»", "Не менее 5 публикаций"],
    ]


def write_small_plan(path: Path, rows: list[list[str]] | None = None, title: str = TITLE) -> Path:
    document = Document()
    document.add_paragraph("УТВЕРЖДЁН постановлением администрации")
    document.add_paragraph("ПЛАН МЕРОПРИЯТИЙ")
    document.add_paragraph(title.removeprefix("План мероприятий "))
    document.add_paragraph("")
    table = document.add_table(rows=0, cols=len(HEADER))
    for row in [HEADER, *(rows if rows is not None else small_plan_rows())]:
        cells = table.add_row().cells
        if len(row) == 1:
            cells[0].merge(cells[-1]).text = row[0]
        elif len(row) == 2:
            cells[0].text = row[0]
            cells[1].merge(cells[-1]).text = row[1]
        else:
            for cell, text in zip(cells, row, strict=True):
                lines = text.split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
    document.add_paragraph("Согласовано:")
    signatures = document.add_table(rows=2, cols=2)
    signatures.cell(0, 0).text = "Глава района"
    signatures.cell(0, 1).text = "И. И. Иванов"
    document.save(str(path))
    return path
