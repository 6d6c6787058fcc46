"""What is due in the next five working days and what is overdue (services/reminders.py): a table for «Обзор»
and a small window shown once after sign-in, with «Больше не показывать сегодня». The window is not modal: the
user reads it or works past it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.actor import Actor
from desktop_app.domain.periods import Period
from desktop_app.gui.context import AppContext
from desktop_app.services.reminders import DistrictArrivals, Reminders, ReminderService

_OVERDUE = QBrush(QColor("#fde2e1"))
HEADERS = ("Срок", "Что", "Кто не выполнил")


def reminder_service(context: AppContext) -> ReminderService:
    """The reminders of this installation: its forms, and at the region the districts' bundles."""

    def arrivals(actor: Actor, program_id: str, period: Period) -> DistrictArrivals:
        return context.region_view.overview(actor, program_id, period)

    return ReminderService(context.db, lambda: context.forms.catalogue.forms, arrivals)


def summary_text(reminders: Reminders) -> str:
    if reminders.empty:
        return f"На ближайшие пять рабочих дней (до {reminders.window_end:%d.%m.%Y}) сроков нет, просроченного нет."
    return (
        f"Просрочено: {len(reminders.overdue)}; срок в ближайшие пять рабочих дней"
        f" (до {reminders.window_end:%d.%m.%Y}): {len(reminders.due_soon)}."
    )


class RemindersTable(QTableWidget):
    """Overdue first (in red), then what falls due soon, each with who has not done it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADERS), parent)
        self.setObjectName("remindersTable")
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def show_reminders(self, reminders: Reminders) -> None:
        rows = [(item, True) for item in reminders.overdue] + [(item, False) for item in reminders.due_soon]
        self.setRowCount(len(rows))
        for number, (item, overdue) in enumerate(rows):
            when = f"просрочено с {item.due:%d.%m.%Y}" if overdue else f"до {item.due:%d.%m.%Y}"
            for column, text in enumerate((when, item.title, item.detail)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(item.text)
                if overdue:
                    cell.setBackground(_OVERDUE)
                self.setItem(number, column, cell)
        self.resizeRowsToContents()


class RemindersWindow(QDialog):
    """Shown once after sign-in when something is due or overdue; «Больше не показывать сегодня» remembers the day."""

    def __init__(self, context: AppContext, reminders: Reminders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("remindersWindow")
        self.setWindowTitle("Сроки и напоминания")
        self.setModal(False)
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setMinimumWidth(720)
        self.context = context
        self.summary = QLabel(summary_text(reminders))
        self.summary.setWordWrap(True)
        self.table = RemindersTable()
        self.table.show_reminders(reminders)
        self.hide_today = QCheckBox("Больше не показывать сегодня")
        self.hide_today.setObjectName("hideRemindersToday")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hide_today)
        layout.addWidget(buttons)
        self.finished.connect(lambda _code: self._remember())

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._remember()
        super().closeEvent(event)

    def _remember(self) -> None:
        if self.hide_today.isChecked():
            self.context.settings.reminders_hidden_on = date.today().isoformat()
            self.context.save_settings()


def show_reminders_after_sign_in(context: AppContext, parent: QWidget, today: date | None = None) -> None:
    """Load the reminders in the background and show the window when there is something to show, unless the user
    asked not to see it again today."""
    today = today or date.today()
    if context.settings.reminders_hidden_on == today.isoformat():
        return
    service, actor = reminder_service(context), context.actor

    def shown(reminders: Reminders) -> None:
        if reminders.empty:
            return
        window = RemindersWindow(context, reminders, parent)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()

    context.runner.run(lambda: service.reminders(actor, today), shown, lambda _message: None)
