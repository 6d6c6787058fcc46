"""Reading one cell of a case list: category, source, stage, level of support, and the children's cell.

Dates, counts and the «cell cannot mean this» problem are the family list's (family_import.values).

Children are written in one cell, a child per item separated by «;» or a line break, each as its internal code,
then its birth date and sex in brackets or after commas: «Р-12 (05.03.2023, ж); Р-13, 01.02.2020, м». A district's
list of families in СОП or ТЖС keeps one row per family (the КДН's and the social services' lists do), so the
children share the family's row. A child's name instead of a code is refused with the pseudonymity rule's message
(domain/pseudonymity.child_code_problem) and the text is not kept anywhere.
"""

from __future__ import annotations

import re

from desktop_app.domain.case_record import ChildInput
from desktop_app.domain.case_terms import CaseCategory, CaseStage, IdentificationSource, SupportLevel
from desktop_app.domain.pseudonymity import child_code_problem, person_name_in
from desktop_app.domain.text import search_key
from desktop_app.family_import.values import CellProblem, parse_day

_CATEGORY_WORDS = {
    "тжс": CaseCategory.TJS,
    "трудная жизненная ситуация": CaseCategory.TJS,
    "соп": CaseCategory.SOP,
    "социально опасное положение": CaseCategory.SOP,
    "риск": CaseCategory.PLACEMENT_RISK,
    "риск помещения": CaseCategory.PLACEMENT_RISK,
    "риск изъятия": CaseCategory.PLACEMENT_RISK,
    "риск отобрания": CaseCategory.PLACEMENT_RISK,
    "ребёнок помещён": CaseCategory.CHILD_PLACED,
    "помещён в организацию": CaseCategory.CHILD_PLACED,
    "ребёнок в организации": CaseCategory.CHILD_PLACED,
}

_SOURCE_WORDS = {
    "участковая служба": IdentificationSource.DISTRICT_SERVICE,
    "участковый специалист": IdentificationSource.DISTRICT_SERVICE,
    "мобильная бригада": IdentificationSource.MOBILE_TEAM,
    "семейная приёмная": IdentificationSource.FAMILY_RECEPTION,
    "школа": IdentificationSource.EDUCATION,
    "детский сад": IdentificationSource.EDUCATION,
    "образование": IdentificationSource.EDUCATION,
    "больница": IdentificationSource.HEALTH,
    "поликлиника": IdentificationSource.HEALTH,
    "црб": IdentificationSource.HEALTH,
    "фап": IdentificationSource.HEALTH,
    "здравоохранение": IdentificationSource.HEALTH,
    "полиция": IdentificationSource.POLICE,
    "омвд": IdentificationSource.POLICE,
    "пдн": IdentificationSource.POLICE,
    "кдн": IdentificationSource.KDN,
    "кдн и зп": IdentificationSource.KDN,
    "кднизп": IdentificationSource.KDN,
    "соцзащита": IdentificationSource.SOCIAL,
    "кцсон": IdentificationSource.SOCIAL,
    "опека": IdentificationSource.GUARDIANSHIP,
    "органы опеки": IdentificationSource.GUARDIANSHIP,
    "сама семья": IdentificationSource.FAMILY_ITSELF,
    "обращение семьи": IdentificationSource.FAMILY_ITSELF,
    "заявление семьи": IdentificationSource.FAMILY_ITSELF,
    "граждане": IdentificationSource.CITIZENS,
    "соседи": IdentificationSource.CITIZENS,
}

_STAGE_WORDS = {
    "выявлена": CaseStage.IDENTIFIED,
    "оценка": CaseStage.ASSESSMENT,
    "запрос": CaseStage.REQUEST,
    "команда": CaseStage.TEAM,
    "маршрут": CaseStage.ROUTE,
    "ипр": CaseStage.ROUTE,
    "услуги": CaseStage.SERVICES,
    "сопровождение": CaseStage.SERVICES,
    "на сопровождении": CaseStage.SERVICES,
    "мониторинг": CaseStage.MONITORING,
    "пролонгирован": CaseStage.PROLONGED,
    "пролонгировано": CaseStage.PROLONGED,
    "пролонгация": CaseStage.PROLONGED,
    "снята с сопровождения": CaseStage.CLOSED,
    "снят с сопровождения": CaseStage.CLOSED,
    "снята": CaseStage.CLOSED,
    "закрыт": CaseStage.CLOSED,
}

_LEVEL_WORDS = {
    "экстренный": SupportLevel.CRISIS,
    "кризисный": SupportLevel.CRISIS,
    "интенсивный": SupportLevel.INTENSIVE,
    "базовый": SupportLevel.BASIC,
    "консультативный": SupportLevel.CONSULTATIVE,
}


def _word(text: str) -> str:
    return search_key(text).rstrip(".")


# The words are written as people write them (with ё) and looked up folded, as a cell's text is.
_CATEGORY_WORDS = {_word(words): value for words, value in _CATEGORY_WORDS.items()}
_SOURCE_WORDS = {_word(words): value for words, value in _SOURCE_WORDS.items()}
_STAGE_WORDS = {_word(words): value for words, value in _STAGE_WORDS.items()}
_LEVEL_WORDS = {_word(words): value for words, value in _LEVEL_WORDS.items()}


def _labelled(value: str, members: list[CaseCategory] | list[CaseStage] | list[SupportLevel]) -> object | None:
    """The member whose value or label (or the label's part before « — ») the text is."""
    for member in members:
        label = search_key(member.label)
        if value in (member.value, label, label.split(" — ")[0]) or label.startswith(value + " "):
            return member
    return None


def parse_category(text: str) -> CaseCategory | None:
    """«ТЖС», «СОП», «риск помещения», «ребёнок помещён» or the program's labels; None if empty."""
    value = _word(text)
    if not value:
        return None
    found = _CATEGORY_WORDS.get(value) or _labelled(value, list(CaseCategory))
    if isinstance(found, CaseCategory):
        return found
    raise CellProblem("такой категории нет: пишите ТЖС, СОП, «риск помещения» или «ребёнок помещён»")


def parse_source(text: str) -> tuple[IdentificationSource, str]:
    """The source and, for one the program does not know, «другое» with the cell's own words as its detail."""
    value = _word(text)
    if not value:
        return IdentificationSource.OTHER, ""
    if value in _SOURCE_WORDS:
        return _SOURCE_WORDS[value], ""
    for source in IdentificationSource:
        if value in (source.value, search_key(source.label)) and source is not IdentificationSource.OTHER:
            return source, ""
    return IdentificationSource.OTHER, " ".join(text.split())


def parse_case_stage(text: str) -> CaseStage | None:
    """A stage by its label («мониторинг и оценка»), its value or a usual word («на сопровождении»); None if empty."""
    value = _word(text)
    if not value:
        return None
    found = _STAGE_WORDS.get(value) or _labelled(value, list(CaseStage))
    if isinstance(found, CaseStage):
        return found
    known = ", ".join(f"«{stage.label}»" for stage in CaseStage if stage is not CaseStage.CLOSED)
    raise CellProblem(f"такого этапа нет; этапы: {known}")


def parse_level(text: str) -> SupportLevel | None:
    value = _word(text)
    if not value:
        return None
    found = _LEVEL_WORDS.get(value) or _labelled(value, list(SupportLevel))
    if isinstance(found, SupportLevel):
        return found
    raise CellProblem("такого уровня нет: экстренный, интенсивный, базовый или консультативный")


_SEX = {
    "ж": "f",
    "жен": "f",
    "женский": "f",
    "д": "f",
    "дев": "f",
    "девочка": "f",
    "f": "f",
    "м": "m",
    "муж": "m",
    "мужской": "m",
    "мал": "m",
    "мальчик": "m",
    "m": "m",
}
_ITEM = re.compile(r"(?P<code>[^(,]+?)\s*(?:\((?P<bracketed>[^)]*)\)|,(?P<listed>.*))?")
_FORMAT = "пишите «Р-12 (05.03.2023, ж)», детей через «;»"


class ChildProblem(CellProblem):
    """A child of the cell cannot be read; ``position`` is the child's place in the cell (1, 2, …)."""

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(reason)
        self.position = position


def parse_children(text: str) -> tuple[ChildInput, ...]:
    """The children of the cell, in order; ChildProblem for the first that cannot be read. The message never
    quotes the cell: it may hold a child's name."""
    items = [item.strip() for item in re.split(r"[;\n]", text) if item.strip()]
    children: list[ChildInput] = []
    for position, item in enumerate(items, 1):
        match = _ITEM.fullmatch(item)
        code = " ".join((match.group("code") if match else item).split())
        if (problem := child_code_problem(code)) or person_name_in(item):
            raise ChildProblem(position, problem or "имя ребёнка в программу не вносится: укажите внутренний код.")
        if match is None:
            raise ChildProblem(position, f"не понят: {_FORMAT}")
        details = match.group("bracketed") if match.group("bracketed") is not None else match.group("listed") or ""
        birth, sex = None, ""
        for part in (part.strip() for part in re.split(r"[,;]", details) if part.strip()):
            if (key := _word(part)) in _SEX:
                sex = _SEX[key]
                continue
            try:
                birth = parse_day(part)
            except CellProblem as exc:
                raise ChildProblem(position, f"«{code}»: «{part}» — {exc.reason}") from None
        if birth is None or not sex:
            raise ChildProblem(position, f"«{code}»: нужны дата рождения и пол; {_FORMAT}")
        children.append(ChildInput(code, birth, sex))
    return tuple(children)
