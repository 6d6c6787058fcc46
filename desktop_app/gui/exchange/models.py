"""Table models of the exchange page, one per table, over the sync services' plain result objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.periods import format_moment
from desktop_app.domain.value_format import ValueKind, format_value, shown_unit
from desktop_app.gui.exchange.common import (
    PEER_KINDS,
    RESULT_LABELS,
    format_count,
    periods_text,
    value_text,
)
from desktop_app.gui.models.row_table import DISPLAY_ROLE, TOOLTIP_ROLE, RowTableModel
from desktop_app.services.audit_log import field_label
from desktop_app.sync.administration import ConflictView, PeerView
from desktop_app.sync.batch import BatchRow
from desktop_app.sync.region_view import ConsolidatedRow, DistrictStatus

_BACKGROUND_ROLE = Qt.ItemDataRole.BackgroundRole
_FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole
_ALIGN_ROLE = Qt.ItemDataRole.TextAlignmentRole
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
_REFUSED = QBrush(QColor("#8a1c1c"))
_Index = QModelIndex | QPersistentModelIndex

# The coordinator reads the districts' states by colour: green on time, amber late, red missing.
STATE_COLOURS = {
    "вовремя": ("#dff3e3", "#1e6b30"),
    "с опозданием": ("#fff0c7", "#7a5200"),
    "нет пакета": ("#fde2e1", "#8a1c1c"),
}
_STATE_BRUSHES = {state: (QBrush(QColor(bg)), QBrush(QColor(fg))) for state, (bg, fg) in STATE_COLOURS.items()}


class _ColouredModel(RowTableModel[Any]):
    """Right-aligned number columns and a per-row text colour chosen by ``colour(row)``."""

    NUMBER_COLUMNS: frozenset[int] = frozenset()

    def colour(self, row: Any, column: int) -> tuple[QBrush | None, QBrush | None]:
        return None, None

    def tooltip(self, row: Any, column: int) -> str:
        return self.display(row, column)

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None:
            if role == _ALIGN_ROLE and index.column() in self.NUMBER_COLUMNS:
                return _ALIGN_RIGHT
            if role == _BACKGROUND_ROLE:
                return self.colour(row, index.column())[0]
            if role == _FOREGROUND_ROLE:
                return self.colour(row, index.column())[1]
            if role == TOOLTIP_ROLE:
                return self.tooltip(row, index.column())
        return super().data(index, role)


class CountsModel(_ColouredModel):
    """What an export would carry: (entity label, count)."""

    HEADERS = ("Что выгружается", "Записей")
    NUMBER_COLUMNS = frozenset({1})

    def display(self, row: tuple[str, int], column: int) -> str:
        return row[0] if column == 0 else format_count(row[1])


class OutcomeCountsModel(_ColouredModel):
    """The preview's counts: one row per entity, one column per outcome found in the file."""

    NUMBER_COLUMNS = frozenset(range(1, 20))

    def __init__(self, outcomes: list[str]) -> None:
        super().__init__()
        self.HEADERS = ("Вид записей", *outcomes)

    def display(self, row: tuple[str, list[int]], column: int) -> str:
        return row[0] if column == 0 else format_count(row[1][column - 1])


class ChangesModel(RowTableModel[tuple[str, str, str, str, Any, Any]]):
    """Changed and conflicting records of a preview, one row per field: (entity, record, outcome, field, old, new)."""

    HEADERS = ("Вид записей", "Запись", "Результат", "Поле", "Было", "Станет")

    def display(self, row: tuple[str, str, str, str, Any, Any], column: int) -> str:
        if column == 1:
            return row[1]
        if column == 3:
            return field_label(row[3])
        return value_text(row[column]) if column >= 4 else row[column]


class BatchModel(_ColouredModel):
    """The summary of an import: one row per file."""

    HEADERS = ("Файл", "Источник", "№ пакета", "Результат", "Новые", "Изменённые", "Конфликты", "Сообщение")
    NUMBER_COLUMNS = frozenset({2, 4, 5, 6})

    def display(self, row: BatchRow, column: int) -> str:
        values = (
            row.file.name,
            row.source,
            format_count(row.sequence),
            RESULT_LABELS.get(row.result, row.result),
            format_count(row.new),
            format_count(row.changed),
            format_count(row.conflicts),
            row.message,
        )
        return values[column]

    def colour(self, row: BatchRow, column: int) -> tuple[QBrush | None, QBrush | None]:
        return None, (_REFUSED if row.result in ("refused", "older") else None)


@dataclass(frozen=True)
class HistoryRow:
    """One attempt to load a file: taken or unchanged (the import log), or refused (the refusal log)."""

    at: datetime | None
    user: str
    file_name: str
    source: str
    sequence: int | None
    result: str
    message: str


class HistoryModel(_ColouredModel):
    HEADERS = ("Дата", "Пользователь", "Файл", "Источник", "№ пакета", "Результат", "Сообщение")
    NUMBER_COLUMNS = frozenset({4})

    def display(self, row: HistoryRow, column: int) -> str:
        values = (
            format_moment(row.at),
            row.user,
            row.file_name,
            row.source,
            format_count(row.sequence),
            RESULT_LABELS.get(row.result, row.result),
            row.message,
        )
        return values[column]

    def colour(self, row: HistoryRow, column: int) -> tuple[QBrush | None, QBrush | None]:
        return None, (_REFUSED if row.result == "refused" else None)


class ConflictsModel(RowTableModel[ConflictView]):
    HEADERS = ("Обнаружен", "Откуда", "Вид записей", "Запись", "Расходятся поля")

    def display(self, row: ConflictView, column: int) -> str:
        values = (
            format_moment(row.detected_at),
            row.peer_name,
            row.entity_label,
            row.record or row.record_id[:8],
            ", ".join(field_label(name) for name, _here, _there in row.fields),
        )
        return values[column]


class ConflictFieldsModel(RowTableModel[tuple[str, Any, Any]]):
    HEADERS = ("Поле", "Здесь", "В файле")

    def display(self, row: tuple[str, Any, Any], column: int) -> str:
        return field_label(row[0]) if column == 0 else value_text(row[column])


class PeersModel(_ColouredModel):
    HEADERS = (
        "Вид",
        "Наименование",
        "Отпечаток ключа",
        "Ключ закреплён",
        "№ пакета",
        "Пакет получен",
        "Периоды",
    )
    NUMBER_COLUMNS = frozenset({4})

    def display(self, row: PeerView, column: int) -> str:
        name = row.name or row.district
        if row.district and row.district != name:
            name = f"{name} ({row.district})"
        values = (
            PEER_KINDS.get(row.kind, row.kind),
            name,
            row.key_fingerprint or "не закреплён",
            format_moment(row.pinned_at),
            format_count(row.last_sequence),
            format_moment(row.last_received_at),
            periods_text(row.periods),
        )
        return values[column]


class DistrictsModel(_ColouredModel):
    HEADERS = ("Муниципальное образование", "Состояние", "Пакет получен")

    def display(self, row: DistrictStatus, column: int) -> str:
        values = (row.district, row.state, format_moment(row.received_at))
        return values[column]

    def tooltip(self, row: DistrictStatus, column: int) -> str:
        number = f", последний пакет № {row.last_sequence}" if row.last_sequence else ""
        return f"{row.district}: {row.state}{number}"

    def colour(self, row: DistrictStatus, column: int) -> tuple[QBrush | None, QBrush | None]:
        return _STATE_BRUSHES.get(row.state, (None, None)) if column == 1 else (None, None)


class ConsolidatedModel(_ColouredModel):
    HEADERS = ("Код", "Показатель", "Ед. изм.", "Значение", "Числитель", "Знаменатель", "Отчитались")
    NUMBER_COLUMNS = frozenset({3, 4, 5, 6})

    def display(self, row: ConsolidatedRow, column: int) -> str:
        value = row.value
        values = (
            row.code,
            row.name,
            shown_unit(row.spec.kind, row.unit),
            format_value(value.value, row.spec.kind, row.unit),
            format_value(value.numerator, ValueKind.COUNT),
            format_value(value.denominator, ValueKind.COUNT),
            format_count(len(row.reported)),
        )
        return values[column]

    def tooltip(self, row: ConsolidatedRow, column: int) -> str:
        if column == 6:
            return "Значения представили: " + (", ".join(row.reported) if row.reported else "никто")
        return self.display(row, column)
