"""The case card printed for the file: everything of the case in the PDF, the print journaled as a view, the
card refused to a role that does not see personal data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.domain.case_terms import CaseOutcome, CaseStage, ServiceKind, ServiceStatus
from desktop_app.domain.errors import UserError
from desktop_app.reports.builders.case_card import REFUSED, case_id_by_code, print_case_card
from desktop_app.services.audit_log import AuditLogService
from desktop_app.storage.database import Database
from tests.cases.case_world import COORDINATOR, HEAD, SPECIALIST
from tests.reports.case_card_world import (
    CHILDREN,
    CLOSURE_REASON,
    FATHER,
    MOTHER,
    RECOMMENDATION,
    SERVICES,
    STAGE_REASON,
    TODAY,
    made_case,
)


def pdf_text(path: Path) -> str:
    """The PDF's text with its line breaks and runs of spaces made single spaces (a cell may wrap)."""
    raw = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", raw)


def test_the_pdf_holds_the_code_the_adults_the_children_every_stage_and_each_service_with_its_status(
    demo_db: Database, tmp_path: Path
) -> None:
    case = made_case(demo_db)
    out = print_case_card(demo_db, SPECIALIST, case.id, tmp_path / "карточка.pdf", "pdf", TODAY)
    printed = pdf_text(out)
    assert case.code in printed
    assert MOTHER in printed and FATHER in printed
    for code in CHILDREN:
        assert code in printed
    for stage in CaseStage:  # the case went through every stage of seed 004 but the prolongation
        if stage is not CaseStage.PROLONGED:
            assert stage.label in printed, stage
    assert STAGE_REASON in printed
    for kind, status, _ in SERVICES:
        assert ServiceKind(kind).label in printed
        assert ServiceStatus(status).label in printed, status
    assert RECOMMENDATION in printed
    assert CaseOutcome.OVERCOME.label in printed and CLOSURE_REASON in printed


def test_the_service_rows_pair_each_kind_with_its_own_status(demo_db: Database, tmp_path: Path) -> None:
    case = made_case(demo_db, closed=False)
    out = print_case_card(demo_db, SPECIALIST, case.id, tmp_path / "карточка.xlsx", "xlsx", TODAY)
    sheet = load_workbook(out)["Услуги"]
    labels = {ServiceKind(kind).label: ServiceStatus(status).label for kind, status, _ in SERVICES}
    pairs = {row[1]: str(row[-1]) for row in sheet.iter_rows(values_only=True) if row and row[1] in labels}
    assert pairs.keys() == labels.keys()
    for kind_label, status_label in labels.items():
        assert pairs[kind_label].startswith(status_label)


def test_printing_is_a_view_in_the_journal(demo_db: Database, tmp_path: Path) -> None:
    case = made_case(demo_db)
    journal = AuditLogService(demo_db)
    before = [row for row in journal.entries(HEAD, entity_id=case.id) if row.action == "view"]
    print_case_card(demo_db, SPECIALIST, case.id, tmp_path / "карточка.pdf", "pdf", TODAY)
    views = [row for row in journal.entries(HEAD, entity_id=case.id) if row.action == "view"]
    assert len(views) == len(before) + 1
    assert (views[0].user_login, views[0].summary) == (SPECIALIST.login, f"Просмотр карточки случая {case.code}")


def test_the_coordinator_is_refused_and_nothing_is_written_or_journaled(demo_db: Database, tmp_path: Path) -> None:
    case = made_case(demo_db)
    out = tmp_path / "карточка.pdf"
    with pytest.raises(UserError) as refused:
        print_case_card(demo_db, COORDINATOR, case.id, out, "pdf", TODAY)
    assert str(refused.value) == REFUSED
    assert not out.exists()
    views = [row for row in AuditLogService(demo_db).entries(HEAD, entity_id=case.id) if row.action == "view"]
    assert views == []


def test_a_case_is_found_by_its_code(demo_db: Database) -> None:
    case = made_case(demo_db)
    assert case_id_by_code(demo_db, SPECIALIST, case.code.lower()) == case.id
    with pytest.raises(UserError, match="не найден"):
        case_id_by_code(demo_db, SPECIALIST, "СС-9999")
