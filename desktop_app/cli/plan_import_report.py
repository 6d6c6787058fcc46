"""What `opeka import-plan` prints: the preview as Russian text lines, or a JSON summary."""

from __future__ import annotations

from typing import Any

from desktop_app.domain.periods import format_date
from desktop_app.domain.text import collapse_spaces
from desktop_app.services.plan_import_data import ApplyResult, Change, Counts, MeasurePreview, PlanImportPreview

_SHOWN_TEXT = 70


def _short(text: str) -> str:
    text = collapse_spaces(text)
    return text if len(text) <= _SHOWN_TEXT else f"{text[: _SHOWN_TEXT - 1]}…"


def _counts(label: str, counts: Counts) -> str:
    return f"{label}: новых {counts.new}, изменённых {counts.changed}, без изменений {counts.unchanged}"


def preview_lines(preview: PlanImportPreview) -> list[str]:
    """The preview as the terminal shows it, changed fields with old → new values."""
    state = "новая, будет создана" if preview.is_new_program else "найдена в базе"
    period = (
        f"{format_date(preview.period_start)} – {format_date(preview.period_end)}"
        if preview.period_start and preview.period_end
        else "не указан в файле"
    )
    lines = [
        f"Файл: {preview.source}",
        f"Программа: {preview.program_title} ({state})",
        f"Срок реализации: {period}",
        f"Порядок отчётности: {preview.reporting.summary}" + (" (изменится)" if preview.reporting_changed else ""),
        f"Утверждена: {preview.act.label}" if preview.act is not None else "Утверждена: акт в файле не найден",
    ]
    for change in preview.act_changes:
        lines.append(f"    {change.label}: «{change.old}» → «{change.new}»")
    if preview.sections:
        lines.append(_counts("Разделы", preview.section_counts))
    lines += [_counts("Блоки", preview.block_counts), _counts("Мероприятия", preview.measure_counts)]
    for item in preview.items:
        if item.change is not Change.CHANGED:
            continue
        title = item.name if isinstance(item, MeasurePreview) else item.title
        lines.append(f"Изменено: {item.number} {_short(title)} ({item.location})")
        for change in item.fields:
            lines.append(f"    {change.label}: «{_short(change.old)}» → «{_short(change.new)}»")
    if preview.new_organisations:
        lines.append("Новые исполнители (будут добавлены в справочник как неподтверждённые):")
        lines += [
            f"    {org.name}" + (f" — {org.full_name}" if org.full_name != org.name else "")
            for org in preview.new_organisations
        ]
    if preview.missing_measures:
        lines.append("Мероприятия программы, которых нет в файле (остаются без изменений):")
        lines += [f"    {m.block_number}{m.number} {_short(m.name)}" for m in preview.missing_measures]
    if preview.key_indicators:
        lines.append("Ключевые целевые показатели (новые добавляются в каталог как черновики до подтверждения):")
        for indicator in preview.key_indicators:
            lines.append(f"    {indicator.code} {_short(indicator.name)} — {indicator.description}; {indicator.status}")
    if preview.warnings:
        lines.append("Проверьте:")
        lines += [f"    {warning}" for warning in preview.warnings]
    if preview.problems:
        lines.append("Не прочитано:")
        lines += [f"    {problem}" for problem in preview.problems]
    return lines


def result_line(result: ApplyResult) -> str:
    what = "создана" if result.created_program else "обновлена"
    return (
        f"Импорт выполнен: программа {what}; мероприятий добавлено {result.measures.new}, "
        f"изменено {result.measures.changed}; новых организаций {len(result.organisations_added)}; "
        f"ключевых показателей-черновиков добавлено {len(result.key_indicators_added)}."
    )


def summary(preview: PlanImportPreview, result: ApplyResult | None) -> dict[str, Any]:
    data = preview.summary()
    data["applied"] = result is not None
    if result is not None:
        data["program"]["id"] = result.program_id
    return data
