"""What every fuzz suite of tests/robustness shares: one case run under a time limit and judged (success, or
one clear Russian message — anything else is an unhandled error), the counts reported to the summary, the
hypothesis settings of the normal and the full run, and the ways a valid file is damaged.

A case is judged by ``Tally.run``: the reader returns, or raises one of the expected error types with a
message that is one Russian sentence; any other exception, or a case running longer than ``CASE_SECONDS``
(a hang), is unhandled and fails the test with the reader's traceback.
"""

from __future__ import annotations

import hashlib
import io
import re
import signal
import sqlite3
import traceback
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import UserError
from tests.robustness.conftest import record
from tests.robustness.scale import FULL, cases

T = TypeVar("T")
CASE_SECONDS = 20.0  # far above the slowest honest case here (~1 s on a busy 2-core machine): more is a hang
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


class Hang(BaseException):
    """A case ran past CASE_SECONDS (a BaseException, so the reader's own ``except Exception`` cannot swallow it)."""


class Unhandled(AssertionError):
    """A case ended in something else than success or a clear message."""


def fuzz_settings(ci: int, full: int) -> settings:
    """``ci`` examples in the normal run (derandomized: the same cases every time), ``full`` in the robustness
    suite (random: new cases each run)."""
    return settings(
        max_examples=cases(ci, full),
        deadline=None,
        derandomize=not FULL,
        database=None,
        print_blob=True,
        # no shrinking: a case opens files and databases, and shrinking one failure took minutes; the failing
        # case is printed with its blob for @reproduce_failure
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        report_multiple_bugs=False,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
    )


@contextmanager
def time_limit(seconds: float = CASE_SECONDS) -> Iterator[None]:
    """Raise Hang in the main thread when the block runs longer than ``seconds`` (SIGALRM; pytest runs tests
    in the main thread). A reader stuck inside one C call is interrupted when it returns to Python."""

    def expire(_signum: int, _frame: Any) -> None:
        raise Hang(f"the case ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def clear_message(message: str) -> bool:
    """One Russian sentence: not empty, in Russian, one line, no traceback, not a page long."""
    return (
        bool(message.strip())
        and _CYRILLIC.search(message) is not None
        and "\n" not in message
        and "Traceback" not in message
        and len(message) <= 1000
    )


class Tally:
    """Counts the cases of one suite and the unhandled errors among them; ``report`` adds them to the summary."""

    def __init__(self, suite: str, expected: tuple[type[BaseException], ...] = (UserError,)) -> None:
        self.suite = suite
        self.expected = expected
        self.cases = 0
        self.refused = 0
        self.unhandled = 0

    def run(self, reader: Callable[[], T]) -> T | None:
        """The reader's result, or None when it refused clearly; raises Unhandled for anything else."""
        self.cases += 1
        try:
            with time_limit():
                return reader()
        except self.expected as error:
            message = str(getattr(error, "message", error))
            if not clear_message(message):
                self.unhandled += 1
                raise Unhandled(f"unclear message {message[:300]!r}… ({len(message)} characters)") from error
            self.refused += 1
            return None
        except Hang as hang:
            self.unhandled += 1
            raise Unhandled(str(hang)) from hang
        except Exception as error:
            self.unhandled += 1
            details = "".join(traceback.format_exception(error))
            raise Unhandled(f"unhandled {type(error).__name__}: {str(error)[:300]}\n{details[-3000:]}") from error

    @contextmanager
    def reporting(self, note: str = "") -> Iterator[Tally]:
        """Report the counts when the block ends, also when a case failed."""
        try:
            yield self
        finally:
            extra = f"отказов с сообщением: {self.refused}"
            record(self.suite, self.cases, self.unhandled, f"{note}; {extra}" if note else extra)


SIGN_IN_TABLES = ("audit_entry", "audit_head", "user_account")  # what a command's own sign-in writes


def digest_rows(connection: Any, leave_out: tuple[str, ...] = ()) -> str:
    """SHA-256 of every row of every table but ``leave_out``, in rowid order: equal means the database holds
    the same data. ``connection`` is a DB-API (sqlite3) connection."""
    digest = hashlib.sha256()
    names = connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
    tables = [name.decode() if isinstance(name, bytes) else name for (name,) in names]
    for table in (table for table in tables if table not in leave_out):
        quoted = '"' + table.replace('"', '""') + '"'
        digest.update(table.encode())
        for row in connection.execute(f"SELECT * FROM {quoted}"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def data_digest(database: Path) -> str:
    """The digest of a database file's data apart from what a command's sign-in writes (the journal entry, the
    account's sign-in time): a command that must change nothing else may still sign in."""
    connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        return digest_rows(connection, SIGN_IN_TABLES)
    finally:
        connection.close()


# ------------------------------------------------------------------------------------------------ damage
byte_mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**7), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**7), st.just(b"")),
    st.tuples(st.just("insert"), st.integers(0, 10**7), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("overwrite"), st.integers(0, 10**7), st.binary(min_size=1, max_size=8)),
)
byte_mutations = st.lists(byte_mutation, min_size=1, max_size=4)


def mutate_bytes(data: bytes, mutations: list[tuple[str, int, Any]]) -> bytes:
    """``data`` with bits flipped, cut off, bytes inserted or overwritten at the given offsets."""
    result = bytearray(data)
    for kind, where, what in mutations:
        at = where % (len(result) + 1)
        if kind == "flip" and at < len(result):
            result[at] ^= what
        elif kind == "cut":
            del result[at:]
        elif kind == "insert":
            result[at:at] = what
        elif kind == "overwrite":
            result[at : at + len(what)] = what
    return bytes(result)


def zip_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def build_zip(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with exactly these members in this order, repeated names included."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a repeated name is the point
        with zipfile.ZipFile(buffer, "w", compression) as archive:
            for name, content in members:
                archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), content, compression)
    return buffer.getvalue()


# What is done to the members of a zip (a .xlsx, a .docx, a backup): each step names a member by its position
# modulo the count, so any drawn number picks one.
zip_step = st.one_of(
    st.tuples(st.just("drop"), st.integers(0, 10**4), st.just(b"")),
    st.tuples(st.just("duplicate"), st.integers(0, 10**4), st.just(b"")),
    st.tuples(
        st.just("rename"), st.integers(0, 10**4), st.sampled_from([b"../evil.xml", b"a/b/../../c", b"/abs", b"x"])
    ),
    st.tuples(st.just("empty"), st.integers(0, 10**4), st.just(b"")),
    st.tuples(st.just("replace"), st.integers(0, 10**4), st.binary(max_size=64)),
    st.tuples(st.just("mutate"), st.integers(0, 10**4), st.binary(min_size=1, max_size=4)),
    st.tuples(st.just("nest"), st.integers(0, 10**4), st.just(b"")),
    st.tuples(st.just("add"), st.integers(0, 10**4), st.binary(max_size=64)),
    st.tuples(st.just("xml"), st.integers(0, 10**4), st.integers(0, 2**32)),
)
zip_steps = st.lists(zip_step, min_size=1, max_size=3)

_XML_DAMAGE = (
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
    b"<unclosed>",
    b"\x00",
    b"&undefined;",
    b'<c r="A1" t="s"><v>999999</v></c>',
    b'<c r="XFD1048576" t="inlineStr"><is><t>' + "Ж".encode() * 40_000 + b"</t></is></c>",
    b'<c r="A1"><f>SUM(A1:A1048576)</f><v>#REF!</v></c>',
    b'<c r="B2" t="n"><v>1e400</v></c>',
    b'<c r="C3" t="d"><v>not-a-date</v></c>',
    b'<c r="D4" t="b"><v>2</v></c>',
    b'<dimension ref="A1:XFD1048576"/>',
    b'<row r="1048576" spans="1:16384"/>',
    b'<mergeCell ref="A1:B99999"/>',
    b'<w:gridSpan w:val="99999999"/>',
    b"<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
    b'<w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p/></w:tc>',
    b"</w:body>",
    "\ufeff".encode(),
    "абв".encode("cp1251"),
)


def _damage_xml(content: bytes, seed: int) -> bytes:
    """Insert a piece of hostile XML at a tag boundary (or the start), or cut the part at a boundary."""
    bounds = [match.start() for match in re.finditer(rb"<", content)] or [0]
    at = bounds[seed % len(bounds)]
    choice = (seed // 7) % (len(_XML_DAMAGE) + 1)
    if choice == len(_XML_DAMAGE):
        return content[:at]
    return content[:at] + _XML_DAMAGE[choice] + content[at:]


def damage_zip(data: bytes, steps: list[tuple[str, int, Any]]) -> bytes:
    """The zip ``data`` rebuilt after the steps: members dropped, duplicated, renamed outside, emptied,
    replaced, bytes changed, nested in a zip of their own, added, or their XML damaged."""
    members = [(info.filename, content) for info, content in zip_members(data)]
    for kind, where, what in steps:
        if not members and kind != "add":
            continue
        at = where % max(len(members), 1)
        name, content = members[at] if members else ("", b"")
        if kind == "drop":
            del members[at]
        elif kind == "duplicate":
            members.insert(at, (name, content[: len(content) // 2]))
        elif kind == "rename":
            members[at] = (what.decode(), content)
        elif kind == "empty":
            members[at] = (name, b"")
        elif kind == "replace":
            members[at] = (name, what)
        elif kind == "mutate":
            members[at] = (name, mutate_bytes(content, [("overwrite", where * 7919, what)]))
        elif kind == "nest":
            members[at] = (name, build_zip([(name, content)]))
        elif kind == "add":
            members.append((f"extra/{where}.xml", what))
        elif kind == "xml":
            members[at] = (name, _damage_xml(content, what))
    return build_zip(members)


def with_declared_size(data: bytes, member_index: int, size: int) -> bytes:
    """The zip ``data`` with one member's uncompressed size in the central directory replaced (a zip bomb's
    claim, or a lie in the other direction); the local header is left as written."""
    result = bytearray(data)
    found = [match.start() for match in re.finditer(rb"PK\x01\x02", data)]
    if not found:
        return data
    at = found[member_index % len(found)]
    result[at + 24 : at + 28] = (size % 2**32).to_bytes(4, "little")
    return bytes(result)


def xml_safe(text: str) -> str:
    """``text`` with what XML cannot hold (control characters, U+FFFE) written as escapes: openpyxl and python-docx
    refuse to save it, so the case still tries a strange text instead of failing to write its file."""
    return "".join(char if char in "\t\n\r" or _xml_char(ord(char)) else f"\\u{ord(char):04x}" for char in text)


def _xml_char(code: int) -> bool:
    return 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20),
    st.sampled_from(["=1/0", '=HYPERLINK("http://x")', "=A1", "@SUM(1)", "+7", "-", "#REF!", "NaN", "inf", "1e309"]),
    st.integers(1, 6).map(lambda power: "Ж" * 10**power),
    st.sampled_from(["\ud7ff", "\ufffe", "\U0010ffff", "ё" * 300, "0" * 5000, "9" * 4400]),
)
hostile_cell = st.one_of(
    hostile_text,
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
)
