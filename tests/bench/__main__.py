"""Benchmarks of the figures the issues name, each printed beside its baseline as a ratio.

Run with ``python3 build/dev.py bench`` (``--only cases`` runs only tests/bench/bench_cases.py, ``--only exchange``
only tests/bench/exchange.py, with ``--bundles 6,60,600`` for 600 bundles too). Timings never appear as assertions
in the normal tests.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.bench_cases import case_rows
from tests.bench.encryption import encryption_rows
from tests.bench.exchange import exchange_rows, missed_targets, sizes_from
from tests.bench.families import FAMILIES, bare_sqlite, build_register
from tests.bench.reports import report_rows
from tests.bench.startup import startup_rows


def _time(command: list[str], repeats: int = 3) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _json(command: list[str]) -> dict[str, float]:
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def family_rows(folder: Path) -> list[tuple[str, float, float | None, str]]:
    """Issue 4: 100 000 families — the screen opens < 1 s, search and filter < 100 ms, memory < 300 MB."""
    root = folder / "families"
    started = time.perf_counter()
    build_register(root)
    built = time.perf_counter() - started
    ours = _json([sys.executable, "-m", "tests.bench.families", "probe", str(root)])
    window = _json([sys.executable, "-m", "tests.bench.families", "bare-window"])
    bare = bare_sqlite(root)
    return [
        (f"Создание базы с {FAMILIES:,} семей, с".replace(",", " ", 1), built, None, "—"),
        ("Реестр семей: окно открыто, мс (база: пустая таблица Qt)", ours["open_ms"], window["window_ms"], "< 1000"),
        ("Поиск по ФИО, мс (база: тот же запрос FTS5 в sqlite3)", ours["search_ms"], bare["search_ms"], "< 100, ≤ 2×"),
        (
            "Прокрутка реестра до конца, по коду, мс (база: цикл keyset в sqlite3)",
            ours["scroll_code_ms"],
            bare["scroll_code_ms"],
            "< 1000",
        ),
        (
            "Прокрутка до конца, «Семья» по убыванию, мс (база: цикл keyset в sqlite3)",
            ours["scroll_name_desc_ms"],
            bare["scroll_name_desc_ms"],
            "< 1000",
        ),
        ("Отбор по этапу и МО, мс (база: sqlite3)", ours["filter_ms"], bare["filter_ms"], "< 100"),
        ("Память процесса с открытым реестром, МБ", ours["rss_mb"], None, "< 300"),
    ]


def _credentials(demo_output: str) -> tuple[str, str]:
    """The demo's login and password from what ``opeka demo`` prints (fictitious data, made for this run)."""
    lines = dict(line.split(": ", 1) for line in demo_output.splitlines() if line.startswith(("Логин:", "Пароль:")))
    return lines["Логин"], lines["Пароль"]


def main(argv: list[str]) -> int:
    suite_started = time.perf_counter()
    rows: list[tuple[str, float, float | None, str]] = []
    if argv[:2] == ["--only", "cases"]:
        with tempfile.TemporaryDirectory() as folder:
            rows.extend(case_rows(Path(folder)))
        return _print(rows, suite_started)
    if argv[:2] == ["--only", "exchange"]:
        with tempfile.TemporaryDirectory() as folder:
            rows.extend(exchange_rows(Path(folder), sizes_from(argv[2:])))
        code = _print(rows, suite_started)
        print("Не достигают цели: " + ("; ".join(missed_targets(rows)) or "нет"))
        return code
    if argv:
        print("Использование: python -m tests.bench [--only cases | --only exchange [--bundles 6,60,600]]")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "demo"
        started = time.perf_counter()
        created = subprocess.run(
            [sys.executable, "-m", "desktop_app", "demo", "--data-dir", str(data)],
            check=True,
            capture_output=True,
            text=True,
        )
        demo_seconds = time.perf_counter() - started
        rows.append(("Создание демо-установки, с", demo_seconds, None, "—"))
        login, password = _credentials(created.stdout)
        rows.extend(startup_rows(data, login, password))
        # the demo's database is encrypted: the commands below sign in, as a script does
        os.environ["OPEKA_USER"], os.environ["OPEKA_PASSWORD"] = login, password
        info = _time([sys.executable, "-m", "desktop_app", "info", "--json", "--data-dir", str(data)])
        baseline = _time([sys.executable, "-c", "import sqlalchemy, PySide6"])
        rows.append(("opeka info --json, с (база: импорт SQLAlchemy+PySide6)", info, baseline, "—"))
        self_test = _time([sys.executable, "-m", "desktop_app", "self-test"], repeats=1)
        rows.append(("opeka self-test, с", self_test, None, "—"))
        rows.extend(family_rows(Path(folder)))
        rows.extend(exchange_rows(Path(folder) / "exchange"))
        rows.extend(report_rows())
        rows.extend(encryption_rows(Path(folder) / "encryption"))
        rows.extend(case_rows(Path(folder)))
    return _print(rows, suite_started)


def _print(rows: list[tuple[str, float, float | None, str]], suite_started: float) -> int:
    width = max(len(row[0]) for row in rows)
    print(f"{'Показатель':{width}} {'значение':>10} {'цель':>10} {'база':>10} {'отношение':>10}")
    for name, value, base, target in rows:
        ratio = f"{value / base:10.2f}" if base else f"{'—':>10}"
        base_text = f"{base:10.3f}" if base else f"{'—':>10}"
        print(f"{name:{width}} {value:10.3f} {target:>10} {base_text} {ratio}")
    print(f"Весь набор выполнен за {time.perf_counter() - suite_started:.0f} с (цель — меньше 10 минут).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
