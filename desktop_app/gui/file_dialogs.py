"""File dialogs that speak Russian: the one way the program asks for a file or a folder.

Qt's own (non-native) dialog, used on Linux and wherever the system's dialog is unavailable, builds its labels
from strings with mnemonics («&Look in:», «Files of &type:») that the qtbase_ru catalogue does not translate, so
they stay English even with the Russian translations loaded. The labels are therefore set on each dialog here;
the system's own dialog (Windows) ignores them and speaks the system's language.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

_LABELS = {
    QFileDialog.DialogLabel.LookIn: "&Папка:",
    QFileDialog.DialogLabel.FileName: "&Имя файла:",
    QFileDialog.DialogLabel.FileType: "&Тип файлов:",
    QFileDialog.DialogLabel.Reject: "Отмена",
}
_ACCEPT = {
    QFileDialog.FileMode.AnyFile: "&Сохранить",
    QFileDialog.FileMode.ExistingFile: "&Открыть",
    QFileDialog.FileMode.ExistingFiles: "&Открыть",
    QFileDialog.FileMode.Directory: "&Выбрать папку",
}


def russian_dialog(
    parent: QWidget | None, caption: str, directory: str, name_filter: str, mode: QFileDialog.FileMode
) -> QFileDialog:
    """A file dialog of ``mode`` with every label in Russian; ``directory`` may end with a suggested file name."""
    dialog = QFileDialog(parent, caption, directory, name_filter)
    dialog.setObjectName("russianFileDialog")
    dialog.setFileMode(mode)
    if mode is QFileDialog.FileMode.AnyFile:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if mode is QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    for label, text in _LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, _ACCEPT[mode])
    return dialog


def _ask(dialog: QFileDialog) -> tuple[list[str], str]:
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return [], ""
        return dialog.selectedFiles(), dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def save_file_name(parent: QWidget | None, caption: str, directory: str = "", name_filter: str = "") -> tuple[str, str]:
    """Like ``QFileDialog.getSaveFileName``: the chosen name (empty when cancelled) and its filter."""
    names, chosen = _ask(russian_dialog(parent, caption, directory, name_filter, QFileDialog.FileMode.AnyFile))
    return (names[0] if names else ""), chosen


def open_file_name(parent: QWidget | None, caption: str, directory: str = "", name_filter: str = "") -> tuple[str, str]:
    """Like ``QFileDialog.getOpenFileName``: one existing file (empty when cancelled) and its filter."""
    names, chosen = _ask(russian_dialog(parent, caption, directory, name_filter, QFileDialog.FileMode.ExistingFile))
    return (names[0] if names else ""), chosen


def open_file_names(
    parent: QWidget | None, caption: str, directory: str = "", name_filter: str = ""
) -> tuple[list[str], str]:
    """Like ``QFileDialog.getOpenFileNames``: several existing files (none when cancelled) and their filter."""
    return _ask(russian_dialog(parent, caption, directory, name_filter, QFileDialog.FileMode.ExistingFiles))


def existing_directory(parent: QWidget | None, caption: str, directory: str = "") -> str:
    """Like ``QFileDialog.getExistingDirectory``: the chosen folder, empty when cancelled."""
    names, _chosen = _ask(russian_dialog(parent, caption, directory, "", QFileDialog.FileMode.Directory))
    return names[0] if names else ""
