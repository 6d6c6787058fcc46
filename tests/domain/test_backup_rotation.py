"""The rotation rule of backups/: 14 days, 8 weeks, 10 of each event, nothing the program did not write."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desktop_app.domain.backup_rotation import backup_name, copies_to_delete, made_on, parse_backup_name

SUNDAY = datetime(2026, 11, 22, 9, 30)


def names_kept(names: list[str]) -> set[str]:
    copies = [parse_backup_name(name) for name in names]
    assert all(copy is not None for copy in copies)
    deleted = {copy.name for copy in copies_to_delete(copy for copy in copies if copy is not None)}
    return set(names) - deleted


def test_sixty_daily_copies_keep_fourteen_days_and_the_newest_of_eight_weeks() -> None:
    daily = [backup_name("daily", SUNDAY - timedelta(days=back)) for back in range(60)]
    kept = names_kept(daily)
    days = {SUNDAY - timedelta(days=back) for back in range(14)}  # Monday 9 to Sunday 22 November: two ISO weeks
    older_sundays = {datetime(2026, 11, 8, 9, 30) - timedelta(weeks=week) for week in range(6)}
    assert kept == {backup_name("daily", made) for made in days | older_sundays}
    assert len(kept) == 20


def test_several_daily_copies_of_one_day_keep_only_the_newest() -> None:
    morning = backup_name("daily", SUNDAY)
    evening = backup_name("daily", SUNDAY + timedelta(hours=5))
    assert names_kept([morning, evening]) == {evening}


def test_the_newest_ten_of_each_event_are_kept_whatever_their_age() -> None:
    imports = [backup_name("before-import", SUNDAY - timedelta(days=100 + n)) for n in range(12)]
    migrations = [backup_name("before-migration", SUNDAY - timedelta(days=400))]
    kept = names_kept(imports + migrations)
    assert kept == set(imports[:10]) | set(migrations)


def test_names_the_program_did_not_write_are_never_touched() -> None:
    assert parse_backup_name("notes.txt") is None
    assert parse_backup_name("opeka-daily-garbage.zip") is None
    assert parse_backup_name("opeka-before-migration-0001-20260101-000000-000000.sqlite3") is None
    assert parse_backup_name(backup_name("manual", SUNDAY, sealed=True)) is not None


def test_made_on_tells_whether_a_days_copy_exists() -> None:
    copies = [parse_backup_name(backup_name("daily", SUNDAY))]
    present = [copy for copy in copies if copy is not None]
    assert made_on(present, "daily", date(2026, 11, 22))
    assert not made_on(present, "daily", date(2026, 11, 23))
    assert not made_on(present, "manual", date(2026, 11, 22))
