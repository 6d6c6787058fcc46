"""Several copies of the program on one data folder at the same moment (two workstations on a shared folder, a
window and a command line): what one of them saved is never lost because another saved too. Each case runs real
separate processes (tests/storage/concurrent_worker.py) that meet at a barrier, so their work truly overlaps."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop_app.core.paths import DataPaths
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.roles import InstallationKind, Role
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.database import open_database
from desktop_app.storage.models import AuditEntry, Installation, User
from desktop_app.sync.setup import ensure_keys
from tests.conftest import make_actor

WORKER = Path(__file__).with_name("concurrent_worker.py")
ROOT = Path(__file__).resolve().parents[2]
CONFLICT = re.compile(r"изменил другой пользователь|изменена другим пользователем")
MAX_FAILURES = 5  # the rule: the fifth wrong password in a row locks the account


def run_together(mode: str, paths: DataPaths, barrier: Path, count: int, subject: str, times: int) -> list[Any]:
    """Start ``count`` worker processes at once and return every answer they printed, in any order."""
    barrier.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, str(WORKER), mode, str(paths.root), str(barrier)]
    workers = [
        subprocess.Popen(
            [*command, str(index), str(count), subject, str(times)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for index in range(count)
    ]
    answers: list[Any] = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-3000:]
        answers += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return answers


def test_two_processes_saving_one_family_card_never_both_succeed(demo_paths: DataPaths, tmp_path: Path) -> None:
    db = open_database(demo_paths)
    card = FamilyEditing(db, AttachmentStore(demo_paths.attachments)).create(
        make_actor(Role.SPECIALIST),
        FamilyInput(
            municipality="Плесецкий муниципальный округ",
            members=(MemberInput("Иванова Мария Петровна", date(1988, 4, 2), "мать"),),
            capacity=1,
        ),
        StepInput(FamilyStage.CANDIDATE, date(2026, 1, 12), "Соколова Е. В."),
    )
    db.close()
    trials = 30

    answers = run_together("card", demo_paths, tmp_path / "barrier", 2, card.id, trials)

    assert len(answers) == 2 * trials
    for trial in range(trials):
        saves = [a for a in answers if a["trial"] == trial]
        # both processes loaded the same version before either saved: exactly one save can stand on it
        assert [a["saved"] for a in saves].count(True) == 1, saves
        refused = next(a for a in saves if not a["saved"])
        assert CONFLICT.search(refused["message"]), refused
    db = open_database(demo_paths)
    try:
        notes = FamilyEditing(db, AttachmentStore(demo_paths.attachments)).card(make_actor(Role.SPECIALIST), card.id)
    finally:
        db.close()
    saved = [a["token"] for a in answers if a["saved"]]
    assert notes.entry.notes.split() == sorted(saved, key=lambda token: int(token.split("t")[1]))
    assert notes.row_version == card.row_version + trials


def test_twelve_processes_guessing_a_password_lock_the_account_after_five(
    demo_paths: DataPaths, demo_template: Any, tmp_path: Path
) -> None:
    login = demo_template.result.login
    processes, attempts = 12, 3

    answers = run_together("login", demo_paths, tmp_path / "barrier", processes, login, attempts)

    assert len(answers) == processes * attempts
    messages = [a["message"] for a in answers]
    assert all(messages), "no wrong password signs anyone in"
    wrong = [m for m in messages if m.startswith("Неверный логин или пароль")]
    locked = [m for m in messages if "заблокирована" in m]
    # failures before the limit are answered «wrong»; the one reaching it and every later attempt «locked»
    assert len(wrong) == MAX_FAILURES - 1
    assert len(locked) == processes * attempts - (MAX_FAILURES - 1)
    db = open_database(demo_paths)
    try:
        with db.reading() as session:
            user = session.execute(select(User.locked_until, User.failed_attempts).where(User.login == login)).one()
            events = session.scalars(select(AuditEntry.action).where(AuditEntry.user_login == login)).all()
    finally:
        db.close()
    assert user.locked_until is not None
    assert user.failed_attempts == 0, "the count starts again after the lock"
    assert events.count("account_locked") == 1
    assert events.count("login_failed") == processes * attempts - 1


def test_two_exports_at_once_get_distinct_sequences_or_one_is_told_an_export_is_under_way(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "region")
    request = SetupRequest(
        kind=InstallationKind.REGION,
        region_code="29",
        district_name="",
        organisation_name="Министерство труда и социального развития Архангельской области",
        admin_login="coordinator",
        admin_full_name="Сидоров Иван Петрович",
        admin_password="region-2025",
    )
    create_installation(paths, request).close()
    ensure_keys(paths)
    out = tmp_path / "out"
    out.mkdir()
    rounds = 5

    answers = run_together("export", paths, tmp_path / "barrier", 2, str(out), rounds)

    assert len(answers) == 2 * rounds
    written = [a for a in answers if a["sequence"] is not None]
    refused = [a for a in answers if a["sequence"] is None]
    assert all("Выгрузка уже идёт" in a["message"] for a in refused), refused
    sequences = sorted(a["sequence"] for a in written)
    assert sequences == list(range(1, len(written) + 1)), "every file its own number, none skipped"
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(a["file"]).name for a in written)
    db = open_database(paths)
    try:
        with db.reading() as session:
            assert session.scalars(select(Installation.export_sequence)).one() == len(written)
    finally:
        db.close()
