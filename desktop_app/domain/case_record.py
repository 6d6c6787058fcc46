"""A family support case as the user fills it in: the family, how it was identified, its adults and its children
(codes only); checked field by field, each problem keyed by its field («adults.0.full_name») so a form shows the
message beside it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from desktop_app.domain.case_terms import CaseCategory, IdentificationSource, ParentalRights
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.placements import SEX_LABELS
from desktop_app.domain.pseudonymity import child_code_problem
from desktop_app.domain.text import search_key

NAME_LIMIT = 300
SHORT_LIMIT = 100
CODE_LIMIT = 40
TEXT_LIMIT = 5000


@dataclass(frozen=True)
class AdultInput:
    full_name: str
    birth_date: date | None = None
    relation: str = ""
    phone: str = ""
    parental_rights: ParentalRights = ParentalRights.FULL
    rights_restored_on: date | None = None
    id: str | None = None  # None for an adult added now

    def short_name(self) -> str:
        """«Ёлкина М. П.» from «Ёлкина Мария Петровна»."""
        parts = self.full_name.split()
        if len(parts) < 2:
            return self.full_name.strip()
        return f"{parts[0]} " + " ".join(f"{part[0]}." for part in parts[1:3])


@dataclass(frozen=True)
class ChildInput:
    """A child, by the internal code only: no name ever enters the program."""

    code: str
    birth_date: date | None
    sex: str  # "m" or "f" (domain/placements.SEX_LABELS)
    placed_on: date | None = None  # placed in an institution
    institution: str = ""
    returned_on: date | None = None  # returned to the family from the institution
    family_placed_on: date | None = None  # placed in a substitute family
    id: str | None = None


@dataclass(frozen=True)
class CaseInput:
    municipality: str
    category: CaseCategory | None
    source: IdentificationSource | None
    identified_on: date | None
    adults: tuple[AdultInput, ...]
    children: tuple[ChildInput, ...]
    display_name: str = ""  # «семья Ёлкиных»; the adults' short names when left blank
    source_detail: str = ""
    address: str = ""
    notes: str = ""
    request_text: str = ""
    consent_on: date | None = None

    @property
    def name(self) -> str:
        """The family's name as the register shows it."""
        return self.display_name.strip() or ", ".join(adult.short_name() for adult in self.adults)

    def checked(self, today: date) -> CaseInput:
        """Trimmed values, or ValidationError keyed by field («children.1.code» for a child's field)."""
        errors: dict[str, str] = {}
        municipality = " ".join(self.municipality.split())
        if not municipality:
            errors["municipality"] = "Укажите муниципальное образование."
        elif len(municipality) > NAME_LIMIT:
            errors["municipality"] = f"Не более {NAME_LIMIT} знаков."
        if self.category is None:
            errors["category"] = "Укажите категорию семьи: ТЖС, СОП, риск помещения или ребёнок помещён."
        if self.source is None:
            errors["source"] = "Укажите, кем выявлена семья."
        source_detail = self.source_detail.strip()
        if self.source is IdentificationSource.OTHER and not source_detail:
            errors["source_detail"] = "Источник «другое»: укажите, кем выявлена семья."
        identified = self.identified_on
        if identified is None:
            errors["identified_on"] = "Укажите дату выявления."
        elif identified > today:
            errors["identified_on"] = "Дата выявления ещё не наступила."
        if self.consent_on is not None:
            if self.consent_on > today:
                errors["consent_on"] = "Дата согласия ещё не наступила."
            elif identified is not None and self.consent_on < identified:
                errors["consent_on"] = "Согласие не может быть дано раньше выявления семьи."
        adults = tuple(_checked_adult(index, adult, today, errors) for index, adult in enumerate(self.adults))
        if not adults:
            errors["adults"] = "Добавьте хотя бы одного взрослого члена семьи."
        children = tuple(_checked_child(index, child, today, errors) for index, child in enumerate(self.children))
        if not children:
            errors["children"] = "Добавьте хотя бы одного ребёнка (по внутреннему коду)."
        seen: dict[str, int] = {}
        for index, child in enumerate(children):
            key = search_key(child.code)
            if key and key in seen and f"children.{index}.code" not in errors:
                errors[f"children.{index}.code"] = f"Код «{child.code}» уже есть у другого ребёнка этого случая."
            seen.setdefault(key, index)
        display_name = " ".join(self.display_name.split())
        if len(display_name) > NAME_LIMIT:
            errors["display_name"] = f"Не более {NAME_LIMIT} знаков."
        for key, value in (
            ("source_detail", source_detail),
            ("address", self.address),
            ("notes", self.notes),
            ("request_text", self.request_text),
        ):
            if len(value) > TEXT_LIMIT:
                errors[key] = f"Не более {TEXT_LIMIT} знаков."
        if errors:
            raise ValidationError("Случай не сохранён: исправьте отмеченные поля.", errors)
        return replace(
            self,
            municipality=municipality,
            adults=adults,
            children=children,
            display_name=display_name,
            source_detail=source_detail,
            address=self.address.strip(),
            notes=self.notes.strip(),
            request_text=self.request_text.strip(),
        )


def _checked_adult(index: int, adult: AdultInput, today: date, errors: dict[str, str]) -> AdultInput:
    prefix = f"adults.{index}."
    name = " ".join(adult.full_name.split())
    if not name:
        errors[prefix + "full_name"] = "Укажите ФИО."
    elif len(name) > NAME_LIMIT:
        errors[prefix + "full_name"] = f"Не более {NAME_LIMIT} знаков."
    if adult.birth_date is not None and adult.birth_date > today:
        errors[prefix + "birth_date"] = "Дата рождения ещё не наступила."
    relation, phone = " ".join(adult.relation.split()), adult.phone.strip()
    for key, value in (("relation", relation), ("phone", phone)):
        if len(value) > SHORT_LIMIT:
            errors[prefix + key] = f"Не более {SHORT_LIMIT} знаков."
    restored = adult.rights_restored_on
    if restored is not None:
        if adult.parental_rights is ParentalRights.FULL:
            errors[prefix + "rights_restored_on"] = (
                "Дата восстановления прав указывается, только если родитель был ограничен или лишён прав."
            )
        elif restored > today:
            errors[prefix + "rights_restored_on"] = "Дата восстановления прав ещё не наступила."
        elif adult.birth_date is not None and restored < adult.birth_date:
            errors[prefix + "rights_restored_on"] = "Дата восстановления прав раньше даты рождения."
    return AdultInput(name, adult.birth_date, relation, phone, adult.parental_rights, restored, adult.id)


def _checked_child(index: int, child: ChildInput, today: date, errors: dict[str, str]) -> ChildInput:
    prefix = f"children.{index}."
    code = " ".join(child.code.split())
    if not code:
        errors[prefix + "code"] = "Укажите внутренний код ребёнка, например Р-2026-07."
    elif len(code) > CODE_LIMIT:
        errors[prefix + "code"] = f"Не более {CODE_LIMIT} знаков."
    elif problem := child_code_problem(code):
        errors[prefix + "code"] = problem
    birth = child.birth_date
    if birth is None:
        errors[prefix + "birth_date"] = "Укажите дату рождения ребёнка."
    elif birth > today:
        errors[prefix + "birth_date"] = "Дата рождения ещё не наступила."
    if child.sex not in SEX_LABELS:
        errors[prefix + "sex"] = "Укажите пол ребёнка."
    institution = " ".join(child.institution.split())
    if len(institution) > TEXT_LIMIT:
        errors[prefix + "institution"] = f"Не более {TEXT_LIMIT} знаков."
    dated = (
        ("placed_on", child.placed_on, "помещения в организацию"),
        ("returned_on", child.returned_on, "возвращения в семью"),
        ("family_placed_on", child.family_placed_on, "устройства в замещающую семью"),
    )
    for key, when, what in dated:
        if when is None:
            continue
        if when > today:
            errors[prefix + key] = f"Дата {what} ещё не наступила."
        elif birth is not None and birth <= today and when < birth:
            errors[prefix + key] = f"Дата {what} раньше даты рождения ребёнка."
    placed = child.placed_on
    for key, when, what in dated[1:]:
        if when is None or prefix + key in errors:
            continue
        if placed is None and key == "returned_on":
            errors[prefix + key] = f"Дата {what} указывается для ребёнка, помещённого в организацию."
        elif placed is not None and when < placed:
            errors[prefix + key] = f"Дата {what} раньше помещения в организацию."
    if placed is not None and not institution:
        errors.setdefault(prefix + "institution", "Укажите организацию, в которую помещён ребёнок.")
    return ChildInput(code, birth, child.sex, placed, institution, child.returned_on, child.family_placed_on, child.id)


@dataclass(frozen=True)
class TeamMemberInput:
    """A member of the support team: an organisation of the directory, the person and their role in the team."""

    organisation_id: str | None
    person: str
    role: str = ""
    is_curator: bool = False
    id: str | None = None


def check_team(members: tuple[TeamMemberInput, ...]) -> tuple[TeamMemberInput, ...]:
    """The team cleaned up, or ValidationError keyed by «team» (no one, or not exactly one curator) and
    «team.0.person» for a member's field."""
    errors: dict[str, str] = {}
    cleaned: list[TeamMemberInput] = []
    for index, member in enumerate(members):
        prefix = f"team.{index}."
        person, role = " ".join(member.person.split()), " ".join(member.role.split())
        if not member.organisation_id:
            errors[prefix + "organisation_id"] = "Выберите организацию из справочника."
        if not person:
            errors[prefix + "person"] = "Укажите ФИО участника команды."
        elif len(person) > NAME_LIMIT:
            errors[prefix + "person"] = f"Не более {NAME_LIMIT} знаков."
        if len(role) > 200:
            errors[prefix + "role"] = "Не более 200 знаков."
        cleaned.append(TeamMemberInput(member.organisation_id, person, role, member.is_curator, member.id))
    curators = sum(member.is_curator for member in cleaned)
    if not cleaned:
        errors["team"] = "Добавьте в команду хотя бы куратора случая."
    elif curators == 0:
        errors["team"] = "Отметьте куратора случая: у команды он один."
    elif curators > 1:
        errors["team"] = f"Куратор случая один, а отмечено {curators}."
    if errors:
        raise ValidationError("Команда не сохранена: исправьте отмеченные поля.", errors)
    return tuple(cleaned)


@dataclass(frozen=True)
class RequestInput:
    """The family's request (what it asks help with) and the date of its written consent to support."""

    text: str
    consent_on: date | None
    done_by: str = ""


def check_request(entry: RequestInput, identified_on: date, today: date) -> RequestInput:
    """The request cleaned up, or ValidationError keyed by «text» and «consent_on»."""
    errors: dict[str, str] = {}
    text = entry.text.strip()
    if not text:
        errors["text"] = "Опишите запрос семьи: с чем она просит помочь."
    elif len(text) > TEXT_LIMIT:
        errors["text"] = f"Не более {TEXT_LIMIT} знаков."
    if entry.consent_on is None:
        errors["consent_on"] = "Укажите дату согласия семьи на сопровождение."
    elif entry.consent_on > today:
        errors["consent_on"] = "Дата согласия ещё не наступила."
    elif entry.consent_on < identified_on:
        errors["consent_on"] = "Согласие не может быть дано раньше выявления семьи."
    if errors:
        raise ValidationError("Запрос семьи не записан: исправьте отмеченные поля.", errors)
    return RequestInput(text, entry.consent_on, " ".join(entry.done_by.split()))
