"""«Отчёты»: choose a report, its period and (at the region) the district, form it, look at it as it will be
printed, print it, or save it as PDF or as an editable XLSX.

Forming, the XLSX and printing run off the GUI thread with a progress bar and «Отмена»: the worker only sets plain
attributes of WorkProgress (jobs.py) and a timer here reads them; no widget is touched from the worker.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop_app.core.resources import territory_directory
from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import Period
from desktop_app.gui import file_dialogs
from desktop_app.gui.context import AppContext
from desktop_app.gui.keyboard import enter_presses
from desktop_app.gui.pages.base import INDICATOR_TABLES, MEASURE_TABLES, Page, press
from desktop_app.gui.reports.choice import ReportChoice
from desktop_app.gui.reports.jobs import (
    FormedReport,
    default_file_name,
    form_work,
    pdf_work,
    print_work,
    xlsx_work,
)
from desktop_app.gui.reports.preview import ReportPreview
from desktop_app.gui.work_progress import WorkProgress
from desktop_app.reports.builders.request import ReportKind
from desktop_app.reports.progress import Cancelled
from desktop_app.services.program_choice import program_choices

_FILTERS = {"pdf": "Документ PDF (*.pdf)", "xlsx": "Книга Excel (*.xlsx)"}
_STARTING = {
    "form": "Формирование отчёта…",
    "pdf": "Сохранение PDF…",
    "xlsx": "Сохранение XLSX…",
    "print": "Печать…",
}
_STOPPED = {
    "form": "Формирование отчёта остановлено.",
    "xlsx": "Сохранение XLSX остановлено.",
    "print": "Печать остановлена; страницы, уже переданные принтеру, могут напечататься.",
}
_MUTED = "color: #555555;"


class ReportsPage(Page):
    KEY = "reports"
    TITLE = "Отчёты"
    DEPENDS_ON = MEASURE_TABLES | INDICATOR_TABLES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.formed: FormedReport | None = None
        self.job: WorkProgress | None = None
        self._printer: object | None = None  # the printer of the last print job
        self._job_kind = ""
        self._focus_before: QWidget | None = None
        self._aim: tuple[str | None, Period | None] | None = None  # what Ctrl+P from another page asked for
        info = context.info
        self._forms_listed = context.forms.catalogue  # the catalogue the choice lists (reload_forms replaces it)

        self.choice = ReportChoice(
            info.kind, info.region_name, list(context.forms.catalogue.forms), info.reporting_period_kind
        )
        self.choice.changed.connect(self._choice_changed)
        self.choice.program_changed.connect(self._load_periods)

        self.form_button = self._button("Сформировать", "formReport", self.form_report, "Сформировать выбранный отчёт")
        self.form_button.setDefault(True)
        enter_presses(self.form_button, *self.choice.findChildren(QComboBox))
        self.progress = QProgressBar(objectName="reportProgress")
        self.progress.setMinimumWidth(240)
        self.progress.setTextVisible(True)
        self.progress.setFormat("%p %")
        self.progress.hide()
        self.cancel_button = self._button(
            "Отмена", "cancelReport", self.cancel, "Остановить формирование, сохранение XLSX или печать отчёта"
        )
        self.cancel_button.hide()
        self.print_button = self._button(
            "Печать…", "printReport", self.print_report, "Напечатать отчёт через системный диалог печати (Ctrl+P)"
        )
        self.pdf_button = self._button(
            "Сохранить PDF…", "savePdf", lambda: self.save("pdf"), "Сохранить отчёт для печати и отправки в PDF"
        )
        self.xlsx_button = self._button(
            "Сохранить XLSX…", "saveXlsx", lambda: self.save("xlsx"), "Сохранить отчёт в Excel для правки"
        )
        buttons = QHBoxLayout()
        for widget in (self.form_button, self.progress, self.cancel_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        for widget in (self.print_button, self.pdf_button, self.xlsx_button):
            buttons.addWidget(widget)

        self.status_label = QLabel(objectName="reportStatus", wordWrap=True)
        self.status_label.setStyleSheet(_MUTED)
        self.preview = ReportPreview()

        self.root_layout.addWidget(self.choice)
        self.root_layout.addLayout(buttons)
        self.root_layout.addWidget(self.status_label)
        self.root_layout.addWidget(self.preview, 1)

        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)
        self._update_buttons()

    def _button(self, text: str, name: str, slot, tip: str) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text, objectName=name, toolTip=tip)
        button.clicked.connect(slot)
        return button

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        catalogue = self.context.forms.catalogue
        if catalogue is not self._forms_listed:  # a region package or a form workbook brought a form
            self._forms_listed = catalogue
            self.choice.set_forms(list(catalogue.forms))

    def aim(self, kind: ReportKind, program_id: str | None, period: Period | None, form_id: str | None) -> None:
        """Ctrl+P from another page: this report kind, on the program, period and form that page shows; the
        program and its periods may still be loading, so the choice is completed as they arrive."""
        self.choice.select_kind(kind)
        if form_id:
            self.choice.select_form(form_id)
        self._aim = (program_id, period)
        self._follow_aim()

    def _follow_aim(self) -> None:
        if self._aim is None:
            return
        program_id, period = self._aim
        if program_id and self.choice.program_id != program_id:
            if not self.choice.select_program(program_id) and self.choice.program_combo.count():
                self._aim = None  # that program is not reported on here
            return  # its periods arrive in _show_periods
        if period is None or self.choice.select_period(period) or not self.busy:
            self._aim = None

    # what may be chosen -------------------------------------------------------------------------------
    def refresh(self) -> None:
        # every program, not only those with indicators: a plan imported from a document has measures only
        actor, db = self.context.actor, self.context.db
        self.load(lambda: [(p.id, p.title) for p in program_choices(db, actor)], self._show_programs)

    def _show_programs(self, programs: object) -> None:
        assert isinstance(programs, list)
        self.choice.set_programs(programs)
        self._follow_aim()
        if not programs:
            self.messages.show_info(
                "В базе нет программы мероприятий: отчёты по мероприятиям и показателям появятся после загрузки"
                " плана мероприятий или пакета региона."
            )
        self._load_periods()

    def _load_periods(self) -> None:
        actor, context = self.context.actor, self.context
        program_id, is_region = self.choice.program_id, self.choice.is_region

        def work() -> tuple[list[Period], list[str]]:
            periods = context.indicators.sheets.periods(actor, program_id) if program_id else []
            districts: list[str] = []
            if is_region:
                if program_id and periods:
                    overview = context.region_view.overview(actor, program_id, periods[-1])
                    districts = [status.district for status in overview.districts]
                else:
                    districts = _directory_districts(context.info.region_code)
            return periods, districts

        self.load(work, self._show_periods)

    def _show_periods(self, result: object) -> None:
        assert isinstance(result, tuple)
        periods, districts = result
        self.choice.set_program_periods(periods)
        self.choice.set_districts(districts)
        self._follow_aim()
        self._choice_changed()

    def _choice_changed(self) -> None:
        formed = self.formed
        if formed is None:
            self.status_label.setText("")
            return
        if self._current_request_matches(formed):
            self._show_status(formed)
        else:
            self.status_label.setText(
                f"Показан прежний отчёт: {_what(formed)}. Выбор изменён — нажмите «Сформировать», чтобы увидеть новый."
            )

    def _current_request_matches(self, formed: FormedReport) -> bool:
        try:
            return self.choice.request() == formed.request
        except UserError:
            return False

    # forming ------------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.job is not None

    def form_report(self) -> None:
        if self.running:
            return
        try:
            request = self.choice.request()
        except UserError as error:
            self.messages.show_error(error.message)
            return
        self.messages.clear_message()
        job = self._start("form")
        self.load(form_work(self.context, request, job, self.choice.form_title()), self._formed)

    def _formed(self, result: object) -> None:
        if self._finish(result):
            return
        assert isinstance(result, FormedReport)
        try:
            self.preview.show_pdf(result.pdf)
        except UserError as error:
            self.formed = None
            self.messages.show_error(error.message)
            self._update_buttons()
            return
        self.formed = result
        self._show_status(result)
        self._update_buttons()

    def _show_status(self, formed: FormedReport) -> None:
        self.status_label.setText(
            f"{_what(formed)}: страниц — {self.preview.page_count}. Проверьте отчёт, затем напечатайте или"
            " сохраните его."
        )

    def cancel(self) -> None:
        if self.job is not None:
            self.job.stop.set()
            self.cancel_button.setEnabled(False)
            self.status_label.setText("Остановка…")

    # saving and printing ------------------------------------------------------------------------------
    def save(self, file_format: str, path: Path | None = None) -> None:
        """Save the report shown as ``file_format``; without ``path`` the user is asked where."""
        formed = self.formed
        if formed is None or self.running:
            return
        if path is None:
            path = self._ask_path(formed, file_format)
            if path is None:
                return
        self.messages.clear_message()
        job = self._start(file_format)
        work = pdf_work(formed.pdf, path, job) if file_format == "pdf" else xlsx_work(formed.report, path, job)
        self.load(work, self._saved)

    def _ask_path(self, formed: FormedReport, file_format: str) -> Path | None:
        settings = self.context.settings
        folder = Path(settings.last_folder) if settings.last_folder else Path.home()
        suggested = str(folder / default_file_name(formed, file_format))
        title = "Сохранить отчёт в PDF" if file_format == "pdf" else "Сохранить отчёт в Excel"
        name, _filter = file_dialogs.save_file_name(self, title, suggested, _FILTERS[file_format])
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != f".{file_format}":
            path = path.with_name(f"{path.name}.{file_format}")
        settings.last_folder = str(path.parent)
        return path

    def _saved(self, result: object) -> None:
        if self._finish(result):
            return
        assert isinstance(result, Path)
        self.messages.show_info(f"Отчёт сохранён: {result}")
        if self.formed is not None:
            self._choice_changed()

    def print_report(self) -> None:
        """The system's print dialog, then the pages drawn on the chosen printer in the background."""
        formed = self.formed
        if formed is None or self.running:
            return
        printer = self.preview.print_dialog(formed.report.title)
        if printer is None:
            return
        # kept until the next print: the last reference to a printer is dropped in the GUI thread, long after the
        # worker let go of its own
        self._printer = printer
        self.messages.clear_message()
        job = self._start("print")
        self.load(print_work(formed.pdf, printer, job), self._printed)

    def _printed(self, result: object) -> None:
        if self._finish(result):
            return
        self.messages.show_info(f"Отчёт отправлен на печать: страниц — {result}.")
        self._choice_changed()

    # progress -----------------------------------------------------------------------------------------
    def _start(self, kind: str) -> WorkProgress:
        job = self.job = WorkProgress()
        self._job_kind = kind
        focus = QApplication.focusWidget()
        # the choice is disabled while the work runs, which would leave the keyboard nowhere
        self._focus_before = focus if focus is not None and self.isAncestorOf(focus) else None
        self.progress.setRange(0, 0)  # «busy» until the renderer says how much there is
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(kind != "pdf")  # writing a ready PDF takes no time to stop
        self.status_label.setText(_STARTING[kind])
        self._timer.start()
        self._update_buttons()
        return job

    def _poll(self) -> None:
        job = self.job
        if job is not None and job.total:
            self.progress.setRange(0, job.total)
            self.progress.setValue(job.done)

    def _finish(self, result: object) -> bool:
        """Hide the progress; True when ``result`` is a failure (then it has been said)."""
        self._timer.stop()
        self.job = None
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()
        self._give_focus_back()
        if isinstance(result, Cancelled):
            self.messages.show_info(_STOPPED.get(self._job_kind, _STOPPED["form"]))
        elif isinstance(result, UserError):
            self.messages.show_error(result.message)
        else:
            return False
        if self.formed is not None:
            self._choice_changed()
        else:
            self.status_label.setText("")
        return True

    def _give_focus_back(self) -> None:
        before, self._focus_before = self._focus_before, None
        if before is not None and before.isEnabled() and before.isVisible():
            before.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        ready = self.formed is not None and not self.running
        self.form_button.setEnabled(not self.running)
        self.choice.setEnabled(not self.running)
        for button in (self.print_button, self.pdf_button, self.xlsx_button):
            button.setEnabled(ready)

    def print_shortcut(self) -> bool:
        return press(self.print_button)


def _what(formed: FormedReport) -> str:
    """«Ключевые показатели реализации программы» за I полугодие 2026 г., Плесецкий муниципальный округ."""
    name = formed.form_title or formed.request.kind.label
    return f"«{name}» {' '.join(formed.report.subtitle.split())}"


def _directory_districts(region_code: str) -> list[str]:
    try:
        return [district.name for district in territory_directory().region(region_code).districts]
    except UserError:
        return []
