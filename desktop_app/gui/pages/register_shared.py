"""What the two registers' pages share («Ресурсные семьи», «Сопровождение семей»): loading a list from Excel
(choose the file, open the list's dialog, say what was written) and the municipalities the installation covers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import SignalInstance

from desktop_app.core.resources import territory_directory
from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import InstallationKind
from desktop_app.gui import file_dialogs
from desktop_app.gui.context import AppContext
from desktop_app.gui.pages.base import Page


class _ListDialog(Protocol):
    """A list-import dialog: ``result`` is what it wrote once accepted, None otherwise."""

    result: Any
    finished: SignalInstance

    def open(self) -> None: ...


DialogT = TypeVar("DialogT", bound=_ListDialog)


def choose_list_file(page: Page, title: str, file_filter: str, import_list: Callable[[Path], object]) -> None:
    """Ask for the list's workbook (starting in the folder used last) and pass it to ``import_list``."""
    settings = page.context.settings
    folder = settings.last_folder or str(Path.home())
    name, _filter = file_dialogs.open_file_name(page, title, folder, file_filter)
    if name:
        settings.last_folder = str(Path(name).parent)
        import_list(Path(name))


def open_list_import(page: Page, dialog: DialogT, told: Callable[[Any], str], reload: Callable[[], None]) -> DialogT:
    """Open ``dialog``; once it has written, the page says ``told(result)`` in its message bar and reloads."""

    def finished(_code: int) -> None:
        result = dialog.result
        if result is None:
            return
        page.messages.show_info(told(result))
        reload()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog


def loaded_text(what: str, created: int, skipped: tuple[str, int], problems: int) -> str:
    """«Из списка внесено семей: 12.», then what was skipped and the rows not read, each only when there are some."""
    text = f"Из списка внесено {what}: {created}."
    label, count = skipped
    if count:
        text += f" {label}: {count}."
    if problems:
        text += f" Непрочитанных строк: {problems}."
    return text


def territory_municipalities(context: AppContext) -> list[str]:
    """The installation's own district, or every district of the region for a regional coordinator."""
    info = context.info
    if info.kind is InstallationKind.DISTRICT:
        return [info.district_name] if info.district_name else []
    try:
        return [district.name for district in territory_directory().region(info.region_code).districts]
    except UserError:
        return []
