"""Five families through 2026's support cycle (and one identified only in 2027), written straight into the tables.

F1 СС-0001 СОП, from 10.02.2026, curator Иванова: addiction help given 15.03 (I) and another begun 01.09 (II);
   consilium with interagency support 20.04; the mother's restriction lifted 05.10. Open all year.
F2 СС-0002 ТЖС, from 15.01.2026, Иванова: employment help 20.05; social contract granted 01.06; closed 30.09
   (ситуация преодолена).
F3 СС-0003 ребёнок помещён в организацию, from 01.03.2026, Петров: child placed 20.02, returned 15.08; the expert
   group's review 05.03 (not a consilium); consilium with support 10.07; an addiction service (not ТЖС/СОП);
   closed 31.08 (ребёнок возвращён в семью).
F4 СС-0004 СОП, from 01.04.2026, Петров: employment help only planned, and one cancelled; a social contract
   refused 10.05 and another measure granted; a consilium 15.05 without support; the father deprived of rights;
   closed 30.06 (семья переехала).
F5 СС-0005 ТЖС, from 01.11.2026, Иванова: addiction help 20.11; social contract granted 01.12; both parents'
   rights restored 10.12. Open.
F6 СС-0006 СОП, identified 15.01.2027 (after both half-years), with a service misdated 20.12.2026.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.core.paths import DataPaths
from desktop_app.domain.roles import InstallationKind
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    CaseAdult,
    CaseChild,
    CaseService,
    CaseSupportMeasure,
    ConsiliumMeeting,
    ConsiliumReview,
    FamilyCase,
    Indicator,
    IndicatorGroup,
    Program,
    SupportMeasureKind,
)

DISTRICT = "Плесецкий муниципальный округ"
ADMIN_LOGIN = "Admin"
ADMIN_PASSWORD = "opeka2025"
PLESETSK = SetupRequest(
    kind=InstallationKind.DISTRICT,
    region_code="29",
    district_name=DISTRICT,
    organisation_name="Отдел опеки и попечительства администрации Плесецкого округа",
    admin_login=ADMIN_LOGIN,
    admin_full_name="Петрова Мария Ивановна",
    admin_password=ADMIN_PASSWORD,
)
IVANOVA = "Иванова Анна Андреевна"
PETROV = "Петров Борис Борисович"
NAMES = {
    "СС-0001": "Семья Смирновых",
    "СС-0002": "Семья Кузнецовых",
    "СС-0003": "Семья Поповых",
    "СС-0004": "Семья Васильевых",
    "СС-0005": "Семья Соколовых",
    "СС-0006": "Семья Морозовых",
}


@dataclass(frozen=True)
class World:
    paths: DataPaths
    db: Database
    program_id: str


def d(text: str) -> date:
    day, month, year = (int(part) for part in text.split("."))
    return date(year, month, day)


def make_world(root: Path) -> World:
    paths = DataPaths(root)
    db = create_installation(paths, PLESETSK)
    with db.transaction() as s:
        contract = SupportMeasureKind(name="Социальный контракт", is_social_contract=True)
        allowance = SupportMeasureKind(name="Ежемесячная выплата", is_social_contract=False)
        consilium_a = ConsiliumMeeting(municipality=DISTRICT, kind="consilium", held_on=d("20.04.2026"), number="3")
        expert = ConsiliumMeeting(municipality=DISTRICT, kind="expert_review", held_on=d("05.03.2026"), number="Э-1")
        consilium_b = ConsiliumMeeting(municipality=DISTRICT, kind="consilium", held_on=d("15.05.2026"), number="4")
        consilium_c = ConsiliumMeeting(municipality=DISTRICT, kind="consilium", held_on=d("10.07.2026"), number="5")
        s.add_all([contract, allowance, consilium_a, expert, consilium_b, consilium_c])

        def case(code: str, category: str, identified: str, curator: str, **extra: object) -> FamilyCase:
            row = FamilyCase(
                code=code,
                display_name=NAMES[code],
                municipality=DISTRICT,
                category=category,
                identified_on=d(identified),
                curator=curator,
                address="п. Плесецк, ул. Ленина, 1",
                notes="Заметка куратора",
                **extra,
            )
            s.add(row)
            s.flush()
            return row

        def child(row: FamilyCase, code: str, born: str, **dates: date) -> None:
            s.add(CaseChild(case_id=row.id, code=code, birth_date=d(born), sex="м", **dates))

        def adult(row: FamilyCase, name: str, rights: str = "", restored: str | None = None) -> None:
            s.add(
                CaseAdult(
                    case_id=row.id,
                    full_name=name,
                    parental_rights=rights,
                    rights_restored_on=d(restored) if restored else None,
                )
            )

        def service(row: FamilyCase, kind: str, status: str, given: str | None, planned: str = "01.01.2026") -> None:
            s.add(
                CaseService(
                    case_id=row.id,
                    kind=kind,
                    status=status,
                    planned_on=d(planned),
                    given_on=d(given) if given else None,
                )
            )

        def measure(row: FamilyCase, kind: SupportMeasureKind, decision: str, decided: str) -> None:
            s.add(
                CaseSupportMeasure(
                    case_id=row.id,
                    kind_id=kind.id,
                    applied_on=d("01.01.2026"),
                    decision=decision,
                    decided_on=d(decided),
                )
            )

        def review(meeting: ConsiliumMeeting, row: FamilyCase, support: bool) -> None:
            s.add(
                ConsiliumReview(meeting_id=meeting.id, case_id=row.id, decision="continue", interagency_support=support)
            )

        f1 = case("СС-0001", "sop", "10.02.2026", IVANOVA, next_review_on=d("01.12.2026"))
        adult(f1, "Смирнова Ольга Петровна", "limited", "05.10.2026")
        adult(f1, "Смирнов Иван Сергеевич")
        child(f1, "Р-0101", "12.03.2019")
        service(f1, "addiction", "given", "15.03.2026")
        service(f1, "addiction", "in_progress", "01.09.2026")
        service(f1, "psychology", "given", "10.04.2026")
        review(consilium_a, f1, True)

        f2 = case("СС-0002", "tzhs", "15.01.2026", IVANOVA, closed_on=d("30.09.2026"), outcome="overcome")
        adult(f2, "Кузнецова Мария Ивановна")
        child(f2, "Р-0201", "01.06.2015")
        service(f2, "employment", "given", "20.05.2026")
        measure(f2, contract, "granted", "01.06.2026")

        f3 = case("СС-0003", "placed", "01.03.2026", PETROV, closed_on=d("31.08.2026"), outcome="returned")
        adult(f3, "Попова Анна Викторовна")
        child(f3, "Р-0301", "05.05.2023", placed_on=d("20.02.2026"), returned_on=d("15.08.2026"))
        service(f3, "addiction", "given", "01.04.2026")
        s.add(
            ConsiliumReview(
                meeting_id=expert.id, case_id=f3.id, decision="placement_unjustified", interagency_support=True
            )
        )
        review(consilium_c, f3, True)

        f4 = case("СС-0004", "sop", "01.04.2026", PETROV, closed_on=d("30.06.2026"), outcome="moved")
        adult(f4, "Васильев Пётр Николаевич", "deprived")
        child(f4, "Р-0401", "10.10.2012")
        service(f4, "employment", "planned", None)
        service(f4, "employment", "cancelled", "01.05.2026")
        measure(f4, contract, "refused", "10.05.2026")
        measure(f4, allowance, "granted", "12.05.2026")
        review(consilium_b, f4, False)

        f5 = case("СС-0005", "tzhs", "01.11.2026", IVANOVA, next_review_on=d("01.03.2027"))
        adult(f5, "Соколова Елена Юрьевна", "limited", "10.12.2026")
        adult(f5, "Соколов Юрий Олегович", "limited", "10.12.2026")
        child(f5, "Р-0501", "20.02.2020")
        service(f5, "addiction", "given", "20.11.2026")
        measure(f5, contract, "granted", "01.12.2026")

        f6 = case("СС-0006", "sop", "15.01.2027", PETROV)
        service(f6, "addiction", "given", "20.12.2026")

        program = Program(title="Программа 2026", period_start=d("01.01.2026"), period_end=d("31.12.2028"))
        s.add(program)
        s.flush()
        group = IndicatorGroup(program_id=program.id, number="7", title="Практики помощи")
        s.add(group)
        s.flush()
        s.add_all(
            [
                Indicator(
                    group_id=group.id, code="7.2", name="Зависимость", cumulative=True, source="cases.addiction_help"
                ),
                Indicator(group_id=group.id, code="1.3", name="СОП", cumulative=False, source="cases.sop_at_end"),
                Indicator(
                    group_id=group.id, code="7.5", name="Занятость", cumulative=True, source="cases.employment_help"
                ),
                Indicator(
                    group_id=group.id, code="7.6", name="Контракт", cumulative=False, source="cases.social_contract"
                ),
            ]
        )
        program_id = program.id
    return World(paths, db, program_id)
