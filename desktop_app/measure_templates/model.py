"""What a measure template holds: the measures of each executor written out, and the rows read back."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from desktop_app.domain.periods import Period
from desktop_app.form_templates.model import TemplateIssue


class Field(StrEnum):
    """An input column of an executor's sheet; the values are the keys of the service sheet's map."""

    STATUS = "status"
    DONE_TEXT = "done_text"
    QUANTITY = "quantity"
    NOTES = "notes"

    @property
    def label(self) -> str:
        return FIELD_LABELS[self]


FIELD_LABELS = {
    Field.STATUS: "Статус",
    Field.DONE_TEXT: "Что сделано",
    Field.QUANTITY: "Количество",
    Field.NOTES: "Подтверждающие документы",
}


@dataclass(frozen=True)
class MeasureLine:
    """One measure on an executor's sheet, with what its report for the period already says."""

    measure_id: str
    number: str  # as printed, with the block's number: «III.2.»
    name: str
    deadline_text: str = ""
    status_label: str = ""  # «выполнено»; "" while nothing has been reported
    done_text: str = ""
    quantity: float | None = None
    notes: str = ""


@dataclass(frozen=True)
class ExecutorSheet:
    """An executor (organisation) and the measures of the period it answers for."""

    organisation_id: str
    name: str
    measures: tuple[MeasureLine, ...]


@dataclass(frozen=True)
class FilledRow:
    """One measure's row as the executor left it: raw cell values by field, and where each cell is."""

    measure_id: str
    executor_id: str
    sheet: str
    values: dict[Field, Any]
    addresses: dict[Field, str]  # «ОМВД!D7»

    @property
    def is_empty(self) -> bool:
        return all(value is None or (isinstance(value, str) and not value.strip()) for value in self.values.values())


@dataclass(frozen=True)
class FilledMeasureTemplate:
    """A measure template read back: for which program, period and district it was made, and its rows."""

    program_id: str
    program_title: str
    period: Period
    district: str
    rows: tuple[FilledRow, ...]
    installation: str = ""
    source: str = field(default="", compare=False)
    issues: tuple[TemplateIssue, ...] = ()
