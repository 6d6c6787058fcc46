"""Start-up stays light: the heavy libraries and the other pages load when first used, not with the window.

Each check runs in a fresh interpreter, since the test process itself has long imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop_app.core.paths import DataPaths

ROOT = Path(__file__).resolve().parents[2]
# reportlab/openpyxl/python-docx for reports and files, nacl for bundles, alembic for migrations, holidays for
# deadlines, QtPdf for the report preview, desktop_app.sync for the exchange: none is needed by the first screen.
HEAVY = ("reportlab", "openpyxl", "docx", "nacl", "alembic", "holidays", "PySide6.QtPdf", "desktop_app.sync")


def _loaded_after(code: str) -> list[str]:
    """The modules of HEAVY and the GUI pages present in ``sys.modules`` after ``code`` runs in a new process."""
    probe = f"""
import json, os, sys
{code}
names = [m for m in sys.modules if m.startswith({HEAVY!r}) or m.startswith("desktop_app.gui.pages.")]
print(json.dumps(sorted(names)))
sys.stdout.flush()
os._exit(0)
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_starting_the_program_imports_no_heavy_library() -> None:
    loaded = _loaded_after("import desktop_app.cli.main, desktop_app.gui.app")
    assert loaded == []


def test_main_window_builds_only_its_first_page(demo_paths: DataPaths, demo_password: str) -> None:
    code = f"""
from pathlib import Path
from desktop_app.core.paths import DataPaths
from desktop_app.gui.app import ensure_application
from desktop_app.gui.context import AppContext
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.tasks import TaskRunner
from desktop_app.services.auth import AuthService
from desktop_app.storage.database import open_database

app = ensure_application()
paths = DataPaths(Path({str(demo_paths.root)!r}))
db = open_database(paths)
actor = AuthService(db).login("demo", {demo_password!r})
window = MainWindow(AppContext.build(paths, db, actor, TaskRunner()))
window.show()
app.processEvents()
"""
    loaded = _loaded_after(code)
    # the overview counts deadlines in working days, so the production calendar (holidays) is its own need
    pages = [name for name in loaded if name.startswith("desktop_app.gui.pages.")]
    assert [name for name in loaded if name not in pages and not name.startswith("holidays")] == []
    assert set(pages) <= {"desktop_app.gui.pages.base", "desktop_app.gui.pages.dashboard_page"}


def test_login_window_is_painted_before_sqlalchemy_is_imported(demo_paths: DataPaths, demo_password: str) -> None:
    """The real start, `opeka --data-dir ПАПКА` as `python -m desktop_app` runs it, in the real event loop: the
    login window paints with the title read by sqlite3 before SQLAlchemy or the other commands are imported, the
    database opens behind it, the sign-in goes through and the main window shows."""
    code = f"""
import json, os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget
from desktop_app.cli.main import main
from desktop_app.gui.app import ensure_application

marks = {{}}
COMMAND_LINE = ("desktop_app.cli.commands", "desktop_app.cli.parser", "desktop_app.cli.exchange_commands")

class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.isWindow():
            kind = type(watched).__name__
            if kind == "LoginDialog" and "login" not in marks:
                marks["login"] = "sqlalchemy" in sys.modules
                marks["commands"] = sorted(m for m in sys.modules if m in COMMAND_LINE)
                marks["title"] = any("Плесецкий" in label.text() for label in watched.findChildren(QLabel))
                QTimer.singleShot(0, lambda: sign_in(watched))
            elif kind == "MainWindow" and "main" not in marks:
                marks["main"] = "sqlalchemy" in sys.modules
                print(json.dumps(marks))
                sys.stdout.flush()
                os._exit(0)
        return False

def sign_in(dialog):
    dialog.login_edit.setText("demo")
    dialog.password_edit.setText({demo_password!r})
    dialog.try_login()

app = ensure_application()
probe = Probe(app)
app.installEventFilter(probe)
main(["--data-dir", {str(demo_paths.root)!r}])
print(json.dumps(marks))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    marks = json.loads(result.stdout.strip().splitlines()[-1])
    assert marks == {"login": False, "commands": [], "title": True, "main": True}, result.stderr[-2000:]
