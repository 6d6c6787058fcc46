"""A copy made by hand never removes the day's automatic copy from backups/, however many copies are kept."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain.backup_rotation import KEEP_DAILY, KEEP_PER_EVENT, KEEP_WEEKLY
from desktop_app.services.backups import make_backup
from desktop_app.storage.background_backup import daily_backup_started
from desktop_app.storage.backup_folder import existing_copies
from desktop_app.storage.backups import BackupInfo
from tests.services.test_backups import Clock, fast_argon2  # noqa: F401  # the fixture, autouse

TODAY_START = datetime(2026, 11, 23, 8, 30)


@pytest.fixture(autouse=True)
def no_copies_yet(demo_paths: DataPaths) -> None:
    """The demo's own copy of the real today would be newer than the test's days: start from an empty folder."""
    for copy in existing_copies(demo_paths.backups):
        (demo_paths.backups / copy.name).unlink()


def daily_copy(paths: DataPaths, at: datetime) -> BackupInfo:
    started = daily_backup_started(paths, Clock(at))
    assert started is not None
    return started.wait()


def names(paths: DataPaths, kind: str) -> set[str]:
    return {copy.name for copy in existing_copies(paths.backups) if copy.kind == kind}


def test_many_manual_copies_leave_todays_daily_copy(demo_paths: DataPaths) -> None:
    # more past days than both the daily and the weekly rule keep, so the rotation has work to do
    past_days = KEEP_DAILY + 7 * KEEP_WEEKLY
    for days_ago in range(past_days, 0, -7):
        daily_copy(demo_paths, TODAY_START - timedelta(days=days_ago))
    today = daily_copy(demo_paths, TODAY_START)
    clock = Clock(TODAY_START + timedelta(hours=1))
    manual_count = max(KEEP_DAILY, KEEP_WEEKLY, KEEP_PER_EVENT) + 2
    made = [make_backup(demo_paths, clock=clock) for _ in range(manual_count)]
    assert today.path.exists()
    assert today.path.name in names(demo_paths, "daily")
    assert names(demo_paths, "manual") == {info.path.name for info in made}


def test_a_manual_copy_made_while_the_days_copy_is_written_leaves_it(demo_paths: DataPaths) -> None:
    started = daily_backup_started(demo_paths, Clock(TODAY_START))
    assert started is not None
    manual = make_backup(demo_paths, clock=Clock(TODAY_START + timedelta(minutes=5)))
    today = started.wait()
    assert today.path.exists() and manual.path.exists()
    assert names(demo_paths, "daily") == {today.path.name}


def test_an_encrypted_manual_copy_leaves_todays_daily_copy(demo_paths: DataPaths) -> None:
    today = daily_copy(demo_paths, TODAY_START)
    clock = Clock(TODAY_START + timedelta(hours=2))
    sealed = [make_backup(demo_paths, password="пароль-для-копии", clock=clock) for _ in range(KEEP_DAILY + 1)]
    assert today.path.exists()
    assert all(info.path.exists() for info in sealed)


def test_a_manual_copy_does_not_stand_in_for_the_days_automatic_copy(demo_paths: DataPaths) -> None:
    make_backup(demo_paths, clock=Clock(TODAY_START))
    later = daily_backup_started(demo_paths, Clock(TODAY_START + timedelta(hours=1)))
    assert later is not None, "the day's automatic copy is still made after a manual one"
    today = later.wait()
    assert today.path.exists()
    assert len(names(demo_paths, "manual")) == 1
