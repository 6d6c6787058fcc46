"""The vocabulary of family support cases (seed 004's cycle, seed 002's indicators): the values stored in the case
tables and the Russian words shown for them. The rules that use them live in the other ``case_*`` modules."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class _Labelled(StrEnum):
    """A stored value with its Russian label; ``read`` takes a stored text back, unknown texts to ``fallback``."""

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def read(cls, value: str, fallback: Self | None = None) -> Self:
        try:
            return cls(value)
        except ValueError:
            if fallback is None:
                raise
            return fallback

    @classmethod
    def labels(cls) -> dict[Self, str]:
        return {member: member.label for member in cls}


class CaseCategory(_Labelled):
    TJS = "tzhs"
    SOP = "sop"
    PLACEMENT_RISK = "risk"
    CHILD_PLACED = "placed"


class IdentificationSource(_Labelled):
    DISTRICT_SERVICE = "district_service"
    MOBILE_TEAM = "mobile_team"
    FAMILY_RECEPTION = "family_reception"
    EDUCATION = "education"
    HEALTH = "health"
    POLICE = "police"
    KDN = "kdn"
    SOCIAL = "social"
    GUARDIANSHIP = "guardianship"
    FAMILY_ITSELF = "self"
    CITIZENS = "citizens"
    OTHER = "other"


class CaseStage(_Labelled):
    """Seed 004: выявление → оценка → запрос → команда → маршрут → услуги → мониторинг → пролонгирование / снятие."""

    IDENTIFIED = "identified"
    ASSESSMENT = "assessment"
    REQUEST = "request"
    TEAM = "team"
    ROUTE = "route"
    SERVICES = "services"
    MONITORING = "monitoring"
    PROLONGED = "prolonged"
    CLOSED = "closed"


class SupportLevel(_Labelled):
    CRISIS = "crisis"
    INTENSIVE = "intensive"
    BASIC = "basic"
    CONSULTATIVE = "consultative"


class CaseOutcome(_Labelled):
    OVERCOME = "overcome"
    CHILD_RETURNED = "returned"
    FAMILY_PLACEMENT = "family_placement"
    INSTITUTION = "institution"
    RIGHTS_DEPRIVED = "rights_deprived"
    MOVED_AWAY = "moved"
    REFUSED = "refused"
    OTHER = "other"


class ParentalRights(_Labelled):
    FULL = ""
    LIMITED = "limited"
    DEPRIVED = "deprived"


class ServiceKind(_Labelled):
    """What a service of the route or of the resource map is; seed 002's 7.2 and 7.5 count ADDICTION and EMPLOYMENT."""

    HEALTH = "health"
    PSYCHOLOGY = "psychology"
    PEDAGOGY = "pedagogy"
    LEGAL = "legal"
    SOCIAL = "social"
    MATERIAL = "material"
    EMPLOYMENT = "employment"
    ADDICTION = "addiction"
    CHILD_EDUCATION = "child_education"
    HOUSING = "housing"
    LEISURE = "leisure"
    PARENTING = "parenting"
    OTHER = "other"


class ServiceStatus(_Labelled):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    GIVEN = "given"
    NOT_GIVEN = "not_given"
    CANCELLED = "cancelled"


class ReferralAnswer(_Labelled):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    DONE = "done"


class MeasureDecision(_Labelled):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


class MeasureLevel(_Labelled):
    FEDERAL = "federal"
    REGIONAL = "regional"
    MUNICIPAL = "municipal"


class ConsiliumKind(_Labelled):
    CONSILIUM = "consilium"
    EXPERT_REVIEW = "expert_review"


class ReviewDecision(_Labelled):
    START_SUPPORT = "start_support"
    CONTINUE = "continue"
    PROLONG = "prolong"
    CLOSE = "close"
    PLACEMENT_JUSTIFIED = "placement_justified"
    PLACEMENT_UNJUSTIFIED = "placement_unjustified"
    OTHER = "other"


_LABELS: dict[StrEnum, str] = {
    CaseCategory.TJS: "ТЖС — трудная жизненная ситуация",
    CaseCategory.SOP: "СОП — социально опасное положение",
    CaseCategory.PLACEMENT_RISK: "риск помещения ребёнка в организацию",
    CaseCategory.CHILD_PLACED: "ребёнок помещён в организацию",
    IdentificationSource.DISTRICT_SERVICE: "участковая служба",
    IdentificationSource.MOBILE_TEAM: "мобильная бригада",
    IdentificationSource.FAMILY_RECEPTION: "семейная приёмная",
    IdentificationSource.EDUCATION: "образовательная организация",
    IdentificationSource.HEALTH: "медицинская организация",
    IdentificationSource.POLICE: "полиция (ОМВД)",
    IdentificationSource.KDN: "КДНиЗП",
    IdentificationSource.SOCIAL: "учреждение социального обслуживания",
    IdentificationSource.GUARDIANSHIP: "орган опеки и попечительства",
    IdentificationSource.FAMILY_ITSELF: "обращение самой семьи",
    IdentificationSource.CITIZENS: "сообщение граждан",
    IdentificationSource.OTHER: "другое",
    CaseStage.IDENTIFIED: "выявление",
    CaseStage.ASSESSMENT: "оценка семейной ситуации",
    CaseStage.REQUEST: "запрос семьи",
    CaseStage.TEAM: "команда сопровождения",
    CaseStage.ROUTE: "маршрут",
    CaseStage.SERVICES: "услуги и сопровождение",
    CaseStage.MONITORING: "мониторинг и оценка",
    CaseStage.PROLONGED: "пролонгирование",
    CaseStage.CLOSED: "снятие с сопровождения",
    SupportLevel.CRISIS: "экстренный (кризисный)",
    SupportLevel.INTENSIVE: "интенсивный",
    SupportLevel.BASIC: "базовый",
    SupportLevel.CONSULTATIVE: "консультативный",
    CaseOutcome.OVERCOME: "трудная ситуация преодолена",
    CaseOutcome.CHILD_RETURNED: "ребёнок возвращён в семью",
    CaseOutcome.FAMILY_PLACEMENT: "ребёнок устроен в замещающую семью",
    CaseOutcome.INSTITUTION: "ребёнок помещён в организацию",
    CaseOutcome.RIGHTS_DEPRIVED: "родители лишены родительских прав",
    CaseOutcome.MOVED_AWAY: "семья переехала",
    CaseOutcome.REFUSED: "семья отказалась от сопровождения",
    CaseOutcome.OTHER: "другое",
    ParentalRights.FULL: "в полном объёме",
    ParentalRights.LIMITED: "ограничен в родительских правах",
    ParentalRights.DEPRIVED: "лишён родительских прав",
    ServiceKind.HEALTH: "медицинская помощь",
    ServiceKind.PSYCHOLOGY: "психологическая помощь",
    ServiceKind.PEDAGOGY: "социально-педагогическая помощь",
    ServiceKind.LEGAL: "юридическая помощь",
    ServiceKind.SOCIAL: "социальное обслуживание",
    ServiceKind.MATERIAL: "срочная адресная (материальная) помощь",
    ServiceKind.EMPLOYMENT: "содействие занятости: работа, профориентация, обучение",
    ServiceKind.ADDICTION: "помощь в преодолении зависимости",
    ServiceKind.CHILD_EDUCATION: "устройство ребёнка в детский сад или школу",
    ServiceKind.HOUSING: "жилищные вопросы",
    ServiceKind.LEISURE: "досуг, спорт, культура",
    ServiceKind.PARENTING: "повышение родительской компетентности",
    ServiceKind.OTHER: "другое",
    ServiceStatus.PLANNED: "запланирована",
    ServiceStatus.IN_PROGRESS: "оказывается",
    ServiceStatus.GIVEN: "оказана",
    ServiceStatus.NOT_GIVEN: "не оказана",
    ServiceStatus.CANCELLED: "отменена",
    ReferralAnswer.PENDING: "ожидается ответ",
    ReferralAnswer.ACCEPTED: "принято",
    ReferralAnswer.REFUSED: "отказано",
    ReferralAnswer.DONE: "исполнено",
    MeasureDecision.PENDING: "на рассмотрении",
    MeasureDecision.GRANTED: "назначена",
    MeasureDecision.REFUSED: "отказано",
    MeasureLevel.FEDERAL: "федеральная",
    MeasureLevel.REGIONAL: "региональная",
    MeasureLevel.MUNICIPAL: "муниципальная",
    ConsiliumKind.CONSILIUM: "межведомственный консилиум",
    ConsiliumKind.EXPERT_REVIEW: "экспертная группа: помещение ребёнка до 4 лет в организацию",
    ReviewDecision.START_SUPPORT: "организовать межведомственное сопровождение",
    ReviewDecision.CONTINUE: "продолжить сопровождение",
    ReviewDecision.PROLONG: "пролонгировать сопровождение",
    ReviewDecision.CLOSE: "снять с сопровождения",
    ReviewDecision.PLACEMENT_JUSTIFIED: "помещение в организацию обосновано",
    ReviewDecision.PLACEMENT_UNJUSTIFIED: "помещение не обосновано: вернуть в семью или устроить в семью",
    ReviewDecision.OTHER: "другое",
}
