"""Every reader of a file from outside takes regular files only: a link to /dev/zero, a named pipe or a folder is
refused at once with one Russian sentence (never read until memory runs out, never waited on for ever); a
template's formula with no calculated value is reported by its cell; a full disk is told in Russian only."""

from __future__ import annotations

import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import UserError

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and /dev/zero are POSIX")

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 10  # each refusal takes milliseconds; a reader that waits on a pipe is stopped and fails
MEMORY_MARGIN = 1 << 30
LATIN_WORD = re.compile(r"\b[A-Za-z]{4,}\b")


@pytest.fixture
def deadline() -> Iterator[None]:
    """At most SECONDS and 1 GB more memory for the test: a reader that waits on a pipe or reads /dev/zero
    without end fails the test instead of hanging it or exhausting the machine."""

    def stuck(_signum: int, _frame: Any) -> None:
        raise TimeoutError("the reader waited on a file that is not a regular file")

    previous = signal.signal(signal.SIGALRM, stuck)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_address_space() + MEMORY_MARGIN, hard))
    signal.alarm(SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.signal(signal.SIGALRM, previous)


def _address_space() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 4 << 30


def not_files(folder: Path, name: str) -> dict[str, Path]:
    """Three names ``name`` that lead to what is not a regular file: a link to /dev/zero, a pipe, a folder."""
    made = {}
    for kind in ("zero", "pipe", "folder"):
        place = folder / kind
        place.mkdir(parents=True, exist_ok=True)
        target = place / name
        if kind == "zero":
            target.symlink_to("/dev/zero")
        elif kind == "pipe":
            os.mkfifo(target)
        else:
            target.mkdir()
        made[kind] = target
    return made


def russian_sentence(message: str) -> None:
    assert message and "\n" not in message.strip()
    assert re.search("[а-яА-Я]", message)
    assert not LATIN_WORD.search(re.sub("«[^»]*»", "", message)), message  # file names aside


def readers(paths: DataPaths) -> dict[str, tuple[str, Callable[[Path], object]]]:
    """Each reader of outside files, with a file name of the kind it takes."""
    from desktop_app.family_import.mapping import load_mapping
    from desktop_app.family_import.reader import read_family_sheet
    from desktop_app.form_templates.reader import check_template_file
    from desktop_app.plan_import.reader import read_document
    from desktop_app.services.attachments import AttachmentStore
    from desktop_app.services.backups import restore_backup
    from desktop_app.sync.container import read_header, read_package
    from desktop_app.sync.keys import import_keys
    from desktop_app.sync.office import read_card

    return {
        "exchange header": ("Плесецкий.opeka", read_header),
        "exchange file": ("Плесецкий.opeka", lambda path: read_package(path, decrypt_with=None)),
        "plan .docx": ("план.docx", read_document),
        "plan .xlsx": ("план.xlsx", read_document),
        "family list": ("семьи.xlsx", read_family_sheet),
        "column mapping": ("сопоставление.json", load_mapping),
        "form template": ("анкета.xlsx", check_template_file),
        "office card": ("основной.opeka-card", read_card),
        "keys backup": ("ключи.json", lambda path: import_keys(path, "пароль-копии-ключей")),
        "database backup": ("копия.zip", lambda path: restore_backup(paths, path)),
        "document": ("скан.pdf", lambda path: AttachmentStore(paths.attachments).store(path)),
    }


@pytest.mark.parametrize(
    "reader",
    [
        "exchange header",
        "exchange file",
        "plan .docx",
        "plan .xlsx",
        "family list",
        "column mapping",
        "form template",
        "office card",
        "keys backup",
        "database backup",
        "document",
    ],
)
def test_every_reader_refuses_a_link_to_dev_zero_a_pipe_and_a_folder(
    reader: str, tmp_path: Path, deadline: None
) -> None:
    paths = DataPaths(tmp_path / "data")
    name, read = readers(paths)[reader]
    for kind, path in not_files(tmp_path / "inputs", name).items():
        with pytest.raises(UserError) as refused:
            read(path)
        russian_sentence(str(refused.value))
        assert re.search(r"не (обычный )?файл|папка", str(refused.value)), (kind, refused.value)


def test_a_regular_file_is_read_within_its_limit_and_a_larger_one_refused(tmp_path: Path) -> None:
    from desktop_app.core.input_files import open_regular_file, read_regular_file

    small = tmp_path / "малый.json"
    small.write_bytes(b"x" * 100)
    assert read_regular_file(small, 100) == b"x" * 100
    with pytest.raises(UserError, match="слишком большой"):
        read_regular_file(small, 99)
    link = tmp_path / "ссылка.json"
    link.symlink_to(small)
    with open_regular_file(link) as stream:
        assert stream.read() == b"x" * 100


def run_cli(paths: DataPaths, *argv: str) -> subprocess.CompletedProcess[str]:
    """``opeka`` as a user runs it, in a process of its own with at most 1 GB of memory and a minute of time."""

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(paths.root), *argv],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=90,
        preexec_fn=bounded,
    )


@pytest.mark.usefixtures("cli_credentials")
def test_the_commands_refuse_what_is_not_a_file_quickly_and_in_russian(demo_paths: DataPaths, tmp_path: Path) -> None:
    workbook = tmp_path / "семьи.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["ФИО", "Телефон"])
    book.save(workbook)
    password = tmp_path / "пароль.txt"
    password.write_text("пароль-копии-ключей\n", encoding="utf-8")
    bundle = not_files(tmp_path / "bundle", "Плесецкий.opeka")
    mapping = not_files(tmp_path / "mapping", "сопоставление.json")
    card = not_files(tmp_path / "card", "основной.opeka-card")
    keys = not_files(tmp_path / "keys", "ключи.json")
    for kind in ("zero", "pipe"):
        for argv in (
            ("import", str(bundle[kind])),
            ("import-families", "--mapping", str(mapping[kind]), "--dry-run", str(workbook)),
            ("office", "connect", str(card[kind])),
            ("keys", "--password-file", str(password), "restore", str(keys[kind])),
        ):
            result = run_cli(demo_paths, *argv)
            assert result.returncode != 0, (argv, result.stdout)
            # `import` reports each file on stdout («ФАЙЛ: не загружен — …»), the others on stderr
            message = (result.stderr + result.stdout).strip()
            for path in (bundle[kind], mapping[kind], card[kind], keys[kind]):
                message = message.replace(str(path), "«файл»")
            russian_sentence(message)
            assert "не обычный файл" in message, (argv, message)


def test_a_formula_without_a_calculated_value_is_reported_with_its_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from desktop_app.domain.periods import Period
    from desktop_app.form_templates.ids import ID_SHEET, read_ids
    from desktop_app.form_templates.reader import UNCOMPUTED_FORMULA, read_template
    from desktop_app.form_templates.writer import write_template
    from desktop_app.formkit import load_catalogue

    catalogue = load_catalogue()
    form = next(form for form in catalogue.forms if form.id == "early-help-monitoring")
    template = tmp_path / "анкета.xlsx"
    write_template(template, form, Period.parse("2023"), "Онежский муниципальный округ")
    book = load_workbook(template)
    ids = read_ids(book[ID_SHEET], template.name)
    count = next(ref for ref in ids.refs if (ref.question_id, ref.cell) == ("5.1", "_/0"))
    book[ids.sheet][count.address] = "=2+2"  # openpyxl keeps the formula and no calculated value, as some programs do
    book.save(template)

    filled = read_template(template, catalogue)

    reported = [issue for issue in filled.issues if issue.message == UNCOMPUTED_FORMULA]
    assert [(issue.question_id, issue.address) for issue in reported] == [("5.1", f"{ids.sheet}!{count.address}")]


def test_a_full_disk_is_told_in_russian_only() -> None:
    from sqlalchemy.exc import OperationalError

    from desktop_app.storage import sqlite_files
    from desktop_app.storage.database import _operational_problem

    full = sqlite3.OperationalError("database or disk is full")
    for message in (
        str(_operational_problem(OperationalError("INSERT …", {}, full))),
        sqlite_files.describe_failure(full),
        sqlite_files.describe_failure(OSError(28, "No space left on device")),
    ):
        assert "full" not in message and "space" not in message, message
        assert "диск заполнен" in message, message
