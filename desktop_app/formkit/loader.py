"""Reading form files (format ``opeka-form`` 1, described in forms/README.md) with messages that say where.

A form file that breaks the schema is refused as a whole with one Russian sentence naming the file and
the place; a half-read form is never shown, because answers saved against it would not fit the next one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.json_fields import JsonFieldReader
from desktop_app.domain.periods import PeriodKind
from desktop_app.domain.register_sources import source_problem
from desktop_app.domain.text import collapse_spaces
from desktop_app.formkit.definition import (
    FORM_FORMAT,
    FORM_FORMAT_VERSION,
    Column,
    Detail,
    FormDefinition,
    GridRow,
    Question,
    QuestionKind,
    Section,
    ValueType,
)
from desktop_app.formkit.rules import check_references, parse_rules, parse_shown_when

MAX_FORM_FILE_BYTES = 5_000_000
_SHOWN = 80  # a value quoted in a message is cut here: a damaged file may put a megabyte into one field
_LONG_QUOTE = re.compile(f"«([^»]{{{_SHOWN}}})[^»]+»")
_NUMERIC_COLUMN_TYPES = {t for t in ValueType if t.is_numeric}


def _shown(value: Any) -> str:
    """A value from the file as a message quotes it: printable, without «», and at most _SHOWN characters."""
    text = "".join(char if char.isprintable() and char not in "«»" else "�" for char in str(value))
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


class _Reader(JsonFieldReader):
    """A form file: text fields are optional unless the caller says otherwise, and a number may stand for text
    (a question numbered 1 rather than "1"); quoted values are cut short."""

    FILE_KIND = "Файл формы"
    NUMBERS_AS_TEXT = True

    def __init__(self, source: str, lists: Mapping[str, tuple[GridRow, ...]] | None = None) -> None:
        super().__init__(source)
        self.lists = dict(lists or {})

    def fail(self, where: str, what: str) -> ValidationError:
        where = where if len(where) <= _SHOWN else where[: _SHOWN - 1] + "…"
        what = _LONG_QUOTE.sub(r"«\1…»", what)
        what = what if len(what) <= 4 * _SHOWN else what[: 4 * _SHOWN - 1] + "…"  # a quote holding «»
        return super().fail(where, what)

    def flag(self, data: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(where, f"поле «{key}» должно быть true или false")
        return value

    def count(self, data: Mapping[str, Any], key: str, where: str, default: int) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(where, f"поле «{key}» должно быть целым неотрицательным числом")
        return value

    def choice(self, data: Mapping[str, Any], key: str, where: str, allowed: type[Any], default: Any) -> Any:
        raw = data.get(key, default)
        try:
            return allowed(raw)
        except ValueError:
            names = ", ".join(item.value for item in allowed)
            raise self.fail(where, f"в поле «{key}» «{_shown(raw)}» — допустимо: {names}") from None

    def rows(self, raw: Any, where: str) -> tuple[GridRow, ...]:
        if isinstance(raw, str):
            if raw not in self.lists:
                raise self.fail(where, f"список строк «{_shown(raw)}» не описан в разделе lists")
            return self.lists[raw]
        if not isinstance(raw, list):
            raise self.fail(where, "строки задаются списком или именем списка из раздела lists")
        rows = []
        for item in raw:
            if isinstance(item, str):
                rows.append(GridRow(collapse_spaces(item), collapse_spaces(item)))
            else:
                row = self.mapping(item, where)
                label = self.text(row, "label", where, required=True)
                rows.append(GridRow(self.text(row, "id", where) or label, label))
        ids = [row.id for row in rows]
        repeated = sorted({row_id for row_id in ids if ids.count(row_id) > 1})
        if repeated:
            raise self.fail(where, f"строка «{repeated[0]}» повторяется")
        return tuple(rows)


def parse_form(data: Any, source: str = "форма") -> FormDefinition:
    """Check and convert a parsed form file into a FormDefinition; raise ValidationError naming the place."""
    r = _Reader(source)
    root = r.mapping(data, "файл")
    if root.get("format") != FORM_FORMAT:
        raise r.fail("заголовок", f"ожидается формат «{FORM_FORMAT}», указан «{_shown(root.get('format'))}»")
    if root.get("format_version") != FORM_FORMAT_VERSION:
        raise r.fail(
            "заголовок",
            f"версия формата «{_shown(root.get('format_version'))}» не поддерживается этой версией программы"
            f" (поддерживается {FORM_FORMAT_VERSION})",
        )
    form_id = r.text(root, "id", "заголовок", required=True)
    version = root.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise r.fail("заголовок", "поле «version» должно быть целым числом от 1")
    lists = r.mapping(root.get("lists", {}), "раздел lists")
    r.lists = {name: r.rows(rows, f"список «{name}»") for name, rows in lists.items()}
    sections = tuple(_section(r, item) for item in r.items(root, "sections", "файл"))
    form = FormDefinition(
        id=form_id,
        version=version,
        title=r.text(root, "title", "заголовок", required=True),
        subtitle=r.text(root, "subtitle", "заголовок"),
        description=r.text(root, "description", "заголовок"),
        source=r.text(root, "source", "заголовок"),
        period_kind=r.choice(root, "period_kind", "заголовок", PeriodKind, None),
        sections=sections,
        rules=parse_rules(root.get("rules"), r.fail),
    )
    ids = [question.id for question in form.questions]
    repeated = sorted({question_id for question_id in ids if ids.count(question_id) > 1})
    if repeated:
        raise r.fail(f"вопрос {repeated[0]}", "такой id уже есть в форме; задайте вопросу поле «id»")
    if not ids:
        raise r.fail("файл", "в форме нет ни одного вопроса")
    check_references(form, r.fail)
    return form


def load_form_file(path: Path) -> FormDefinition:
    """Read one form file; a missing, oversized or non-JSON file gets one clear message."""
    try:
        if path.stat().st_size > MAX_FORM_FILE_BYTES:
            raise ValidationError(f"Файл формы «{path.name}» слишком велик.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(f"Файл формы «{path.name}» не прочитан: {exc.strerror or exc}.") from None
    except (ValueError, RecursionError):  # not UTF-8, not JSON, a number of thousands of digits, nesting too deep
        raise ValidationError(f"Файл формы «{path.name}» повреждён: это не JSON в кодировке UTF-8.") from None
    return parse_form(data, path.name)


def _section(r: _Reader, item: Any) -> Section:
    data = r.mapping(item, "раздел")
    number = r.text(data, "number", "раздел")
    where = f"раздел {(number or r.text(data, 'title', 'раздел'))[:40]}"
    return Section(
        number=number,
        title=r.text(data, "title", where, required=True),
        note=r.text(data, "note", where),
        questions=tuple(_question(r, raw) for raw in r.items(data, "questions", where)),
        sections=tuple(_section(r, raw) for raw in r.items(data, "sections", where)),
    )


def _question(r: _Reader, item: Any) -> Question:
    data = r.mapping(item, "вопрос")
    number = r.text(data, "number", "вопрос")
    question_id = r.text(data, "id", "вопрос") or number
    where = f"вопрос {number or question_id}"
    if not question_id:
        raise r.fail(where, "у вопроса без номера должно быть поле «id»")
    kind = r.choice(data, "kind", where, QuestionKind, None)
    detail = None
    if "detail" in data:
        raw = r.mapping(data["detail"], where)
        when = r.text(raw, "when", where) or "yes"
        if when not in ("yes", "no"):
            raise r.fail(where, "поле «detail.when» должно быть yes или no")
        detail = Detail(r.text(raw, "label", where, required=True), when == "yes", r.flag(raw, "required", where, True))
    offsets = data.get("years", [0, -1])
    if not isinstance(offsets, list) or not offsets or not all(type(o) is int and -5 <= o <= 5 for o in offsets):
        raise r.fail(where, "поле «years» — список смещений года от отчётного, например [0, -1]")
    columns = tuple(_column(r, raw, where) for raw in r.items(data, "columns", where))
    question = Question(
        id=question_id,
        number=number,
        kind=kind,
        text=r.text(data, "text", where, required=kind is not QuestionKind.INDICATOR),
        hint=r.text(data, "hint", where),
        required=r.flag(data, "required", where, False),
        value_type=r.choice(data, "value_type", where, ValueType, "number"),
        unit=r.text(data, "unit", where),
        minimum=r.optional_number(data, "min", where, 0.0),
        maximum=r.optional_number(data, "max", where, None),
        max_length=r.count(data, "max_length", where, 4000),
        options=tuple(r.text({"o": o}, "o", where, required=True) for o in r.items(data, "options", where)),
        detail=detail,
        rows=r.rows(data["rows"], where) if "rows" in data else (),
        year_offsets=tuple(offsets),
        columns=columns,
        min_rows=r.count(data, "min_rows", where, 0),
        max_rows=r.count(data, "max_rows", where, 200),
        indicator_code=r.text(data, "indicator", where),
        source=r.text(data, "source", where),
        shown_when=parse_shown_when(data["shown_when"], where, r.fail) if "shown_when" in data else None,
    )
    _check_kind_fields(r, question, where)
    return question


def _column(r: _Reader, item: Any, where: str) -> Column:
    data = r.mapping(item, where)
    title = r.text(data, "title", where, required=True)
    column_where = f"{where}, графа «{title[:30]}»"
    column = Column(
        id=r.text(data, "id", column_where, required=True),
        title=title,
        type=r.choice(data, "type", column_where, ValueType, "text"),
        number=r.text(data, "number", column_where),
        hint=r.text(data, "hint", column_where),
        options=tuple(
            r.text({"o": o}, "o", column_where, required=True) for o in r.items(data, "options", column_where)
        ),
        required=r.flag(data, "required", column_where, False),
        minimum=r.optional_number(data, "min", column_where, 0.0),
        maximum=r.optional_number(data, "max", column_where, None),
    )
    if column.type is ValueType.CHOICE and not column.options:
        raise r.fail(column_where, "для графы с выбором нужен список options")
    return column


def _check_kind_fields(r: _Reader, q: Question, where: str) -> None:
    kind = q.kind
    if kind is QuestionKind.CHOICE and len(q.options) < 2:
        raise r.fail(where, "для вопроса с выбором нужно не меньше двух вариантов в options")
    if kind is QuestionKind.YES_NO_GRID and not q.rows:
        raise r.fail(where, "для сетки да/нет нужны строки rows")
    if kind is QuestionKind.TABLE:
        if not q.columns:
            raise r.fail(where, "для таблицы нужны графы columns")
        ids = [column.id for column in q.columns]
        if len(set(ids)) != len(ids):
            raise r.fail(where, "id граф таблицы повторяются")
        if q.min_rows > q.max_rows:
            raise r.fail(where, "min_rows больше max_rows")
    if kind in (QuestionKind.NUMBER, QuestionKind.YEAR_PAIR) and q.value_type not in _NUMERIC_COLUMN_TYPES:
        raise r.fail(where, "value_type числового вопроса должен быть числовым")
    if kind is QuestionKind.INDICATOR and not q.indicator_code:
        raise r.fail(where, "для вопроса-показателя нужно поле «indicator» с кодом показателя")
    problem = source_problem(q.source)
    if problem:
        raise r.fail(where, problem)
    if q.minimum is not None and q.maximum is not None and q.minimum > q.maximum:
        raise r.fail(where, "min больше max")
