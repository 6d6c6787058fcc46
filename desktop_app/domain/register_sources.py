"""Counts the registers can give for a period, by the key that forms and indicators name them with."""

from __future__ import annotations

from desktop_app.domain.family_pipeline import READY_STAGES, FamilyStage

SOURCE_LABELS = {
    "families.candidates": "семьи на этапах подготовки на конец периода",
    "families.ready": "семьи в реестре, готовые принять ребёнка, на конец периода",
    "families.registered_in_period": "семьи, включённые в реестр за период",
    "placements.started": "дети, размещённые в ресурсные семьи за период",
    "placements.active_at_end": "дети в ресурсных семьях на конец периода",
    "placements.ended": "размещения, завершённые за период",
    "placements.returned_home": "из них дети возвращены в кровную семью",
    "placements.permanent_family": "из них дети устроены в постоянную семью",
    "placements.institution": "из них дети направлены в организацию",
    "measures.done": "мероприятия, выполненные за период (по отчётам)",
    "measures.overdue": "мероприятия без отчёта после срока",
    # the case register (domain/case_figures.py defines each and the seed-002 indicator it feeds)
    "cases.sop_at_end": "семьи в социально опасном положении на конец периода",
    "cases.rights_restored": "родители, восстановленные в родительских правах (ограничение отменено)",
    "cases.consilium_support": "семьи, рассмотренные на консилиуме, с организованным межведомственным сопровождением",
    "cases.return_support": "семьи, сопровождаемые для возвращения детей из организации",
    "cases.children_returned": "дети, возвращённые из организации в семью",
    "cases.addiction_help": "семьи в ТЖС/СОП, получившие помощь в борьбе с зависимостью",
    "cases.employment_help": "семьи в ТЖС/СОП, получившие помощь в поиске работы и обучении",
    "cases.social_contract": "семьи в ТЖС/СОП, получившие помощь по социальному контракту",
    "cases.open_at_end": "случаи сопровождения, открытые на конец периода",
    "cases.opened": "случаи, взятые на сопровождение за период",
    "cases.closed": "случаи, снятые с сопровождения за период",
}


def source_problem(key: str) -> str | None:
    """Why ``key`` is not a known register count, or None when it is (an empty key is fine)."""
    if not key or key in SOURCE_LABELS:
        return None
    return f"неизвестный источник «{key}»; известны: {', '.join(SOURCE_LABELS)}"


# A family is counted at one stage only: once «включена в реестр» it is ready (form question 1.5) and no
# longer in preparation (1.1), though the pipeline's order (PREPARATION) leads up to that step.
IN_PREPARATION = frozenset(
    {FamilyStage.CANDIDATE, FamilyStage.DOCUMENTS, FamilyStage.TRAINING, FamilyStage.DIAGNOSTICS}
)


def family_count(stage: FamilyStage | None) -> str | None:
    """The register count a family at ``stage`` falls in («families.candidates» or «families.ready»); None
    for a family paused, excluded or not yet entered."""
    if stage in IN_PREPARATION:
        return "families.candidates"
    if stage in READY_STAGES:
        return "families.ready"
    return None
