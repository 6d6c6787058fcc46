"""The fields a case list may feed, how the form and the messages name them, and guessing them from headers.

Adults' columns are those of the family list (``adult1_name`` … ``adult2_relation``) and are guessed the same way
(family_import.fields.guess_columns); the rest are the case's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop_app.family_import.fields import FieldSpec, Kinds, _adult, guess_columns, kind_in

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("family", "Семья (как называть в реестре)", "семья"),
    FieldSpec("municipality", "Муниципальное образование", "муниципальное образование"),
    FieldSpec("category", "Категория (ТЖС, СОП, риск помещения, ребёнок помещён)", "категория"),
    FieldSpec("source", "Кем выявлена", "кем выявлена"),
    FieldSpec("identified_on", "Дата выявления", "дата выявления"),
    *_adult(1),
    *_adult(2),
    FieldSpec("children", "Дети: «Р-12 (05.03.2023, ж); Р-13 (…)»", "дети"),
    FieldSpec("stage", "Этап сопровождения", "этап"),
    FieldSpec("stage_date", "Дата этапа", "дата этапа"),
    FieldSpec("level", "Уровень сопровождения", "уровень сопровождения"),
    FieldSpec("assessed_on", "Дата оценки", "дата оценки"),
    FieldSpec("next_review", "Следующий пересмотр", "дата пересмотра"),
    FieldSpec("curator", "Куратор случая", "куратор"),
    FieldSpec("address", "Адрес", "адрес"),
    FieldSpec("notes", "Примечания", "примечания"),
)
FIELD_BY_KEY = {spec.key: spec for spec in FIELDS}
# CaseInput.checked refuses a case without them; a list without a category column is not a case list.
REQUIRED = ("adult1_name", "identified_on", "category", "children")

# Header words → kind, the more specific first («дата следующего пересмотра» before «дата», «кем выявлена» before
# «выявлен», «дети (код, дата рождения, пол)» before «дата рождения»). Kinds without a number belong to an adult.
_KINDS: Kinds = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("next_review", r"пересмотр|следующ"),
        ("assessed_on", r"дат.*оценк|оценк.*дат"),
        ("stage_date", r"дат.*(этап|стату)|(этап|статус).*дат"),
        ("source", r"кем выявл|источник|откуда|кто выявил"),
        ("identified_on", r"выявл|постановк.*учет|взят.*учет"),
        ("level", r"уровен"),
        ("category", r"категор|тжс|соп\b|основани"),
        ("relation", r"родств|кем приход|степень|роль в семье"),
        ("stage", r"этап|стади|статус"),
        ("children", r"^дет[иья]|ребен|несовершеннолет"),
        ("birth_date", r"рожд|д\.\s?р\.?$"),
        ("phone", r"телеф|тел\.|контакт|мобил"),
        ("name", r"фио|ф\.\s?и\.\s?о|родител|законн.*представ"),
        ("address", r"адрес|место жительства|проживан"),
        ("municipality", r"муницип|^мо$|район|округ|территор|поселен"),
        ("curator", r"куратор|ответствен|специалист"),
        ("family", r"^семья\b|^фамилия семьи|наименование семьи"),
        ("notes", r"примеч|коммент|замет|отметк"),
    )
)


def case_header_kind(header: str) -> str | None:
    """What a header of a case list names («category», «children», «name» …), or None."""
    return kind_in(header, _KINDS)


def guess_case_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Field key → header for every column whose words suggest a field of a case; each used once."""
    return guess_columns(headers, case_header_kind)
