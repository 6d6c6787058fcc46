"""The consilium's small dialogs: a meeting (kind, date, protocol number, chair, notes) and a case considered at it
(the case chosen from the register by code or name, for the expert group the child, the decision and
recommendations)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from desktop_app.domain.case_terms import ConsiliumKind, ReviewDecision
from desktop_app.domain.periods import format_date
from desktop_app.gui.cases.common import EditDialog, choose_data, combo, date_field, read_dates
from desktop_app.gui.cases.route_dialogs import text_box
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.search_box import SearchBox
from desktop_app.services.case_choices import CaseBrief, CaseChoices
from desktop_app.services.case_register import CaseFilter, CaseRegister, CaseRow
from desktop_app.services.consilium import ConsiliumService, MeetingInput, MeetingRow, ReviewInput, ReviewRow

CASE_CHOICES = 50  # cases offered for one search; typing more of the code or name narrows them


class MeetingDialog(EditDialog):
    """A new meeting (``row`` None) or a change to one."""

    def __init__(
        self,
        context: AppContext,
        service: ConsiliumService,
        row: MeetingRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, "Заседание" if row else "Новое заседание", parent, (600, 440))
        self.service, self.row = service, row
        self.kind = combo("meetingKind", ((kind.value, kind.label) for kind in ConsiliumKind))
        self.held = date_field("meetingHeld")
        self.number = QLineEdit()
        self.number.setObjectName("meetingNumber")
        self.chair = QLineEdit()
        self.chair.setObjectName("meetingChair")
        self.notes = text_box("meetingNotes", 80)
        self.field("kind", "Вид заседания:", self.kind)
        self.field("held_on", "Дата заседания:", self.held)
        self.field("number", "№ протокола:", self.number)
        self.field("chair", "Председатель:", self.chair)
        self.field("notes", "Примечание:", self.notes)
        if row is not None:
            choose_data(self.kind, row.kind)
            self.held.setText(format_date(row.held_on))
            self.number.setText(row.number)
            self.chair.setText(row.chair)
            self.notes.setPlainText(row.notes)
        else:
            self.held.setText(format_date(date.today()))
        self.finish_layout()

    def save(self) -> None:
        problems: dict[str, str] = {}
        dates = read_dates({"held_on": self.held}, problems)
        entry = MeetingInput(
            kind=str(self.kind.currentData()),
            held_on=dates["held_on"],
            number=self.number.text(),
            chair=self.chair.text(),
            notes=self.notes.toPlainText(),
            municipality=self.row.municipality if self.row else "",
        )
        if self.check(lambda: entry.checked(date.today()), problems) is None:
            return
        service, actor, row = self.service, self.context.actor, self.row
        if row is None:
            self.write(lambda: service.add_meeting(actor, entry))
        else:
            self.write(lambda: service.update_meeting(actor, row.id, entry, row.row_version))


class ReviewDialog(EditDialog):
    """A case considered at ``meeting``; for the expert group, the child whose placement it reviewed."""

    def __init__(
        self,
        context: AppContext,
        service: ConsiliumService,
        meeting: MeetingRow,
        row: ReviewRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, f"Рассмотрение случая — {meeting.title}", parent, (640, 520))
        self.service, self.meeting, self.row = service, meeting, row
        self.expert = meeting.kind == ConsiliumKind.EXPERT_REVIEW.value
        self.search = SearchBox("код случая или фамилия")
        self.search.setObjectName("reviewCaseSearch")
        self.case = QComboBox()
        self.case.setObjectName("reviewCase")
        self.child = combo("reviewChild", (), blank="—")
        self.decision = combo("reviewDecision", ((value.value, value.label) for value in ReviewDecision))
        self.recommendations = text_box("reviewRecommendations", 96)
        self.support = QCheckBox("семье оказывается межведомственная поддержка")
        self.support.setObjectName("reviewSupport")
        if row is None:
            self.form.addRow("Найти случай:", self.search)
            self.field("case_id", "Случай:", self.case)
        else:
            fixed = QLabel(row.case_code)
            fixed.setObjectName("reviewCaseCode")
            self.field("case_id", "Случай:", fixed)
        self.field("child_id", "Ребёнок:" if not self.expert else "Ребёнок (помещение):", self.child)
        self.field("decision", "Решение:", self.decision)
        self.field("recommendations", "Рекомендации:", self.recommendations)
        self.field("interagency_support", "", self.support)
        if self.expert:
            hint = QLabel("Экспертная группа рассматривает помещение в организацию конкретного ребёнка: выберите его.")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            self.form.addRow("", hint)
        if row is not None:
            choose_data(self.decision, row.decision)
            self.recommendations.setPlainText(row.recommendations)
            self.support.setChecked(row.interagency_support)
            self._load_children(row.case_id, row.child_id)
        else:
            self.search.search_changed.connect(self.find_cases)
            self.case.currentIndexChanged.connect(lambda _index: self._load_children(self.case_id(), None))
            self.find_cases("")
        self.finish_layout()

    def case_id(self) -> str:
        if self.row is not None:
            return self.row.case_id
        return str(self.case.currentData() or "")

    def find_cases(self, text: str) -> None:
        register, actor = CaseRegister(self.context.db), self.context.actor
        self.context.runner.run(
            lambda: register.rows(actor, CaseFilter(search=text), limit=CASE_CHOICES),
            self._show_cases,
            self.messages.show_error,
        )

    def _show_cases(self, rows: list[CaseRow]) -> None:
        current = self.case.currentData()
        self.case.blockSignals(True)
        self.case.clear()
        self.case.addItem("— выберите случай —", "")
        for case in rows:
            label = case.code if case.family in ("", case.code) else f"{case.code} — {case.family}"
            self.case.addItem(label, case.id)
        choose_data(self.case, current or (rows[0].id if len(rows) == 1 else ""))
        self.case.blockSignals(False)
        self._load_children(self.case_id(), None)

    def _load_children(self, case_id: str, child_id: str | None) -> None:
        self.child.clear()
        self.child.addItem("—", "")
        if not case_id:
            return
        choices, actor = CaseChoices(self.context.db), self.context.actor
        self.context.runner.run(
            lambda: choices.brief(actor, case_id),
            lambda brief: self._show_children(brief, child_id),
            self.messages.show_error,
        )

    def _show_children(self, brief: CaseBrief, child_id: str | None) -> None:
        if brief.id != self.case_id():
            return  # another case was chosen meanwhile
        self.child.clear()
        self.child.addItem("—", "")
        for child in brief.children:
            self.child.addItem(child.label, child.id)
        placed = [child.id for child in brief.children if child.placed_on is not None]
        choose_data(self.child, child_id or (placed[0] if self.expert and len(placed) == 1 else ""))

    def save(self) -> None:
        entry = ReviewInput(
            case_id=self.case_id(),
            decision=str(self.decision.currentData()),
            recommendations=self.recommendations.toPlainText(),
            interagency_support=self.support.isChecked(),
            child_id=str(self.child.currentData() or "") or None,
        )
        problems: dict[str, str] = {}
        if self.expert and entry.case_id and entry.child_id is None:
            problems["child_id"] = "Укажите ребёнка, помещение которого в организацию рассматривает экспертная группа."
        if self.check(entry.checked, problems) is None:
            return
        service, actor, row, meeting_id = self.service, self.context.actor, self.row, self.meeting.id
        if row is None:
            self.write(lambda: service.add_review(actor, meeting_id, entry))
        else:
            self.write(lambda: service.update_review(actor, row.id, entry, row.row_version))
