"""The preview of an import: every check of FORMAT.md on a file, then what taking it would change here.

Reading a file and planning it writes nothing (importer.py writes, and logs a refusal); the preview is what the
exchange page shows and what ``ExchangeImport.apply`` takes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import InstallationKind, Permission
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.ownership import REGION
from desktop_app.storage.models import SyncPeer
from desktop_app.sync.checks import (
    check_entities,
    check_header,
    check_pin,
    check_source,
    created_at,
    listed_periods,
    newer_forms,
    older_package,
    own_receipts,
    protected_entities,
    region_keys,
)
from desktop_app.sync.exporter import DISTRICT_BUNDLE, REGION_PACKAGE, current_installation, main_pc
from desktop_app.sync.merge import Outcome
from desktop_app.sync.natural_keys import match_natural_keys
from desktop_app.sync.ownership import check_owners
from desktop_app.sync.plan_basis import PlanBasis, basis_of, file_stamp
from desktop_app.sync.planning import EntityPlan, RecordPlan, deleted_there, plan_all
from desktop_app.sync.projection import for_region
from desktop_app.sync.shown import record_label, shown_fields

if TYPE_CHECKING:  # PyNaCl is loaded for an exchange only
    from desktop_app.sync.keys import InstallationKeys

CHANGES_SHOWN = 200


@dataclass(frozen=True)
class ImportPreview:
    file: Path
    file_sha256: str
    kind: str
    source_installation: str
    source_name: str
    source_district: str
    sequence: int
    signing_key: str
    periods: tuple[str, ...]
    planned: tuple[EntityPlan, ...]  # per entity, in the order the file lists them, then the deletions
    attachments: dict[str, bytes] = field(repr=False)  # the files not yet in this installation's store
    region_keys: dict[str, str] = field(default_factory=dict)
    already_imported: bool = False
    forms: tuple[tuple[str, int, bytes], ...] = ()  # (id, version, file) newer than the ones here
    receipts: tuple[dict[str, Any], ...] = ()  # what the region did with this installation's files
    receipts_changed: bool = False
    from_workstation: bool = False  # a second workstation's bundle at the office's main PC
    new_source: bool = False  # no file from this installation yet: loading it pins its signing key
    created_at: datetime | None = None  # when the source made the file
    older_message: str = ""  # a region package older than the one loaded: why it changes nothing
    personal_shown: bool = True  # whoever asked for the preview may see personal data (else it is masked)
    basis: PlanBasis | None = None  # the file and database the plan was made from (plan_basis.py)

    @cached_property
    def plans(self) -> tuple[RecordPlan, ...]:
        """A plan for every record (built on demand: the counts need none of them)."""
        return tuple(chain.from_iterable(part.all_plans() for part in self.planned))

    def shown_changes(self, plan: RecordPlan) -> tuple[tuple[str, Any, Any], ...]:
        """A record's changed fields as the viewer may see them (desktop_app/sync/shown.py)."""
        return shown_fields(plan.entity, plan.changes, self.personal_shown)

    def record_label(self, plan: RecordPlan) -> str:
        """A record as the preview names it: a family by its code and the sending district."""
        return record_label(plan.entity, plan.record_id, plan.values, self.source_district, self._indicator_codes)

    @cached_property
    def _indicator_codes(self) -> dict[str, str]:
        """Indicator id → code for the indicators the file carries, so a plan value is named by its code."""
        return {
            plan.record_id: str(plan.values.get("code") or "") for plan in self.plans if plan.entity == "indicators"
        }

    def counts(self) -> dict[str, Counter[Outcome]]:
        found: dict[str, Counter[Outcome]] = {}
        for part in self.planned:
            found.setdefault(part.entity, Counter()).update(part.counts)
        return found

    def total(self, outcome: Outcome) -> int:
        return sum(part.counts[outcome] for part in self.planned)

    @property
    def changes_anything(self) -> bool:
        return not self.older_message and (
            bool(self.attachments)
            or bool(self.forms)
            or self.receipts_changed
            or any(self.total(outcome) for outcome in (Outcome.NEW, Outcome.CHANGED, Outcome.CONFLICT))
        )


def read_preview(
    session: Session,
    actor: Actor,
    path: Path,
    *,
    keys: InstallationKeys,
    store: AttachmentStore,
    received_forms: Path | None,
    receipts: Callable[[], list[dict[str, Any]]],
) -> ImportPreview:
    """Every check of FORMAT.md on ``path``, then what taking it would change here, record by record.

    Args:
        keys: this installation's keys: a district bundle is decrypted with its encryption key.
        store: the attachment store: only attachments not in it yet are read out of the file.
        received_forms: the folder of form files received from the region (newer ones are taken).
        receipts: the region's receipts kept here, compared with a region package's.
    """
    from desktop_app.sync.container import read_header, read_package

    stamp = file_stamp(path)  # before reading: a file changed while it is read is not taken for the one planned
    installation = current_installation(session)
    header = read_header(path)
    check_header(header, installation, path)
    if header.kind == DISTRICT_BUNDLE and main_pc(session) is not None:
        raise UserError(
            f"Файл «{path.name}» — пакет отдела; такие пакеты загружают на основном ПК отдела, а эта"
            " установка — дополнительное рабочее место."
        )
    encrypted = header.kind == DISTRICT_BUNDLE
    opened = read_package(path, decrypt_with=keys.encryption if encrypted else None)
    manifest = opened.manifest  # every field there, as FORMAT.md spells it (desktop_app/sync/contract.py)
    source: dict[str, str] = manifest["source"]
    check_source(manifest, installation, path)
    check_entities(opened.data, header.kind, path)
    peer = session.scalar(select(SyncPeer).where(SyncPeer.installation_id == source["installation"]))
    at_region = installation.kind == InstallationKind.REGION
    check_pin(session, peer, opened.signing_key_b64, manifest, path, one_key_per_district=at_region)
    sequence, made = manifest["sequence"], created_at(manifest)
    # an older region package is not taken at all: nothing of it is planned, kept or compared
    older = older_package(peer, header.kind, sequence, made)
    from_region = header.kind == REGION_PACKAGE and not older
    keys_of_region = region_keys(opened.data, manifest, path)
    own = own_receipts(opened.data.get("receipts"), installation.id) if from_region else []
    forms = newer_forms(opened.data.get("forms", []), received_forms, path) if from_region else ()
    from_workstation = not at_region and header.kind == DISTRICT_BUNDLE
    protected = protected_entities(at_region, header.kind)
    already = peer is not None and peer.last_file_sha256 == opened.file_sha256
    complete = manifest["complete"] and header.kind == DISTRICT_BUNDLE
    data, independent = opened.data, frozenset[str]()
    if at_region and header.kind == DISTRICT_BUNDLE:  # nothing personal of a case is kept at the region
        data = for_region(data)
    if from_workstation and not already:
        matched = match_natural_keys(session, opened.data)
        data, independent = matched.data, matched.independent
    planned = [] if older else plan_all(session, data, peer, protected, path, already, independent)
    # only a snapshot newer than the last one taken tells what was deleted there: an older one that arrives
    # late lacks what was added since, not what was deleted
    if complete and peer is not None and not already and sequence > peer.last_sequence:
        planned.extend(deleted_there(session, peer, data))
    # a valid signature says who wrote the file, not that it may change these records
    check_owners(session, planned, source["district"] if header.kind == DISTRICT_BUNDLE else REGION, path)
    wanted = () if older else opened.attachment_names
    attachments = {name: opened.attachment(name) for name in wanted if not store.has(name)}
    return ImportPreview(
        file=path,
        file_sha256=opened.file_sha256,
        kind=header.kind,
        source_installation=source["installation"],
        source_name=source["name"],
        source_district=source["district"],
        sequence=sequence,
        signing_key=opened.signing_key_b64,
        periods=listed_periods(manifest),
        planned=tuple(planned),
        attachments=attachments,
        region_keys=keys_of_region,
        already_imported=already,
        forms=tuple(forms),
        receipts=tuple(own),
        receipts_changed=from_region and own != receipts(),
        from_workstation=from_workstation,
        new_source=peer is None,
        created_at=made,
        older_message=older,
        personal_shown=actor.can(Permission.VIEW_PERSONAL_DATA),
        basis=basis_of(session, path, stamp),
    )
