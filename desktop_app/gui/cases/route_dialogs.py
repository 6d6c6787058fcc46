"""The small dialogs of a case's route: a service (its provider from the organisation directory or an entry of the
resource map of the same kind), a support measure from the region's catalogue, a referral to an organisation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Generic, Protocol, TypeVar

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_route import MeasureInput, ReferralInput, ServiceInput
from desktop_app.domain.case_terms import MeasureDecision, ReferralAnswer, ServiceKind, ServiceStatus
from desktop_app.domain.periods import format_date
from desktop_app.gui.cases.common import EditDialog, choose_data, combo, date_field, read_dates
from desktop_app.gui.context import AppContext
from desktop_app.services.case_route import CaseRouteService
from desktop_app.services.case_route_rows import RouteMeasureRow, RouteReferralRow, RouteServiceRow
from desktop_app.services.measure_editing import ExecutorRef
from desktop_app.services.resource_map import ResourceRow
from desktop_app.services.support_catalogue import MeasureKindRow


@dataclass(frozen=True)
class RouteChoices:
    """What the route's dialogs choose from: the organisation directory, the map's current entries, the catalogue."""

    organisations: tuple[ExecutorRef, ...]
    resources: tuple[ResourceRow, ...]
    kinds: tuple[MeasureKindRow, ...]


def text_box(name: str, height: int = 64) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def organisation_combo(name: str, organisations: tuple[ExecutorRef, ...], current: tuple[str | None, str]) -> QComboBox:
    box = combo(name, ((org.id, org.name) for org in organisations), blank="—")
    for org in organisations:
        box.setItemData(box.findData(org.id), org.full_name, 3)  # Qt.ToolTipRole: the full name
    current_id, current_name = current
    if current_id and box.findData(current_id) < 0:
        box.addItem(current_name or "организация", current_id)
    choose_data(box, current_id or "")
    return box


class _Checked(Protocol):
    def checked(self, today: date) -> object: ...


class _Versioned(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def row_version(self) -> int: ...


EntryT = TypeVar("EntryT", bound=_Checked)
RouteRowT = TypeVar("RouteRowT", bound=_Versioned)


class RouteEntryDialog(EditDialog, Generic[RouteRowT]):
    """A route entry's dialog (``row`` None for a new one), titled by ``TITLES`` (new, existing) and sized ``SIZE``;
    a subclass builds its rows in ``build``. Date rows are kept by key, each shown from the row's attribute of that
    name, read back on saving; saving adds the entry to the case or changes the row."""

    TITLES: ClassVar[tuple[str, str]]
    SIZE: ClassVar[tuple[int, int]]

    def __init__(
        self,
        context: AppContext,
        service: CaseRouteService,
        case_id: str,
        choices: RouteChoices,
        row: RouteRowT | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, self.TITLES[row is not None], parent, self.SIZE)
        self.service, self.case_id, self.row, self.choices = service, case_id, row, choices
        self.dates: dict[str, QLineEdit] = {}
        self.build(choices, row)
        self.finish_layout()

    def build(self, choices: RouteChoices, row: RouteRowT | None) -> None:
        raise NotImplementedError

    def combo_row(
        self, key: str, name: str, label: str, items: Iterable[tuple[object, str]], blank: str | None = None
    ) -> QComboBox:
        """A list of ``items`` under ``key``."""
        box = combo(name, items, blank)
        self.field(key, label, box)
        return box

    def text_row(self, key: str, name: str, label: str, height: int = 64) -> QPlainTextEdit:
        """A text box under ``key``."""
        box = text_box(name, height)
        self.field(key, label, box)
        return box

    def date_row(self, key: str, name: str, label: str, new: date | None = None) -> QLineEdit:
        """A date field under ``key``: the row's ``key`` when changing it, ``new`` (or nothing) for a new entry."""
        edit = date_field(name)
        self.dates[key] = edit
        self.field(key, label, edit)
        edit.setText(format_date(getattr(self.row, key) if self.row is not None else new))
        return edit

    def read_dates(self, problems: dict[str, str]) -> dict[str, date | None]:
        return read_dates(self.dates, problems)

    def store(
        self,
        entry: EntryT,
        problems: dict[str, str],
        add: Callable[[Actor, str, EntryT], object],
        update: Callable[[Actor, str, EntryT, int], object],
    ) -> None:
        """Check the entry (each problem beside its field), then add it to the case or change the row."""
        if self.check(lambda: entry.checked(date.today()), problems) is None:
            return
        actor, case_id, row = self.context.actor, self.case_id, self.row
        if row is None:
            self.write(lambda: add(actor, case_id, entry))
        else:
            self.write(lambda: update(actor, row.id, entry, row.row_version))


class ServiceDialog(RouteEntryDialog[RouteServiceRow]):
    """Add a service to the route (``row`` None) or change one."""

    TITLES = ("Новая услуга маршрута", "Услуга маршрута")
    SIZE = (640, 620)

    def build(self, choices: RouteChoices, row: RouteServiceRow | None) -> None:
        self.kind = self.combo_row(
            "kind", "serviceKind", "Вид услуги:", ((kind.value, kind.label) for kind in ServiceKind)
        )
        self.resource = self.combo_row(
            "resource_service_id", "serviceResource", "Из ресурсной карты:", (), "— не из карты —"
        )
        self.provider = organisation_combo(
            "serviceProvider", choices.organisations, (row.provider_id, row.provider_name) if row else (None, "")
        )
        self.field("provider_id", "Исполнитель:", self.provider)
        hint = QLabel(
            "Выберите услугу ресурсной карты (исполнитель подставится из неё) или организацию из справочника."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.form.addRow("", hint)
        self.description = self.text_row("description", "serviceDescription", "Описание:", 48)
        self.planned = self.date_row("planned_on", "servicePlanned", "Включена в маршрут:", date.today())
        self.due = self.date_row("due_on", "serviceDue", "Срок оказания:")
        statuses = ((status.value, status.label) for status in ServiceStatus)
        self.status = self.combo_row("status", "serviceStatus", "Состояние:", statuses)
        self.given = self.date_row("given_on", "serviceGiven", "Дата оказания:")
        self.result_text = self.text_row("result", "serviceResult", "Результат:")
        if row is not None:
            choose_data(self.kind, row.kind)
            self.description.setPlainText(row.description)
            choose_data(self.status, row.status)
            self.result_text.setPlainText(row.result)
        self._fill_resources(row.resource_service_id if row else None, row.resource_name if row else "")
        self.kind.currentIndexChanged.connect(lambda _index: self._fill_resources(self.resource.currentData(), ""))
        self.resource.currentIndexChanged.connect(self._resource_chosen)

    def _fill_resources(self, current: object, current_name: str) -> None:
        """The map's entries of the chosen kind (the one chosen before stays, even if retired since)."""
        kind = self.kind.currentData()
        self.resource.blockSignals(True)
        self.resource.clear()
        self.resource.addItem("— не из карты —", "")
        for entry in self.choices.resources:
            if entry.kind == kind:
                label = f"{entry.name} — {entry.provider_name}" if entry.provider_name else entry.name
                self.resource.addItem(label, entry.id)
        if current and self.resource.findData(current) < 0 and current_name:
            self.resource.addItem(current_name, current)
        choose_data(self.resource, current or "")
        self.resource.blockSignals(False)

    def _resource_chosen(self, _index: int) -> None:
        chosen = next((entry for entry in self.choices.resources if entry.id == self.resource.currentData()), None)
        if chosen is not None and chosen.provider_id and self.provider.findData(chosen.provider_id) >= 0:
            choose_data(self.provider, chosen.provider_id)
        self.errors["provider_id"].clear_message()

    def entry(self) -> tuple[ServiceInput, dict[str, str]]:
        problems: dict[str, str] = {}
        dates = self.read_dates(problems)
        entry = ServiceInput(
            kind=str(self.kind.currentData()),
            planned_on=dates["planned_on"],
            provider_id=str(self.provider.currentData() or "") or None,
            resource_service_id=str(self.resource.currentData() or "") or None,
            description=self.description.toPlainText(),
            due_on=dates["due_on"],
            given_on=dates["given_on"],
            status=str(self.status.currentData()),
            result=self.result_text.toPlainText(),
        )
        return entry, problems

    def save(self) -> None:
        entry, problems = self.entry()
        self.store(entry, problems, self.service.add_service, self.service.update_service)


def measure_label(kind: MeasureKindRow) -> str:
    mark = " (социальный контракт)" if kind.is_social_contract else ""
    retired = " — исключена из перечня" if kind.is_retired else ""
    return f"{kind.name}{mark}{retired}"


class MeasureDialog(RouteEntryDialog[RouteMeasureRow]):
    """Apply for a support measure from the region's catalogue, or record the decision on one."""

    TITLES = ("Новая мера поддержки", "Мера поддержки")
    SIZE = (620, 420)

    def build(self, choices: RouteChoices, row: RouteMeasureRow | None) -> None:
        kinds = ((kind.id, measure_label(kind)) for kind in choices.kinds)
        self.kind = self.combo_row("kind_id", "measureKind", "Мера поддержки:", kinds, "—")
        if row is not None and self.kind.findData(row.kind_id) < 0:
            self.kind.addItem(row.kind_name + (" (социальный контракт)" if row.is_social_contract else ""), row.kind_id)
        self.applied = self.date_row("applied_on", "measureApplied", "Дата обращения:", date.today())
        decisions = ((value.value, value.label) for value in MeasureDecision)
        self.decision = self.combo_row("decision", "measureDecision", "Решение:", decisions)
        self.decided = self.date_row("decided_on", "measureDecided", "Дата решения:")
        self.note = self.text_row("note", "measureNote", "Примечание:")
        if not choices.kinds:
            self.messages.show_info("Перечень мер поддержки региона пуст: меры приходят с пакетом региона.")
        if row is not None:
            choose_data(self.kind, row.kind_id)
            choose_data(self.decision, row.decision)
            self.note.setPlainText(row.note)

    def save(self) -> None:
        problems: dict[str, str] = {}
        dates = self.read_dates(problems)
        entry = MeasureInput(
            kind_id=str(self.kind.currentData() or ""),
            applied_on=dates["applied_on"],
            decided_on=dates["decided_on"],
            decision=str(self.decision.currentData()),
            note=self.note.toPlainText(),
        )
        self.store(entry, problems, self.service.add_measure, self.service.update_measure)


class ReferralDialog(RouteEntryDialog[RouteReferralRow]):
    """Send the family to an organisation, or record its answer."""

    TITLES = ("Новое направление", "Направление")
    SIZE = (620, 520)

    def build(self, choices: RouteChoices, row: RouteReferralRow | None) -> None:
        self.organisation = organisation_combo(
            "referralOrganisation",
            choices.organisations,
            (row.organisation_id, row.organisation_name) if row else (None, ""),
        )
        self.field("organisation_id", "Организация:", self.organisation)
        kinds = ((kind.value, kind.label) for kind in ServiceKind)
        self.kind = self.combo_row("service_kind", "referralKind", "Вид услуги:", kinds, "—")
        self.sent = self.date_row("sent_on", "referralSent", "Дата направления:", date.today())
        self.due = self.date_row("answer_due_on", "referralDue", "Ответ ожидается до:")
        self.due.setToolTip("Пусто — через 10 рабочих дней после направления")
        answers = ((value.value, value.label) for value in ReferralAnswer)
        self.answer = self.combo_row("answer", "referralAnswer", "Ответ:", answers)
        self.answered = self.date_row("answered_on", "referralAnswered", "Дата ответа:")
        self.answer_text = self.text_row("answer_text", "referralAnswerText", "Текст ответа:")
        if row is not None:
            choose_data(self.kind, row.service_kind)
            choose_data(self.answer, row.answer)
            self.answer_text.setPlainText(row.answer_text)
        else:
            self.due.setPlaceholderText("через 10 раб. дней")

    def save(self) -> None:
        problems: dict[str, str] = {}
        dates = self.read_dates(problems)
        entry = ReferralInput(
            organisation_id=str(self.organisation.currentData() or "") or None,
            sent_on=dates["sent_on"],
            service_kind=str(self.kind.currentData() or ""),
            answer_due_on=dates["answer_due_on"],
            answered_on=dates["answered_on"],
            answer=str(self.answer.currentData()),
            answer_text=self.answer_text.toPlainText(),
        )
        self.store(entry, problems, self.service.add_referral, self.service.update_referral)
