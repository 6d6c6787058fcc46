"""The crash harness: start the worker (crash_worker.py), kill it with SIGKILL at a random moment, open every
database as the program does and check it; again and again.

A kill comes at one of three kinds of moment, chosen at random: while the worker opens the databases, a
random time into its work, or right after it announced a commit (so SQLite is writing or syncing the log, or
checkpointing). After each kill, for the region and each district:

- the open reports the abrupt end (crash_recovery.py) and succeeds;
- ``PRAGMA integrity_check`` is ok and ``PRAGMA foreign_key_check`` finds nothing;
- the audit trail matches the data (audit_problems);
- every import is all or nothing (import_problems): the records of the last file a source's peer row names
  are all here at the file's versions, and no record that only a file not taken carries is here at all;
- every exchange file at its final name reads whole, signature and hashes checked (no half-written file).

Everything found is a failure; the seed of the run reproduces the worker's choices (not the kill moments,
which depend on timing, but the kinds and the delays are drawn from the same seed).
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from desktop_app.core.paths import DataPaths
from desktop_app.storage import crash_recovery
from desktop_app.storage.base import Base, RecordMixin
from desktop_app.storage.database import open_database
from desktop_app.storage.models import SyncPeer
from desktop_app.sync.planning import _read_local
from desktop_app.sync.records import BY_NAME, ENTITIES, content_hash
from tests.robustness.crash_world import DISTRICT_COUNT, Layout, build, exchange_files
from tests.robustness.zygote import Zygote as BaseZygote

WORK_SECONDS = 30.0  # a worker never killed ends by itself after this long


@dataclass
class HarnessResult:
    seed: int
    kills: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    files_checked: int = 0
    seconds: float = 0.0


class Zygote(BaseZygote):
    """The worker process that forks one worker per run (crash_worker.zygote), read line by line."""

    def __init__(self, root: Path) -> None:
        worker = "tests.robustness.crash_worker"
        super().__init__(worker, "--zygote", str(root), speaker="the worker", gone="the worker's zygote ended")

    def start(self, seed: int) -> int:
        return self.request(f"{seed} {WORK_SECONDS}")


def run_harness(root: Path, kills: int, seed: int) -> HarnessResult:
    """Build the world in ``root`` and kill the worker ``kills`` times, checking everything after each kill."""
    started = time.monotonic()
    result = HarnessResult(seed)
    layout = build(root)
    chooser = random.Random(seed)
    checker = Checker(layout)
    zygote = Zygote(root)
    try:
        for run in range(kills):
            kind = chooser.choices(["opening", "working", "commit"], [1, 4, 5])[0]
            pid = zygote.start(seed * 100_000 + run)
            ended = _kill(zygote, pid, kind, chooser)
            result.kinds[kind] = result.kinds.get(kind, 0) + 1
            if ended is not None:
                result.failures.append(f"run {run}: the worker ended by itself ({ended}): {zygote.errors()}")
                continue
            result.kills += 1
            result.failures += [f"run {run} ({kind}): {problem}" for problem in checker.check(pid)]
            if len(result.failures) > 20:
                break
    finally:
        zygote.close()
    result.files_checked = len(checker.files)
    result.seconds = time.monotonic() - started
    return result


def _kill(zygote: Zygote, pid: int, kind: str, chooser: random.Random) -> str | None:
    """SIGKILL the worker at a moment of ``kind``; None when it was killed, else how it ended by itself."""
    if kind == "opening":
        time.sleep(chooser.uniform(0.0, 0.35))
    else:
        ready = zygote.line(30)
        while ready is not None and ready != "ready":
            if ready.startswith("ended"):
                return ready
            ready = zygote.line(30)
        if kind == "working":
            time.sleep(chooser.uniform(0.0, 1.5))
        else:
            commits = chooser.randrange(1, 25)
            while commits and (line := zygote.line(10)) is not None:
                if line.startswith("ended"):
                    return line
                commits -= line == "commit"
            if chooser.random() < 0.5:
                time.sleep(chooser.uniform(0.0, 0.004))
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    ended = zygote.expect(f"ended {pid}", 30)
    status = int(ended.split()[2])
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
        return None
    return ended


# ------------------------------------------------------------------------------------------------ the checks


class Checker:
    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        # file -> (its sha256, entity -> record id -> (row_version, content hash))
        self.files: dict[Path, tuple[str, dict[str, dict[str, tuple[int, str]]]]] = {}
        from desktop_app.sync.setup import ensure_keys

        self._region_key = ensure_keys(layout.region).encryption

    def check(self, killed: int) -> list[str]:
        """Everything after the worker ``killed`` was killed (its markers tell which databases it had open)."""
        problems = self._files()
        for paths in self.layout.data_folders:
            problems += [f"{paths.root.name}: {problem}" for problem in self._database(paths, killed)]
        return problems

    def _database(self, paths: DataPaths, killed: int) -> list[str]:
        folder = crash_recovery.markers_folder(paths)
        had_open = any(marker.name.startswith(f"{killed}-") for marker in folder.glob("*.json"))
        try:
            db = open_database(paths)
        except Exception as exc:
            return [f"does not open: {exc}"]
        try:
            told = db.recovery is not None and killed in {item.pid for item in db.recovery.interrupted}
            problems = [] if told == had_open else [f"the abrupt end {'not ' if had_open else ''}reported"]
            with db.reading() as session:
                connection = session.connection()
                integrity = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
                if integrity != ["ok"]:
                    problems.append(f"integrity_check: {integrity[:5]}")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    problems.append(f"foreign_key_check: {broken[:5]}")
                problems += audit_problems(session)
                problems += self._imports(session)
            return problems
        finally:
            db.close()

    # ------------------------------------------------------------------------------------------ files
    def _files(self) -> list[str]:
        from desktop_app.domain.errors import UserError
        from desktop_app.sync.container import read_package

        problems = []
        folders = [self.layout.packages, *(self.layout.outbox(number) for number in range(DISTRICT_COUNT))]
        for folder in folders:
            for path in exchange_files(folder):
                if path in self.files:
                    continue
                key = self._region_key if folder != self.layout.packages else None
                try:
                    opened = read_package(path, decrypt_with=key)
                except UserError as exc:
                    problems.append(f"a half-written or broken file at its final name {path.name}: {exc.message}")
                    continue
                versions = {
                    entity: {
                        str(record["id"]): (int(record.get("row_version") or 1), content_hash(record, BY_NAME[entity]))
                        for record in records
                    }
                    for entity, records in opened.data.items()
                    if entity in BY_NAME
                }
                self.files[path] = (opened.file_sha256, versions)
        return problems

    def _by_sha(self) -> dict[str, tuple[Path, dict[str, dict[str, tuple[int, str]]]]]:
        return {sha: (path, versions) for path, (sha, versions) in self.files.items()}

    # ---------------------------------------------------------------------------------------- imports
    def _imports(self, session: Any) -> list[str]:
        """Each import all or nothing: the last file taken from each source is here whole (every record with the
        file's content and its agreed state at the file's version), and nothing only files not taken carry is
        here. Content, not row_version: a record changed there and back again is «unchanged» and not rewritten."""
        by_sha = self._by_sha()
        problems = []
        logged = {row[0] for row in session.execute(text("SELECT file_sha256 FROM import_log"))}
        for peer in session.scalars(select(SyncPeer)):
            at_region = peer.kind == "district"
            source_files = (
                [self.files[path] for path in self._outbox_of(peer)]
                if at_region
                else [self.files[path] for path in exchange_files(self.layout.packages) if path in self.files]
            )
            owned = [spec for spec in ENTITIES if spec.reference != at_region]  # what only the source writes
            last = by_sha.get(peer.last_file_sha256 or "")
            if peer.last_file_sha256 and last is None:
                problems.append(f"peer {peer.name}: its last file {peer.last_file_sha256[:12]} is not among the files")
                continue
            if peer.last_file_sha256 and peer.last_file_sha256 not in logged:
                problems.append(f"peer {peer.name}: the last file taken has no import log entry")
            taken = last[1] if last else {}
            states = {
                (entity, record_id): (version, agreed)
                for entity, record_id, version, agreed in session.execute(
                    text(
                        "SELECT entity, record_id, row_version, content_hash FROM sync_record_state"
                        " WHERE peer_id = :peer"
                    ),
                    {"peer": peer.id},
                )
            }
            for spec in owned:
                table = spec.model.__table__
                here = set(session.scalars(select(table.c.id)))
                expected = taken.get(spec.name, {})
                held = {key: content_hash(row, spec) for key, row in _read_local(session, spec, list(expected)).items()}
                for record_id, (version, digest) in expected.items():
                    state = states.get((spec.name, record_id))
                    if held.get(record_id) != digest or state != (version, digest):
                        problems.append(
                            f"import of {peer.name} not whole: {spec.name} {record_id} here "
                            f"{'differs' if held.get(record_id) else 'absent'}, agreed {state and state[0]},"
                            f" {version} in the file"
                        )
                        break
                if not at_region:
                    continue
                others = {record_id for _, versions in source_files for record_id in versions.get(spec.name, {})}
                stray = sorted(record_id for record_id in others - set(expected) if record_id in here)
                if stray:
                    problems.append(f"part of a file not taken from {peer.name} is here: {spec.name} {stray[:3]}")
        return problems

    def _outbox_of(self, peer: SyncPeer) -> list[Path]:
        from tests.exchange.test_end_to_end import DISTRICTS

        number = DISTRICTS.index(peer.district) if peer.district in DISTRICTS else -1
        return [path for path in exchange_files(self.layout.outbox(number)) if path in self.files]


def audit_problems(session: Any) -> list[str]:
    """The audit trail against the data: every row written through the program has its «create» entry, and the
    entries replayed in order (create, then each update's new values) give the row as it is now; an entity the
    trail says exists is here unless a «delete» entry says otherwise. A row an import wrote in bulk has no
    entry of its own (importer.py: one log entry per file): it must have its agreed state with a source whose
    last file is in the import log."""
    problems: list[str] = []
    imported = {
        (entity, record_id)
        for entity, record_id in session.execute(
            text(
                "SELECT s.entity, s.record_id FROM sync_record_state s JOIN sync_peer p ON p.id = s.peer_id"
                " JOIN import_log l ON l.file_sha256 = p.last_file_sha256"
            )
        )
    }
    spec_of = {spec.model.__tablename__: spec.name for spec in ENTITIES}
    for model in _audited_models():
        table = model.__tablename__  # type: ignore[attr-defined]
        replayed: dict[str, dict[str, Any] | None] = {}
        for entity_id, action, new_values in session.execute(
            text("SELECT entity_id, action, new_values FROM audit_entry WHERE entity = :table ORDER BY seq"),
            {"table": table},
        ):
            values = _json(new_values)
            if action == "create":
                replayed[entity_id] = dict(values or {})
            elif action == "update" and replayed.get(entity_id) is not None:
                replayed[entity_id].update(values or {})  # type: ignore[union-attr]
            elif action == "delete":
                replayed[entity_id] = None
        rows = {row.id: row for row in session.scalars(select(model))}
        for row_id, row in rows.items():
            if (spec_of.get(table), row_id) in imported:
                continue
            state = replayed.get(row_id)
            if state is None:
                problems.append(f"{table} {row_id}: a row with no «create» entry in the audit trail")
                continue
            differs = [key for key, value in state.items() if hasattr(row, key) and _plain(getattr(row, key)) != value]
            if differs:
                key = differs[0]
                problems.append(
                    f"{table} {row_id}: {key} is {_plain(getattr(row, key))!r}, the trail says {state[key]!r}"
                )
        lost = [entity_id for entity_id, state in replayed.items() if state is not None and entity_id not in rows]
        if lost:
            problems.append(f"{table}: {len(lost)} row(s) the audit trail created and never deleted are missing")
        if len(problems) > 10:
            break
    return problems


def _audited_models() -> Iterator[type[RecordMixin]]:
    for mapper in Base.registry.mappers:
        if issubclass(mapper.class_, RecordMixin):
            yield mapper.class_


def _json(value: Any) -> Any:
    import json

    return json.loads(value) if isinstance(value, str) else value


def _plain(value: Any) -> Any:
    """A column's value as the audit trail writes it (storage/audit.py)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def reproduce_hint(result: HarnessResult) -> str:
    return (
        f"seed {result.seed}: OPEKA_CRASH_SEED={result.seed} python -m pytest tests/robustness/test_crash_safety.py"
        f" ({result.kills} kills, {len(result.failures)} failures)"
    )


def main(argv: list[str]) -> int:
    """python -m tests.robustness.crash_harness ROOT KILLS [SEED]: the harness outside pytest."""
    import logging

    from tests import conftest  # noqa: F401 - the fast password hasher

    logging.disable(logging.WARNING)  # each open after a kill logs the unclean end it found
    seed = int(argv[2]) if len(argv) > 2 else random.randrange(1_000_000)
    result = run_harness(Path(argv[0]), int(argv[1]), seed)
    print(f"{result.kills} kills in {result.seconds:.0f} s, kinds {result.kinds}, files {result.files_checked}")
    for failure in result.failures:
        print(failure)
    print(reproduce_hint(result))
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
