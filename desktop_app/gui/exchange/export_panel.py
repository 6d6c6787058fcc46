"""«Выгрузка»: what the next exchange file would carry, and the head's «Утвердить и выгрузить…».

The plan is read first and shown as it is; only a role that approves reports may write the file, and a
district without the region's key sees why it cannot export yet.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain import plural
from desktop_app.domain.errors import UserError
from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind, Permission
from desktop_app.gui import file_dialogs
from desktop_app.gui.exchange.common import (
    ERROR_STYLE,
    KIND_LABELS,
    MUTED_STYLE,
    end_sentence,
    fit_columns,
    format_count,
    periods_text,
    table_view,
    wrapped_label,
)
from desktop_app.gui.exchange.models import CountsModel
from desktop_app.sync.exporter import DISTRICT_BUNDLE, ExportPlan, ExportResult

if TYPE_CHECKING:
    from desktop_app.gui.pages.exchange_page import ExchangePage

EXCHANGE_FILTER = "Пакет обмена (*.opeka)"
ALL_PERIODS = "все периоды"


def default_file_name(source: str, today: date) -> str:
    """«Плесецкий_муниципальный_округ_2026-11-23.opeka»: the sender's name with what a file system forbids removed."""
    safe = re.sub(r"\s+", "_", re.sub(r'[\\/:*?"<>|]+', "", source).strip()) or "пакет"
    return f"{safe}_{today.isoformat()}.opeka"


class ExportPanel(QWidget):
    def __init__(self, page: ExchangePage) -> None:
        super().__init__()
        self.page = page
        actor = page.context.actor
        self.can_write = actor.can(Permission.APPROVE_REPORTS) and actor.can(Permission.EXCHANGE)
        self.plan: ExportPlan | None = None
        self.last_result: ExportResult | None = None

        self.kind_label = wrapped_label(name="exportKind")
        self.kind_label.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("exportPeriod")
        self.period_combo.setMinimumContentsLength(22)
        self.period_combo.addItem(ALL_PERIODS, "")
        self.period_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Период:"))
        chooser.addWidget(self.period_combo)
        chooser.addStretch(1)

        self.model = CountsModel()
        self.table = table_view(self.model, "exportCounts", stretch=0)
        fit_columns(self.table, (420, 110))
        self.periods_label = wrapped_label(name="exportPeriods")
        self.documents_label = wrapped_label(name="exportDocuments")
        self.encryption_label = wrapped_label(name="exportEncryption")
        self.problem_label = wrapped_label(name="exportProblem", style=ERROR_STYLE)
        self.problem_label.hide()

        self.export_button = QPushButton("Утвердить и выгрузить…")
        self.export_button.setObjectName("exportButton")
        self.export_button.setToolTip("Записать пакет обмена в файл (решение руководителя)")
        self.export_button.clicked.connect(self._ask_path)
        self.permission_label = wrapped_label(name="exportPermission", style=MUTED_STYLE)
        if not self.can_write:
            self.permission_label.setText("Выгружает руководитель: у вашей роли нет права утверждать отчёты.")
        buttons = QVBoxLayout()
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        buttons.addLayout(row)
        buttons.addWidget(self.permission_label)

        # the counts need little width: the table on the left, what the file is and the decision on the right
        self.table.setMaximumWidth(560)
        details = QVBoxLayout()
        for label in (self.periods_label, self.documents_label, self.encryption_label, self.problem_label):
            details.addWidget(label)
        details.addSpacing(12)
        details.addLayout(buttons)
        details.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addSpacing(12)
        body.addLayout(details, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind_label)
        layout.addLayout(chooser)
        layout.addLayout(body, 1)
        self._update_button()

    @property
    def period(self) -> Period | None:
        code = self.period_combo.currentData()
        return Period.parse(code) if code else None

    def refresh(self) -> None:
        actor, exporter, period = self.page.context.actor, self.page.context.exchange_export, self.period
        self.page.load(lambda: exporter.plan(actor, period), self._show_plan)

    def _show_plan(self, plan: object) -> None:
        assert isinstance(plan, ExportPlan)
        self.plan = plan
        if self.period is None:
            self._offer_periods(plan.periods)
        kind = f"пакет рабочего места для основного ПК «{plan.main_pc}»" if plan.main_pc else KIND_LABELS.get(plan.kind)
        self.kind_label.setText(f"Выгружается {kind or plan.kind}.")
        rows = [(plan.labels.get(name, name), count) for name, count in plan.counts.items()]
        self.model.set_rows(rows)
        total = format_count(sum(plan.counts.values()))
        periods = f"Периоды: {periods_text(plan.periods)}" if plan.periods else "Значений за периоды нет"
        self.periods_label.setText(f"Всего записей: {total}.\n{end_sentence(periods)}")
        documents = f"Документов (файлов) в пакете: {format_number(plan.attachments, 0)}"
        if plan.attachments_at_recipient:
            documents += f"; уже получены регионом и не отправляются: {format_count(plan.attachments_at_recipient)}"
        if plan.attachments_later:
            documents += f"; не поместились и уйдут следующими пакетами: {format_count(plan.attachments_later)}"
        self.documents_label.setText(documents + ".")
        if plan.main_pc:
            encryption = (
                "Пакет зашифрован ключом основного ПК отдела: его загружают на основном ПК (вкладка «Загрузка»),"
                " а оттуда данные уходят в регион."
            )
        elif plan.kind == DISTRICT_BUNDLE:
            encryption = "Пакет зашифрован ключом региона: открыть его может только региональный координатор."
        else:
            encryption = (
                "Пакет не зашифрован: в нём справочники, плановые значения и ключи региона, без персональных данных."
            )
        self.encryption_label.setText(encryption if not plan.problem else "")
        self.problem_label.setText(plan.problem)
        self.problem_label.setVisible(bool(plan.problem))
        self._update_button()

    def _offer_periods(self, codes: tuple[str, ...]) -> None:
        """The periods found in the data, and the reporting period being reported now."""
        found = {self.page.context.info.current_period()}
        for code in codes:
            try:
                found.add(Period.parse(code))
            except UserError:
                continue  # a malformed code in the data is exported with «все периоды», not offered here
        known = {self.period_combo.itemData(i) for i in range(self.period_combo.count())}
        self.period_combo.blockSignals(True)
        for period in sorted(found, key=lambda p: (p.start, -p.kind.months)):
            if period.code not in known:
                self.period_combo.addItem(period.label, period.code)
        self.period_combo.blockSignals(False)

    def _update_button(self) -> None:
        plan = self.plan
        why = export_refusal(plan, self.can_write)
        self.export_button.setEnabled(not why)
        if why:
            self.export_button.setToolTip(why)
        else:
            assert plan is not None
            self.export_button.setToolTip(f"Записать в файл {export_phrase(plan, self.period)} (решение руководителя).")

    def _ask_path(self) -> None:
        plan = self.plan
        if export_refusal(plan, self.can_write):
            self._update_button()
            return
        assert plan is not None
        question = f"Утвердить и выгрузить {export_phrase(plan, self.period)}?"
        if QMessageBox.question(self, "Утверждение выгрузки", question) != QMessageBox.StandardButton.Yes:
            return
        context = self.page.context
        info = context.info
        district = info.kind is InstallationKind.DISTRICT and info.district_name
        source = info.district_name if district and info.district_name else info.region_name
        folder = Path(context.settings.last_folder or Path.home())
        name, _filter = file_dialogs.save_file_name(
            self, "Выгрузить пакет обмена", str(folder / default_file_name(source, date.today())), EXCHANGE_FILTER
        )
        if name:
            self.export_to(Path(name if name.lower().endswith(".opeka") else name + ".opeka"), self.period)

    def export_to(self, path: Path, period: Period | None = None) -> None:
        """Write the file in the background, then say which package it was and where it went."""
        context = self.page.context
        context.settings.last_folder = str(path.parent)
        actor, exporter = context.actor, context.exchange_export
        self.page.load(lambda: exporter.write(actor, path, period), self._written)

    def _written(self, result: object) -> None:
        assert isinstance(result, ExportResult)
        self.last_result = result
        self.page.messages.show_info(
            f"Пакет № {result.sequence} записан: {result.path} (записей: {format_count(sum(result.counts.values()))})."
        )
        self.refresh()


def export_refusal(plan: ExportPlan | None, can_write: bool) -> str:
    """Why «Утвердить и выгрузить…» is greyed out; empty when the head may write the file."""
    if not can_write:
        return "Утверждает и выгружает руководитель."
    if plan is None:
        return "Подождите: считается, что войдёт в пакет."
    if plan.problem:
        return plan.problem
    if not sum(plan.counts.values()) and not plan.attachments:
        return "Выгружать нечего: за выбранный период в пакет не входит ни одной записи."
    return ""


def export_phrase(plan: ExportPlan, period: Period | None) -> str:
    """«1 234 записи за I полугодие 2026 г.» (and the document files, when there are any)."""
    text = plural.RECORD.count(sum(plan.counts.values()))
    if plan.attachments:
        text += f" и {plural.FILE.count(plan.attachments)} документов"
    return text + (f" за {period.label}" if period is not None else " за все периоды")
