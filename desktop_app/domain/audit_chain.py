"""The hash chain of the audit trail: each entry's hash covers its own stored text and the previous entry's hash.

Whoever edits, deletes or inserts an entry with an SQLite tool outside the program breaks the chain at that
entry; the last entry's number and hash are also kept apart (the «head»), so cutting entries off the end is
found too. The chain is computed from the columns exactly as they are stored (text), so checking it never
depends on how values are converted back into Python.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

GENESIS = "0" * 64  # the «previous hash» of the first entry


@dataclass(frozen=True)
class StoredEntry:
    """One audit entry's columns as stored: times and JSON values as their text."""

    seq: int
    id: str
    at: str
    user_id: str | None
    user_login: str
    action: str
    entity: str
    entity_id: str | None
    summary: str
    old_values: str | None
    new_values: str | None


def link_hash(previous: str, entry: StoredEntry) -> str:
    """SHA-256 of the previous hash and the entry's fields, as a JSON array (unambiguous field boundaries)."""
    fields = [
        previous,
        entry.seq,
        entry.id,
        entry.at,
        entry.user_id,
        entry.user_login,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.summary,
        entry.old_values,
        entry.new_values,
    ]
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class BreakKind(StrEnum):
    CHANGED = "changed"  # the entry's text or its link differs from what was chained
    MISSING = "missing"  # numbers are skipped: entries were deleted
    TRUNCATED = "truncated"  # the stored head is past the last entry: entries were cut off the end
    UNNUMBERED = "unnumbered"  # an entry without a number was inserted outside the program
    HEAD_LOST = "head_lost"  # entries exist but the stored head was deleted


@dataclass(frozen=True)
class ChainBreak:
    kind: BreakKind
    seq: int
    last_seq: int = 0  # for MISSING and TRUNCATED: the last number concerned
    entry: StoredEntry | None = None


def chain_breaks(
    entries: Iterable[tuple[StoredEntry, str | None]], head: tuple[int, str] | None, unnumbered: int = 0
) -> list[ChainBreak]:
    """Every place where ``entries`` (in number order, each with its stored hash) do not form an intact chain.

    Each entry is checked against the hash stored on the entry before it, so one edited entry is reported
    once, not together with everything written after it.
    """
    breaks: list[ChainBreak] = []
    previous_hash, previous_seq = GENESIS, 0
    for entry, stored in entries:
        if entry.seq != previous_seq + 1:
            breaks.append(ChainBreak(BreakKind.MISSING, previous_seq + 1, entry.seq - 1))
        if stored != link_hash(previous_hash, entry):
            breaks.append(ChainBreak(BreakKind.CHANGED, entry.seq, entry=entry))
        previous_hash, previous_seq = stored or "", entry.seq
    if head is not None:
        head_seq, head_hash = head
        if head_seq > previous_seq:
            breaks.append(ChainBreak(BreakKind.TRUNCATED, previous_seq + 1, head_seq))
        elif head_seq < previous_seq or head_hash != previous_hash:
            breaks.append(ChainBreak(BreakKind.CHANGED, head_seq))
    elif previous_seq:
        breaks.append(ChainBreak(BreakKind.HEAD_LOST, previous_seq))
    if unnumbered:
        breaks.append(ChainBreak(BreakKind.UNNUMBERED, 0, unnumbered))
    return breaks
