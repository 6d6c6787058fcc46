"""The merge rules of the exchange, one record at a time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.sync.merge import Agreed, Outcome, classify, field_changes

A, B, C = "a" * 64, "b" * 64, "c" * 64


def test_a_record_not_here_is_new() -> None:
    assert classify(1, A, None, None, None) is Outcome.NEW


def test_the_same_content_is_unchanged_whatever_the_versions() -> None:
    assert classify(3, A, 5, A, Agreed(2, B)) is Outcome.UNCHANGED


def test_changed_there_only_is_taken() -> None:
    assert classify(3, B, 2, A, Agreed(2, A)) is Outcome.CHANGED


def test_changed_here_only_is_kept() -> None:
    assert classify(2, A, 3, B, Agreed(2, A)) is Outcome.NEWER_HERE


def test_changed_on_both_sides_is_a_conflict() -> None:
    assert classify(3, B, 3, C, Agreed(2, A)) is Outcome.CONFLICT


def test_an_older_file_never_overwrites() -> None:
    assert classify(1, C, 3, B, Agreed(3, B)) is Outcome.OLDER


def test_a_districts_own_record_is_never_touched_by_reference_data() -> None:
    assert classify(9, B, 1, A, None, protect_own=True) is Outcome.OWN


@given(st.integers(1, 50), st.sampled_from([A, B, C]), st.integers(1, 50), st.sampled_from([A, B, C]))
def test_importing_what_was_just_taken_again_changes_nothing(
    version: int, incoming: str, base_version: int, base_hash: str
) -> None:
    # after taking a record, the local copy and the base both equal it: the same file again is unchanged
    assert classify(version, incoming, version, incoming, Agreed(version, incoming)) is Outcome.UNCHANGED


def test_field_changes_leave_tracking_columns_out() -> None:
    old = {"id": "1", "name": "А", "row_version": 1, "updated_at": "x"}
    new = {"id": "1", "name": "Б", "row_version": 2, "updated_at": "y"}
    assert field_changes(old, new) == [("name", "А", "Б")]


def test_a_record_deleted_here_is_not_brought_back_unless_edited_there_since() -> None:
    assert classify(2, A, None, None, Agreed(2, A)) is Outcome.DELETED_HERE
    assert classify(3, B, None, None, Agreed(2, A)) is Outcome.NEW
