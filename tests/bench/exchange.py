"""Issue 6: 60 district bundles, each with 1 000 families, 300 measure reports and 300 indicator values —
the region imports them all (< 10 s) and again unchanged (< 3 s), within 5× of a bare sqlite3 executemany of
the same rows into the same tables; beside it, the ratio to the floor (the rows into tables without indexes).

Run as part of ``python3 build/dev.py bench``; ``python -m tests.bench.exchange`` prints the figures alone.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import demo_program
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.roles import InstallationKind
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.program_store import store_program
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.models import ExecutionReport, Indicator, IndicatorValue, Installation, Measure, ResourceFamily
from desktop_app.sync.batch import import_folder
from desktop_app.sync.setup import exchange_services

DISTRICTS = 60
ROUNDS = 3
FAMILIES, REPORTS, VALUES = 1000, 300, 300
REGION = SetupRequest(
    kind=InstallationKind.REGION,
    region_code="29",
    district_name="",
    organisation_name="Министерство",
    admin_login="coordinator",
    admin_full_name="Координатор",
    admin_password="region-2025",
)
PERIODS = [f"{year}-H{half}" for year in range(2021, 2031) for half in (1, 2)]


def _district_rows(
    measures: list[str], indicators: list[str], name: str, rnd: random.Random
) -> dict[str, list[dict[str, Any]]]:
    families = [
        {
            "id": str(uuid.uuid4()),
            "code": f"РС-{n:04d}",
            "display_name": f"Семья {n}",
            "municipality": name,
            "status": rnd.choice(["candidate", "in_register", "active"]),
            "search_key": f"семья {n}",
        }
        for n in range(1, FAMILIES + 1)
    ]
    pairs = [(m, p) for p in PERIODS for m in measures][:REPORTS]
    reports = [
        {
            "id": str(uuid.uuid4()),
            "measure_id": m,
            "period": p,
            "territory": name,
            "status": "done",
            "done_text": "сделано",
        }
        for m, p in pairs
    ]
    cells = [(i, p) for p in PERIODS for i in indicators][:VALUES]
    values = [
        {"id": str(uuid.uuid4()), "indicator_id": i, "period": p, "territory": name, "value": float(rnd.randint(0, 50))}
        for i, p in cells
    ]
    return {"families": families, "reports": reports, "values": values}


def build(folder: Path) -> tuple[Path, Path]:
    """The region with its program, and a folder of 60 district bundles; returns the region's data folder."""
    region_paths = DataPaths(folder / "region")
    db = create_installation(region_paths, REGION)
    with db.transaction() as session:
        store_program(session, demo_program())
    region_paths.ensure()
    export, _ = exchange_services(db, region_paths, AttachmentStore(region_paths.attachments))
    package = folder / "region.opeka"
    export.write(SYSTEM_ACTOR, package)
    db.close()
    inbox = folder / "inbox"
    inbox.mkdir()
    rnd = random.Random(6)
    for number in range(DISTRICTS):
        name = f"Район № {number + 1}"
        paths = DataPaths(folder / f"district-{number}")
        request = replace(
            REGION,
            kind=InstallationKind.DISTRICT,
            district_name="Вельский муниципальный район",
            organisation_name=f"Отдел опеки {number}",
            admin_login="admin",
        )
        district = create_installation(paths, request)
        paths.ensure()
        with district.transaction() as session:
            session.execute(update(Installation).values(district_name=name))
        store = AttachmentStore(paths.attachments)
        export, load = exchange_services(district, paths, store)
        load.apply(SYSTEM_ACTOR, load.preview(SYSTEM_ACTOR, package))
        with district.transaction() as session:
            measures = list(session.scalars(select(Measure.id)))
            indicators = list(session.scalars(select(Indicator.id)))
            rows = _district_rows(measures, indicators, name, rnd)
            session.execute(insert(ResourceFamily), rows["families"])
            session.execute(insert(ExecutionReport), rows["reports"])
            session.execute(insert(IndicatorValue), rows["values"])
        export.write(SYSTEM_ACTOR, inbox / f"district-{number:02d}.opeka")
        district.close()
    return region_paths.root, inbox


def region_import(region_root: Path, inbox: Path) -> tuple[float, float, int]:
    paths = DataPaths(region_root)
    from desktop_app.storage.database import open_database

    db = open_database(paths)
    _, load = exchange_services(db, paths, AttachmentStore(paths.attachments))
    started = time.perf_counter()
    first = import_folder(load, SYSTEM_ACTOR, inbox)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = import_folder(load, SYSTEM_ACTOR, inbox)
    again_seconds = time.perf_counter() - started
    db.close()
    applied = sum(row.result == "applied" for row in first)
    assert applied == DISTRICTS, [row.message for row in first if row.result != "applied"][:3]
    assert all(row.result == "unchanged" for row in again)
    return first_seconds, again_seconds, applied


def bare_executemany(region_root: Path, pristine_root: Path | None = None) -> float:
    """The rows the region now holds in the three district tables, written again with sqlite3.executemany in one
    transaction: nothing checked, no bookkeeping, foreign keys off (as in a bare connection).

    ``pristine_root``: into a copy of that region's database as it was before the import, the program's own
    tables with their indexes — what the issue's «bare executemany of the same rows» writes into. Without it,
    into empty copies of the three tables alone, without their secondary indexes: the floor for any import."""
    source = sqlite3.connect(DataPaths(region_root).database)
    bare_file = region_root.parent / "bare.sqlite3"
    bare_file.unlink(missing_ok=True)
    if pristine_root is not None:
        shutil.copyfile(DataPaths(pristine_root).database, bare_file)
    target = sqlite3.connect(bare_file)
    tables = ("resource_family", "execution_report", "indicator_value")
    batches = []
    for table in tables:
        if pristine_root is None:
            (sql,) = source.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()
            target.execute(sql)
        cursor = source.execute(f"SELECT * FROM {table}")
        columns = [item[0] for item in cursor.description]
        batches.append((table, columns, cursor.fetchall()))
    source.close()
    started = time.perf_counter()
    for table, columns, rows in batches:
        marks = ", ".join("?" for _ in columns)
        target.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    target.commit()
    seconds = time.perf_counter() - started
    target.close()
    bare_file.unlink()
    return seconds


def _import_in_own_process(region_root: Path, inbox: Path) -> dict[str, float]:
    """One round in a fresh process, as the program imports: it opens the database and loads the folder twice."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.exchange", "import", str(region_root), str(inbox)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def exchange_rows(folder: Path) -> list[tuple[str, float, float | None, str]]:
    """Each figure is the best of ``ROUNDS`` runs on a fresh copy of the region, the baseline too: on a shared
    machine a single run of either varies by a third from one minute to the next."""
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    region_root, inbox = build(folder)
    built = time.perf_counter() - started
    pristine = folder / "region-before-import"
    shutil.copytree(region_root, pristine)
    firsts, agains, bares, floors = [], [], [], []
    for _ in range(ROUNDS):
        shutil.rmtree(region_root)
        shutil.copytree(pristine, region_root)
        figures = _import_in_own_process(region_root, inbox)
        firsts.append(figures["first"])
        agains.append(figures["again"])
        bares.append(bare_executemany(region_root, pristine))
        floors.append(bare_executemany(region_root))
    first, again, bare, floor = min(firsts), min(agains), min(bares), min(floors)
    first_of_day, later = open_region(region_root)
    return [
        (f"Подготовка {DISTRICTS} пакетов МО, с", built, None, "—"),
        ("Загрузка 60 пакетов в регион, с (база: sqlite3 executemany в те же таблицы)", first, bare, "< 10; < 5×"),
        ("Повторная загрузка без изменений, с (база: та же)", again, bare, "< 3"),
        ("  загрузка 60 пакетов против вставки в таблицы без индексов, с", first, floor, "—"),
        ("Открытие базы региона в первый запуск за день, с (база: второй запуск)", first_of_day, later, "—"),
    ]


def open_region(region_root: Path) -> tuple[float, float]:
    """Seconds ``open_database`` takes on the region's database after the import: at the day's first start (the
    day's copy is begun, its zip finished in the background) and at a later start (no copy), best of three."""
    from desktop_app.storage.database import open_database

    paths = DataPaths(region_root)
    firsts, laters = [], []
    for _ in range(ROUNDS):
        for copy in paths.backups.glob("opeka-daily-*"):
            copy.unlink()
        for samples in (firsts, laters):
            started = time.perf_counter()
            db = open_database(paths)
            samples.append(time.perf_counter() - started)
            db.close()
    return min(firsts), min(laters)


if __name__ == "__main__":
    if sys.argv[1:2] == ["import"]:  # one round, in the process exchange_rows starts
        first_seconds, again_seconds, _ = region_import(Path(sys.argv[2]), Path(sys.argv[3]))
        print(json.dumps({"first": first_seconds, "again": again_seconds}))
        sys.exit(0)
    with tempfile.TemporaryDirectory() as work:
        for name, value, base, target in exchange_rows(Path(work)):
            ratio = f"{value / base:.2f}" if base else "—"
            print(f"{name:75} {value:10.3f} {target:>10} {base or 0:10.3f} {ratio:>8}")
