"""«Маршрут» of a case card: the services of the family's route, the support measures applied for and the referrals
sent, each added, changed and removed in a small dialog; overdue rows red with how late they are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.roles import Permission
from desktop_app.gui.cases.common import NO_PERSONAL_DATA, ROUTE_TABLES, LiveSection, list_view, selected_row
from desktop_app.gui.cases.route_dialogs import MeasureDialog, ReferralDialog, RouteChoices, ServiceDialog
from desktop_app.gui.cases.route_models import MeasuresModel, ReferralsModel, ServicesModel
from desktop_app.gui.context import AppContext
from desktop_app.gui.models.row_table import RowTableModel
from desktop_app.services.case_choices import CaseBrief, CaseChoices
from desktop_app.services.case_route import CaseRouteService
from desktop_app.services.case_route_rows import CaseRoute
from desktop_app.services.resource_map import ResourceFilter, ResourceMapService
from desktop_app.services.support_catalogue import SupportCatalogueService

CLOSED_NOTE = "Семья снята с сопровождения: маршрут закрытого случая только для просмотра."


class _Section:
    """One of the three lists with its «Добавить…», «Изменить…», «Удалить» buttons."""

    def __init__(self, title: str, name: str, model: RowTableModel[Any], widths: tuple[int, ...]) -> None:
        self.model = model
        self.box = QGroupBox(title)
        self.view = list_view(model, name, widths)
        self.add = QPushButton("Добавить…")
        self.edit = QPushButton("Изменить…")
        self.remove = QPushButton("Удалить")
        for button, suffix in ((self.add, "Add"), (self.edit, "Edit"), (self.remove, "Remove")):
            button.setObjectName(name + suffix)
        buttons = QVBoxLayout()
        for button in (self.add, self.edit, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout(self.box)
        row.setContentsMargins(6, 4, 6, 6)
        row.addWidget(self.view, 1)
        row.addLayout(buttons)

    def chosen(self) -> Any:
        return self.model.row_at(selected_row(self.view))

    def update_buttons(self, editable: bool) -> None:
        self.add.setVisible(editable)
        self.edit.setVisible(editable)
        self.remove.setVisible(editable)
        has_row = self.chosen() is not None
        self.edit.setEnabled(has_row)
        self.remove.setEnabled(has_row)


class CaseRouteTab(LiveSection):
    """The route of case ``case_id``; emits ``changed`` after its own writes (the data itself refreshes from the
    change feed)."""

    DEPENDS_ON = ROUTE_TABLES

    def __init__(self, context: AppContext, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.case_id = case_id
        self.service = CaseRouteService(context.db)
        self.route: CaseRoute | None = None
        self.brief: CaseBrief | None = None
        self.choices = RouteChoices((), (), ())
        actor = context.actor
        self.personal = actor.can(Permission.VIEW_PERSONAL_DATA)
        self.can_edit = actor.can(Permission.EDIT_DATA) and self.personal
        self.heading = QLabel()
        self.heading.setObjectName("routeHeading")
        self.heading.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("routeNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.note.hide()
        self.services = _Section("Услуги", "routeServices", ServicesModel(), (150, 220, 80, 80, 80, 200))
        self.measures = _Section("Меры поддержки", "routeMeasures", MeasuresModel(), (300, 90, 90, 200, 90))
        self.referrals = _Section("Направления", "routeReferrals", ReferralsModel(), (240, 150, 85, 85, 190, 85))
        self.sections = (self.services, self.measures, self.referrals)
        openers: tuple[Callable[[Any], QDialog], ...] = (
            self.open_service_dialog,
            self.open_measure_dialog,
            self.open_referral_dialog,
        )
        removers = (self._remove_service, self._remove_measure, self._remove_referral)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        for section, opener, remover in zip(self.sections, openers, removers, strict=True):
            section.add.clicked.connect(lambda _checked=False, open_=opener: open_(None))
            section.edit.clicked.connect(lambda _checked=False, s=section, open_=opener: self._edit(s, open_))
            section.remove.clicked.connect(lambda _checked=False, s=section, remove=remover: self._remove(s, remove))
            section.view.doubleClicked.connect(lambda _index, s=section, open_=opener: self._edit(s, open_))
            section.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
            delete = QShortcut(QKeySequence.StandardKey.Delete, section.view, context=Qt.ShortcutContext.WidgetShortcut)
            delete.activated.connect(lambda s=section, remove=remover: self._remove(s, remove))
            enter = QShortcut(QKeySequence(Qt.Key.Key_Return), section.view, context=Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(lambda s=section, open_=opener: self._edit(s, open_))
            splitter.addWidget(section.box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.messages)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        self._update_buttons()
        self.refresh()

    @property
    def editable(self) -> bool:
        return self.can_edit and self.brief is not None and not self.brief.is_closed

    def refresh(self) -> None:
        actor, case_id, service, db = self.context.actor, self.case_id, self.service, self.context.db
        editing = self.can_edit
        organisations = self.context.measures

        def work() -> tuple[CaseBrief, CaseRoute, RouteChoices]:
            brief = CaseChoices(db).brief(actor, case_id)
            route = service.route(actor, case_id)
            choices = RouteChoices((), (), ())
            if editing and not brief.is_closed:
                choices = RouteChoices(
                    tuple(organisations.organisations(actor)),
                    tuple(ResourceMapService(db).entries(actor, ResourceFilter())),
                    tuple(SupportCatalogueService(db).kinds(actor)),
                )
            return brief, route, choices

        self.load(work, self._show)

    def _show(self, result: tuple[CaseBrief, CaseRoute, RouteChoices]) -> None:
        self.brief, self.route, self.choices = result
        route = self.route
        lists: tuple[tuple[Any, ...], ...] = (route.services, route.measures, route.referrals)
        for section, rows in zip(self.sections, lists, strict=True):
            chosen = section.chosen()
            section.model.set_rows(rows)
            section.view.resizeRowsToContents()
            if chosen is not None:
                for number, row in enumerate(rows):
                    if row.id == chosen.id:
                        section.view.selectRow(number)
        overdue = route.overdue_count
        parts = [f"Маршрут случая {route.case_code}"]
        parts.append(f"просрочено: {overdue}" if overdue else "просроченного нет")
        self.heading.setText(" · ".join(parts))
        self.heading.setStyleSheet("color: #b00020; font-weight: bold;" if overdue else "font-weight: bold;")
        notes = []
        if self.brief.is_closed:
            notes.append(CLOSED_NOTE)
        if not self.personal:
            notes.append(NO_PERSONAL_DATA)
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        self._update_buttons()

    def _update_buttons(self) -> None:
        for section in self.sections:
            section.update_buttons(self.editable)

    # ------------------------------------------------------------------------------------------- dialogs

    def open_service_dialog(self, row: Any = None) -> QDialog:
        return self._open(ServiceDialog(self.context, self.service, self.case_id, self.choices, row, self), row)

    def open_measure_dialog(self, row: Any = None) -> QDialog:
        return self._open(MeasureDialog(self.context, self.service, self.case_id, self.choices, row, self), row)

    def open_referral_dialog(self, row: Any = None) -> QDialog:
        return self._open(ReferralDialog(self.context, self.service, self.case_id, self.choices, row, self), row)

    def _open(self, dialog: QDialog, row: Any) -> QDialog:
        message = "Изменения сохранены." if row is not None else "Добавлено в маршрут."
        dialog.accepted.connect(lambda: self._written(message))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _edit(self, section: _Section, opener: Callable[[Any], QDialog]) -> None:
        row = section.chosen()
        if row is not None and self.editable:
            opener(row)

    def _written(self, message: str) -> None:
        self.messages.show_info(message)
        self.changed.emit()

    # ------------------------------------------------------------------------------------------- removing

    def confirm_remove(self, what: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Удаление из маршрута",
            f"Удалить {what} из маршрута? Запись о ней останется в журнале изменений.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _remove(self, section: _Section, remover: Callable[[Any], Callable[[], None] | None]) -> None:
        row = section.chosen()
        if row is None or not self.editable:
            return
        work = remover(row)
        if work is None:
            return
        self.context.runner.run(work, lambda _result: self._written("Удалено из маршрута."), self.messages.show_error)

    def _remove_service(self, row: Any) -> Callable[[], None] | None:
        if not self.confirm_remove(f"услугу «{row.kind_label}»"):
            return None
        service, actor = self.service, self.context.actor
        return lambda: service.remove_service(actor, row.id, row.row_version)

    def _remove_measure(self, row: Any) -> Callable[[], None] | None:
        if not self.confirm_remove(f"меру поддержки «{row.kind_name}»"):
            return None
        service, actor = self.service, self.context.actor
        return lambda: service.remove_measure(actor, row.id, row.row_version)

    def _remove_referral(self, row: Any) -> Callable[[], None] | None:
        if not self.confirm_remove(f"направление в «{row.organisation_name}»"):
            return None
        service, actor = self.service, self.context.actor
        return lambda: service.remove_referral(actor, row.id, row.row_version)
