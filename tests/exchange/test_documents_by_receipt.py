"""Scans are large: a district bundle carries only the document files the region has not confirmed, and no
more than a budget per bundle; the rest follow, and a lost bundle's files are sent again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.models import ExecutionReport, Measure, ReportDocument
from desktop_app.sync import attachment_choice
from desktop_app.sync.container import read_package
from desktop_app.sync.merge import Outcome
from desktop_app.sync.setup import ensure_keys
from tests.exchange.test_end_to_end import PERIOD, Installation
from tests.exchange.test_end_to_end import world as world

SCANS = ("Протокол заседания № 3".encode() * 400, "Акт обследования".encode() * 300)


def add_documents(district: Installation) -> list[str]:
    store = AttachmentStore(district.paths.attachments)
    stored = [store.store_bytes(content, f"скан-{n}.pdf") for n, content in enumerate(SCANS)]
    with district.db.transaction() as session:
        for measure, scan in zip(session.scalars(select(Measure).limit(2)).all(), stored, strict=True):
            report = ExecutionReport(measure_id=measure.id, period=PERIOD.code, status="done", done_text="проведено")
            session.add(report)
            session.flush()
            session.add(
                ReportDocument(
                    report_id=report.id, sha256=scan.sha256, file_name="скан.pdf", size=scan.size, title="Скан"
                )
            )
    return [scan.sha256 for scan in stored]


def carried(region: Installation, bundle) -> set[str]:  # type: ignore[no-untyped-def]
    opened = read_package(bundle, decrypt_with=ensure_keys(region.paths).encryption)
    return set(opened.attachment_names)


def receive_receipts(region: Installation, district: Installation, name: str) -> None:
    package = region.paths.root.parent / name
    region.export.write(SYSTEM_ACTOR, package)
    district.take(package)


def test_files_the_region_confirmed_are_not_sent_again(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    district = districts[0]
    scans = add_documents(district)
    first = folder / "first.opeka"
    district.export.write(SYSTEM_ACTOR, first)
    assert carried(region, first) == set(scans)
    region.take(first)
    receive_receipts(region, district, "region-2.opeka")

    plan = district.export.plan(SYSTEM_ACTOR)
    assert (plan.attachments, plan.attachments_at_recipient, plan.attachments_later) == (0, 2, 0)
    second = folder / "second.opeka"
    district.export.write(SYSTEM_ACTOR, second)
    assert carried(region, second) == set()
    preview = region.load.preview(SYSTEM_ACTOR, second)
    assert not preview.changes_anything, "the records are the same and the files are already at the region"
    store = AttachmentStore(region.paths.attachments)
    assert all(store.has(sha) for sha in scans)


def test_a_lost_bundles_files_are_sent_again(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    district = districts[0]
    scans = add_documents(district)
    district.export.write(SYSTEM_ACTOR, folder / "lost.opeka")  # never reaches the region
    again = folder / "again.opeka"
    district.export.write(SYSTEM_ACTOR, again)
    assert carried(region, again) == set(scans)


def test_files_beyond_the_budget_follow_in_the_next_bundles(  # type: ignore[no-untyped-def]
    world, monkeypatch: pytest.MonkeyPatch
) -> None:
    region, districts, folder = world
    district = districts[0]
    scans = add_documents(district)
    monkeypatch.setattr(attachment_choice, "ATTACHMENT_BUDGET", max(len(scan) for scan in SCANS))
    plan = district.export.plan(SYSTEM_ACTOR)
    assert (plan.attachments, plan.attachments_later) == (1, 1)
    first, second = folder / "1.opeka", folder / "2.opeka"
    district.export.write(SYSTEM_ACTOR, first)
    district.export.write(SYSTEM_ACTOR, second)  # before any receipt: the file not sent yet goes first
    assert carried(region, first) | carried(region, second) == set(scans)
    region.take(first)
    preview = region.load.preview(SYSTEM_ACTOR, second)
    assert preview.counts()["report_documents"] == {Outcome.UNCHANGED: 2}
    assert preview.changes_anything, "the file that did not fit first comes with the second bundle"
    region.load.apply(SYSTEM_ACTOR, preview)
    store = AttachmentStore(region.paths.attachments)
    assert all(store.has(sha) for sha in scans)
