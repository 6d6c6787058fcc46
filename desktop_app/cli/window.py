"""Starting the program's window from the command line: ``opeka``, ``opeka gui``, ``opeka --data-dir ПАПКА``.

Nothing here imports the other commands, SQLAlchemy or Qt: a start that only asks for the window is recognised
before the full command line is built (cli/main.py), so the login window appears without loading either.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from desktop_app.domain.errors import UserError

# Every start of the program loads this module: neither `typing` nor `dataclasses` (with `inspect`, a tenth of
# the interpreter's own start) is imported for it. Type checkers take a name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths

_DATA_DIR = "--data-dir"


class WindowStart:
    """A start that only opens the window, on ``data_dir`` (None: the default data folder — OPEKA_DATA_DIR or the
    user's folder)."""

    __slots__ = ("data_dir",)

    def __init__(self, data_dir: str | None) -> None:
        self.data_dir = data_dir

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WindowStart) and other.data_dir == self.data_dir

    def __hash__(self) -> int:
        return hash(self.data_dir)

    def __repr__(self) -> str:
        return f"WindowStart({self.data_dir!r})"


def window_start(arguments: Sequence[str]) -> WindowStart | None:
    """The arguments only start the window: none, ``gui`` and one ``--data-dir ПАПКА`` in either order.
    None for anything else, which the full command line parses (help, errors and all)."""
    data_dir: str | None = None
    seen_gui = False
    rest = list(arguments)
    while rest:
        token = rest.pop(0)
        if token == "gui" and not seen_gui:
            seen_gui = True
        elif token == _DATA_DIR and rest and data_dir is None:
            data_dir = rest.pop(0)
        elif token.startswith(f"{_DATA_DIR}=") and data_dir is None:
            data_dir = token.split("=", 1)[1]
        else:
            return None
        if data_dir is not None and (not data_dir or data_dir.startswith("-")):
            return None  # the full parser says what is wrong with it
    return WindowStart(data_dir)


def start_window(paths: DataPaths) -> int:
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise UserError("Нет графического экрана (не задан DISPLAY): окно программы открыть нельзя.")
    from desktop_app.gui.app import run_gui  # Qt is loaded only for the commands that need it

    return run_gui(paths)
