"""«Консилиум» of a case card: every time the interagency consilium or the expert group considered the case, with
the decision, the recommendations and whether the family is given interagency support (read-only: the meetings are
entered in the consilium panel)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.domain.roles import Permission
from desktop_app.gui.cases.common import CONSILIUM_TABLES, NO_PERSONAL_DATA, LiveSection, list_view
from desktop_app.gui.cases.consilium_models import CaseReviewsModel
from desktop_app.gui.context import AppContext
from desktop_app.services.consilium import ConsiliumService, MeetingRow, ReviewRow


class CaseReviewsTab(LiveSection):
    """The consilium reviews of case ``case_id``, oldest first."""

    DEPENDS_ON = CONSILIUM_TABLES

    def __init__(self, context: AppContext, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.case_id = case_id
        self.service = ConsiliumService(context.db)
        self.model = CaseReviewsModel()
        self.table = list_view(self.model, "caseReviews", (110, 200, 90, 100, 200, 110))
        self.summary = QLabel()
        self.summary.setObjectName("caseReviewsSummary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.messages)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        service, actor, case_id = self.service, self.context.actor, self.case_id
        self.load(lambda: service.case_reviews(actor, case_id), self._show)

    def _show(self, rows: list[tuple[MeetingRow, ReviewRow]]) -> None:
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        text = f"Случай рассмотрен на заседаниях: {len(rows)}." if rows else "Случай на заседаниях не рассматривался."
        if rows and not self.context.actor.can(Permission.VIEW_PERSONAL_DATA):
            text += " " + NO_PERSONAL_DATA
        self.summary.setText(text)
