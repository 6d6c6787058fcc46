"""What the route's and the consilium's screens need to know of a case without opening its card: its code, whether
it is closed, and its children by code (for choosing the child an expert review considers).

Opening the card writes a view entry to the journal; this reads no name, address or note, so it writes none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import NotFound
from desktop_app.domain.roles import Permission
from desktop_app.storage.database import Database
from desktop_app.storage.models import CaseChild, FamilyCase


@dataclass(frozen=True)
class ChildChoice:
    id: str
    code: str
    birth_date: date
    placed_on: date | None  # placed in an institution on this day, if so

    @property
    def label(self) -> str:
        """«Р-2026-01, род. 01.05.2025, помещён 10.03.2026»."""
        born = self.birth_date.strftime("%d.%m.%Y")
        placed = f", помещён {self.placed_on.strftime('%d.%m.%Y')}" if self.placed_on else ""
        return f"{self.code}, род. {born}{placed}"


@dataclass(frozen=True)
class CaseBrief:
    id: str
    code: str
    closed_on: date | None
    children: tuple[ChildChoice, ...]

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class CaseChoices:
    def __init__(self, db: Database) -> None:
        self._db = db

    def brief(self, actor: Actor, case_id: str) -> CaseBrief:
        """The case's code, closure date and children's codes (no personal data, no journal entry)."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            case = session.get(FamilyCase, case_id)
            if case is None:
                raise NotFound("Случай сопровождения не найден: возможно, его удалили. Обновите список случаев.")
            children = session.scalars(
                select(CaseChild).where(CaseChild.case_id == case_id).order_by(CaseChild.code, CaseChild.id)
            )
            return CaseBrief(
                case.id,
                case.code,
                case.closed_on,
                tuple(ChildChoice(child.id, child.code, child.birth_date, child.placed_on) for child in children),
            )
