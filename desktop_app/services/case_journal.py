"""The journal's words for family support cases: field names, stored codes in Russian, what an entry is about, and
which values a role without access to personal data must not read (services/audit_log.py, audit_text.py use them).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop_app.domain.case_terms import (
    CaseCategory,
    CaseOutcome,
    CaseStage,
    ConsiliumKind,
    IdentificationSource,
    MeasureDecision,
    MeasureLevel,
    ParentalRights,
    ReferralAnswer,
    ReviewDecision,
    ServiceKind,
    ServiceStatus,
    SupportLevel,
)
from desktop_app.domain.placements import SEX_LABELS

if TYPE_CHECKING:
    from desktop_app.services.audit_text import Names

CASE_ENTITIES = frozenset({"family_case", "case_adult", "case_child", "case_stage", "case_team_member"})

CASE_FIELD_LABELS = {
    "case_id": "случай сопровождения",
    "category": "категория семьи",
    "source_detail": "кем выявлена (подробно)",
    "identified_on": "дата выявления",
    "stage_since": "дата этапа",
    "support_level": "уровень сопровождения",
    "assessed_on": "дата оценки",
    "next_review_on": "дата следующего пересмотра",
    "request_text": "запрос семьи",
    "consent_on": "дата согласия семьи",
    "curator": "куратор случая",
    "closed_on": "дата снятия с сопровождения",
    "closure_reason": "причина снятия с сопровождения",
    "parental_rights": "родительские права",
    "rights_restored_on": "дата восстановления в правах",
    "sex": "пол",
    "placed_on": "дата помещения в организацию",
    "institution": "организация, в которую помещён ребёнок",
    "returned_on": "дата возвращения в семью",
    "family_placed_on": "дата устройства в замещающую семью",
    "person": "участник (ФИО)",
    "team_role": "роль в команде",
    "is_curator": "куратор случая",
    # the route, the resource map, the catalogue of support measures and the consilium
    "held_on": "дата заседания",
    "chair": "председатель",
    "is_social_contract": "социальный контракт",
    "is_retired": "выведено из употребления",
    "service_kind": "вид услуги",
    "sent_on": "дата направления",
    "answer_due_on": "срок ответа",
    "answered_on": "дата ответа",
    "answer": "ответ организации",
    "answer_text": "содержание ответа",
    "kind_id": "мера поддержки",
    "applied_on": "дата обращения",
    "decided_on": "дата решения",
    "decision": "решение",
    "provider_id": "поставщик услуги",
    "target_group": "для кого",
    "contacts": "контакты",
    "terms": "условия получения",
    "resource_service_id": "услуга ресурсной карты",
    "description": "описание",
    "planned_on": "дата назначения",
    "due_on": "срок исполнения",
    "given_on": "дата оказания",
    "result": "результат",
    "meeting_id": "заседание консилиума",
    "child_id": "ребёнок",
    "interagency_support": "организовано межведомственное сопровождение",
    "recommendations": "рекомендации",
}

# Per table, the values that name someone or are free text (which may): hidden from a role without personal data.
CASE_PERSONAL_FIELDS: dict[str, frozenset[str]] = {
    "family_case": frozenset({"display_name", "address", "notes", "request_text", "source_detail", "closure_reason"}),
    "case_adult": frozenset({"full_name", "birth_date", "phone"}),
    "case_stage": frozenset({"reason", "notes"}),
    "case_service": frozenset({"description", "result"}),
    "case_support_measure": frozenset({"note"}),
    "case_referral": frozenset({"answer_text"}),
    "consilium_meeting": frozenset({"notes"}),
    "consilium_review": frozenset({"recommendations"}),
}
# Tables whose stored summary names the record by its code or not at all, so it may be shown as it is.
CASE_SUMMARY_SAFE = frozenset({"family_case", "case_child", "case_stage", "case_team_member"})

_CHOICES: dict[str, Any] = {
    "category": CaseCategory,
    "source": IdentificationSource,
    "stage": CaseStage,
    "support_level": SupportLevel,
    "outcome": CaseOutcome,
    "parental_rights": ParentalRights,
}


def case_choice(field: str, value: str) -> str | None:
    """The Russian word of a stored code of a case's table («sop» → «СОП — …»), or None when the field has none."""
    if field == "sex":
        return SEX_LABELS.get(value)
    enum = _CHOICES.get(field)
    if enum is None:
        return None
    try:
        return str(enum(value).label)
    except ValueError:
        return None


# The stored codes of the route's, the map's, the catalogue's and the consilium's tables, per (table, field).
_ROUTE_CHOICES: dict[tuple[str, str], Any] = {
    ("case_service", "kind"): ServiceKind,
    ("case_service", "status"): ServiceStatus,
    ("case_referral", "service_kind"): ServiceKind,
    ("case_referral", "answer"): ReferralAnswer,
    ("case_support_measure", "decision"): MeasureDecision,
    ("resource_service", "kind"): ServiceKind,
    ("support_measure_kind", "level"): MeasureLevel,
    ("consilium_meeting", "kind"): ConsiliumKind,
    ("consilium_review", "decision"): ReviewDecision,
}


def route_choice(entity: str, field: str, value: str) -> str | None:
    """The Russian word of a stored code of the route's tables («done» → «исполнено»), or None when the field has
    none."""
    enum = _ROUTE_CHOICES.get((entity, field))
    if enum is None:
        return None
    try:
        return str(enum(value).label)
    except ValueError:
        return None


def _date(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return ""


def _case(names: Names, values: Mapping[str, Any]) -> str:
    found = names.values(values.get("case_id"))
    return f"случая {found.get('code') or 'без кода'}" if found else "удалённого случая"


def case_subject(entity: str, values: Mapping[str, Any], names: Names, personal: bool) -> str | None:
    """What a case's journal entry is about; names only for a role that may see them."""
    if entity == "family_case":
        name = values.get("display_name") if personal else ""
        return f"Случай сопровождения {values.get('code') or 'без кода'}" + (f" «{name}»" if name else "")
    if entity == "case_adult":
        name = values.get("full_name") if personal else ""
        return f"Взрослый член семьи {_case(names, values)}" + (f" «{name}»" if name else "")
    if entity == "case_child":
        return f"Ребёнок {values.get('code') or ''} {_case(names, values)}".replace("  ", " ")
    if entity == "case_stage":
        stage = case_choice("stage", str(values.get("stage") or "")) or ""
        when = _date(values.get("on_date"))
        return f"Этап {_case(names, values)}: {', '.join(part for part in (stage, when) if part)}"
    if entity == "case_team_member":
        organisation = names.of("organisation", values.get("organisation_id"))
        role = " (куратор)" if values.get("is_curator") else ""
        return f"Участник команды {_case(names, values)}: {organisation}{role}"
    return None
