"""Issue 21: the database encrypted at rest (SQLCipher) against plain SQLite, on the same workload.

The workload is the family register's: 20 000 families and their adults written through the program's engine
(its pragmas: WAL, synchronous=FULL) in five transactions, the median one counted five times; then the register's
searches through the services (the median of five rounds); then a backup copy (the online backup API page by
page: decrypted and encrypted again with SQLCipher). Each part runs on a plain and on an encrypted demo
installation; the ratio is encrypted / plain (target ≤ 1.3). On a busy machine the ratios vary by ±0.5 from run to
run: read them over several runs.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import nacl.pwhash

from desktop_app.core.paths import DataPaths
from tests.bench.families import generated_rows, insert_rows

FAMILIES = 20_000
BATCH = 4_000


def _workload(root: Path, encrypted: bool) -> dict[str, float]:
    from desktop_app.domain.roles import Role
    from desktop_app.services.demo import create_demo
    from desktop_app.services.family_register import FamilyFilter, FamilyRegister
    from desktop_app.storage import key_store
    from desktop_app.storage.backups import write_backup
    from tests.conftest import make_actor

    # the key derivation at sign-in is not the engine's cost: it is measured by the startup rows
    key_store.OPSLIMIT, key_store.MEMLIMIT = nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN
    paths = DataPaths(root)
    db, _ = create_demo(paths, encrypted=encrypted)
    families, members = generated_rows(FAMILIES)
    times: dict[str, float] = {}
    try:
        by_family: dict[object, list[tuple[object, ...]]] = {}
        for member in members:
            by_family.setdefault(member[4], []).append(member)
        samples = []
        for start in range(0, FAMILIES, BATCH):  # a transaction per batch (an import's files): the median batch
            batch = families[start : start + BATCH]
            started = time.perf_counter()
            with db.engine.begin() as connection:
                adults = [member for family in batch for member in by_family[family[0]]]
                insert_rows(connection.connection.driver_connection, batch, adults)
            samples.append(time.perf_counter() - started)
        times["write"] = statistics.median(samples) * (FAMILIES // BATCH)
        register, actor = FamilyRegister(db), make_actor(Role.SPECIALIST)
        samples = []
        for _ in range(5):  # a session searches again and again: the median, not the first (cold) round
            started = time.perf_counter()
            for text in ("иванова", "петров сергей", "РС-0012", "алёна"):
                filters = FamilyFilter(search=text)
                register.count(actor, filters)
                register.rows(actor, filters, 0, 200)
            samples.append(time.perf_counter() - started)
        times["read"] = statistics.median(samples)
        started = time.perf_counter()
        write_backup(paths, "manual", engine=db.engine)
        times["backup"] = time.perf_counter() - started
    finally:
        db.close()
    return times


def encryption_rows(folder: Path) -> list[tuple[str, float, float | None, str]]:
    plain = _workload(folder / "plain", encrypted=False)
    encrypted = _workload(folder / "encrypted", encrypted=True)
    return [
        (f"SQLCipher: запись {FAMILIES:,} семей, с (база: SQLite)".replace(",", " ", 1), encrypted["write"],
         plain["write"], "≤ 1.3×"),
        ("SQLCipher: поиск в реестре, с (база: SQLite)", encrypted["read"], plain["read"], "≤ 1.3×"),
        ("SQLCipher: резервная копия, с (база: SQLite)", encrypted["backup"], plain["backup"], "≤ 1.3×"),
    ]  # fmt: skip


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        for name, value, base, target in encryption_rows(Path(scratch)):
            print(f"{name}: {value:.3f} против {base:.3f} — {value / (base or 1):.2f}× (цель {target})")
