"""The «Плановые значения» tab of the catalogue editor: the grid of one indicator, loaded and saved in the
background; cells the service refuses are coloured, with the reason in their tooltip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.errors import ValidationError
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.plan_grid import PlanGridTable
from desktop_app.services.catalogue_plans import CataloguePlans, PlanGrid


class PlanPanel(QWidget):
    def __init__(
        self, context: AppContext, messages: MessageBar, on_saved: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.messages, self._on_saved = context, messages, on_saved
        self.plans = CataloguePlans(context.db)
        self.indicator: tuple[str, str] | None = None  # (id, code)
        self.grid = PlanGridTable()
        hint = QLabel(
            "Первая строка — план в целом, дальше — районы (пустая ячейка — район видит план в целом). Блок из"
            " Excel вставляется с выбранной ячейки (Ctrl+V); числа — как 1 234,5."
        )
        hint.setWordWrap(True)
        self.save_button = QPushButton("Сохранить план")
        self.save_button.setObjectName("savePlan")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        column = QVBoxLayout(self)
        column.addWidget(hint)
        column.addWidget(self.grid, 1)
        column.addLayout(buttons)

    def show_indicator(self, indicator_id: str | None, code: str = "") -> None:
        self.indicator = (indicator_id, code) if indicator_id else None
        self.grid.set_grid(None)
        if indicator_id:
            plans, actor = self.plans, self.context.actor
            self.context.runner.run(lambda: plans.grid(actor, indicator_id), self._show, self.messages.show_error)

    def _show(self, grid: PlanGrid) -> None:
        if self.indicator and grid.indicator_id == self.indicator[0]:
            self.grid.set_grid(grid)
            self.save_button.setEnabled(not grid.read_only_reason)

    def save(self) -> None:
        if self.indicator is None:
            return
        indicator_id, code = self.indicator
        if problems := self.grid.problems():
            self.messages.show_error("План не сохранён: " + "; ".join(problems[:3]) + ".")
            return
        cells = self.grid.changed_cells()
        if not cells:
            self.messages.show_info("В плане нет изменений.")
            return
        plans, actor = self.plans, self.context.actor

        def work() -> PlanGrid | ValidationError:
            try:
                return plans.save(actor, indicator_id, cells)
            except ValidationError as exc:  # returned, not raised: its cells are marked in the grid
                return exc

        def done(result: PlanGrid | ValidationError) -> None:
            if isinstance(result, ValidationError):
                self.messages.show_error(result.message)
                self.grid.mark_errors(dict(result.field_errors))
                return
            self._show(result)
            self._on_saved()
            self.messages.show_info(f"План показателя {code} сохранён: изменено ячеек — {len(cells)}.")

        self.context.runner.run(work, done, self.messages.show_error)
