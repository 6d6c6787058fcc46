"""`opeka export` and `opeka import`: exchange files with the region (desktop_app/sync/FORMAT.md).

These act as the signed-in user (cli/sign_in.py): exchange needs its right. `import` takes several
files, or a folder (every bundle in it, as the window's «Загрузить папку…» takes them); a bad one is reported
and the others still go in. Exit codes: 0 all taken (or checked with
--dry-run), 2 at least one file refused or not taken (a region package older than the one already loaded),
1 any other refusal.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.arguments import period_argument
from desktop_app.domain.errors import UserError

if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths
    from desktop_app.domain.actor import Actor


def add_exchange_parsers(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    export = command("export", "выгрузить пакет обмена: у МО — пакет для региона, у региона — пакет для МО")
    export.add_argument("--out", required=True, metavar="ФАЙЛ.opeka", help="куда записать пакет")
    export.add_argument(
        "--period", type=period_argument, metavar="ПЕРИОД", help="только записи этого периода и документы их отчётов"
    )
    export.add_argument("--json", action="store_true", help="вывести итог в формате JSON")
    load = command("import", "загрузить пакеты обмена (можно несколько файлов или папку с пакетами МО)")
    load.add_argument(
        "files", nargs="+", metavar="ФАЙЛ.opeka|ПАПКА", help="файлы обмена или папка: все её пакеты, старые первыми"
    )
    load.add_argument("--dry-run", action="store_true", help="только проверить и показать изменения")
    load.add_argument("--json", action="store_true", help="вывести итог в формате JSON")
    office = command("office", "несколько ПК в отделе: карточка основного ПК, подключение рабочего места")
    office.add_argument(
        "action",
        choices=["show", "card", "connect", "disconnect"],
        help="show — куда уходят пакеты; card — карточка основного ПК; connect — подключить это рабочее место к"
        " основному ПК по его карточке; disconnect — снова отправлять пакеты в регион",
    )
    office.add_argument("file", nargs="?", metavar="ФАЙЛ.opeka-card", help="карточка (для card и connect)")
    office.add_argument("--json", action="store_true", help="вывести в формате JSON")


def _services(paths: DataPaths) -> tuple[Any, Any, Any]:
    from desktop_app.cli.opening import open_for_command
    from desktop_app.services.attachments import AttachmentStore
    from desktop_app.sync.setup import exchange_services

    db = open_for_command(paths)
    exporter, importer = exchange_services(db, paths, AttachmentStore(paths.attachments))
    return db, exporter, importer


def run_export(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    db, exporter, _ = _services(paths)
    try:
        result = exporter.write(actor, Path(args.out), args.period)
    finally:
        db.close()
    report = {
        "path": str(result.path),
        "kind": result.kind,
        "sequence": result.sequence,
        "sha256": result.file_sha256,
        "counts": result.counts,
        "periods": list(result.periods),
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        what = "Пакет региона" if result.kind == "region-package" else "Пакет муниципального образования"
        print(f"{what} № {result.sequence} записан: {result.path}")
        for name, count in result.counts.items():
            print(f"  {name}: {count}")
    return 0


def run_import(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    db, _, importer = _services(paths)
    reports: list[dict[str, Any]] = []
    refused = False
    try:
        for name in args.files:
            path = Path(name)
            if path.is_dir():
                folder_reports = _import_folder(importer, actor, path, bool(args.dry_run))
                refused = refused or any(report["result"] in ("refused", "older") for report in folder_reports)
                reports.extend(folder_reports)
                continue
            try:
                preview = importer.preview(actor, path)
                if preview.older_message:  # checked and genuine, but taking it would undo the newer one
                    refused = True
                    reports.append(
                        _report(path, preview, False) | {"result": "older", "message": preview.older_message}
                    )
                    continue
                applied = False
                if not args.dry_run and preview.changes_anything:
                    importer.apply(actor, preview)
                    applied = True
                reports.append(_report(path, preview, applied))
            except UserError as error:
                refused = True
                reports.append({"file": str(path), "result": "refused", "message": error.message})
    finally:
        db.close()
    if args.json:
        print(json.dumps({"files": reports, "dry_run": bool(args.dry_run)}, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            _print(report)
    return 2 if refused else 0


def _import_folder(importer: Any, actor: Actor, folder: Path, dry_run: bool) -> list[dict[str, Any]]:
    """Every bundle of ``folder`` as the window's «Загрузить папку…» takes them (sync.batch.import_folder: oldest
    first, one transaction with a savepoint per file); with ``dry_run`` each is only checked."""
    from desktop_app.sync.batch import bundle_files, import_folder

    try:
        files = bundle_files(folder)
        if not files:
            raise UserError(f"В папке «{folder}» нет файлов обмена (.opeka).")
        if dry_run:
            return [_checked(importer, actor, path) for path in files]
        rows = import_folder(importer, actor, folder)
    except UserError as error:
        return [{"file": str(folder), "result": "refused", "message": error.message}]
    return [
        {
            "file": str(row.file),
            "result": row.result,
            "source": row.source,
            "sequence": row.sequence,
            "message": row.message,
            "new": row.new,
            "changed": row.changed,
            "conflicts": row.conflicts,
        }
        for row in rows
    ]


def _checked(importer: Any, actor: Actor, path: Path) -> dict[str, Any]:
    try:
        preview = importer.preview(actor, path)
    except UserError as error:
        return {"file": str(path), "result": "refused", "message": error.message}
    if preview.older_message:
        return _report(path, preview, False) | {"result": "older", "message": preview.older_message}
    return _report(path, preview, False)


def _report(path: Path, preview: Any, applied: bool) -> dict[str, Any]:
    from desktop_app.sync.preview_words import entity_label, field_changes

    counts = {
        entity: {outcome.value: n for outcome, n in counter.items()} for entity, counter in preview.counts().items()
    }
    # the keys and the stored values stay for scripts; the *_label and *_text values are the window's words
    changes = [
        {
            "entity": plan.entity,
            "entity_label": entity_label(plan.entity),
            "id": plan.record_id,
            "record": preview.record_label(plan),
            "outcome": plan.outcome.value,
            "outcome_label": plan.outcome.label,
            # masked for a role without the right to see personal data, internal fields left out
            "fields": [
                {
                    "field": change.field,
                    "label": change.label,
                    "old": _text(change.old),
                    "new": _text(change.new),
                    "old_text": change.old_text,
                    "new_text": change.new_text,
                }
                for change in field_changes(preview, plan)
            ],
        }
        for plan in preview.plans
        if plan.changes
    ][:500]
    return {
        "file": str(path),
        "result": "applied" if applied else ("unchanged" if not preview.changes_anything else "checked"),
        "kind": preview.kind,
        "source": preview.source_name,
        "sequence": preview.sequence,
        "sha256": preview.file_sha256,
        "already_imported": preview.already_imported,
        "counts": counts,
        "changes": changes,
    }


def _text(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _print(report: dict[str, Any]) -> None:
    if report["result"] in ("refused", "older"):
        print(f"{report['file']}: не загружен — {report['message']}")
        return
    if report["result"] == "cancelled":
        print(f"{report['file']}: не загружен — {report['message']}")
        return
    state = {"applied": "загружен", "unchanged": "изменений нет", "checked": "проверен (без записи)"}[report["result"]]
    print(f"{report['file']}: {state} — {report['source']}, пакет № {report['sequence']}")
    if "counts" not in report:  # a file of a folder: its totals, as the window's summary table shows them
        if report["result"] == "applied":
            print(f"  новых: {report['new']}, изменённых: {report['changed']}, конфликтов: {report['conflicts']}")
        return
    from desktop_app.sync.merge import Outcome
    from desktop_app.sync.preview_words import entity_label

    for entity, counts in report["counts"].items():
        parts = ", ".join(f"{Outcome(outcome).label}: {n}" for outcome, n in counts.items())
        print(f"  {entity_label(entity)}: {parts}")
    if report["result"] == "checked":  # a dry run shows what would change, as the window's preview does
        for change in report["changes"]:
            for field in change["fields"]:
                print(
                    f"    {change['entity_label']}, {change['record']} ({change['outcome_label']}):"
                    f" {field['label']}: {field['old_text']} → {field['new_text']}"
                )


def run_office(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    from desktop_app.cli.opening import open_for_command
    from desktop_app.sync.setup import office_link

    if args.action in ("card", "connect") and not args.file:
        raise UserError("Укажите файл карточки основного ПК (.opeka-card).")
    db = open_for_command(paths)
    try:
        link = office_link(db, paths)
        if args.action == "card":
            link.write_card(actor, Path(args.file))
        elif args.action == "connect":
            link.connect(actor, Path(args.file))
        elif args.action == "disconnect":
            link.disconnect(actor)
        role = link.role(actor)
    finally:
        db.close()
    main = role.main_pc
    report = {
        "role": "workstation" if main is not None else "main",
        "own_fingerprint": role.own_fingerprint,
        "main_pc": {"name": main.name, "installation": main.installation, "fingerprint": main.fingerprint}
        if main is not None
        else None,
        "workstations": list(role.workstations),
        "card": args.file if args.action == "card" else None,
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    if args.action == "card":
        print(f"Карточка основного ПК записана: {args.file}")
    if main is not None:
        print(
            f"Дополнительное рабочее место: пакеты уходят на основной ПК «{main.name}» (отпечаток {main.fingerprint})."
        )
    else:
        print(f"Пакеты уходят в регион. Отпечаток ключа этой установки: {role.own_fingerprint}.")
        if role.workstations:
            print("Рабочие места, приславшие пакеты: " + ", ".join(role.workstations))
    return 0
