"""A resource family as the user fills it in: its adults, profile, documents of readiness; checked field by field."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.family_pipeline import RegisterPapers
from desktop_app.domain.placements import AGE_LIMIT_YEARS

MAX_CAPACITY = 10
MAX_AGE_MONTHS = AGE_LIMIT_YEARS * 12 - 1
ADULT_YEARS = 18
NAME_LIMIT = 300
TEXT_LIMIT = 5000


@dataclass(frozen=True)
class MemberInput:
    full_name: str
    birth_date: date | None
    relation: str = ""
    phone: str = ""
    email: str = ""
    id: str | None = None  # None for a member added now

    def short_name(self) -> str:
        """«Иванова М. П.» from «Иванова Мария Петровна»."""
        parts = self.full_name.split()
        if len(parts) < 2:
            return self.full_name.strip()
        return f"{parts[0]} " + " ".join(f"{part[0]}." for part in parts[1:3])


@dataclass(frozen=True)
class FamilyInput:
    municipality: str
    members: tuple[MemberInput, ...]
    address: str = ""
    household: str = ""
    housing: str = ""
    capacity: int = 1
    age_from_months: int = 0
    age_to_months: int = MAX_AGE_MONTHS
    accepts_disability: bool = False
    accepts_siblings: bool = False
    shpr_certificate: str = ""
    shpr_date: date | None = None
    conclusion_number: str = ""
    conclusion_date: date | None = None
    supervisor: str = ""
    notes: str = ""

    @property
    def papers(self) -> RegisterPapers:
        """Whether the ШПР certificate and the guardianship conclusion are written on the card."""
        return RegisterPapers.of(self.shpr_certificate, self.shpr_date, self.conclusion_number, self.conclusion_date)

    @property
    def display_name(self) -> str:
        return ", ".join(member.short_name() for member in self.members)

    def checked(self, today: date) -> FamilyInput:
        """Trimmed values, or ValidationError keyed by field («members.0.birth_date» for a member's field)."""
        errors: dict[str, str] = {}
        municipality = " ".join(self.municipality.split())
        if not municipality:
            errors["municipality"] = "Укажите муниципальное образование."
        members = tuple(_checked_member(index, member, today, errors) for index, member in enumerate(self.members))
        if not members:
            errors["members"] = "Добавьте хотя бы одного взрослого члена семьи."
        if not 1 <= self.capacity <= MAX_CAPACITY:
            errors["capacity"] = f"Сколько детей семья может принять: от 1 до {MAX_CAPACITY}."
        if not 0 <= self.age_from_months <= MAX_AGE_MONTHS:
            errors["age_from_months"] = f"Возраст — от 0 до {MAX_AGE_MONTHS} мес."
        if not 0 <= self.age_to_months <= MAX_AGE_MONTHS:
            errors["age_to_months"] = f"Возраст — от 0 до {MAX_AGE_MONTHS} мес.: семьи принимают детей до 4 лет."
        elif self.age_to_months < self.age_from_months:
            errors["age_to_months"] = "Верхняя граница возраста меньше нижней."
        for key, when in (("shpr_date", self.shpr_date), ("conclusion_date", self.conclusion_date)):
            if when is not None and when > today:
                errors[key] = "Дата ещё не наступила."
        if self.conclusion_date is not None and not self.conclusion_number.strip():
            errors["conclusion_number"] = "Укажите номер заключения органа опеки."
        texts = {
            "address": self.address,
            "household": self.household,
            "housing": self.housing,
            "notes": self.notes,
        }
        for key, value in texts.items():
            if len(value) > TEXT_LIMIT:
                errors[key] = f"Не более {TEXT_LIMIT} знаков."
        for key, value in (
            ("shpr_certificate", self.shpr_certificate),
            ("conclusion_number", self.conclusion_number),
            ("supervisor", self.supervisor),
        ):
            if len(value) > NAME_LIMIT:
                errors[key] = f"Не более {NAME_LIMIT} знаков."
        if errors:
            raise ValidationError("Семья не сохранена: исправьте отмеченные поля.", errors)
        return replace(
            self,
            municipality=municipality,
            members=members,
            address=self.address.strip(),
            household=self.household.strip(),
            housing=self.housing.strip(),
            shpr_certificate=" ".join(self.shpr_certificate.split()),
            conclusion_number=" ".join(self.conclusion_number.split()),
            supervisor=" ".join(self.supervisor.split()),
            notes=self.notes.strip(),
        )


def _checked_member(index: int, member: MemberInput, today: date, errors: dict[str, str]) -> MemberInput:
    prefix = f"members.{index}."
    name = " ".join(member.full_name.split())
    if not name:
        errors[prefix + "full_name"] = "Укажите ФИО."
    elif len(name) > NAME_LIMIT:
        errors[prefix + "full_name"] = f"Не более {NAME_LIMIT} знаков."
    birth = member.birth_date
    if birth is None:
        errors[prefix + "birth_date"] = "Укажите дату рождения."
    elif birth > today:
        errors[prefix + "birth_date"] = "Дата рождения ещё не наступила."
    elif _years(birth, today) < ADULT_YEARS:
        errors[prefix + "birth_date"] = "Члену семьи нет 18 лет: в реестр вносятся взрослые."
    email = member.email.strip()
    if email and ("@" not in email or " " in email):
        errors[prefix + "email"] = "Адрес электронной почты — вида name@example.ru."
    return MemberInput(name, birth, " ".join(member.relation.split()), member.phone.strip(), email, member.id)


def _years(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
