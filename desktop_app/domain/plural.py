"""Russian plurals of a counted noun: «1 отчёт», «2 отчёта», «5 отчётов», «21 отчёт», «12 отчётов»."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.value_format import format_count


@dataclass(frozen=True)
class Noun:
    """A noun's three counting forms: after 1 (21, 101 …), after 2–4 (22, 103 …), after 0, 5–20 and 11–14."""

    one: str
    few: str
    many: str

    def form(self, n: int) -> str:
        tail = abs(n) % 100
        if 11 <= tail <= 14:
            return self.many
        last = tail % 10
        if last == 1:
            return self.one
        if 2 <= last <= 4:
            return self.few
        return self.many

    def count(self, n: int) -> str:
        """«5 отчётов», with thousands grouped as everywhere else («1 234 отчёта»)."""
        return f"{format_count(n)} {self.form(n)}"


REPORT = Noun("отчёт", "отчёта", "отчётов")
RECORD = Noun("запись", "записи", "записей")
MEASURE = Noun("мероприятие", "мероприятия", "мероприятий")
FILE = Noun("файл", "файла", "файлов")
MINUTE = Noun("минуту", "минуты", "минут")  # «на 15 минут», «через 1 минуту»: the accusative
CHILD = Noun("ребёнок", "ребёнка", "детей")
