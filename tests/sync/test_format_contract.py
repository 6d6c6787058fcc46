"""FORMAT.md is a contract: a reader written from the text alone (tests/sync/spec_reader.py) reads the files
the program writes, and the program refuses what the text refuses — a file that leaves out a field the checks
rely on, lies in its counts, repeats a JSON key or carries an entity its kind may not — with one Russian
sentence and the database as it was. A pinned key cannot be skipped by leaving out ``source``."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from nacl.public import PrivateKey, SealedBox
from nacl.signing import SigningKey
from sqlalchemy import select, text

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import UserError
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.database import open_database
from desktop_app.storage.models import IndicatorValue
from desktop_app.sync.setup import exchange_services
from tests.exchange.test_end_to_end import PERIOD, Installation, enter_returned, region_and_district
from tests.sync import spec_reader

Members = list[tuple[str, bytes]]


@dataclass(frozen=True)
class World:
    """Pristine copies of a region that pinned a district's key and of a district that pinned the region's,
    with the files between them."""

    root: Path
    bundle: Path  # the district's first bundle, taken by the region
    second: Path  # its next bundle, not yet taken
    package: Path  # the region's package, taken by the district


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("contract")
    region, district, package = region_and_district(root)
    enter_returned(district, 1, 4)
    bundle, second = root / "first.opeka", root / "second.opeka"
    district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
    region.take(bundle)
    district.export.write(SYSTEM_ACTOR, second, PERIOD)
    region.db.close()
    district.db.close()
    return World(root, bundle, second, package)


def opened(world: World, name: str, into: Path) -> Installation:
    """A fresh copy of the world's ``region`` or ``district`` installation, open."""
    shutil.copytree(world.root / name, into)
    installation = Installation.__new__(Installation)
    installation.paths = DataPaths(into)
    installation.db = open_database(installation.paths)
    installation.export, installation.load = exchange_services(
        installation.db, installation.paths, AttachmentStore(installation.paths.attachments)
    )
    return installation


def key(world: World, name: str, file: str) -> bytes:
    return spec_reader.read_key_file(world.root / name / "keys" / file)


def state(installation: Installation) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read through the program's own connection."""
    with installation.db.reading() as session:
        connection = session.connection()
        tables = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return {
            name: sorted(map(tuple, connection.execute(text(f'SELECT * FROM "{name}"'))), key=repr)
            for (name,) in list(tables)
        }


def refused_unchanged(installation: Installation, path: Path, *fragments: str, sentences: int = 1) -> str:
    before = state(installation)
    with pytest.raises(UserError) as caught:
        installation.take(path)
    message = caught.value.message
    assert message.startswith(f"Файл «{path.name}»") and message.endswith("."), message
    assert "\n" not in message and message.count(". ") == sentences - 1, message
    for fragment in fragments:
        assert fragment in message, message
    assert state(installation) == before
    return message


# ------------------------------------------------------------------------------------------------ forging
def unpack(path: Path, encryption_key: bytes | None) -> tuple[dict[str, Any], Members]:
    """The header and the inner members of a real file (a bundle opened with the region's key)."""
    with zipfile.ZipFile(path) as outer:
        header = json.loads(outer.read("opeka-exchange.json"))
        payload = outer.read("payload")
    if encryption_key is not None:
        payload = SealedBox(PrivateKey(encryption_key)).decrypt(payload)
    with zipfile.ZipFile(io.BytesIO(payload)) as inner:
        return header, [(info.filename, inner.read(info)) for info in inner.infolist()]


def repack(
    path: Path,
    header: dict[str, Any],
    members: Members,
    *,
    signing: SigningKey,
    recipient: bytes | None,
    manifest_text: Callable[[dict[str, Any]], bytes] | None = None,
    edit: Callable[[dict[str, Any]], None] = lambda manifest: None,
    signature_text: Callable[[bytes], bytes] = lambda signature: base64.b64encode(signature),
) -> Path:
    """The file again with its data members as given, the manifest's hashes recomputed, ``edit`` applied to
    the manifest, signed with ``signing`` and sealed to ``recipient`` (an X25519 public key) when given."""
    manifest = json.loads(dict(members)["manifest.json"])
    body = [(name, content) for name, content in members if name not in ("manifest.json", "manifest.sig")]
    manifest["members"] = {name: hashlib.sha256(content).hexdigest() for name, content in body}
    manifest["signing_key"] = base64.b64encode(bytes(signing.verify_key)).decode()
    edit(manifest)
    raw = (manifest_text or (lambda m: json.dumps(m, ensure_ascii=False, indent=2).encode()))(manifest)
    signature = signature_text(signing.sign(raw).signature)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in [("manifest.json", raw), ("manifest.sig", signature), *body]:
            archive.writestr(name, content)
    payload = inner.getvalue()
    if recipient is not None:
        from nacl.public import PublicKey

        payload = SealedBox(PublicKey(recipient)).encrypt(payload)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as outer:
        outer.writestr("opeka-exchange.json", json.dumps(header, ensure_ascii=False, indent=2).encode())
        outer.writestr("payload", payload)
    return path


def region_public(world: World) -> bytes:
    return bytes(PrivateKey(key(world, "region", "encryption.key")).public_key)


def forged_bundle(world: World, path: Path, *, signing: SigningKey | None = None, **options: Any) -> Path:
    """The district's second bundle, re-signed (by the district's own key unless another is given)."""
    header, members = unpack(world.second, key(world, "region", "encryption.key"))
    signing = signing or SigningKey(key(world, "district", "signing.key"))
    body = options.pop("members", members)
    return repack(path, header, body, signing=signing, recipient=region_public(world), **options)


def forged_package(world: World, path: Path, *, signing: SigningKey | None = None, **options: Any) -> Path:
    header, members = unpack(world.package, None)
    signing = signing or SigningKey(key(world, "region", "signing.key"))
    return repack(path, header, options.pop("members", members), signing=signing, recipient=None, **options)


def with_returned(members: Members, numerator: int) -> Members:
    """The members with the indicator value's numerator changed."""
    changed = []
    for name, content in members:
        if name == "data/indicator_values.json":
            records = json.loads(content)
            for record in records:
                if record.get("numerator") is not None:
                    record["numerator"] = numerator
            content = json.dumps(records, ensure_ascii=False).encode()
        changed.append((name, content))
    return changed


def numerators(installation: Installation) -> list[int | None]:
    with installation.db.reading() as session:
        return sorted(v.numerator for v in session.scalars(select(IndicatorValue)) if v.numerator is not None)


def drop(*names: str) -> Callable[[dict[str, Any]], None]:
    def edit(manifest: dict[str, Any]) -> None:
        for name in names:
            if "." in name:
                outer, inner = name.split(".")
                del manifest[outer][inner]
            else:
                del manifest[name]

    return edit


# --------------------------------------------------------------------------------- the reader from the text
def test_a_reader_written_from_the_text_reads_the_district_bundle_the_program_writes(world: World) -> None:
    package = spec_reader.read(world.bundle, key(world, "region", "encryption.key"))

    assert package.header["kind"] == package.manifest["kind"] == "district-bundle"
    assert package.manifest["signing_key"] == spec_reader.public_signing_key(key(world, "district", "signing.key"))
    assert package.manifest["source"]["district"] == "Плесецкий муниципальный округ"
    returned = [v for v in package.data["indicator_values"] if v.get("numerator") is not None]
    assert [(v["numerator"], v["denominator"]) for v in returned] == [(1, 4)]
    assert package.manifest["counts"]["indicator_values"] == len(package.data["indicator_values"])
    assert "Плесецкий".encode() in zipfile_member(world.bundle, key(world, "region", "encryption.key"))


def zipfile_member(path: Path, encryption_key: bytes) -> bytes:
    _, members = unpack(path, encryption_key)
    return dict(members)["manifest.json"]  # raw UTF-8, not \\u escapes


def test_a_reader_written_from_the_text_reads_the_region_package_the_program_writes(world: World) -> None:
    package = spec_reader.read(world.package)

    assert package.header["kind"] == package.manifest["kind"] == "region-package"
    assert package.header["recipient_key"] == "" and package.header["encryption"] == "none"
    [keys] = package.data["region_keys"]
    assert keys["signing_key"] == spec_reader.public_signing_key(key(world, "region", "signing.key"))
    region_public_b64 = base64.b64encode(region_public(world)).decode()
    assert keys["encryption_key"] == region_public_b64
    assert package.data["programs"] and set(package.data) <= spec_reader.ENTITIES["region-package"]


def test_the_text_reader_refuses_what_the_program_refuses(world: World, tmp_path: Path) -> None:
    lying = forged_bundle(world, tmp_path / "lying.opeka", edit=lambda m: m["counts"].update(indicator_values=99))
    with pytest.raises(spec_reader.Refused, match="counts"):
        spec_reader.read(lying, key(world, "region", "encryption.key"))
    sourceless = forged_package(world, tmp_path / "sourceless.opeka", edit=drop("source"))
    with pytest.raises(spec_reader.Refused, match="source"):
        spec_reader.read(sourceless)


# ------------------------------------------------------------------------------------------ the pinned key
def test_a_bundle_signed_with_a_random_key_and_no_source_is_refused_by_a_region_that_pinned_the_district(
    world: World, tmp_path: Path
) -> None:
    region = opened(world, "region", tmp_path / "region")
    header, members = unpack(world.second, key(world, "region", "encryption.key"))
    forged = forged_bundle(
        world,
        tmp_path / "forged.opeka",
        signing=SigningKey.generate(),
        members=with_returned(members, 999),
        edit=drop("source"),
    )

    refused_unchanged(region, forged, "source")
    assert numerators(region) == [1]


def test_a_bundle_with_a_new_installation_id_and_a_random_key_is_refused_for_a_pinned_district(
    world: World, tmp_path: Path
) -> None:
    region = opened(world, "region", tmp_path / "region")
    header, members = unpack(world.second, key(world, "region", "encryption.key"))
    stranger = "0b7c1c1e-0000-4000-8000-000000000001"
    header["source_installation"] = stranger
    forged = repack(
        tmp_path / "forged.opeka",
        header,
        with_returned(members, 999),
        signing=SigningKey.generate(),
        recipient=region_public(world),
        edit=lambda m: m["source"].update(installation=stranger),
    )

    refused_unchanged(region, forged, "подписан другим ключом", sentences=2)  # and what to do


def test_a_region_package_signed_with_a_random_key_and_no_source_is_refused_by_a_district(
    world: World, tmp_path: Path
) -> None:
    district = opened(world, "district", tmp_path / "district")
    forged = forged_package(world, tmp_path / "forged.opeka", signing=SigningKey.generate(), edit=drop("source"))

    refused_unchanged(district, forged, "source")


def test_a_region_package_from_a_new_installation_id_is_refused_by_a_district_that_pinned_the_region(
    world: World, tmp_path: Path
) -> None:
    district = opened(world, "district", tmp_path / "district")
    header, members = unpack(world.package, None)
    stranger, signing = "0b7c1c1e-0000-4000-8000-000000000002", SigningKey.generate()
    header["source_installation"] = stranger
    keys = json.loads(dict(members)["data/region_keys.json"])
    keys[0].update(installation=stranger, signing_key=base64.b64encode(bytes(signing.verify_key)).decode())
    members = [
        (name, json.dumps(keys).encode() if name == "data/region_keys.json" else content) for name, content in members
    ]

    def edit(manifest: dict[str, Any]) -> None:
        manifest["source"]["installation"] = stranger
        manifest["sequence"] += 1

    forged = repack(tmp_path / "forged.opeka", header, members, signing=signing, recipient=None, edit=edit)

    refused_unchanged(district, forged, "подписан другим ключом", sentences=2)


# ------------------------------------------------------------------------------- every field is required
REQUIRED = [
    "source",
    "target_region",
    "created_at",
    "app_version",
    "schema_version",
    "sequence",
    "periods",
    "counts",
    "complete",
    "attachments",
    "format",
    "format_version",
    "kind",
    "source.installation",
    "source.district",
    "source.name",
    "source.kind",
    "source.region_code",
    "attachments.included",
]


@pytest.mark.parametrize("field", REQUIRED)
def test_a_bundle_without_a_required_field_is_refused_even_signed_by_its_own_key(
    world: World, tmp_path: Path, field: str
) -> None:
    region = opened(world, "region", tmp_path / "region")
    forged = forged_bundle(world, tmp_path / "forged.opeka", edit=drop(field))

    refused_unchanged(region, forged, field.split(".")[-1])
    with pytest.raises(spec_reader.Refused):
        spec_reader.read(forged, key(world, "region", "encryption.key"))


def test_the_untampered_second_bundle_is_taken(world: World, tmp_path: Path) -> None:
    """The forgeries above differ from a good file only in what each test changes."""
    region = opened(world, "region", tmp_path / "region")
    resigned = forged_bundle(world, tmp_path / "resigned.opeka")
    spec_reader.read(resigned, key(world, "region", "encryption.key"))
    region.take(resigned)
    assert numerators(region) == [1]


# ----------------------------------------------------------------------------------- what the text decides
def test_counts_that_lie_refuse_the_bundle(world: World, tmp_path: Path) -> None:
    region = opened(world, "region", tmp_path / "region")
    forged = forged_bundle(world, tmp_path / "forged.opeka", edit=lambda m: m["counts"].update(indicator_values=99))
    refused_unchanged(region, forged, "99")


def test_a_count_for_an_entity_the_file_does_not_carry_refuses_it(world: World, tmp_path: Path) -> None:
    region = opened(world, "region", tmp_path / "region")
    forged = forged_bundle(world, tmp_path / "forged.opeka", edit=lambda m: m["counts"].update(children=1))
    refused_unchanged(region, forged, "children")


def test_a_repeated_key_in_the_manifest_refuses_the_bundle(world: World, tmp_path: Path) -> None:
    region = opened(world, "region", tmp_path / "region")

    def twice(manifest: dict[str, Any]) -> bytes:
        raw = json.dumps(manifest, ensure_ascii=False, indent=2)
        return raw.replace('"sequence": ', f'"sequence": {manifest["sequence"] + 500},\n  "sequence": ', 1).encode()

    forged = forged_bundle(world, tmp_path / "forged.opeka", manifest_text=twice)
    refused_unchanged(region, forged, "«sequence» повторяется")


def test_a_repeated_key_in_a_record_refuses_the_bundle(world: World, tmp_path: Path) -> None:
    region = opened(world, "region", tmp_path / "region")
    header, members = unpack(world.second, key(world, "region", "encryption.key"))
    doubled = []
    for name, content in members:
        if name == "data/indicator_values.json":
            content = content.replace(b'"numerator":', b'"numerator":999,"numerator":')
            assert b"999" in content
        doubled.append((name, content))
    forged = forged_bundle(world, tmp_path / "forged.opeka", members=doubled)
    refused_unchanged(region, forged, "«numerator» повторяется")


@pytest.mark.parametrize("entity", ["children", "region_keys", "receipts"])
def test_an_entity_a_district_bundle_may_not_carry_refuses_it(world: World, tmp_path: Path, entity: str) -> None:
    region = opened(world, "region", tmp_path / "region")
    header, members = unpack(world.second, key(world, "region", "encryption.key"))
    extra = [{"installation": "x", "file_name": "x", "result": "applied"}]
    members = [*members, (f"data/{entity}.json", json.dumps(extra).encode())]
    forged = forged_bundle(
        world, tmp_path / "forged.opeka", members=members, edit=lambda m: m["counts"].update({entity: 1})
    )
    refused_unchanged(region, forged, entity)


def test_an_unknown_manifest_field_refuses_the_bundle(world: World, tmp_path: Path) -> None:
    region = opened(world, "region", tmp_path / "region")
    forged = forged_bundle(world, tmp_path / "forged.opeka", edit=lambda m: m.update(priority="high"))
    refused_unchanged(region, forged, "priority")


@pytest.mark.parametrize(
    ("what", "options"),
    [
        ("unpadded signing key", {"edit": lambda m: m.update(signing_key=m["signing_key"].rstrip("="))}),
        ("signing key with a line break", {"edit": lambda m: m.update(signing_key=m["signing_key"] + "\n")}),
        ("signature with a line break", {"signature_text": lambda s: base64.b64encode(s) + b"\n"}),
        ("url-safe signature", {"signature_text": lambda s: base64.urlsafe_b64encode(s)}),
    ],
)
def test_base64_other_than_standard_padded_refuses_the_bundle(
    world: World, tmp_path: Path, what: str, options: dict[str, Any]
) -> None:
    region = opened(world, "region", tmp_path / "region")
    forged = forged_bundle(world, tmp_path / "forged.opeka", **options)
    if what == "url-safe signature" and b"-" not in forged_signature(world, tmp_path, options):
        pytest.skip("this signature has no character the url-safe alphabet spells otherwise")
    refused_unchanged(region, forged, "подпись не сходится")


def forged_signature(world: World, tmp_path: Path, options: dict[str, Any]) -> bytes:
    path = forged_bundle(world, tmp_path / "again.opeka", **options)
    return dict(unpack(path, key(world, "region", "encryption.key"))[1])["manifest.sig"]


def test_upper_case_hex_in_the_manifest_refuses_the_bundle(world: World, tmp_path: Path) -> None:
    region = opened(world, "region", tmp_path / "region")

    def upper(manifest: dict[str, Any]) -> None:
        manifest["members"] = {name: digest.upper() for name, digest in manifest["members"].items()}

    refused_unchanged(region, forged_bundle(world, tmp_path / "forged.opeka", edit=upper), "manifest.json")


def test_a_header_that_names_another_sender_than_the_signed_manifest_refuses_the_bundle(
    world: World, tmp_path: Path
) -> None:
    region = opened(world, "region", tmp_path / "region")
    header, members = unpack(world.second, key(world, "region", "encryption.key"))
    header["source_name"] = "Вельский муниципальный район"
    signing = SigningKey(key(world, "district", "signing.key"))
    forged = repack(tmp_path / "forged.opeka", header, members, signing=signing, recipient=region_public(world))
    refused_unchanged(region, forged, "заголовок не совпадает")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sequence", 2.0),
        ("sequence", "2"),
        ("sequence", 0),
        ("schema_version", "8"),
        ("created_at", "2026-11-23T10:15:00Z"),
        ("periods", ["2026-h1"]),
        ("complete", 1),
    ],
)
def test_a_field_in_another_spelling_refuses_the_bundle(world: World, tmp_path: Path, field: str, value: Any) -> None:
    region = opened(world, "region", tmp_path / "region")
    forged = forged_bundle(world, tmp_path / "forged.opeka", edit=lambda m: m.update({field: value}))
    refused_unchanged(region, forged)
    with pytest.raises(spec_reader.Refused):
        spec_reader.read(forged, key(world, "region", "encryption.key"))


def test_region_keys_that_are_not_an_array_of_the_packages_own_key_refuse_it(world: World, tmp_path: Path) -> None:
    district = opened(world, "district", tmp_path / "district")
    header, members = unpack(world.package, None)
    keys = json.loads(dict(members)["data/region_keys.json"])
    keys.append(dict(keys[0]))
    members = [
        (name, json.dumps(keys).encode() if name == "data/region_keys.json" else content) for name, content in members
    ]

    def edit(manifest: dict[str, Any]) -> None:
        manifest["counts"]["region_keys"] = 2
        manifest["sequence"] += 1

    forged = forged_package(world, tmp_path / "forged.opeka", members=members, edit=edit)
    refused_unchanged(district, forged, "region_keys")
