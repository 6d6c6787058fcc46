"""The interagency consilium and the expert group: meetings, the cases each considered with the decision and
recommendations, and seed 000's check that every placement of a child under 4 in an institution was reviewed.

Writes need EDIT_DATA and VIEW_PERSONAL_DATA (a review speaks of a family); each is one audited transaction,
refused when the row changed since it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_terms import ConsiliumKind, ReviewDecision
from desktop_app.domain.errors import ConcurrentChange, NotFound, UserError, ValidationError
from desktop_app.domain.periods import Period, format_date
from desktop_app.domain.placements import age_in_months, fourth_birthday
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import collapse_spaces
from desktop_app.services.case_route_rows import assign
from desktop_app.storage.database import Database
from desktop_app.storage.models import CaseChild, ConsiliumMeeting, ConsiliumReview, FamilyCase

TEXT_LIMIT = 10_000
STALE = "Запись о заседании изменена другим пользователем. Обновите список заседаний и повторите."


@dataclass(frozen=True)
class MeetingInput:
    kind: str
    held_on: date | None
    number: str = ""
    chair: str = ""
    notes: str = ""
    municipality: str = ""

    def checked(self, today: date) -> MeetingInput:
        errors: dict[str, str] = {}
        try:
            ConsiliumKind(self.kind)
        except ValueError:
            errors["kind"] = "Выберите вид заседания: консилиум или экспертная группа."
        if self.held_on is None:
            errors["held_on"] = "Укажите дату заседания."
        elif self.held_on > today:
            errors["held_on"] = "Дата заседания ещё не наступила: записывается состоявшееся заседание."
        number, chair = collapse_spaces(self.number), collapse_spaces(self.chair)
        if len(number) > 50:
            errors["number"] = "Номер протокола — не более 50 знаков."
        if len(chair) > 300:
            errors["chair"] = "Председатель — не более 300 знаков."
        if len(self.notes) > TEXT_LIMIT:
            errors["notes"] = f"Не более {TEXT_LIMIT} знаков."
        if errors:
            raise ValidationError("Заседание не сохранено: исправьте отмеченные поля.", errors)
        return replace(
            self, number=number, chair=chair, notes=self.notes.strip(), municipality=collapse_spaces(self.municipality)
        )


@dataclass(frozen=True)
class ReviewInput:
    case_id: str
    decision: str
    recommendations: str = ""
    interagency_support: bool = False
    child_id: str | None = None  # the child whose placement in an institution the expert group reviewed

    def checked(self) -> ReviewInput:
        errors: dict[str, str] = {}
        if not self.case_id:
            errors["case_id"] = "Выберите случай, рассмотренный на заседании."
        try:
            ReviewDecision(self.decision)
        except ValueError:
            errors["decision"] = "Выберите решение из списка."
        if len(self.recommendations) > TEXT_LIMIT:
            errors["recommendations"] = f"Не более {TEXT_LIMIT} знаков."
        if errors:
            raise ValidationError("Рассмотрение не сохранено: исправьте отмеченные поля.", errors)
        return replace(self, recommendations=self.recommendations.strip(), child_id=self.child_id or None)


@dataclass(frozen=True)
class ReviewRow:
    id: str
    meeting_id: str
    case_id: str
    case_code: str
    child_id: str | None
    child_code: str
    decision: str
    decision_label: str
    recommendations: str  # "" for roles without personal data
    interagency_support: bool
    row_version: int


@dataclass(frozen=True)
class MeetingRow:
    id: str
    kind: str
    kind_label: str
    held_on: date
    number: str
    chair: str
    notes: str  # "" for roles without personal data
    municipality: str
    reviews: tuple[ReviewRow, ...]
    row_version: int

    @property
    def title(self) -> str:
        """«Межведомственный консилиум 12.03.2026, протокол № 3»."""
        number = f", протокол № {self.number}" if self.number else ""
        return f"{self.kind_label[:1].upper()}{self.kind_label[1:]} {format_date(self.held_on)}{number}"


@dataclass(frozen=True)
class PlacementCheck:
    """A child placed in an institution before turning 4, and whether the expert group reviewed the placement."""

    child_id: str
    child_code: str
    case_id: str
    case_code: str
    placed_on: date
    age_months: int
    review_dates: tuple[date, ...]

    @property
    def reviewed(self) -> bool:
        return bool(self.review_dates)


@dataclass(frozen=True)
class PlacementCoverage:
    """Seed 000: 100 % of placements of children under 4 in institutions are reviewed by the expert group."""

    start: date
    end: date
    placements: tuple[PlacementCheck, ...]

    @property
    def total(self) -> int:
        return len(self.placements)

    @property
    def reviewed(self) -> int:
        return sum(check.reviewed for check in self.placements)

    @property
    def unreviewed(self) -> tuple[PlacementCheck, ...]:
        return tuple(check for check in self.placements if not check.reviewed)

    @property
    def unreviewed_codes(self) -> tuple[str, ...]:
        return tuple(check.child_code for check in self.unreviewed)

    @property
    def text(self) -> str:
        """«все случаи рассмотрены» or «не рассмотрено: 2»."""
        if not self.placements:
            return "помещений детей до 4 лет в организации за период нет"
        missing = len(self.unreviewed)
        return "все случаи рассмотрены" if missing == 0 else f"не рассмотрено: {missing}"


class ConsiliumService:
    def __init__(self, db: Database) -> None:
        self._db = db

    # ------------------------------------------------------------------------------------------- reading

    def meetings(
        self, actor: Actor, start: date | None = None, end: date | None = None, kind: str = ""
    ) -> list[MeetingRow]:
        """Meetings held between ``start`` and ``end`` (inclusive, either open), newest first."""
        actor.require(Permission.VIEW_DATA)
        personal = actor.can(Permission.VIEW_PERSONAL_DATA)
        with self._db.reading() as session:
            query = select(ConsiliumMeeting)
            if start is not None:
                query = query.where(ConsiliumMeeting.held_on >= start)
            if end is not None:
                query = query.where(ConsiliumMeeting.held_on <= end)
            if kind:
                query = query.where(ConsiliumMeeting.kind == kind)
            query = query.order_by(ConsiliumMeeting.held_on.desc(), ConsiliumMeeting.number)
            return [_meeting_row(session, meeting, personal) for meeting in session.scalars(query)]

    def case_reviews(self, actor: Actor, case_id: str) -> list[tuple[MeetingRow, ReviewRow]]:
        """Every time the case was considered: the meeting (without its other reviews) and the review, oldest first."""
        actor.require(Permission.VIEW_DATA)
        personal = actor.can(Permission.VIEW_PERSONAL_DATA)
        with self._db.reading() as session:
            query = (
                select(ConsiliumReview, ConsiliumMeeting)
                .join(ConsiliumMeeting, ConsiliumMeeting.id == ConsiliumReview.meeting_id)
                .where(ConsiliumReview.case_id == case_id)
                .order_by(ConsiliumMeeting.held_on, ConsiliumReview.position)
            )
            return [
                (_meeting_row(session, meeting, personal, with_reviews=False), _review_row(session, review, personal))
                for review, meeting in session.execute(query)
            ]

    def placement_coverage(self, actor: Actor, start: date, end: date) -> PlacementCoverage:
        """Every child placed in an institution between ``start`` and ``end`` while under 4, and whether an
        expert-group review of that child's placement exists."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            reviewed: dict[str, list[date]] = {}
            query = (
                select(ConsiliumReview.child_id, ConsiliumMeeting.held_on)
                .join(ConsiliumMeeting, ConsiliumMeeting.id == ConsiliumReview.meeting_id)
                .where(
                    ConsiliumReview.child_id.is_not(None),
                    ConsiliumMeeting.kind == ConsiliumKind.EXPERT_REVIEW.value,
                )
            )
            for child_id, held_on in session.execute(query):
                reviewed.setdefault(str(child_id), []).append(held_on)
            placed = session.execute(
                select(CaseChild, FamilyCase.code)
                .join(FamilyCase, FamilyCase.id == CaseChild.case_id)
                .where(CaseChild.placed_on >= start, CaseChild.placed_on <= end)
                .order_by(CaseChild.placed_on, FamilyCase.code, CaseChild.code)
            )
            checks = []
            for child, case_code in placed:
                assert child.placed_on is not None
                if child.placed_on >= fourth_birthday(child.birth_date):
                    continue
                checks.append(
                    PlacementCheck(
                        child.id,
                        child.code,
                        child.case_id,
                        case_code,
                        child.placed_on,
                        age_in_months(child.birth_date, child.placed_on),
                        tuple(sorted(reviewed.get(child.id, []))),
                    )
                )
            return PlacementCoverage(start, end, tuple(checks))

    def period_coverage(self, actor: Actor, period: Period) -> PlacementCoverage:
        """``placement_coverage`` for a reporting period."""
        return self.placement_coverage(actor, period.start, period.end)

    # ------------------------------------------------------------------------------------------- writing

    def add_meeting(self, actor: Actor, entry: MeetingInput, today: date | None = None) -> MeetingRow:
        _require_editor(actor)
        entry = entry.checked(today or date.today())
        with self._db.transaction(actor) as session:
            meeting = ConsiliumMeeting()
            _write_meeting(meeting, entry)
            session.add(meeting)
            session.flush()
            return _meeting_row(session, meeting, True)

    def update_meeting(
        self, actor: Actor, meeting_id: str, entry: MeetingInput, expected_version: int, today: date | None = None
    ) -> MeetingRow:
        _require_editor(actor)
        entry = entry.checked(today or date.today())
        with self._db.transaction(actor) as session:
            meeting = _meeting(session, meeting_id)
            _check_version(meeting.row_version, expected_version)
            if entry.kind != meeting.kind and entry.kind == ConsiliumKind.EXPERT_REVIEW.value:
                reviews = session.scalars(select(ConsiliumReview).where(ConsiliumReview.meeting_id == meeting_id))
                if any(review.child_id is None for review in reviews):
                    raise UserError(
                        "Экспертная группа рассматривает помещение конкретного ребёнка: укажите ребёнка в каждом"
                        " рассмотрении, прежде чем менять вид заседания."
                    )
            _write_meeting(meeting, entry)
            session.flush()
            return _meeting_row(session, meeting, True)

    def remove_meeting(self, actor: Actor, meeting_id: str, expected_version: int) -> None:
        """Delete a meeting entered by mistake, with its reviews."""
        _require_editor(actor)
        with self._db.transaction(actor) as session:
            meeting = _meeting(session, meeting_id)
            _check_version(meeting.row_version, expected_version)
            for review in session.scalars(select(ConsiliumReview).where(ConsiliumReview.meeting_id == meeting_id)):
                session.delete(review)
            session.delete(meeting)

    def add_review(self, actor: Actor, meeting_id: str, entry: ReviewInput) -> ReviewRow:
        """A case considered at the meeting with the decision and recommendations."""
        _require_editor(actor)
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            meeting = _meeting(session, meeting_id)
            _check_review_target(session, meeting, entry)
            last = session.scalars(
                select(ConsiliumReview.position)
                .where(ConsiliumReview.meeting_id == meeting_id)
                .order_by(ConsiliumReview.position.desc())
            ).first()
            review = ConsiliumReview(meeting_id=meeting.id, position=(last or 0) + 1, case_id=entry.case_id)
            _write_review(review, entry)
            session.add(review)
            session.flush()
            return _review_row(session, review, True)

    def update_review(self, actor: Actor, review_id: str, entry: ReviewInput, expected_version: int) -> ReviewRow:
        _require_editor(actor)
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            review = _review(session, review_id)
            _check_version(review.row_version, expected_version)
            _check_review_target(session, _meeting(session, review.meeting_id), entry)
            _write_review(review, entry)
            session.flush()
            return _review_row(session, review, True)

    def remove_review(self, actor: Actor, review_id: str, expected_version: int) -> None:
        _require_editor(actor)
        with self._db.transaction(actor) as session:
            review = _review(session, review_id)
            _check_version(review.row_version, expected_version)
            session.delete(review)


def _require_editor(actor: Actor) -> None:
    actor.require(Permission.EDIT_DATA)
    actor.require(Permission.VIEW_PERSONAL_DATA)


def _check_version(current: int, expected: int) -> None:
    if current != expected:
        raise ConcurrentChange(STALE)


def _meeting(session: Session, meeting_id: str) -> ConsiliumMeeting:
    meeting = session.get(ConsiliumMeeting, meeting_id)
    if meeting is None:
        raise NotFound("Заседание не найдено: возможно, его удалили. Обновите список заседаний.")
    return meeting


def _review(session: Session, review_id: str) -> ConsiliumReview:
    review = session.get(ConsiliumReview, review_id)
    if review is None:
        raise NotFound("Рассмотрение не найдено: возможно, его удалили. Обновите заседание.")
    return review


def _check_review_target(session: Session, meeting: ConsiliumMeeting, entry: ReviewInput) -> None:
    """The case exists; the child, when named, is the case's; the expert group always names the child."""
    if session.get(FamilyCase, entry.case_id) is None:
        raise NotFound("Случай сопровождения не найден: возможно, его удалили. Обновите список случаев.")
    if entry.child_id is not None:
        child = session.get(CaseChild, entry.child_id)
        if child is None or child.case_id != entry.case_id:
            raise ValidationError(
                "Рассмотрение не сохранено: исправьте отмеченные поля.",
                {"child_id": "Выберите ребёнка из детей этой семьи."},
            )
    elif meeting.kind == ConsiliumKind.EXPERT_REVIEW.value:
        raise ValidationError(
            "Рассмотрение не сохранено: исправьте отмеченные поля.",
            {"child_id": "Укажите ребёнка, помещение которого в организацию рассматривает экспертная группа."},
        )


def _write_meeting(meeting: ConsiliumMeeting, entry: MeetingInput) -> None:
    assign(
        meeting,
        {
            "kind": entry.kind,
            "held_on": entry.held_on,
            "number": entry.number,
            "chair": entry.chair,
            "notes": entry.notes,
            "municipality": entry.municipality,
        },
    )


def _write_review(review: ConsiliumReview, entry: ReviewInput) -> None:
    assign(
        review,
        {
            "case_id": entry.case_id,
            "child_id": entry.child_id,
            "decision": entry.decision,
            "recommendations": entry.recommendations,
            "interagency_support": entry.interagency_support,
        },
    )


def _review_row(session: Session, review: ConsiliumReview, personal: bool) -> ReviewRow:
    case = session.get(FamilyCase, review.case_id)
    child = session.get(CaseChild, review.child_id) if review.child_id else None
    return ReviewRow(
        review.id,
        review.meeting_id,
        review.case_id,
        case.code if case else "",
        review.child_id,
        child.code if child else "",
        review.decision,
        ReviewDecision.read(review.decision, ReviewDecision.OTHER).label,
        review.recommendations if personal else "",
        review.interagency_support,
        review.row_version,
    )


def _meeting_row(session: Session, meeting: ConsiliumMeeting, personal: bool, with_reviews: bool = True) -> MeetingRow:
    reviews: tuple[ReviewRow, ...] = ()
    if with_reviews:
        query = (
            select(ConsiliumReview).where(ConsiliumReview.meeting_id == meeting.id).order_by(ConsiliumReview.position)
        )
        reviews = tuple(_review_row(session, review, personal) for review in session.scalars(query))
    return MeetingRow(
        meeting.id,
        meeting.kind,
        ConsiliumKind.read(meeting.kind, ConsiliumKind.CONSILIUM).label,
        meeting.held_on,
        meeting.number,
        meeting.chair,
        meeting.notes if personal else "",
        meeting.municipality,
        reviews,
        meeting.row_version,
    )
