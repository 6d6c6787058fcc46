"""The preview of an exchange file before it is loaded: who sent it, which package, what each kind of record
would become, and the changed and conflicting records field by field. Nothing is written until «Загрузить»."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop_app.gui.exchange.common import (
    KIND_LABELS,
    MUTED_STYLE,
    fit_columns,
    format_count,
    periods_text,
    table_view,
    wrapped_label,
)
from desktop_app.gui.exchange.models import ChangesModel, OutcomeCountsModel
from desktop_app.sync.import_preview import CHANGES_SHOWN, ImportPreview
from desktop_app.sync.merge import Outcome
from desktop_app.sync.preview_words import change_rows
from desktop_app.sync.records import BY_NAME


def outcome_table(preview: ImportPreview) -> OutcomeCountsModel:
    counts = preview.counts()
    outcomes = [outcome for outcome in Outcome if any(counter[outcome] for counter in counts.values())]
    model = OutcomeCountsModel([outcome.label for outcome in outcomes])
    model.set_rows(
        [
            (BY_NAME[entity].label if entity in BY_NAME else entity, [counter[outcome] for outcome in outcomes])
            for entity, counter in counts.items()
        ]
    )
    return model


class ImportPreviewDialog(QDialog):
    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Загрузка пакета: {preview.file.name}")
        self.resize(1000, 680)
        layout = QVBoxLayout(self)
        source = preview.source_name or preview.source_district or "неизвестный отправитель"
        documents = format_count(len(preview.attachments))
        forms = f" Новых форм: {len(preview.forms)}." if preview.forms else ""
        kind = (
            "пакет рабочего места отдела" if preview.from_workstation else KIND_LABELS.get(preview.kind, preview.kind)
        )
        self.summary = wrapped_label(
            f"<b>{source}</b> — {kind}, пакет № {preview.sequence}.<br>"
            f"Периоды: {periods_text(preview.periods)}; новых документов (файлов): {documents}.{forms}",
            "previewSummary",
        )
        layout.addWidget(self.summary)
        if preview.new_source:
            from desktop_app.sync.keys import fingerprint  # the crypto library loads when a file is opened

            pinned = (
                f"От этой установки пакетов ещё не было: её ключ подписи (отпечаток {fingerprint(preview.signing_key)})"
                " будет закреплён, и следующие пакеты с другим ключом не загрузятся. Если сомневаетесь, сверьте"
                " отпечаток с отправителем по телефону."
            )
            layout.addWidget(wrapped_label(pinned, "previewNewSource", MUTED_STYLE))
        if preview.already_imported:
            again = "Этот файл уже загружался: повторная загрузка ничего не изменит."
            layout.addWidget(wrapped_label(again, "previewAgain", MUTED_STYLE))
        self.counts_model = outcome_table(preview)
        self.counts = table_view(self.counts_model, "previewCounts", stretch=0)
        for column in range(1, self.counts_model.columnCount()):
            self.counts.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(QLabel("Что будет с записями:"))
        layout.addWidget(self.counts, 2)

        self.changes_model = ChangesModel()
        self.changes_model.set_rows(change_rows(preview))
        changed = preview.total(Outcome.CHANGED) + preview.total(Outcome.CONFLICT)
        if changed:
            more = f" (показаны первые {CHANGES_SHOWN})" if changed > CHANGES_SHOWN else ""
            layout.addWidget(QLabel(f"Изменённые записи и конфликты: {format_count(changed)}{more}."))
            self.changes = table_view(self.changes_model, "previewChanges")
            fit_columns(self.changes, (170, 80, 120, 170, 200))
            layout.addWidget(self.changes, 3)
        if preview.total(Outcome.CONFLICT):
            layout.addWidget(
                wrapped_label(
                    "Конфликты — записи, изменённые и здесь, и у отправителя: они не перезаписываются, а ждут решения"
                    " на вкладке «Конфликты».",
                    style=MUTED_STYLE,
                )
            )

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("Загрузить")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Отмена")
        if not preview.changes_anything:
            layout.addWidget(wrapped_label("Изменений нет: все записи файла уже есть здесь.", "previewNothing"))
            self.apply_button.hide()
            cancel.setText("Закрыть")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
