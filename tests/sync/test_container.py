"""The exchange file: what is written reads back the same; every damaged or hostile file is refused with one
Russian sentence naming it (FORMAT.md, «What the reader checks»)."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.sync import limits
from desktop_app.sync.container import (
    DISTRICT_BUNDLE,
    REGION_PACKAGE,
    SEALED_BOX,
    PackageError,
    read_header,
    read_package,
)
from desktop_app.sync.package_writer import write_package
from tests.sync.crafting import (
    ATTACHMENT_BYTES,
    ATTACHMENT_FILE_BYTES,
    DISTRICT_SIGNING,
    MANIFEST,
    RECORDS,
    REGION_ENCRYPTION,
    REGION_SIGNING,
    REGION_SOURCE,
    STRANGER_ENCRYPTION,
    STRANGER_SIGNING,
    header,
    members_of,
    outer_parts,
    region_file,
    sha,
    signed_inner,
    write_bundle,
    write_outer,
    write_region_package,
    zip_bytes,
)

FAMILIES = ("data/families.json", json.dumps(RECORDS["families"], ensure_ascii=False).encode())


def refused(path: Path, *fragments: str, key: object = REGION_ENCRYPTION) -> str:
    with pytest.raises(PackageError) as caught:
        read_package(path, decrypt_with=key)  # type: ignore[arg-type]
    message = caught.value.message
    assert message.startswith(f"Файл «{path.name}»") or message.startswith("Не удалось прочитать"), message
    for fragment in fragments:
        assert fragment in message, message
    assert caught.value.exit_code == 2
    return message


# ------------------------------------------------------------------------------------------- round trips
def test_district_bundle_sealed_to_the_region_reads_back_equal(tmp_path: Path) -> None:
    path = tmp_path / "bundle.opeka"
    digest = write_bundle(path, tmp_path / "scan.pdf")

    opened = read_package(path, decrypt_with=REGION_ENCRYPTION)

    assert digest == opened.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert opened.data == RECORDS
    assert set(opened.attachment_names) == {sha(ATTACHMENT_BYTES), sha(ATTACHMENT_FILE_BYTES)}
    assert opened.attachment(sha(ATTACHMENT_BYTES)) == ATTACHMENT_BYTES
    assert opened.attachment(sha(ATTACHMENT_FILE_BYTES)) == ATTACHMENT_FILE_BYTES
    assert opened.signing_key_b64 == base64.b64encode(bytes(DISTRICT_SIGNING.verify_key)).decode()
    assert opened.header.kind == DISTRICT_BUNDLE and opened.header.encryption == SEALED_BOX
    assert opened.manifest["sequence"] == 17 and opened.manifest["kind"] == DISTRICT_BUNDLE
    assert opened.manifest["members"]["data/families.json"] == sha(
        json.dumps(RECORDS["families"], ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    )
    with pytest.raises(KeyError):
        opened.attachment("0" * 64)


def test_payload_of_a_bundle_is_not_readable_without_the_key(tmp_path: Path) -> None:
    path = tmp_path / "bundle.opeka"
    write_bundle(path)
    _, payload = outer_parts(path)
    assert "Ивановых".encode() not in payload and b"manifest" not in payload
    with pytest.raises(zipfile.BadZipFile):
        members_of(payload)


def test_region_package_is_not_encrypted_and_reads_back_equal(tmp_path: Path) -> None:
    path = tmp_path / "region.opeka"
    write_region_package(path)

    opened = read_package(path, decrypt_with=None)

    assert opened.data == RECORDS
    assert opened.attachment(sha(ATTACHMENT_BYTES)) == ATTACHMENT_BYTES
    assert opened.header.encryption == "none" and opened.header.recipient_key == ""
    names = [name for name, _ in members_of(outer_parts(path)[1])]
    assert names[:2] == ["manifest.json", "manifest.sig"]


def test_header_is_read_without_any_key(tmp_path: Path) -> None:
    path = tmp_path / "bundle.opeka"
    write_bundle(path)

    found = read_header(path)

    region_key = base64.b64encode(bytes(REGION_ENCRYPTION.public_key)).decode()
    assert found == replace(header(), encryption=SEALED_BOX, recipient_key=region_key)
    assert found.region_code == "29" and found.source_name == "Плесецкий"


def test_an_attachment_that_deflates_like_a_bomb_is_stored_so_that_it_reads_back(tmp_path: Path) -> None:
    blank = bytes(2 * 1024 * 1024)  # a scan of a blank page deflates a thousandfold
    path = tmp_path / "region.opeka"
    write_package(
        path,
        header=header(REGION_PACKAGE),
        manifest=dict(MANIFEST, source=REGION_SOURCE),
        data={},
        attachments={sha(blank): blank},
        signing=REGION_SIGNING,
        recipient=None,
    )
    assert read_package(path, decrypt_with=None).attachment(sha(blank)) == blank


# --------------------------------------------------------------------------------------- writer's guards
def test_writer_refuses_an_attachment_not_named_by_its_hash(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_package(
            tmp_path / "x.opeka",
            header=header(REGION_PACKAGE),
            manifest=dict(MANIFEST, source=REGION_SOURCE),
            data={},
            attachments={sha(b"other"): b"content"},
            signing=REGION_SIGNING,
            recipient=None,
        )


def test_writer_reports_a_damaged_attachment_file_and_leaves_no_file(tmp_path: Path) -> None:
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"changed on disk")
    with pytest.raises(UserError, match="повреждено"):
        write_package(
            tmp_path / "x.opeka",
            header=header(REGION_PACKAGE),
            manifest=dict(MANIFEST, source=REGION_SOURCE),
            data={},
            attachments={sha(b"original"): source},
            signing=REGION_SIGNING,
            recipient=None,
        )
    assert not (tmp_path / "x.opeka").exists()


def test_writer_seals_every_district_bundle_and_no_region_package(tmp_path: Path) -> None:
    common: dict[str, Any] = {"manifest": {}, "data": {}, "attachments": {}, "signing": DISTRICT_SIGNING}
    with pytest.raises(ValueError):
        write_package(tmp_path / "a.opeka", header=header(), recipient=None, **common)
    with pytest.raises(ValueError):
        write_package(
            tmp_path / "b.opeka", header=header(REGION_PACKAGE), recipient=REGION_ENCRYPTION.public_key, **common
        )


def test_writer_refuses_a_file_no_installation_would_take(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 2000)
    with pytest.raises(UserError, match="не записан"):
        write_bundle(tmp_path / "big.opeka")
    assert not (tmp_path / "big.opeka").exists()


# ------------------------------------------------------------------------------- 1. the outer file
@pytest.mark.parametrize("keep", [0, 10, 100, 0.5, -1, -30])
def test_truncated_file_is_refused(tmp_path: Path, keep: float) -> None:
    path = tmp_path / "bundle.opeka"
    write_bundle(path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep) if isinstance(keep, float) else keep])
    refused(path, "повреждён или обрезан: это не архив обмена")


def test_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    refused(tmp_path / "none.opeka", "Не удалось прочитать файл «none.opeka»", "не найдены")
    with pytest.raises(PackageError):
        read_header(tmp_path)


def test_other_zip_or_extra_outer_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bundle.opeka"
    write_bundle(path)
    header_json, payload = outer_parts(path)
    header_bytes = json.dumps(header_json).encode()
    path.write_bytes(zip_bytes([("word/document.xml", b"<w/>")], zipfile.ZIP_STORED))
    refused(path, "лишний файл «word/document.xml»")
    path.write_bytes(zip_bytes([("payload", payload), ("opeka-exchange.json", header_bytes)], zipfile.ZIP_STORED))
    refused(path, "должны быть заголовок и пакет")
    path.write_bytes(zip_bytes([("opeka-exchange.json", header_bytes), ("payload", payload)], zipfile.ZIP_DEFLATED))
    refused(path, "упакован неизвестным способом")


def test_too_large_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bundle.opeka"
    write_bundle(path)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    refused(path, "слишком большой")


# ----------------------------------------------------------------------------------------- 2. the header
@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"format_version": 7}, "неизвестной версии формата 7: обновите программу"),
        ({"format_version": True}, "неизвестной версии формата"),
        ({"format": "something-else"}, "не является файлом обмена"),
        ({"kind": "district-report"}, "неизвестного вида «district-report»"),
        ({"region_code": 29}, "заголовок пакета неполон"),
        ({"created_at": "вчера"}, "поле «created_at» заголовка — не дата и время"),
        ({"encryption": "rot13"}, "зашифрован неизвестным способом «rot13»"),
    ],
)
def test_header_problems_are_named(tmp_path: Path, changes: dict[str, object], fragment: str) -> None:
    path = tmp_path / "bundle.opeka"
    write_bundle(path)
    header_json, payload = outer_parts(path)
    write_outer(path, header_json | changes, payload)
    refused(path, fragment)
    with pytest.raises(PackageError):
        read_header(path)


def test_header_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bundle.opeka"
    write_bundle(path)
    _, payload = outer_parts(path)
    path.write_bytes(zip_bytes([("opeka-exchange.json", b"\xff{"), ("payload", payload)], zipfile.ZIP_STORED))
    refused(path, "заголовок пакета не читается")


# ------------------------------------------------------------------------------------------ 3. decryption
def test_bundle_for_another_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bundle.opeka"
    write_bundle(path)
    refused(path, "зашифрован для другой установки", key=STRANGER_ENCRYPTION)
    refused(path, "нет ключа расшифровки", key=None)


def test_flipped_byte_in_the_ciphertext_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bundle.opeka"
    write_bundle(path)
    header_json, payload = outer_parts(path)
    flipped = bytearray(payload)
    flipped[len(flipped) // 2] ^= 0x01
    write_outer(path, header_json, bytes(flipped))  # the outer zip's own checksum made right again
    refused(path, "расшифровать не удалось")

    write_bundle(path)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # as it comes off a bad stick: the outer checksum catches it
    path.write_bytes(bytes(raw))
    refused(path, "повреждён")


def test_unencrypted_district_bundle_is_refused(tmp_path: Path) -> None:
    inner = signed_inner([FAMILIES], DISTRICT_SIGNING, DISTRICT_BUNDLE)
    path = write_outer(tmp_path / "bundle.opeka", header().to_json(), inner)
    refused(path, "не зашифрован, а пакет муниципального образования должен быть зашифрован")
    refused(path, "не зашифрован", key=None)


def test_encrypted_region_package_needs_a_key(tmp_path: Path) -> None:
    path = tmp_path / "bundle.opeka"
    write_bundle(path)
    header_json, payload = outer_parts(path)
    write_outer(path, header_json | {"kind": REGION_PACKAGE}, payload)
    refused(path, "нет ключа расшифровки", key=None)


# ------------------------------------------------------------------------------------ 4. the inner zip
@pytest.mark.parametrize(
    "name", ["../evil", "/etc/passwd", "data/../../evil.json", "data\\..\\evil.json", "C:/evil", "data/./x.json"]
)
def test_path_outside_the_package_is_refused(tmp_path: Path, name: str) -> None:
    path = region_file(tmp_path / "region.opeka", signed_inner([FAMILIES, (name, b"[]")]))
    refused(path, "путь за пределами пакета")


def test_name_with_a_nul_is_refused(tmp_path: Path) -> None:
    inner = bytearray(signed_inner([FAMILIES, ("data/evil.jsonXtxt", b"[]")]))
    inner = inner.replace(b"data/evil.jsonXtxt", b"data/evil.json\0txt")
    path = region_file(tmp_path / "region.opeka", bytes(inner))
    message = refused(path)
    assert "за пределами пакета" in message or "повреждён" in message


def test_repeated_member_name_is_refused(tmp_path: Path) -> None:
    other = ("data/families.json", b"[]")
    path = region_file(tmp_path / "region.opeka", signed_inner([FAMILIES, other]))
    refused(path, "имя «data/families.json» повторяется в архиве")


def test_member_outside_the_patterns_is_refused(tmp_path: Path) -> None:
    path = region_file(tmp_path / "region.opeka", signed_inner([FAMILIES, ("notes.txt", b"hello")]))
    refused(path, "лишний файл «notes.txt»")
    path = region_file(tmp_path / "region.opeka", signed_inner([FAMILIES, ("attachments/ABC", b"x")]))
    refused(path, "лишний файл «attachments/ABC»")


def test_zip_bomb_of_300_mb_is_refused_from_the_directory(tmp_path: Path) -> None:
    inner_path = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        with archive.open("data/families.json", "w", force_zip64=True) as stream:
            zeros = bytes(4 * 1024 * 1024)
            for _ in range(75):  # 300 MB of zeros, written piece by piece; ~300 KB once deflated
                stream.write(zeros)
    assert inner_path.stat().st_size < 1024 * 1024
    path = region_file(tmp_path / "region.opeka", inner_path.read_bytes())
    refused(path, "слишком большой файл «data/families.json» (распаковка превышает предел)")


def test_member_deflated_beyond_the_ratio_is_refused(tmp_path: Path) -> None:
    path = region_file(tmp_path / "region.opeka", signed_inner([("data/families.json", bytes(1024 * 1024))]))
    refused(path, "слишком большой файл «data/families.json»")


@pytest.mark.parametrize(
    ("limit", "value", "fragment"),
    [
        ("MAX_MEMBER_BYTES", 100, "слишком большой файл «manifest.json»"),
        ("MAX_UNPACKED_BYTES", 600, "пакет после распаковки больше"),
        ("MAX_MEMBERS", 3, "в пакете больше 3 файлов"),
        ("MAX_MANIFEST_BYTES", 50, "слишком большой файл «manifest.json»"),
    ],
)
def test_each_limit_is_enforced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, fragment: str
) -> None:
    path = tmp_path / "region.opeka"
    write_region_package(path)
    monkeypatch.setattr(limits, limit, value)
    refused(path, fragment)


def test_directory_too_large_for_the_member_limit_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_MEMBERS", 10)
    many = [(f"data/t{i}.json", b"[]") for i in range(200)]
    path = region_file(tmp_path / "region.opeka", zip_bytes(many))
    refused(path, "в пакете больше 10 файлов")


# --------------------------------------------------------------------------------------- 5. the signature
def test_manifest_edited_without_signing_again_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "region.opeka"
    write_region_package(path)
    header_json, payload = outer_parts(path)
    members = members_of(payload)
    manifest = json.loads(members[0][1])
    manifest["sequence"] = 18
    members[0] = ("manifest.json", json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode())
    write_outer(path, header_json, zip_bytes(members))
    refused(path, "подпись не сходится")


def test_manifest_naming_another_key_with_the_old_signature_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "region.opeka"
    write_region_package(path)
    header_json, payload = outer_parts(path)
    members = members_of(payload)
    manifest = json.loads(members[0][1])
    manifest["signing_key"] = base64.b64encode(bytes(STRANGER_SIGNING.verify_key)).decode()
    members[0] = ("manifest.json", json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode())
    write_outer(path, header_json, zip_bytes(members))
    refused(path, "подпись не сходится")


def test_package_signed_by_another_key_reports_that_key_for_the_pin(tmp_path: Path) -> None:
    path = region_file(tmp_path / "region.opeka", signed_inner([FAMILIES], STRANGER_SIGNING))
    opened = read_package(path, decrypt_with=None)
    assert opened.signing_key_b64 == base64.b64encode(bytes(STRANGER_SIGNING.verify_key)).decode()
    assert opened.signing_key_b64 != base64.b64encode(bytes(REGION_SIGNING.verify_key)).decode()


@pytest.mark.parametrize("signature", [b"", b"not base64!", base64.b64encode(b"short")])
def test_malformed_signature_is_refused(tmp_path: Path, signature: bytes) -> None:
    members = members_of(signed_inner([FAMILIES]))
    members[1] = ("manifest.sig", signature)
    refused(region_file(tmp_path / "region.opeka", zip_bytes(members)), "подпись не сходится")


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": DISTRICT_BUNDLE},
        {"format_version": 2},
        {"target_region": "30"},
        {"source": dict(REGION_SOURCE, installation="0b7c1c1e-0000-4000-8000-000000000000")},
    ],
)
def test_manifest_that_disagrees_with_the_header_is_refused(tmp_path: Path, changes: dict[str, object]) -> None:
    inner = signed_inner([FAMILIES], manifest_changes=changes)
    refused(region_file(tmp_path / "region.opeka", inner), "заголовок не совпадает с подписанным описанием")


def test_header_edited_after_signing_is_refused(tmp_path: Path) -> None:
    path = region_file(tmp_path / "region.opeka", signed_inner([FAMILIES]), region_code="30")
    assert read_header(path).region_code == "30"  # the header alone is not signed: the reader checks it later
    refused(path, "заголовок не совпадает с подписанным описанием")


@pytest.mark.parametrize("manifest", [b"not json", b"[]", b'{"members": []}', b'{"members": {}, "signing_key": 5}'])
def test_unreadable_manifest_is_refused(tmp_path: Path, manifest: bytes) -> None:
    inner = zip_bytes([("manifest.json", manifest), ("manifest.sig", b"x"), FAMILIES])
    refused(region_file(tmp_path / "region.opeka", inner), "описание пакета (manifest.json)")


def test_missing_manifest_is_refused(tmp_path: Path) -> None:
    refused(region_file(tmp_path / "region.opeka", zip_bytes([FAMILIES])), "нет описания (manifest.json)")


# ------------------------------------------------------------------------------------ 6. every member
def test_flipped_byte_in_a_member_with_the_manifest_unchanged_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "region.opeka"
    write_region_package(path)
    header_json, payload = outer_parts(path)
    members = members_of(payload)
    index = next(i for i, (name, _) in enumerate(members) if name == "data/families.json")
    changed = bytearray(members[index][1])
    changed[10] ^= 0x20
    members[index] = ("data/families.json", bytes(changed))
    write_outer(path, header_json, zip_bytes(members))
    refused(path, "файл «data/families.json» изменён", "контрольная сумма не совпадает")


def test_member_not_in_the_manifest_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "region.opeka"
    write_region_package(path)
    header_json, payload = outer_parts(path)
    members = [*members_of(payload), ("data/extra.json", b"[]")]
    write_outer(path, header_json, zip_bytes(members))
    refused(path, "лишний файл «data/extra.json»")


def test_member_listed_but_missing_is_refused(tmp_path: Path) -> None:
    hashes = {FAMILIES[0]: sha(FAMILIES[1]), "data/lost.json": sha(b"[]")}
    refused(region_file(tmp_path / "r.opeka", signed_inner([FAMILIES], hashes=hashes)), "нет файла «data/lost.json»")


def test_attachment_not_named_by_its_content_is_refused(tmp_path: Path) -> None:
    wrong = ("attachments/" + sha(b"other"), b"content")
    hashes = {wrong[0]: sha(b"content")}
    refused(region_file(tmp_path / "r.opeka", signed_inner([wrong], hashes=hashes)), "контрольная сумма не совпадает")


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b'{"a": 1}',
        b"[1, 2]",
        b"[[]]",
        b"\xff\xfe",
        b"[NaN]",
        b'[{"id": "family-0001", "x": Infinity}]',
        b'[{"id": "family-0001", "capacity_children": 1e400}]',  # a number that only fits as infinity
        b'[{"id": "family-0001", "notes": "\\ud800"}]',  # a lone surrogate: no text can hold it
        b'[{"id": "family-0001", "notes": "\xed\xa0\x80"}]',  # the same, encoded: not UTF-8
        b"[" * 100_000,
    ],
)
def test_data_member_that_is_not_a_list_of_records_is_refused(tmp_path: Path, content: bytes) -> None:
    inner = signed_inner([("data/families.json", content)], compression=zipfile.ZIP_STORED)
    refused(region_file(tmp_path / "region.opeka", inner), "«data/families.json» не является списком записей")


def test_every_refusal_leaves_the_message_in_russian_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "noise.opeka"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    refused(path, "это не архив обмена")


def test_writer_refuses_a_manifest_that_contradicts_the_header(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_package(
            tmp_path / "x.opeka",
            header=header(REGION_PACKAGE),
            manifest=MANIFEST | {"target_region": "30"},
            data={},
            attachments={},
            signing=REGION_SIGNING,
            recipient=None,
        )
