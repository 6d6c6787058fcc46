"""Write forms/workbooks/*.xlsx from the shipped forms/*.json: the same forms in the Excel layout a region
authors its own in (forms/README.md, «Форма в Excel»). Run after changing a form file; a test checks that each
workbook still reads back to its file's definition.

    python3 build/forms_workbooks.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.form_workbook.writer import named_lists, write_form_workbook  # noqa: E402
from desktop_app.formkit.loader import load_form_file  # noqa: E402

FORMS = ROOT / "forms"
WORKBOOKS = FORMS / "workbooks"


def main() -> int:
    for path in sorted(FORMS.glob("*.json")):
        form = load_form_file(path)
        lists = named_lists(json.loads(path.read_text(encoding="utf-8")).get("lists"))
        target = write_form_workbook(form, WORKBOOKS / f"{path.stem}.xlsx", lists)
        print(f"{target.relative_to(ROOT)}: {form.id}, версия {form.version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
