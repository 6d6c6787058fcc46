"""How many cases the robustness suites run: a smaller count in the normal test run (CI), the full count in
``python3 build/dev.py robustness`` (which sets OPEKA_ROBUSTNESS=full)."""

from __future__ import annotations

import os

FULL = os.environ.get("OPEKA_ROBUSTNESS", "").lower() == "full"


def cases(ci: int, full: int) -> int:
    """``full`` in the robustness suite, ``ci`` otherwise."""
    return full if FULL else ci
