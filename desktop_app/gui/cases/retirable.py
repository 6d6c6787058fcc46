"""A list whose entries are retired rather than deleted (the resource map, the catalogue of support measures): its
retired rows drawn grey, and the buttons under it — «Добавить…», «Изменить…» and one that retires the chosen entry
or brings a retired one back, named by what it would do — and its entry dialog's opening and saving (add a new
entry or change the chosen one). Only the user's own entries (no ``read_only_reason``) can be changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton

from desktop_app.domain.actor import Actor
from desktop_app.gui.cases.common import RETIRED_COLOUR, EditDialog, MarkedRowsModel
from desktop_app.gui.context import AppContext


class Retirable(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def row_version(self) -> int: ...
    @property
    def is_retired(self) -> bool: ...
    @property
    def read_only_reason(self) -> str: ...


RetirableT = TypeVar("RetirableT", bound=Retirable)


class RetirableModel(MarkedRowsModel[RetirableT]):
    """Retired rows drawn grey."""

    def colour(self, row: RetirableT) -> QColor | None:
        return RETIRED_COLOUR if row.is_retired else None


class RetireButtons:
    """The three buttons (object names ``<prefix>Add``, ``…Edit``, ``…Retire``), shown only to a user who may
    edit; ``retire_text`` and ``restore_text`` name the third button for a current and for a retired entry."""

    def __init__(self, prefix: str, editable: bool, retire_text: str, restore_text: str) -> None:
        self.retire_text, self.restore_text = retire_text, restore_text
        self.add = QPushButton("Добавить…")
        self.edit = QPushButton("Изменить…")
        self.retire = QPushButton(retire_text)
        for name, button in (("Add", self.add), ("Edit", self.edit), ("Retire", self.retire)):
            button.setObjectName(prefix + name)
            button.setVisible(editable)

    def row(self) -> QHBoxLayout:
        """The buttons side by side, left-aligned (the caller adds what follows them)."""
        line = QHBoxLayout()
        for button in (self.add, self.edit, self.retire):
            line.addWidget(button)
        return line

    def show_for(self, row: Retirable | None) -> None:
        """Enable «Изменить…» and the third button for the user's own chosen entry, and name the third one."""
        own = row is not None and not row.read_only_reason
        self.edit.setEnabled(own)
        self.retire.setEnabled(own)
        self.retire.setText(self.restore_text if row is not None and row.is_retired else self.retire_text)


def toggle_retired(
    context: AppContext,
    row: Retirable,
    retire: Callable[[Actor, str, int, bool], object],
    messages: tuple[str, str],
    written: Callable[[str], None],
    failed: Callable[[str], None],
) -> None:
    """Retire ``row`` (or bring it back when it is retired) in the background: ``retire(actor, id, row_version,
    retiring)``, then ``written`` with ``messages[0]`` after retiring, ``messages[1]`` after bringing back."""
    actor, retiring = context.actor, not row.is_retired
    message = messages[0] if retiring else messages[1]
    context.runner.run(
        lambda: retire(actor, row.id, row.row_version, retiring), lambda _result: written(message), failed
    )


class _Checked(Protocol):
    def checked(self) -> object: ...


EntryT = TypeVar("EntryT", bound=_Checked)


def save_entry(
    dialog: EditDialog,
    entry: EntryT,
    row: Retirable | None,
    add: Callable[[Actor, EntryT], object],
    update: Callable[[Actor, str, EntryT, int], object],
) -> None:
    """Check ``entry`` (each problem beside its field), then add it (``row`` None) or change ``row`` in the
    background; the dialog closes when it is written."""
    if dialog.check(entry.checked, {}) is None:
        return
    actor = dialog.context.actor
    if row is None:
        dialog.write(lambda: add(actor, entry))
    else:
        dialog.write(lambda: update(actor, row.id, entry, row.row_version))


def open_entry_dialog(dialog: QDialog, accepted: Callable[[], None]) -> QDialog:
    """Open an entry's dialog window-modal, deleted when closed; ``accepted`` runs after it saved."""
    dialog.accepted.connect(accepted)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
