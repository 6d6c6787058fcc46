"""The zip layer of exchange files: the limits of FORMAT.md («What the reader checks», 1 and 4), the checks
of a zip directory against them, bounded reading, and writing that never makes what the reader refuses.

A hostile file can claim gigabytes once unpacked (a zip bomb), hold millions of tiny entries, or name a
member ``../../x``. The checks look only at the zip directory, so nothing is decompressed before it
passes; members are then read in a bounded way. The constants are read at call time, so a test can
lower them with ``monkeypatch.setattr(limits, "MAX_MEMBER_BYTES", ...)``.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import zipfile
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import IO, BinaryIO

MIB = 1024 * 1024
MAX_FILE_BYTES = 512 * MIB  # the .opeka file itself
MAX_HEADER_BYTES = 64 * 1024  # opeka-exchange.json: a dozen short fields
MAX_MEMBERS = 100_000  # members of the inner package
MAX_MEMBER_BYTES = 256 * MIB  # one member, unpacked
MAX_UNPACKED_BYTES = 2 * 1024 * MIB  # all members together, unpacked
MAX_RATIO = 200  # unpacked size / packed size of one member
MAX_MANIFEST_BYTES = 32 * MIB  # 100 000 members × ~110 bytes each fit easily
MAX_SIGNATURE_BYTES = 1024  # base64 of 64 bytes is 88 characters
DIRECTORY_BYTES_PER_MEMBER = 256  # a directory entry is 46 bytes + name (≤ 76) + extras
CHUNK = MIB

DateTime = tuple[int, int, int, int, int, int]
_END = b"PK\x05\x06"
_END_SIZE = 22
_END64_LOCATOR = b"PK\x06\x07"
_END64_LOCATOR_SIZE = 20
_END64 = b"PK\x06\x06"
_END64_SIZE = 56
_DRIVE = re.compile(r"^[A-Za-z]:")
_EXPANDS = "(распаковка превышает предел)"


class LimitBreach(Exception):
    """A zip directory breaks a rule; ``problem`` is a Russian phrase for «Файл «x.opeka» отклонён: …»."""

    def __init__(self, kind: str, problem: str, member: str = "") -> None:
        super().__init__(problem)
        self.kind = kind  # path, duplicate, name, method, count, size, ratio, total
        self.problem = problem
        self.member = member


def shown(name: str, width: int = 80) -> str:
    """A member name as it may appear in a message: printable, and short even when a damaged file makes it
    a kilobyte of binary noise."""
    printable = "".join(char if char.isprintable() else "�" for char in name)
    return printable if len(printable) <= width else printable[: width - 1] + "…"


def too_big(member: str, kind: str = "size") -> LimitBreach:
    return LimitBreach(kind, f"слишком большой файл «{shown(member)}» {_EXPANDS}", member)


def too_many(max_members: int) -> LimitBreach:
    return LimitBreach("count", f"в пакете больше {max_members} файлов {_EXPANDS}")


def check_directory_size(stream: BinaryIO, max_members: int) -> None:
    """Refuse a central directory too large for ``max_members`` entries before zipfile parses it (it would
    build one object per entry: half a gigabyte of 46-byte entries is ten million of them). The end record
    is found the way zipfile finds it; when it is not found, zipfile itself refuses the file."""
    size = _directory_size(stream)
    if size is not None and size > max(max_members, 16) * DIRECTORY_BYTES_PER_MEMBER:
        raise too_many(max_members)
    stream.seek(0)


def _directory_size(stream: BinaryIO) -> int | None:
    stream.seek(0, 2)
    file_size = stream.tell()
    if file_size < _END_SIZE:
        return None
    stream.seek(file_size - _END_SIZE)
    tail = stream.read()
    if tail[:4] == _END and tail[-2:] == b"\0\0":
        at = file_size - _END_SIZE
    else:
        start = max(file_size - 65536 - _END_SIZE, 0)
        stream.seek(start)
        tail = stream.read()
        found = tail.rfind(_END)
        if found < 0 or len(tail) - found < _END_SIZE:
            return None
        at = start + found
        tail = tail[found : found + _END_SIZE]
    size: int = struct.unpack_from("<L", tail, 12)[0]
    if at >= _END64_LOCATOR_SIZE + _END64_SIZE:  # zipfile takes the zip64 record right before the locator
        stream.seek(at - _END64_LOCATOR_SIZE)
        if stream.read(4) == _END64_LOCATOR:
            stream.seek(at - _END64_LOCATOR_SIZE - _END64_SIZE)
            record = stream.read(_END64_SIZE)
            if record[:4] == _END64:
                size = struct.unpack_from("<Q", record, 40)[0]
    return size


def check_entries(
    infos: Sequence[zipfile.ZipInfo],
    allowed: Callable[[str], bool],
    *,
    max_members: int,
    max_member_bytes: int,
    methods: Collection[int],
) -> None:
    """Every rule that the zip directory alone can decide: names, repetitions, count, sizes, ratios."""
    if len(infos) > max_members:
        raise too_many(max_members)
    seen = Counter(info.filename for info in infos)
    total = 0
    for info in infos:
        name = info.filename
        if escapes(info.orig_filename) or name != info.orig_filename:
            raise LimitBreach("path", f"в архиве путь за пределами пакета: «{shown(info.orig_filename)}»", name)
        if seen[name] > 1:
            raise LimitBreach("duplicate", f"имя «{shown(name)}» повторяется в архиве", name)
        if not allowed(name):
            raise LimitBreach("name", f"в архиве лишний файл «{shown(name)}»", name)
        if info.compress_type not in methods or info.flag_bits & 0x1:
            raise LimitBreach("method", f"файл «{shown(name)}» упакован неизвестным способом", name)
        if info.file_size > max_member_bytes:
            raise too_big(name)
        if too_compressed(info):
            raise too_big(name, "ratio")
        total += info.file_size
    if total > MAX_UNPACKED_BYTES:
        raise LimitBreach("total", f"пакет после распаковки больше {MAX_UNPACKED_BYTES // MIB} МБ {_EXPANDS}")


def escapes(name: str) -> bool:
    """Whether a member name could point outside the package when unpacked (or hides a part after NUL)."""
    return (
        name.startswith("/")
        or "\\" in name
        or "\0" in name
        or _DRIVE.match(name) is not None
        or any(part in ("..", ".") for part in name.split("/"))
    )


def too_compressed(info: zipfile.ZipInfo) -> bool:
    """More than MAX_RATIO times its packed size once unpacked (an empty member never is)."""
    return info.file_size > MAX_RATIO * max(info.compress_size, 1)


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, never more than ``limit`` nor than the directory declares."""
    if info.file_size > limit:
        raise too_big(info.filename)
    parts: list[bytes] = []
    taken = 0
    with archive.open(info) as stream:
        while chunk := stream.read(min(CHUNK, info.file_size - taken + 1)):
            taken += len(chunk)
            if taken > info.file_size:
                raise too_big(info.filename)
            parts.append(chunk)
    return b"".join(parts)


def hash_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """SHA-256 (hex) of the member, streamed: an attachment is never held whole in memory here."""
    digest = hashlib.sha256()
    taken = 0
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            taken += len(chunk)
            if taken > info.file_size:
                raise too_big(info.filename)
            digest.update(chunk)
    return digest.hexdigest()


def write_members(
    stream: IO[bytes], members: Mapping[str, bytes | Path], when: DateTime
) -> tuple[list[zipfile.ZipInfo], dict[str, str]]:
    """Write a zip of ``members`` into ``stream``: deflated, except members that deflate beyond MAX_RATIO (a
    scan of a blank page), which are written again stored, so that a reader never refuses what was written.
    Files are streamed from disk. Returns the directory and the SHA-256 of each file as it was read."""
    stored: set[str] = set()
    while True:
        stream.seek(0)
        stream.truncate()
        digests: dict[str, str] = {}
        with zipfile.ZipFile(stream, "w") as archive:
            for name, content in members.items():
                info = zipfile.ZipInfo(name, when)
                info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
                if isinstance(content, bytes):
                    archive.writestr(info, content)
                else:
                    digests[name] = _write_file(archive, info, content)
        infos = zipfile.ZipFile(stream).infolist()
        over = {info.filename for info in infos if too_compressed(info)}
        if over <= stored:  # a stored member never is: at most two rounds
            return infos, digests
        stored |= over


def _write_file(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: Path) -> str:
    digest = hashlib.sha256()
    with source.open("rb") as stream:
        if os.fstat(stream.fileno()).st_size > MAX_MEMBER_BYTES:
            raise too_big(info.filename)
        with archive.open(info, "w") as target:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                target.write(chunk)
    return digest.hexdigest()
