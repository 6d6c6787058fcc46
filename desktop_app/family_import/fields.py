"""The fields a family list may feed, how the user and the messages name them, and guessing them from headers."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop_app.domain.text import search_key


@dataclass(frozen=True)
class FieldSpec:
    key: str  # as written in the mapping file
    label: str  # beside its combo box in the mapping form
    noun: str  # in a row's message: «строка 7: дата рождения «31.02.1985» — нет такой даты»


def _adult(number: int) -> tuple[FieldSpec, ...]:
    whose = "" if number == 1 else " второго взрослого"
    return (
        FieldSpec(f"adult{number}_name", f"Взрослый {number}: ФИО", f"ФИО{whose}"),
        FieldSpec(f"adult{number}_birth_date", f"Взрослый {number}: дата рождения", f"дата рождения{whose}"),
        FieldSpec(f"adult{number}_phone", f"Взрослый {number}: телефон", f"телефон{whose}"),
        FieldSpec(f"adult{number}_relation", f"Взрослый {number}: кем приходится", f"кем приходится{whose}"),
    )


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("municipality", "Муниципальное образование", "муниципальное образование"),
    *_adult(1),
    *_adult(2),
    FieldSpec("address", "Адрес", "адрес"),
    FieldSpec("household", "Состав семьи", "состав семьи"),
    FieldSpec("housing", "Жилищные условия", "жилищные условия"),
    FieldSpec("capacity", "Сколько детей может принять", "сколько детей"),
    FieldSpec("ages", "Возраст детей (например, 0–3 года)", "возраст детей"),
    FieldSpec("accepts_disability", "Готовность принять ребёнка с ОВЗ (да/нет)", "готовность принять ребёнка с ОВЗ"),
    FieldSpec(
        "accepts_siblings", "Готовность принять братьев и сестёр (да/нет)", "готовность принять братьев и сестёр"
    ),
    FieldSpec("stage", "Этап", "этап"),
    FieldSpec("stage_date", "Дата этапа", "дата этапа"),
    FieldSpec("supervisor", "Куратор (специалист)", "куратор"),
    FieldSpec("shpr_certificate", "Свидетельство ШПР: номер", "номер свидетельства ШПР"),
    FieldSpec("shpr_date", "Свидетельство ШПР: дата", "дата свидетельства ШПР"),
    FieldSpec("conclusion_number", "Заключение органа опеки: номер", "номер заключения"),
    FieldSpec("conclusion_date", "Заключение органа опеки: дата", "дата заключения"),
    FieldSpec("notes", "Примечания", "примечания"),
)
FIELD_BY_KEY = {field.key: field for field in FIELDS}
REQUIRED = ("adult1_name", "adult1_birth_date")  # FamilyInput.checked refuses a family without them

# Header words → the kind of column, tried in this order: the more specific first («дата заключения»
# before «дата», «адрес … район» before «район»). Kinds without a number belong to an adult.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("shpr_date", r"шпр.*дат|дат.*шпр"),
        ("shpr_certificate", r"шпр|школ[аеуы] приемн"),
        ("conclusion_date", r"заключ.*дат|дат.*заключ"),
        ("conclusion_number", r"заключ"),
        ("accepts_disability", r"овз|инвалид"),
        ("accepts_siblings", r"брат|сестер|сибл"),
        ("ages", r"возраст"),
        ("stage_date", r"дат.*(этап|стату|включ|постанов)|(этап|статус).*дат"),
        ("relation", r"родств|кем приход|степень|роль в семье|статус в семье"),
        ("stage", r"этап|стади|статус|состояние"),
        ("birth_date", r"рожд|д\.\s?р\.?$"),
        ("name", r"фио|ф\.\s?и\.\s?о|фамилия|кандидат|заявител"),
        ("phone", r"телеф|тел\.|контакт|мобил"),
        ("address", r"адрес|место жительства|проживан"),
        ("municipality", r"муницип|^мо$|район|округ|территор"),
        ("household", r"состав"),
        ("housing", r"жиль|жилищ|жилое|помещени"),
        ("capacity", r"колич|кол-?\s?во|сколько|число (дет|мест)|мест$"),
        ("supervisor", r"куратор|ответствен|специалист|сопровожд"),
        ("notes", r"примеч|коммент|замет|отметк"),
    )
)
_SECOND_ADULT = re.compile(r"\b2\b|втор|супруг|отц|отец|мужа|муж\b")
ADULT_KINDS = ("name", "birth_date", "phone", "relation")


Kinds = tuple[tuple[str, re.Pattern[str]], ...]


def kind_in(header: str, kinds: Kinds) -> str | None:
    """The first kind of ``kinds`` whose pattern the header's words match (in search form), or None."""
    key = search_key(header)
    for kind, pattern in kinds:
        if pattern.search(key):
            return kind
    return None


def header_kind(header: str) -> str | None:
    """What a header names («name», «birth_date», «stage» …), or None when it says nothing known."""
    return kind_in(header, _KINDS)


def guess_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Field key → header for every column whose words suggest a field; each field and column used once."""
    return guess_columns(headers, header_kind)


def guess_columns(headers: Sequence[str], kind_of: Callable[[str], str | None]) -> dict[str, str]:
    """Field key → header for every column ``kind_of`` names; each field and column used once.

    Adults' columns (kinds «name», «birth_date», «phone», «relation») go to the first adult until the list
    moves on to a second one: a second ФИО column, or a header that says «второй», «супруг», «отец».
    """
    guessed: dict[str, str] = {}
    current = 1
    for header in headers:
        kind = kind_of(header)
        if kind is None:
            continue
        if kind not in ADULT_KINDS:
            guessed.setdefault(kind, header)
            continue
        if _SECOND_ADULT.search(search_key(header)):
            preferred = [2]
        elif kind == "name":
            preferred = [1, 2]
        else:
            preferred = [current, 3 - current]
        for number in preferred:
            key = f"adult{number}_{kind}"
            if key not in guessed:
                guessed[key] = header
                if kind == "name":
                    current = number
                break
    return guessed
