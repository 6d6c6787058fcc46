"""One of several processes working on the same data folder at the same moment (tests/storage/
test_concurrent_processes.py). Each process opens the database itself, as a second copy of the program would,
meets the others at a barrier of files, does its part and prints what the program answered as JSON lines.

    python concurrent_worker.py card   DATA BARRIER INDEX COUNT FAMILY_ID TRIALS
    python concurrent_worker.py login  DATA BARRIER INDEX COUNT LOGIN ATTEMPTS
    python concurrent_worker.py export DATA BARRIER INDEX COUNT OUT_FOLDER ROUNDS
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import event

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR, Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import Role
from desktop_app.services import passwords
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.database import AuditedSession, Database, open_database

passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))  # as in tests/conftest.py
SPECIALIST = Actor(user_id=None, login="specialist", full_name="Тест Специалист", role=Role.SPECIALIST)
WAIT_SECONDS = 120


def meet(barrier: Path, name: str, index: int, count: int) -> None:
    """Wait until all ``count`` processes reached the point ``name``: then they all go on within a millisecond."""
    (barrier / f"{name}-{index}").touch()
    deadline = time.monotonic() + WAIT_SECONDS
    while len(list(barrier.glob(f"{name}-*"))) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"barrier {name}: the other processes never came")
        time.sleep(0.0005)


def wait_for(signal: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not signal.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{signal.name} never came")
        time.sleep(0.0005)


def say(**answer: object) -> None:
    print(json.dumps(answer, ensure_ascii=False), flush=True)


def save_card(
    db: Database, paths: DataPaths, barrier: Path, index: int, count: int, family_id: str, trials: int
) -> None:
    from desktop_app.services.family_editing import FamilyEditing

    service = FamilyEditing(db, AttachmentStore(paths.attachments))
    writing: dict[str, int] = {}

    def before_writing(_session: object, _context: object, _instances: object) -> None:
        # Every process has loaded the card and passed the service's own version check; the one whose turn it
        # is not writes only once the other's save is committed: the moment a lost update needs (a save that
        # read the row just before another process committed), made certain instead of left to the scheduler.
        if "trial" in writing:
            trial = writing.pop("trial")
            if trial % count != index:
                wait_for(barrier / f"saved{trial}")

    # before the audit hook: it takes the write lock, which the other process needs to finish its save
    event.listen(AuditedSession, "before_flush", before_writing, insert=True)
    for trial in range(trials):
        card = service.card(SPECIALIST, family_id)
        meet(barrier, f"read{trial}", index, count)  # every process holds the same version of the card now
        token = f"p{index}t{trial}"
        edited = replace(card.entry, notes=f"{card.entry.notes} {token}".strip())
        writing["trial"] = trial
        try:
            service.update(SPECIALIST, family_id, edited, card.row_version)
        except UserError as exc:
            say(trial=trial, token=token, saved=False, message=str(exc))
        else:
            say(trial=trial, token=token, saved=True, message="")
        finally:
            if trial % count == index:
                (barrier / f"saved{trial}").touch()
        meet(barrier, f"done{trial}", index, count)


def guess_password(db: Database, barrier: Path, index: int, count: int, login: str, attempts: int) -> None:
    from desktop_app.services.auth import AuthService

    service = AuthService(db)
    meet(barrier, "start", index, count)
    for attempt in range(attempts):
        try:
            service.login(login, f"не тот пароль {index}-{attempt}")
        except UserError as exc:
            say(attempt=attempt, message=str(exc))
        else:
            say(attempt=attempt, message="")


def export(db: Database, paths: DataPaths, barrier: Path, index: int, count: int, folder: Path, rounds: int) -> None:
    from desktop_app.sync.setup import exchange_services

    exporter, _ = exchange_services(db, paths, AttachmentStore(paths.attachments))
    for round_ in range(rounds):
        meet(barrier, f"export{round_}", index, count)
        target = folder / f"p{index}r{round_}.opeka"
        try:
            result = exporter.write(SYSTEM_ACTOR, target)
        except UserError as exc:
            say(round=round_, file=str(target), sequence=None, message=str(exc))
        else:
            say(round=round_, file=str(target), sequence=result.sequence, message="")


def main(argv: list[str]) -> None:
    mode, data, barrier_folder, index_text, count_text, subject, times_text = argv
    paths, barrier, index, count, times = (
        DataPaths(Path(data)),
        Path(barrier_folder),
        int(index_text),
        int(count_text),
        int(times_text),
    )
    meet(barrier, "open", index, count)  # open at the same time too, as two copies started together would
    db = open_database(paths)
    try:
        if mode == "card":
            save_card(db, paths, barrier, index, count, subject, times)
        elif mode == "login":
            guess_password(db, barrier, index, count, subject, times)
        elif mode == "export":
            export(db, paths, barrier, index, count, Path(subject), times)
        else:
            raise SystemExit(f"unknown mode {mode}")
    finally:
        db.close()


if __name__ == "__main__":
    main(sys.argv[1:])
