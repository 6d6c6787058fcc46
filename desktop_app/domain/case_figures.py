"""What the family support cases count for a period: the figures seed 002's indicators take from the case register.

Each rule reads plain facts of one case (no database): the figures are the number of cases (or, for 1.4 and the
children returned, of people) the rule finds in a ``Window``. The services (services/case_figures.py) compute the
same rules with one SQL query per figure; the constants below are shared by both, so the two cannot drift apart.

The window of a period is the period itself. The window of a *cumulative* indicator («с нарастающим итогом») runs
from the program's start to the period's end: a family helped in March and again in October is counted once in the
year's running total, not once per half-year. Figures «at the end of the period» (``cases.sop_at_end``,
``cases.open_at_end``) read only the window's last day, so the two readings agree for them.

A case counts only from the day it was identified: a case identified after the window's end is never counted,
whatever dates its services carry. A case is open on a day from its identification until the day before its
closure (closed on the last day of the period, it is no longer open at the period's end).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.case_terms import CaseCategory, ConsiliumKind, MeasureDecision, ServiceKind, ServiceStatus

# The categories seed 002's 7.2, 7.5 and 7.6 speak of: «семьи в ТЖС/СОП».
HELP_CATEGORIES = frozenset({CaseCategory.TJS.value, CaseCategory.SOP.value})
# A service counts as help received when it is given or being given and its date (``given_on``) is in the window.
HELP_STATUSES = frozenset({ServiceStatus.GIVEN.value, ServiceStatus.IN_PROGRESS.value})


@dataclass(frozen=True)
class Window:
    """The days a figure looks at, both ends included."""

    start: date
    end: date

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class ChildFacts:
    birth_date: date
    placed_on: date | None = None
    returned_on: date | None = None
    family_placed_on: date | None = None


@dataclass(frozen=True)
class AdultFacts:
    parental_rights: str = ""  # ParentalRights: "", "limited", "deprived"
    rights_restored_on: date | None = None


@dataclass(frozen=True)
class ServiceFacts:
    kind: str  # ServiceKind
    status: str  # ServiceStatus
    given_on: date | None = None


@dataclass(frozen=True)
class MeasureFacts:
    is_social_contract: bool
    decision: str  # MeasureDecision
    decided_on: date | None = None


@dataclass(frozen=True)
class ReviewFacts:
    meeting_kind: str  # ConsiliumKind
    held_on: date
    interagency_support: bool


@dataclass(frozen=True)
class CaseFacts:
    category: str  # CaseCategory
    identified_on: date
    closed_on: date | None = None
    outcome: str = ""  # CaseOutcome, when closed
    children: tuple[ChildFacts, ...] = ()
    adults: tuple[AdultFacts, ...] = ()
    services: tuple[ServiceFacts, ...] = ()
    measures: tuple[MeasureFacts, ...] = ()
    reviews: tuple[ReviewFacts, ...] = ()


def known_by(case: CaseFacts, window: Window) -> bool:
    """The case was identified by the window's last day."""
    return case.identified_on <= window.end


def open_on(case: CaseFacts, day: date) -> bool:
    """Identified by ``day`` and not closed on or before it."""
    return case.identified_on <= day and (case.closed_on is None or case.closed_on > day)


def open_during(case: CaseFacts, window: Window) -> bool:
    """Supported on at least one day of the window."""
    return case.identified_on <= window.end and (case.closed_on is None or case.closed_on >= window.start)


# -- the figures ------------------------------------------------------------------------------------------------


def sop_at_end(case: CaseFacts, window: Window) -> int:
    """Seed 002, 1.3 «Количество семей, находящихся в социально опасном положении»: families of category СОП
    whose case is open at the window's end."""
    return int(case.category == CaseCategory.SOP.value and open_on(case, window.end))


def rights_restored(case: CaseFacts, window: Window) -> int:
    """Seed 002, 1.4 «Количество случаев восстановления в родительских правах, отмены ограничения» (and 7.8):
    the case's parents whose rights were restored or whose restriction was lifted within the window — people,
    not families (two parents restored in one family are two cases of restoration)."""
    if not known_by(case, window):
        return 0
    return sum(1 for adult in case.adults if window.holds(adult.rights_restored_on))


def consilium_support(case: CaseFacts, window: Window) -> int:
    """Seed 002, 3.2 «Количество семей, ситуации в которых рассмотрены на межведомственных консилиумах … и в
    отношении которых организовано … межведомственное сопровождение»: families considered at a consilium (not the
    expert group's review of a placement) held within the window, with interagency support organised."""
    return int(
        known_by(case, window)
        and any(
            review.meeting_kind == ConsiliumKind.CONSILIUM.value
            and review.interagency_support
            and window.holds(review.held_on)
            for review in case.reviews
        )
    )


def return_support(case: CaseFacts, window: Window) -> int:
    """Seed 002, 4.3 «Количество сопровожденных семей по устранению неблагополучной обстановки в них и возвращению
    детей, помещённых в государственное учреждение»: families of category «ребёнок помещён в организацию» whose
    case was open on at least one day of the window."""
    return int(case.category == CaseCategory.CHILD_PLACED.value and open_during(case, window))


def children_returned(case: CaseFacts, window: Window) -> int:
    """Children returned from an institution to the family within the window (the numerator of seed 002's 1.2
    «Удельный вес детей, возвращённых в кровную семью»): children, not families."""
    if not known_by(case, window):
        return 0
    return sum(1 for child in case.children if window.holds(child.returned_on))


def _helped_with(kind: ServiceKind) -> Callable[[CaseFacts, Window], int]:
    def rule(case: CaseFacts, window: Window) -> int:
        return int(
            case.category in HELP_CATEGORIES
            and known_by(case, window)
            and any(
                service.kind == kind.value and service.status in HELP_STATUSES and window.holds(service.given_on)
                for service in case.services
            )
        )

    return rule


addiction_help = _helped_with(ServiceKind.ADDICTION)
addiction_help.__doc__ = """Seed 002, 7.2 «Количество семей в ТЖС/СОП, в которых имеются родители с алко-,
наркозависимостями, получивших помощь в борьбе с зависимостью»: families of category ТЖС or СОП given (or being
given) a service of kind «помощь в преодолении зависимости» dated within the window."""

employment_help = _helped_with(ServiceKind.EMPLOYMENT)
employment_help.__doc__ = """Seed 002, 7.5 «Количество семей в ТЖС/СОП, которым оказана помощь в поиске места
работы, профессиональной ориентации, обучении»: families of category ТЖС or СОП given (or being given) a service of
kind «содействие занятости» dated within the window."""


def social_contract(case: CaseFacts, window: Window) -> int:
    """Seed 002, 7.6 «Количество семей в ТЖС/СОП, которым оказана государственная социальная помощь на основании
    социальных контрактов»: families of category ТЖС or СОП granted a social contract (a measure of the catalogue
    marked as one) by a decision dated within the window."""
    return int(
        case.category in HELP_CATEGORIES
        and known_by(case, window)
        and any(
            measure.is_social_contract
            and measure.decision == MeasureDecision.GRANTED.value
            and window.holds(measure.decided_on)
            for measure in case.measures
        )
    )


def open_at_end(case: CaseFacts, window: Window) -> int:
    """The caseload: cases open at the window's end."""
    return int(open_on(case, window.end))


def opened(case: CaseFacts, window: Window) -> int:
    """The caseload: cases identified (taken into support) within the window."""
    return int(window.holds(case.identified_on))


def closed(case: CaseFacts, window: Window) -> int:
    """The caseload: cases closed within the window."""
    return int(known_by(case, window) and window.holds(case.closed_on))


FIGURE_RULES: dict[str, Callable[[CaseFacts, Window], int]] = {
    "cases.sop_at_end": sop_at_end,
    "cases.rights_restored": rights_restored,
    "cases.consilium_support": consilium_support,
    "cases.return_support": return_support,
    "cases.children_returned": children_returned,
    "cases.addiction_help": addiction_help,
    "cases.employment_help": employment_help,
    "cases.social_contract": social_contract,
    "cases.open_at_end": open_at_end,
    "cases.opened": opened,
    "cases.closed": closed,
}
# Figures read on the window's last day: a running total of them is the same number.
AT_END = frozenset({"cases.sop_at_end", "cases.open_at_end"})
# Figures that count people (parents, children) rather than families.
PEOPLE = frozenset({"cases.rights_restored", "cases.children_returned"})


def window_of(period_start: date, period_end: date, program_start: date | None = None) -> Window:
    """The period's own window, or, for a cumulative indicator, from the program's start (when it began earlier)."""
    start = program_start if program_start is not None and program_start < period_start else period_start
    return Window(start, period_end)


def count(key: str, cases: Iterable[CaseFacts], window: Window) -> int:
    """The figure ``key`` over ``cases``: the sum of its rule over each case."""
    rule = FIGURE_RULES[key]
    return sum(rule(case, window) for case in cases)
