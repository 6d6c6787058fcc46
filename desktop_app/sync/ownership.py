"""A file may carry only records its signer owns (DOMAIN.md «Who owns a record», FORMAT.md «Owners»).

A district's bundle signed with its own valid key could otherwise rename a measure of the region's program, or
replace another district's family or value at the region; a region package could overwrite a district's own
program. Before anything is written, every record the file would write (new, changed, a conflict, a deletion)
is given its owner here and in the file, and one owned by anybody but the signer refuses the whole file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import repeat
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.domain.errors import UserError
from desktop_app.services.ownership import REGION, own_owner, owner_dative, owner_instrumental
from desktop_app.sync.merge import Outcome
from desktop_app.sync.planning import EntityPlan
from desktop_app.sync.records import BY_NAME, table_of

# entity → (column, entity) of the record whose owner it shares
PARENTS: dict[str, tuple[str, str]] = {
    "program_sections": ("program_id", "programs"),
    "program_blocks": ("program_id", "programs"),
    "measures": ("block_id", "program_blocks"),
    "measure_executors": ("measure_id", "measures"),
    "measure_indicators": ("measure_id", "measures"),
    "indicator_groups": ("program_id", "programs"),
    "indicators": ("group_id", "indicator_groups"),
    "indicator_plans": ("indicator_id", "indicators"),
    "indicator_rules": ("program_id", "programs"),
    "reporting_steps": ("program_id", "programs"),
    "report_documents": ("report_id", "execution_reports"),
    "family_members": ("family_id", "resource_families"),
    "family_steps": ("family_id", "resource_families"),
    "child_placements": ("family_id", "resource_families"),
    "family_documents": ("family_id", "resource_families"),
    "case_adults": ("case_id", "family_cases"),
    "case_children": ("case_id", "family_cases"),
    "case_stages": ("case_id", "family_cases"),
    "case_team_members": ("case_id", "family_cases"),
    "case_services": ("case_id", "family_cases"),
    "case_support_measures": ("case_id", "family_cases"),
    "case_referrals": ("case_id", "family_cases"),
    "consilium_reviews": ("case_id", "family_cases"),
}
# entity → (column, entity) of a second record whose owner it shares too: a review is of a case at a meeting
ALSO_PARENTS: dict[str, tuple[str, str]] = {"consilium_reviews": ("meeting_id", "consilium_meetings")}
# an ``owner`` column
WITH_OWNER = frozenset({"programs", "organisations", "resource_services", "support_measure_kinds"})
# a district's records of one territory: the territory is the district that owns it (when it is filled in)
WITH_TERRITORY = frozenset(
    {"execution_reports", "indicator_values", "form_answers", "period_closures", "reporting_step_marks"}
)
_ID = itemgetter("id")
_WRITES = frozenset({Outcome.NEW, Outcome.CHANGED, Outcome.CONFLICT, Outcome.DELETED})


class _Owners:
    """Owners of records here, read once each; a record's owner in the file is found through its parents."""

    def __init__(self, session: Session, signer: str) -> None:
        self._session = session
        self._signer = signer
        self._here: dict[tuple[str, str], frozenset[str] | None] = {}
        self._in_file: dict[tuple[str, str], frozenset[str]] = {}
        self._own: str | None = None

    def own(self) -> str:
        if self._own is None:
            self._own = own_owner(self._session)
        return self._own

    def here(self, entity: str, record_id: str) -> frozenset[str] | None:
        """The owners of the record as this installation holds it; None when it is not here."""
        key = (entity, record_id)
        if key not in self._here:
            self._here[key] = self._read(entity, record_id)
        return self._here[key]

    def _read(self, entity: str, record_id: str) -> frozenset[str] | None:
        table = table_of(BY_NAME[entity])
        connection = self._session.connection()
        if entity in WITH_OWNER:
            found = connection.exec_driver_sql(f'SELECT owner FROM "{table.name}" WHERE id = ?', (record_id,)).first()
            return None if found is None else frozenset({str(found[0])})
        if entity in PARENTS:
            links = [PARENTS[entity], *([ALSO_PARENTS[entity]] if entity in ALSO_PARENTS else [])]
            columns = ", ".join(f'"{column}"' for column, _ in links)
            found = connection.exec_driver_sql(
                f'SELECT {columns} FROM "{table.name}" WHERE id = ?', (record_id,)
            ).first()
            if found is None:
                return None
            return frozenset().union(
                *(self.of_parent(parent, value) for (_, parent), value in zip(links, found, strict=True))
            )
        if entity in WITH_TERRITORY:
            query = f'SELECT territory FROM "{table.name}" WHERE id = ?'
            found = connection.exec_driver_sql(query, (record_id,)).first()
            if found is None:
                return None
            if found[0]:
                return frozenset({str(found[0])})
        elif connection.exec_driver_sql(f'SELECT 1 FROM "{table.name}" WHERE id = ?', (record_id,)).first() is None:
            return None
        return self._origin(entity, record_id)

    def _origin(self, entity: str, record_id: str) -> frozenset[str]:
        """The districts a record came from (a district's family at the region), or this installation's own."""
        query = (
            "SELECT DISTINCT peer.district FROM sync_record_state AS state JOIN sync_peer AS peer"
            " ON peer.id = state.peer_id WHERE state.entity = ? AND state.record_id = ? AND peer.kind != 'region'"
        )
        found = {str(row[0]) for row in self._session.connection().exec_driver_sql(query, (entity, record_id))}
        return frozenset(found or {self.own()})

    def of_parent(self, entity: str, record_id: Any) -> frozenset[str]:
        if record_id is None:
            return frozenset({REGION})  # an indicator group or indicator outside any program: the catalogue
        key = (entity, str(record_id))
        if key in self._in_file:
            return self._in_file[key]
        here = self.here(*key)
        return here if here is not None else frozenset({self._signer})  # a missing parent is refused later

    def all_signers(self, entity: str, records: list[dict[str, Any]]) -> bool:
        """Whether every one of these new records of ``entity`` is the signer's alone, as ``of_record`` would find
        one by one, told from the distinct owners, territories and parents of the lot (a district's thousands of
        families at the region); when so, each is remembered as ``of_record`` remembers it. False sends the
        records to ``of_record``, which names the first one at fault."""
        try:
            found = self._owners_of_new(entity, records)
        except TypeError:  # a value that cannot be a key: the records one by one say what is wrong
            return False
        if found != {self._signer}:
            return False
        self._in_file.update(dict.fromkeys(zip(repeat(entity), map(str, map(_ID, records))), frozenset(found)))
        return True

    def _owners_of_new(self, entity: str, records: list[dict[str, Any]]) -> set[str] | None:
        """Everybody who owns some of these new records (``of_record``'s rules over the distinct values), or None
        for an entity with two parents."""
        if entity in WITH_OWNER:
            return {str(owner) for owner in set(map(methodcaller("get", "owner", self._signer), records))}
        if entity in ALSO_PARENTS:
            return None
        if entity in PARENTS:
            column, parent = PARENTS[entity]
            parents = set(map(methodcaller("get", column), records))
            return set().union(*(self.of_parent(parent, value) for value in parents))
        if entity in WITH_TERRITORY:
            territories = set(map(methodcaller("get", "territory"), records))
            return {str(territory) if territory else self._signer for territory in territories}
        return {self._signer}

    def of_record(self, entity: str, record_id: str, values: Mapping[str, Any], new: bool) -> frozenset[str]:
        """Everybody who must be the signer for the file to write this record: its owner here (unless it is
        new), and its owner as the file has it (a record cannot be moved to another owner's parent)."""
        owners: set[str] = set()
        if not new:
            owners |= self.here(entity, record_id) or frozenset()
        if entity in WITH_OWNER:
            owners.add(str(values.get("owner", self._signer)))
        elif entity in PARENTS:
            column, parent = PARENTS[entity]
            owners |= self.of_parent(parent, values.get(column))
            if entity in ALSO_PARENTS:
                column, parent = ALSO_PARENTS[entity]
                owners |= self.of_parent(parent, values.get(column))
        elif entity in WITH_TERRITORY and values.get("territory"):
            owners.add(str(values["territory"]))
        elif new:
            owners.add(self._signer)  # a family or its like made by the signer
        found = frozenset(owners)
        if new:
            self._in_file[(entity, record_id)] = found
        return found


def check_owners(session: Session, planned: Iterable[EntityPlan], signer: str, path: Path) -> None:
    """Refuse the file when a record it would write belongs to anybody but ``signer`` (a district's name, or
    ``REGION``), naming the record; nothing is written."""
    owners = _Owners(session, signer)
    for part in planned:
        if not any(outcome in _WRITES for outcome in part.counts):
            continue
        # a block's records are read as they are: a RecordPlan each costs more than the check at the region
        block = part.block.records if part.block is not None and part.block.outcome in _WRITES else []
        new = part.block is not None and part.block.outcome is Outcome.NEW
        if new and owners.all_signers(part.entity, block):
            block = []
        written = [(str(record["id"]), record, new) for record in block]
        written += [(p.record_id, p.values, p.outcome is Outcome.NEW) for p in part.plans if p.outcome in _WRITES]
        for record_id, values, is_new in written:
            strangers = sorted(owners.of_record(part.entity, record_id, values, is_new) - {signer})
            if strangers:
                raise UserError(
                    f"Файл «{path.name}» отклонён: запись {record_caption(part.entity, values)}"
                    f" ({record_id}) принадлежит {owner_dative(strangers[0])}, а пакет подписан"
                    f" {owner_instrumental(signer)}; база данных не изменена."
                )


def record_caption(entity: str, values: Mapping[str, Any]) -> str:
    """A record as a person would know it, without any personal data: «Мероприятия» № 1.2 «…»."""
    label = f"«{BY_NAME[entity].label}»" if entity in BY_NAME else f"«{entity}»"
    detail = ""
    if entity in ("resource_families", "family_cases"):
        detail = f" {values.get('code') or ''}"
    elif entity in ("resource_services", "support_measure_kinds"):
        detail = f" «{_short(values.get('name'))}»"
    elif entity == "consilium_meetings":
        detail = f" № {values.get('number') or ''} от {values.get('held_on') or ''}"
    elif entity == "measures":
        detail = f" № {values.get('number') or ''} «{_short(values.get('name'))}»"
    elif entity == "programs":
        detail = f" «{_short(values.get('short_title') or values.get('title'))}»"
    elif entity == "organisations":
        detail = f" «{_short(values.get('short_name') or values.get('full_name'))}»"
    elif entity == "indicators":
        detail = f" {values.get('code') or ''} «{_short(values.get('name'))}»"
    elif entity in WITH_TERRITORY or entity == "indicator_plans":
        where = f", {values['territory']}" if values.get("territory") else ""
        detail = f" за период {values.get('period') or ''}{where}"
    return (label + detail).rstrip()


def _short(value: Any, limit: int = 60) -> str:
    text = str(value or "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def region_owned(session: Session, data: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The region's package carries only the region's own records: a district's municipal program, sent up in
    its bundle, goes to nobody else (and every district would refuse it)."""
    owners = _Owners(session, REGION)
    kept: dict[str, list[dict[str, Any]]] = {}
    for entity, records in data.items():
        if entity not in BY_NAME or not BY_NAME[entity].reference:
            kept[entity] = records
            continue
        kept[entity] = [
            record
            for record in records
            if owners.of_record(entity, record["id"], record, new=True) == frozenset({REGION})
        ]
    return kept
