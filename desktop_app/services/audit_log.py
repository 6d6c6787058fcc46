"""Reading the audit trail (the «Журнал» screen); nothing here can change it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import func, select

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import search_key
from desktop_app.formkit import FormCatalogue, load_catalogue
from desktop_app.services.audit_text import VERBS, Names, answer_rows, subject, value_text
from desktop_app.services.case_journal import CASE_FIELD_LABELS, CASE_PERSONAL_FIELDS, CASE_SUMMARY_SAFE
from desktop_app.storage.audit_chain import chain_problems
from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry

SEARCH_WINDOW = 50_000  # the entries one search reads before it answers (a page of the journal when scrolling)
SEARCH_BATCH = 2_000


def _mentions(row: AuditRow, needle: str) -> bool:
    return needle in search_key(f"{row.summary} {row.user_login}")


ACTION_LABELS = {
    "create": "создание",
    "update": "изменение",
    "delete": "удаление",
    "login": "вход",
    "login_failed": "неудачный вход",
    "account_locked": "блокировка",
    "password_changed": "смена пароля",
    "password_reset": "новый пароль от администратора",
    "account_unlocked": "разблокировка",
    "session_locked": "блокировка сеанса",
    "session_unlocked": "возврат в сеанс",
    "view": "просмотр",
}


FIELD_LABELS = {
    "kind": "вид",
    "region_code": "код региона",
    "region_name": "регион",
    "district_name": "муниципальное образование",
    "organisation_id": "организация",
    "reporting_period_kind": "отчётный период",
    "is_demo": "демонстрационные данные",
    "login": "логин",
    "full_name": "полное наименование / ФИО",
    "position": "должность / порядок",
    "role": "роль",
    "is_active": "активна",
    "short_name": "краткое наименование",
    "department": "сфера",
    "territory": "территория",
    "owner": "владелец (кто ведёт запись)",
    "is_confirmed": "проверено",
    "title": "наименование",
    "short_title": "краткое наименование",
    "level": "уровень",
    "act_body": "утвердивший орган",
    "act_kind": "вид акта",
    "act_number": "номер акта",
    "act_date": "дата акта",
    "period_start": "начало срока",
    "period_end": "окончание срока",
    "strategic_goal": "стратегическая цель",
    "goals": "цели",
    "tasks": "задачи",
    "notes": "примечания",
    "program_id": "программа",
    "section_id": "раздел",
    "block_id": "блок",
    "number": "номер",
    "goal": "цель",
    "expected_result": "ожидаемый результат",
    "name": "наименование",
    "left": "левая часть",
    "operator": "знак сравнения",
    "right": "правая часть",
    "importance": "важность",
    "deadline_text": "срок реализации",
    "executors_text": "исполнители (как в документе)",
    "document_type": "вид документа",
    "measure_id": "мероприятие",
    "indicator_id": "показатель",
    "group_id": "группа показателей",
    "code": "код",
    "unit": "единица измерения",
    "cumulative": "с нарастающим итогом",
    "direction": "желаемое направление",
    "base_value": "базовое значение",
    "base_date": "дата базового значения",
    "state": "состояние",
    "period": "период",
    "value": "значение",
    "value_text": "значение (как в документе)",
    "numerator": "числитель",
    "denominator": "знаменатель",
    "comment": "комментарий",
    "source": "источник",
    "source_note": "откуда взято значение",
    "submitted_by": "представил",
    "submitted_at": "дата представления",
    "change_reason": "причина изменения",
    "value_lock_days": "блокировка периода (дней после срока отчёта)",
    "closed_by": "закрыл",
    "closed_at": "дата закрытия",
    "performer": "кто выполняет",
    "working_days_after": "рабочий день после периода",
    "year_end": "срок за год",
    "step_id": "шаг порядка отчётности",
    "done_at": "дата выполнения",
    "note": "примечание",
    "form_id": "форма",
    "form_version": "версия формы",
    "answers": "ответы",
    "export_sequence": "номер последнего выгруженного пакета",
    "installation_id": "установка",
    "signing_key": "ключ подписи",
    "encryption_key": "ключ шифрования",
    "pinned_at": "ключ закреплён",
    "last_sequence": "номер последнего принятого пакета",
    "last_file_sha256": "контрольная сумма последнего файла",
    "last_received_at": "последний пакет получен",
    "last_created_at": "последний пакет создан",
    "periods": "периоды",
    "entity": "вид записи",
    "record_id": "запись",
    "local_values": "значения у себя",
    "incoming_values": "значения из пакета",
    "file_sha256": "контрольная сумма файла",
    "resolved_at": "решено",
    "resolved_by": "решил",
    "resolution": "решение",
    "peer_id": "участник обмена",
    "district": "муниципальное образование",
    "status": "статус",
    "display_name": "наименование семьи",
    "municipality": "муниципальное образование",
    "capacity_children": "сколько детей может принять",
    "accepts_disability": "готовность принять ребёнка с ОВЗ",
    "accepts_siblings": "готовность принять братьев и сестёр",
    "address": "адрес",
    "family_id": "семья",
    "birth_date": "дата рождения",
    "relation": "родство",
    "phone": "телефон",
    "reporting_period": "периодичность отчётности",
    "report_due_working_days": "срок отчёта (рабочий день после периода)",
    "report_due_year_end": "срок отчёта за год",
    "schedule": "график исполнения",
    "done_text": "что сделано",
    "quantity": "количественный результат",
    "reported_by": "отчитался",
    "reported_at": "дата отчёта",
    "approved_by": "утвердил",
    "approved_at": "дата утверждения",
    "report_id": "отчёт",
    "sha256": "контрольная сумма файла",
    "file_name": "имя файла",
    "size": "размер файла",
    "doc_number": "номер документа",
    "doc_date": "дата документа",
    "status_since": "дата этапа",
    "status_reason": "причина (этап)",
    "age_from_months": "возраст детей от (мес.)",
    "age_to_months": "возраст детей до (мес.)",
    "household": "состав семьи",
    "housing": "жилищные условия",
    "shpr_certificate": "свидетельство об окончании ШПР",
    "shpr_date": "дата свидетельства ШПР",
    "conclusion_number": "номер заключения органа опеки",
    "conclusion_date": "дата заключения органа опеки",
    "supervisor": "куратор семьи",
    "placed_now": "детей в семье сейчас",
    "email": "электронная почта",
    "stage": "этап",
    "on_date": "дата",
    "done_by": "кто провёл",
    "reason": "причина",
    "child_code": "код ребёнка",
    "child_birth_date": "дата рождения ребёнка",
    "child_sex": "пол ребёнка",
    "start_date": "начало размещения",
    "end_date": "окончание размещения",
    "separation_reason": "причина разлучения с родителями",
    "legal_form": "форма устройства",
    "outcome": "итог размещения",
    **CASE_FIELD_LABELS,
}


def field_label(field: str) -> str:
    """The Russian name of a stored field, as the audit screen shows it."""
    return FIELD_LABELS.get(field, field)


@dataclass(frozen=True)
class AuditRow:
    id: str
    at: datetime
    user_login: str
    action: str
    entity: str
    entity_id: str | None
    summary: str
    old_values: dict[str, Any] | None
    new_values: dict[str, Any] | None
    # (Russian field name, old, new) in people's words, filled when the journal is read (services/audit_text.py)
    lines: tuple[tuple[str, str, str], ...] = ()

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(Russian field name, old, new) for every field the entry mentions."""
        old = self.old_values or {}
        new = self.new_values or {}
        return [(field_label(key), old.get(key), new.get(key)) for key in sorted(set(old) | set(new))]


# Values that identify the adults of a family (152-ФЗ): a role without access to personal data sees the
# change happened, not what was written.
PERSONAL_FIELDS = frozenset(
    {"display_name", "address", "full_name", "birth_date", "phone", "email", "search_key", "file_name", "title"}
)
PERSONAL_ENTITIES = frozenset({"resource_family", "family_member", "family_document", *CASE_PERSONAL_FIELDS})
HIDDEN = "скрыто"


def without_personal_data(row: AuditRow) -> AuditRow:
    if row.entity not in PERSONAL_ENTITIES:
        return row
    hidden = PERSONAL_FIELDS | CASE_PERSONAL_FIELDS.get(row.entity, frozenset())

    def masked(values: dict[str, Any] | None) -> dict[str, Any] | None:
        if values is None:
            return None
        return {key: HIDDEN if key in hidden and value not in (None, "") else value for key, value in values.items()}

    safe = row.entity == "resource_family" or row.entity in CASE_SUMMARY_SAFE
    summary = row.summary if safe else f"{row.summary.split(' «')[0]} «{HIDDEN}»"
    return replace(row, summary=summary, old_values=masked(row.old_values), new_values=masked(row.new_values))


def audit_row(entry: AuditEntry) -> AuditRow:
    return AuditRow(
        id=entry.id,
        at=entry.at,
        user_login=entry.user_login,
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id,
        summary=entry.summary,
        old_values=entry.old_values,
        new_values=entry.new_values,
    )


def readable(row: AuditRow, names: Names, personal: bool, question: Callable[[str, str, str], str]) -> AuditRow:
    """The entry with its summary and values in people's words (see services/audit_text.py)."""
    if row.action not in VERBS:
        return row
    values = {**names.values(row.entity_id), **(row.old_values or {}), **(row.new_values or {})}
    about = subject(row.entity, values, names, personal)
    summary = f"{VERBS[row.action]}: {about}" if about else row.summary
    old, new = row.old_values or {}, row.new_values or {}
    lines: list[tuple[str, str, str]] = []
    for key in sorted(set(old) | set(new), key=field_label):
        if key == "answers" and isinstance(old.get(key) or new.get(key), dict):
            form_id, period = str(values.get("form_id")), str(values.get("period"))
            lines.extend(answer_rows(old.get(key), new.get(key), names, partial(question, form_id, period)))
            continue
        lines.append(
            (
                field_label(key),
                value_text(row.entity, key, old.get(key), names),
                value_text(row.entity, key, new.get(key), names),
            )
        )
    return replace(row, summary=summary, lines=tuple(lines))


class AuditLogService:
    def __init__(self, db: Database, forms: FormCatalogue | None = None) -> None:
        self._db = db
        self._forms = forms

    def use_forms(self, forms: FormCatalogue) -> None:
        """The forms read again (a region package or a form workbook brought a new one): their titles in the journal."""
        self._forms = forms

    def _catalogue(self) -> FormCatalogue:
        if self._forms is None:
            self._forms = load_catalogue()  # the shipped forms, when the caller had no catalogue of its own
        return self._forms

    def _question(self, form_id: str, period: str, question_id: str) -> str:
        """«вопрос 1.1 Опишите …», worded for the answers' year as the form showed it."""
        try:
            question = self._catalogue().get(form_id).for_period(Period.parse(period)).question(question_id)
        except (UserError, ValueError):
            question = None
        if question is None:
            return "ответ на вопрос, которого больше нет в форме"
        return f"вопрос {question.number} {question.text}".replace("  ", " ")[:120]

    def entries(
        self, actor: Actor, search: str = "", limit: int = 1000, entity_id: str | None = None
    ) -> list[AuditRow]:
        """The newest entries first, optionally only those of one record or mentioning ``search`` (searched in
        the newest ``SEARCH_WINDOW``)."""
        actor.require(Permission.VIEW_AUDIT)
        needle = search_key(search)
        with self._db.reading() as session:
            # SQLite's LIKE does not fold Cyrillic case, so text filtering happens here on a bounded window.
            query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit if not needle else SEARCH_WINDOW)
            if entity_id:
                query = query.where(AuditEntry.entity_id == entity_id)
            rows = self._readable(session, list(session.scalars(query)), actor)
        if needle:
            rows = [row for row in rows if _mentions(row, needle)][:limit]
        return rows

    def page(
        self, actor: Actor, search: str = "", before: int | None = None, limit: int = 200
    ) -> tuple[list[AuditRow], int | None]:
        """The ``limit`` newest entries older than the entry numbered ``before`` (the whole journal when None),
        sought by their number: the journal scrolls to its first entry at the cost of a page per page. With a
        search, the entries are read in batches and worded until ``limit`` match or ``SEARCH_WINDOW`` were read
        for this page. Returns the rows and where the next page starts; None at the journal's beginning (or when
        a whole window had nothing more to find)."""
        actor.require(Permission.VIEW_AUDIT)
        needle = search_key(search)
        batch = limit if not needle else SEARCH_BATCH
        found: list[AuditRow] = []
        read = 0
        with self._db.reading() as session:
            while True:
                query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(batch)
                if before is not None:
                    query = query.where(AuditEntry.seq < before)
                entries = list(session.scalars(query))
                read += len(entries)
                if not entries:
                    return found, None
                before = entries[-1].seq
                rows = self._readable(session, entries, actor)
                found.extend(row for row in rows if not needle or _mentions(row, needle))
                if len(entries) < batch or before is None:  # an entry without a number is older than the chain
                    return found, None
                if len(found) >= limit:
                    return found, before
                if read >= SEARCH_WINDOW:
                    return found, before if found else None

    def count(self, actor: Actor) -> int:
        actor.require(Permission.VIEW_AUDIT)
        with self._db.reading() as session:
            return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)

    def _readable(self, session: Any, entries: list[AuditEntry], actor: Actor) -> list[AuditRow]:
        rows = [audit_row(entry) for entry in entries]
        personal = actor.can(Permission.VIEW_PERSONAL_DATA)
        if not personal:
            rows = [without_personal_data(row) for row in rows]
        titles = {form.id: form.title for form in self._catalogue().forms}
        names = Names(session, rows, titles)
        return [readable(row, names, personal, self._question) for row in rows]

    def chain_problems(self, actor: Actor) -> tuple[int, list[str]]:
        """How many entries the journal has, and what is wrong with its hash chain (as `opeka check` says)."""
        actor.require(Permission.VIEW_AUDIT)
        with self._db.reading() as session:
            count = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
            raw = session.connection().connection.dbapi_connection  # the program's one connection, read here
            return count, chain_problems(raw)  # type: ignore[arg-type]
