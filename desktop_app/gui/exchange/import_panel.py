"""«Загрузка»: one or several files, each checked and previewed before it is written; at the region a whole
folder of district bundles with a progress bar and «Отмена». Every file ends as a row of the summary table.

The folder import runs as one background job; the worker only writes numbers into a plain shared object,
and a timer in the GUI thread reads them into the progress bar (no widget is touched from the worker).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import InstallationKind
from desktop_app.gui import file_dialogs
from desktop_app.gui.exchange.common import (
    ERROR_STYLE,
    MUTED_STYLE,
    RESULT_LABELS,
    fit_columns,
    format_count,
    table_view,
    wrapped_label,
)
from desktop_app.gui.exchange.export_panel import EXCHANGE_FILTER
from desktop_app.gui.exchange.models import BatchModel
from desktop_app.gui.tasks import INTERNAL_ERROR_MESSAGE
from desktop_app.gui.work_progress import WorkProgress
from desktop_app.sync.batch import BatchRow, import_folder
from desktop_app.sync.import_preview import ImportPreview
from desktop_app.sync.importer import ImportResult
from desktop_app.sync.merge import Outcome

if TYPE_CHECKING:
    from desktop_app.gui.pages.exchange_page import ExchangePage

log = logging.getLogger(__name__)


class ImportPanel(QWidget):
    def __init__(self, page: ExchangePage) -> None:
        super().__init__()
        self.page = page
        self.is_region = page.context.info.kind is InstallationKind.REGION
        self.last_preview: ImportPreview | None = None
        self.folder_progress: WorkProgress | None = None
        self._queue: list[Path] = []
        self._rows: list[BatchRow] = []

        self.files_button = QPushButton("Загрузить пакет…")
        self.files_button.setObjectName("importFiles")
        self.files_button.setToolTip("Выбрать один или несколько файлов обмена (.opeka)")
        self.files_button.clicked.connect(self._choose_files)
        self.folder_button = QPushButton("Загрузить папку…")
        self.folder_button.setObjectName("importFolder")
        self.folder_button.setToolTip("Загрузить все пакеты муниципальных образований из папки, старые первыми")
        self.folder_button.clicked.connect(self._choose_folder)
        self.folder_button.setVisible(self.is_region)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setFormat("%v из %m")
        self.progress.hide()
        self.cancel_button = QPushButton("Отмена")
        self.cancel_button.setObjectName("importCancel")
        self.cancel_button.setToolTip("Остановить после текущего файла; уже загруженные останутся")
        self.cancel_button.clicked.connect(self.cancel_folder)
        self.cancel_button.hide()
        self.progress.setMinimumWidth(320)
        buttons = QHBoxLayout()
        for widget in (self.files_button, self.folder_button, self.progress, self.cancel_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)

        hint = (
            "Пакеты муниципальных образований: каждый файл проверяется (подпись, целостность, отправитель) и"
            " загружается целиком или не загружается вовсе."
            if self.is_region
            else "Пакет региона приносит программу, плановые значения, формы и ключ региона для выгрузки."
            " Перед загрузкой показывается, что изменится."
        )
        self.summary = wrapped_label(name="importSummary")
        self.model = BatchModel()
        self.table = table_view(self.model, "importResults")
        fit_columns(self.table, (230, 210, 70, 150, 60, 85, 75))
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._poll)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(wrapped_label(hint, style=MUTED_STYLE))
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    # files ------------------------------------------------------------------------------------------
    def _choose_files(self) -> None:
        settings = self.page.context.settings
        names, _filter = file_dialogs.open_file_names(
            self, "Загрузить пакет обмена", settings.last_folder or str(Path.home()), EXCHANGE_FILTER
        )
        if names:
            settings.last_folder = str(Path(names[0]).parent)
            self.import_files([Path(name) for name in names])

    def import_files(self, paths: list[Path]) -> None:
        """Each file in turn: check and preview in the background, ask, then apply; a refusal does not stop the rest."""
        self._queue, self._rows = list(paths), []
        self._set_busy(True)
        self._next_file()

    def import_file(self, path: Path) -> None:
        self.import_files([path])

    def _next_file(self) -> None:
        if not self._queue:
            self._set_busy(False)
            self._show_rows(self._rows)
            self.page.refresh_after_import()
            return
        path = self._queue.pop(0)
        actor, importer = self.page.context.actor, self.page.context.exchange_import
        self.page.load(_catching(lambda: importer.preview(actor, path)), lambda result: self._previewed(path, result))

    def _previewed(self, path: Path, result: object) -> None:
        if isinstance(result, UserError):
            self._rows.append(BatchRow(path, "", None, "refused", result.message))
            self._next_file()
            return
        assert isinstance(result, ImportPreview)
        self.last_preview = preview = result
        if preview.older_message:  # nothing to preview or confirm: it is not taken
            self._rows.append(BatchRow(path, preview.source_name, preview.sequence, "older", preview.older_message))
            self._next_file()
            return
        accepted = self.page.confirm_preview(preview)
        if not preview.changes_anything:
            self._rows.append(BatchRow(path, preview.source_name, preview.sequence, "unchanged", "Изменений нет."))
            self._next_file()
            return
        if not accepted:
            self._rows.append(
                BatchRow(path, preview.source_name, preview.sequence, "cancelled", "Загрузка отменена пользователем.")
            )
            self._next_file()
            return
        actor, importer = self.page.context.actor, self.page.context.exchange_import
        self.page.load(_catching(lambda: importer.apply(actor, preview)), lambda done: self._applied(preview, done))

    def _applied(self, preview: ImportPreview, result: object) -> None:
        if isinstance(result, UserError):
            self._rows.append(BatchRow(preview.file, preview.source_name, preview.sequence, "refused", result.message))
        else:
            assert isinstance(result, ImportResult)
            notes = [f"получено форм: {len(preview.forms)}"] if preview.forms else []
            if preview.forms:
                self.page.context.reload_forms()  # «Формы» lists them when next shown
            if result.conflicts:
                notes.append("конфликты ждут решения на вкладке «Конфликты»")
            self._rows.append(
                BatchRow(
                    preview.file,
                    preview.source_name,
                    preview.sequence,
                    "applied",
                    _sentence(notes),
                    preview.total(Outcome.NEW),
                    preview.total(Outcome.CHANGED),
                    result.conflicts,
                )
            )
        self._next_file()

    # folder -----------------------------------------------------------------------------------------
    def _choose_folder(self) -> None:
        settings = self.page.context.settings
        name = file_dialogs.existing_directory(self, "Папка с пакетами", settings.last_folder or str(Path.home()))
        if name:
            settings.last_folder = name
            self.import_folder(Path(name))

    def import_folder(self, folder: Path) -> None:
        """Every bundle of ``folder`` without a dialog per file (batch.import_folder), with progress and «Отмена»."""
        progress = self.folder_progress = WorkProgress()
        actor, importer = self.page.context.actor, self.page.context.exchange_import

        def work() -> list[BatchRow] | UserError:
            try:
                return import_folder(importer, actor, folder, progress.advance, progress.cancelled)
            except UserError as error:
                return error
            finally:
                progress.finished = True

        self._set_busy(True)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self._timer.start()
        self.page.load(work, self._folder_done)

    def cancel_folder(self) -> None:
        if self.folder_progress is not None:
            self.folder_progress.stop.set()
            self.cancel_button.setEnabled(False)
            self.summary.setText("Остановка после текущего файла…")

    def _poll(self) -> None:
        progress = self.folder_progress
        if progress is None:
            return
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        if progress.finished:
            self._timer.stop()
            self.progress.hide()
            self.cancel_button.hide()
            self._set_busy(False)

    def _folder_done(self, result: object) -> None:
        self._poll()
        self._set_busy(False)
        if isinstance(result, UserError):
            self.summary.setText(result.message)
            self.summary.setStyleSheet(ERROR_STYLE)
            self.page.messages.show_error(result.message)
            return
        assert isinstance(result, list)
        if not result:
            self.summary.setStyleSheet("")
            self.summary.setText("В папке нет файлов обмена (.opeka).")
        else:
            self._show_rows(result)
        self.page.refresh_after_import()

    # summary ----------------------------------------------------------------------------------------
    def _show_rows(self, rows: list[BatchRow]) -> None:
        self.model.set_rows(rows)
        counts = {result: sum(1 for row in rows if row.result == result) for result in RESULT_LABELS}
        text = "; ".join(f"{label}: {format_count(counts[key])}" for key, label in RESULT_LABELS.items() if counts[key])
        not_taken = counts["refused"] + counts["older"]
        self.summary.setStyleSheet(ERROR_STYLE if not_taken else "")
        self.summary.setText(f"Файлов: {format_count(len(rows))} — {text}.")
        if len(rows) == 1:
            row = rows[0]
            if row.result in ("refused", "older"):
                self.page.messages.show_error(row.message)
            else:
                self.page.messages.show_info(_one_file_message(row))
        elif not_taken:
            self.page.messages.show_error(f"Не загружено файлов: {not_taken}; причины — в таблице.")
        else:
            self.page.messages.show_info(f"Файлов обработано: {len(rows)}.")

    def _set_busy(self, busy: bool) -> None:
        self.files_button.setEnabled(not busy)
        self.folder_button.setEnabled(not busy)


def _sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _one_file_message(row: BatchRow) -> str:
    if row.result != "applied":
        return f"Файл «{row.file.name}»: {RESULT_LABELS.get(row.result, row.result)}. {row.message}"
    return (
        f"Пакет № {row.sequence} «{row.source}» загружен: новых записей — {format_count(row.new)}, изменённых —"
        f" {format_count(row.changed)}, конфликтов — {format_count(row.conflicts)}."
    )


def _catching(work: Callable[[], object]) -> Callable[[], object]:
    """A failure comes back as a value, so that the next file still goes and the buttons come back."""

    def run() -> object:
        try:
            return work()
        except UserError as error:
            return error
        except Exception:
            log.exception("Exchange import failed")
            return UserError(INTERNAL_ERROR_MESSAGE)

    return run
