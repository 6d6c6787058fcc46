"""The small dialogs of a case's way: the next stage, the assessment, the family's request, closing and reopening.

Each runs its service call on the worker and shows the rule's message beside the field it concerns; ``result_card``
holds the case as saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.case_record import RequestInput
from desktop_app.domain.case_rules import (
    WAY,
    AssessmentInput,
    ClosureInput,
    ReopenInput,
    StageInput,
    closure_reason_needed,
    default_next_review,
    next_stages,
    reason_needed,
)
from desktop_app.domain.case_terms import CaseOutcome, CaseStage, SupportLevel
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date, parse_date
from desktop_app.gui import keyboard
from desktop_app.gui.context import AppContext
from desktop_app.gui.panels.case_form import returning_problems
from desktop_app.gui.panels.family_form import date_edit, optional_date
from desktop_app.gui.widgets.field_error import FieldError, add_field, clear_field_errors
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.window_fit import open_size
from desktop_app.services.case_card import CaseCard
from desktop_app.services.case_editing import CaseEditing


def _text_box(name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(70)
    return box


class CaseActionDialog(QDialog):
    """A form of a few fields, «Записать» and «Отмена»; subclasses add fields and say what to run."""

    SAVE_TEXT = "Записать"

    def __init__(self, context: AppContext, card: CaseCard, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — {card.code}")
        open_size(self, 620, 420)
        self.context, self.card = context, card
        self.editing = CaseEditing(context.db)
        self.result_card: CaseCard | None = None
        self.messages = MessageBar(self)
        self.form = QFormLayout()
        self.errors: dict[str, FieldError] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(self.SAVE_TEXT)
        self.save_button.setObjectName("saveCaseAction")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def field(self, key: str, label: str, widget: QWidget) -> None:
        self.errors[key] = add_field(self.form, label, widget)

    def date_field(self, key: str, label: str, value: date | None = None) -> QLineEdit:
        edit = date_edit(f"case_{key}")
        edit.setText(format_date(value))
        self.field(key, label, edit)
        return edit

    def done_by_field(self) -> QLineEdit:
        edit = QLineEdit(self.context.actor.full_name)
        edit.setObjectName("case_done_by")
        edit.setCursorPosition(0)
        self.field("done_by", "Кто провёл:", edit)
        return edit

    def finish(self, first: QWidget) -> None:
        keyboard.prepare_dialog(self, first=first)

    def work(self) -> Callable[[], CaseCard]:
        """The service call to run; ValidationError (keyed by field) for what is wrong before it."""
        raise NotImplementedError

    def save(self) -> None:
        clear_field_errors(self.errors)
        try:
            work = self.work()
        except ValidationError as exc:
            self.show_problems(exc)
            return
        self.save_button.setEnabled(False)
        self.context.runner.run(returning_problems(work), self._done, self._failed)

    def _done(self, result: CaseCard | ValidationError) -> None:
        if isinstance(result, ValidationError):
            self.save_button.setEnabled(True)
            self.show_problems(result)
            return
        self.result_card = result
        self.accept()

    def _failed(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.messages.show_error(message)

    def show_problems(self, error: ValidationError) -> None:
        other = []
        for key, message in error.field_errors.items():
            if key in self.errors:
                self.errors[key].show_message(message)
            else:
                other.append(message)
        self.messages.show_error(" ".join([error.message, *other]))


def read_date(edit: QLineEdit, key: str) -> date | None:
    """The date typed in ``edit`` (None when blank: the rules say it is needed); ValidationError keyed ``key`` when
    it is not a date."""
    try:
        return optional_date(edit.text())
    except ValidationError as exc:
        raise ValidationError("Проверьте дату.", {key: "Дата — в виде дд.мм.гггг."}) from exc


class StageDialog(CaseActionDialog):
    """«Следующий этап…»: the usual next stage offered first; a skip or a return asks for its reason."""

    def __init__(self, context: AppContext, card: CaseCard, parent: QWidget | None = None) -> None:
        super().__init__(context, card, "Следующий этап", parent)
        self.stage_combo = QComboBox()
        self.stage_combo.setObjectName("caseNextStage")
        for stage in next_stages(card.stage):
            self.stage_combo.addItem(stage.label.capitalize(), stage.value)
        self.field("stage", "Этап:", self.stage_combo)
        self.on_date = self.date_field("on_date", "Дата:", date.today())
        self.done_by = self.done_by_field()
        self.reason = QLineEdit()
        self.reason.setObjectName("caseStageReason")
        self.field("reason", "Причина:", self.reason)
        self.next_review = self.date_field("next_review_on", "Следующий пересмотр:")
        self.next_review_label = self.form.labelForField(self.next_review.parentWidget())
        self.notes = _text_box("caseStageNotes")
        self.field("notes", "Примечание:", self.notes)
        self.stage_combo.currentIndexChanged.connect(lambda _index: self._stage_chosen())
        self._stage_chosen()
        self.finish(self.stage_combo)

    def chosen(self) -> CaseStage:
        return CaseStage(self.stage_combo.currentData())

    def choose(self, stage: CaseStage) -> None:
        self.stage_combo.setCurrentIndex(self.stage_combo.findData(stage.value))

    def _stage_chosen(self) -> None:
        stage = self.chosen()
        why = reason_needed(self.card.stage, stage)
        self.reason.setPlaceholderText(why or "не нужна для следующего по порядку этапа")
        prolonging = stage is CaseStage.PROLONGED
        self.next_review.parentWidget().setVisible(prolonging)
        if self.next_review_label is not None:
            self.next_review_label.setVisible(prolonging)

    def work(self) -> Callable[[], CaseCard]:
        on_date = read_date(self.on_date, "on_date")
        review = read_date(self.next_review, "next_review_on") if self.chosen() is CaseStage.PROLONGED else None
        step = StageInput(
            self.chosen(), on_date, self.done_by.text(), self.reason.text(), self.notes.toPlainText(), review
        )
        editing, actor, case_id = self.editing, self.context.actor, self.card.id
        return lambda: editing.record_stage(actor, case_id, step)


class AssessmentDialog(CaseActionDialog):
    """«Оценка…»: the level of support and the next review, by default the term the level calls for."""

    def __init__(self, context: AppContext, card: CaseCard, parent: QWidget | None = None) -> None:
        super().__init__(context, card, "Оценка семейной ситуации", parent)
        self.level = QComboBox()
        self.level.setObjectName("caseLevel")
        self.level.addItem("— выберите —", None)
        for level in SupportLevel:
            self.level.addItem(level.label, level.value)
        if card.support_level is not None:
            self.level.setCurrentIndex(self.level.findData(card.support_level.value))
        self.field("level", "Уровень сопровождения:", self.level)
        self.assessed_on = self.date_field("assessed_on", "Дата оценки:", date.today())
        self.next_review = self.date_field("next_review_on", "Следующий пересмотр:")
        self.review_hint = QLabel()
        self.review_hint.setStyleSheet("color:#5f6368;")
        self.review_hint.setWordWrap(True)
        self.form.addRow("", self.review_hint)
        self.done_by = self.done_by_field()
        self.notes = _text_box("caseAssessmentNotes")
        self.field("notes", "Примечание:", self.notes)
        self._offered = ""  # the date last offered by the level: replaced while the user has not typed another
        self.level.currentIndexChanged.connect(lambda _index: self.offer_review())
        self.assessed_on.textChanged.connect(lambda _text: self.offer_review())
        self.offer_review()
        self.finish(self.level)

    def offer_review(self) -> None:
        value = self.level.currentData()
        try:
            assessed = parse_date(self.assessed_on.text())
        except ValidationError:
            return
        if not value:
            self.review_hint.setText(
                "Срок пересмотра предлагается по уровню: экстренный — 1 мес., интенсивный — 3 мес., "
                "базовый и консультативный — 6 мес."
            )
            return
        offered = format_date(default_next_review(SupportLevel(value), assessed))
        if self.next_review.text() in ("", self._offered):
            self.next_review.setText(offered)
        self._offered = offered
        self.review_hint.setText(f"По уровню «{SupportLevel(value).label}» — {offered}; можно указать другую дату.")

    def work(self) -> Callable[[], CaseCard]:
        value = self.level.currentData()
        entry = AssessmentInput(
            SupportLevel(value) if value else None,
            read_date(self.assessed_on, "assessed_on"),
            read_date(self.next_review, "next_review_on"),
            self.done_by.text(),
            self.notes.toPlainText(),
        )
        editing, actor, case_id = self.editing, self.context.actor, self.card.id
        return lambda: editing.set_assessment(actor, case_id, entry)


class RequestDialog(CaseActionDialog):
    """«Запрос семьи…»: what the family asks help with and the date of its written consent."""

    def __init__(self, context: AppContext, card: CaseCard, parent: QWidget | None = None) -> None:
        super().__init__(context, card, "Запрос семьи", parent)
        self.text = _text_box("caseRequestText")
        self.text.setMaximumHeight(110)
        self.text.setPlainText(card.entry.request_text)
        self.field("text", "Запрос семьи:", self.text)
        self.consent_on = self.date_field("consent_on", "Дата согласия:", card.entry.consent_on or date.today())
        self.done_by = self.done_by_field()
        self.finish(self.text)

    def work(self) -> Callable[[], CaseCard]:
        entry = RequestInput(self.text.toPlainText(), read_date(self.consent_on, "consent_on"), self.done_by.text())
        editing, actor, case_id = self.editing, self.context.actor, self.card.id
        return lambda: editing.record_request(actor, case_id, entry)


class ClosureDialog(CaseActionDialog):
    """«Закрыть случай…»: снятие с сопровождения with its outcome, date and (where the rules ask) reason."""

    SAVE_TEXT = "Закрыть случай"

    def __init__(self, context: AppContext, card: CaseCard, parent: QWidget | None = None) -> None:
        super().__init__(context, card, "Снятие с сопровождения", parent)
        self.outcome = QComboBox()
        self.outcome.setObjectName("caseOutcome")
        self.outcome.addItem("— выберите —", None)
        for outcome in CaseOutcome:
            self.outcome.addItem(outcome.label, outcome.value)
        self.field("outcome", "Исход:", self.outcome)
        self.on_date = self.date_field("on_date", "Дата снятия:", date.today())
        self.reason = _text_box("caseClosureReason")
        self.field("reason", "Причина:", self.reason)
        self.done_by = self.done_by_field()
        self.outcome.currentIndexChanged.connect(lambda _index: self._outcome_chosen())
        self._outcome_chosen()
        self.finish(self.outcome)

    def _outcome_chosen(self) -> None:
        value = self.outcome.currentData()
        why = closure_reason_needed(self.card.stage, CaseOutcome(value) if value else None)
        self.reason.setPlaceholderText(why or "не обязательна")

    def work(self) -> Callable[[], CaseCard]:
        value = self.outcome.currentData()
        entry = ClosureInput(
            CaseOutcome(value) if value else None,
            read_date(self.on_date, "on_date"),
            self.reason.toPlainText(),
            self.done_by.text(),
        )
        editing, actor, case_id = self.editing, self.context.actor, self.card.id
        return lambda: editing.close(actor, case_id, entry)


class ReopenDialog(CaseActionDialog):
    """«Возобновить…»: a closed case taken up again at a stage (the assessment by default), with a reason."""

    SAVE_TEXT = "Возобновить"

    def __init__(self, context: AppContext, card: CaseCard, parent: QWidget | None = None) -> None:
        super().__init__(context, card, "Возобновление сопровождения", parent)
        self.stage_combo = QComboBox()
        self.stage_combo.setObjectName("caseReopenStage")
        for stage in WAY:
            self.stage_combo.addItem(stage.label.capitalize(), stage.value)
        self.stage_combo.setCurrentIndex(self.stage_combo.findData(CaseStage.ASSESSMENT.value))
        self.field("stage", "С этапа:", self.stage_combo)
        self.on_date = self.date_field("on_date", "Дата:", date.today())
        self.reason = _text_box("caseReopenReason")
        self.reason.setPlaceholderText("почему сопровождение возобновляется")
        self.field("reason", "Причина:", self.reason)
        self.done_by = self.done_by_field()
        self.finish(self.reason)

    def work(self) -> Callable[[], CaseCard]:
        entry = ReopenInput(
            read_date(self.on_date, "on_date"),
            self.reason.toPlainText(),
            self.done_by.text(),
            CaseStage(self.stage_combo.currentData()),
        )
        editing, actor, case_id = self.editing, self.context.actor, self.card.id
        return lambda: editing.reopen(actor, case_id, entry)
