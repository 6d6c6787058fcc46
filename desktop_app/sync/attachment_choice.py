"""Which document files a district bundle carries. The records are a full snapshot every time, but scans
are large: a file the region has confirmed (its receipt says the bundle that carried it was taken) is left
out, and the rest go oldest-unsent first up to a budget that keeps the file far below the 512 MB limit.
What does not fit follows in the next bundles; a lost bundle's files are sent again, since only a receipt
confirms them (FORMAT.md, «Documents»)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop_app.storage.models import SentAttachment
from desktop_app.sync import limits

ATTACHMENT_BUDGET = 300 * limits.MIB  # documents per bundle: the data and the zip's overhead fit beside them
CONFIRMING_RESULTS = ("applied", "unchanged")


@dataclass(frozen=True)
class AttachmentChoice:
    included: dict[str, Path] = field(default_factory=dict)  # SHA-256 → the stored file
    confirmed: int = 0  # already at the recipient
    later: int = 0  # left for the next bundles: they did not fit this time

    @property
    def size(self) -> int:
        return sum(_size(path) for path in self.included.values())


def confirmed_sequences(receipts: Iterable[Mapping[str, Any]]) -> set[int]:
    """The bundles of this installation that the region's receipts say it took."""
    return {
        receipt["sequence"]
        for receipt in receipts
        if receipt.get("result") in CONFIRMING_RESULTS and isinstance(receipt.get("sequence"), int)
    }


def choose_attachments(
    session: Session, referenced: Mapping[str, Path], confirmed: set[int], budget: int | None = None
) -> AttachmentChoice:
    budget = ATTACHMENT_BUDGET if budget is None else budget
    sent: dict[str, int] = {}
    at_recipient: set[str] = set()
    for sha256, sequence in session.execute(select(SentAttachment.sha256, SentAttachment.sequence)):
        sent[sha256] = max(sent.get(sha256, 0), sequence)
        if sequence in confirmed:
            at_recipient.add(sha256)
    pending = sorted((sha for sha in referenced if sha not in at_recipient), key=lambda sha: (sent.get(sha, 0), sha))
    included: dict[str, Path] = {}
    total = 0
    for sha256 in pending:
        size = _size(referenced[sha256])
        if included and total + size > budget:
            continue  # a smaller file further on may still fit
        included[sha256] = referenced[sha256]
        total += size
    return AttachmentChoice(included, len(at_recipient & referenced.keys()), len(pending) - len(included))


def record_sent(session: Session, sequence: int, included: Iterable[str]) -> None:
    rows = [{"sequence": sequence, "sha256": sha256} for sha256 in included]
    if rows:
        session.execute(insert(SentAttachment), rows)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # a file missing from the store is refused when the bundle is written, with its name
