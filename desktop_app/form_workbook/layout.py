"""The documented layout of a form workbook (forms/README.md, «Форма в Excel»): sheets, their headers, and the
Russian words a coordinator writes for kinds, value types and rules. Writer and reader share these, so the
layout cannot differ between what the program writes and what it reads."""

from __future__ import annotations

from desktop_app.domain.periods import PeriodKind
from desktop_app.formkit.definition import QuestionKind, RuleKind, ValueType

QUESTIONS = "Вопросы"
LISTS = "Списки"
RULES = "Правила"
SETTINGS = "Настройки"
SHEETS = (SETTINGS, QUESTIONS, LISTS, RULES)
MAX_SHEET_ROWS = 5_000  # seed 003 has 107 items and a few dozen headings; a form of thousands of rows is not a form
MAX_CELL_CHARS = 4_000

# «Вопросы»: one row per section heading, question and table column, in printed order.
NUMBER = "Номер"
ID = "Id"
KIND = "Вид"
LEVEL = "Уровень"
TEXT = "Текст"
HINT = "Подсказка"
REQUIRED = "Обязательный"
VALUE_TYPE = "Тип значения"
UNIT = "Единица"
LIST = "Список"
SHOWN_WHEN = "Показан, если"
MIN = "Мин"
MAX = "Макс"
YEARS = "Годы"
DETAIL = "Уточнение"
DETAIL_WHEN = "Уточнение при ответе"
DETAIL_REQUIRED = "Уточнение обязательно"
MAX_LENGTH = "Макс. длина"
MIN_ROWS = "Строк от"
MAX_ROWS = "Строк до"
INDICATOR = "Показатель"
SOURCE = "Источник"
QUESTION_HEADERS = (
    NUMBER,
    ID,
    KIND,
    LEVEL,
    TEXT,
    HINT,
    REQUIRED,
    VALUE_TYPE,
    UNIT,
    LIST,
    SHOWN_WHEN,
    MIN,
    MAX,
    YEARS,
    DETAIL,
    DETAIL_WHEN,
    DETAIL_REQUIRED,
    MAX_LENGTH,
    MIN_ROWS,
    MAX_ROWS,
    INDICATOR,
    SOURCE,
)

# «Списки»: one row per item of a named list (rows of a grid or year pair, options of a choice).
LIST_NAME = "Список"
ITEM_ID = "Id"
ITEM_TEXT = "Текст"
LIST_HEADERS = (LIST_NAME, ITEM_ID, ITEM_TEXT)

# «Правила»: one row per check across questions.
RULE = "Правило"
RULE_ITEMS = "Что проверяется"
RULE_OTHERS = "С чем"
RULE_HEADERS = (RULE, RULE_ITEMS, RULE_OTHERS)

# «Настройки»: a field per row.
SETTING = "Поле"
VALUE = "Значение"
SETTINGS_HEADERS = (SETTING, VALUE)
SETTING_FIELDS = {
    "Идентификатор": "id",
    "Название": "title",
    "Подзаголовок": "subtitle",
    "Версия": "version",
    "Период": "period_kind",
    "Описание": "description",
    "Источник": "source",
}

HEADERS = {SETTINGS: SETTINGS_HEADERS, QUESTIONS: QUESTION_HEADERS, LISTS: LIST_HEADERS, RULES: RULE_HEADERS}

SECTION = "раздел"
COLUMN = "графа"
KIND_WORDS = {kind.label: kind.value for kind in QuestionKind}
ROW_KINDS = (SECTION, COLUMN, *KIND_WORDS)
VALUE_TYPE_WORDS = {
    "текст": ValueType.TEXT,
    "целое": ValueType.INTEGER,
    "число": ValueType.NUMBER,
    "деньги": ValueType.MONEY,
    "часы": ValueType.HOURS,
    "человек": ValueType.PEOPLE,
    "дата": ValueType.DATE,
    "выбор": ValueType.CHOICE,
    "да/нет": ValueType.YES_NO,
}
VALUE_TYPE_LABELS = {value: word for word, value in VALUE_TYPE_WORDS.items()}
PERIOD_WORDS = {kind.label: kind for kind in PeriodKind}
RULE_WORDS = {
    "часть не больше целого": RuleKind.PART_OF,
    "сумма частей": RuleKind.SUM,
    "равно": RuleKind.EQUALS,
}
RULE_LABELS = {kind: word for word, kind in RULE_WORDS.items()}
YES_WORDS = ("да", "yes")
NO_WORDS = ("нет", "no")
NO_LIMIT = "нет"  # «Мин»: no lower bound at all (an empty cell keeps the default, 0)
SEPARATOR = ";"  # between several items, answers or years in one cell


def word(text: str) -> str:
    """A word from a cell as the lookups key it: lower case, ё as е, single spaces."""
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").lower().split())


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
