"""«Загрузить план»: read a Word or Excel plan, show what would change, write it only when asked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date, parse_date
from desktop_app.gui import keyboard
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.field_error import add_field, clear_field_errors
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.reporting_fields import ReportingProcedureFields
from desktop_app.gui.window_fit import open_size
from desktop_app.plan_import import ImportedPlan, read_plan_file
from desktop_app.services.plan_import import apply_plan_import, preview_plan_import
from desktop_app.services.plan_import_data import (
    ApplyResult,
    BlockPreview,
    Change,
    Counts,
    ImportOptions,
    MeasurePreview,
    PlanImportPreview,
)

PLAN_FILE_FILTER = "План мероприятий (*.docx *.xlsx);;Документ Word (*.docx);;Книга Excel (*.xlsx)"
_CHANGE_COLOURS = {Change.NEW: QColor("#1b6e20"), Change.CHANGED: QColor("#8a5a00"), Change.UNCHANGED: QColor("#666")}


def counts_text(counts: Counts) -> str:
    return f"новых {counts.new}, изменённых {counts.changed}, без изменений {counts.unchanged}"


class PlanImportDialog(QDialog):
    """Reads ``path`` in the background as soon as it opens; ``result`` holds what was written."""

    def __init__(self, context: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Загрузка плана: {path.name}")
        open_size(self, 1000, 680)
        self.context = context
        self.path = path
        self.plan: ImportedPlan | None = None
        self.preview: PlanImportPreview | None = None
        self.result: ApplyResult | None = None
        self._closed = False

        self.messages = MessageBar(self)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setFormat("Чтение файла…")
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.start_edit = QLineEdit()
        self.start_edit.setPlaceholderText("дд.мм.гггг")
        self.end_edit = QLineEdit()
        self.end_edit.setPlaceholderText("дд.мм.гггг")
        self.period_box = QWidget()
        period_form = QFormLayout(self.period_box)
        period_form.setContentsMargins(0, 0, 0, 0)
        self.period_errors = {
            "start": add_field(period_form, "Начало срока программы:", self.start_edit),
            "end": add_field(period_form, "Окончание срока:", self.end_edit),
        }
        self.period_box.hide()
        self.reporting_box = QGroupBox("Порядок отчётности исполнителей")
        self.reporting_fields = ReportingProcedureFields()
        self.reporting_fields.changed.connect(self._update_apply_button)
        QVBoxLayout(self.reporting_box).addWidget(self.reporting_fields)
        self.reporting_box.hide()

        self.tree = QTreeWidget()
        self.tree.setObjectName("importTree")
        self.tree.setHeaderLabels(["Раздел, блок, мероприятие", "Что будет", "Исполнители"])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(1, 130)
        self.tree.setColumnWidth(2, 260)
        self.organisations = QListWidget()
        self.organisations.setObjectName("importOrganisations")
        self.problems = QListWidget()
        self.problems.setObjectName("importProblems")
        self.problems.setWordWrap(True)
        self.missing = QListWidget()
        self.key_indicators = QListWidget()
        self.key_indicators.setObjectName("importKeyIndicators")
        self.key_indicators.setWordWrap(True)
        self.warnings = QListWidget()
        self.warnings.setObjectName("importWarnings")
        self.warnings.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.tree, "Что будет загружено")
        self.tabs.addTab(self.organisations, "Новые организации")
        self.tabs.addTab(self.problems, "Не удалось прочитать")
        self.tabs.addTab(self.missing, "Нет в файле")
        self.tabs.addTab(self.key_indicators, "Ключевые показатели")
        self.tabs.addTab(self.warnings, "Проверьте")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("Загрузить в реестр")
        self.apply_button.setObjectName("applyImport")
        self.apply_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self._apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.period_box)
        layout.addWidget(self.reporting_box)
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        keyboard.prepare_dialog(self, default=self.apply_button)
        self._read()

    # ------------------------------------------------------------------------------------------ reading

    def _read(self) -> None:
        db, actor, path = self.context.db, self.context.actor, self.path

        def work() -> tuple[ImportedPlan, PlanImportPreview]:
            plan = read_plan_file(path)
            return plan, preview_plan_import(db, actor, plan)

        self.context.runner.run(work, self._show_preview, self._failed)

    def _failed(self, message: str) -> None:
        if self._closed:
            return
        self.progress.hide()
        self.messages.show_error(message)
        self.apply_button.setEnabled(False)

    def _show_preview(self, loaded: tuple[ImportedPlan, PlanImportPreview]) -> None:
        if self._closed:
            return
        self.plan, preview = loaded
        self.preview = preview
        self.progress.hide()
        program = "новая программа" if preview.is_new_program else "программа уже есть в реестре"
        period = (
            f"{format_date(preview.period_start)} – {format_date(preview.period_end)}"
            if preview.period_start and preview.period_end
            else "срок в файле не найден"
        )
        lines = [
            f"<b>{preview.program_title}</b> ({program}; {period})",
            f"Разделы: {counts_text(preview.section_counts)}.",
            f"Блоки: {counts_text(preview.block_counts)}.",
            f"Мероприятия: {counts_text(preview.measure_counts)}.",
            f"Утверждена: {preview.act.label}." if preview.act is not None else "Акт об утверждении в файле не найден.",
        ]
        if preview.act_changes:
            changed = "; ".join(f"{c.label.lower()}: «{c.old}» → «{c.new}»" for c in preview.act_changes)
            lines.append(f"Реквизиты утверждения изменятся: {changed}.")
        new_indicators = sum(1 for indicator in preview.key_indicators if indicator.change is Change.NEW)
        if new_indicators:
            lines.append(
                f"Ключевых показателей в каталог будет добавлено черновиками: {new_indicators} "
                "(их подтверждают в каталоге показателей)."
            )
        if preview.warnings:
            lines.append(f"<span style='color:#8a5a00'>Проверьте прочитанное: {len(preview.warnings)}.</span>")
        if preview.new_organisations:
            lines.append(
                f"В справочник будут добавлены {len(preview.new_organisations)} организаций с отметкой «не проверено»."
            )
        if preview.problems:
            lines.append(f"<span style='color:#b00020'>Не удалось прочитать строк: {len(preview.problems)}.</span>")
        if preview.missing_measures:
            lines.append(
                f"В реестре есть мероприятия, которых нет в файле: {len(preview.missing_measures)} (останутся)."
            )
        self.summary.setText("<br>".join(lines))
        self.period_box.setVisible(preview.needs_period)
        self._fill_tree(preview)
        for organisation in preview.new_organisations:
            self.organisations.addItem(f"{organisation.name} — {organisation.full_name}")
        for problem in preview.problems:
            self.problems.addItem(f"{problem.location}: {problem.reason}")
        for measure in preview.missing_measures:
            self.missing.addItem(f"{measure.block_number}{measure.number} {measure.name}")
        for indicator in preview.key_indicators:
            self.key_indicators.addItem(
                f"{indicator.code} {indicator.name}\n{indicator.description}; {indicator.status} ({indicator.location})"
            )
        for warning in preview.warnings:
            self.warnings.addItem(f"{warning.location}: {warning.reason}")
        self.tabs.setTabText(1, f"Новые организации ({len(preview.new_organisations)})")
        self.tabs.setTabText(2, f"Не удалось прочитать ({len(preview.problems)})")
        self.tabs.setTabText(3, f"Нет в файле ({len(preview.missing_measures)})")
        self.tabs.setTabText(4, f"Ключевые показатели ({len(preview.key_indicators)})")
        self.tabs.setTabText(5, f"Проверьте ({len(preview.warnings)})")
        self.reporting_fields.set_procedure(preview.reporting)
        self.reporting_box.show()
        self._update_apply_button()
        keyboard.focus_first_field(self)  # nothing could take the focus while the file was read
        if not preview.has_changes:
            self.messages.show_info("Этот план уже загружен: изменений нет. Можно изменить только порядок отчётности.")

    def _update_apply_button(self) -> None:
        preview = self.preview
        if preview is None or self.result is not None:
            return
        typed = self.reporting_fields.typed()
        self.apply_button.setEnabled(preview.has_changes or (typed is not None and typed != preview.reporting))

    def _fill_tree(self, preview: PlanImportPreview) -> None:
        self.tree.clear()
        for block in preview.loose_blocks:
            self.tree.addTopLevelItem(self._block_item(block))
        for section in preview.sections:
            item = _item(f"{section.number} {section.title}".strip(), section.change, "", section.fields)
            for block in section.blocks:
                item.addChild(self._block_item(block))
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)

    def _block_item(self, block: BlockPreview) -> QTreeWidgetItem:
        item = _item(f"{block.number} {block.title}".strip(), block.change, "", block.fields)
        for measure in block.measures:
            item.addChild(_measure_item(measure))
        item.setExpanded(
            block.change is not Change.UNCHANGED or any(m.change is not Change.UNCHANGED for m in block.measures)
        )
        return item

    # ----------------------------------------------------------------------------------------- applying

    def _options(self) -> ImportOptions | None:
        preview = self.preview
        assert preview is not None
        reporting = self.reporting_fields.procedure()
        if reporting is None:
            return None
        if not preview.needs_period:
            return replace(preview.options, reporting=reporting)
        clear_field_errors(self.period_errors)
        try:
            start = parse_date(self.start_edit.text())
        except ValidationError as exc:
            self.period_errors["start"].show_message(exc.message)
            return None
        try:
            end = parse_date(self.end_edit.text())
        except ValidationError as exc:
            self.period_errors["end"].show_message(exc.message)
            return None
        if end < start:
            self.period_errors["end"].show_message("Окончание раньше начала.")
            return None
        return replace(preview.options, period_start=start, period_end=end, reporting=reporting)

    def _apply(self) -> None:
        plan, seen = self.plan, self.preview
        options = self._options()
        if plan is None or seen is None or options is None:
            return
        self.apply_button.setEnabled(False)
        # Once writing has started it finishes (all or nothing); closing now would hide its outcome.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(False)
        self.progress.setFormat("Загрузка в реестр…")
        self.progress.show()
        db, actor = self.context.db, self.context.actor

        # The service recomputes the comparison and refuses if it no longer matches what the user saw.
        preview = replace(seen, options=options)

        def work() -> ApplyResult:
            return apply_plan_import(db, actor, plan, preview)

        self.context.runner.run(work, self._applied, self._apply_failed)

    def _apply_failed(self, message: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(True)
        self._failed(message)
        self.apply_button.setEnabled(self.preview is not None)

    def _applied(self, result: ApplyResult) -> None:
        self.result = result
        self.accept()

    def reject(self) -> None:
        if not self.buttons.button(QDialogButtonBox.StandardButton.Cancel).isEnabled():
            return  # Escape while the import is being written
        super().reject()

    def done(self, code: int) -> None:
        self._closed = True  # a result arriving later is dropped: cancelling never writes anything
        super().done(code)


def _item(text: str, change: Change, executors: str, fields: tuple) -> QTreeWidgetItem:  # type: ignore[type-arg]
    item = QTreeWidgetItem([text, change.label, executors])
    item.setForeground(1, QBrush(_CHANGE_COLOURS[change]))
    item.setToolTip(0, text)
    for field in fields:
        child = QTreeWidgetItem([f"{field.label}: «{field.old}» → «{field.new}»", "", ""])
        child.setToolTip(0, f"{field.label}\nбыло: {field.old}\nстанет: {field.new}")
        child.setForeground(0, QBrush(_CHANGE_COLOURS[Change.CHANGED]))
        item.addChild(child)
    return item


def _measure_item(measure: MeasurePreview) -> QTreeWidgetItem:
    return _item(
        f"{measure.number} {measure.name}".strip(), measure.change, "; ".join(measure.executors), measure.fields
    )
