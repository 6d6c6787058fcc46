"""Карточка случая сопровождения семьи, printed for the file: the header (code, family, category, level, stage,
curator, dates), the adults, the children by their codes, the stage history with reasons, the team, the route
(services, support measures, referrals with their statuses), the consilium's decisions and the closure — from
CaseCards.open (which journals the view: printing is a view), CaseRouteService.route and
ConsiliumService.case_reviews, one report model for the PDF and the workbook.

The card is personal data: only a district's user who may see personal data prints it.

For the window: ``print_case_card(db, actor, case_id, path, file_format)`` builds and writes the file in one call;
it reads and writes the database (the journal), so run it on the database worker (gui/tasks.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_terms import IdentificationSource
from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import format_date
from desktop_app.domain.placements import SEX_LABELS
from desktop_app.domain.roles import InstallationKind, Permission
from desktop_app.reports.model import (
    Align,
    Column,
    HeaderCell,
    Orientation,
    Report,
    Row,
    Section,
    Signature,
    Table,
    day,
    text,
)
from desktop_app.reports.progress import CancelCheck, ProgressCallback
from desktop_app.services.auth import AuthService
from desktop_app.services.case_card import CaseCard, CaseCards
from desktop_app.services.case_route import CaseRouteService
from desktop_app.services.case_route_rows import CaseRoute
from desktop_app.services.consilium import ConsiliumService, MeetingRow, ReviewRow
from desktop_app.services.installation import InstallationService
from desktop_app.storage.database import Database
from desktop_app.storage.models import FamilyCase

TITLE = "Карточка случая сопровождения семьи"
REFUSED = (
    "Карточку случая печатает специалист района с правом просмотра персональных данных: в ней имена и сведения о семье."
)
NONE = "Нет."


def print_case_card(
    db: Database,
    actor: Actor,
    case_id: str,
    path: Path,
    file_format: str = "pdf",
    today: date | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> Path:
    """Build the card of ``case_id`` and write it to ``path`` as pdf or xlsx (the view is journaled). Off the GUI
    thread: it reads the database, writes the journal and renders."""
    from desktop_app.reports.builders.dispatch import write_report

    report = case_card_report(db, actor, case_id, today)
    return write_report(report, path, file_format, progress, cancelled)


def case_id_by_code(db: Database, actor: Actor, code: str) -> str:
    """The id of the case with this code («СС-0001»), or one Russian sentence."""
    actor.require(Permission.VIEW_DATA)
    with db.reading() as session:  # by the code itself, not the register's search: a code is exact
        found = session.scalar(select(FamilyCase.id).where(FamilyCase.code == code.strip().upper()))
    if found is None:
        raise UserError(f"Случай «{code.strip()}» не найден: проверьте код в реестре случаев.")
    return found


def case_card_report(db: Database, actor: Actor, case_id: str, today: date | None = None) -> Report:
    """The card as a report model; refused (before anything is read) to roles without personal data and at
    the region."""
    info = InstallationService(db).info()
    if not actor.can(Permission.VIEW_PERSONAL_DATA) or info.kind is not InstallationKind.DISTRICT:
        raise UserError(REFUSED)
    today = today or date.today()
    card = CaseCards(db).open(actor, case_id, today)
    route = CaseRouteService(db).route(actor, case_id, today)
    reviews = ConsiliumService(db).case_reviews(actor, case_id)
    sections = [
        _header(card),
        _adults(card),
        _children(card),
        _stages(card),
        _team(card),
        *_route(route),
        _consilium(reviews),
        _closure(card),
    ]
    people = AuthService(db).signatories(actor)
    maker = actor.full_name if actor.user_id is not None else ""
    return Report(
        title=TITLE,
        sections=tuple(sections),
        organisation=info.organisation_name,
        subtitle=f"{card.code}, {card.entry.municipality}",
        signatures=(Signature(people.own_position or "Исполнитель", maker, today),),
        orientation=Orientation.PORTRAIT,
        made_on=today,
    )


def _date(value: date | None) -> str:
    return format_date(value) if value else "—"


def _table(name: str, columns: Sequence[float], titles: Sequence[str], rows: list[Row]) -> Table:
    header = (tuple(HeaderCell(title) for title in titles),)
    return Table(tuple(Column(weight) for weight in columns), header, tuple(rows), name=name)


def _listed(title: str, name: str, columns: Sequence[float], titles: Sequence[str], rows: list[Row]) -> Section:
    """A numbered list, or «Нет.» under the title when there is nothing to list."""
    if not rows:
        return Section(title, notes=(NONE,), sheet_name=name)
    numbered = [Row((text(f"{number}"), *row.cells), row.style) for number, row in enumerate(rows, 1)]
    return Section(title, _table(name, (0.4, *columns), ("№", *titles), numbered), sheet_name=name)


def _header(card: CaseCard) -> Section:
    entry = card.entry
    source = entry.source.label if isinstance(entry.source, IdentificationSource) else "—"
    if entry.source_detail:
        source = f"{source} ({entry.source_detail})"
    stage = card.stage.label + (f" с {format_date(card.stage_since)}" if card.stage_since else "")
    review = _date(card.next_review_on) + (" — пересмотр просрочен" if card.review_overdue else "")
    fields: list[tuple[str, str | date | None]] = [
        ("Код случая", card.code),
        ("Семья", card.name),
        ("Муниципальное образование", entry.municipality),
        ("Адрес", entry.address or "—"),
        ("Категория", entry.category.label if entry.category else "—"),
        ("Источник выявления", source),
        ("Дата выявления", entry.identified_on),
        ("Уровень сопровождения", card.support_level.label if card.support_level else "не установлен"),
        ("Дата оценки", card.assessed_on),
        ("Следующий пересмотр", review),
        ("Согласие семьи", entry.consent_on),
        ("Запрос семьи", entry.request_text or "—"),
        ("Этап", stage),
        ("Куратор", card.curator or "не назначен"),
        ("Снят с сопровождения", card.closed_on),
        ("Примечания", entry.notes or "—"),
    ]
    rows = [Row.of(label, text(value) if isinstance(value, str) else day(value)) for label, value in fields]
    return Section("Сведения о случае", _fields_table("Случай", rows), sheet_name="Случай")


def _adults(card: CaseCard) -> Section:
    rows = [
        Row.of(
            adult.full_name,
            day(adult.birth_date),
            adult.relation or "—",
            adult.phone or "—",
            adult.parental_rights.label
            + (f", восстановлены {format_date(adult.rights_restored_on)}" if adult.rights_restored_on else ""),
        )
        for adult in card.entry.adults
    ]
    titles = ("Фамилия, имя, отчество", "Дата рождения", "Кем приходится", "Телефон", "Родительские права")
    return _listed("Взрослые члены семьи", "Взрослые", (2.4, 1.0, 1.0, 1.2, 1.6), titles, rows)


def _children(card: CaseCard) -> Section:
    rows = []
    for child in card.entry.children:
        placed = "—"
        if child.placed_on:
            placed = f"{format_date(child.placed_on)}" + (f", {child.institution}" if child.institution else "")
        rows.append(
            Row.of(
                child.code,
                day(child.birth_date),
                SEX_LABELS.get(child.sex, child.sex or "—"),
                placed,
                day(child.returned_on),
                day(child.family_placed_on),
            )
        )
    titles = ("Код ребёнка", "Дата рождения", "Пол", "Помещён в учреждение", "Возвращён в семью", "Устроен в семью")
    return _listed("Дети (по кодам)", "Дети", (1.3, 1.0, 0.9, 2.0, 1.0, 1.0), titles, rows)


def _stages(card: CaseCard) -> Section:
    rows = [
        Row.of(stage.stage.label, day(stage.on_date), stage.done_by or "—", _joined(stage.reason, stage.notes))
        for stage in card.stages
    ]
    titles = ("Этап", "Дата", "Кто провёл", "Основание, примечание")
    return _listed("Этапы сопровождения", "Этапы", (1.8, 1.0, 1.4, 3.0), titles, rows)


def _team(card: CaseCard) -> Section:
    rows = [
        Row.of(member.organisation or "—", member.person or "—", member.role or "—", "да" if member.is_curator else "")
        for member in card.team
    ]
    titles = ("Организация", "Специалист", "Роль в команде", "Куратор")
    return _listed("Команда сопровождения", "Команда", (2.2, 1.8, 1.6, 0.8), titles, rows)


def _route(route: CaseRoute) -> list[Section]:
    services = [
        Row.of(
            row.kind_label,
            _joined(row.provider_name or row.resource_name, row.description),
            day(row.planned_on),
            day(row.due_on),
            day(row.given_on),
            _status(row.status_label, row.overdue.text if row.overdue else "", row.result),
        )
        for row in route.services
    ]
    measures = [
        Row.of(
            row.kind_name,
            day(row.applied_on),
            day(row.decided_on),
            _status(row.decision_label, row.overdue.text if row.overdue else "", row.note),
        )
        for row in route.measures
    ]
    referrals = [
        Row.of(
            row.organisation_name or "—",
            row.service_kind_label or "—",
            day(row.sent_on),
            day(row.answered_on),
            _status(row.answer_label, row.overdue.text if row.overdue else "", row.answer_text),
        )
        for row in route.referrals
    ]
    return [
        _listed(
            "Маршрут: услуги",
            "Услуги",
            (1.5, 1.7, 1.15, 0.9, 0.9, 1.95),
            ("Услуга", "Исполнитель, содержание", "Включена в маршрут", "Срок", "Оказана", "Статус, результат"),
            services,
        ),
        _listed(
            "Меры поддержки",
            "Меры",
            (2.6, 1.0, 1.0, 2.6),
            ("Мера поддержки", "Заявление", "Решение от", "Решение"),
            measures,
        ),
        _listed(
            "Направления в организации",
            "Направления",
            (2.2, 1.6, 1.0, 1.0, 2.0),
            ("Организация", "Вид услуги", "Направлено", "Ответ от", "Ответ"),
            referrals,
        ),
    ]


def _consilium(reviews: list[tuple[MeetingRow, ReviewRow]]) -> Section:
    rows = [
        Row.of(
            meeting.title,
            review.child_code or "—",
            review.decision_label,
            review.recommendations or "—",
            "да" if review.interagency_support else "нет",
        )
        for meeting, review in reviews
    ]
    titles = ("Заседание", "Ребёнок", "Решение", "Рекомендации", "Межведомственное сопровождение")
    return _listed("Решения консилиума", "Консилиум", (1.9, 0.9, 1.4, 1.9, 1.6), titles, rows)


def _closure(card: CaseCard) -> Section:
    if not card.closed_on:
        return Section("Снятие с сопровождения", notes=("Семья на сопровождении.",), sheet_name="Снятие")
    rows = [
        Row.of("Дата снятия", day(card.closed_on)),
        Row.of("Итог", card.outcome.label if card.outcome else "—"),
        Row.of("Основание", card.closure_reason or "—"),
    ]
    return Section("Снятие с сопровождения", _fields_table("Снятие", rows), sheet_name="Снятие")


def _fields_table(name: str, rows: list[Row]) -> Table:
    """Name and value, the values (dates among them) aligned left as a form's answers are."""
    columns = (Column(1.6), Column(4.4, Align.LEFT))
    return Table(columns, ((HeaderCell("Сведение"), HeaderCell("Значение")),), tuple(rows), name)


def _status(label: str, overdue: str, more: str) -> str:
    status = f"{label}, {overdue}" if overdue else label
    return _joined(status, more)


def _joined(*parts: str) -> str:
    return "; ".join(part.strip() for part in parts if part and part.strip()) or "—"
