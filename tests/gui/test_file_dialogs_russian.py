"""Every kind of file dialog the program opens (Qt's own dialog, as on Linux) shows no English label or button."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QHeaderView, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.gui import file_dialogs
from desktop_app.gui.app import QT_CATALOGUES, install_russian_translations

LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module", autouse=True)
def russian_qt() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_russian_translations(app) == list(QT_CATALOGUES)


def visible_texts(dialog: QWidget) -> list[str]:
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton) if button.isVisible()]
    for header in dialog.findChildren(QHeaderView):
        if header.isVisible():
            model = header.model()
            texts += [str(model.headerData(section, header.orientation())) for section in range(header.count())]
    return [text.replace("&", "") for text in texts if text]


def seen_in(open_dialog: Callable[[], object], qtbot: QtBot) -> list[str]:
    """Open a dialog as the program does, read what it shows, then cancel it."""
    seen: list[str] = []

    def read_and_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, read_and_cancel)
            return
        for mode in (QFileDialog.ViewMode.List, QFileDialog.ViewMode.Detail):
            dialog.setViewMode(mode)  # the detail view shows the column headers too
            QApplication.processEvents()
            seen.extend(visible_texts(dialog))
        dialog.reject()

    QTimer.singleShot(0, read_and_cancel)
    open_dialog()
    assert seen, "the dialog did not open"
    return seen


@pytest.mark.parametrize(
    "open_dialog",
    [
        lambda folder: file_dialogs.save_file_name(None, "Выгрузить", str(folder / "Реестр.xlsx"), "Excel (*.xlsx)"),
        lambda folder: file_dialogs.open_file_name(None, "План", str(folder), "Документы (*.pdf);;Все файлы (*)"),
        lambda folder: file_dialogs.open_file_names(None, "Пакеты", str(folder), "Пакеты обмена (*.opeka)"),
        lambda folder: file_dialogs.existing_directory(None, "Папка для резервной копии", str(folder)),
    ],
    ids=["save", "open", "open-several", "folder"],
)
def test_file_dialogs_show_no_english(qtbot: QtBot, tmp_path: Path, open_dialog: Callable[[Path], object]) -> None:
    (tmp_path / "Отчёт.xlsx").write_bytes(b"")
    texts = seen_in(lambda: open_dialog(tmp_path), qtbot)
    english = [text for text in texts if LATIN.search(text)]
    assert english == []
    assert "Отмена" in texts


def test_a_cancelled_dialog_gives_no_name(qtbot: QtBot, tmp_path: Path) -> None:
    answers: list[object] = []
    seen_in(lambda: answers.append(file_dialogs.save_file_name(None, "Выгрузить", str(tmp_path), "")), qtbot)
    assert answers == [("", "")]


def test_no_module_of_the_program_opens_qts_static_file_dialogs() -> None:
    """The static QFileDialog functions bypass the Russian labels: every dialog goes through file_dialogs.py."""
    root = Path(__file__).resolve().parents[2] / "desktop_app"
    static = re.compile(r"QFileDialog\.get(Save|Open|Existing)")
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py") if static.search(path.read_text("utf-8"))]
    assert offenders == ["gui/file_dialogs.py"]  # only its docstrings name them
