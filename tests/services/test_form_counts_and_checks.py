"""Numbers the forms offer from the registers, and the value grid's checks on every way values come in."""

from __future__ import annotations

from datetime import date

from desktop_app.core.paths import DataPaths
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.formkit import load_catalogue
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.storage.database import Database
from desktop_app.storage.models import ChildPlacement, FamilyStep, ResourceFamily
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST)
DISTRICT = "Плесецкий муниципальный округ"
TODAY = date(2026, 11, 23)

# Each family's steps as the specialist recorded them; May 2026 is the month reported.
MAY = Period.parse("2026-05")
WAY = (FamilyStage.CANDIDATE, FamilyStage.DOCUMENTS, FamilyStage.TRAINING, FamilyStage.DIAGNOSTICS)


def _way(*dates: date) -> list[tuple[FamilyStage, date]]:
    """Candidate, documents, ШПР and diagnostics on these dates."""
    return list(zip(WAY, dates, strict=True))


FAMILIES: dict[str, list[tuple[FamilyStage, date]]] = {
    "Кандидатова Анна": [(FamilyStage.CANDIDATE, date(2026, 1, 12))],
    "Документова Вера": [(FamilyStage.CANDIDATE, date(2026, 1, 12)), (FamilyStage.DOCUMENTS, date(2026, 2, 2))],
    "Школьная Галина": [
        (FamilyStage.CANDIDATE, date(2026, 1, 12)),
        (FamilyStage.DOCUMENTS, date(2026, 2, 2)),
        (FamilyStage.TRAINING, date(2026, 3, 2)),
    ],
    "Диагностова Дарья": _way(date(2026, 1, 12), date(2026, 2, 2), date(2026, 3, 2), date(2026, 5, 4)),
    # included in the register during May: ready at the month's end, no longer in preparation
    "Реестрова Елена": [
        *_way(date(2026, 1, 12), date(2026, 2, 2), date(2026, 3, 2), date(2026, 5, 4)),
        (FamilyStage.IN_REGISTER, date(2026, 5, 20)),
    ],
    "Принимающая Жанна": [
        *_way(date(2025, 9, 1), date(2025, 10, 1), date(2025, 11, 3), date(2025, 12, 1)),
        (FamilyStage.IN_REGISTER, date(2026, 1, 15)),
        (FamilyStage.ACTIVE, date(2026, 3, 10)),
    ],
    # included only in June: still at the diagnostics on 31 May
    "Июньская Зоя": [
        *_way(date(2026, 1, 12), date(2026, 2, 2), date(2026, 3, 2), date(2026, 4, 6)),
        (FamilyStage.IN_REGISTER, date(2026, 6, 4)),
    ],
    "Приостановленная Инна": [
        *_way(date(2025, 9, 1), date(2025, 10, 1), date(2025, 11, 3), date(2025, 12, 1)),
        (FamilyStage.IN_REGISTER, date(2026, 1, 15)),
        (FamilyStage.PAUSED, date(2026, 4, 1)),
    ],
    # entered in the summer: not a candidate yet in May
    "Летняя Капитолина": [(FamilyStage.CANDIDATE, date(2026, 7, 1))],
}
PREPARATION_LABELS = {"кандидат", "сбор документов", "обучение в ШПР (модуль временного устройства)"}
PREPARATION_LABELS |= {"диагностика «на ресурсность»"}
READY_LABELS = {"включена в реестр", "принимает детей"}


def _register_only(db: Database, paths: DataPaths) -> FamilyEditing:
    """The demo's families removed, so that the test knows every family the register holds."""
    with db.transaction(SPECIALIST) as session:
        for model in (ChildPlacement, FamilyStep, ResourceFamily):
            for row in session.query(model):
                session.delete(row)
    editing = FamilyEditing(db, AttachmentStore(paths.attachments))
    for name, steps in FAMILIES.items():
        member = MemberInput(name + "овна", date(1985, 6, 1), "мать", "+7 900 000-00-00")
        entry = FamilyInput(municipality=DISTRICT, members=(member,), address="п. Плесецк", capacity=1)
        (first, first_on), *rest = steps
        card = editing.create(SPECIALIST, entry, StepInput(first, first_on, "Соколова Е. В."), TODAY)
        for stage, on in rest:
            reason = "по решению комиссии" if stage is FamilyStage.PAUSED else ""
            card = editing.record_step(SPECIALIST, card.id, StepInput(stage, on, "Соколова Е. В.", reason), TODAY)
    return editing


def test_a_family_in_the_register_is_counted_ready_and_not_in_preparation(
    demo_db: Database, demo_paths: DataPaths
) -> None:
    _register_only(demo_db, demo_paths)
    in_preparation, ready = 0, 0
    for steps in FAMILIES.values():
        reached = [stage for stage, on in steps if on <= MAY.end]
        label = reached[-1].label if reached else ""
        in_preparation += label in PREPARATION_LABELS
        ready += label in READY_LABELS
    assert (in_preparation, ready) == (5, 2)  # the test's own reading of the list above

    computed = ComputedValues(demo_db, lambda: TODAY)
    forms = FormAnswers(demo_db, load_catalogue(), IndicatorEntry(demo_db, computed, lambda: TODAY), computed)
    offers = forms.state(SPECIALIST, "resource-families-monthly", MAY, DISTRICT).offers
    assert offers["1.1"].value == in_preparation
    assert offers["1.5"].value == ready
    assert offers["1.4"].value == 1  # included during May: Реестрова only
