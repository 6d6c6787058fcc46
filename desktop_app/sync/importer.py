"""Taking an exchange file in: every check of FORMAT.md, a preview per entity (import_preview.py), then one
transaction.

Nothing is written before all checks pass; the apply is all or nothing; every attempt — taken, refused
or unchanged — is written to the import log. Records are inserted and updated with bulk statements
(the ORM's per-object path is ten times slower), so the audit trail gets one log entry per file, not
one per record.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import Permission
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.background_backup import BackupUnderWay
from desktop_app.storage.base import utc_now
from desktop_app.storage.crash_recovery import IMPORT
from desktop_app.storage.database import Database
from desktop_app.storage.models import ImportLogEntry, SyncRecordState
from desktop_app.storage.search_index import search_index_filled_after
from desktop_app.sync.bookkeeping import keep_conflict, log_entry, peer_for, remember, update_peer
from desktop_app.sync.checks import file_sha256, header_source, write_forms
from desktop_app.sync.exporter import REGION_PACKAGE
from desktop_app.sync.import_preview import ImportPreview, read_preview
from desktop_app.sync.merge import Outcome
from desktop_app.sync.plan_basis import database_unchanged, file_unchanged
from desktop_app.sync.planning import REFERENCE_ROWS, EntityPlan, forget_reference_rows
from desktop_app.sync.records import ENTITIES, chunks, table_of


@dataclass(frozen=True)
class ImportResult:
    preview: ImportPreview
    applied: dict[str, int]
    conflicts: int


class ExchangeImport:
    def __init__(
        self,
        db: Database,
        keys: Callable[[], Any],
        store: AttachmentStore,
        refusals: Path | None = None,
        received_forms: Path | None = None,
        clock: Callable[[], datetime] = utc_now,
        receipts_file: Path | None = None,
        before_import: Callable[[], BackupUnderWay] | None = None,
    ) -> None:
        self._before_import = before_import
        self._received_forms = received_forms
        self._receipts_file = receipts_file
        self._db = db
        self._keys = keys
        self._store = store
        self._refusals = refusals
        self._clock = clock

    @contextmanager
    def folder(self, actor: Actor, subject: str = "") -> Iterator[Session]:
        """One transaction for a folder of files (batch.import_folder): ``preview`` and ``apply`` are given
        its session, each file's apply is a savepoint of it, and everything commits once when the block
        ends (also when it ends early); an error leaving the block rolls back the whole folder. The write
        lock is taken at the start, and the log and page cache are set for bulk writes. ``subject`` names the
        folder for the message after a crash during it."""
        actor.require(Permission.EXCHANGE)
        with self._backed_up() as backed_up:
            with (
                self._db.activity(IMPORT, subject),
                self._db.bulk_writes(),
                self._db.transaction(actor, immediate=True) as session,
            ):
                session.info[REFERENCE_ROWS] = {}  # the region's reference records, read once for the folder
                yield session
                backed_up()

    def preview(self, actor: Actor, path: Path, session: Session | None = None) -> ImportPreview:
        """Check the file completely and compare it with the database; nothing is written but the log.
        ``session``: the folder's transaction (``folder``), read as it stands after the files before."""
        actor.require(Permission.EXCHANGE)
        try:
            if session is not None:
                return self._preview(actor, path, session)
            with self._db.reading() as own:
                return self._preview(actor, path, own)
        except UserError as error:
            self._log(actor, path, error.message)
            raise

    def apply(self, actor: Actor, preview: ImportPreview, session: Session | None = None) -> ImportResult:
        """Write everything the preview found, all or nothing: in a transaction of its own, or within the
        folder's transaction (``session``) as a savepoint rolled back alone if anything fails."""
        actor.require(Permission.EXCHANGE)
        if preview.older_message:
            raise UserError(preview.older_message)
        self._check_file_unchanged(actor, preview, exact=session is None)
        applied: Counter[str] = Counter()
        for sha256, data in preview.attachments.items():
            if not self._store.has(sha256):
                self._store.store_bytes(data, sha256)
        if session is None:  # a folder's session was backed up once when it began
            with (
                self._backed_up() as backed_up,
                self._db.activity(IMPORT, f"файла «{preview.file.name}»"),
                self._db.transaction(actor, immediate=True) as own,  # begun at once: the bulk search index
            ):
                preview = self._current(actor, preview, own)
                conflicts = self._write_checked(own, actor, preview, applied)
                backed_up()
        else:
            with session.begin_nested():
                preview = self._current(actor, preview, session)
                conflicts = self._write_checked(session, actor, preview, applied)
        write_forms(preview.forms, self._received_forms)
        if preview.kind == REGION_PACKAGE and self._receipts_file is not None:
            self._save_receipts(preview.receipts)
        return ImportResult(preview, dict(applied), conflicts)

    def note_unchanged(self, actor: Actor, preview: ImportPreview, session: Session) -> None:
        """Log once a file that changes nothing (an older bundle, a copy of one taken before), without applying
        it: the district's next receipts then name it as received. A file already logged is not logged again,
        so loading the same folder twice adds nothing."""
        actor.require(Permission.EXCHANGE)
        logged = select(ImportLogEntry.id).where(ImportLogEntry.file_sha256 == preview.file_sha256).limit(1)
        if session.scalar(logged) is None:
            entry = log_entry(
                actor, preview.file, preview.file_sha256, preview, "unchanged", "", Counter(), self._clock()
            )
            session.add(entry)
            session.flush()

    def _check_file_unchanged(self, actor: Actor, preview: ImportPreview, *, exact: bool) -> None:
        """Refuse to apply a preview whose file has changed since it was read: the person confirmed what the
        preview showed, not what the file says now. ``exact`` compares the content too (a file rewritten within
        the same tick of the clock with the same size), as a single file's apply does; a folder applies each
        file the moment it is previewed."""
        basis = preview.basis
        same = basis is not None and file_unchanged(basis, preview.file)
        if same and exact:
            same = file_sha256(preview.file) == preview.file_sha256
        if not same:
            message = (
                f"Файл «{preview.file.name}» изменился после предварительного просмотра: откройте его снова."
                " База данных не изменена."
            )
            self._log(actor, preview.file, message)
            raise UserError(message)

    def _current(self, actor: Actor, preview: ImportPreview, session: Session) -> ImportPreview:
        """The preview's plan when nothing was written to the database since it was made (the usual case:
        planning again would cost as much as the writing), else the file planned again in ``session``, within
        the write transaction, so that a stale plan is never carried out."""
        basis = preview.basis
        if basis is not None and database_unchanged(basis, session):
            return preview
        fresh = self.preview(actor, preview.file, session)
        if fresh.older_message:
            raise UserError(fresh.older_message)
        return fresh

    @contextmanager
    def _backed_up(self) -> Iterator[Callable[[], object]]:
        """The one hook before an import writes: a backup copy (storage/background_backup.py), always, not once a
        day. The copy is finished while the block runs; the block calls what it is given before it commits,
        which waits for the copy and raises DatabaseProblem if it could not be written."""
        if self._before_import is None:
            yield lambda: None
            return
        backup = self._before_import()
        try:
            yield backup.wait
        finally:
            backup.settle()

    def _write_checked(self, session: Session, actor: Actor, preview: ImportPreview, applied: Counter[str]) -> int:
        """``_write`` (which flushes), with a refused constraint told as one sentence (the caller rolls back)."""
        try:
            conflicts = self._write(session, actor, preview, applied)
        except IntegrityError as error:
            if "UNIQUE" in str(error.orig):
                problem = "записи в нём повторяют уже имеющиеся здесь под другими идентификаторами"
            else:
                problem = (
                    "записи в нём ссылаются на отсутствующие данные (например, на мероприятие, которого здесь нет)"
                )
            raise UserError(f"Файл «{preview.file.name}» не загружен: {problem}. База данных не изменена.") from None
        return conflicts

    def _write(self, session: Session, actor: Actor, preview: ImportPreview, applied: Counter[str]) -> int:
        forget_reference_rows(session, preview.planned)
        conflicts = 0
        peer = peer_for(session, preview)
        by_entity: dict[str, list[EntityPlan]] = {spec.name: [] for spec in ENTITIES}
        for part in preview.planned:
            by_entity[part.entity].append(part)
        for spec in reversed(ENTITIES):
            parts = by_entity[spec.name]
            deleted = [plan.record_id for part in parts for plan in part.plans if plan.outcome is Outcome.DELETED]
            table = table_of(spec)
            for chunk in chunks(deleted):
                session.execute(delete(table).where(table.c.id.in_(chunk)))
                session.execute(
                    delete(SyncRecordState).where(
                        SyncRecordState.peer_id == peer.id,
                        SyncRecordState.entity == spec.name,
                        SyncRecordState.record_id.in_(chunk),
                    )
                )
            applied[spec.name] += len(deleted)
        applied += Counter()  # drop the zero counts of entities with nothing deleted
        taken_states = []
        for spec in ENTITIES:
            plans = [plan for part in by_entity[spec.name] for plan in part.plans]
            blocks = [part.block for part in by_entity[spec.name] if part.block is not None]
            table = table_of(spec)
            connection = session.connection()  # Core, not the ORM's bulk path: a tenth of the time
            new = [plan for plan in plans if plan.outcome is Outcome.NEW]
            rows = [row for block in blocks if block.rows is not None for row in block.rows]
            rows += [plan.row for plan in new if plan.row is not None]
            unbuilt = [plan.values for plan in new if plan.row is None]
            with search_index_filled_after(connection, table.name, len(rows) + len(unbuilt)):
                if rows:
                    names = ", ".join(f'"{column.name}"' for column in spec.columns)
                    marks = ", ".join("?" for _ in spec.columns)
                    connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', rows)
                for chunk in chunks(unbuilt):
                    connection.execute(insert(table), chunk)
            for plan in plans:
                if plan.outcome is Outcome.CHANGED:
                    session.execute(update(table).where(table.c.id == plan.record_id).values(**plan.values))
                elif plan.outcome is Outcome.CONFLICT:
                    conflicts += 1
                    keep_conflict(session, peer.id, spec.name, plan, preview.file_sha256)
                if plan.outcome.applies:
                    applied[spec.name] += 1
            if taken := sum(len(block) for block in blocks if block.outcome.applies):
                applied[spec.name] += taken
            taken_states.append((spec.name, plans, blocks))
        now = self._clock()
        update_peer(peer, preview, now)
        result = "applied" if preview.changes_anything else "unchanged"
        session.add(log_entry(actor, preview.file, preview.file_sha256, preview, result, "", applied, now))
        session.flush()  # a new peer, its log entry and conflicts in one flush (one audit link), before its states
        for entity, plans, blocks in taken_states:
            remember(session, peer.id, entity, plans, blocks)
        return conflicts

    def _preview(self, actor: Actor, path: Path, session: Session) -> ImportPreview:
        return read_preview(
            session,
            actor,
            path,
            keys=self._keys(),
            store=self._store,
            received_forms=self._received_forms,
            receipts=self.receipts,
        )

    def _log(self, actor: Actor, path: Path, message: str) -> None:
        """A refused file is logged beside the database, not in it: a refusal leaves the database as it was."""
        if self._refusals is None:
            return
        entry = {
            "at": self._clock().isoformat(),
            "user_login": actor.login,
            "user_name": actor.full_name,
            "file_name": path.name,
            "file_sha256": file_sha256(path),
            "result": "refused",
            "message": message,
            **header_source(path),
        }
        try:
            self._refusals.parent.mkdir(parents=True, exist_ok=True)
            with self._refusals.open("a", encoding="utf-8") as stream:
                stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
        except OSError:
            pass  # a log that cannot be written must not hide the reason the file was refused

    def receipts(self) -> list[dict[str, Any]]:
        """The region's receipts for this installation's bundles, from its latest package, newest first."""
        if self._receipts_file is None or not self._receipts_file.is_file():
            return []
        try:
            found = json.loads(self._receipts_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return []
        return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []

    def _save_receipts(self, receipts: tuple[dict[str, Any], ...]) -> None:
        from desktop_app.core.atomic import write_atomically

        assert self._receipts_file is not None
        text = json.dumps(list(receipts), ensure_ascii=False, indent=2).encode("utf-8")
        write_atomically(self._receipts_file, partial(Path.write_bytes, data=text), "квитанции региона")

    def refusals(self, limit: int = 200) -> list[dict[str, Any]]:
        """The last refused files, newest first (from the refusal log beside the database)."""
        if self._refusals is None or not self._refusals.is_file():
            return []
        entries = []
        for line in self._refusals.read_text(encoding="utf-8", errors="replace").splitlines()[-limit:]:
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return entries[::-1]

    def log(self, actor: Actor, limit: int = 200) -> list[ImportLogEntry]:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            rows = list(session.scalars(select(ImportLogEntry).order_by(ImportLogEntry.at.desc()).limit(limit)))
            for row in rows:
                session.expunge(row)
            return rows
