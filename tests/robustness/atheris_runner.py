"""Coverage-guided fuzzing of the file readers with atheris (libFuzzer), beside the hypothesis suites.

Optional and never part of the test run (pytest does not collect this file, atheris is not a dependency):

    .venv/bin/pip install atheris
    .venv/bin/python -m tests.robustness.atheris_runner form -runs=20000
    .venv/bin/python -m tests.robustness.atheris_runner plan-docx -max_total_time=600 corpus-folder/

Targets: form (form definition JSON), mapping (family list column mapping JSON), family (.xlsx family list),
plan-docx, plan-xlsx (plan documents), exchange (an .opeka file through the container's checks 1–6). Every
input must end in success or a UserError with a clear Russian message; anything else is reported by libFuzzer
as a crash with the input saved beside it. The seeds are the valid files the hypothesis suites start from.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from desktop_app.domain.errors import UserError
    from desktop_app.family_import import load_mapping, read_family_sheet
    from desktop_app.formkit.loader import load_form_file
    from desktop_app.plan_import import read_plan_file
    from desktop_app.sync.container import read_package

from tests.robustness.fuzzing import clear_message

_FOLDER = Path(tempfile.mkdtemp(prefix="opeka-atheris-"))
_TARGETS: dict[str, tuple[str, Callable[[Path], object]]] = {
    "form": (".json", load_form_file),
    "mapping": (".json", load_mapping),
    "family": (".xlsx", read_family_sheet),
    "plan-docx": (".docx", read_plan_file),
    "plan-xlsx": (".xlsx", read_plan_file),
    "exchange": (".opeka", lambda path: read_package(path, decrypt_with=None)),
}


def _one_input(suffix: str, reader: Callable[[Path], object]) -> Callable[[bytes], None]:
    path = _FOLDER / f"input{suffix}"

    def test_one_input(data: bytes) -> None:
        path.write_bytes(data)
        try:
            reader(path)
        except UserError as error:
            if not clear_message(error.message):
                raise AssertionError(f"unclear message: {error.message[:300]!r}") from error

    return test_one_input


def _seed(target: str) -> Path:
    """A folder with the valid file the target starts from, for libFuzzer to mutate."""
    seeds = _FOLDER / f"seeds-{target}"
    seeds.mkdir(exist_ok=True)
    root = Path(__file__).resolve().parents[2]
    if target == "form":
        for form in (root / "forms").glob("*.json"):
            (seeds / form.name).write_bytes(form.read_bytes())
    elif target == "mapping":
        (seeds / "mapping.json").write_text('{"columns": {"full_name": "ФИО"}, "header_row": 3}', encoding="utf-8")
    elif target == "family":
        from tests.family_import.lists import write_family_list

        write_family_list(seeds / "list.xlsx")
    elif target == "plan-docx":
        from tests.plan_import.small_plan import write_small_plan

        write_small_plan(seeds / "plan.docx")
    elif target == "plan-xlsx":
        from openpyxl import Workbook

        book = Workbook()
        book.active.append(["№", "Наименование мероприятия", "Срок", "Исполнители"])
        book.active.append([1, "Совещание", "ежеквартально", "Отдел опеки"])
        book.save(seeds / "plan.xlsx")
    elif target == "exchange":
        from tests.sync.crafting import write_region_package

        write_region_package(seeds / "region.opeka")
    return seeds


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in _TARGETS:
        sys.exit(f"usage: python -m tests.robustness.atheris_runner {{{','.join(_TARGETS)}}} [libFuzzer options]")
    target = sys.argv.pop(1)
    suffix, reader = _TARGETS[target]
    arguments = list(sys.argv)
    if not any(not argument.startswith("-") for argument in arguments[1:]):
        arguments.append(str(_seed(target)))  # no corpus folder given: start from the valid file
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    atheris.Setup(arguments, _one_input(suffix, reader))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
