"""The fields of one indicator in the catalogue editor, each with its error line beneath it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.indicators import Direction, IndicatorKind
from desktop_app.domain.numbers import format_number, parse_number
from desktop_app.domain.periods import format_date, parse_date
from desktop_app.gui.widgets.field_error import FieldError, add_field, clear_field_errors, show_field_errors
from desktop_app.services.catalogue import CatalogueView, IndicatorCard
from desktop_app.services.catalogue_rules import IndicatorInput


class IndicatorForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("indicatorCode")
        self.code_edit.setPlaceholderText("как в программе, например 1.2")
        self.group_combo = QComboBox()
        self.group_combo.setObjectName("indicatorGroup")
        self.group_combo.setToolTip("Выберите другую группу и сохраните: показатель встанет в её конец.")
        self.name_edit = QPlainTextEdit()
        self.name_edit.setObjectName("indicatorName")
        self.name_edit.setTabChangesFocus(True)
        self.name_edit.setFixedHeight(54)
        self.name_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.unit_edit = QLineEdit()
        self.unit_edit.setObjectName("indicatorUnit")
        self.unit_edit.setPlaceholderText("единиц, %, на 1000 детей, тыс. руб.")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("indicatorKind")
        for kind in IndicatorKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.cumulative_check = QCheckBox("с нарастающим итогом (иначе — за каждый период)")
        self.cumulative_check.setObjectName("indicatorCumulative")
        self.direction_combo = QComboBox()
        self.direction_combo.setObjectName("indicatorDirection")
        for direction in Direction:
            self.direction_combo.addItem(direction.label, direction.value)
        self.base_value_edit = QLineEdit()
        self.base_value_edit.setObjectName("indicatorBaseValue")
        self.base_value_edit.setPlaceholderText("например, 38 или 12,5")
        self.base_date_edit = QLineEdit()
        self.base_date_edit.setObjectName("indicatorBaseDate")
        self.base_date_edit.setPlaceholderText("дд.мм.гггг")
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("indicatorSource")
        self.measures_list = QListWidget()
        self.measures_list.setObjectName("indicatorMeasures")
        self.measures_list.setMinimumHeight(96)  # takes the height the form leaves over
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, FieldError] = {
            "code": add_field(form, "Код:", self.code_edit),
            "name": add_field(form, "Наименование:", self.name_edit),
            "group": add_field(form, "Группа:", self.group_combo),
            "unit": add_field(form, "Единица измерения:", self.unit_edit),
            "kind": add_field(form, "Вид:", self.kind_combo),
            "cumulative": add_field(form, "", self.cumulative_check),
            "direction": add_field(form, "Желаемое направление:", self.direction_combo),
            "base_value": add_field(form, "Базовое значение:", self.base_value_edit),
            "base_date": add_field(form, "на дату:", self.base_date_edit),
            "source": add_field(form, "Из реестров:", self.source_combo),
            "measures": add_field(form, "Мероприятия:", self.measures_list),
        }

    def set_choices(self, view: CatalogueView) -> None:
        """The groups, register figures and program's measures the indicator may be placed in or tied to."""
        self.group_combo.clear()
        for group in view.groups:
            self.group_combo.addItem(group.label, group.id)
            self.group_combo.setItemData(self.group_combo.count() - 1, group.label, Qt.ItemDataRole.ToolTipRole)
        self.source_combo.clear()
        self.source_combo.addItem("— вводится вручную", "")
        for key, label in view.sources:
            self.source_combo.addItem(label, key)
        self.measures_list.clear()
        for measure in view.measures:
            item = QListWidgetItem(measure.label)
            item.setData(Qt.ItemDataRole.UserRole, measure.id)
            item.setToolTip(measure.label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.measures_list.addItem(item)

    def show_card(self, card: IndicatorCard | None, group_id: str = "") -> None:
        """The indicator's fields, or empty ones for a new indicator to be added to ``group_id``."""
        clear_field_errors(self.errors)
        self.group_combo.setCurrentIndex(max(0, self.group_combo.findData(card.group_id if card else group_id)))
        entry = card.as_input() if card else IndicatorInput("", "")
        self.code_edit.setText(entry.code)
        self.name_edit.setPlainText(entry.name)
        self.unit_edit.setText(entry.unit)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(entry.kind.value)))
        self.cumulative_check.setChecked(entry.cumulative)
        self.direction_combo.setCurrentIndex(max(0, self.direction_combo.findData(entry.direction.value)))
        self.base_value_edit.setText(format_number(entry.base_value, 3))
        self.base_date_edit.setText(format_date(entry.base_date) if entry.base_date else "")
        self.source_combo.setCurrentIndex(max(0, self.source_combo.findData(entry.source)))
        linked = set(entry.measure_ids)
        for row in range(self.measures_list.count()):
            item = self.measures_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in linked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def entry(self) -> IndicatorInput | None:
        """The typed indicator, checked; None (with the reasons shown beside the fields) when it is wrong."""
        clear_field_errors(self.errors)
        problems: dict[str, str] = {}
        base_value = base_date = None
        try:
            base_value = parse_number(self.base_value_edit.text())
        except ValueError:
            problems["base_value"] = "Введите число, например 38 или 12,5."
        if self.base_date_edit.text().strip():
            try:
                base_date = parse_date(self.base_date_edit.text())
            except ValidationError as exc:
                problems["base_date"] = exc.message
        measures = tuple(
            str(self.measures_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.measures_list.count())
            if self.measures_list.item(row).checkState() == Qt.CheckState.Checked
        )
        entry = IndicatorInput(
            code=self.code_edit.text(),
            name=self.name_edit.toPlainText(),
            unit=self.unit_edit.text(),
            kind=IndicatorKind.of(str(self.kind_combo.currentData())),
            cumulative=self.cumulative_check.isChecked(),
            direction=Direction.of(str(self.direction_combo.currentData())),
            base_value=base_value,
            base_date=base_date,
            source=str(self.source_combo.currentData() or ""),
            measure_ids=measures,
        )
        try:
            entry = entry.checked()
        except ValidationError as exc:
            problems = {**exc.field_errors, **problems}
        if show_field_errors(self.errors, problems):
            return None
        return entry

    def group_id(self) -> str:
        """The group chosen in «Группа:»."""
        return str(self.group_combo.currentData() or "")

    def set_editable(self, editable: bool) -> None:
        for widget in (self.code_edit, self.unit_edit, self.base_value_edit, self.base_date_edit):
            widget.setReadOnly(not editable)
        self.name_edit.setReadOnly(not editable)
        for widget in (
            self.group_combo,
            self.kind_combo,
            self.cumulative_check,
            self.direction_combo,
            self.source_combo,
        ):
            widget.setEnabled(editable)
        self.measures_list.setEnabled(editable)
