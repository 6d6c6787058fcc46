"""The region's consolidation of a form: three districts' answers added up by hand in the test, a fourth that
sent nothing named, each district's state and missing required answers, ratios from summed parts, and the
region's own form filled from the totals as a draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.paths import forms_path
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.form_totals import AnswerState
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.formkit import load_catalogue
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.form_consolidation import FormConsolidation
from desktop_app.services.indicator_entry import IndicatorEntry, ValueChange
from desktop_app.services.indicator_sheet import ValueStatus
from desktop_app.storage.models import FormAnswer
from tests.conftest import make_actor
from tests.exchange.test_end_to_end import REGION, Installation, region_with_package

MONTHLY = "resource-families-monthly"
EARLY_HELP = "early-help-monitoring"
JULY = Period.parse("2026-07")
Y2025 = Period.parse("2025")
H1 = Period.parse("2026-H1")
PLESETSK, VELSK, ONEGA = "Плесецкий муниципальный округ", "Вельский муниципальный район", "Онежский муниципальный округ"
SILENT = "Холмогорский муниципальный округ"  # in the directory of Архангельская область; sends nothing
HEAD = make_actor(Role.HEAD)

# what each district sent for July: 1.1, 1.2, 2.2 (by_parents this month), 2.6 yes/no with details, 3.1 rows, 3.2
MONTHLY_ANSWERS = {
    PLESETSK: {
        "1.1": 4,
        "1.2": 3,
        "2.2": {"by_parents": {"0": 2}, "preliminary": {"0": 1}},
        "2.6": {"value": True, "detail": "2 случая: нет свободных семей"},
        "3.1-events": [{"date": "2026-07-03", "event": "Супервизия"}, {"date": "2026-07-20", "event": "Обучение"}],
        "3.2": "Нет транспорта",
    },
    VELSK: {
        "1.1": 7,
        "2.2": {"by_parents": {"0": 5}},
        "2.6": {"value": False, "detail": ""},
        "3.1-events": [{"date": "2026-07-10", "event": "Заседание МО"}],
    },
    ONEGA: {
        "1.1": 1,
        "1.2": 6,
        "2.2": {"by_parents": {"0": 0}, "preliminary": {"0": 4}},
        "2.6": {"value": True, "detail": "1 случай: профиль ребёнка"},
        "3.2": "Мало кандидатов",
    },
}
STATUSES = {PLESETSK: "approved", VELSK: "submitted", ONEGA: "draft"}


def _monthly_question_ids(form_id: str) -> dict[str, str]:
    form = load_catalogue().get(form_id)
    return {q.number: q.id for q in form.questions}


def store_answers(region: Installation, form_id: str, period: Period, answers: dict[str, dict[str, object]]) -> None:
    """The districts' answers as their bundles leave them at the region."""
    with region.db.transaction() as session:
        for district, given in answers.items():
            session.add(
                FormAnswer(
                    form_id=form_id,
                    form_version=1,
                    period=period.code,
                    territory=district,
                    answers=given,
                    status=STATUSES.get(district, "draft"),
                )
            )


def services(region: Installation, forms_folder: Path | None = None) -> tuple[FormAnswers, FormConsolidation]:
    computed = ComputedValues(region.db)
    forms = FormAnswers(region.db, load_catalogue(forms_folder), IndicatorEntry(region.db, computed), computed)
    return forms, FormConsolidation(region.db, forms)


@pytest.fixture
def region(tmp_path: Path) -> Installation:
    return Installation(tmp_path / "region", REGION)


def test_numbers_yes_no_year_pairs_tables_and_texts_are_consolidated_over_three_districts(
    region: Installation,
) -> None:
    ids = _monthly_question_ids(MONTHLY)
    assert ids["3.1"] == "3.1-events"
    store_answers(region, MONTHLY, JULY, MONTHLY_ANSWERS)
    _, consolidation = services(region)
    result = consolidation.consolidate(HEAD, MONTHLY, JULY)
    totals = result.totals

    assert totals["1.1"].number == 4 + 7 + 1
    assert totals["1.2"].number == 3 + 6 and totals["1.2"].answered == (ONEGA, PLESETSK)
    assert totals["2.2"].pairs["by_parents"]["0"] == 2 + 5 + 0
    assert totals["2.2"].pairs["preliminary"]["0"] == 1 + 4
    assert totals["2.6"].yes_no.text == "да — 2 МО из 3"
    assert totals["2.6"].texts == ((ONEGA, "1 случай: профиль ребёнка"), (PLESETSK, "2 случая: нет свободных семей"))
    stacked = [(row.district, row.cells["event"]) for row in totals["3.1-events"].rows]
    # districts in alphabetical order, each district's rows in its own order
    assert stacked == [(VELSK, "Заседание МО"), (PLESETSK, "Супервизия"), (PLESETSK, "Обучение")]
    assert totals["3.2"].texts == ((ONEGA, "Мало кандидатов"), (PLESETSK, "Нет транспорта"))
    assert totals["2.1"].number is None and totals["2.1"].answered == ()

    assert SILENT in result.silent
    assert not {PLESETSK, VELSK, ONEGA} & set(result.silent)
    assert result.district(VELSK).answers["1.1"] == 7, "the drill-down shows the district's own answer"


def test_completeness_gives_each_districts_state_and_its_missing_required_answers(
    region: Installation, tmp_path: Path
) -> None:
    form = json.loads((forms_path() / "resource_families_monthly.json").read_text(encoding="utf-8"))
    required = {"1.1", "1.2", "2.6"}
    for section in form["sections"]:
        for question in section.get("questions", []):
            if question["number"] in required:
                question["required"] = True
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "monthly.json").write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    store_answers(region, MONTHLY, JULY, MONTHLY_ANSWERS)
    _, consolidation = services(region, folder)
    result = consolidation.consolidate(HEAD, MONTHLY, JULY)
    by_name = {d.district: d for d in result.districts}
    assert by_name[PLESETSK].state is AnswerState.APPROVED and by_name[PLESETSK].missing_required == 0
    assert by_name[VELSK].state is AnswerState.SUBMITTED and by_name[VELSK].missing_required == 1  # 1.2
    assert by_name[ONEGA].state is AnswerState.DRAFT and by_name[ONEGA].missing_required == 0
    assert by_name[SILENT].state is AnswerState.NOT_STARTED and by_name[SILENT].missing_required == len(required)
    assert by_name[SILENT].state.label == "не начата"


def test_yes_no_grids_and_previous_year_cells_of_the_early_help_form_are_summed(region: Installation) -> None:
    store_answers(
        region,
        EARLY_HELP,
        Y2025,
        {
            PLESETSK: {"1.4": {"health": True, "social": False}, "5.1": {"_": {"0": 4, "-1": 3}}},
            VELSK: {"1.4": {"health": True, "social": True}, "5.1": {"_": {"0": 2}}},
            ONEGA: {"1.4": {"health": False}, "5.1": {"_": {"0": 1, "-1": 1}}},
        },
    )
    _, consolidation = services(region)
    totals = consolidation.consolidate(HEAD, EARLY_HELP, Y2025).totals
    assert totals["5.1"].pairs["_"] == {"0": 4 + 2 + 1, "-1": 3 + 1}
    assert totals["1.4"].grid["health"].text == "да — 2 МО из 3"
    assert totals["1.4"].grid["social"].text == "да — 1 МО из 2"


def test_a_ratio_is_recomputed_from_summed_parts_never_averaged(tmp_path: Path) -> None:
    region, _package = region_with_package(tmp_path)
    forms, consolidation = services(region)
    program_id = forms.state(SYSTEM_ACTOR, "halfyear-indicators", H1, PLESETSK).program_id
    assert program_id is not None
    entry = IndicatorEntry(region.db, ComputedValues(region.db))
    parts = {PLESETSK: (3, 4), VELSK: (1, 6), ONEGA: (2, 10)}
    for district, (numerator, denominator) in parts.items():
        row = next(r for r in entry.sheets.sheet(SYSTEM_ACTOR, program_id, H1, district).rows if r.code == "1.2")
        change = ValueChange(
            row.indicator_id, numerator=numerator, denominator=denominator, expected_version=row.row_version
        )
        entry.save(SYSTEM_ACTOR, program_id, H1, district, [change], reason="проверка")
    question = next(q for q in forms.catalogue.get("halfyear-indicators").questions if q.indicator_code == "1.2")
    total = consolidation.consolidate(HEAD, "halfyear-indicators", H1).totals[question.id]
    numerator, denominator = 3 + 1 + 2, 4 + 6 + 10
    assert total.indicator.numerator == numerator and total.indicator.denominator == denominator
    assert total.indicator.value == pytest.approx(100 * numerator / denominator)  # 30 %, not the mean 28,9 %
    assert total.indicator.value != pytest.approx((75 + 100 / 6 + 20) / 3)


def test_the_region_fills_its_own_form_from_the_consolidation_as_a_draft(region: Installation) -> None:
    store_answers(region, MONTHLY, JULY, MONTHLY_ANSWERS)
    forms, consolidation = services(region)
    head = make_actor(Role.HEAD)
    state = consolidation.fill_region_form(head, MONTHLY, JULY)
    assert state.territory == REGION_NAME
    assert state.status is ValueStatus.DRAFT
    assert state.answers["1.1"] == 4 + 7 + 1
    assert state.answers["2.2"]["by_parents"] == {"0": 2 + 5 + 0}
    assert state.answers["2.6"]["value"] is True and state.answers["2.6"]["detail"].startswith("да — 2 МО из 3")
    assert len(state.answers["3.1-events"]) == 3
    again = forms.state(head, MONTHLY, JULY, REGION_NAME)
    assert again.answers["1.2"] == 3 + 6


REGION_NAME = "Архангельская область"
