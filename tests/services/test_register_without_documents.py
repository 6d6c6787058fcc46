"""Entering the register without the ШПР certificate or the guardianship conclusion: named, asked why, recorded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain import plural
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.roles import Role
from desktop_app.family_import import ColumnMapping, guess_mapping, read_family_sheet, read_rows
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.audit_log import AuditLogService
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.family_import.lists import row, write_family_list

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
HEAD = make_actor(Role.HEAD, "head")
TODAY = date(2026, 11, 23)
NO_CERTIFICATE = "свидетельства об окончании ШПР"
NO_CONCLUSION = "заключения органа опеки"


def entry(certificate: str = "", conclusion: str = "") -> FamilyInput:
    return FamilyInput(
        municipality="Плесецкий муниципальный округ",
        members=(MemberInput("Лесная Ольга Игоревна", date(1987, 3, 9), "мать"),),
        shpr_certificate=certificate,
        conclusion_number=conclusion,
    )


def at_diagnostics(service: FamilyEditing, family: FamilyInput) -> str:
    card = service.create(SPECIALIST, family, StepInput(FamilyStage.CANDIDATE, date(2026, 1, 12), "Соколова Е. В."))
    for stage, on in (
        (FamilyStage.DOCUMENTS, date(2026, 2, 2)),
        (FamilyStage.TRAINING, date(2026, 3, 2)),
        (FamilyStage.DIAGNOSTICS, date(2026, 5, 4)),
    ):
        card = service.record_step(SPECIALIST, card.id, StepInput(stage, on, "Соколова Е. В."), TODAY)
    return card.id


def to_register(reason: str = "") -> StepInput:
    return StepInput(FamilyStage.IN_REGISTER, date(2026, 5, 20), "Соколова Е. В.", reason)


@pytest.fixture
def service(demo_db: Database, demo_paths: DataPaths) -> FamilyEditing:
    return FamilyEditing(demo_db, AttachmentStore(demo_paths.attachments))


def test_without_both_papers_the_step_names_both_and_is_refused_without_a_reason(service: FamilyEditing) -> None:
    family_id = at_diagnostics(service, entry())
    with pytest.raises(ValidationError) as refused:
        service.record_step(SPECIALIST, family_id, to_register(), TODAY)
    why = refused.value.field_errors["reason"]
    assert why == f"Нет {NO_CERTIFICATE} и {NO_CONCLUSION}: укажите, почему семья включается в реестр без них."
    assert service.card(SPECIALIST, family_id).stage is FamilyStage.DIAGNOSTICS, "nothing was written"


@pytest.mark.parametrize(
    ("family", "missing", "present"),
    [
        (entry(certificate="№ 17-ШПР"), NO_CONCLUSION, NO_CERTIFICATE),
        (entry(conclusion="143"), NO_CERTIFICATE, NO_CONCLUSION),
    ],
)
def test_only_the_missing_paper_is_named(
    service: FamilyEditing, family: FamilyInput, missing: str, present: str
) -> None:
    family_id = at_diagnostics(service, family)
    with pytest.raises(ValidationError) as refused:
        service.record_step(SPECIALIST, family_id, to_register(), TODAY)
    why = refused.value.field_errors["reason"]
    assert why == f"Нет {missing}: укажите, почему семья включается в реестр без него."
    assert present not in why


def test_with_both_papers_the_usual_step_needs_no_reason(service: FamilyEditing) -> None:
    family_id = at_diagnostics(service, entry(certificate="№ 17-ШПР", conclusion="143"))
    card = service.record_step(SPECIALIST, family_id, to_register(), TODAY)
    assert card.stage is FamilyStage.IN_REGISTER and card.steps[-1].reason == ""


def test_the_reason_goes_with_the_step_into_the_journal_and_the_family_history(
    service: FamilyEditing, demo_db: Database
) -> None:
    family_id = at_diagnostics(service, entry(certificate="№ 17-ШПР"))
    reason = "заключение подписано, номер будет присвоен после регистрации в канцелярии"
    card = service.record_step(SPECIALIST, family_id, to_register(reason), TODAY)
    assert card.stage is FamilyStage.IN_REGISTER and card.steps[-1].reason == reason

    history = service.history(SPECIALIST, family_id)
    step_entry = next(r for r in history if r.entity == "family_step" and reason in [new for _n, _o, new in r.lines])
    assert ("этап", "—", FamilyStage.IN_REGISTER.label) in step_entry.lines
    journal = AuditLogService(demo_db).entries(HEAD, limit=20)
    assert any(("причина", "—", reason) in entry.lines for entry in journal), "the «Журнал» page shows the reason"


def test_a_new_family_entered_straight_into_the_register_without_papers_needs_a_reason(
    service: FamilyEditing,
) -> None:
    first = StepInput(FamilyStage.IN_REGISTER, date(2026, 5, 20), "Соколова Е. В.")
    with pytest.raises(ValidationError) as refused:
        service.create(SPECIALIST, entry(certificate="№ 17-ШПР"), first)
    assert "Пропущены этапы" in refused.value.field_errors["reason"]
    assert f"Нет {NO_CONCLUSION}" in refused.value.field_errors["reason"]


def test_a_paused_family_coming_back_is_not_asked_for_papers_again(service: FamilyEditing) -> None:
    family_id = at_diagnostics(service, entry())
    service.record_step(SPECIALIST, family_id, to_register("решение комиссии от 19.05.2026"), TODAY)
    service.record_step(
        SPECIALIST, family_id, StepInput(FamilyStage.PAUSED, date(2026, 6, 1), "Соколова Е. В.", "болезнь"), TODAY
    )
    back = service.record_step(
        SPECIALIST, family_id, StepInput(FamilyStage.ACTIVE, date(2026, 7, 1), "Соколова Е. В."), TODAY
    )
    assert back.stage is FamilyStage.ACTIVE


def test_a_list_row_in_the_register_without_papers_is_not_loaded_and_says_why(tmp_path: Path) -> None:
    rows = [
        row(1, "Бумажная Анна Петровна", "12.05.1985", stage="включена в реестр", shpr=("№ 31-ШПР", "01.03.2026")),
        row(
            2,
            "Полная Вера Ивановна",
            "03.09.1980",
            stage="включена в реестр",
            shpr=("№ 32-ШПР", "01.03.2026"),
            conclusion=("77", "01.04.2026"),
        ),
    ]
    sheet = read_family_sheet(write_family_list(tmp_path / "семьи.xlsx", rows))
    outcomes = read_rows(sheet, ColumnMapping(guess_mapping(sheet.headers)), TODAY, "Тестов Т. Т.")
    refused = [o for o in outcomes if not hasattr(o, "entry")]
    loaded = [o for o in outcomes if hasattr(o, "entry")]
    assert len(refused) == 1 and len(loaded) == 1
    assert refused[0].reason.startswith(f"строка 4: этап «включена в реестр», но в списке нет {NO_CONCLUSION} — ")
    assert "укажите причину" in refused[0].reason or "указав причину" in refused[0].reason


@pytest.mark.parametrize(("count", "words"), [(0, "0 отчётов"), (1, "1 отчёт"), (2, "2 отчёта"), (5, "5 отчётов")])
def test_a_count_of_reports_reads_as_russian(count: int, words: str) -> None:
    assert plural.REPORT.count(count) == words


def test_teens_and_twenties_take_their_own_forms() -> None:
    assert [plural.REPORT.form(n) for n in (11, 12, 14, 21, 22, 25, 111, 101)] == [
        "отчётов",
        "отчётов",
        "отчётов",
        "отчёт",
        "отчёта",
        "отчётов",
        "отчётов",
        "отчёт",
    ]
