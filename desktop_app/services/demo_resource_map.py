"""The demo district's resource map: what the services of Плесецкий округ offer families, by whom, where, for whom
and how to reach them. Every address, phone and e-mail is invented; two providers the program's directory does not
name (a social service centre and an NGO) are added to the directory, marked as demo ones.

The entries are made through ResourceMapService, as a specialist would, so the journal holds them.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_terms import ServiceKind
from desktop_app.domain.program_definition import OrganisationDef
from desktop_app.services.organisations import find_or_add_organisation
from desktop_app.services.resource_map import ResourceInput, ResourceMapService
from desktop_app.storage.database import Database
from desktop_app.storage.models import Organisation

# Providers the demo adds to the organisation directory: key → (full name, short name, department).
EXTRA_PROVIDERS = {
    "kcson": (
        "Комплексный центр социального обслуживания населения (демо)",
        "КЦСОН (демо)",
        "social_protection",
    ),
    "ngo": ("АНО «Семейный очаг» (демо)", "АНО «Семейный очаг» (демо)", "ngo"),
}
# The program's directory entries the map names, by the key of resources/demo/plesetsk_program.json.
PROGRAM_PROVIDERS = {
    "cssu": "ГБУ АО «Плесецкий центр содействия семейному устройству»",
    "crb": "ГБУЗ АО «Плесецкая ЦРБ»",
    "employment": "ГКУ АО «Архангельский областной центр занятости населения» кадровый центр по Плесецкому округу и"
    " городу Мирный",
    "oszn": "ГКУ АО «Архангельский областной центр социальной защиты населения» отделение социальной защиты"
    " населения по Плесецкому району",
    "education": "Управление образования",
    "ooip": "Отдел опеки и попечительства",
    "omvd": "ОМВД России «Плесецкий»",
    "dvizhenie_pervykh": "Общероссийское общественно-государственное движение детей и молодежи «Движение первых»",
}

PLESETSK = "п. Плесецк"
DISTRICT_WIDE = "Плесецкий муниципальный округ"

# key, kind, name, provider, territory, address, for whom, contacts, terms
ENTRIES: tuple[tuple[str, ServiceKind, str, str, str, str, str, str, str], ...] = (
    (
        "psychology",
        ServiceKind.PSYCHOLOGY,
        "Консультации психолога для родителей и детей",
        "cssu",
        PLESETSK,
        "п. Плесецк, ул. Демонстрационная, д. 10 (демо)",
        "семьи в трудной жизненной ситуации и социально опасном положении, кровные и замещающие семьи",
        "+7 900 000-10-01, cssu-demo@example.ru",
        "бесплатно, по записи; очно и по видеосвязи",
    ),
    (
        "school_of_parents",
        ServiceKind.PARENTING,
        "Школа ответственного родительства",
        "cssu",
        PLESETSK,
        "п. Плесецк, ул. Демонстрационная, д. 10 (демо)",
        "родители детей до 7 лет, семьи после возвращения ребёнка из организации",
        "+7 900 000-10-02",
        "группа раз в неделю, 8 занятий",
    ),
    (
        "mobile_team",
        ServiceKind.SOCIAL,
        "Мобильная бригада: выезд специалистов в отдалённые посёлки",
        "cssu",
        DISTRICT_WIDE,
        "выезд по месту жительства семьи",
        "семьи отдалённых посёлков округа, где нет своих специалистов",
        "+7 900 000-10-03 (диспетчер)",
        "по заявке органа опеки или КДНиЗП, до 3 рабочих дней",
    ),
    (
        "home_care",
        ServiceKind.SOCIAL,
        "Социальный патронаж семьи на дому",
        "kcson",
        PLESETSK,
        "п. Плесецк, пер. Учебный, д. 3 (демо)",
        "семьи в социально опасном положении, многодетные и неполные семьи",
        "+7 900 000-11-01, kcson-demo@example.ru",
        "по индивидуальной программе социального обслуживания",
    ),
    (
        "urgent_help",
        ServiceKind.MATERIAL,
        "Срочная социальная помощь: продуктовые наборы, одежда, топливо",
        "kcson",
        DISTRICT_WIDE,
        "п. Плесецк, пер. Учебный, д. 3 (демо)",
        "малоимущие семьи с детьми в трудной жизненной ситуации",
        "+7 900 000-11-02",
        "по заявлению, решение в течение 5 рабочих дней",
    ),
    (
        "social_contract",
        ServiceKind.MATERIAL,
        "Приём заявлений на государственную социальную помощь, в том числе по социальному контракту",
        "oszn",
        PLESETSK,
        "п. Плесецк, ул. Примерная, д. 7 (демо)",
        "малоимущие семьи с детьми",
        "+7 900 000-12-01, oszn-demo@example.ru",
        "приём по вторникам и четвергам",
    ),
    (
        "pediatrics",
        ServiceKind.HEALTH,
        "Педиатрический приём и патронаж детей раннего возраста",
        "crb",
        PLESETSK,
        "п. Плесецк, ул. Больничная (демо), д. 1",
        "дети до 3 лет из семей, находящихся на сопровождении",
        "+7 900 000-13-01 (регистратура)",
        "по полису ОМС",
    ),
    (
        "narcology",
        ServiceKind.ADDICTION,
        "Консультация и лечение у врача психиатра-нарколога, сопровождение в ремиссии",
        "crb",
        PLESETSK,
        "п. Плесецк, ул. Больничная (демо), д. 1, каб. 12",
        "родители с алкогольной и иной зависимостью",
        "+7 900 000-13-02",
        "анонимно или по направлению; бесплатно по полису ОМС",
    ),
    (
        "jobs",
        ServiceKind.EMPLOYMENT,
        "Подбор вакансий, профессиональное обучение и временная занятость родителей",
        "employment",
        PLESETSK,
        "п. Плесецк, ул. Образцовая, д. 5 (демо)",
        "безработные и ищущие работу родители, в том числе по социальному контракту",
        "+7 900 000-14-01, job-demo@example.ru",
        "бесплатно, при регистрации в кадровом центре",
    ),
    (
        "kindergarten",
        ServiceKind.CHILD_EDUCATION,
        "Устройство ребёнка в детский сад в первоочередном порядке",
        "education",
        DISTRICT_WIDE,
        "п. Плесецк, ул. Примерная, д. 9 (демо)",
        "дети из семей, находящихся на межведомственном сопровождении",
        "+7 900 000-15-01",
        "по ходатайству консилиума",
    ),
    (
        "school_mediation",
        ServiceKind.PEDAGOGY,
        "Школьная служба примирения и помощь социального педагога",
        "education",
        "п. Савинский",
        "п. Савинский, ул. Школьная (демо), д. 2",
        "школьники и их родители",
        "+7 900 000-15-02",
        "бесплатно",
    ),
    (
        "legal_aid",
        ServiceKind.LEGAL,
        "Бесплатная юридическая консультация: пособия, алименты, жильё",
        "ngo",
        "п. Обозерский",
        "п. Обозерский, ул. Вокзальная (демо), д. 4",
        "семьи с детьми, родители, восстанавливающие родительские права",
        "+7 900 000-16-01, ochag-demo@example.ru",
        "бесплатно, по записи; выезды в посёлки раз в месяц",
    ),
    (
        "family_club",
        ServiceKind.LEISURE,
        "Семейный клуб выходного дня",
        "ngo",
        "п. Обозерский",
        "п. Обозерский, ул. Вокзальная (демо), д. 4",
        "семьи с детьми любого возраста",
        "+7 900 000-16-02",
        "по субботам, бесплатно",
    ),
    (
        "youth_clubs",
        ServiceKind.LEISURE,
        "Кружки и добровольческие проекты для подростков",
        "dvizhenie_pervykh",
        "п. Североонежск",
        "п. Североонежск, ул. Центральная (демо), д. 8",
        "подростки 12–17 лет, в том числе состоящие на профилактическом учёте",
        "+7 900 000-17-01",
        "бесплатно",
    ),
)


def store_resource_map(db: Database, actor: Actor) -> tuple[dict[str, str], dict[str, str]]:
    """The demo's resource map; returns (provider key → organisation id, entry key → resource map entry id)."""
    organisations = _providers(db, actor)
    resources = ResourceMapService(db)
    entries: dict[str, str] = {}
    for key, kind, name, provider, territory, address, target, contacts, terms in ENTRIES:
        row = resources.add(
            actor,
            ResourceInput(kind.value, name, organisations[provider], territory, address, target, contacts, terms),
        )
        entries[key] = row.id
    return organisations, entries


def _providers(db: Database, actor: Actor) -> dict[str, str]:
    with db.transaction(actor) as session:
        found = {
            key: session.scalars(select(Organisation.id).where(Organisation.full_name == name)).one()
            for key, name in PROGRAM_PROVIDERS.items()
        }
        for key, (full_name, short_name, department) in EXTRA_PROVIDERS.items():
            definition = OrganisationDef(key, full_name, short_name, department, DISTRICT_WIDE)
            found[key] = find_or_add_organisation(session, definition).id
    return found
