"""What the people of the story type in: the region's program and, for each district, its half-year. Every
expected figure of the checks is computed from these values by the tests' own arithmetic."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.program_definition import (
    ApprovingAct,
    BlockDef,
    IndicatorDef,
    IndicatorGroupDef,
    MeasureDef,
    OrganisationDef,
    PlanValueDef,
    ProgramDefinition,
)

H1 = Period.parse("2026-H1")
H2 = Period.parse("2026-H2")
JUNE = Period.parse("2026-06")
YEAR_2025 = Period.parse("2025")

PLESETSK = "Плесецкий муниципальный округ"  # sends on time, with a second PC in the office
VELSK = "Вельский муниципальный район"  # sends late, and a corrected bundle after the first
ONEGA = "Онежский муниципальный округ"  # enters its data but sends nothing
DISTRICTS = (PLESETSK, VELSK, ONEGA)

# The program's measures: number as printed → the deadline as approved. «в течение всего срока» is due in
# every half-year; «до 31 мая 2026 года» only in the first; «до 30 ноября 2026 года» only in the second.
MEASURES = {
    "I.1.": "в течение всего срока реализации Программы",
    "I.2.": "в течение всего срока реализации Программы",
    "II.1.": "до 31 мая 2026 года",
    "II.2.": "до 30 ноября 2026 года",
}
DUE_IN_H1 = ("I.1.", "I.2.", "II.1.")

# code → (kind, cumulative, plan for H1, plan for H2)
INDICATORS = {
    "1.1": ("count", False, 4.0, 4.0),
    "1.2": ("percentage", False, 75.0, 76.0),
    "1.3": ("count", False, 95.0, 93.0),
    "1.4": ("count", True, 6.0, 12.0),
    "2.1": ("count", False, 5.0, 5.0),
}
INDICATOR_NAMES = {
    "1.1": "Количество проведенных межведомственных заседаний по вопросам профилактики семейного неблагополучия",
    "1.2": "Удельный вес детей, возвращенных в кровную семью",
    "1.3": "Количество семей, находящихся в социально опасном положении",
    "1.4": "Количество семей в ТЖС/СОП, получивших помощь на основании социальных контрактов (с нарастающим)",
    "2.1": "Количество ресурсных семей, готовых принять ребенка",
}


def regional_program() -> ProgramDefinition:
    """The region's own program for 2026: two blocks of measures and five indicators with plan values."""
    organisations = (
        OrganisationDef(
            "mintrud",
            "Министерство труда, занятости и социального развития Архангельской области",
            "Минтруд АО",
            "social_protection",
        ),
        OrganisationDef("ooip", "Органы опеки и попечительства муниципальных образований", "ООиП", "guardianship"),
    )

    def measure(full_number: str, name: str, codes: tuple[str, ...]) -> MeasureDef:
        number = full_number.split(".", 1)[1]
        return MeasureDef(
            number,
            name,
            MEASURES[full_number],
            "ООиП, Минтруд АО",
            ("ooip", "mintrud"),
            "Снижение числа детей в детских учреждениях",
            "отчёт",
            codes,
        )

    blocks = (
        BlockDef(
            "I.",
            "Межведомственное взаимодействие",
            "Семьи получают помощь до изъятия ребёнка",
            (
                measure(
                    "I.1.", "Проведение межведомственных заседаний по профилактике социального сиротства", ("1.1",)
                ),
                measure("I.2.", "Сопровождение семей, рассмотренных на межведомственных консилиумах", ("1.3", "1.4")),
            ),
        ),
        BlockDef(
            "II.",
            "Ресурсные семьи",
            "Не менее 5 готовых ресурсных семей в каждом муниципальном образовании",
            (
                measure("II.1.", "Формирование реестра ресурсных семей", ("2.1",)),
                measure("II.2.", "Анализ результатов временного устройства детей в ресурсные семьи", ()),
            ),
        ),
    )
    groups = (
        IndicatorGroupDef(
            "1", "Профилактика социального сиротства", tuple(_indicator(c) for c in ("1.1", "1.2", "1.3", "1.4"))
        ),
        IndicatorGroupDef("2", "Ресурсные семьи", (_indicator("2.1"),)),
    )
    return ProgramDefinition(
        title="Региональная программа «Профилактика социального сиротства в Архангельской области» на 2026 год",
        short_title="Профилактика сиротства 2026",
        level="regional",
        act=ApprovingAct("Правительство Архангельской области", "постановление", "12-пп", date(2025, 12, 20)),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        strategic_goal="Снижение уровня социального сиротства",
        goals=("Профилактика изъятия детей из семей",),
        tasks=("Развитие ресурсных семей",),
        organisations=organisations,
        blocks=blocks,
        indicator_groups=groups,
        reporting=ReportingProcedure(PeriodKind.HALF_YEAR, 3, (1, 20)),
    )


def _indicator(code: str) -> IndicatorDef:
    kind, cumulative, first, second = INDICATORS[code]
    direction = "decrease" if code == "1.3" else "increase"

    def plan(period: Period, value: float) -> PlanValueDef:
        return PlanValueDef(period, value, f"{value:g}%" if kind == "percentage" else f"{value:g}")

    unit = "%" if kind == "percentage" else "единиц"
    return IndicatorDef(
        code, INDICATOR_NAMES[code], unit, kind, cumulative, direction, None, None, (plan(H1, first), plan(H2, second))
    )


@dataclass(frozen=True)
class Family:
    surname: str
    steps: tuple[tuple[str, date], ...]  # (stage, date) from the candidate on
    placement: tuple[date, date | None, str] | None = None  # start, end, outcome (a child under 4 placed)


@dataclass(frozen=True)
class Report:
    status: str
    done_text: str
    quantity: float | None
    document: str = ""  # the title of a confirming document, if one is attached


@dataclass(frozen=True)
class DistrictHalfYear:
    reports: dict[str, Report]  # measure number → the report for H1
    values: dict[str, float | tuple[int, int]]  # indicator code → count, or (numerator, denominator)
    families: tuple[Family, ...]
    monthly: dict[str, object] = field(default_factory=dict)  # June's monthly form: question → answer
    monitoring: dict[str, object] = field(default_factory=dict)  # the 2025 monitoring form (seed 003)


def _path(*stages: tuple[str, date]) -> tuple[tuple[str, date], ...]:
    return stages


FULL_WAY = ("candidate", "documents", "training", "diagnostics", "in_register")

HALF_YEAR = {
    PLESETSK: DistrictHalfYear(
        reports={
            "I.1.": Report("done", "Проведено 3 межведомственных заседания", 3, document="Протокол заседания № 3"),
            "I.2.": Report("partially_done", "Сопровождались 7 семей", 7),
            "II.1.": Report("done", "Реестр сформирован, включены 2 семьи", 2),
        },
        values={"1.1": 3, "1.2": (3, 4), "1.3": 6, "1.4": 7, "2.1": 2},
        families=(
            Family(
                "Иванова",
                tuple(
                    zip(
                        FULL_WAY,
                        (date(2026, 1, 13), date(2026, 2, 2), date(2026, 3, 2), date(2026, 4, 1), date(2026, 4, 20)),
                        strict=True,
                    )
                ),
                placement=(date(2026, 5, 4), date(2026, 6, 15), "returned"),
            ),
            Family(
                "Петрова",
                tuple(
                    zip(
                        FULL_WAY,
                        (date(2026, 1, 20), date(2026, 2, 9), date(2026, 3, 10), date(2026, 4, 14), date(2026, 5, 25)),
                        strict=True,
                    )
                ),
            ),
            Family(
                "Смирнова",
                tuple(zip(FULL_WAY[:3], (date(2026, 3, 16), date(2026, 4, 6), date(2026, 6, 1)), strict=True)),
            ),
        ),
        monthly={"1.2": 2, "1.3": 1, "2.5": 0, "3.2": "Не хватает мест в ШПР"},
        monitoring={
            "1.1": "Проведены обучающие семинары для специалистов ранней помощи",
            "1.5": {"value": True, "detail": "АИС «Семья»"},
        },
    ),
    VELSK: DistrictHalfYear(
        reports={"I.1.": Report("done", "Проведено 1 заседание", 1)},
        values={"1.1": 1, "1.2": (1, 6), "1.3": 12, "1.4": 5, "2.1": 1},
        families=(
            Family(
                "Кузнецова",
                tuple(
                    zip(
                        FULL_WAY,
                        (date(2026, 1, 14), date(2026, 2, 3), date(2026, 3, 3), date(2026, 3, 30), date(2026, 4, 10)),
                        strict=True,
                    )
                ),
                placement=(date(2026, 6, 1), None, ""),
            ),
            Family("Попова", tuple(zip(FULL_WAY[:2], (date(2026, 4, 1), date(2026, 5, 12)), strict=True))),
        ),
        monthly={"1.2": 0, "1.3": 0, "2.5": 1},
    ),
    ONEGA: DistrictHalfYear(
        reports={},
        values={"1.1": 2, "1.2": (2, 2), "1.3": 4, "1.4": 1, "2.1": 0},
        families=(Family("Морозова", (("candidate", date(2026, 5, 18)),)),),
    ),
}
VELSK_CORRECTED_1_3 = 11  # Вельский finds a family counted twice and sends a corrected bundle
PLESETSK_SECOND_PC_1_3 = 7  # the second PC of Плесецкий typed another number: the head keeps the main PC's 6
