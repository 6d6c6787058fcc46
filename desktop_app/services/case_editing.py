"""Changing family support cases: the case and its family, its stages, assessment, request, team, closure.

Every write is one transaction through the audit hook; the rules live in the domain (case_rules, case_record), so
the GUI, the command line and an import refuse the same things. Writing needs ``EDIT_DATA`` and
``VIEW_PERSONAL_DATA``: a case is all personal data, and the regional coordinator has no cases of its own to edit.

A fact that belongs to the next stage moves the case on to it, dated by the fact: an assessment of a case just
identified puts it at «оценка», the family's request after the assessment at «запрос», the team after the
request at «команда». Later (a re-assessment during the monitoring, a new curator) the fact is kept, the stage
stays.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_record import (
    CaseInput,
    RequestInput,
    TeamMemberInput,
    check_request,
    check_team,
)
from desktop_app.domain.case_rules import (
    WAY,
    AssessmentInput,
    CaseState,
    ClosureInput,
    ReopenInput,
    StageInput,
    check_assessment,
    check_closure,
    check_reopen,
    check_stage,
)
from desktop_app.domain.case_terms import CaseStage
from desktop_app.domain.errors import ConcurrentChange, ValidationError
from desktop_app.domain.roles import Permission
from desktop_app.services.case_card import CaseCard, case_card, load_case
from desktop_app.services.case_register import case_search_key
from desktop_app.storage.database import Database
from desktop_app.storage.models import CaseAdult, CaseChild, CaseTeamMember, FamilyCase, Organisation
from desktop_app.storage.models import CaseStage as CaseStageRow

CODE_PREFIX = "СС-"


class CaseEditing:
    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, actor: Actor, entry: CaseInput, done_by: str = "", today: date | None = None) -> CaseCard:
        """A new case «СС-0001» (the next number of this installation) at «выявление» on its identification date.

        The transaction takes the write lock before it reads the last number, so two workstations saving at the
        same moment never give two cases one code."""
        _require_editor(actor)
        today = today or date.today()
        entry = entry.checked(today)
        assert entry.identified_on is not None
        first = check_stage(
            None, StageInput(CaseStage.IDENTIFIED, entry.identified_on, done_by or actor.full_name), today
        )
        with self._db.transaction(actor, immediate=True) as session:
            family_case = FamilyCase(
                code=next_code(session),
                display_name=entry.name,
                category=entry.category,
                identified_on=entry.identified_on,
            )
            session.add(family_case)
            session.flush()  # the case's id, so that its rows name it in the journal from the start
            _write_entry(family_case, entry)
            _add_stage(family_case, first)
            session.flush()
            return case_card(session, family_case, True, today)

    def update(
        self, actor: Actor, case_id: str, entry: CaseInput, expected_version: int, today: date | None = None
    ) -> CaseCard:
        """The family's data as the card's form holds it; refused when someone saved the case since it was opened
        (``expected_version`` is the card's ``row_version``), and nothing of either save is lost."""
        _require_editor(actor)
        today = today or date.today()
        entry = entry.checked(today)
        with self._db.transaction(actor) as session:
            family_case = load_case(session, case_id)
            _check_version(family_case.row_version, expected_version)
            assert entry.identified_on is not None
            first_other = next((row.on_date for row in family_case.stages[1:]), None)
            if first_other is not None and entry.identified_on > first_other:
                raise ValidationError(
                    "Случай не сохранён: исправьте отмеченные поля.",
                    {"identified_on": "Дата выявления позже следующих этапов случая."},
                )
            _write_entry(family_case, entry)
            if family_case.stages and family_case.stages[0].stage == CaseStage.IDENTIFIED.value:
                if family_case.stages[0].on_date != entry.identified_on:
                    family_case.stages[0].on_date = entry.identified_on
            if not session.is_modified(family_case, include_collections=False) and (session.dirty or session.new):
                # Only the adults or children changed: the card's version still moves, so an older copy of them
                # opened before this save cannot be written back over it.
                family_case.row_version += 1
            session.flush()
            return case_card(session, family_case, True, today)

    def record_stage(self, actor: Actor, case_id: str, step: StageInput, today: date | None = None) -> CaseCard:
        """The case's next stage; a skipped or reversed one is refused without a reason (kept on the stage and in
        the journal); a prolongation sets the next review date."""
        _require_editor(actor)
        today = today or date.today()
        with self._db.transaction(actor) as session:
            family_case = load_case(session, case_id)
            checked = check_stage(_state(family_case), _with_actor(step, actor), today)
            _add_stage(family_case, checked)
            if checked.next_review_on is not None:
                family_case.next_review_on = checked.next_review_on
            session.flush()
            return case_card(session, family_case, True, today)

    def set_assessment(self, actor: Actor, case_id: str, entry: AssessmentInput, today: date | None = None) -> CaseCard:
        """The level of support and the next review (``case_rules.default_next_review`` offers one by level)."""
        _require_editor(actor)
        today = today or date.today()
        with self._db.transaction(actor) as session:
            family_case = load_case(session, case_id)
            checked = check_assessment(entry, family_case.identified_on, today)
            assert checked.level is not None
            _advance(
                family_case, CaseStage.ASSESSMENT, checked.assessed_on, checked.done_by, actor, today, "assessed_on"
            )
            family_case.support_level = checked.level.value
            family_case.assessed_on = checked.assessed_on
            family_case.next_review_on = checked.next_review_on
            session.flush()
            return case_card(session, family_case, True, today)

    def record_request(self, actor: Actor, case_id: str, entry: RequestInput, today: date | None = None) -> CaseCard:
        """The family's request and the date of its consent to support."""
        _require_editor(actor)
        today = today or date.today()
        with self._db.transaction(actor) as session:
            family_case = load_case(session, case_id)
            checked = check_request(entry, family_case.identified_on, today)
            _advance(family_case, CaseStage.REQUEST, checked.consent_on, checked.done_by, actor, today, "consent_on")
            family_case.request_text = checked.text
            family_case.consent_on = checked.consent_on
            session.flush()
            return case_card(session, family_case, True, today)

    def set_team(
        self,
        actor: Actor,
        case_id: str,
        members: tuple[TeamMemberInput, ...],
        on_date: date | None = None,
        today: date | None = None,
    ) -> CaseCard:
        """The support team, replacing the one before; exactly one curator, whose name the case keeps too.
        ``on_date`` dates the stage «команда» when the team moves the case on to it (today when not given)."""
        _require_editor(actor)
        today = today or date.today()
        team = check_team(members)
        with self._db.transaction(actor) as session:
            family_case = load_case(session, case_id)
            _check_organisations(session, team)
            _advance(family_case, CaseStage.TEAM, on_date or today, "", actor, today, "on_date")
            _write_team(family_case, team)
            curator = next(member.person for member in team if member.is_curator)
            if family_case.curator != curator:
                family_case.curator = curator
            session.flush()
            return case_card(session, family_case, True, today)

    def close(self, actor: Actor, case_id: str, entry: ClosureInput, today: date | None = None) -> CaseCard:
        """Снятие с сопровождения: the outcome, the date and (where the rules ask) the reason."""
        _require_editor(actor)
        today = today or date.today()
        with self._db.transaction(actor) as session:
            family_case = load_case(session, case_id)
            done_by = entry.done_by or actor.full_name
            checked = check_closure(
                _state(family_case), ClosureInput(entry.outcome, entry.on_date, entry.reason, done_by), today
            )
            assert checked.outcome is not None and checked.on_date is not None
            notes = f"исход: {checked.outcome.label}"
            _add_stage(
                family_case, StageInput(CaseStage.CLOSED, checked.on_date, checked.done_by, checked.reason, notes)
            )
            family_case.closed_on = checked.on_date
            family_case.outcome = checked.outcome.value
            family_case.closure_reason = checked.reason
            session.flush()
            return case_card(session, family_case, True, today)

    def reopen(self, actor: Actor, case_id: str, entry: ReopenInput, today: date | None = None) -> CaseCard:
        """A closed case taken up again at ``entry.stage``, with a reason; its closure stays in the stage history."""
        _require_editor(actor)
        today = today or date.today()
        with self._db.transaction(actor) as session:
            family_case = load_case(session, case_id)
            done_by = entry.done_by or actor.full_name
            checked = check_reopen(
                _state(family_case), ReopenInput(entry.on_date, entry.reason, done_by, entry.stage), today
            )
            _add_stage(
                family_case,
                StageInput(checked.stage, checked.on_date, checked.done_by, checked.reason, "случай открыт снова"),
            )
            family_case.closed_on = None
            family_case.outcome = ""
            family_case.closure_reason = ""
            session.flush()
            return case_card(session, family_case, True, today)


def _require_editor(actor: Actor) -> None:
    actor.require(Permission.EDIT_DATA)
    actor.require(Permission.VIEW_PERSONAL_DATA)


def _check_version(current: int, expected: int) -> None:
    if current != expected:
        raise ConcurrentChange(
            "Случай изменён другим пользователем, пока вы его редактировали: обновите карточку и внесите правки снова."
        )


def next_code(session: Session) -> str:
    """«СС-0001», «СС-0002» …: one more than the largest number this installation has used."""
    codes = session.scalars(select(FamilyCase.code).where(FamilyCase.code.like(f"{CODE_PREFIX}%"))).all()
    numbers = [int(code[len(CODE_PREFIX) :]) for code in codes if code[len(CODE_PREFIX) :].isdigit()]
    return f"{CODE_PREFIX}{max(numbers, default=0) + 1:04d}"


def _state(family_case: FamilyCase) -> CaseState:
    last = family_case.stages[-1].on_date if family_case.stages else None
    return CaseState(
        CaseStage.read(family_case.stage, CaseStage.IDENTIFIED), last, family_case.identified_on, family_case.closed_on
    )


def _with_actor(step: StageInput, actor: Actor) -> StageInput:
    if step.done_by.strip():
        return step
    return StageInput(step.stage, step.on_date, actor.full_name, step.reason, step.notes, step.next_review_on)


def _advance(
    family_case: FamilyCase,
    stage: CaseStage,
    on_date: date | None,
    done_by: str,
    actor: Actor,
    today: date,
    field: str,
) -> None:
    """Move the case on to ``stage`` when it is the very next one, dated by the fact that belongs to it; a date
    the stage cannot have is reported on the fact's own field."""
    state = _state(family_case)
    if state.is_closed:
        raise ValidationError(
            "Случай снят с сопровождения: чтобы продолжить работу, откройте его снова с причиной.",
            {field: "Случай снят с сопровождения."},
        )
    if state.stage not in WAY or WAY.index(stage) != WAY.index(state.stage) + 1:
        return  # a later fact (a re-assessment, a new team) keeps the stage where it is
    try:
        checked = check_stage(state, StageInput(stage, on_date, done_by or actor.full_name), today)
    except ValidationError as exc:
        raise ValidationError(exc.message, {field: exc.field_errors.get("on_date", exc.message)}) from exc
    _add_stage(family_case, checked)


def _add_stage(family_case: FamilyCase, step: StageInput) -> None:
    assert step.on_date is not None
    family_case.stages.append(
        CaseStageRow(
            case_id=family_case.id,
            stage=step.stage.value,
            on_date=step.on_date,
            done_by=step.done_by,
            reason=step.reason,
            notes=step.notes,
        )
    )
    family_case.stage = step.stage.value
    family_case.stage_since = step.on_date


def _check_organisations(session: Session, team: tuple[TeamMemberInput, ...]) -> None:
    wanted = {member.organisation_id for member in team if member.organisation_id}
    known = set(session.scalars(select(Organisation.id).where(Organisation.id.in_(wanted))).all())
    errors = {
        f"team.{index}.organisation_id": "Организации нет в справочнике: выберите её заново."
        for index, member in enumerate(team)
        if member.organisation_id not in known
    }
    if errors:
        raise ValidationError("Команда не сохранена: исправьте отмеченные поля.", errors)


def _set(row: object, values: dict[str, object]) -> None:
    """Set only what differs, so the journal shows real changes."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def _write_entry(family_case: FamilyCase, entry: CaseInput) -> None:
    """Copy the checked input onto the case and its adults and children, touching only what differs."""
    assert entry.category is not None and entry.source is not None
    _set(
        family_case,
        {
            "display_name": entry.name,
            "municipality": entry.municipality,
            "category": entry.category.value,
            "source": entry.source.value,
            "source_detail": entry.source_detail,
            "identified_on": entry.identified_on,
            "address": entry.address,
            "notes": entry.notes,
            "request_text": entry.request_text,
            "consent_on": entry.consent_on,
        },
    )
    adults = {row.id: row for row in family_case.adults}
    for position, adult in enumerate(entry.adults):
        row = adults.pop(adult.id, None) if adult.id else None
        if row is None:
            row = CaseAdult(case_id=family_case.id, full_name=adult.full_name)
            family_case.adults.append(row)
        _set(
            row,
            {
                "full_name": adult.full_name,
                "birth_date": adult.birth_date,
                "relation": adult.relation,
                "phone": adult.phone,
                "parental_rights": adult.parental_rights.value,
                "rights_restored_on": adult.rights_restored_on,
                "position": position,
            },
        )
    for gone in adults.values():
        family_case.adults.remove(gone)
    children = {row.id: row for row in family_case.children}
    for position, child in enumerate(entry.children):
        found = children.pop(child.id, None) if child.id else None
        if found is None:
            assert child.birth_date is not None
            found = CaseChild(case_id=family_case.id, code=child.code, birth_date=child.birth_date, sex=child.sex)
            family_case.children.append(found)
        _set(
            found,
            {
                "code": child.code,
                "birth_date": child.birth_date,
                "sex": child.sex,
                "placed_on": child.placed_on,
                "institution": child.institution,
                "returned_on": child.returned_on,
                "family_placed_on": child.family_placed_on,
                "position": position,
            },
        )
    for gone_child in children.values():
        family_case.children.remove(gone_child)
    key = case_search_key(family_case.code, entry.name, [adult.full_name for adult in entry.adults])
    if family_case.search_key != key:
        family_case.search_key = key


def _write_team(family_case: FamilyCase, team: tuple[TeamMemberInput, ...]) -> None:
    existing = {row.id: row for row in family_case.team}
    for position, member in enumerate(team):
        row = existing.pop(member.id, None) if member.id else None
        if row is None:
            row = CaseTeamMember(case_id=family_case.id)
            family_case.team.append(row)
        _set(
            row,
            {
                "organisation_id": member.organisation_id,
                "person": member.person,
                "team_role": member.role,
                "is_curator": member.is_curator,
                "position": position,
            },
        )
    for gone in existing.values():
        family_case.team.remove(gone)
