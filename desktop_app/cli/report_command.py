"""`opeka report KIND --period P [--district NAME] [--form ID] --format pdf|xlsx --out FILE`: a printed report
as the reports screen makes it. KIND: measures, indicators, families, form, consolidated, cases. At the region,
`--district` names one district, or `*` for every district (a section, a sheet, each). Made as the signed-in user
(cli/sign_in.py): what the role may not see is not in it, and the executor's line names that user, as in the window.

`opeka report case-card --case СС-0001 --out FILE [--format pdf|xlsx]` prints one case's card for the file (no
period; the format follows the file's extension); it is a view of the card, journaled as one."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.cli.arguments import period_argument
from desktop_app.domain.errors import UserError
from desktop_app.reports.builders.request import ReportKind, ReportRequest

if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths
    from desktop_app.domain.actor import Actor

CASE_CARD = "case-card"  # one case's card: not a report of a period, so not a ReportKind of the reports screen


def add_report_parser(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    report = command("report", "сформировать отчётную форму в PDF или XLSX")
    kinds = [kind.value for kind in ReportKind] + [CASE_CARD]
    report.add_argument("kind", choices=kinds, metavar="ВИД", help=_kinds_help())
    report.add_argument("--period", type=period_argument, metavar="ПЕРИОД", help="например 2026-H1")
    report.add_argument("--district", metavar="НАЗВАНИЕ", help="у региона: муниципальное образование или «*» — все")
    report.add_argument("--form", metavar="ФОРМА", help="форма (для вида form), см. opeka forms")
    report.add_argument("--program", metavar="ID", help="программа (по умолчанию — последняя)")
    report.add_argument("--case", metavar="КОД", help="код случая (для вида case-card), например СС-0001")
    report.add_argument("--format", choices=["pdf", "xlsx"], help="pdf или xlsx (по умолчанию — по расширению файла)")
    report.add_argument("--out", required=True, metavar="ФАЙЛ", help="куда записать отчёт")
    report.add_argument("--json", action="store_true", help="вывести итог в формате JSON")


def _kinds_help() -> str:
    kinds = [f"{kind.value} — {kind.label}" for kind in ReportKind]
    return "; ".join([*kinds, f"{CASE_CARD} — карточка случая сопровождения семьи (нужен --case)"])


def run_report(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    from desktop_app.cli.opening import open_for_command
    from desktop_app.reports.builders.dispatch import build_report, write_report
    from desktop_app.reports.builders.sources import ReportSources

    out = Path(args.out)
    file_format = args.format or out.suffix.lower().lstrip(".")
    if file_format not in ("pdf", "xlsx"):
        raise UserError(f"Файл «{out.name}» должен иметь расширение .pdf или .xlsx.")
    if out.suffix.lower() != f".{file_format}":
        raise UserError(f"Файл «{out.name}» должен иметь расширение .{file_format}.")
    if args.kind == CASE_CARD:
        if not args.case:
            raise UserError("Укажите код случая: opeka report case-card --case СС-0001 --out карточка.pdf.")
    elif args.period is None:
        raise UserError("Укажите отчётный период: --period, например 2026-H1.")
    db = open_for_command(paths)
    try:
        if args.kind == CASE_CARD:
            from desktop_app.reports.builders.case_card import case_card_report, case_id_by_code

            report = case_card_report(db, actor, case_id_by_code(db, actor, args.case))
        else:
            request = ReportRequest(ReportKind(args.kind), args.period, args.district, args.form, args.program)
            report = build_report(ReportSources.open(db, paths), actor, request)
        write_report(report, out, file_format)
    finally:
        db.close()
    summary = {
        "path": str(out),
        "kind": args.kind,
        "format": file_format,
        "title": report.title,
        "rows": report.body_rows,
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"Отчёт записан: {out}")
    return 0
