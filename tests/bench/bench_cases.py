"""Issue 25: 50 000 family support cases with 500 000 route services — the case list opens and searches in < 1 s,
a half-year figure is computed in < 1 s, the process's peak memory stays < 300 MB.

Run through ``python3 build/dev.py bench`` (all benchmarks) or ``python3 build/dev.py bench --only cases``.
``build_cases`` makes a district installation with the program's own set-up (its migrations), then writes the
generated cases, adults, children, stages, services, measures and referrals in bulk Core inserts (fictional names).
``probe`` runs in a fresh process, so its peak memory is the services' own and not the generator's.

Memory is the peak resident set size from ``resource.getrusage`` (ru_maxrss), as for the families' register: it
counts everything the process holds — SQLite's page cache and the C libraries as well as Python objects — which is
what the 300 MB of the issue means. ``tracemalloc`` would see only Python allocations (missing SQLite's memory) and
slow the queries it is measuring.

Baselines: the same work written by hand on the bare ``sqlite3`` module over the same file — a COUNT and a LIMIT
page for the list, a LIKE over ``search_key`` for the search, the figure's minimal query (the cases whose id is
among the services of the kind given in the period), a GROUP BY for the caseload.
"""

from __future__ import annotations

import json
import random
import resource
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from desktop_app.core.paths import DataPaths
from desktop_app.domain.text import search_key
from desktop_app.storage.name_fold import CASE_SORT_EXPRESSIONS

CASE_NAME_KEY = CASE_SORT_EXPRESSIONS["name"]

CASES = 50_000
SERVICES_PER_CASE = 10  # 500 000 services
CHUNK = 2_000  # cases generated and written at a time: the generator never holds the whole register
DISTRICT = "Плесецкий муниципальный округ"
SEARCH = "иванова анна"
FIGURE_KEY = "cases.addiction_help"
PERIOD = "2026-H1"
CURATORS = [f"Куратор {number:02d} К. К." for number in range(1, 41)]
SURNAMES = (
    "Иванов Петров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Фёдоров Морозов Волков Алексеев "
    "Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев"
).split()
FEMALE_NAMES = "Анна Мария Елена Ольга Татьяна Наталья Ирина Светлана Алёна Дарья Юлия Екатерина".split()
MALE_NAMES = "Александр Сергей Дмитрий Андрей Алексей Иван Михаил Николай Пётр Владимир".split()
CATEGORIES = (("tzhs", 45), ("sop", 35), ("risk", 12), ("placed", 8))  # domain/case_terms.CaseCategory
STAGE_WAY = ("identified", "assessment", "request", "team", "route", "services", "monitoring")
SERVICE_KINDS = (
    "health psychology pedagogy legal social material employment addiction child_education housing leisure "
    "parenting other"
).split()
SERVICE_STATUSES = (("given", 50), ("in_progress", 15), ("planned", 25), ("not_given", 5), ("cancelled", 5))
OUTCOMES = ("overcome", "returned", "family_placement", "institution", "moved", "refused")
FIRST_DAY = date(2023, 1, 1)
LAST_DAY = date(2026, 6, 30)


def build_cases(root: Path, cases: int = CASES, seed: int = 25) -> DataPaths:
    """A district installation made by the set-up (and so by the migrations) holding ``cases`` generated cases."""
    from sqlalchemy import Table, insert

    from desktop_app.domain.roles import InstallationKind
    from desktop_app.services.setup import SetupRequest, create_installation
    from desktop_app.storage.models import (
        CaseAdult,
        CaseChild,
        CaseReferral,
        CaseService,
        CaseStage,
        CaseSupportMeasure,
        FamilyCase,
        SupportMeasureKind,
    )

    paths = DataPaths(root)
    request = SetupRequest(
        kind=InstallationKind.DISTRICT,
        region_code="29",
        district_name=DISTRICT,
        organisation_name="Отдел опеки и попечительства",
        admin_login="Admin",
        admin_full_name="Петрова Мария Ивановна",
        admin_password="opeka2025-bench",
    )
    db = create_installation(paths, request)
    try:
        with db.transaction() as session:
            contract = SupportMeasureKind(name="Социальный контракт", is_social_contract=True, owner="")
            session.add(contract)
            session.flush()
            contract_id = contract.id
        tables = (FamilyCase, CaseAdult, CaseChild, CaseStage, CaseService, CaseSupportMeasure, CaseReferral)
        rng = random.Random(seed)
        with db.bulk_writes():
            for first in range(1, cases + 1, CHUNK):
                rows = _chunk(rng, first, min(first + CHUNK, cases + 1), contract_id)
                with db.transaction() as session:
                    for model, batch in zip(tables, rows, strict=True):
                        if batch:
                            session.execute(insert(cast(Table, model.__table__)), batch)
            with db.engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")
    finally:
        db.close()
    return paths


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([value for value, _ in choices], [weight for _, weight in choices])[0]


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


def _record(now: datetime) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "created_at": now, "updated_at": now, "changed_by": None, "row_version": 1}


def _chunk(rng: random.Random, first: int, stop: int, contract_id: str) -> list[list[dict[str, Any]]]:
    """The rows of cases ``first``…``stop - 1`` for the seven tables, in the order they are written."""
    now = datetime.now(UTC)
    cases: list[dict[str, Any]] = []
    adults: list[dict[str, Any]] = []
    children: list[dict[str, Any]] = []
    stages: list[dict[str, Any]] = []
    services: list[dict[str, Any]] = []
    measures: list[dict[str, Any]] = []
    referrals: list[dict[str, Any]] = []
    for number in range(first, stop):
        case = _record(now)
        case_id = case["id"]
        identified = _day(rng, FIRST_DAY, LAST_DAY)
        surname = rng.choice(SURNAMES)
        names = [f"{surname}а {rng.choice(FEMALE_NAMES)} Сергеевна"]
        if rng.random() < 0.55:
            names.append(f"{surname} {rng.choice(MALE_NAMES)} Петрович")
        code = f"СС-{number:05d}"
        display = f"{names[0].split()[0]} {names[0].split()[1][0]}. С."
        reached = rng.randrange(len(STAGE_WAY))
        closed = identified < date(2026, 1, 1) and rng.random() < 0.55
        day = identified
        for position in range(reached + 1):
            stages.append(
                {**_record(now), "case_id": case_id, "stage": STAGE_WAY[position], "on_date": day, "done_by": ""}
            )
            day = day + timedelta(days=rng.randrange(3, 30))
        closed_on = min(day, date(2026, 6, 30)) if closed else None
        if closed_on is not None:
            stages.append({**_record(now), "case_id": case_id, "stage": "closed", "on_date": closed_on, "done_by": ""})
        case.update(
            code=code,
            display_name=display,
            municipality=DISTRICT,
            category=_weighted(rng, CATEGORIES),
            source="education",
            identified_on=identified,
            stage="closed" if closed_on else STAGE_WAY[reached],
            stage_since=closed_on or stages[-1]["on_date"],
            support_level=rng.choice(("crisis", "intensive", "basic", "consultative")) if reached else "",
            next_review_on=None if closed_on else identified + timedelta(days=180),
            curator=rng.choice(CURATORS),
            closed_on=closed_on,
            outcome=rng.choice(OUTCOMES) if closed_on else "",
            search_key=search_key(" ".join([code, display, *names])),
        )
        cases.append(case)
        for position, name in enumerate(names):
            birth = _day(rng, date(1975, 1, 1), date(2004, 1, 1))
            adults.append(
                {**_record(now), "case_id": case_id, "full_name": name, "birth_date": birth, "position": position}
            )
        for position in range(rng.choice((1, 1, 2, 2, 3))):
            birth = _day(rng, date(2008, 1, 1), date(2025, 12, 1))
            children.append(
                {
                    **_record(now),
                    "case_id": case_id,
                    "code": f"Р-{number:05d}-{position + 1}",
                    "birth_date": birth,
                    "sex": rng.choice("mf"),
                    "position": position,
                }
            )
        end = closed_on or LAST_DAY
        for _ in range(rng.randrange(SERVICES_PER_CASE - 5, SERVICES_PER_CASE + 6)):
            planned = _day(rng, identified, end)
            status = _weighted(rng, SERVICE_STATUSES)
            given = _day(rng, planned, end) if status in ("given", "in_progress") else None
            services.append(
                {
                    **_record(now),
                    "case_id": case_id,
                    "kind": rng.choice(SERVICE_KINDS),
                    "planned_on": planned,
                    "due_on": planned + timedelta(days=30),
                    "given_on": given,
                    "status": status,
                    "result": "",
                }
            )
        if rng.random() < 0.4:
            applied = _day(rng, identified, end)
            measures.append(
                {
                    **_record(now),
                    "case_id": case_id,
                    "kind_id": contract_id,
                    "applied_on": applied,
                    "decision": "granted",
                }
            )
        if rng.random() < 0.5:
            referrals.append({**_record(now), "case_id": case_id, "sent_on": _day(rng, identified, end)})
    return [cases, adults, children, stages, services, measures, referrals]


def _median_ms(action: Callable[[], object], repeats: int = 5) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return samples[len(samples) // 2]


def probe(root: Path) -> dict[str, float]:
    """In this process: the register's first page, a name search, a half-year figure and the caseload."""
    from desktop_app.domain.periods import Period
    from desktop_app.domain.roles import Role
    from desktop_app.services.case_figures import CaseFigures
    from desktop_app.services.case_register import CaseFilter, CaseRegister
    from desktop_app.services.caseload import Caseload
    from desktop_app.storage.database import open_database
    from tests.conftest import make_actor

    db = open_database(DataPaths(root), daily_copy=False)
    actor = make_actor(Role.SPECIALIST)
    today = date(2026, 7, 10)
    period = Period.parse(PERIOD)
    register, figures, caseload = CaseRegister(db), CaseFigures(db), Caseload(db, lambda: today)

    def page(filters: CaseFilter) -> Callable[[], object]:
        return lambda: (register.count(actor, filters, today), register.page(actor, filters, None, 200, today))

    def scroll(filters: CaseFilter) -> None:
        after = None
        while True:
            _rows, after = register.page(actor, filters, after, 200, today)
            if after is None:
                return

    found = {
        "open_ms": _median_ms(page(CaseFilter())),
        "search_ms": _median_ms(page(CaseFilter(search=SEARCH))),
        "figure_ms": _median_ms(lambda: figures.figures(actor, period, [FIGURE_KEY])),
        "caseload_ms": _median_ms(lambda: caseload.rows(actor, period, "curator")),
        "scroll_ms": _median_ms(lambda: scroll(CaseFilter()), repeats=3),
        "scroll_family_desc_ms": _median_ms(lambda: scroll(CaseFilter(sort="family", descending=True)), repeats=3),
        "found": float(register.count(actor, CaseFilter(search=SEARCH), today)),
        "figure": float(figures.figures(actor, period, [FIGURE_KEY])[FIGURE_KEY].count),
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    db.close()
    return found


def bare_sqlite(root: Path) -> dict[str, float]:
    """The same work by hand on the sqlite3 module: the minimal queries that answer each question."""
    connection = sqlite3.connect(DataPaths(root).database)
    columns = "id, code, display_name, category, stage, stage_since, curator, next_review_on, closed_on"
    start, end = "2026-01-01", "2026-06-30"

    def first_page() -> None:
        connection.execute("SELECT count(*) FROM family_case").fetchone()
        connection.execute(f"SELECT {columns} FROM family_case ORDER BY code LIMIT 200").fetchall()

    matched = "rowid IN (SELECT rowid FROM family_case_fts WHERE family_case_fts MATCH ?)"
    phrase = f'"{search_key(SEARCH)}"'

    def search() -> None:
        connection.execute(f"SELECT count(*) FROM family_case WHERE {matched}", (phrase,)).fetchone()
        connection.execute(
            f"SELECT {columns} FROM family_case WHERE {matched} ORDER BY code, id LIMIT 200", (phrase,)
        ).fetchall()

    def scroll(sort: str, descending: bool) -> Callable[[], None]:
        """The same keyset walk written by hand: (sort, code, id) sought past the last row of each page."""
        direction, compare = ("DESC", "<") if descending else ("ASC", ">")
        order = f"{sort} {direction}, code {direction}, id {direction}"
        first = f"SELECT {columns}, {sort} FROM family_case ORDER BY {order} LIMIT 200"
        following = (
            f"SELECT {columns}, {sort} FROM family_case WHERE {sort} {compare}= ?1 AND ({sort} {compare} ?1"
            f" OR (code, id) {compare} (?2, ?3)) ORDER BY {order} LIMIT 200"
        )

        def walk() -> None:
            rows = connection.execute(first).fetchall()
            while rows:
                rows = connection.execute(following, (rows[-1][-1], rows[-1][1], rows[-1][0])).fetchall()

        return walk

    def figure() -> None:
        connection.execute(
            "SELECT id, code FROM family_case WHERE category IN ('sop', 'tzhs') AND identified_on <= ? AND id IN"
            " (SELECT case_id FROM case_service WHERE kind = 'addiction'"
            " AND status IN ('given', 'in_progress') AND given_on BETWEEN ? AND ?) ORDER BY code",
            (end, start, end),
        ).fetchall()

    def caseload() -> None:
        connection.execute(
            "SELECT curator, category, count(*) FROM family_case WHERE identified_on <= ?"
            " AND (closed_on IS NULL OR closed_on >= ?) GROUP BY curator, category ORDER BY curator, category",
            (end, start),
        ).fetchall()

    found = {
        "open_ms": _median_ms(first_page),
        "search_ms": _median_ms(search),
        "figure_ms": _median_ms(figure),
        "caseload_ms": _median_ms(caseload),
        "scroll_ms": _median_ms(scroll("code", False), repeats=3),
        "scroll_family_desc_ms": _median_ms(scroll(CASE_NAME_KEY, True), repeats=3),
    }
    connection.close()
    return found


def _spaced(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def case_rows(folder: Path, python: str = sys.executable) -> list[tuple[str, float, float | None, str]]:
    """The rows of the benchmark table: each figure beside its same-run baseline, with the target."""
    import subprocess

    root = folder / "cases"
    started = time.perf_counter()
    build_cases(root)
    built = time.perf_counter() - started
    result = subprocess.run(
        [python, "-m", "tests.bench.bench_cases", "probe", str(root)], check=True, capture_output=True, text=True
    )
    ours = json.loads(result.stdout.strip().splitlines()[-1])
    bare = bare_sqlite(root)
    services = CASES * SERVICES_PER_CASE
    return [
        (f"Создание базы: {_spaced(CASES)} случаев, ~{_spaced(services)} услуг, с", built, None, "—"),
        ("Реестр случаев: число + первая страница, мс (база: sqlite3)", ours["open_ms"], bare["open_ms"], "< 1000"),
        (
            f"Поиск случаев по ФИО ({int(ours['found'])} найдено), мс (база: тот же запрос FTS5)",
            ours["search_ms"],
            bare["search_ms"],
            "≤ 2× базы",
        ),
        (
            "Прокрутка списка случаев до конца, мс (база: тот же keyset на sqlite3)",
            ours["scroll_ms"],
            bare["scroll_ms"],
            "< 1000",
        ),
        (
            "То же по «Семья» по убыванию, мс (база: тот же keyset)",
            ours["scroll_family_desc_ms"],
            bare["scroll_family_desc_ms"],
            "< 1000",
        ),
        (f"Показатель {FIGURE_KEY} за {PERIOD}, мс (база: sqlite3)", ours["figure_ms"], bare["figure_ms"], "< 1000"),
        (f"Нагрузка по кураторам за {PERIOD}, мс (база: GROUP BY)", ours["caseload_ms"], bare["caseload_ms"], "< 1000"),
        ("Память процесса со случаями, МБ", ours["rss_mb"], None, "< 300"),
    ]


if __name__ == "__main__":
    # python -m tests.bench.bench_cases probe DIR
    print(json.dumps(probe(Path(sys.argv[2]))), flush=True)
