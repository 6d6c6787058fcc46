"""Issues 6 and 26: district bundles, each with 1 000 families, 300 measure reports and 300 indicator values —
6, 60 and (on request) 600 of them, so growth is visible. The region imports them all, within 2.5× of a bare
sqlite3 executemany of the same rows into the same tables (a copy of the region's database before the import,
with its indexes and triggers, and the connection set as the program's bulk import sets its own); beside it, the
ratio to the floor (the rows into tables without indexes). It then loads the same folder again, which writes
nothing: that is set against a bare read of what it must compare — every file's bytes hashed (a file taken
before is known by its hash) and the keys, versions and hashes agreed with each district.

Run as part of ``python3 build/dev.py bench``, or alone: ``python3 build/dev.py bench --only exchange`` (6 and
60 bundles; ``--million`` adds 600 bundles, about 1 000 000 rows: their set-up alone takes 10–20 minutes, so the
normal run leaves them out); ``python -m tests.bench.exchange [--million]`` prints the same.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import demo_program
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.roles import InstallationKind
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.program_store import store_program
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.database import BULK_CACHE_KIB, BULK_CHECKPOINT_PAGES, open_database
from desktop_app.storage.models import (
    ExecutionReport,
    Indicator,
    IndicatorValue,
    Measure,
    ResourceFamily,
)
from desktop_app.sync.batch import import_folder
from desktop_app.sync.setup import exchange_services
from tests.bench.targets import verdict

DISTRICTS = 60
SIZES = (6, 60)  # 600 on request (--million): its set-up alone takes 10–20 minutes
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


def build(folder: Path, districts: int = DISTRICTS) -> tuple[Path, Path]:
    """The region with its program, and a folder of ``districts`` district bundles; returns the region's data
    folder and the folder of bundles. Every district is a copy of one set up once (with the region's package
    taken), given its own installation, organisation and keys, then its own families, reports and values: a
    set-up per district would take most of an hour for 600."""
    region_paths = DataPaths(folder / "region")
    db = create_installation(region_paths, REGION)
    with db.transaction() as session:
        store_program(session, demo_program())
    region_paths.ensure()
    export, _ = exchange_services(db, region_paths, AttachmentStore(region_paths.attachments))
    package = folder / "region.opeka"
    export.write(SYSTEM_ACTOR, package)
    db.close()
    template = _district_template(folder / "district-template", package)
    inbox = folder / "inbox"
    inbox.mkdir()
    rnd = random.Random(6)
    for number in range(districts):
        name = f"Район № {number + 1}"
        paths = DataPaths(folder / f"district-{number}")
        shutil.copytree(template, paths.root)
        shutil.rmtree(paths.root / "keys", ignore_errors=True)  # its own keys, made at its first export
        bare = sqlite3.connect(paths.database)
        organisation = str(uuid.uuid4())
        with bare:
            # the office's own organisation belongs to the district it names (sync/ownership.py)
            bare.execute("PRAGMA foreign_keys = OFF")
            bare.execute(
                "UPDATE organisation SET id = ?, owner = ?, territory = ?, full_name = ? WHERE owner != ''",
                (organisation, name, name, f"Отдел опеки {number}"),
            )
            bare.execute(
                "UPDATE installation SET id = ?, district_name = ?, organisation_id = ?",
                (str(uuid.uuid4()), name, organisation),
            )
        bare.close()
        district = open_database(paths, daily_copy=False)
        export, _ = exchange_services(district, paths, AttachmentStore(paths.attachments))
        with district.transaction() as session:
            measures = list(session.scalars(select(Measure.id)))
            indicators = list(session.scalars(select(Indicator.id)))
            rows = _district_rows(measures, indicators, name, rnd)
            session.execute(insert(ResourceFamily), rows["families"])
            session.execute(insert(ExecutionReport), rows["reports"])
            session.execute(insert(IndicatorValue), rows["values"])
        export.write(SYSTEM_ACTOR, inbox / f"district-{number:03d}.opeka")
        district.close()
        shutil.rmtree(paths.root)
    return region_paths.root, inbox


def _district_template(root: Path, package: Path) -> Path:
    """A district set up once, with the region's package taken; ``build`` copies it for every district."""
    paths = DataPaths(root)
    request = replace(
        REGION,
        kind=InstallationKind.DISTRICT,
        district_name="Вельский муниципальный район",
        organisation_name="Отдел опеки",
        admin_login="admin",
    )
    district = create_installation(paths, request)
    paths.ensure()
    _, load = exchange_services(district, paths, AttachmentStore(paths.attachments))
    load.apply(SYSTEM_ACTOR, load.preview(SYSTEM_ACTOR, package))
    district.close()
    return root


def region_import(region_root: Path, inbox: Path, districts: int) -> tuple[float, float, int]:
    paths = DataPaths(region_root)
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
    assert applied == districts, [row.message for row in first if row.result != "applied"][:3]
    assert all(row.result == "unchanged" for row in again)
    return first_seconds, again_seconds, applied


def _as_the_program_writes(connection: sqlite3.Connection) -> None:
    """The settings the program's connection has during a folder's import (storage/engine.py, Database.bulk_writes):
    the baseline writes with the same durability and the same page cache, not SQLite's smaller defaults."""
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    connection.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")


def bare_executemany(region_root: Path, pristine_root: Path | None = None, defer_search_index: bool = False) -> float:
    """The rows the region now holds in the three district tables, written again with sqlite3.executemany in one
    transaction: nothing checked, no bookkeeping, foreign keys off (as in a bare connection), the log copied into
    the database at the end as the import does.

    ``pristine_root``: into a copy of that region's database as it was before the import, the program's own
    tables with their indexes and triggers — what the issue's «bare executemany of the same rows» writes into.
    Without it, into empty copies of the three tables alone, without their secondary indexes: the floor for any
    import. ``defer_search_index``: the families' search index filled once after the rows, as the import fills it,
    instead of by its trigger row by row (the issue's bare executemany fires the trigger: two thirds of its time)."""
    source = sqlite3.connect(DataPaths(region_root).database)
    bare_file = region_root.parent / "bare.sqlite3"
    bare_file.unlink(missing_ok=True)
    if pristine_root is not None:
        shutil.copyfile(DataPaths(pristine_root).database, bare_file)
    target = sqlite3.connect(bare_file)
    _as_the_program_writes(target)
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
        trigger = target.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (f"{table}_fts_insert",)
        ).fetchone()
        trigger = trigger if defer_search_index else None
        if trigger is not None:  # the search index filled once after the rows, as the import fills it
            largest = target.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
            target.execute(f"DROP TRIGGER {table}_fts_insert")
        target.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        if trigger is not None:
            target.execute(
                f"INSERT INTO {table}_fts(rowid, search_key) SELECT rowid, search_key FROM {table} WHERE rowid > ?",
                (largest,),
            )
            target.execute(trigger[0])
    target.commit()
    target.execute("PRAGMA wal_checkpoint(PASSIVE)")
    seconds = time.perf_counter() - started
    target.close()
    bare_file.unlink()
    return seconds


def bare_compare(region_root: Path, inbox: Path) -> float:
    """What loading the folder again must at least do, in bare sqlite3 on the imported region: read every file and
    hash it, and read the keys, versions and content hashes agreed with each district (``sync_record_state``),
    one query per district."""
    connection = sqlite3.connect(DataPaths(region_root).database)
    _as_the_program_writes(connection)
    started = time.perf_counter()
    for path in sorted(inbox.glob("*.opeka")):
        hashlib.sha256(path.read_bytes()).hexdigest()
    peers = [peer for (peer,) in connection.execute("SELECT id FROM sync_peer")]
    found = 0
    for peer in peers:
        query = "SELECT entity, record_id, row_version, content_hash FROM sync_record_state WHERE peer_id = ?"
        found += len(connection.execute(query, (peer,)).fetchall())
    seconds = time.perf_counter() - started
    connection.close()
    assert found, "the region has no agreed states to read"
    return seconds


def _import_in_own_process(region_root: Path, inbox: Path, districts: int) -> dict[str, float]:
    """One round in a fresh process, as the program imports: it opens the database and loads the folder twice."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.exchange", "import", str(region_root), str(inbox), str(districts)],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def exchange_rows(folder: Path, sizes: Sequence[int] = SIZES) -> list[tuple[str, float, float | None, str]]:
    """Rows for each number of bundles in ``sizes``; then the region's database of the largest opened at the day's
    first start. Each figure is the best of ``ROUNDS`` runs on a fresh copy of the region, the baselines too (on
    a shared machine a single run varies by a third from one minute to the next); 600 bundles: one round."""
    rows: list[tuple[str, float, float | None, str]] = []
    region_root = folder
    for districts in sizes:
        region_root, size_rows = _size_rows(folder / f"bundles-{districts}", districts)
        rows += size_rows
    first_of_day, later = open_region(region_root)
    rows.append(("Открытие базы региона в первый запуск за день, с (база: второй запуск)", first_of_day, later, "—"))
    return rows


def _size_rows(folder: Path, districts: int) -> tuple[Path, list[tuple[str, float, float | None, str]]]:
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    region_root, inbox = build(folder, districts)
    built = time.perf_counter() - started
    pristine = folder / "region-before-import"
    shutil.copytree(region_root, pristine)
    firsts, agains, bares, deferred, floors, compares = [], [], [], [], [], []
    for _ in range(ROUNDS if districts < 600 else 1):
        shutil.rmtree(region_root)
        shutil.copytree(pristine, region_root)
        figures = _import_in_own_process(region_root, inbox, districts)
        firsts.append(figures["first"])
        agains.append(figures["again"])
        bares.append(bare_executemany(region_root, pristine))
        deferred.append(bare_executemany(region_root, pristine, defer_search_index=True))
        floors.append(bare_executemany(region_root))
        compares.append(bare_compare(region_root, inbox))
    shutil.rmtree(pristine)
    first, again, bare, floor, compare = min(firsts), min(agains), min(bares), min(floors), min(compares)
    bare_deferred = min(deferred)
    count = f"{districts} пакетов"  # 6, 60, 600
    return region_root, [
        (f"Подготовка {count} МО, с", built, None, "—"),
        (
            f"Загрузка {count} в регион, с (база: sqlite3 executemany тех же строк в те же таблицы)",
            first,
            bare,
            "≤ 2.5×" if districts != 60 else "< 10, ≤ 2.5×",
        ),
        (
            f"Повторная загрузка {count} без изменений, с (база: чтение файлов и согласованных ключей и хешей)",
            again,
            compare,
            "< 3" if districts == 60 else "—",
        ),
        (f"  загрузка {count} против той же вставки с поисковым индексом после строк, с", first, bare_deferred, "—"),
        (f"  загрузка {count} против вставки в таблицы без индексов, с", first, floor, "—"),
    ]


def open_region(region_root: Path) -> tuple[float, float]:
    """Seconds ``open_database`` takes on the region's database after the import: at the day's first start (the
    day's copy is begun, its zip finished in the background) and at a later start (no copy), best of three."""
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
        first_seconds, again_seconds, _ = region_import(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))
        print(json.dumps({"first": first_seconds, "again": again_seconds}))
        sys.exit(0)
    with tempfile.TemporaryDirectory() as work:
        found = exchange_rows(Path(work), (*SIZES, 600) if "--million" in sys.argv else SIZES)
        for name, value, base, target in found:
            ratio = f"{value / base:.2f}" if base else "—"
            print(f"{name:95} {value:10.3f} {target:>12} {base or 0:10.3f} {ratio:>8}")
        print(verdict(found))
