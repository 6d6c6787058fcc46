"""Crash safety of set-up and of a copy to a stick (issue 21, item 4): `opeka init`, `opeka demo` and a
password-protected `opeka backup --to` killed with SIGKILL at random moments leave either nothing or a whole
result, never a database every command refuses nor anything readable on the stick (setup_crash.py). 25 kills each
in ``python3 build/dev.py robustness``; the normal run kills `opeka init` once and the copy to a stick a few
times (a demo takes three seconds a run: the normal run kills it at a fixed moment instead, in
tests/cli/test_setup_never_overwrites.py)."""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DemoTemplate
from tests.robustness.conftest import record
from tests.robustness.scale import cases
from tests.robustness.setup_crash import CommandZygote, demo_case, init_case, run_case, stick_case

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")
KILLS = {"init": cases(ci=1, full=25), "demo": cases(ci=0, full=25), "stick": cases(ci=3, full=25)}


@pytest.fixture(scope="module")
def zygote(demo_template: DemoTemplate) -> Iterator[CommandZygote]:
    with pytest.MonkeyPatch.context() as environment:  # `opeka backup` signs in as the demo's administrator
        environment.setenv("OPEKA_USER", demo_template.result.login)
        environment.setenv("OPEKA_PASSWORD", demo_template.result.password)
        process = CommandZygote()
    yield process
    process.close()


@pytest.mark.parametrize("name", ["init", "demo", "stick"])
def test_killed_set_up_or_copy_to_a_stick_leaves_nothing_half_made(
    name: str, zygote: CommandZygote, demo_template: DemoTemplate, tmp_path: Path
) -> None:
    if not KILLS[name]:
        pytest.skip("killed at random moments in the full robustness suite only (OPEKA_ROBUSTNESS=full)")
    seed = int(os.environ.get("OPEKA_CRASH_SEED") or random.randrange(1_000_000))
    case = {
        "init": lambda: init_case(tmp_path),
        "demo": lambda: demo_case(tmp_path),
        "stick": lambda: stick_case(tmp_path, demo_template.root),
    }[name]()
    result = run_case(zygote, case, KILLS[name], seed)
    note = f"{case.name}: убийств {result.kills} за {result.seconds:.0f} с, нарушений {len(result.failures)}"
    record("аварийное завершение настройки и копии на флешку", result.kills, len(result.failures), note)
    assert not result.failures, "\n".join([f"OPEKA_CRASH_SEED={seed}", *result.failures[:10]])
    assert result.kills >= KILLS[name]
