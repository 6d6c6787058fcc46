"""`opeka self-test`: build a demo in a temporary folder, open the window offscreen, visit every page."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from desktop_app.core.paths import DataPaths


def _wait(condition, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return False


def _check_reports(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Form one report and show it: the PDF renderer, its fonts and Qt's PDF viewer are all in place."""
    from desktop_app.gui.pages.reports_page import ReportsPage
    from desktop_app.reports.builders.request import ReportKind

    page = window.open_page("reports")
    assert isinstance(page, ReportsPage)
    page.choice.select_kind(ReportKind.INDICATORS)
    page.form_report()
    if not _wait(lambda: not page.running and not page.busy, timeout=60.0):
        return ["Отчёт «Ключевые показатели» не сформировался за минуту."]
    if page.preview.page_count == 0:
        return [f"Отчёт «Ключевые показатели» не показан: {page.messages.text() or 'нет страниц'}."]
    return []


def _check_exchange(folder: Path) -> list[str]:
    """Seal a small district bundle to a fresh key and read it back: the signing, encryption, archive and JSON
    libraries of the exchange are all in place (the frozen program loads them only for an exchange)."""
    from datetime import UTC, datetime

    from nacl.public import PrivateKey
    from nacl.signing import SigningKey

    from desktop_app import __version__
    from desktop_app.storage.migrate import head_revision
    from desktop_app.sync.container import DISTRICT_BUNDLE, PackageHeader, read_package
    from desktop_app.sync.package_writer import write_package

    records = {"families": [{"id": "self-test-0001", "display_name": "Проверка", "capacity_children": 1}]}
    region = PrivateKey.generate()
    path = folder / "self-test.opeka"
    moment = datetime.now(UTC)
    sender, district = str(uuid.uuid4()), "Проверочный муниципальный округ"
    header = PackageHeader.make(
        kind=DISTRICT_BUNDLE, region_code="29", source_installation=sender, source_name=district, created_at=moment
    )
    manifest = {  # every field FORMAT.md requires: a reader that checks them all must take the file
        "source": {
            "installation": sender,
            "kind": "district",
            "region_code": "29",
            "district": district,
            "name": district,
        },
        "target_region": "29",
        "created_at": moment.isoformat(),
        "app_version": __version__,
        "schema_version": head_revision(),
        "sequence": 1,
        "periods": [],
        "complete": True,
        "counts": {"families": 1},
        "attachments": {"included": 0, "at_recipient": 0, "later": 0},
    }
    try:
        write_package(
            path,
            header=header,
            manifest=manifest,
            data=records,
            attachments={},
            signing=SigningKey.generate(),
            recipient=region.public_key,
        )
        opened = read_package(path, decrypt_with=region)
    except Exception as error:  # whatever fails here is the finding, said in the report
        return [f"Файл обмена не записан или не прочитан: {error}."]
    if opened.data.get("families") != records["families"]:
        return ["Файл обмена прочитан не таким, каким записан."]
    return []


def _check_void_calls(calls: int = 2_000) -> list[str]:
    """Qt calls that return nothing leave None's reference count alone: a binding that takes one per call (PySide6
    6.12.0 on CPython 3.11) ends a long session with «Fatal Python error: none_dealloc» after about 5,400 calls.
    From Python 3.12 on None is immortal and its count says nothing, nor can the fault happen.

    Other work frees objects that hold None too, so the count is read around two runs of different lengths with
    the cycle collector paused: only a loss that grows with the calls, one per call, is the binding's."""
    if sys.version_info >= (3, 12):
        return []
    from PySide6.QtWidgets import QLabel

    label = QLabel()

    def lost(count: int) -> int:
        before = sys.getrefcount(None)
        for number in range(count):
            label.setText(str(number))
        return before - sys.getrefcount(None)

    collecting = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        short, long = lost(calls // 2), lost(calls)
    finally:
        if collecting:
            gc.enable()
    if short >= calls // 2 * 0.9 and long >= calls * 0.9:
        return [
            f"Библиотека Qt (PySide6) теряет ссылки: {long} на {calls} вызовов; долгий сеанс закончится аварийно. "
            "Соберите программу с PySide6 6.11 или с Python 3.12 и новее."
        ]
    return []


def run_self_test() -> list[str]:
    """Return the problems found (empty when everything works); never touches the user's own data."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop_app.gui.app import app_icon, ensure_application
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.main_window import PAGE_SPECS, MainWindow
    from desktop_app.gui.pages.measures_page import MeasuresPage
    from desktop_app.gui.tasks import TaskRunner
    from desktop_app.services.auth import AuthService
    from desktop_app.services.demo import create_demo

    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="opeka-self-test-") as folder:
        paths = DataPaths(Path(folder))
        ensure_application()
        failures.extend(_check_void_calls())  # first, while no other work frees objects
        db, demo = create_demo(paths)
        try:
            ensure_application()
            if app_icon().isNull():
                failures.append("Не найден значок программы в resources/icons.")
            actor = AuthService(db).login(demo.login, demo.password)
            runner = TaskRunner()
            window = MainWindow(AppContext.build(paths, db, actor, runner), app_icon())
            window.show()
            for spec in PAGE_SPECS:
                page = window.open_page(spec.key)
                if not _wait(lambda page=page: page.loaded_once and not page.busy):
                    failures.append(f"Раздел «{spec.title}» не загрузился за 20 секунд.")
                elif page.last_error:
                    failures.append(f"Раздел «{spec.title}»: {page.last_error}")
            measures = window.pages["measures"]
            assert isinstance(measures, MeasuresPage)
            window.open_page("measures")
            _wait(lambda: not measures.busy)
            if measures.model.rowCount() != demo.measures:
                failures.append(
                    f"В разделе «Мероприятия» показано {measures.model.rowCount()} мероприятий вместо {demo.measures}."
                )
            failures.extend(_check_reports(window))
            failures.extend(_check_exchange(Path(folder)))
            window.close()
            runner.wait()
        finally:
            db.close()
    return failures
