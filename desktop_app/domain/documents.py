"""A confirming document as the user describes it: title, kind, number, date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.errors import ValidationError

TITLE_LIMIT = 1000


@dataclass(frozen=True)
class DocumentInput:
    title: str
    kind: str = ""
    number: str = ""
    doc_date: date | None = None

    def checked(self) -> DocumentInput:
        title = " ".join(self.title.split())
        errors: dict[str, str] = {}
        if not title:
            errors["title"] = "Укажите наименование документа."
        elif len(title) > TITLE_LIMIT:
            errors["title"] = f"Не более {TITLE_LIMIT} знаков."
        if len(self.number.strip()) > 100:
            errors["number"] = "Не более 100 знаков."
        if errors:
            raise ValidationError("Документ не прикреплён: исправьте отмеченные поля.", errors)
        return DocumentInput(title, self.kind.strip(), self.number.strip(), self.doc_date)
