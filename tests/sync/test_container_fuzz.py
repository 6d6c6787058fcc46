"""Whatever happens to an exchange file on the way — bytes flipped, cut off, inserted, the manifest edited —
the reader either gives back exactly the data that was written or refuses with a PackageError."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.sync.container import PackageError, read_package
from tests.robustness.fuzzing import mutate_bytes
from tests.sync.crafting import (
    ATTACHMENT_BYTES,
    REGION_ENCRYPTION,
    members_of,
    outer_parts,
    sha,
    write_bundle,
    write_outer,
    write_region_package,
    zip_bytes,
)

FAST = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**6), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.binary(min_size=1, max_size=8)),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def bundle(folder: Path) -> bytes:
    write_bundle(folder / "bundle.opeka", folder / "scan.pdf")
    return (folder / "bundle.opeka").read_bytes()


@pytest.fixture(scope="module")
def region(folder: Path) -> Path:
    write_region_package(folder / "region.opeka")
    return folder / "region.opeka"


def same_or_refused(path: Path, expected: Any, attachments: dict[str, bytes], key: Any) -> None:
    try:
        opened = read_package(path, decrypt_with=key)
    except PackageError as exc:
        assert exc.message.startswith(f"Файл «{path.name}»") or exc.message.startswith("Не удалось"), exc.message
        return
    assert opened.data == expected
    assert {name: opened.attachment(name) for name in opened.attachment_names} == attachments


@FAST
@given(st.lists(mutation, min_size=1, max_size=3))
def test_mutated_bundle_is_read_the_same_or_refused(
    folder: Path, bundle: bytes, mutations: list[tuple[str, int, Any]]
) -> None:
    original = read_package(write_raw(folder / "bundle.opeka", bundle), decrypt_with=REGION_ENCRYPTION)
    expected = {name: original.attachment(name) for name in original.attachment_names}
    path = write_raw(folder / "mutated.opeka", mutate_bytes(bundle, mutations))
    same_or_refused(path, original.data, expected, REGION_ENCRYPTION)


@FAST
@given(st.lists(mutation, min_size=1, max_size=3))
def test_mutated_inner_package_is_read_the_same_or_refused(
    folder: Path, region: Path, mutations: list[tuple[str, int, Any]]
) -> None:
    """The inner zip of an unencrypted package damaged, inside an outer file whose own checks all pass."""
    original = read_package(region, decrypt_with=None)
    header_json, payload = outer_parts(region)
    path = write_outer(folder / "inner.opeka", header_json, mutate_bytes(payload, mutations))
    same_or_refused(path, original.data, {sha(ATTACHMENT_BYTES): ATTACHMENT_BYTES}, None)


@FAST
@given(st.data(), json_values)
def test_manifest_edited_without_signing_again_is_refused(folder: Path, region: Path, data: Any, value: Any) -> None:
    original = read_package(region, decrypt_with=None)
    header_json, payload = outer_parts(region)
    members = members_of(payload)
    manifest = json.loads(members[0][1])
    places = _places(manifest)
    place = data.draw(st.sampled_from(places))
    _set(manifest, place, value)
    members[0] = ("manifest.json", json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2).encode())
    path = write_outer(folder / "manifest.opeka", header_json, zip_bytes(members))
    if members[0][1] == members_of(payload)[0][1]:
        same_or_refused(path, original.data, {sha(ATTACHMENT_BYTES): ATTACHMENT_BYTES}, None)
    else:
        with pytest.raises(PackageError):
            read_package(path, decrypt_with=None)


def write_raw(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _places(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    children: dict[Any, Any] | list[Any] = value if isinstance(value, dict | list) else {}
    items = children.items() if isinstance(children, dict) else enumerate(children)
    for key, child in items:
        found.extend(_places(child, (*prefix, key)))
    return found


def _set(target: Any, place: tuple[Any, ...], value: Any) -> None:
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = value
