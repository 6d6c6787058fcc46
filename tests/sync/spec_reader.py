"""A reader of `.opeka` files written from desktop_app/sync/FORMAT.md alone, as an outsider would write one.

It deliberately imports nothing of desktop_app: only the standard library and PyNaCl, and its JSON check is
done another way than the program's (``object_pairs_hook`` rather than orjson). If the program writes what
this reader refuses, or the text leaves something to guess, the tests that use it fail. It covers what a file
alone can decide: checks 1–6 of «What the reader checks», the contract, and of check 7 the entities a kind
may carry and ``region_keys``; pins and sequences need a database and are the program's.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

MB = 1024 * 1024
FILE_LIMIT = 512 * MB
HEADER_LIMIT = 64 * 1024
MANIFEST_LIMIT = 32 * MB
MEMBER_LIMIT = 256 * MB
TOTAL_LIMIT = 2048 * MB
MEMBERS_LIMIT = 100_000
RATIO_LIMIT = 200
DEPTH_LIMIT = 64

HEADER_FIELDS = {
    "format",
    "format_version",
    "kind",
    "region_code",
    "source_installation",
    "source_name",
    "created_at",
    "encryption",
    "recipient_key",
}
MANIFEST_FIELDS = {
    "format",
    "format_version",
    "kind",
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
    "members",
    "signing_key",
}
SOURCE_FIELDS = {"installation", "kind", "region_code", "district", "name"}
REFERENCE = {
    "organisations",
    "programs",
    "program_sections",
    "program_blocks",
    "measures",
    "measure_executors",
    "indicator_groups",
    "indicators",
    "measure_indicators",
    "indicator_plans",
    "indicator_rules",
    "reporting_steps",
    "support_measure_kinds",
}
DISTRICT_OWN = {
    "execution_reports",
    "report_documents",
    "resource_families",
    "family_members",
    "family_steps",
    "child_placements",
    "family_documents",
    "indicator_values",
    "form_answers",
    "period_closures",
    "reporting_step_marks",
    "resource_services",
    "family_cases",
    "case_adults",
    "case_children",
    "case_stages",
    "case_team_members",
    "case_services",
    "case_support_measures",
    "case_referrals",
    "consilium_meetings",
    "consilium_reviews",
}
NOT_TABLES = {"region_keys", "districts", "forms", "receipts"}
ENTITIES = {"district-bundle": REFERENCE | DISTRICT_OWN, "region-package": REFERENCE | NOT_TABLES}
SOURCE_KIND = {"district-bundle": "district", "region-package": "region"}
ENCRYPTION = {"district-bundle": "x25519-xsalsa20-poly1305-sealedbox", "region-package": "none"}

DATA_NAME = re.compile(r"data/([a-z][a-z0-9_]{0,63})\.json")
ATTACHMENT_NAME = re.compile(r"attachments/([0-9a-f]{64})")
HEX = re.compile(r"[0-9a-f]{64}")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
REGION = re.compile(r"[0-9]{2}")
SCHEMA = re.compile(r"[0-9]{4}")
PERIOD = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?")
MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{6})?[+-][0-9]{2}:[0-9]{2}")


class Refused(Exception):
    """The file breaks the specification; the message says where."""


@dataclass
class Package:
    header: dict[str, Any]
    manifest: dict[str, Any]
    data: dict[str, list[dict[str, Any]]]
    attachments: dict[str, bytes] = field(repr=False)


def read_key_file(path: Path) -> bytes:
    """A key file of `keys/`: the base64 of 32 bytes and one line feed."""
    text = path.read_bytes()
    if not text.endswith(b"\n") or text.count(b"\n") != 1:
        raise Refused(f"{path.name}: not one line")
    return b64(text[:-1].decode("ascii"), 32, path.name)


def b64(text: Any, size: int, what: str) -> bytes:
    """Standard alphabet, padded, the one spelling of its bytes."""
    if not isinstance(text, str) or not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", text) or len(text) % 4:
        raise Refused(f"{what}: not standard padded base64")
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise Refused(f"{what}: not base64") from None
    if len(raw) != size or base64.b64encode(raw).decode("ascii") != text:
        raise Refused(f"{what}: not the base64 of {size} bytes")
    return raw


def strict_json(raw: bytes, what: str) -> Any:
    """RFC 8259 JSON as «The contract» has it: UTF-8 without a BOM, no NaN/Infinity, no overflowing number,
    no lone surrogate, no key twice, at most 64 levels."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise Refused(f"{what}: byte order mark")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(f"{what}: not UTF-8") from None

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in items]
        if len(set(keys)) != len(keys):
            raise Refused(f"{what}: a key twice")
        return dict(items)

    def no_constant(name: str) -> Any:
        raise Refused(f"{what}: {name}")

    def finite(number: str) -> float:
        value = float(number)
        if math.isinf(value):
            raise Refused(f"{what}: number overflows")
        return value

    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=no_constant, parse_float=finite)
    except RecursionError:
        raise Refused(f"{what}: nested too deep") from None
    except json.JSONDecodeError as error:
        raise Refused(f"{what}: not JSON ({error})") from None
    strings_and_depth(value, what)
    return value


def strings_and_depth(value: Any, what: str) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise Refused(f"{what}: lone surrogate") from None
        elif isinstance(item, dict | list):
            if depth > DEPTH_LIMIT:
                raise Refused(f"{what}: deeper than {DEPTH_LIMIT}")
            children = list(item.items()) if isinstance(item, dict) else [(None, child) for child in item]
            for key, child in children:
                if key is not None:
                    stack.append((key, depth))
                stack.append((child, depth + 1))


def moment(text: Any, what: str) -> datetime:
    if not isinstance(text, str) or not MOMENT.fullmatch(text):
        raise Refused(f"{what}: not a date-time with offset")
    parsed = datetime.fromisoformat(text)
    if parsed.isoformat() != text:
        raise Refused(f"{what}: not the isoformat spelling")
    return parsed


def exact(document: Any, names: set[str], what: str) -> None:
    if not isinstance(document, dict):
        raise Refused(f"{what}: not an object")
    if missing := names - set(document):
        raise Refused(f"{what}: missing {sorted(missing)}")
    if unknown := set(document) - names:
        raise Refused(f"{what}: unknown {sorted(unknown)}")


def count(value: Any) -> bool:
    return type(value) is int and 0 <= value < 2**63


def check_zip(archive: zipfile.ZipFile, allowed: Any, members_limit: int, methods: set[int]) -> None:
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if len(infos) > members_limit or len(set(names)) != len(names):
        raise Refused("zip: too many or repeated members")
    total = 0
    for info in infos:
        if not allowed(info.orig_filename) or info.filename != info.orig_filename:
            raise Refused(f"zip: member {info.orig_filename!r}")
        if info.compress_type not in methods or info.flag_bits & 1:
            raise Refused(f"zip: method of {info.filename}")
        if info.file_size > MEMBER_LIMIT or info.file_size > RATIO_LIMIT * max(info.compress_size, 1):
            raise Refused(f"zip: size of {info.filename}")
        total += info.file_size
    if total > TOTAL_LIMIT:
        raise Refused("zip: total size")


def read(path: Path, encryption_key: bytes | None = None) -> Package:
    """Every check FORMAT.md puts on the file alone; ``encryption_key``: the 32-byte X25519 private key a
    district bundle is sealed to."""
    raw = path.read_bytes()
    if len(raw) > FILE_LIMIT:
        raise Refused("file too large")
    # 1. the outer file
    try:
        outer = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        raise Refused("not a zip") from None
    check_zip(outer, {"opeka-exchange.json", "payload"}.__contains__, 2, {zipfile.ZIP_STORED})
    if [info.filename for info in outer.infolist()] != ["opeka-exchange.json", "payload"]:
        raise Refused("outer members")
    if outer.getinfo("opeka-exchange.json").file_size > HEADER_LIMIT:
        raise Refused("header too large")
    # 2. the header
    header = strict_json(outer.read("opeka-exchange.json"), "header")
    exact(header, HEADER_FIELDS, "header")
    if header["format"] != "opeka-exchange" or type(header["format_version"]) is not int:
        raise Refused("header: format")
    if header["format_version"] != 1 or header["kind"] not in ENTITIES:
        raise Refused("header: version or kind")
    kind = header["kind"]
    if not all(isinstance(header[name], str) for name in HEADER_FIELDS - {"format_version"}):
        raise Refused("header: a field is not a string")
    if not REGION.fullmatch(header["region_code"]) or not UUID.fullmatch(header["source_installation"]):
        raise Refused("header: region or installation")
    if not header["source_name"]:
        raise Refused("header: empty source_name")
    moment(header["created_at"], "header created_at")
    if header["encryption"] != ENCRYPTION[kind]:
        raise Refused("header: encryption")
    # 3. decryption
    payload = outer.read("payload")
    if kind == "district-bundle":
        recipient = b64(header["recipient_key"], 32, "recipient_key")
        if encryption_key is None:
            raise Refused("sealed, and no key given")
        private = PrivateKey(encryption_key)
        if bytes(private.public_key) != recipient:
            raise Refused("sealed to another key")
        try:
            payload = SealedBox(private).decrypt(payload)
        except CryptoError:
            raise Refused("cannot be opened") from None
    elif header["recipient_key"] != "":
        raise Refused("header: recipient_key of an unsealed file")
    # 4. the inner package
    inner = zipfile.ZipFile(io.BytesIO(payload))

    def allowed(name: str) -> bool:
        fixed = name in ("manifest.json", "manifest.sig")
        return fixed or bool(DATA_NAME.fullmatch(name) or ATTACHMENT_NAME.fullmatch(name))

    check_zip(inner, allowed, MEMBERS_LIMIT, {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
    names = set(inner.namelist())
    if not {"manifest.json", "manifest.sig"} <= names:
        raise Refused("no manifest or signature")
    if inner.getinfo("manifest.json").file_size > MANIFEST_LIMIT:
        raise Refused("manifest too large")
    # 5. the signature, then the manifest's fields and the header's agreement with them
    manifest_bytes, signature = inner.read("manifest.json"), inner.read("manifest.sig")
    if len(signature) != 88:
        raise Refused("signature: not 88 characters")
    manifest = strict_json(manifest_bytes, "manifest")
    if not isinstance(manifest, dict):
        raise Refused("manifest: not an object")
    key = b64(manifest.get("signing_key"), 32, "signing_key")
    try:
        VerifyKey(key).verify(manifest_bytes, b64(signature.decode("ascii", "replace"), 64, "manifest.sig"))
    except CryptoError:
        raise Refused("signature does not verify") from None
    check_manifest(manifest, header)
    # 6. members against their hashes, data, counts
    members: dict[str, str] = manifest["members"]
    if set(members) != names - {"manifest.json", "manifest.sig"}:
        raise Refused("members: listed and present differ")
    data: dict[str, list[dict[str, Any]]] = {}
    attachments: dict[str, bytes] = {}
    for name, digest in members.items():
        content = inner.read(name)
        if hashlib.sha256(content).hexdigest() != digest:
            raise Refused(f"{name}: hash")
        if found := ATTACHMENT_NAME.fullmatch(name):
            if found.group(1) != digest:
                raise Refused(f"{name}: not named by its hash")
            attachments[digest] = content
        else:
            records = strict_json(content, name)
            if not isinstance(records, list) or not all(isinstance(record, dict) for record in records):
                raise Refused(f"{name}: not an array of objects")
            data[name[5:-5]] = records
    counts = manifest["counts"]
    if set(counts) - set(data) or any(counts.get(entity, 0) != len(rows) for entity, rows in data.items()):
        raise Refused("counts do not match")
    if manifest["attachments"]["included"] != len(attachments):
        raise Refused("attachments.included does not match")
    # 7, the part a file alone decides
    if set(data) - ENTITIES[kind]:
        raise Refused(f"entities not allowed in a {kind}: {sorted(set(data) - ENTITIES[kind])}")
    if kind == "region-package":
        check_region_keys(data.get("region_keys"), manifest)
    return Package(header, manifest, data, attachments)


def check_manifest(manifest: dict[str, Any], header: dict[str, Any]) -> None:
    exact(manifest, MANIFEST_FIELDS, "manifest")
    kind = header["kind"]
    if (manifest["format"], manifest["format_version"], manifest["kind"]) != ("opeka-exchange", 1, kind):
        raise Refused("manifest: format or kind")
    source = manifest["source"]
    exact(source, SOURCE_FIELDS, "source")
    if not all(isinstance(value, str) for value in source.values()):
        raise Refused("source: a field is not a string")
    if not UUID.fullmatch(source["installation"]) or source["kind"] != SOURCE_KIND[kind] or not source["name"]:
        raise Refused("source: installation, kind or name")
    if bool(source["district"]) != (kind == "district-bundle"):
        raise Refused("source: district")
    if not isinstance(manifest["target_region"], str) or not REGION.fullmatch(manifest["target_region"]):
        raise Refused("target_region")
    if source["region_code"] != manifest["target_region"]:
        raise Refused("source.region_code")
    moment(manifest["created_at"], "manifest created_at")
    if not isinstance(manifest["app_version"], str) or not manifest["app_version"]:
        raise Refused("app_version")
    if not isinstance(manifest["schema_version"], str) or not SCHEMA.fullmatch(manifest["schema_version"]):
        raise Refused("schema_version")
    if type(manifest["sequence"]) is not int or not 1 <= manifest["sequence"] < 2**63:
        raise Refused("sequence")
    periods = manifest["periods"]
    if not isinstance(periods, list) or len(set(map(str, periods))) != len(periods):
        raise Refused("periods")
    if not all(isinstance(code, str) and PERIOD.fullmatch(code) for code in periods):
        raise Refused("periods")
    counts = manifest["counts"]
    if not isinstance(counts, dict) or not all(count(value) for value in counts.values()):
        raise Refused("counts")
    if type(manifest["complete"]) is not bool:
        raise Refused("complete")
    exact(manifest["attachments"], {"included", "at_recipient", "later"}, "attachments")
    if not all(count(value) for value in manifest["attachments"].values()):
        raise Refused("attachments")
    members = manifest["members"]
    if not isinstance(members, dict) or not all(isinstance(v, str) and HEX.fullmatch(v) for v in members.values()):
        raise Refused("members")
    agreed = {
        "format": manifest["format"],
        "format_version": manifest["format_version"],
        "kind": manifest["kind"],
        "region_code": manifest["target_region"],
        "source_installation": source["installation"],
        "source_name": source["name"],
        "created_at": manifest["created_at"],
    }
    if any(header[name] != value for name, value in agreed.items()):
        raise Refused("the header says otherwise than the manifest")


def check_region_keys(rows: Any, manifest: dict[str, Any]) -> None:
    if not isinstance(rows, list) or len(rows) != 1:
        raise Refused("region_keys: not an array of one object")
    [row] = rows
    exact(row, {"installation", "region_code", "signing_key", "encryption_key"}, "region_keys")
    b64(row["encryption_key"], 32, "region_keys encryption_key")
    if (row["installation"], row["region_code"], row["signing_key"]) != (
        manifest["source"]["installation"],
        manifest["target_region"],
        manifest["signing_key"],
    ):
        raise Refused("region_keys: not the package's own")


def public_signing_key(seed: bytes) -> str:
    """The manifest's ``signing_key`` for a ``keys/signing.key`` seed."""
    return base64.b64encode(bytes(SigningKey(seed).verify_key)).decode("ascii")
