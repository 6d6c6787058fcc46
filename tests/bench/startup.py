"""Issue 8: cold start — a fresh process until the main window is shown, beside a bare PySide6 window with a table.

``python -m tests.bench.startup app DATA_DIR`` runs the real program (``opeka --data-dir DATA_DIR``, the same
``cli.main.main`` as ``python -m desktop_app``) and signs in through the real login dialog with the demo password
read from stdin: nothing is bypassed, the probe only types into the dialog the moment it is shown.
``python -m tests.bench.startup bare`` shows a QMainWindow holding a QTableView of 1 000 rows × 8 columns.
Each prints, as one JSON line, the wall-clock moments (``time.time()``) of the first paint of its windows; the
parent takes the moment it started the process, so interpreter start-up and every import are counted for both.

The demo installation is encrypted, so its sign-in derives the database key from the password (Argon2id,
256 MiB) and checks the password against the account's hash (argon2): close to a second that no program signing
in to that file can skip. The bare window alone is the baseline of the login window; what follows «Войти» is set
against ``bare-signed``: the same bare window shown after the same sign-in done bare (tests/bench/bare_sign_in.py:
key unwrapped, file opened through SQLCipher, password hash checked), so both sides do the same unavoidable work.

``cli_rows`` times ``opeka --help`` and ``opeka info --json`` beside a bare Python start that opens the same
file: ``--help`` beside ``sqlite3.connect`` of it, ``info`` beside the bare sign-in and a count of its tables.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BARE_ROWS = 1_000
RUNS = 5
TYPING_MS = 1500  # a person types a login and a password in no less: the database opens meanwhile
HEAVY_MODULES = ("reportlab", "openpyxl", "nacl", "argon2", "alembic", "docx", "holidays", "PySide6.QtPdf")


def _finish(marks: dict[str, float]) -> None:
    print(json.dumps(marks), flush=True)
    # Qt objects torn down by the interpreter at exit can crash PySide; the figures are already printed.
    os._exit(0)


def run_app(data_dir: str, login: str, password: str, typing_ms: int = 0) -> None:
    """The real start-up: QApplication, login dialog, main window; signs in with the demo credentials,
    ``typing_ms`` after the login window has appeared (0: at once, the worst case)."""
    # In the program's own order: `python -m desktop_app` imports cli.main before Qt; importing PySide6 first
    # would make every later import pay for its import hook.
    from desktop_app.cli.main import main

    from PySide6.QtCore import QEvent, QObject, QTimer  # isort: skip
    from PySide6.QtWidgets import QWidget  # isort: skip

    from desktop_app.gui.app import ensure_application  # isort: skip

    marks: dict[str, float] = {}

    class Probe(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.isWindow():
                kind = type(watched).__name__
                if kind == "LoginDialog" and "login_shown" not in marks:
                    marks["login_shown"] = time.time()
                    QTimer.singleShot(typing_ms, lambda: _sign_in(watched))
                elif kind == "MainWindow":
                    marks["main_shown"] = time.time()
                    marks["modules"] = sum(1 for name in sys.modules if name.startswith("desktop_app"))
                    marks["heavy"] = [name for name in HEAVY_MODULES if name in sys.modules]  # type: ignore[assignment]
                    _finish(marks)
            return False

    def _sign_in(dialog: Any) -> None:
        # «Войти» pressed at once may wait for the database opening behind the window (gui/startup.py): the
        # sign-in ends when the dialog accepts, after the wait and the password check
        dialog.accepted.connect(lambda: marks.setdefault("login_done", time.time()))
        marks["login_started"] = time.time()
        dialog.login_edit.setText(login)
        dialog.password_edit.setText(password)
        dialog.try_login()

    app = ensure_application()  # the program's own set-up; run_gui below reuses this instance
    probe = Probe(app)
    app.installEventFilter(probe)
    main(["--data-dir", data_dir])
    _finish(marks)  # the window was never shown (wrong password?): the parent reports the missing mark


def run_bare(with_database_libraries: bool = False, signed: tuple[str, str, str] | None = None) -> None:
    """A bare PySide6 window: QMainWindow with a QTableView of 1 000 rows × 8 columns, until its first paint.

    ``with_database_libraries``: SQLAlchemy's ORM and the program's table definitions are imported first, in the
    program's order — the least any window showing the database through the storage layer has to load.
    ``signed`` (data folder, login, password): the window shows after the bare sign-in (bare_sign_in.py)."""
    if with_database_libraries:
        import sqlalchemy.orm  # noqa: F401

        import desktop_app.storage.models  # noqa: F401
    if signed is not None:
        from tests.bench.bare_sign_in import sign_in

        sign_in(Path(signed[0]), signed[1], signed[2]).close()
    from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv[:1])
    rows = [[f"{row}:{column}" for column in range(8)] for row in range(BARE_ROWS)]
    display = Qt.ItemDataRole.DisplayRole

    # A Python table model, as the program's own tables use.
    class Model(QAbstractTableModel):
        def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(rows)

        def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else 8

        def data(self, index: QModelIndex | QPersistentModelIndex, role: int = display) -> Any:
            return rows[index.row()][index.column()] if role == display else None

    model = Model()
    window = QMainWindow()
    view = QTableView()
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(1280, 800)

    class Probe(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if watched is window and event.type() == QEvent.Type.Paint:
                _finish({"main_shown": time.time()})
            return False

    probe = Probe(app)
    app.installEventFilter(probe)
    window.show()
    app.exec()


def _launch(arguments: list[str], stdin: str = "", pycache: Path | None = None) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    if pycache is not None:
        # An installed program starts from compiled bytecode; PYTHONDONTWRITEBYTECODE (set in some shells and
        # CI) would make every run compile the program's modules anew. The cache goes to a temporary folder.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.startup", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    marks = json.loads(result.stdout.strip().splitlines()[-1])
    if "main_shown" not in marks:
        raise RuntimeError(f"главное окно не показано: {result.stderr[-2000:]}")
    return {key: (value - started) * 1000 if isinstance(value, float) else value for key, value in marks.items()}


def measure(data_dir: Path, login: str, password: str, runs: int = RUNS) -> dict[str, Any]:
    """Median milliseconds over ``runs`` fresh processes of each kind, run in turn so both see the same machine.

    One run of each goes first unmeasured: it writes the bytecode cache and the production calendar's cache
    (core/calendar_cache.py: every start after an installation's first reads the year from it) and brings the files
    into the OS cache.
    """
    ours: list[dict[str, Any]] = []
    typed: list[dict[str, Any]] = []
    bare: list[dict[str, Any]] = []
    signed: list[dict[str, Any]] = []
    floor: list[dict[str, Any]] = []
    credentials = f"{login}\n{password}\n"
    pycache = data_dir.parent / "pycache"
    _launch(["bare"], pycache=pycache)
    _launch(["bare-signed", str(data_dir)], credentials, pycache)
    _launch(["app", str(data_dir)], credentials, pycache)
    for _ in range(runs):
        bare.append(_launch(["bare"], pycache=pycache))
        signed.append(_launch(["bare-signed", str(data_dir)], credentials, pycache))
        floor.append(_launch(["floor"], pycache=pycache))
        ours.append(_launch(["app", str(data_dir)], credentials, pycache))
        typed.append(_launch(["app", str(data_dir), str(TYPING_MS)], credentials, pycache))

    def median(samples: list[dict[str, Any]], key: str) -> float:
        return statistics.median(sample[key] for sample in samples)

    return {
        "bare_ms": median(bare, "main_shown"),
        "bare_signed_ms": median(signed, "main_shown"),
        "login_ms": median(ours, "login_shown"),
        "main_ms": median(ours, "main_shown"),
        "sign_in_ms": statistics.median(sample["login_done"] - sample["login_started"] for sample in ours),
        "floor_ms": median(floor, "main_shown"),
        "typed_press_to_main_ms": statistics.median(sample["main_shown"] - sample["login_started"] for sample in typed),
        "modules": ours[-1]["modules"],
        "heavy": ours[-1]["heavy"],
    }


def import_ms(statement: str, pycache: Path) -> float:
    """Milliseconds ``python -X importtime -c statement`` reports for its top-level imports (median of three)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    command = [sys.executable, "-X", "importtime", "-c", statement]
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT, env=env)  # writes the bytecode cache
    samples = []
    for _ in range(3):
        result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT, env=env)
        total = 0
        for line in result.stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and parts[1].strip().isdigit() and parts[2][:1] == " " and parts[2][1:2] != " ":
                total += int(parts[1])
        samples.append(total / 1000)
    return statistics.median(samples)


def startup_rows(data_dir: Path, login: str, password: str) -> list[tuple[str, float, float | None, str]]:
    """Issues 8 and 26: the login window within 2× a bare PySide6 window with a table; the main window after
    «Войти» within 2× the same bare window shown after the same sign-in (the key's derivation, SQLCipher, the
    password's check); imports beside PySide6's."""
    figures = measure(data_dir, login, password)
    bare, signed = figures["bare_ms"], figures["bare_signed_ms"]
    heavy = ", ".join(figures["heavy"]) or "нет"
    print(f"Запуск: загружено модулей программы {figures['modules']}, тяжёлых библиотек: {heavy}", flush=True)
    typing = f"{TYPING_MS / 1000:.1f}".replace(".", ",")
    return [
        ("Импорт модулей окна, мс (база: import PySide6.QtWidgets)", *_imports(data_dir.parent / "pycache"), "—"),
        ("Запуск до окна входа, мс (база: голое окно с таблицей)", figures["login_ms"], bare, "≤ 2×"),
        (
            "Запуск до главного окна, «Войти» сразу, мс (база: голое окно после того же входа)",
            figures["main_ms"],
            signed,
            "≤ 2×",
        ),
        (
            "  из них от «Войти» до входа (ключ Argon2id, SQLCipher, проверка пароля), мс",
            figures["sign_in_ms"],
            None,
            "—",
        ),
        ("Предел: голое окно после импорта SQLAlchemy и моделей, мс", figures["floor_ms"], bare, "—"),
        ("Голое окно после того же входа без программы, мс (база: голое окно)", signed, bare, "—"),
        (
            f"От «Войти» до главного окна при вводе пароля за {typing} с, мс",
            figures["typed_press_to_main_ms"],
            None,
            "—",
        ),
        # what the user waits for, without the seconds they spend typing: the two rows above, added up
        (
            f"Ожидание программы при вводе за {typing} с: до окна входа и от «Войти» до главного окна, мс"
            " (база: голое окно после того же входа)",
            figures["login_ms"] + figures["typed_press_to_main_ms"],
            signed,
            "≤ 2×",
        ),
    ]


def _run_ms(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env, timeout=120)
    return (time.perf_counter() - started) * 1000


def cli_rows(data_dir: Path, login: str, password: str, runs: int = 7) -> list[tuple[str, float, float | None, str]]:
    """Issue 26 §4: ``opeka --help`` and ``opeka info --json`` within 1.5× a bare Python start that opens the same
    file (``info`` on the encrypted demo signs in, so its baseline signs in bare too: bare_sign_in.py). Medians of
    ``runs`` fresh processes, each kind in turn; one unmeasured run of each writes the bytecode cache (and the
    calendar's, see ``measure``)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=str(data_dir.parent / "pycache"), OPEKA_USER=login, OPEKA_PASSWORD=password)
    database = data_dir / "opeka.sqlite3"
    commands = {
        "help": [sys.executable, "-m", "desktop_app", "--help"],
        "open": [sys.executable, "-c", f"import sqlite3; sqlite3.connect({str(database)!r}).close()"],
        "info": [sys.executable, "-m", "desktop_app", "info", "--json", "--data-dir", str(data_dir)],
        "bare_info": [sys.executable, "-m", "tests.bench.bare_sign_in", str(data_dir)],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        _run_ms(command, env)
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(_run_ms(command, env))
    figure = {name: statistics.median(values) for name, values in samples.items()}
    return [
        ("opeka --help, мс (база: python, открывающий тот же файл sqlite3)", figure["help"], figure["open"], "≤ 1,5×"),
        (
            "opeka info --json с входом, мс (база: python со входом без программы и подсчётом строк)",
            figure["info"],
            figure["bare_info"],
            "≤ 1,5×",
        ),
    ]


def _imports(pycache: Path) -> tuple[float, float]:
    ours = import_ms("import desktop_app.cli.main, desktop_app.gui.app", pycache)
    return ours, import_ms("import PySide6.QtWidgets", pycache)


if __name__ == "__main__":
    # python -m tests.bench.startup app DATA_DIR [TYPING_MS] | bare-signed DATA_DIR (login and password on stdin,
    # one a line) | bare | floor
    if sys.argv[1] == "app":
        typing = int(sys.argv[3]) if len(sys.argv) > 3 else 0
        run_app(sys.argv[2], sys.stdin.readline().rstrip("\n"), sys.stdin.readline().rstrip("\n"), typing)
    elif sys.argv[1] == "bare-signed":
        run_bare(signed=(sys.argv[2], sys.stdin.readline().rstrip("\n"), sys.stdin.readline().rstrip("\n")))
    else:
        run_bare(with_database_libraries=sys.argv[1] == "floor")
