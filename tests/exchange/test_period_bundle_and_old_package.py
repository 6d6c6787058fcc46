"""Two defects of the region-wide trial (issue 20): a district bundle limited to one period must hold together
by itself (only the documents of the reports it carries), and a region package older than the one already
loaded at a district must change nothing there — neither the records nor the region's receipts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.cli.main import main
from desktop_app.domain.periods import Period
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.models import ExecutionReport, Measure, ReportDocument
from desktop_app.sync.container import read_package
from desktop_app.sync.setup import ensure_keys
from tests.exchange.test_end_to_end import Installation
from tests.exchange.test_end_to_end import world as world
from tests.gui.test_exchange_screen import open_exchange as open_exchange

H2_2025 = Period.parse("2025-H2")
H1_2026 = Period.parse("2026-H1")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPEKA_DATA_DIR", str(tmp_path / "not-to-be-used"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def report_with_scan(district: Installation, measure_number: int, period: Period, scan: bytes) -> str:
    """An execution report of ``period`` on the n-th measure with one scanned act; the scan's SHA-256."""
    stored = AttachmentStore(district.paths.attachments).store_bytes(scan, f"акт-{period.code}.pdf")
    with district.db.transaction() as session:
        measure = session.scalars(select(Measure).order_by(Measure.id)).all()[measure_number]
        report = ExecutionReport(measure_id=measure.id, period=period.code, status="done", done_text="проведено")
        session.add(report)
        session.flush()
        session.add(
            ReportDocument(
                report_id=report.id, sha256=stored.sha256, file_name="акт.pdf", size=stored.size, title="Акт"
            )
        )
    return stored.sha256


def carried(region: Installation, bundle: Path) -> set[str]:
    opened = read_package(bundle, decrypt_with=ensure_keys(region.paths).encryption)
    return set(opened.attachment_names)


# 13 ------------------------------------------------------------------------------------------------------------
def test_a_bundle_of_one_period_carries_only_that_periods_documents_and_the_region_takes_it(  # type: ignore[no-untyped-def]
    world, capsys: pytest.CaptureFixture[str]
) -> None:
    region, districts, folder = world
    district = districts[0]
    autumn = report_with_scan(district, 0, H2_2025, "Акт проверки ресурсной семьи, ноябрь 2025".encode() * 50)
    spring = report_with_scan(district, 1, H1_2026, "Протокол межведомственного консилиума".encode() * 50)
    district.db.close()  # the command opens the data folder itself, as a user's second program would
    region.db.close()

    bundle = folder / "плесецк-2025-H2.opeka"
    code, out, err = run(
        capsys, "--data-dir", str(district.paths.root), "export", "--out", str(bundle), "--period", "2025-H2", "--json"
    )
    assert code == 0, err
    written = json.loads(out)
    assert written["periods"] == ["2025-H2"]
    assert written["counts"]["execution_reports"] == 1
    assert written["counts"]["report_documents"] == 1, "the spring report is not in the bundle, nor its act"
    assert carried(region, bundle) == {autumn}

    code, out, err = run(capsys, "--data-dir", str(region.paths.root), "import", str(bundle), "--json")
    [taken] = json.loads(out)["files"]
    assert code == 0 and taken["result"] == "applied", taken.get("message", err)
    assert taken["counts"]["report_documents"] == {"new": 1}
    assert AttachmentStore(region.paths.attachments).has(autumn)
    assert not AttachmentStore(region.paths.attachments).has(spring)
