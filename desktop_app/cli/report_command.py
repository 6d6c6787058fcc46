"""`opeka report KIND --period P [--district NAME] [--form ID] --format pdf|xlsx --out FILE`: a printed report
as the reports screen makes it. KIND: measures, indicators, families, form, consolidated, cases. At the region,
`--district` names one district, or `*` for every district (a section, a sheet, each). Made as the signed-in user
(cli/sign_in.py): what the role may not see is not in it, and the executor's line names that user, as in the window."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from desktop_app.cli.arguments import period_argument
from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.reports.builders.request import ReportKind, ReportRequest


def add_report_parser(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    report = command("report", "сформировать отчётную форму в PDF или XLSX")
    report.add_argument("kind", choices=[kind.value for kind in ReportKind], metavar="ВИД", help=_kinds_help())
    report.add_argument("--period", required=True, type=period_argument, metavar="ПЕРИОД", help="например 2026-H1")
    report.add_argument("--district", metavar="НАЗВАНИЕ", help="у региона: муниципальное образование или «*» — все")
    report.add_argument("--form", metavar="ФОРМА", help="форма (для вида form), см. opeka forms")
    report.add_argument("--program", metavar="ID", help="программа (по умолчанию — последняя)")
    report.add_argument("--format", required=True, choices=["pdf", "xlsx"], help="pdf или xlsx")
    report.add_argument("--out", required=True, metavar="ФАЙЛ", help="куда записать отчёт")
    report.add_argument("--json", action="store_true", help="вывести итог в формате JSON")


def _kinds_help() -> str:
    return "; ".join(f"{kind.value} — {kind.label}" for kind in ReportKind)


def run_report(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    from desktop_app.cli.opening import open_for_command
    from desktop_app.reports.builders.dispatch import build_report, write_report
    from desktop_app.reports.builders.sources import ReportSources

    out = Path(args.out)
    if out.suffix.lower() != f".{args.format}":
        raise UserError(f"Файл «{out.name}» должен иметь расширение .{args.format}.")
    request = ReportRequest(ReportKind(args.kind), args.period, args.district, args.form, args.program)
    db = open_for_command(paths)
    try:
        report = build_report(ReportSources.open(db, paths), actor, request)
        write_report(report, out, args.format)
    finally:
        db.close()
    summary = {
        "path": str(out),
        "kind": args.kind,
        "format": args.format,
        "title": report.title,
        "rows": report.body_rows,
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"Отчёт записан: {out}")
    return 0
