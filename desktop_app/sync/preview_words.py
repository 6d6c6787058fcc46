"""The changed records of an import preview in the words a person reads: the kind of records, the outcome, each
field's name and its old and new values with stored codes worded («на 1000 …», «снижение», «черновик»), dates
dd.MM.yyyy and numbers «1 234,5». The exchange window's table and `opeka import --dry-run` take them from here,
so the two never word a change differently."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import format_moment
from desktop_app.services.audit_log import field_label
from desktop_app.services.audit_text import choice_label
from desktop_app.sync.import_preview import CHANGES_SHOWN, ImportPreview
from desktop_app.sync.merge import Outcome
from desktop_app.sync.planning import RecordPlan
from desktop_app.sync.records import BY_NAME


@dataclass(frozen=True)
class FieldChange:
    """One changed field: as stored (for scripts) and in words (for people)."""

    field: str
    old: Any  # as stored, personal values already hidden from a viewer without the right to see them
    new: Any
    old_words: Any  # a stored code in Russian («снижение»); any other value as stored
    new_words: Any

    @property
    def label(self) -> str:
        return field_label(self.field)

    @property
    def old_text(self) -> str:
        return value_text(self.old_words)

    @property
    def new_text(self) -> str:
        return value_text(self.new_words)


def entity_label(entity: str) -> str:
    """«Показатели» for ``indicators``: the name of a kind of records in the exchange file."""
    spec = BY_NAME.get(entity)
    return spec.label if spec else entity


def field_changes(preview: ImportPreview, plan: RecordPlan) -> tuple[FieldChange, ...]:
    """The record's changed fields as the viewer may see them, each with its stored codes worded."""
    spec = BY_NAME.get(plan.entity)
    table = spec.model.__tablename__ if spec else plan.entity  # the words are kept per table (audit_text)
    return tuple(
        FieldChange(field, old, new, choice_label(table, field, old), choice_label(table, field, new))
        for field, old, new in preview.shown_changes(plan)
    )


def change_rows(preview: ImportPreview, limit: int = CHANGES_SHOWN) -> list[tuple[str, str, str, str, Any, Any]]:
    """(entity, record, outcome, field, old, new) for the first ``limit`` changed or conflicting records, the
    kinds and outcomes in Russian and the values with their codes worded."""
    rows: list[tuple[str, str, str, str, Any, Any]] = []
    shown = [plan for plan in preview.plans if plan.outcome in (Outcome.CHANGED, Outcome.CONFLICT)][:limit]
    for plan in shown:
        label, record = entity_label(plan.entity), preview.record_label(plan)
        for change in field_changes(preview, plan):
            rows.append((label, record, plan.outcome.label, change.field, change.old_words, change.new_words))
    return rows


def value_text(value: Any) -> str:
    """A stored field's value as a person reads it: dates dd.MM.yyyy, numbers «1 234,5», «—» for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int | float):
        return format_number(value, 4)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if len(text) >= 10 and text[4:5] == "-" and text[7:8] == "-":
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if len(text) == 10:
            return moment.strftime("%d.%m.%Y")
        return format_moment(moment) if moment.tzinfo else moment.strftime("%d.%m.%Y %H:%M")
    return text
