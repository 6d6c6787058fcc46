"""The register of 100 000 resource families: opening the screen, search and filter, memory.

Run through ``python3 build/dev.py bench``. ``build_register`` fills a demo installation with generated
families (fictional names); ``probe`` runs in a fresh process so that its peak memory is the screen's own.
Baselines: the same queries on the bare ``sqlite3`` module, and an empty PySide6 table window. Scrolling to the
end (every page as the table fetches it) is set against a bare keyset loop of the same SQL shape; the search
against the same FTS5 trigram query written by hand.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop_app.core.paths import DataPaths
from desktop_app.domain.text import search_key

FAMILIES = 100_000
SURNAMES = (
    "Иванов Петров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Фёдоров Морозов Волков Алексеев "
    "Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев"
).split()
FEMALE_NAMES = "Анна Мария Елена Ольга Татьяна Наталья Ирина Светлана Алёна Дарья Юлия Екатерина".split()
MALE_NAMES = "Александр Сергей Дмитрий Андрей Алексей Иван Михаил Николай Пётр Владимир".split()
PATRONYMICS = ("Сергеевна Петровна Ивановна Андреевна Олеговна", "Сергеевич Петрович Иванович Андреевич Олегович")
MUNICIPALITIES = [f"Муниципальный округ № {number}" for number in range(1, 36)]
STAGES = ("candidate", "documents", "training", "diagnostics", "in_register", "active", "paused", "excluded")


def _female(surname: str) -> str:
    return surname + "а" if not surname.endswith("ий") else surname[:-2] + "ая"


def build_register(root: Path, families: int = FAMILIES, seed: int = 4) -> DataPaths:
    """A demo installation with ``families`` generated families and their adults, written in bulk."""
    from desktop_app.services.demo import create_demo

    paths = DataPaths(root)
    db, _ = create_demo(paths)
    db.close()
    family_rows, member_rows = generated_rows(families, seed)
    with sqlite3.connect(paths.database) as connection:
        insert_rows(connection, family_rows, member_rows)
    return paths


def generated_rows(families: int, seed: int = 4) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The rows of ``families`` generated families and of their adults (fictional names)."""
    rng = random.Random(seed)
    now = datetime.now(UTC).isoformat(timespec="microseconds")
    family_rows: list[tuple[object, ...]] = []
    member_rows: list[tuple[object, ...]] = []
    for number in range(1, families + 1):
        family_id = str(uuid.uuid4())
        surname = rng.choice(SURNAMES)
        mother = f"{_female(surname)} {rng.choice(FEMALE_NAMES)} {rng.choice(PATRONYMICS[0].split())}"
        adults = [mother]
        if rng.random() < 0.6:
            adults.append(f"{surname} {rng.choice(MALE_NAMES)} {rng.choice(PATRONYMICS[1].split())}")
        code = f"РС-{number + 10:06d}"
        stage = rng.choice(STAGES)
        since = date(2024, 1, 1) + timedelta(days=rng.randrange(1000))
        capacity = rng.choice((1, 1, 2, 2, 3))
        family_rows.append(
            (
                family_id,
                now,
                now,
                1,
                code,
                ", ".join(adults),
                rng.choice(MUNICIPALITIES),
                stage,
                since.isoformat(),
                capacity,
                rng.randrange(0, capacity + 1) if stage == "active" else 0,
                rng.random() < 0.3,
                rng.random() < 0.5,
                search_key(" ".join([code, *adults])),
            )
        )
        for position, name in enumerate(adults):
            birth = date(1970, 1, 1) + timedelta(days=rng.randrange(12_000))
            member_rows.append((str(uuid.uuid4()), now, now, 1, family_id, name, birth.isoformat(), position))
    return family_rows, member_rows


def insert_rows(connection: Any, family_rows: list[tuple[object, ...]], member_rows: list[tuple[object, ...]]) -> None:
    """The generated rows in bulk, through any DB-API connection (sqlite3's or SQLCipher's)."""
    connection.executemany(
        "INSERT INTO resource_family (id, created_at, updated_at, row_version, code, display_name, municipality,"
        " status, status_since, capacity_children, placed_now, accepts_disability, accepts_siblings, search_key,"
        " status_reason, age_from_months, age_to_months, household, housing, shpr_certificate, conclusion_number,"
        " supervisor, address, notes, is_demo)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0, 47, '', '', '', '', '', '', '', 0)",
        family_rows,
    )
    connection.executemany(
        "INSERT INTO family_member (id, created_at, updated_at, row_version, family_id, full_name, birth_date,"
        " position, relation, phone, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '', '')",
        member_rows,
    )


def _median_ms(action, repeats: int = 7) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return samples[len(samples) // 2]


def probe(root: Path) -> dict[str, float]:
    """In this process: open the register screen, then search and filter through the services."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop_app.domain.roles import Role
    from desktop_app.gui.app import ensure_application
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.pages.families_page import FamiliesPage
    from desktop_app.gui.selftest import _wait
    from desktop_app.gui.tasks import TaskRunner
    from desktop_app.services.family_register import READY, FamilyFilter, PageKey
    from desktop_app.storage.database import open_database
    from tests.conftest import make_actor

    paths = DataPaths(root)
    ensure_application()
    db = open_database(paths)
    actor = make_actor(Role.SPECIALIST)
    started = time.perf_counter()
    context = AppContext.build(paths, db, actor, TaskRunner())
    page = FamiliesPage(context)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    _wait(lambda: page.model.rowCount() > 0 and not page.busy, timeout=60)
    opened = (time.perf_counter() - started) * 1000
    register = context.families

    def to_the_end() -> None:
        """Ctrl+End on the table: the last family shown (its page read from the end)."""
        page.table.scrollToTop()
        page.model.set_result(page.model.total, page.model.rows()[:200], page.model.generation)
        last = page.model.total - 1
        page.table.scrollTo(page.model.index(last, 0))
        _wait(lambda: page.model.row_at(last) is not None and not page.busy, timeout=60)

    def search() -> None:  # as the screen searches: the count, then the first page
        filters = FamilyFilter(search="иванова алена")
        register.count(actor, filters)
        register.page(actor, filters, None, 200)

    def filtered() -> None:
        filters = FamilyFilter(status=READY, municipality=MUNICIPALITIES[3], free_places_only=True)
        register.count(actor, filters)
        register.rows(actor, filters, 0, 200)

    def scroll(filters: FamilyFilter) -> None:
        after: PageKey | None = None
        while True:
            _rows, after = register.page(actor, filters, after, 200)
            if after is None:
                return

    figures = {
        "end_ms": _median_ms(to_the_end),
        "scroll_code_ms": _median_ms(lambda: scroll(FamilyFilter()), repeats=3),
        "scroll_name_desc_ms": _median_ms(lambda: scroll(FamilyFilter(sort="name", descending=True)), repeats=3),
        "open_ms": opened,
        "search_ms": _median_ms(search),
        "filter_ms": _median_ms(filtered),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    context.runner.wait()
    db.close()
    return figures


BARE_COLUMNS = "id, code, display_name, municipality, status, status_since, capacity_children, placed_now"
NAME_KEY = "substr(search_key, length(code) + 2)"  # the register's folded name (desktop_app/storage/name_fold.py)


def bare_sqlite(root: Path) -> dict[str, float]:
    """The same queries written by hand on the sqlite3 module."""
    connection = sqlite3.connect(DataPaths(root).database)
    matched = "rowid IN (SELECT rowid FROM resource_family_fts WHERE resource_family_fts MATCH ?)"
    phrase = '"иванова алена"'

    def search() -> None:
        connection.execute(f"SELECT count(*) FROM resource_family WHERE {matched}", (phrase,)).fetchone()
        connection.execute(
            f"SELECT {BARE_COLUMNS} FROM resource_family WHERE {matched} ORDER BY code, id LIMIT 200", (phrase,)
        ).fetchall()

    def scroll_code() -> None:
        query = f"SELECT {BARE_COLUMNS} FROM resource_family WHERE (code, id) > (?, ?) ORDER BY code, id LIMIT 200"
        key: tuple[str, str] = ("", "")
        while rows := connection.execute(query, key).fetchall():
            key = (rows[-1][1], rows[-1][0])

    def scroll_name_desc() -> None:
        first = f"SELECT {BARE_COLUMNS}, {NAME_KEY} FROM resource_family ORDER BY {NAME_KEY} DESC, id DESC LIMIT 200"
        query = (
            f"SELECT {BARE_COLUMNS}, {NAME_KEY} FROM resource_family WHERE {NAME_KEY} <= ?1 AND ({NAME_KEY} < ?1"
            f" OR id < ?2) ORDER BY {NAME_KEY} DESC, id DESC LIMIT 200"
        )
        rows = connection.execute(first).fetchall()
        while rows:
            rows = connection.execute(query, (rows[-1][-1], rows[-1][0])).fetchall()

    def last_page() -> None:
        connection.execute("SELECT count(*) FROM resource_family").fetchone()
        connection.execute(
            f"SELECT {BARE_COLUMNS} FROM resource_family ORDER BY code DESC, id DESC LIMIT 200"
        ).fetchall()

    def filtered() -> None:
        where = "status IN ('in_register', 'active') AND municipality = ? AND placed_now < capacity_children"
        connection.execute(f"SELECT count(*) FROM resource_family WHERE {where}", (MUNICIPALITIES[3],)).fetchone()
        connection.execute(
            f"SELECT id, code, display_name FROM resource_family WHERE {where} ORDER BY code LIMIT 200",
            (MUNICIPALITIES[3],),
        ).fetchall()

    figures = {
        "search_ms": _median_ms(search),
        "end_ms": _median_ms(last_page),
        "filter_ms": _median_ms(filtered),
        "scroll_code_ms": _median_ms(scroll_code, repeats=3),
        "scroll_name_desc_ms": _median_ms(scroll_name_desc, repeats=3),
    }
    connection.close()
    return figures


def bare_window_ms() -> float:
    """A bare PySide6 table window with 200 rows, shown: the cost of Qt itself."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView

    app = QApplication.instance() or QApplication([])
    started = time.perf_counter()
    model = QStandardItemModel(200, 8)
    for row in range(200):
        for column in range(8):
            model.setItem(row, column, QStandardItem(f"{row}:{column}"))
    view = QTableView()
    view.setModel(model)
    view.show()
    app.processEvents()
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    # python -m tests.bench.families probe DIR | bare-window
    if sys.argv[1] == "build":
        build_register(Path(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1] == "probe":
        print(json.dumps(probe(Path(sys.argv[2]))), flush=True)
    else:
        print(json.dumps({"window_ms": bare_window_ms()}), flush=True)
    # Qt objects torn down by the interpreter at exit can crash PySide; the figures are already printed.
    os._exit(0)
