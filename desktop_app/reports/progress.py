"""Progress and cancelling for renderers that run off the GUI thread.

The GUI hands in two plain callables (no Qt here): ``progress(done, total)`` and ``cancelled()``. A long
report is checked between rows and pages, so «Отмена» stops it within a fraction of a second, and the
renderer raises ``Cancelled`` before anything is written to the target.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from desktop_app.domain.errors import UserError

ProgressCallback: TypeAlias = Callable[[int, int], None]
CancelCheck: TypeAlias = Callable[[], bool]


class Cancelled(UserError):
    """The user stopped the report; nothing was written. A UserError, so a caller that does not look for
    it still shows a sensible sentence."""

    def __init__(self, *_annotations: object) -> None:
        # reportlab re-raises an exception from inside its layout as ``type(exc)(annotated message)``; the
        # message to the user stays the same whatever it adds.
        super().__init__("Формирование отчёта остановлено.")


class Steps:
    """Counts work done out of a known total; reports progress at most once per percent and checks for
    cancelling on every step (``cancelled()`` is meant to be a cheap flag read)."""

    def __init__(self, total: int, progress: ProgressCallback | None, cancelled: CancelCheck | None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled
        self._reported = -1

    def check(self) -> None:
        """Raise ``Cancelled`` if the user asked to stop."""
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()

    def advance(self, count: int = 1) -> None:
        """``count`` more steps done; checks for cancelling first."""
        self.check()
        self.done = min(self.done + count, self.total)
        self._report()

    def finish(self) -> None:
        """All done: the last report is always ``progress(total, total)``."""
        self.done = self.total
        self._report()

    def _report(self) -> None:
        if self._progress is None:
            return
        percent = self.done * 100 // self.total
        if percent != self._reported:
            self._reported = percent
            self._progress(self.done, self.total)
