"""Benchmarks of the figures the issues name, each printed beside its baseline as a ratio.

Run with ``python3 build/dev.py bench`` (``--only cases`` runs only tests/bench/bench_cases.py, ``--only families``
only the family register's rows, ``--only startup`` only the start-up rows of tests/bench/startup.py, ``--only
reports`` only the region reports of tests/bench/reports.py, ``--only exchange`` only the import rows of
tests/bench/exchange.py; ``--million`` adds 1 000 000 families and 600 bundles). Timings never appear as
assertions in the normal tests.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.bench_cases import case_rows
from tests.bench.encryption import encryption_rows
from tests.bench.exchange import SIZES as BUNDLE_SIZES
from tests.bench.exchange import exchange_rows
from tests.bench.families import bare_sqlite
from tests.bench.reports import report_rows
from tests.bench.startup import cli_rows, startup_rows
from tests.bench.targets import verdict

FAMILY_SIZES = (10_000, 100_000)  # and 1 000 000 with --million (about ten minutes more)


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


def family_rows(folder: Path, sizes: tuple[int, ...] = FAMILY_SIZES) -> list[tuple[str, float, float | None, str]]:
    """Issues 4 and 26, for registers of growing size: the screen opens < 1 s; Ctrl+End shows the last family at
    once; scrolling the whole register page by page < 1 s at 100 000 (< 5 s at 1 000 000); search ≤ 2× the same
    FTS5 query at 100 000 and 1 000 000; filters < 100 ms; memory < 300 MB."""
    window = _json([sys.executable, "-m", "tests.bench.families", "bare-window"])
    rows: list[tuple[str, float, float | None, str]] = []
    for size in sizes:
        root = folder / f"families-{size}"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tests.bench.families", "build", str(root), str(size)], check=True)
        built = time.perf_counter() - started
        ours = _json([sys.executable, "-m", "tests.bench.families", "probe", str(root)])
        bare = bare_sqlite(root)
        scroll_target = "< 1000" if size <= 100_000 else "< 5000"
        # the issue sets the search against its bare query at 100 000 and 1 000 000; at 10 000 both take a few
        # milliseconds, and the ratio is printed to watch, not judged
        search_target = "≤ 2×" if size >= 100_000 else "—"
        label = f"{size:,}".replace(",", " ")
        rows.extend(
            [
                (f"[{label} семей] создание базы, с", built, None, "—"),
                (
                    f"[{label}] реестр открыт, мс (база: пустая таблица Qt)",
                    ours["open_ms"],
                    window["window_ms"],
                    "< 1000",
                ),
                (
                    f"[{label}] Ctrl+End: последняя семья, мс (база: count + последняя страница)",
                    ours["end_ms"],
                    bare["end_ms"],
                    "< 1000",
                ),
                (
                    f"[{label}] поиск по ФИО, мс (база: тот же запрос FTS5)",
                    ours["search_ms"],
                    bare["search_ms"],
                    search_target,
                ),
                (
                    f"[{label}] прокрутка до конца по коду, мс (база: цикл keyset)",
                    ours["scroll_code_ms"],
                    bare["scroll_code_ms"],
                    scroll_target,
                ),
                (
                    f"[{label}] то же, «Семья» по убыванию, мс (база: цикл keyset)",
                    ours["scroll_name_desc_ms"],
                    bare["scroll_name_desc_ms"],
                    scroll_target,
                ),
                (f"[{label}] отбор по этапу и МО, мс (база: sqlite3)", ours["filter_ms"], bare["filter_ms"], "< 100"),
                (f"[{label}] память процесса с открытым реестром, МБ", ours["rss_mb"], None, "< 300"),
            ]
        )
        shutil.rmtree(root, ignore_errors=True)  # a million families take a gigabyte: one size at a time
    return rows


def _credentials(demo_output: str) -> tuple[str, str]:
    """The demo's login and password from what ``opeka demo`` prints (fictitious data, made for this run)."""
    lines = dict(line.split(": ", 1) for line in demo_output.splitlines() if line.startswith(("Логин:", "Пароль:")))
    return lines["Логин"], lines["Пароль"]


def main(argv: list[str]) -> int:
    suite_started = time.perf_counter()
    rows: list[tuple[str, float, float | None, str]] = []
    million = "--million" in argv
    argv = [arg for arg in argv if arg != "--million"]
    sizes = (*FAMILY_SIZES, 1_000_000) if million else FAMILY_SIZES
    bundle_sizes = (*BUNDLE_SIZES, 600) if million else BUNDLE_SIZES  # 600 bundles: about 1 000 000 rows
    if argv[:2] == ["--only", "cases"]:
        with tempfile.TemporaryDirectory() as folder:
            rows.extend(case_rows(Path(folder)))
        return _print(rows, suite_started)
    if argv[:2] == ["--only", "exchange"]:
        with tempfile.TemporaryDirectory() as folder:
            rows.extend(exchange_rows(Path(folder), bundle_sizes))
        return _print(rows, suite_started)
    if argv[:2] == ["--only", "families"]:
        with tempfile.TemporaryDirectory() as folder:
            rows.extend(family_rows(Path(folder), sizes))
        return _print(rows, suite_started)
    if argv[:2] == ["--only", "reports"]:
        rows.extend(report_rows())
        return _print(rows, suite_started)
    only_startup = argv[:2] == ["--only", "startup"]
    if argv and not only_startup:
        print("Использование: python -m tests.bench [--only cases|families|exchange|reports|startup] [--million]")
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
        rows.extend(cli_rows(data, login, password))
        if only_startup:
            return _print(rows, suite_started)
        # the demo's database is encrypted: the commands below sign in, as a script does
        os.environ["OPEKA_USER"], os.environ["OPEKA_PASSWORD"] = login, password
        self_test = _time([sys.executable, "-m", "desktop_app", "self-test"], repeats=1)
        rows.append(("opeka self-test, с", self_test, None, "—"))
        rows.extend(family_rows(Path(folder), sizes))
        rows.extend(exchange_rows(Path(folder) / "exchange", bundle_sizes))
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
    print(verdict(rows))
    print(f"Весь набор выполнен за {time.perf_counter() - suite_started:.0f} с (цель — меньше 10 минут).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
