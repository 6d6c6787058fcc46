"""What every part of the exchange page shares: Russian texts for results and kinds, date and value formats,
and a read-only table view set up the same way everywhere."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from desktop_app.domain.errors import UserError
from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period
from desktop_app.sync.exporter import DISTRICT_BUNDLE, REGION_PACKAGE
from desktop_app.sync.preview_words import value_text as value_text  # the one wording, shared with the CLI

KIND_LABELS = {
    DISTRICT_BUNDLE: "пакет муниципального образования для региона",
    REGION_PACKAGE: "пакет региона для муниципальных образований",
}
RESULT_LABELS = {
    "applied": "загружен",
    "unchanged": "изменений нет",
    "refused": "отказ",
    "older": "не загружен (старше загруженного)",
    "cancelled": "не загружен (отменено)",
}
PEER_KINDS = {
    "region": "Регион",
    "district": "Муниципальное образование",
    "workstation": "Рабочее место отдела",
    "main": "Основной ПК отдела",
}
ERROR_STYLE = "color: #8a1c1c; font-weight: bold;"
MUTED_STYLE = "color: #555555;"


def format_count(count: int | None) -> str:
    """A whole number with a space between thousands: «1 234»."""
    return format_number(count, 0) if count is not None else ""


def period_label(code: str) -> str:
    """«I полугодие 2026 г.» for «2026-H1»; the code itself when it is not a period code."""
    try:
        return Period.parse(code).label
    except UserError:
        return code


def periods_text(codes: tuple[str, ...] | list[str]) -> str:
    return ", ".join(period_label(code) for code in codes) if codes else "—"


def end_sentence(text: str) -> str:
    """Add the full stop unless the text already ends with one («… 2026 г.»)."""
    return text if text.endswith(".") else text + "."


def table_view(model: QAbstractItemModel, name: str, stretch: int = -1) -> QTableView:
    """A read-only table selecting whole rows; ``stretch`` is the column that takes the spare width."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().lineSpacing() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)

    # wrapped rows are measured against the columns' real widths, known only once the header has laid them out
    # (after its sectionResized signal): a timer owned by the view measures them a moment later
    fit_rows = QTimer(view)
    fit_rows.setSingleShot(True)
    fit_rows.setInterval(0)
    fit_rows.timeout.connect(lambda: view.resizeRowsToContents() if view.wordWrap() else None)
    header.sectionResized.connect(lambda *_: fit_rows.start())
    model.modelReset.connect(fit_rows.start)
    return view


def fit_columns(view: QTableView, widths: tuple[int, ...]) -> None:
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)


def wrapped_label(text: str = "", name: str = "", style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    if style:
        label.setStyleSheet(style)
    return label
