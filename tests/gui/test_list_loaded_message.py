"""What the families and cases pages say once a list is loaded: how many were written, what was skipped and how
many rows could not be read — each part only when there is something to say (gui/pages/register_shared.py)."""

from __future__ import annotations

from desktop_app.gui.pages import cases_page, families_page
from desktop_app.services.case_import import CaseImportResult
from desktop_app.services.family_import import FamilyImportResult


def test_the_families_page_tells_what_the_list_gave() -> None:
    codes = ("РС-0001", "РС-0002", "РС-0003")
    told = families_page._imported_text(FamilyImportResult(codes, duplicates_taken=1, duplicates_left=2, problems=4))
    assert told == "Из списка внесено семей: 3. Не загружены возможные дубликаты: 2. Непрочитанных строк: 4."
    clean = families_page._imported_text(
        FamilyImportResult(codes[:1], duplicates_taken=0, duplicates_left=0, problems=0)
    )
    assert clean == "Из списка внесено семей: 1."


def test_the_cases_page_tells_what_the_list_gave() -> None:
    codes = ("СС-0001", "СС-0002")
    told = cases_page._imported_text(CaseImportResult(codes, duplicates=1, problems=0))
    assert told == "Из списка внесено случаев: 2. Пропущены уже внесённые: 1."
    only_problems = cases_page._imported_text(CaseImportResult((), duplicates=0, problems=5))
    assert only_problems == "Из списка внесено случаев: 0. Непрочитанных строк: 5."
