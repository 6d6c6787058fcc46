"""Numbers the forms offer from the registers, and the value grid's checks on every way values come in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.formkit import load_catalogue
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.form_fill import FormFill
from desktop_app.services.indicator_entry import IndicatorEntry, ValueChange
from desktop_app.services.indicator_sheet import SheetRow, ValueStatus
from desktop_app.storage.database import Database
from desktop_app.storage.models import ChildPlacement, FamilyStep, ResourceFamily
from tests.conftest import make_actor
from tests.form_templates.support import fill

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
        entry = FamilyInput(
            municipality=DISTRICT,
            members=(member,),
            address="п. Плесецк",
            capacity=1,
            shpr_certificate="№ 17-ШПР",
            conclusion_number="143",
        )
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


# --- one set of checks for the value grid, the half-year form and its Excel template -------------------

H1, H2 = Period.parse("2026-H1"), Period.parse("2026-H2")
FORM = "halfyear-indicators"


@pytest.fixture
def entry(demo_db: Database) -> IndicatorEntry:
    today = lambda: date(2026, 7, 2)  # noqa: E731
    return IndicatorEntry(demo_db, ComputedValues(demo_db, today), today)


@pytest.fixture
def forms(demo_db: Database, entry: IndicatorEntry) -> FormAnswers:
    return FormAnswers(demo_db, load_catalogue(), entry, ComputedValues(demo_db))


def _rows(forms: FormAnswers, period: Period) -> dict[str, SheetRow]:
    return forms.state(SPECIALIST, FORM, period, DISTRICT).indicator_rows


def _grid_refusal(entry: IndicatorEntry, forms: FormAnswers, code: str, **typed: float) -> dict[str, str]:
    """What the value grid says of the value, with its cells named «<code>|<cell>»."""
    row = _rows(forms, H2)[code]
    state = forms.state(SPECIALIST, FORM, H2, DISTRICT)
    assert state.program_id is not None
    with pytest.raises(ValidationError) as caught:
        entry.save(SPECIALIST, state.program_id, H2, DISTRICT, [ValueChange(row.indicator_id, **typed)])
    return {key.replace(f"{row.indicator_id}:", f"{code}|"): text for key, text in caught.value.field_errors.items()}


CASES = {
    "a negative count": ("1.1", {"value": -3}),
    "a numerator above the denominator": ("1.2", {"numerator": 5, "denominator": 3}),
    "a running total below the last half-year": ("3.1", {"value": 4}),
}


@pytest.mark.parametrize("case", CASES)
def test_the_form_refuses_what_the_grid_refuses_in_the_grids_words(
    case: str, forms: FormAnswers, entry: IndicatorEntry
) -> None:
    code, typed = CASES[case]
    grid = _grid_refusal(entry, forms, code, **typed)
    assert grid, "the grid itself refuses it"
    with pytest.raises(ValidationError) as caught:
        forms.save(SPECIALIST, forms.state(SPECIALIST, FORM, H2, DISTRICT), {code: dict(typed)})
    assert caught.value.field_errors == grid  # beside the same cell, in the same words
    assert not _rows(forms, H2)[code].has_data


def test_the_running_total_case_is_the_one_the_grid_knows(forms: FormAnswers) -> None:
    row = _rows(forms, H2)["3.1"]
    assert row.spec.cumulative and _rows(forms, H1)["3.1"].value == 5  # so 4 goes backwards


def test_a_deviation_without_a_comment_is_flagged_on_the_form_and_stops_its_submission(
    forms: FormAnswers, entry: IndicatorEntry
) -> None:
    plan = _rows(forms, H2)["1.1"].plan
    assert plan is not None
    fact = plan * 3  # far more than a quarter off plan
    saved = forms.save(SPECIALIST, forms.state(SPECIALIST, FORM, H2, DISTRICT), {"1.1": {"value": fact}})
    flags = saved.indicator_flags["1.1"]  # a draft is kept, as in the grid, but flagged beside its comment
    assert [(issue.cell.value, issue.severity.value) for issue in flags] == [("comment", "needs_comment")]
    assert saved.program_id is not None
    with pytest.raises(ValidationError) as by_grid:
        entry.submit(SPECIALIST, saved.program_id, H2, DISTRICT)
    with pytest.raises(ValidationError) as by_form:
        forms.submit(SPECIALIST, FORM, H2, DISTRICT)
    grid_text = by_grid.value.message.split(" — ", 1)[1]
    assert by_form.value.message == f"Форма не представлена — {grid_text}"
    assert by_form.value.field_errors == {"1.1|comment": flags[0].message}
    assert f"от плана ({plan:g})" in flags[0].message and f"на {fact - plan:g}:" in flags[0].message

    explained = forms.save(
        SPECIALIST, forms.state(SPECIALIST, FORM, H2, DISTRICT), {"1.1": {"value": fact, "comment": "приток детей"}}
    )
    assert "1.1" not in explained.indicator_flags
    assert forms.submit(SPECIALIST, FORM, H2, DISTRICT).status is ValueStatus.SUBMITTED


def test_an_excel_template_lists_the_grids_refusals_and_flags_with_their_cells(
    forms: FormAnswers, entry: IndicatorEntry, tmp_path: Path
) -> None:
    refusals = {code: _grid_refusal(entry, forms, code, **typed) for code, typed in CASES.values()}
    excel = FormFill(forms, "Тест")
    template = excel.write_template(SPECIALIST, FORM, H2, DISTRICT, tmp_path / "показатели.xlsx")
    plan = _rows(forms, H2)["2.2"].plan
    assert plan is not None
    where = fill(
        template,
        {
            ("1.1", "value"): -3,
            ("1.2", "numerator"): 5,
            ("1.2", "denominator"): 3,
            ("3.1", "value"): 4,
            ("2.2", "value"): plan * 4,  # allowed as a draft, flagged for a comment
        },
    )
    preview = excel.preview(SPECIALIST, template, DISTRICT)
    listed = {(issue.address, f"{issue.question_id}|{issue.cell}", issue.message) for issue in preview.issues}
    expected = {
        (f"Анкета!{where[tuple(key.split('|'))]}", key, text)  # type: ignore[index]
        for refusal in refusals.values()
        for key, text in refusal.items()
    }
    assert listed == expected
    assert not preview.can_apply
    with pytest.raises(ValidationError):
        excel.apply(SPECIALIST, preview)
    flagged = [(issue.address, issue.question_id, issue.cell) for issue in preview.warnings]
    assert flagged == [(f"Анкета!{where[('2.2', 'comment')]}", "2.2", "comment")]
    assert preview.warnings[0].message.startswith(f"Факт отличается от плана ({plan:g})")
