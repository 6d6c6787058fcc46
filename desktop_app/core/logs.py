"""Logging to a rotating file in the data directory, so a user can send it when something breaks."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _LazyRotatingFileHandler(RotatingFileHandler):
    """Creates the log folder and file only when the first record is written, so a command that
    refuses to touch a data directory leaves nothing behind in it."""

    def _open(self):  # type: ignore[no-untyped-def]
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        pass  # a full or read-only disk must not turn a log line into an error for the user


def configure_logging(log_file: Path | None, level: int = logging.INFO) -> None:
    """Send the program's log records to ``log_file`` (created if needed); idempotent."""
    root = logging.getLogger("desktop_app")
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_opeka", False):
            root.removeHandler(handler)
            handler.close()
    if log_file is None:
        return
    handler = _LazyRotatingFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._opeka = True  # type: ignore[attr-defined]
    root.addHandler(handler)
