"""How an incoming record meets the local one: new, unchanged, changed there, changed here, older, or a
conflict. The «base» is what this installation last took from the same source for the same record, so
an edit made there can be told from an edit made here (FORMAT.md, «Records»)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desktop_app.sync.records import TRACKING


class Outcome(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    NEWER_HERE = "newer_here"
    OLDER = "older"
    CONFLICT = "conflict"
    OWN = "own"
    DELETED = "deleted"
    DELETED_HERE = "deleted_here"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def applies(self) -> bool:
        """Whether the incoming record is written."""
        return self in (Outcome.NEW, Outcome.CHANGED)


_LABELS = {
    Outcome.NEW: "новые",
    Outcome.CHANGED: "изменённые",
    Outcome.UNCHANGED: "без изменений",
    Outcome.NEWER_HERE: "изменены здесь позже — оставлены",
    Outcome.OLDER: "в файле старее — пропущены",
    Outcome.CONFLICT: "конфликты",
    Outcome.OWN: "свои записи — не изменяются",
    Outcome.DELETED: "удалены у отправителя",
    Outcome.DELETED_HERE: "удалены здесь — не восстанавливаются",
}


@dataclass(frozen=True)
class Agreed:
    """The version and content hash of a record as last taken from this source."""

    row_version: int
    content_hash: str


def classify(
    incoming_version: int,
    incoming_hash: str,
    local_version: int | None,
    local_hash: str | None,
    base: Agreed | None,
    protect_own: bool = False,
) -> Outcome:
    """The outcome for one record.

    Args:
        local_version, local_hash: the record here, or None when it does not exist here.
        base: what was last taken from this source, or None if never.
        protect_own: a district importing reference data: a record that exists here and never came from
            this source is the district's own and is never touched.
    """
    if local_hash is None or local_version is None:
        # taken from this source once and deleted here since: a deletion is a change like any other, and
        # only a later edit there brings the record back
        if base is not None and incoming_hash == base.content_hash:
            return Outcome.DELETED_HERE
        return Outcome.NEW
    if local_hash == incoming_hash:
        return Outcome.UNCHANGED
    if base is None:
        if protect_own:
            return Outcome.OWN
        # both sides have the record and never agreed through this source: the later version wins
        return Outcome.CHANGED if incoming_version > local_version else Outcome.NEWER_HERE
    changed_here = local_hash != base.content_hash
    changed_there = incoming_hash != base.content_hash
    if changed_there and incoming_version < base.row_version:
        return Outcome.OLDER
    if not changed_there:
        return Outcome.NEWER_HERE if changed_here else Outcome.UNCHANGED
    if not changed_here:
        return Outcome.CHANGED
    return Outcome.CONFLICT


def field_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for each field whose value differs, tracking columns left out."""
    old = old or {}
    return [(key, old.get(key), value) for key, value in new.items() if key not in TRACKING and old.get(key) != value]
