"""What every page of the main window offers the shell: a key, a title, refresh(), a busy flag, and the tables its
figures come from, so that a write anywhere in the program marks the pages it affects for a refresh."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QVBoxLayout, QWidget

from desktop_app.domain.periods import Period
from desktop_app.gui import keyboard
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.message_bar import MessageBar

# The tables behind each area of the program: a page depends on the areas whose figures it shows.
MEASURE_TABLES = frozenset(
    {"program", "program_section", "program_block", "measure", "measure_executor", "measure_indicator"}
    | {"execution_report", "report_document", "organisation", "installation", "reporting_step", "reporting_step_mark"}
)
FAMILY_TABLES = frozenset({"resource_family", "family_member", "family_step", "child_placement", "family_document"})
CASE_TABLES = frozenset({"family_case", "case_adult", "case_child", "case_stage", "case_team_member"})
INDICATOR_TABLES = frozenset(
    {"program", "indicator_group", "indicator", "indicator_plan", "indicator_value", "period_closure", "installation"}
)
FORM_TABLES = frozenset({"form_answer"})
EXCHANGE_TABLES = frozenset(
    {"sync_peer", "sync_record_state", "sync_conflict", "import_log", "sent_attachment", "installation"}
)
AUDIT_TABLES = frozenset({"audit_entry"})


class Page(QWidget):
    KEY = ""
    TITLE = ""
    DEPENDS_ON: frozenset[str] = frozenset()  # tables whose changes make what the page shows out of date
    # A page that only shows (no editing of its own) refreshes at once when what it shows changes while it is
    # on screen; an editing page is left alone while on screen (it updates itself after its own writes, and a
    # reload must not pull the user's selection or typing away) and refreshes when the user comes back to it.
    REFRESH_WHILE_SHOWN = False

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.messages = MessageBar(self)
        self._loading = 0
        self.last_error = ""
        self.loaded_once = False
        self.stale = False  # data it shows changed since it was loaded: refreshed when next shown
        self.root_layout = QVBoxLayout(self)
        self.root_layout.addWidget(self.messages)

    def refresh(self) -> None:
        """Reload what the page shows; pages without data need not override it."""
        self.loaded_once = True

    def data_changed(self, tables: frozenset[str], shown: bool) -> None:
        """A committed write changed ``tables``: refresh now if on screen and REFRESH_WHILE_SHOWN, else later."""
        if not tables & self.DEPENDS_ON:
            return
        if shown and self.REFRESH_WHILE_SHOWN and not self.busy:
            self.refresh_after_change()
        elif self.loaded_once or self.busy:
            self.stale = True  # a load under way may have read the data before this write: load again after it

    def refresh_after_change(self) -> None:
        """Reload what changed elsewhere; a success message refers to the figures it replaces, so it goes.

        Typing not yet saved is never reloaded away: the page says that its figures changed and waits."""
        if self.unsaved_changes():
            self.messages.show_info(
                "Данные этого раздела изменены в другом месте программы. Сохраните или отмените свои изменения, "
                "затем нажмите F5, чтобы обновить."
            )
            return
        self.stale = False
        if self.messages.property("kind") == "info":
            self.messages.clear_message()
        self.refresh()

    def unsaved_changes(self) -> str:
        """What would be lost if the window closed now, in a few words; empty when nothing."""
        return ""

    # The main window's menu shortcuts (Ctrl+S, Ctrl+P, Ctrl+E) ask the page shown; one window-wide shortcut per key
    # instead of one per page or panel, which Qt would find ambiguous and then run neither.
    def save_shortcut(self) -> bool:
        """«Правка → Сохранить» (Ctrl+S): save what the page is editing; False when it has nothing to save."""
        return False

    def new_shortcut(self) -> bool:
        """«Правка → Новая запись…» (Ctrl+N): a new entry of what the page lists; False when it has none."""
        return False

    def print_shortcut(self) -> bool:
        """«Правка → Печать…» (Ctrl+P): print what the page shows; False when it has nothing to print."""
        return False

    def report_subject(self) -> tuple[str | None, Period | None, str | None]:
        """What Ctrl+P from this page prints: the program, the period and the form the page shows (None: not
        chosen here), so «Отчёты» opens on the same program and period."""
        return None, None, None

    def export_shortcut(self) -> bool:
        """«Правка → В Excel…» (Ctrl+E): export what the page lists; False when it has no export."""
        return False

    @property
    def busy(self) -> bool:
        return self._loading > 0

    def load(self, work, on_done) -> None:  # type: ignore[no-untyped-def]
        """Run ``work`` in the background and pass its result to ``on_done`` in the GUI thread."""
        self._loading += 1

        def done(result: object) -> None:
            self._loading -= 1
            self.loaded_once = True
            self.last_error = ""
            on_done(result)
            keyboard.tidy_tab_order(self)  # for the tables the result brought (a form's answer tables)
            if self.stale and self.REFRESH_WHILE_SHOWN and not self.busy and self.isVisible():
                self.refresh_after_change()  # a write arrived while this load ran

        def failed(message: str) -> None:
            self._loading -= 1
            self.loaded_once = True
            self.last_error = message
            self.messages.show_error(message)
            self.load_failed(message)

        self.context.runner.run(work, done, failed)

    def load_failed(self, message: str) -> None:
        """After a background job failed and its message is shown: pages that disabled controls restore them."""


def press(button: QAbstractButton) -> bool:
    """Click ``button`` as the user could (shown and enabled) for a keyboard shortcut; False when they could not."""
    if button.isHidden() or not button.isEnabled():
        return False
    button.click()
    return True
