"""The main window: a thin shell that hosts the pages, the navigation and the status bar.

A page is built (and its module imported) the first time it is opened, so start-up pays only for the first
screen; the others, with their dialogs, panels, charts and PDF viewer, load when the user goes to them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStyle,
    QWidget,
)

from desktop_app import APP_TITLE, __version__
from desktop_app.core.storage_risk import storage_risk
from desktop_app.domain.roles import Permission
from desktop_app.gui import keyboard, window_fit, window_parts
from desktop_app.gui.context import AppContext
from desktop_app.gui.pages.base import Page
from desktop_app.gui.session_lock import SessionLock

if TYPE_CHECKING:
    from desktop_app.gui.help_window import HelpWindow


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: QStyle.StandardPixmap
    make: Callable[[AppContext], Page]
    module: str = ""  # the page's module, imported by ``make``


def _spec(key: str, title: str, icon: QStyle.StandardPixmap, module: str, name: str) -> PageSpec:
    return PageSpec(key, title, icon, _lazy(module, name), f"desktop_app.gui.pages.{module}")


def _lazy(module: str, name: str) -> Callable[[AppContext], Page]:
    """A page factory that imports ``desktop_app.gui.pages.<module>`` only when the page is first built."""

    def make(context: AppContext) -> Page:
        page_class = getattr(importlib.import_module(f"desktop_app.gui.pages.{module}"), name)
        page = page_class(context)
        assert isinstance(page, Page)
        return page

    return make


SP = QStyle.StandardPixmap
PAGE_SPECS: tuple[PageSpec, ...] = (
    _spec("dashboard", "Обзор", SP.SP_DesktopIcon, "dashboard_page", "DashboardPage"),
    _spec("measures", "Мероприятия", SP.SP_FileDialogDetailedView, "measures_page", "MeasuresPage"),
    _spec("families", "Ресурсные семьи", SP.SP_DirHomeIcon, "families_page", "FamiliesPage"),
    _spec("cases", "Сопровождение", SP.SP_DirOpenIcon, "cases_page", "CasesPage"),
    _spec("indicators", "Показатели", SP.SP_FileDialogContentsView, "indicators_page", "IndicatorsPage"),
    _spec("forms", "Формы", SP.SP_FileIcon, "forms_page", "FormsPage"),
    _spec("exchange", "Обмен", SP.SP_DriveNetIcon, "exchange_page", "ExchangePage"),
    _spec("reports", "Отчёты", SP.SP_FileDialogInfoView, "reports_page", "ReportsPage"),
    _spec("audit", "Журнал", SP.SP_FileDialogListView, "audit_page", "AuditPage"),
)


def start_page_module(last_page: str) -> str:
    """The module of the page the window opens on (``last_page`` if there is one, else «Обзор»): gui/startup.py
    imports it while the user signs in."""
    specs = {spec.key: spec for spec in PAGE_SPECS}
    return (specs.get(last_page) or specs["dashboard"]).module


class _ChangeRelay(QObject):
    """Lives in the GUI thread: a commit in the worker thread emits, Qt queues the call into the GUI thread."""

    changed = Signal(object)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, icon: QIcon | None = None) -> None:
        super().__init__()
        self.context = context
        demo_mark = " — ДЕМОНСТРАЦИОННЫЕ ДАННЫЕ" if context.info.is_demo else ""
        self.setWindowTitle(f"{APP_TITLE} — {context.info.title}{demo_mark}")
        if icon is not None:
            self.setWindowIcon(icon)

        self.navigation = window_parts.navigation_list(PAGE_SPECS, self.style())
        self.stack = window_parts.PageStack()
        self.pages: dict[str, Page] = {}  # the pages built so far, by key
        self.navigation.currentRowChanged.connect(self._show_row)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(4, 4, 4, 4)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.session_lock = SessionLock(
            QApplication.instance(),  # type: ignore[arg-type]
            context.auth,
            context.actor,
            context.settings.lock_after_minutes,
            self.close_without_asking,
            self,
        )
        self._help_window: HelpWindow | None = None  # built on the first F1
        self._build_menus()
        self._build_status_bar()
        window_fit.place(self, context.settings)
        self._kept_on_screen = False
        keys = [spec.key for spec in PAGE_SPECS]
        start = context.settings.last_page if context.settings.last_page in keys else "dashboard"
        self._change_relay = _ChangeRelay(self)
        self._change_relay.changed.connect(self._data_changed)
        self._stop_listening = context.db.changes.subscribe(self._change_relay.changed.emit)
        self.open_page(start)
        self._closing_after_restore = False
        self.start_again_requested = False  # closed to start afresh (after a restore): gui/app.py starts it
        self.storage_warning = storage_risk(context.paths.database)
        self.recovery_note = context.db.recovery_message  # the previous run ended abruptly: what was recovered
        if self.storage_warning:
            self.current_page().messages.show_error(" ".join(filter(None, [self.storage_warning, self.recovery_note])))
        elif self.recovery_note:
            self.current_page().messages.show_info(self.recovery_note)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Файл")
        backups_action = QAction("&Резервные копии…", self)
        backups_action.triggered.connect(self.open_backups)
        file_menu.addAction(backups_action)
        catalogue_action = QAction("&Каталог показателей…", self)
        catalogue_action.triggered.connect(self.open_catalogue)
        file_menu.addAction(catalogue_action)
        support_action = QAction("&Меры поддержки семей…", self)
        support_action.triggered.connect(self.open_support_catalogue)
        file_menu.addAction(support_action)
        file_menu.addSeparator()
        password_action = QAction("Сменить &пароль…", self)
        password_action.triggered.connect(self.open_password_change)
        file_menu.addAction(password_action)
        if self.context.actor.can(Permission.MANAGE_USERS):
            accounts_action = QAction("По&льзователи…", self)
            accounts_action.triggered.connect(self.open_accounts)
            file_menu.addAction(accounts_action)
        lock_action = QAction("За&блокировать сеанс", self)
        lock_action.setShortcut(QKeySequence("Ctrl+L"))
        lock_action.triggered.connect(self.session_lock.lock)
        file_menu.addAction(lock_action)
        file_menu.addSeparator()
        quit_action = QAction("Вы&ход", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self._build_edit_menu()

        view_menu = self.menuBar().addMenu("&Разделы")
        for number, spec in enumerate(PAGE_SPECS, start=1):
            action = QAction(spec.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, key=spec.key: self.open_page(key))
            view_menu.addAction(action)
        view_menu.addSeparator()
        refresh = QAction("Обновить", self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(lambda: self.current_page().refresh())
        view_menu.addAction(refresh)
        find = QAction("Найти…", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self._find)
        view_menu.addAction(find)

        help_menu = self.menuBar().addMenu("&Справка")
        guide_action = QAction("&Руководство пользователя", self)
        guide_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        guide_action.setToolTip("Руководство, раздел о текущей странице (F1)")
        guide_action.triggered.connect(lambda: self.open_guide())
        help_menu.addAction(guide_action)
        help_menu.addSeparator()
        about = QAction("О программе", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_edit_menu(self) -> None:
        """«Правка»: the page shown saves, prints or exports what it has; the keys are the same on every page."""
        edit_menu = self.menuBar().addMenu("&Правка")
        entries: list[tuple[str, str, QKeySequence | QKeySequence.StandardKey, Callable[[], None]]] = [
            ("save", "&Сохранить", QKeySequence.StandardKey.Save, self.save_current),
            ("print", "&Печать…", QKeySequence.StandardKey.Print, self.print_current),
            ("export", "В &Excel…", QKeySequence("Ctrl+E"), self.export_current),
        ]
        if self.context.actor.can(Permission.EDIT_DATA) and self.context.actor.can(Permission.VIEW_PERSONAL_DATA):
            entries.append(("new_family", "&Новая семья…", QKeySequence.StandardKey.New, self.new_family))
        self.edit_actions: dict[str, QAction] = {}
        for key, text, shortcut, slot in entries:
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.triggered.connect(slot)
            edit_menu.addAction(action)
            self.edit_actions[key] = action
            if key == "export":
                edit_menu.addSeparator()

    def save_current(self) -> None:
        """Ctrl+S: the page shown saves what it is editing (a report, a family card, values, form answers)."""
        if not self.current_page().save_shortcut():
            self.statusBar().showMessage("В этом разделе сейчас нечего сохранять.", 5000)

    def print_current(self) -> None:
        """Ctrl+P: the report formed on «Отчёты»; from another page, «Отчёты» with that page's report chosen."""
        page = self.current_page()
        if page.print_shortcut():
            return
        if page.KEY != "reports":
            from desktop_app.reports.builders.request import ReportKind  # with the reports page, not at start-up

            kind = {"measures": ReportKind.MEASURES, "indicators": ReportKind.INDICATORS}.get(page.KEY)
            kind = {"families": ReportKind.FAMILIES, "forms": ReportKind.FORM}.get(page.KEY, kind)
            program_id, period, form_id = page.report_subject()
            page = self.open_page("reports")
            if kind is not None:
                page.aim(kind, program_id, period, form_id)  # type: ignore[attr-defined]  # ReportsPage
            page.form_button.setFocus()  # type: ignore[attr-defined]  # Enter forms the report
        page.messages.show_info("Выберите отчёт и нажмите «Сформировать» (Enter), затем Ctrl+P — печать.")

    def export_current(self) -> None:
        """Ctrl+E: the page's list as it is filtered (measures, families) to Excel."""
        if not self.current_page().export_shortcut():
            self.statusBar().showMessage(
                "Выгрузка в Excel есть в разделах «Мероприятия» и «Ресурсные семьи»; отчёты — в разделе «Отчёты».",
                5000,
            )

    def new_family(self) -> None:
        """Ctrl+N: the page's own new entry («Новый случай…» on «Сопровождение семей»), otherwise «Ресурсные семьи»
        and its «Новая семья…» dialog."""
        if self.current_page().new_shortcut():
            return
        page = self.open_page("families")
        page.new_family()  # type: ignore[attr-defined]  # FamiliesPage

    def _build_status_bar(self) -> None:
        labels = window_parts.status_labels(self.statusBar(), self.context.info, self.context.actor)
        self.installation_label, self.user_label, self.period_label = labels

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def open_page(self, key: str) -> Page:
        """Show the page ``key`` (building it and loading its data the first time) and return it."""
        keys = [spec.key for spec in PAGE_SPECS]
        self.navigation.setCurrentRow(keys.index(key))
        return self._page(PAGE_SPECS[keys.index(key)])

    def _page(self, spec: PageSpec) -> Page:
        page = self.pages.get(spec.key)
        if page is None:
            page = self.pages[spec.key] = spec.make(self.context)
            keyboard.tidy_tab_order(page)
            search, results = getattr(page, "search", None), getattr(page, "table", None)
            if isinstance(search, QLineEdit) and isinstance(results, QAbstractItemView):
                keyboard.search_leads_to(search, results)
            self.stack.addWidget(page)
        return page

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        spec = PAGE_SPECS[row]
        page = self._page(spec)
        self.stack.setCurrentWidget(page)
        self.context.settings.last_page = spec.key
        new_entry = self.edit_actions.get("new_family")
        if new_entry is not None:  # Ctrl+N makes what the page lists: a case on «Сопровождение»
            new_entry.setText("&Новый случай…" if spec.key == "cases" else "&Новая семья…")
        if page.busy:
            return
        if not page.loaded_once:
            page.refresh()
        elif page.stale:
            page.refresh_after_change()

    def _data_changed(self, tables: frozenset[str]) -> None:
        """A write was committed (by any page, dialog or import): every page showing its figures refreshes."""
        current = self.stack.currentWidget()
        for page in self.pages.values():
            page.data_changed(tables, shown=page is current and self.isVisible())

    def _find(self) -> None:
        page = self.current_page()
        if page.KEY not in ("measures", "families", "cases"):
            page = self.open_page("measures")
        page.focus_search()  # type: ignore[attr-defined]  # both pages have it

    def open_guide(self, target: str = "") -> HelpWindow:
        """«Справка → Руководство пользователя» (F1): the guide at ``target``, by default the current page's section."""
        from desktop_app.core.guide import INDEX, PAGE_SECTIONS
        from desktop_app.gui.help_window import HelpWindow

        if self._help_window is None:
            self._help_window = HelpWindow(self)
        self._help_window.show()  # first: the section is scrolled to within the window's final size
        self._help_window.raise_()
        self._help_window.activateWindow()
        self._help_window.open_at(target or PAGE_SECTIONS.get(self.current_page().KEY, INDEX))
        return self._help_window

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "О программе",
            f"<h3>{APP_TITLE} {__version__}</h3>"
            "<p>Реестр мероприятий «дорожной карты», ресурсных семей и показателей для органов опеки и "
            "попечительства, работающих без постоянного доступа к интернету.</p>"
            f"<p>Папка данных: {self.context.paths.root}</p>",
        )

    def open_backups(self) -> QDialog:
        """«Файл → Резервные копии…»: the copies, and a restore that closes the program afterwards."""
        from desktop_app.gui.dialogs.backup_dialog import BackupDialog

        dialog = BackupDialog(self.context, self.start_again, self)
        dialog.open()
        return dialog

    def open_catalogue(self) -> QDialog:
        """«Файл → Каталог показателей…»: groups, indicators and plan values of a program."""
        from desktop_app.gui.dialogs.catalogue_dialog import CatalogueDialog

        dialog = CatalogueDialog(self.context, self)
        dialog.finished.connect(lambda _result: self.current_page().refresh() if dialog.changed else None)
        dialog.open()
        return dialog

    def open_support_catalogue(self) -> QDialog:
        """«Файл → Меры поддержки семей…»: the region's catalogue the route's support measures are chosen from."""
        from desktop_app.gui.cases.support_catalogue_dialog import SupportCatalogueDialog

        dialog = SupportCatalogueDialog(self.context, self)
        dialog.open()
        return dialog

    def open_password_change(self) -> QDialog:
        """«Файл → Сменить пароль…»."""
        from desktop_app.gui.dialogs.password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(
            self.context, lambda: self.current_page().messages.show_info("Пароль изменён."), self
        )
        dialog.open()
        return dialog

    def open_accounts(self) -> QDialog:
        """«Файл → Пользователи…» (administrator)."""
        from desktop_app.gui.dialogs.accounts_dialog import AccountsDialog

        dialog = AccountsDialog(self.context, self)
        dialog.open()
        return dialog

    def start_again(self) -> None:
        """Close without asking (``close_without_asking``) and have the program start afresh: after a restore."""
        self.start_again_requested = True
        self.close_without_asking()

    def close_without_asking(self) -> None:
        """Close without asking about unsaved work: after a restore the data it was made from has just been
        replaced; from a locked session the user has already agreed to lose it."""
        self._closing_after_restore = True
        for dialog in self.findChildren(QDialog):
            dialog.close()
        self.close()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._kept_on_screen:
            self._kept_on_screen = True
            window_fit.keep_on_screen(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = [text for page in self.pages.values() if (text := page.unsaved_changes())]
        if unsaved and not self._closing_after_restore and not self.confirm_discard(unsaved):
            event.ignore()
            return
        window_fit.remember(self, self.context.settings)
        self.context.save_settings()
        self._stop_listening()
        self.context.runner.shutdown()
        super().closeEvent(event)

    def confirm_discard(self, unsaved: list[str], question: str = "") -> bool:
        """Ask before ``unsaved`` work is lost; ``question`` says what happens on «Да» (closing by default)."""
        question = question or (
            "Закрыть программу без сохранения? Чтобы сохранить, нажмите «Нет» и сохраните изменения в их разделе."
        )
        answer = QMessageBox.question(
            self, "Несохранённые изменения", "Есть " + "; ".join(unsaved) + ".\n\n" + question
        )
        return answer == QMessageBox.StandardButton.Yes


def page_titles() -> list[str]:
    return [spec.title for spec in PAGE_SPECS]
