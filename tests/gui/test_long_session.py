"""A session that runs all day must not die of Qt calls adding up.

PySide6 6.12.0 on CPython 3.11 took one reference from None on every Qt call that returns nothing; after about
5,400 calls the process aborted with «Fatal Python error: none_dealloc». Short GUI tests never make that many
calls, so these two do, each in a process of its own: its death is the failure, not the test runner's.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.gui.main_window import PAGE_SPECS

ROOT = Path(__file__).resolve().parents[2]
VOID_CALLS = 20_000

VOID_CALLS_SCRIPT = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication([])
    label = QLabel()
    before = sys.getrefcount(None)
    for number in range({VOID_CALLS // 2}):
        label.setText(str(number))  # two calls that return nothing, each round
        QApplication.processEvents()
    print(sys.getrefcount(None) - before)
    """
)


def run_python(arguments: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout
    )


def test_twenty_thousand_void_qt_calls_leave_none_alone() -> None:
    finished = run_python(["-c", VOID_CALLS_SCRIPT], timeout=120)
    assert finished.returncode == 0, f"the process died after void Qt calls:\n{finished.stderr[-2000:]}"
    none_change = int(finished.stdout.strip().splitlines()[-1])
    if sys.version_info < (3, 12):
        # None is an ordinary object before 3.12: a lost reference per call would show as -20,000 here.
        assert abs(none_change) < 100, f"None's reference count moved by {none_change} over {VOID_CALLS} calls"


def test_a_long_scripted_session_at_the_real_window_ends_normally(demo_paths: DataPaths, demo_password: str) -> None:
    finished = run_python(
        ["-m", "tests.gui.soak_session", str(demo_paths.root), "demo", demo_password, str(VOID_CALLS)], timeout=300
    )
    assert finished.returncode == 0, f"the session ended abnormally:\n{finished.stderr[-3000:]}"
    summary = json.loads(finished.stdout.strip().splitlines()[-1])
    assert summary["qt_calls"] >= VOID_CALLS
    assert summary["rounds"] >= 2
    assert summary["pages"] == sorted(spec.key for spec in PAGE_SPECS), "every page was visited"
    assert summary["saves"] >= 1, "the session saved an execution report"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_the_self_test_names_a_qt_binding_that_loses_references_to_none(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6 import QtWidgets

    from desktop_app.gui.selftest import _check_void_calls

    assert _check_void_calls() == [], "the binding this program is built with keeps None's count"
    taken: list[int] = []

    class LeakyLabel(QtWidgets.QLabel):
        def setText(self, text: str) -> None:  # what PySide6 6.12.0 on CPython 3.11 did on every void call
            super().setText(text)
            ctypes.pythonapi.Py_DecRef(ctypes.py_object(None))
            taken.append(1)

    monkeypatch.setattr(QtWidgets, "QLabel", LeakyLabel)
    try:
        (problem,) = _check_void_calls(1_000)
    finally:
        for _ in taken:  # give None back what the stand-in took
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    assert "PySide6" in problem and "аварийно" in problem
