"""The measure as approved: number, name, deadline and its schedule, executors, document, result."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.roles import Permission
from desktop_app.gui.context import AppContext
from desktop_app.gui.panels.schedule_editor import ScheduleEditor
from desktop_app.gui.widgets.field_error import add_field, clear_field_errors, show_field_errors
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.stacking_columns import StackingColumns
from desktop_app.services.measure_editing import ExecutorRef, MeasureDetail, MeasureInput

ID_ROLE = Qt.ItemDataRole.UserRole


class MeasureEditor(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._detail: MeasureDetail | None = None
        self._directory: list[ExecutorRef] = []
        can_edit = context.actor.can(Permission.EDIT_DATA)

        self.messages = MessageBar(self)
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("measureNumber")
        self.number_edit.setMaximumWidth(120)
        self.name_edit = QPlainTextEdit()
        self.name_edit.setObjectName("measureName")
        self.name_edit.setTabChangesFocus(True)
        self.name_edit.setMaximumHeight(70)
        self.deadline_edit = QPlainTextEdit()
        self.deadline_edit.setObjectName("measureDeadline")
        self.deadline_edit.setTabChangesFocus(True)
        self.deadline_edit.setMaximumHeight(50)
        self.schedule = ScheduleEditor()
        self.deadline_edit.textChanged.connect(lambda: self.schedule.follow_text(self.deadline_edit.toPlainText()))
        self.executors = QListWidget()
        self.executors.setObjectName("measureExecutors")
        self.executors.setMaximumHeight(90)
        self.executor_picker = QComboBox()
        self.executor_picker.setObjectName("executorPicker")
        self.executor_picker.setEditable(True)
        self.executor_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        add_button = QPushButton("Добавить")
        add_button.clicked.connect(self._add_executor)
        up_button = QPushButton("Выше")
        up_button.setToolTip("Первый в списке — ответственный исполнитель")
        up_button.clicked.connect(lambda: self._move_executor(-1))
        remove_button = QPushButton("Убрать")
        remove_button.clicked.connect(self._remove_executor)
        self.executor_picker.setMinimumContentsLength(14)
        self.executor_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        executor_row = QWidget()
        row_layout = QHBoxLayout(executor_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.executor_picker, 1)
        self._executor_buttons = (add_button, up_button, remove_button)
        for button in self._executor_buttons:
            row_layout.addWidget(button)
        up_button.setText("↑")
        remove_button.setText("✕")
        for small in (up_button, remove_button):
            small.setFixedWidth(small.fontMetrics().horizontalAdvance("MM") + 16)
        remove_button.setToolTip("Убрать исполнителя из списка")
        executors_box = QWidget()
        box_layout = QVBoxLayout(executors_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(self.executors)
        box_layout.addWidget(executor_row)
        self.document_edit = QLineEdit()
        self.result_edit = QPlainTextEdit()
        self.result_edit.setTabChangesFocus(True)
        self.result_edit.setMaximumHeight(60)

        left, right = QFormLayout(), QFormLayout()
        self.errors = {
            "number": add_field(left, "№:", self.number_edit),
            "name": add_field(left, "Наименование:", self.name_edit),
            "deadline_text": add_field(left, "Срок (как утверждён):", self.deadline_edit),
            "schedule": add_field(left, "График:", self.schedule),
            "executors": add_field(right, "Исполнители:", executors_box),
            "document_type": add_field(right, "Вид документа:", self.document_edit),
            "expected_result": add_field(right, "Ожидаемый результат:", self.result_edit),
        }
        # the executors go under the wording where the card is too narrow for both side by side (125 % scaling)
        self.columns = StackingColumns(left, right)
        self.save_button = QPushButton("Сохранить мероприятие")
        self.save_button.setObjectName("saveMeasure")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        # a measure of a program this installation does not own (the region's, at a district): shown, not edited
        self.read_only_label = QLabel()
        self.read_only_label.setObjectName("measureReadOnly")
        self.read_only_label.setWordWrap(True)
        self.read_only_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.messages)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.columns)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._can_edit = can_edit
        self._set_editable(can_edit)
        self.setEnabled(False)

    def set_directory(self, organisations: list[ExecutorRef]) -> None:
        self._directory = organisations
        self.executor_picker.clear()
        for organisation in organisations:
            mark = "" if organisation.is_confirmed else " (не проверено)"
            self.executor_picker.addItem(f"{organisation.name}{mark}", organisation.id)
            self.executor_picker.setItemData(
                self.executor_picker.count() - 1, organisation.full_name, Qt.ItemDataRole.ToolTipRole
            )
        self.executor_picker.setCurrentIndex(-1)

    def show_measure(self, detail: MeasureDetail) -> None:
        self._detail = detail
        self.messages.clear_message()
        clear_field_errors(self.errors)
        self.number_edit.setText(detail.number)
        self.name_edit.setPlainText(detail.name)
        self.deadline_edit.blockSignals(True)
        self.deadline_edit.setPlainText(detail.deadline_text)
        self.deadline_edit.blockSignals(False)
        self.schedule.set_schedule(detail.schedule, detail.deadline_text)
        self.executors.clear()
        for executor in detail.executors:
            self._append_executor(executor.id, executor.name, executor.full_name, executor.is_confirmed)
        self.document_edit.setText(detail.document_type)
        self.result_edit.setPlainText(detail.expected_result)
        self.read_only_label.setText(detail.read_only_reason)
        self.read_only_label.setVisible(bool(detail.read_only_reason))
        self._set_editable(self._can_edit and not detail.read_only_reason)
        self.setEnabled(True)

    def _set_editable(self, editable: bool) -> None:
        for widget in (self.number_edit, self.document_edit):
            widget.setReadOnly(not editable)
        for text_widget in (self.name_edit, self.deadline_edit, self.result_edit):
            text_widget.setReadOnly(not editable)
        self.schedule.setEnabled(editable)
        self.executor_picker.setEnabled(editable)
        for button in (*self._executor_buttons, self.save_button):
            button.setEnabled(editable)

    def _append_executor(self, organisation_id: str, name: str, full_name: str, confirmed: bool) -> None:
        item = QListWidgetItem(name + ("" if confirmed else " (не проверено)"))
        item.setData(ID_ROLE, organisation_id)
        item.setToolTip(full_name)
        self.executors.addItem(item)
        self._mark_lead()

    def _mark_lead(self) -> None:
        for row in range(self.executors.count()):
            item = self.executors.item(row)
            font = item.font()
            font.setBold(row == 0)
            item.setFont(font)

    def _add_executor(self) -> None:
        organisation_id = self.executor_picker.currentData()
        if not organisation_id:
            self.errors["executors"].show_message("Выберите организацию из справочника.")
            return
        if organisation_id in self.executor_ids():
            self.errors["executors"].show_message("Эта организация уже в списке.")
            return
        organisation = next(org for org in self._directory if org.id == organisation_id)
        self._append_executor(organisation.id, organisation.name, organisation.full_name, organisation.is_confirmed)
        self.errors["executors"].clear_message()

    def _move_executor(self, step: int) -> None:
        row = self.executors.currentRow()
        if row < 0 or not 0 <= row + step < self.executors.count():
            return
        item = self.executors.takeItem(row)
        self.executors.insertItem(row + step, item)
        self.executors.setCurrentRow(row + step)
        self._mark_lead()

    def _remove_executor(self) -> None:
        row = self.executors.currentRow()
        if row >= 0:
            self.executors.takeItem(row)
            self._mark_lead()

    def executor_ids(self) -> list[str]:
        return [str(self.executors.item(row).data(ID_ROLE)) for row in range(self.executors.count())]

    def save(self) -> None:
        detail = self._detail
        if detail is None or not self.save_button.isEnabled():
            return
        clear_field_errors(self.errors)
        problems: dict[str, str] = {}
        schedule = None
        try:
            schedule = self.schedule.schedule_override()
        except ValidationError as exc:
            problems["schedule"] = exc.message
        entry = MeasureInput(
            number=self.number_edit.text(),
            name=self.name_edit.toPlainText(),
            deadline_text=self.deadline_edit.toPlainText(),
            document_type=self.document_edit.text(),
            expected_result=self.result_edit.toPlainText(),
            executor_ids=tuple(self.executor_ids()),
            schedule=schedule,
        )
        try:
            entry = entry.checked()
        except ValidationError as exc:
            problems.update(exc.field_errors)
        if show_field_errors(self.errors, problems):
            self.messages.show_error("Мероприятие не сохранено: исправьте отмеченные поля.")
            return
        editing, actor, version = self.context.measures, self.context.actor, detail.row_version
        self.context.runner.run(
            lambda: editing.update(actor, detail.id, entry, version), self._saved, self.messages.show_error
        )

    def _saved(self, detail: MeasureDetail) -> None:
        self.show_measure(detail)
        self.messages.show_info("Мероприятие сохранено.")
        self.changed.emit()
