"""Table models obey Qt's model contract (qtmodeltester) and show what the services return."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop_app.domain.actor import Actor
from desktop_app.gui.models.audit_model import AuditTableModel
from desktop_app.gui.models.measures_model import MeasuresTableModel
from desktop_app.services.audit_log import AuditLogService
from desktop_app.services.registry import RegistryService
from desktop_app.storage.database import Database


def test_measures_model_contract_and_columns(qtmodeltester: ModelTester, demo_db: Database, demo_actor: Actor) -> None:
    model = MeasuresTableModel()
    model.set_rows(RegistryService(demo_db).measures(demo_actor))
    qtmodeltester.check(model)
    assert model.rowCount() == 31
    first = [model.index(0, column).data() for column in range(model.columnCount())]
    assert first[0] == "I.1."
    assert first[1].startswith("Разработка и утверждение муниципальной программы")
    assert first[3] == "Отдел опеки и попечительства"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Наименование мероприятия"


def test_audit_model_contract_and_dates_in_russian_format(
    qtmodeltester: ModelTester, demo_db: Database, demo_actor: Actor
) -> None:
    model = AuditTableModel()
    model.set_rows(AuditLogService(demo_db).entries(demo_actor, limit=50))
    qtmodeltester.check(model)
    stamp = model.index(0, AuditTableModel.COL_AT).data()
    day, month, rest = stamp.split(".", 2)
    assert len(day) == 2 and len(month) == 2 and len(rest.split(" ")[0]) == 4
