"""The cases of the exchange fuzz suites, shared by district bundles and region packages: a file damaged on the
way (bytes, the outer zip's members, declared sizes), and a file correctly signed whose content is hostile
(records and manifest fields of wrong types, huge texts, unknown fields, repeated ids, new records)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st

from desktop_app.sync.container import OpenedPackage
from desktop_app.sync.records import ENTITIES
from tests.robustness.exchange_world import ExchangeWorld, Taker, rewrite
from tests.robustness.fuzzing import Tally, byte_mutations, damage_zip, mutate_bytes, with_declared_size, zip_steps

json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**64), 2**64),
    st.sampled_from([2**63, -(2**63) - 1, 10**400, 1e308, -0.0]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "0", "-1", "2026-13-45", "2026-H9", "9999-12-31T23:59:59", "../../x", "да", "NaN"]),
    st.integers(3, 6).map(lambda power: "Я" * 10**power),
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
MANIFEST_KEYS = (
    "sequence",
    "periods",
    "complete",
    "source",
    "schema_version",
    "attachments",
    "counts",
    "created_at",
    "app_version",
    "target_region",
    "receipts",
)

damage = st.one_of(
    st.tuples(st.just("bytes"), byte_mutations),
    st.tuples(st.just("zip"), zip_steps),
    st.tuples(st.just("size"), st.tuples(st.integers(0, 3), st.sampled_from([0, 1, 2**31, 2**32 - 1, 10**9]))),
)


def damaged(original: bytes, how: tuple[str, Any]) -> bytes:
    kind, detail = how
    if kind == "bytes":
        return mutate_bytes(original, detail)
    if kind == "zip":
        return damage_zip(original, detail)
    return with_declared_size(original, *detail)


def take_damaged(tally: Tally, taker: Taker, folder: Path, original: bytes, how: tuple[str, Any]) -> None:
    """One damaged file taken: accepted as it is, or refused leaving the database exactly as it was."""
    path = folder / "damaged.opeka"
    path.write_bytes(damaged(original, how))
    take_and_check(tally, taker, path)


def take_and_check(tally: Tally, taker: Taker, path: Path) -> None:
    before = taker.digest()
    result = tally.run(lambda: taker.take(path))
    if result is None:
        assert taker.digest() == before, "a refused file changed the database"


def hostile_content(data: st.DataObject, opened: OpenedPackage) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    """The package's records and manifest with one to three hostile changes."""
    records = copy.deepcopy(opened.data)
    manifest = copy.deepcopy(opened.manifest)
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        change = data.draw(st.sampled_from(["set", "drop", "unknown", "new", "repeat", "manifest", "entity"]))
        filled = [name for name, rows in records.items() if rows]
        if change == "manifest":
            manifest[data.draw(st.sampled_from(MANIFEST_KEYS))] = data.draw(json_value, label="manifest value")
        elif change == "new":
            spec = data.draw(st.sampled_from(ENTITIES))
            record = {column.key: data.draw(json_value) for column in spec.columns if data.draw(st.booleans())}
            record["id"] = data.draw(st.one_of(st.uuids().map(str), json_scalar), label="id")
            records.setdefault(spec.name, []).append(record)
        elif change == "entity":
            records[data.draw(st.sampled_from(["unknown_table", "users", "sync_peers", "audit_entries"]))] = [{}]
        elif filled:
            entity = data.draw(st.sampled_from(filled))
            rows = records[entity]
            row = rows[data.draw(st.integers(0, len(rows) - 1))]
            keys = sorted(row)
            if not keys and change in ("set", "drop"):
                continue  # an empty record added by an earlier change
            if change == "set":
                row[data.draw(st.sampled_from(keys))] = data.draw(json_value, label="value")
            elif change == "drop":
                row.pop(data.draw(st.sampled_from(keys)))
            elif change == "unknown":
                row[data.draw(st.text(min_size=1, max_size=12))] = data.draw(json_value)
            else:
                rows.append(copy.deepcopy(row))
    return records, manifest


def take_hostile(
    tally: Tally, taker: Taker, folder: Path, world: ExchangeWorld, opened: OpenedPackage, data: st.DataObject
) -> None:
    """One correctly signed file with hostile content: taken, or refused leaving the database as it was."""
    records, manifest = hostile_content(data, opened)
    path = folder / "hostile.opeka"
    try:
        rewrite(path, world, opened, records, manifest)
    except ValueError:
        reject()  # the writer itself refuses it (an entity name or a manifest contradicting the header)
    take_and_check(tally, taker, path)
