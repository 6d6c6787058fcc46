"""«Формы»: a specialist fills any form of forms/ for a period, saves, submits; the head approves."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.roles import InstallationKind, Permission
from desktop_app.formkit import FormCatalogue
from desktop_app.formkit.definition import FormDefinition
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.form_workbook_dialog import FormWorkbookActions
from desktop_app.gui.formview import FormView, QuestionWidget
from desktop_app.gui.formview.choosers import fill_forms, fill_periods, form_chooser, rich_line
from desktop_app.gui.formview.excel_actions import ExcelActions
from desktop_app.gui.formview.status import (
    cell_keys,
    keeping_validation,
    notice_html,
    read_only_reason,
    recent_periods,
    status_html,
)
from desktop_app.gui.pages.base import FORM_TABLES, INDICATOR_TABLES, Page, press
from desktop_app.gui.widgets.discard import may_discard, revert
from desktop_app.gui.widgets.field_error import FieldError
from desktop_app.services.form_answers import FormState, reporting_period
from desktop_app.services.indicator_sheet import ValueStatus


class FormsPage(Page):
    KEY = "forms"
    TITLE = "Формы"
    DEPENDS_ON = FORM_TABLES | INDICATOR_TABLES

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(context, parent)
        self._today = today
        self.state: FormState | None = None
        self.read_only_reason = ""
        self._clean: dict[str, object] | None = None  # the answers as shown after loading, to tell typed changes
        self._views: dict[str, FormView] = {}
        self._generation = 0  # a state that arrives for a form or period no longer chosen is dropped
        self._form_index = self._period_index = -1
        actor = context.actor
        self.can_edit = actor.can(Permission.EDIT_DATA)
        self.can_approve = actor.can(Permission.APPROVE_REPORTS)
        self.catalogue = context.forms.catalogue

        self.form_combo = form_chooser(self.catalogue.forms)
        self.form_combo.currentIndexChanged.connect(self._form_chosen)
        self.period_combo = QComboBox(objectName="periodChooser", minimumContentsLength=18)
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        choosers = QHBoxLayout()
        choosers.addWidget(QLabel("Форма:"))
        choosers.addWidget(self.form_combo, 1)
        choosers.addSpacing(12)
        choosers.addWidget(QLabel("Период:"))
        choosers.addWidget(self.period_combo)
        choosers.addSpacing(12)
        self.excel = ExcelActions(self)
        choosers.addWidget(self.excel.template_button)
        choosers.addWidget(self.excel.load_button)
        self.consolidation_button = self._button(
            "Свод по МО", "openConsolidation", self.open_consolidation, "Ответы муниципальных образований, сложенные"
        )
        self.consolidation_button.setVisible(context.info.kind is InstallationKind.REGION)
        self.form_workbooks = FormWorkbookActions(self)

        self.status_label = rich_line("formStatus")
        self.notice_label = rich_line("formNotice")
        self.notice_label.hide()
        self.stack = QStackedWidget()
        self.stack.addWidget(QLabel("Нет ни одной формы: положите файлы форм в папку forms/ программы."))

        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("changeReason")
        self.reason_edit.setPlaceholderText("почему меняются представленные или утверждённые ответы")
        self.reason_label = QLabel("Причина изменения:")
        self.reason_error = FieldError()
        self.save_button = self._button("Сохранить", "saveForm", self.save, "Проверить и сохранить ответы (Ctrl+S)")
        self.submit_button = self._button("Представить", "submitForm", self.submit, "Передать ответы руководителю")
        self.approve_button = self._button("Утвердить", "approveForm", self.approve, "Утвердить представленные ответы")
        self.reset_button = self._button(
            "Сбросить изменения", "resetForm", self.reset, "Вернуть сохранённые ответы, забыв набранное"
        )
        buttons = QHBoxLayout()
        for button in (self.save_button, self.submit_button, self.approve_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addSpacing(16)
        buttons.addWidget(self.reason_label)
        buttons.addWidget(self.reason_edit, 1)
        buttons.addStretch(0)
        self._show_reason(False)

        self.root_layout.addLayout(choosers)
        # the region's and the form author's buttons share the status line: beside the choosers they widened the
        # page past a 1024-pixel screen
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        for button in (
            self.consolidation_button,
            self.form_workbooks.load_button,
            self.form_workbooks.export_button,
        ):
            status_row.addWidget(button)
        self.root_layout.addLayout(status_row)
        self.root_layout.addWidget(self.notice_label)
        self.root_layout.addWidget(self.stack, 1)
        self.root_layout.addWidget(self.reason_error)
        self.root_layout.addLayout(buttons)
        self._update_buttons()

    def _button(self, text: str, name: str, slot: Callable[[], None], tip: str) -> QPushButton:
        button = QPushButton(text, objectName=name, toolTip=tip)
        button.clicked.connect(slot)
        return button

    def open_consolidation(self) -> None:
        """At the region: the chosen form's totals over the districts for the chosen period, beside the page."""
        from desktop_app.gui.panels.form_consolidation_panel import FormConsolidationPanel

        form, period = self.current_form(), self.current_period()
        if form is None or period is None:
            return
        self.consolidation_panel = FormConsolidationPanel(
            self.context, form.id, period, lambda _state: self._load_state(), self
        )
        self.consolidation_panel.show()

    # ------------------------------------------------------------------------------------------ choosing

    def current_form(self) -> FormDefinition | None:
        index = self.form_combo.currentIndex()
        return self.catalogue.forms[index] if 0 <= index < len(self.catalogue.forms) else None

    def current_period(self) -> Period | None:
        code = self.period_combo.currentData()
        return Period.parse(code) if code else None

    def report_subject(self) -> tuple[str | None, Period | None, str | None]:
        form = self.current_form()
        return None, self.current_period(), (form.id if form else None)

    @property
    def view(self) -> FormView | None:
        form = self.current_form()
        return self._views.get(form.id) if form else None

    def question_widget(self, question_id: str) -> QuestionWidget:
        view = self.view
        assert view is not None, "no form is open"
        return view.widgets[question_id]

    def refresh(self) -> None:
        super().refresh()
        self._catch_up_with_the_catalogue()
        if self.catalogue.problems:
            self.messages.show_error("Не все формы прочитаны: " + " ".join(self.catalogue.problems))
        if not self.catalogue.forms:
            return
        if self.current_form() is None:
            self.form_combo.setCurrentIndex(0)  # opens the form through _form_chosen
        elif self._may_discard():
            self._load_state()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.loaded_once:
            self._catch_up_with_the_catalogue()

    def _catch_up_with_the_catalogue(self) -> None:
        """A region package or a form workbook may have brought a form since the page listed them."""
        if self.context.forms.catalogue is not self.catalogue:
            self._use_catalogue(self.context.forms.catalogue)

    def _use_catalogue(self, catalogue: FormCatalogue) -> None:
        """A form was added or got a new version: list the new catalogue and drop the screens of changed forms."""
        versions = {form.id: form.version for form in catalogue.forms}
        for form_id, view in list(self._views.items()):
            if versions.get(form_id) != view.form.version:
                self.stack.removeWidget(view)
                view.deleteLater()
                del self._views[form_id]
        current = self.current_form()
        self.catalogue = catalogue
        fill_forms(self.form_combo, catalogue.forms)
        self._form_index = -1
        if current is not None and current.id not in self._views:
            self.state, self._clean = None, None
        if self.form_combo.currentIndex() >= 0:
            self._form_chosen(self.form_combo.currentIndex())

    def show_form(self, form_id: str, period: Period | None = None) -> None:
        """Open ``form_id`` for ``period`` (the period it is due now when None)."""
        index = self.form_combo.findData(form_id)
        if index < 0:
            return
        if index != self.form_combo.currentIndex():
            self.form_combo.setCurrentIndex(index)
            if self.form_combo.currentIndex() != index:
                return  # the user kept unsaved answers
        if period is not None:
            self._select_period(period)

    def _form_chosen(self, index: int) -> None:
        if index == self._form_index:
            return
        if self._form_index >= 0 and not self._may_discard():
            revert(self.form_combo, self._form_index)
            return
        self._form_index = index
        form = self.current_form()
        if form is None:
            return
        self.messages.clear_message()
        if form.id not in self._views:
            view = FormView(form)
            view.edited.connect(self._edited)
            self._views[form.id] = view
            self.stack.addWidget(view)
        self.stack.setCurrentWidget(self._views[form.id])
        self.state, self._clean = None, None
        self._fill_periods(form.period_kind, reporting_period(form, self._today()))
        self._load_state()

    def _fill_periods(self, kind: PeriodKind, chosen: Period) -> None:
        fill_periods(self.period_combo, recent_periods(kind, self._today()), chosen)
        self._period_index = self.period_combo.currentIndex()

    def _select_period(self, period: Period) -> None:
        index = self.period_combo.findData(period.code)
        if index < 0:
            if not self._may_discard():
                return
            self._fill_periods(period.kind, period)
            self._load_state()
            return
        self.period_combo.setCurrentIndex(index)

    def _period_chosen(self, index: int) -> None:
        if index == self._period_index or index < 0:
            return
        if not self._may_discard():
            revert(self.period_combo, self._period_index)
            return
        self._period_index = index
        self.messages.clear_message()
        self._load_state()

    def _may_discard(self) -> bool:
        return may_discard(self, self.unsaved_changes())

    # ------------------------------------------------------------------------------------------ state

    def _load_state(self) -> None:
        form, period = self.current_form(), self.current_period()
        if form is None or period is None:
            return
        self._generation += 1
        generation = self._generation
        self.state, self._clean = None, None
        self._update_buttons()
        self.status_label.setText("Загрузка ответов…")
        forms, actor, territory = self.context.forms, self.context.actor, self.context.territory
        self.load(
            lambda: forms.state(actor, form.id, period, territory),
            lambda state: self._show_state(state, generation),
        )

    def _show_state(self, state: FormState, generation: int) -> None:
        if generation != self._generation:
            return
        view = self._views[state.form.id]
        self.state = state
        self.read_only_reason = read_only_reason(state, self.can_edit, self.can_approve)
        view.set_state(state, bool(self.read_only_reason))
        self._clean = view.answers()
        self.reason_edit.clear()
        self.reason_error.clear_message()
        self._show_reason(state.status is not ValueStatus.DRAFT and not self.read_only_reason)
        self._show_status()
        self._update_buttons()

    def _show_status(self) -> None:
        if self.state is not None:
            self.status_label.setText(status_html(self.state, bool(self.unsaved_changes())))
            notice = notice_html(self.state, self.read_only_reason)
            self.notice_label.setText(notice)
            self.notice_label.setVisible(bool(notice))

    def _update_buttons(self) -> None:
        state = self.state
        editable = state is not None and not self.read_only_reason
        self.save_button.setEnabled(editable)
        self.reset_button.setEnabled(editable)
        self.submit_button.setEnabled(
            editable and state is not None and state.answer_id is not None and state.status is ValueStatus.DRAFT
        )
        self.approve_button.setEnabled(self.can_approve and state is not None and state.status is ValueStatus.SUBMITTED)
        self.approve_button.setToolTip(approve_tooltip(state, self.can_approve))
        for button in (self.save_button, self.submit_button, self.reset_button):
            button.setVisible(self.can_edit)
        self.excel.update(state, editable and self.can_edit)

    def _show_reason(self, shown: bool) -> None:
        self.reason_label.setVisible(shown)
        self.reason_edit.setVisible(shown)

    def _edited(self) -> None:
        self._show_status()

    def unsaved_changes(self) -> str:
        state = self.state  # the form shown, even while the chooser already names the next one
        view = self._views.get(state.form.id) if state is not None else None
        if state is None or view is None or self._clean is None or self.read_only_reason:
            return ""
        if view.answers() == self._clean:
            return ""
        return f"изменённые ответы в форме «{state.form.title}» за {state.period.label}"

    # ------------------------------------------------------------------------------------------ actions

    def save(self) -> None:
        state, view = self.state, self.view
        if state is None or view is None or self.read_only_reason or not self.can_edit:
            return
        view.clear_errors()
        self.reason_error.clear_message()
        answers, reason = view.answers(), self.reason_edit.text()
        forms, actor, generation = self.context.forms, self.context.actor, self._generation
        work = keeping_validation(lambda: forms.save(actor, state, answers, reason))
        self.load(work, lambda result: self._done(result, generation, "Ответы сохранены."))

    def submit(self) -> None:
        state = self.state
        if state is None:
            return
        if self.unsaved_changes():
            self.messages.show_error("Сначала сохраните ответы (Ctrl+S), затем представьте форму.")
            return
        answered, total = state.completion
        if answered < total:  # a half-filled form sent to the head by a stray click is what people regret
            question = (
                f"Представить ответы формы «{state.form.title}» за {state.period.label}: заполнено {answered} "
                f"из {total}?\n\nНезаполненные вопросы руководитель увидит пустыми."
            )
            if QMessageBox.question(self, "Представление формы", question) != QMessageBox.StandardButton.Yes:
                return
        forms, actor, generation = self.context.forms, self.context.actor, self._generation
        work = keeping_validation(lambda: forms.submit(actor, state.form.id, state.period, state.territory))
        self.load(work, lambda result: self._done(result, generation, "Ответы представлены руководителю."))

    def approve(self) -> None:
        state = self.state
        if state is None or not self.can_approve:
            return
        forms, actor, generation = self.context.forms, self.context.actor, self._generation
        self.load(
            lambda: forms.approve(actor, state.form.id, state.period, state.territory),
            lambda result: self._done(result, generation, "Ответы утверждены."),
        )

    def reset(self) -> None:
        if self.state is None:
            return
        self._show_state(self.state, self._generation)
        self.messages.show_info("Изменения сброшены: показаны сохранённые ответы.")

    def _done(self, result: FormState | ValidationError, generation: int, message: str) -> None:
        if generation != self._generation:
            return  # another form or period is shown now; its own state is loading
        if isinstance(result, ValidationError):
            self._show_problems(result)
            return
        self._show_state(result, generation)
        broken = result.rule_issues
        if broken:  # a draft may be saved with them; the sentences are beside the questions, too
            self.messages.show_info(f"{message} Не сходятся ответы: " + " ".join(issue.message for issue in broken))
            return
        self.messages.show_info(message)

    def show_loaded_state(self, state: object, message: str) -> None:
        """Show a state some other action stored (an Excel template taken back) as if just saved."""
        if isinstance(state, FormState):
            self._show_state(state, self._generation)
            self.messages.show_info(message)

    def _show_problems(self, error: ValidationError) -> None:
        """Each message beside its cell; what names no cell goes to the message bar."""
        state, view = self.state, self.view
        if state is None or view is None:
            return
        problems = dict(error.field_errors) or {
            f"{issue.question_id}|{issue.cell}": issue.message for issue in state.issues
        }
        reason = problems.pop("reason", "")
        if reason:
            self._show_reason(True)
            self.reason_error.show_message(reason)
        unplaced = view.show_errors(cell_keys(state, problems))
        self.messages.show_error(" ".join([error.message, *unplaced]))

    def save_shortcut(self) -> bool:
        return press(self.save_button)


def approve_tooltip(state: FormState | None, can_approve: bool) -> str:
    """Why «Утвердить» is greyed out (nothing submitted, already approved), or what it approves."""
    if not can_approve:
        return "Утверждает руководитель."
    if state is None:
        return "Выберите форму и период."
    if state.status is ValueStatus.APPROVED:
        return "Ответы уже утверждены: утверждать нечего."
    if state.status is not ValueStatus.SUBMITTED:
        return "Утверждать нечего: ответы ещё не представлены руководителю."
    answered, total = state.completion
    return f"Утвердить представленные ответы (отвечено {answered} из {total})."
