"""«Обмен»: exchange files with the region (desktop_app/sync/FORMAT.md) — what goes out and the head's approval,
what comes in with a preview, the history of loaded files, conflicts, the installations we exchange with and,
at the region, who has reported for a period and the consolidated values.

The page only hosts the tabs; each tab is a panel in desktop_app/gui/exchange/ that runs its service calls
through this page's ``load`` (one background worker, results on the GUI thread).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox, QTabWidget, QWidget

from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind
from desktop_app.gui.context import AppContext
from desktop_app.gui.exchange.admin_panels import ConflictsPanel, HistoryPanel, PeersPanel
from desktop_app.gui.exchange.export_panel import ExportPanel
from desktop_app.gui.exchange.import_panel import ImportPanel
from desktop_app.gui.exchange.office_panel import OfficePanel, confirm_main_pc
from desktop_app.gui.exchange.preview_dialog import ImportPreviewDialog
from desktop_app.gui.exchange.region_panel import RegionPanel
from desktop_app.gui.pages.base import EXCHANGE_TABLES, Page
from desktop_app.sync.administration import PeerView
from desktop_app.sync.import_preview import ImportPreview
from desktop_app.sync.office import OfficeCard

CONFLICTS_TITLE = "Конфликты"


class ExchangePage(Page):
    KEY = "exchange"
    TITLE = "Обмен"
    DEPENDS_ON = EXCHANGE_TABLES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.is_region = context.info.kind is InstallationKind.REGION
        self.export_panel = ExportPanel(self)
        self.import_panel = ImportPanel(self)
        self.history_panel = HistoryPanel(self)
        self.conflicts_panel = ConflictsPanel(self)
        self.peers_panel = PeersPanel(self)
        self.region_panel = RegionPanel(self) if self.is_region else None
        self.office_panel = None if self.is_region else OfficePanel(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("exchangeTabs")
        self.tabs.addTab(self.export_panel, "Выгрузка")
        self.tabs.addTab(self.import_panel, "Загрузка")
        self.tabs.addTab(self.history_panel, "Журнал загрузок")
        self.tabs.addTab(self.conflicts_panel, CONFLICTS_TITLE)
        self.tabs.addTab(self.peers_panel, "Участники обмена")
        if self.region_panel is not None:
            self.tabs.addTab(self.region_panel, "Регион")
        if self.office_panel is not None:
            self.tabs.addTab(self.office_panel, "Рабочие места")
        self.root_layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        self.export_panel.refresh()
        self.history_panel.refresh()
        self.conflicts_panel.refresh()
        self.peers_panel.refresh()
        if self.region_panel is not None:
            self.region_panel.refresh()
        if self.office_panel is not None:
            self.office_panel.refresh()

    def refresh_after_import(self) -> None:
        """What a loaded file may change: the plan (a region key arrives), the logs, conflicts, peers, the region."""
        self.refresh()

    def open_tab(self, panel: QWidget) -> None:
        self.tabs.setCurrentWidget(panel)

    def conflicts_counted(self, count: int) -> None:
        index = self.tabs.indexOf(self.conflicts_panel)
        self.tabs.setTabText(index, f"{CONFLICTS_TITLE} ({count})" if count else CONFLICTS_TITLE)

    # what tests call without the file dialogs ---------------------------------------------------------
    def export_to(self, path: Path, period: Period | None = None) -> None:
        """Write the exchange file ``path`` (for ``period``, or everything) in the background."""
        self.export_panel.export_to(path, period)

    def import_file(self, path: Path) -> None:
        """Check and preview ``path``, ask with ``confirm_preview``, then load it."""
        self.import_panel.import_file(path)

    def import_files(self, paths: list[Path]) -> None:
        self.import_panel.import_files(paths)

    def import_folder(self, folder: Path) -> None:
        """Load every bundle of ``folder`` in the background, with progress and «Отмена»."""
        self.import_panel.import_folder(folder)

    # questions (tests replace them) -------------------------------------------------------------------
    def confirm_preview(self, preview: ImportPreview) -> bool:
        """Show what the file would change; True when the user pressed «Загрузить»."""
        dialog = ImportPreviewDialog(preview, self)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def confirm_main_pc(self, card: OfficeCard) -> bool:
        """The administrator compared the card's fingerprint with the main PC's and agreed to connect."""
        return confirm_main_pc(self, card)

    def confirm_disconnect(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Отключить от основного ПК",
            "Отправлять пакеты этого ПК снова в регион, а не на основной ПК отдела?\n\n"
            "Делайте это, только если этот ПК стал основным: региону нужен один пакет от отдела.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def confirm_unpin(self, peer: PeerView) -> bool:
        answer = QMessageBox.question(
            self,
            "Открепить ключ",
            f"Открепить ключ подписи «{peer.name or peer.district}» (отпечаток {peer.key_fingerprint})?\n\n"
            "Делайте это, только если программу участника переустановили и вы сверили новый отпечаток с ним по"
            " телефону: следующий полученный пакет закрепит свой ключ.",
        )
        return answer == QMessageBox.StandardButton.Yes
