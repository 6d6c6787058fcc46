"""«Консилиум»: the interagency consilium's and the expert group's meetings of a period, the cases each considered,
and seed 000's check that every placement of a child under 4 in an institution was reviewed by the expert group."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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

from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.roles import Permission
from desktop_app.gui.cases.common import CONSILIUM_TABLES, LiveSection, list_view, selected_row
from desktop_app.gui.cases.consilium_dialogs import MeetingDialog, ReviewDialog
from desktop_app.gui.cases.consilium_models import MeetingsModel, ReviewsModel
from desktop_app.gui.context import AppContext
from desktop_app.services.consilium import ConsiliumService, MeetingRow, PlacementCoverage, ReviewRow

COVERAGE_TITLE = "Экспертная группа — помещения детей до 4 лет в организации"


def period_choices(today: date) -> list[Period]:
    """This year's and last year's half-years, quarters and years, the current half-year first."""
    choices: list[Period] = []
    for year_day in (today, today.replace(year=today.year - 1, day=min(today.day, 28))):
        for kind in (PeriodKind.HALF_YEAR, PeriodKind.QUARTER, PeriodKind.YEAR):
            period = Period.containing(year_day, kind)
            choices.extend(p for p in _siblings(period) if p not in choices)
    current = Period.containing(today, PeriodKind.HALF_YEAR)
    choices.remove(current)
    return [current, *choices]


def _siblings(period: Period) -> list[Period]:
    """Every period of ``period``'s kind in its year, in order."""
    first = Period.containing(date(period.year, 1, 1), period.kind)
    found = [first]
    while found[-1].next().year == period.year:
        found.append(found[-1].next())
    return found


def coverage_text(coverage: PlacementCoverage) -> str:
    """«…: не рассмотрено: 2 (Р-2026-01, Р-2026-04)» or «…: все случаи рассмотрены (3 из 3)»."""
    text = f"{COVERAGE_TITLE}: {coverage.text}"
    if coverage.unreviewed:
        text += " (" + ", ".join(coverage.unreviewed_codes) + ")"
    elif coverage.placements:
        text += f" ({coverage.reviewed} из {coverage.total})"
    return text


class ConsiliumPanel(LiveSection):
    """Meetings of the chosen period with their reviews, and the expert group's coverage for that period."""

    DEPENDS_ON = CONSILIUM_TABLES

    def __init__(self, context: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(context, parent)
        self.service = ConsiliumService(context.db)
        self.can_edit = context.actor.can(Permission.EDIT_DATA) and context.actor.can(Permission.VIEW_PERSONAL_DATA)
        self.coverage: PlacementCoverage | None = None
        self.period = QComboBox()
        self.period.setObjectName("consiliumPeriod")
        for period in period_choices(today or date.today()):
            self.period.addItem(period.label, period.code)
        self.period.currentIndexChanged.connect(lambda _index: self.refresh())
        self.coverage_label = QLabel()
        self.coverage_label.setObjectName("consiliumCoverage")
        self.coverage_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("Период:"))
        top.addWidget(self.period)
        top.addWidget(self.coverage_label, 1)

        self.meetings = MeetingsModel()
        self.meetings_view = list_view(self.meetings, "consiliumMeetings", (85, 190, 75, 85))
        self.add_meeting = QPushButton("Новое заседание…")
        self.edit_meeting = QPushButton("Изменить…")
        self.remove_meeting = QPushButton("Удалить")
        self.reviews = ReviewsModel()
        self.reviews_view = list_view(self.reviews, "consiliumReviews", (90, 90, 180, 90))
        self.add_review = QPushButton("Добавить случай…")
        self.edit_review = QPushButton("Изменить…")
        self.remove_review = QPushButton("Удалить")
        for name, button in (
            ("addMeeting", self.add_meeting),
            ("editMeeting", self.edit_meeting),
            ("removeMeeting", self.remove_meeting),
            ("addReview", self.add_review),
            ("editReview", self.edit_review),
            ("removeReview", self.remove_review),
        ):
            button.setObjectName(name)
            button.setVisible(self.can_edit)
        self.add_meeting.clicked.connect(lambda: self.open_meeting_dialog(None))
        self.edit_meeting.clicked.connect(lambda: self._edit_meeting())
        self.remove_meeting.clicked.connect(self._remove_meeting)
        self.add_review.clicked.connect(lambda: self.open_review_dialog(None))
        self.edit_review.clicked.connect(lambda: self._edit_review())
        self.remove_review.clicked.connect(self._remove_review)
        self.meetings_view.doubleClicked.connect(lambda _index: self._edit_meeting())
        self.reviews_view.doubleClicked.connect(lambda _index: self._edit_review())
        self.meetings_view.selectionModel().selectionChanged.connect(lambda *_args: self._meeting_chosen())
        self.reviews_view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())

        self.reviews_box = QGroupBox("Рассмотренные случаи")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(
            _boxed("Заседания", self.meetings_view, self.add_meeting, self.edit_meeting, self.remove_meeting)
        )
        _fill_box(self.reviews_box, self.reviews_view, self.add_review, self.edit_review, self.remove_review)
        splitter.addWidget(self.reviews_box)
        splitter.setSizes([640, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.messages)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._update_buttons()
        self.refresh()

    def chosen_period(self) -> Period:
        return Period.parse(str(self.period.currentData()))

    def refresh(self) -> None:
        service, actor, period = self.service, self.context.actor, self.chosen_period()

        def work() -> tuple[list[MeetingRow], PlacementCoverage]:
            return service.meetings(actor, period.start, period.end), service.period_coverage(actor, period)

        self.load(work, self._show)

    def _show(self, result: tuple[list[MeetingRow], PlacementCoverage]) -> None:
        meetings, self.coverage = result
        chosen = self.chosen_meeting()
        self.meetings.set_rows(meetings)
        if chosen is not None:
            for number, row in enumerate(meetings):
                if row.id == chosen.id:
                    self.meetings_view.selectRow(number)
        self._meeting_chosen()
        self.coverage_label.setText(coverage_text(self.coverage))
        missing = bool(self.coverage.unreviewed)
        self.coverage_label.setStyleSheet("color: #b00020; font-weight: bold;" if missing else "color: #1b5e20;")

    def chosen_meeting(self) -> MeetingRow | None:
        return self.meetings.row_at(selected_row(self.meetings_view))

    def chosen_review(self) -> ReviewRow | None:
        return self.reviews.row_at(selected_row(self.reviews_view))

    def _meeting_chosen(self) -> None:
        meeting = self.chosen_meeting()
        review = self.chosen_review()
        self.reviews.set_rows(meeting.reviews if meeting else ())
        self.reviews_view.resizeRowsToContents()
        if review is not None and meeting is not None:
            for number, row in enumerate(meeting.reviews):
                if row.id == review.id:
                    self.reviews_view.selectRow(number)
        self.reviews_box.setTitle(f"Рассмотренные случаи — {meeting.title}" if meeting else "Рассмотренные случаи")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_meeting = self.chosen_meeting() is not None
        has_review = self.chosen_review() is not None
        self.edit_meeting.setEnabled(has_meeting)
        self.remove_meeting.setEnabled(has_meeting)
        self.add_review.setEnabled(has_meeting)
        self.edit_review.setEnabled(has_review)
        self.remove_review.setEnabled(has_review)

    # ------------------------------------------------------------------------------------------- dialogs

    def open_meeting_dialog(self, row: MeetingRow | None) -> QDialog:
        dialog = MeetingDialog(self.context, self.service, row, self)
        return self._open(dialog, "Заседание записано.")

    def open_review_dialog(self, row: ReviewRow | None) -> QDialog | None:
        meeting = self.chosen_meeting()
        if meeting is None:
            return None
        return self._open(ReviewDialog(self.context, self.service, meeting, row, self), "Рассмотрение записано.")

    def _open(self, dialog: QDialog, message: str) -> QDialog:
        dialog.accepted.connect(lambda: self._written(message))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _edit_meeting(self) -> None:
        if self.can_edit and (meeting := self.chosen_meeting()) is not None:
            self.open_meeting_dialog(meeting)

    def _edit_review(self) -> None:
        if self.can_edit and (review := self.chosen_review()) is not None:
            self.open_review_dialog(review)

    def _written(self, message: str) -> None:
        self.messages.show_info(message)
        self.changed.emit()

    def confirm_remove(self, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Удаление",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _remove_meeting(self) -> None:
        meeting = self.chosen_meeting()
        if meeting is None or not self.confirm_remove(f"Удалить заседание «{meeting.title}» со всеми рассмотрениями?"):
            return
        service, actor = self.service, self.context.actor
        self.context.runner.run(
            lambda: service.remove_meeting(actor, meeting.id, meeting.row_version),
            lambda _result: self._written("Заседание удалено."),
            self.messages.show_error,
        )

    def _remove_review(self) -> None:
        review = self.chosen_review()
        if review is None or not self.confirm_remove(f"Удалить рассмотрение случая {review.case_code}?"):
            return
        service, actor = self.service, self.context.actor
        self.context.runner.run(
            lambda: service.remove_review(actor, review.id, review.row_version),
            lambda _result: self._written("Рассмотрение удалено."),
            self.messages.show_error,
        )


def _fill_box(box: QGroupBox, view: QWidget, *buttons: QPushButton) -> None:
    column = QVBoxLayout()
    for button in buttons:
        column.addWidget(button)
    column.addStretch(1)
    row = QHBoxLayout(box)
    row.setContentsMargins(6, 4, 6, 6)
    row.addWidget(view, 1)
    row.addLayout(column)


def _boxed(title: str, view: QWidget, *buttons: QPushButton) -> QGroupBox:
    box = QGroupBox(title)
    _fill_box(box, view, *buttons)
    return box
