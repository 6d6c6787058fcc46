"""The journal reads as sentences a specialist understands: which family, measure, indicator, form and period,
field names and values in Russian, never an internal id, a JSON object or an English status word."""

from __future__ import annotations

import re
from datetime import date

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain.execution import ReportInput, ReportStatus
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.formkit import load_catalogue
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.audit_log import AuditLogService, AuditRow
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.execution import ExecutionService
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.indicator_entry import IndicatorEntry, ValueChange
from desktop_app.services.measure_list import MeasureFilter
from desktop_app.services.registry import RegistryService
from desktop_app.storage.database import Database
from tests.conftest import make_actor

DISTRICT = "Плесецкий муниципальный округ"
SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
HEAD = make_actor(Role.HEAD, "head")
COORDINATOR = make_actor(Role.COORDINATOR, "coordinator")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
ENGLISH_WORDS = re.compile(r"\b(draft|submitted|approved|done|not_started|candidate|documents|entered|True|False)\b")


def journal_text(row: AuditRow) -> str:
    """Everything the «Журнал» screen shows of an entry."""
    return " ".join([row.summary, row.action_label, *(" | ".join(line) for line in row.lines)])


def assert_readable(rows: list[AuditRow]) -> None:
    for row in rows:
        text = journal_text(row)
        assert not UUID.search(text), text
        assert "{" not in text and "[" not in text, text
        assert not ENGLISH_WORDS.search(text), text
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text
        assert not re.search(r"\d{4}-H\d", text), text


def newest(db: Database, entity: str, actor=HEAD) -> list[AuditRow]:  # type: ignore[no-untyped-def]
    return [row for row in AuditLogService(db).entries(actor, limit=40) if row.entity == entity]


def test_a_saved_form_is_named_by_its_title_and_year(demo_db: Database) -> None:
    today = lambda: date(2026, 7, 2)  # noqa: E731
    entry = IndicatorEntry(demo_db, ComputedValues(demo_db, today), today)
    forms = FormAnswers(demo_db, load_catalogue(), entry, ComputedValues(demo_db))
    state = forms.state(SPECIALIST, "early-help-monitoring", Period.parse("2023"), DISTRICT)
    forms.save(SPECIALIST, state, {"1.1": "Открыта служба ранней помощи"})

    row = next(row for row in newest(demo_db, "form_answer") if row.action == "create")
    assert row.summary == (
        "Создано: Ответы на форму «Комплексный межведомственный план по совершенствованию ранней помощи детям"
        " и их семьям», 2023 год"
    )
    lines = {name: new for name, _old, new in row.lines}
    assert lines["статус"] == "черновик"
    assert lines["версия формы"] == "1"
    answer = next(new for name, _old, new in row.lines if name.startswith("вопрос 1.1 "))
    assert answer == "Открыта служба ранней помощи"
    assert "early-help-monitoring" not in journal_text(row)
    assert_readable([row])


def test_a_submitted_indicator_value_names_the_indicator_and_the_half_year(demo_db: Database) -> None:
    clock = lambda: date(2026, 7, 2)  # noqa: E731
    entry = IndicatorEntry(demo_db, ComputedValues(demo_db, clock), clock)
    program_id = entry.sheets.programs(SPECIALIST)[0][0]
    period = Period.parse("2026-H2")
    sheet = entry.sheets.sheet(SPECIALIST, program_id, period, DISTRICT)
    row = next(row for row in sheet.rows if row.code == "1.1")
    entry.save(
        SPECIALIST,
        program_id,
        period,
        DISTRICT,
        [ValueChange(row.indicator_id, value=10, comment="Дети устроены в семьи", expected_version=row.row_version)],
    )
    entry.submit(SPECIALIST, program_id, period, DISTRICT)

    rows = [r for r in newest(demo_db, "indicator_value") if "1.1 «" in r.summary]
    submitted = rows[0]
    short_name = row.name if len(row.name) <= 80 else row.name[:80] + "…"
    assert submitted.summary == f"Изменено: Значение показателя 1.1 «{short_name}», II полугодие 2026 г."
    assert ("статус", "черновик", "представлено") in submitted.lines
    assert any(name == "дата представления" and re.fullmatch(r"\d\d\.\d\d\.2\d{3} \d\d:\d\d", new)
               for name, _old, new in submitted.lines)  # fmt: skip
    assert_readable(rows)


def test_a_saved_measure_report_names_the_measure_by_its_number(demo_db: Database, demo_paths: DataPaths) -> None:
    [measure] = RegistryService(demo_db).measures(
        SPECIALIST, filters=MeasureFilter(search="профилактику профессионального выгорания")
    )
    execution = ExecutionService(demo_db, AttachmentStore(demo_paths.attachments))
    report = ReportInput(ReportStatus.DONE.value, "Проведён семинар для специалистов", 2)
    execution.save_report(SPECIALIST, measure.id, Period.parse("2026-H1"), report, expected_version=0)

    [row] = newest(demo_db, "execution_report")
    assert row.summary == f"Создано: Отчёт об исполнении мероприятия {measure.full_number}, I полугодие 2026 г."
    lines = {name: new for name, _old, new in row.lines}
    assert lines["мероприятие"] == f"мероприятие {measure.full_number}"
    assert lines["статус"] == "выполнено"
    assert lines["количественный результат"] == "2"
    assert lines["что сделано"] == "Проведён семинар для специалистов"
    assert_readable([row])


def test_a_family_step_is_named_by_the_family_code_and_the_coordinator_sees_no_name(
    demo_db: Database, demo_paths: DataPaths
) -> None:
    editing = FamilyEditing(demo_db, AttachmentStore(demo_paths.attachments))
    adult = MemberInput("Журналова Вера Петровна", date(1985, 6, 1), "мать", "+7 900 000-00-01")
    candidate = StepInput(FamilyStage.CANDIDATE, date(2026, 3, 2), "Соколова Е. В.", "")
    card = editing.create(SPECIALIST, FamilyInput(municipality=DISTRICT, members=(adult,), capacity=1), candidate)
    documents = StepInput(FamilyStage.DOCUMENTS, date(2026, 4, 6), "Соколова Е. В.", "")
    editing.record_step(SPECIALIST, card.id, documents, date(2026, 4, 6))
    code = card.code
    assert code.startswith("РС-")

    head_steps = newest(demo_db, "family_step")
    assert f"Создано: Этап семьи {code}: сбор документов, 06.04.2026" in [row.summary for row in head_steps]
    step_lines = {name: new for name, _old, new in head_steps[0].lines}
    assert step_lines["семья"] == f"семья {code}" and step_lines["дата"] == "06.04.2026"
    head_family = newest(demo_db, "resource_family")
    assert any(row.summary == f"Изменено: Ресурсная семья {code} «Журналова В. П.»" for row in head_family)
    status_change = next(row for row in head_family if row.action == "update")
    assert ("статус", "кандидат", "сбор документов") in status_change.lines

    seen = AuditLogService(demo_db).entries(COORDINATOR, limit=40)
    assert "Создано: Член семьи " + code in [row.summary for row in seen]
    assert f"Изменено: Ресурсная семья {code}" in [row.summary for row in seen]
    assert not any("Журналова" in journal_text(row) for row in seen)
    assert_readable(seen)


@pytest.mark.parametrize("actor", [HEAD, COORDINATOR])
def test_no_entry_of_the_demo_shows_an_id_json_or_english_words(demo_db: Database, actor) -> None:  # type: ignore[no-untyped-def]
    assert_readable(AuditLogService(demo_db).entries(actor, limit=2000))
