"""Which backup copies the program keeps in the data folder's backups/ (README, «Резервные копии»).

The rule, applied after every new copy:
- daily copies (the first start of a day): the newest copy of each of the last ``KEEP_DAILY`` (14) days that
  have one, and the newest copy of each of the last ``KEEP_WEEKLY`` (8) ISO weeks that have one — so about
  two weeks day by day and two months week by week;
- copies made by hand (``manual``) are the user's: kept until the user deletes them (a copy made before a
  risky change must not give way to the next start's daily copy);
- copies made before an event (a migration, an import, a restore): the newest ``KEEP_PER_EVENT`` (10) of
  each kind, whatever their age;
- the newest copy that passed its check (``copies_to_delete(..., sound=...)``) is never deleted, whatever
  the rule says: copies of a file that is not the program's database cannot push out the last good one;
- a file whose name the program did not write is never deleted, nor anything outside backups/ (a copy
  written to a chosen folder or a USB stick is the user's).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

KEEP_DAILY = 14
KEEP_WEEKLY = 8
KEEP_PER_EVENT = 10
ROTATED_KINDS = frozenset({"daily"})
KEPT_KINDS = frozenset({"manual"})
EVENT_KINDS = frozenset({"before-migration", "before-import", "before-restore", "before-encryption"})
BACKUP_SUFFIXES = (".zip", ".zip.sealed")
_NAME = re.compile(r"^opeka-(?P<kind>[a-z-]+?)-(?P<stamp>\d{8}-\d{6}-\d{6})(?P<suffix>\.zip(?:\.sealed)?)$")


@dataclass(frozen=True)
class BackupCopy:
    """One copy in backups/, as its file name tells: what made it and when."""

    name: str
    kind: str
    made: datetime


def backup_name(kind: str, made: datetime, sealed: bool = False) -> str:
    """The file name of a copy of ``kind`` made at ``made`` (local time): opeka-daily-20261123-094501-000000.zip."""
    return f"opeka-{kind}-{made.strftime('%Y%m%d-%H%M%S-%f')}{BACKUP_SUFFIXES[1 if sealed else 0]}"


def parse_backup_name(name: str) -> BackupCopy | None:
    """The copy a file name describes, or None for a name the program did not write."""
    match = _NAME.match(name)
    if match is None or match["kind"] not in ROTATED_KINDS | KEPT_KINDS | EVENT_KINDS:
        return None
    try:
        made = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
    except ValueError:
        return None
    return BackupCopy(name, match["kind"], made)


def copies_to_delete(
    copies: Iterable[BackupCopy], sound: Callable[[BackupCopy], bool] | None = None
) -> list[BackupCopy]:
    """The copies the rule above does not keep, oldest first.

    ``sound`` tells whether a copy passed its check; it is asked newest first, only until a copy passes, and
    that copy is kept. Without it every copy counts as sound.
    """
    every = sorted(copies, key=lambda copy: copy.made, reverse=True)
    keep: set[str] = {copy.name for copy in every if copy.kind in KEPT_KINDS}
    daily = [copy for copy in every if copy.kind in ROTATED_KINDS]
    keep.update(_newest_per_period(daily, lambda day: day, KEEP_DAILY))
    keep.update(_newest_per_period(daily, lambda day: day.isocalendar()[:2], KEEP_WEEKLY))
    for kind in EVENT_KINDS:
        keep.update(copy.name for copy in [c for c in every if c.kind == kind][:KEEP_PER_EVENT])
    if sound is not None:
        last_sound = next((copy for copy in every if sound(copy)), None)
        if last_sound is not None:
            keep.add(last_sound.name)
    return [copy for copy in reversed(every) if copy.name not in keep]


def _newest_per_period(newest_first: list[BackupCopy], period: Callable[[date], object], count: int) -> set[str]:
    kept: dict[object, str] = {}
    for copy in newest_first:
        bucket = period(copy.made.date())
        if bucket not in kept:
            if len(kept) == count:
                break
            kept[bucket] = copy.name
    return set(kept.values())


def made_on(copies: Iterable[BackupCopy], kind: str, day: date) -> bool:
    """True when a copy of ``kind`` was made on ``day`` (the daily copy is made once a day)."""
    return any(copy.kind == kind and copy.made.date() == day for copy in copies)
