"""Crash safety (issue 9): the worker is killed with SIGKILL at random moments of data entry, exports and
imports, and after every kill each database opens, passes integrity and foreign-key checks, keeps an audit trail
that matches its data, holds every import whole or not at all, and every exchange file is whole or absent.
A few dozen kills in the normal run, 300 in ``python3 build/dev.py robustness``."""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import pytest

from tests.robustness.conftest import record
from tests.robustness.crash_harness import reproduce_hint, run_harness
from tests.robustness.scale import cases


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")
def test_killed_at_random_moments_the_data_stays_whole(tmp_path: Path) -> None:
    seed = int(os.environ.get("OPEKA_CRASH_SEED") or random.randrange(1_000_000))
    result = run_harness(tmp_path / "world", cases(ci=30, full=300), seed)
    note = f"убийств SIGKILL: {result.kills} за {result.seconds:.0f} с, нарушений: {len(result.failures)}"
    record("аварийное завершение (SIGKILL)", result.kills, len(result.failures), note)
    print(reproduce_hint(result))
    assert not result.failures, "\n".join([reproduce_hint(result), *result.failures[:20]])
    assert result.kills >= cases(ci=30, full=300) * 0.9
