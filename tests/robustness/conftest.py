"""Every robustness suite reports how many cases it ran and how many ended in an unhandled error; the totals are
printed at the end of the pytest run (the acceptance of issue 9 asks for the counts)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.robustness.scale import FULL


@dataclass
class SuiteCount:
    cases: int = 0
    unhandled: int = 0
    notes: list[str] = field(default_factory=list)


COUNTS: dict[str, SuiteCount] = {}


def record(suite: str, cases: int, unhandled: int = 0, note: str = "") -> None:
    """Add ``cases`` run (and ``unhandled`` errors among them) to ``suite``'s total."""
    count = COUNTS.setdefault(suite, SuiteCount())
    count.cases += cases
    count.unhandled += unhandled
    if note:
        count.notes.append(note)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not COUNTS:
        return
    mode = "полный набор" if FULL else "сокращённый набор (полный: python3 build/dev.py robustness)"
    terminalreporter.section(f"Устойчивость: {mode}")
    for suite, count in sorted(COUNTS.items()):
        line = f"{suite}: {count.cases} случаев, необработанных ошибок: {count.unhandled}"
        if count.notes:
            line += " (" + "; ".join(count.notes) + ")"
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def exchange_world(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A region and two districts, with the bundle and the region package they exchange (built once)."""
    from tests.robustness.exchange_world import build_world

    return build_world(tmp_path_factory.mktemp("exchange-world"))
