"""What a person is shown of the records in an exchange file (the preview, the dry run, the conflicts): the
fields the program keeps for itself (``search_key``) never; the adults' names, contacts and addresses only to a
role with the right to see personal data — the regional coordinator sees that a field changed, not its value.
A family is named by its code and district, as the region's register names it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.pseudonymity import family_label
from desktop_app.services.audit_log import HIDDEN, PERSONAL_FIELDS

# Kept by the program for its own use (search, ordering), never shown in a preview to anybody.
INTERNAL_FIELDS = frozenset({"search_key"})
# The records that describe the adults of a family or a family in support, and their free-text fields that may
# name somebody: the family's request, the reasons, the notes, the route's results, the consilium's
# recommendations, the curator and the team (issue 25 §6).
CASE_ENTITIES = frozenset(
    {
        "family_cases",
        "case_adults",
        "case_children",
        "case_stages",
        "case_team_members",
        "case_services",
        "case_support_measures",
        "case_referrals",
        "consilium_meetings",
        "consilium_reviews",
    }
)
PERSONAL_ENTITIES = (
    frozenset({"resource_families", "family_members", "family_documents", "family_steps"}) | CASE_ENTITIES
)
PERSONAL_TEXT = PERSONAL_FIELDS | {
    "household",
    "housing",
    "notes",
    "reason",
    "status_reason",
    "source_detail",
    "request_text",
    "curator",
    "closure_reason",
    "relation",
    "institution",
    "done_by",
    "person",
    "team_role",
    "description",
    "result",
    "note",
    "answer_text",
    "chair",
    "recommendations",
}


def hidden(value: Any) -> Any:
    return value if value in (None, "") else HIDDEN


def shown_fields(
    entity: str, changes: Iterable[tuple[str, Any, Any]], personal: bool
) -> tuple[tuple[str, Any, Any], ...]:
    """(field, old, new) as they may be shown: internal fields left out, personal values hidden unless
    ``personal`` (the viewer may see personal data)."""
    shown = []
    for field, old, new in changes:
        if field in INTERNAL_FIELDS:
            continue
        if not personal and entity in PERSONAL_ENTITIES and field in PERSONAL_TEXT:
            old, new = hidden(old), hidden(new)
        shown.append((field, old, new))
    return tuple(shown)


def record_label(
    entity: str,
    record_id: str,
    values: Mapping[str, Any] | None,
    district: str = "",
    indicator_codes: Mapping[str, str] | None = None,
) -> str:
    """How a record is named in a list: a family or a family's case by its code and district, an indicator by
    its code and name, its plan value by the indicator's code, period and territory, anything else by its id's
    start."""
    if entity in ("resource_families", "family_cases") and values and values.get("code"):
        return family_label(str(values["code"]), district or str(values.get("municipality") or ""))
    if entity in ("indicators", "indicator_groups") and values:
        words = (values.get("code") or values.get("number"), values.get("name") or values.get("title"))
        if label := " ".join(str(word).strip() for word in words if word):
            return label
    if entity == "indicator_plans" and values and values.get("period"):
        code = (indicator_codes or {}).get(str(values.get("indicator_id") or ""), "")
        try:
            period = Period.parse(str(values["period"])).label
        except ValidationError:
            period = str(values["period"])
        where = f"{period}, {values.get('territory') or 'в целом'}"
        return f"{code} — {where}" if code else where
    return record_id[:8]
