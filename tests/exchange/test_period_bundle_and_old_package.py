"""Two defects of the region-wide trial (issue 20): a district bundle limited to one period must hold together
by itself (only the documents of the reports it carries), and a region package older than the one already
loaded at a district must change nothing there — neither the records nor the region's receipts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.cli.main import main
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.models import ExecutionReport, Measure, ReportDocument, ResourceFamily, SyncPeer
from desktop_app.sync.container import read_package
from desktop_app.sync.merge import Outcome
from desktop_app.sync.setup import ensure_keys
from tests.exchange.test_end_to_end import REGION, Installation
from tests.exchange.test_end_to_end import world as world
from tests.gui.helpers import settle
from tests.gui.test_exchange_screen import open_exchange as open_exchange

H2_2025 = Period.parse("2025-H2")
H1_2026 = Period.parse("2026-H1")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPEKA_DATA_DIR", str(tmp_path / "not-to-be-used"))
    monkeypatch.setenv("OPEKA_PASSWORD", REGION.admin_password)  # every installation's administrator has it


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
        capsys,
        "--data-dir",
        str(district.paths.root),
        "--user",
        "admin",
        "export",
        "--out",
        str(bundle),
        "--period",
        "2025-H2",
        "--json",
    )
    assert code == 0, err
    written = json.loads(out)
    assert written["periods"] == ["2025-H2"]
    assert written["counts"]["execution_reports"] == 1
    assert written["counts"]["report_documents"] == 1, "the spring report is not in the bundle, nor its act"
    assert carried(region, bundle) == {autumn}

    code, out, err = run(
        capsys, "--data-dir", str(region.paths.root), "--user", REGION.admin_login, "import", str(bundle), "--json"
    )
    [taken] = json.loads(out)["files"]
    assert code == 0 and taken["result"] == "applied", taken.get("message", err)
    assert taken["counts"]["report_documents"] == {"new": 1}
    assert AttachmentStore(region.paths.attachments).has(autumn)
    assert not AttachmentStore(region.paths.attachments).has(spring)


# 14 ------------------------------------------------------------------------------------------------------------
SCANS = ("Протокол заседания № 3".encode() * 400, "Акт обследования".encode() * 300)


def region_packages_around_a_district_bundle(region: Installation, district: Installation, folder: Path) -> tuple:  # type: ignore[type-arg]
    """Package N (before the region took the district's bundle: no receipt for it), the bundle with two scans,
    package N+1 (its receipt says the bundle was taken; a measure renamed at the region since N)."""
    scans = {report_with_scan(district, n, H1_2026, scan) for n, scan in enumerate(SCANS)}
    older = folder / "регион-N.opeka"
    region.export.write(SYSTEM_ACTOR, older)
    bundle = folder / "плесецк-1.opeka"
    district.export.write(SYSTEM_ACTOR, bundle)
    assert carried(region, bundle) == scans
    region.take(bundle)
    with region.db.transaction() as session:
        measure = session.scalars(select(Measure).order_by(Measure.id)).first()
        assert measure is not None
        measure.name = "Мониторинг семей с детьми до 4 лет (уточнено регионом)"
        renamed = measure.id
    newer = folder / "регион-N+1.opeka"
    region.export.write(SYSTEM_ACTOR, newer)
    return older, newer, scans, renamed


def measure_name(installation: Installation, measure_id: str) -> str:
    with installation.db.reading() as session:
        measure = session.get(Measure, measure_id)
        assert measure is not None
        return measure.name


def test_an_older_region_package_changes_nothing_and_says_so(  # type: ignore[no-untyped-def]
    world, capsys: pytest.CaptureFixture[str]
) -> None:
    region, districts, folder = world
    district = districts[0]
    older, newer, scans, renamed = region_packages_around_a_district_bundle(region, district, folder)
    district.take(newer)
    receipts = district.load.receipts()
    assert any(receipt["result"] == "applied" for receipt in receipts)
    with district.db.reading() as session:
        peer = session.scalars(select(SyncPeer).where(SyncPeer.kind == "region")).one()
        before = (peer.last_sequence, peer.last_file_sha256, peer.encryption_key)

    preview = district.load.preview(SYSTEM_ACTOR, older)
    assert not preview.changes_anything
    assert preview.older_message.startswith("Этот пакет региона (№ 2 от ")
    assert "старше уже загруженного (№ 3 от " in preview.older_message
    assert preview.older_message.endswith("); ничего не изменено.")

    district.db.close()
    code, out, _ = run(
        capsys, "--data-dir", str(district.paths.root), "--user", "admin", "import", str(older), "--json"
    )
    [report] = json.loads(out)["files"]
    assert code == 2, "the package was not taken: the exit code says so as for a refused file"
    assert report["result"] == "older" and report["message"] == preview.older_message
    code, out, _ = run(capsys, "--data-dir", str(district.paths.root), "--user", "admin", "import", str(older))
    assert code == 2 and out.endswith(f": не загружен — {preview.older_message}\n")

    assert district.load.receipts() == receipts
    assert measure_name(district, renamed) == "Мониторинг семей с детьми до 4 лет (уточнено регионом)"
    with district.db.reading() as session:
        peer = session.scalars(select(SyncPeer).where(SyncPeer.kind == "region")).one()
        assert (peer.last_sequence, peer.last_file_sha256, peer.encryption_key) == before

    plan = district.export.plan(SYSTEM_ACTOR)
    assert (plan.attachments, plan.attachments_at_recipient) == (0, len(scans))
    following = folder / "плесецк-2.opeka"
    district.export.write(SYSTEM_ACTOR, following)
    assert carried(region, following) == set(), "the region has these scans: they are not sent again"


def test_the_import_panel_says_an_older_region_package_was_not_loaded(  # type: ignore[no-untyped-def]
    world, open_exchange, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    region, districts, folder = world
    district = districts[0]
    older, newer, _, _ = region_packages_around_a_district_bundle(region, district, folder)
    district.take(newer)
    receipts = district.load.receipts()
    page = open_exchange(district, Role.HEAD)
    asked: list[object] = []
    monkeypatch.setattr(page, "confirm_preview", lambda preview: asked.append(preview) is None)
    page.import_file(older)
    settle(page, qtbot)
    [row] = page.import_panel.model.rows()
    assert row.result == "older" and row.message.startswith("Этот пакет региона (№ 2 от ")
    assert "старше уже загруженного" in page.messages.text() and "ничего не изменено" in page.messages.text()
    assert not asked, "nothing to confirm: the package is not loaded"
    assert district.load.receipts() == receipts


def test_a_district_bundle_arriving_after_a_newer_one_deletes_nothing_at_the_region(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    district = districts[0]
    first, second = folder / "плесецк-1.opeka", folder / "плесецк-2.opeka"
    district.export.write(SYSTEM_ACTOR, first)
    with district.db.transaction() as session:
        family = ResourceFamily(display_name="Семья Новиковых", municipality=district.name)
        session.add(family)
        session.flush()
        family_id = family.id
    district.export.write(SYSTEM_ACTOR, second)
    region.take(second)

    late = region.load.preview(SYSTEM_ACTOR, first)  # the e-mail with the first bundle came a day late
    assert late.total(Outcome.DELETED) == 0 and not late.changes_anything
    with region.db.reading() as session:
        assert session.get(ResourceFamily, family_id) is not None
