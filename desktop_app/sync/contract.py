"""The header and manifest of an exchange file as FORMAT.md («The contract») fixes them: every field required,
each of one type and one spelling, nothing unknown, no JSON key twice. The checks of the file rely on these
fields (the pinned key is looked up by ``source``), so a file that leaves one out is refused, never read with a
default in its place.

Each check raises ContractError with a Russian phrase; the container names the file around it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from itertools import chain
from typing import Any

import orjson

from desktop_app.sync.limits import shown as _shown

FORMAT = "opeka-exchange"
FORMAT_VERSION = 1
DISTRICT_BUNDLE = "district-bundle"
REGION_PACKAGE = "region-package"
KINDS = (DISTRICT_BUNDLE, REGION_PACKAGE)
SEALED_BOX = "x25519-xsalsa20-poly1305-sealedbox"
NO_ENCRYPTION = "none"
MAX_DEPTH = 64  # a form definition, the deepest JSON of a file, nests about 8 levels
MAX_SEQUENCE = 2**63 - 1  # SQLite keeps 64-bit signed integers

HEADER_FIELDS = (
    "format",
    "format_version",
    "kind",
    "region_code",
    "source_installation",
    "source_name",
    "created_at",
    "encryption",
    "recipient_key",
)
MANIFEST_FIELDS = (
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
)
SOURCE_FIELDS = ("installation", "kind", "region_code", "district", "name")
ATTACHMENT_FIELDS = ("included", "at_recipient", "later")
SOURCE_KIND = {DISTRICT_BUNDLE: "district", REGION_PACKAGE: "region"}

_REGION_CODE = re.compile(r"[0-9]{2}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SCHEMA = re.compile(r"[0-9]{4}")
_PERIOD = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2]|Q[1-4]|H[12]))?")
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?[+-][0-9]{2}:[0-9]{2}")


class ContractError(ValueError):
    """A header or manifest that breaks FORMAT.md; ``problem`` completes «Файл «x.opeka» отклонён: …»."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class NotJson(ContractError):
    """Bytes that are not JSON at all: the file is damaged rather than written against the rules."""


# ------------------------------------------------------------------------------------------------ JSON
def strict_json(raw: bytes, what: str) -> Any:
    """Strict JSON (RFC 8259: UTF-8 without a BOM, no NaN or Infinity, no number beyond a double, no lone
    surrogate) with no key twice in an object and at most MAX_DEPTH levels; NotJson or ContractError naming
    ``what``. orjson: about twice the speed of json.loads, which is most of reading a region's folder."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise NotJson(f"{what} не JSON") from None
    # orjson keeps the last of a repeated key, so another reader could see other values under the same
    # signature. What this program writes is canonical (sorted keys, no spaces): when the text is exactly the
    # canonical form of what was read, no key can have been repeated, and the slow check is not needed.
    if orjson.dumps(value, option=orjson.OPT_SORT_KEYS) != raw:
        try:
            json.loads(raw.decode("utf-8"), object_pairs_hook=_unique_keys)
        except _Repeated as repeated:
            raise ContractError(f"в {what} ключ «{_shown(repeated.key)}» повторяется") from None
        except RecursionError:
            raise ContractError(f"в {what} вложенность глубже {MAX_DEPTH} уровней") from None
    if _too_deep(value):
        raise ContractError(f"в {what} вложенность глубже {MAX_DEPTH} уровней")
    return value


class _Repeated(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        raise _Repeated(next(key for key, _ in pairs if key in seen or seen.add(key)))  # type: ignore[func-returns-value]
    return found


def _too_deep(value: Any) -> bool:
    """Level by level, not recursively: a hostile file is never a reason for a RecursionError. The values of a
    level are gathered and their types taken in C; only a level holding containers is walked in Python (a file's
    records are flat objects: their level is gathered, found to hold none, and the walk ends)."""
    level = [value] if isinstance(value, dict | list) else []
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            return True
        objects = [item for item in level if type(item) is dict]
        children = list(chain.from_iterable(map(dict.values, objects)))
        if len(objects) < len(level):
            children += chain.from_iterable(item for item in level if type(item) is not dict)
        if not _CONTAINERS & set(map(type, children)):
            return False
        level = [child for child in children if type(child) is dict or type(child) is list]
    return False


_CONTAINERS = frozenset({dict, list})


# ------------------------------------------------------------------------------------------------ header
def check_header_fields(document: Any) -> None:
    """Every header field present with its type and spelling, no other (check 2 after format, version, kind)."""
    exact_fields(document, HEADER_FIELDS, "заголовке пакета")
    texts = [name for name in HEADER_FIELDS if name != "format_version"]
    if any(not isinstance(document[name], str) for name in texts):
        raise ContractError("заголовок пакета неполон")
    _check_spelling(document["region_code"], _REGION_CODE, "region_code", "заголовка")
    _check_spelling(document["source_installation"], _UUID, "source_installation", "заголовка")
    moment(document["created_at"], "created_at", "заголовка")
    if not document["source_name"]:
        raise ContractError("в заголовке пакета пусто поле «source_name»")


def exact_fields(document: Any, names: tuple[str, ...], where: str) -> None:
    """``document`` is an object with exactly ``names``: a missing one or an unknown one is named."""
    if not isinstance(document, dict):
        raise ContractError(f"в {where} нет полей")
    if missing := [name for name in names if name not in document]:
        raise ContractError(f"в {where} нет обязательного поля «{missing[0]}»")
    if unknown := sorted(set(document) - set(names)):
        raise ContractError(f"в {where} неизвестное поле «{_shown(unknown[0])}»")


def moment(text: str, name: str, where: str) -> datetime:
    """A date-time as FORMAT.md writes it: ``datetime.isoformat()`` of a moment with its UTC offset."""
    try:
        parsed = datetime.fromisoformat(text) if _MOMENT.fullmatch(text) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.isoformat() != text:
        raise ContractError(f"поле «{name}» {where} — не дата и время с часовым поясом")
    return parsed


# ------------------------------------------------------------------------------------------------ manifest
def check_manifest(manifest: dict[str, Any], header: Any) -> None:
    """Every manifest field present, of its type and spelling, none unknown, and the header saying the same
    as the signed manifest about everything they share (called once the signature is known to be good)."""
    where = "описании пакета (manifest.json)"
    exact_fields(manifest, MANIFEST_FIELDS, where)
    source = manifest["source"]
    exact_fields(source, SOURCE_FIELDS, "описании отправителя (source)")
    _agrees(manifest, header)
    if any(not isinstance(source[name], str) for name in SOURCE_FIELDS):
        raise ContractError("описание отправителя (source) неполно")
    _check_spelling(source["installation"], _UUID, "source.installation", "описания пакета")
    if source["kind"] != SOURCE_KIND[manifest["kind"]]:
        raise ContractError("вид отправителя (source.kind) не соответствует виду пакета")
    if bool(source["district"]) != (manifest["kind"] == DISTRICT_BUNDLE) or not source["name"]:
        raise ContractError("в описании отправителя (source) не указано муниципальное образование или название")
    _check_spelling(manifest["target_region"], _REGION_CODE, "target_region", "описания пакета")
    if source["region_code"] != manifest["target_region"]:
        raise ContractError("регион отправителя не совпадает с регионом назначения")
    moment(manifest["created_at"], "created_at", "описания пакета")
    if not isinstance(manifest["app_version"], str) or not manifest["app_version"]:
        raise ContractError("в описании пакета пусто поле «app_version»")
    _check_spelling(manifest["schema_version"], _SCHEMA, "schema_version", "описания пакета")
    sequence = manifest["sequence"]
    if type(sequence) is not int or not 1 <= sequence <= MAX_SEQUENCE:  # bool is not a number here
        raise ContractError("номер пакета (sequence) в его описании — не целое число от 1")
    periods = manifest["periods"]
    if (
        not isinstance(periods, list)
        or not all(isinstance(code, str) and _PERIOD.fullmatch(code) for code in periods)
        or len(set(periods)) != len(periods)
    ):
        raise ContractError("список периодов (periods) в описании пакета записан неверно")
    counts = manifest["counts"]
    if not isinstance(counts, dict) or not all(_count(value) for value in counts.values()):
        raise ContractError("число записей (counts) в описании пакета записано неверно")
    if type(manifest["complete"]) is not bool:
        raise ContractError("поле «complete» описания пакета — не true или false")
    exact_fields(manifest["attachments"], ATTACHMENT_FIELDS, "описании документов (attachments)")
    if not all(_count(manifest["attachments"][name]) for name in ATTACHMENT_FIELDS):
        raise ContractError("число документов (attachments) в описании пакета записано неверно")


def _agrees(manifest: dict[str, Any], header: Any) -> None:
    """The header repeats signed fields so that a file can be told apart before it is decrypted; a header
    saying otherwise than its manifest was changed after signing."""
    signed = (
        manifest["format"],
        manifest["format_version"],
        manifest["kind"],
        manifest["target_region"],
        manifest["source"]["installation"],
        manifest["source"]["name"],
        manifest["created_at"],
    )
    said = (FORMAT, FORMAT_VERSION, header.kind, header.region_code, header.source_installation, header.source_name)
    if signed[:-1] != said or signed[-1] != header.created_at.isoformat():
        raise ContractError("заголовок не совпадает с подписанным описанием пакета")


def check_contents(manifest: dict[str, Any], data: Mapping[str, list[Any]], attachments: int) -> None:
    """``counts`` and ``attachments.included`` say what the file holds: each is compared with it."""
    counts: dict[str, int] = manifest["counts"]
    if stray := sorted(set(counts) - set(data)):
        raise ContractError(f"в описании пакета указаны записи «{_shown(stray[0])}», которых в нём нет")
    for entity, records in data.items():
        if counts.get(entity, 0) != len(records):
            raise ContractError(
                f"в описании пакета записей «{entity}» {counts.get(entity, 0)}, а в файле их {len(records)}"
            )
    if manifest["attachments"]["included"] != attachments:
        raise ContractError(
            f"в описании пакета документов {manifest['attachments']['included']}, а в файле их {attachments}"
        )


def _count(value: Any) -> bool:
    return type(value) is int and 0 <= value <= MAX_SEQUENCE


def _check_spelling(value: Any, pattern: re.Pattern[str], name: str, where: str) -> None:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise ContractError(f"поле «{name}» {where} записано неверно")
