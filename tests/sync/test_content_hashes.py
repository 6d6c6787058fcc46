"""Content hashes of many records at once are exactly the ones ``content_hash`` gives record by record:
databases hold them as agreed states, so their value must never change."""

from __future__ import annotations

from typing import Any

from desktop_app.sync.merge import Outcome
from desktop_app.sync.planning import RecordBlock
from desktop_app.sync.records import BY_NAME, content_hash, content_hashes
from tests.sync.test_bulk_rows import FAMILIES, family

VALUES = BY_NAME["indicator_values"]


def test_many_at_once_equal_one_by_one() -> None:
    records = [family(n) for n in range(1, 30)]
    records[2]["notes"] = "кавычки ' и \" и перевод\nстроки"
    records[3]["capacity_children"] = 3
    assert content_hashes(records, FAMILIES) == [content_hash(record, FAMILIES) for record in records]


def test_a_known_value_stays() -> None:
    record: dict[str, Any] = {"id": "00000000-0000-4000-8000-000000000001", "indicator_id": "i", "value": 1.5}
    # sha256 of repr(list of values in column order, tracking columns left out), missing ones as None: the
    # value databases already hold for this record
    expected = "1ef10e903b1a511c4a7df1be7efe601b00af7d7eed0d32478c8ee4e34947693c"
    assert content_hashes([record], VALUES) == [content_hash(record, VALUES)] == [expected]
    full = {key: record.get(key) for key in [column.key for column in VALUES.columns]}
    assert content_hashes([full], VALUES) == [expected]  # every column present: the many-at-once path


def test_a_record_lacking_a_column_is_hashed_as_before() -> None:
    records = [family(1), family(2)]
    del records[1]["notes"]  # a file of an older program: the missing value counts as None
    assert content_hashes(records, FAMILIES) == [content_hash(record, FAMILIES) for record in records]
    assert content_hashes([], FAMILIES) == []


def test_a_block_gives_the_plans_the_record_path_gives() -> None:
    records = [family(1), family(2)]
    block = RecordBlock("resource_families", Outcome.NEW, records, ["a", "b"], [(1,), (2,)])
    plans = list(block.plans())
    assert [(plan.record_id, plan.outcome, plan.content_hash, plan.row) for plan in plans] == [
        (records[0]["id"], Outcome.NEW, "a", (1,)),
        (records[1]["id"], Outcome.NEW, "b", (2,)),
    ]
    assert plans[0].values is records[0] and plans[0].local is None and plans[0].agreed is None
    unchanged = list(RecordBlock("resource_families", Outcome.UNCHANGED, records).plans())
    assert [(plan.outcome, plan.content_hash, plan.row) for plan in unchanged] == [(Outcome.UNCHANGED, "", None)] * 2
