"""What a plan import adds besides measures: the approving act and the key indicators as catalogue drafts.

Key indicators go to the program's indicator group «Ключевые целевые показатели» with the state
«черновик»: a coordinator confirms them in the catalogue before anyone enters values. An indicator
already in that group (paired by code and name, as measures are) is never touched again by an import:
once confirmed it is the coordinator's, and a re-import must not undo their corrections.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop_app.domain.indicators import IndicatorState
from desktop_app.domain.periods import Period, PeriodKind, format_date
from desktop_app.domain.text import search_key
from desktop_app.plan_import import ImportedAct, ImportedKeyIndicator
from desktop_app.services.plan_import_data import Change, FieldChange, KeyIndicatorPreview
from desktop_app.services.plan_import_match import number_key, pair_up, same_text
from desktop_app.storage.models import Indicator, IndicatorGroup, IndicatorPlan, Program

KEY_GROUP_TITLE = "Ключевые целевые показатели"
_ACT_LABELS = {
    "act_body": "Утвердивший орган",
    "act_kind": "Вид акта",
    "act_number": "Номер акта",
    "act_date": "Дата акта",
}


@dataclass
class KeyIndicatorMatch:
    imported: ImportedKeyIndicator
    existing: Indicator | None


def key_group(program: Program | None) -> IndicatorGroup | None:
    if program is None:
        return None
    wanted = search_key(KEY_GROUP_TITLE)
    return next((group for group in program.indicator_groups if search_key(group.title) == wanted), None)


def match_key_indicators(program: Program | None, imported: Sequence[ImportedKeyIndicator]) -> list[KeyIndicatorMatch]:
    group = key_group(program)
    existing = list(group.indicators) if group is not None else []
    partners = pair_up(
        [(number_key(i.code), search_key(i.name)) for i in imported],
        [(number_key(i.code), search_key(i.name)) for i in existing],
    )
    return [
        KeyIndicatorMatch(indicator, existing[partner] if partner is not None else None)
        for indicator, partner in zip(imported, partners, strict=True)
    ]


def key_indicator_preview(match: KeyIndicatorMatch) -> KeyIndicatorPreview:
    imported, existing = match.imported, match.existing
    return KeyIndicatorPreview(
        code=imported.code,
        name=imported.name,
        kind=imported.kind,
        unit=imported.unit,
        direction=imported.direction,
        target_text=imported.target_text,
        location=imported.location,
        change=Change.NEW if existing is None else Change.UNCHANGED,
        existing_id=existing.id if existing is not None else None,
        state=existing.state if existing is not None else IndicatorState.DRAFT.value,
    )


def write_key_indicators(session: Session, program: Program, matches: Sequence[KeyIndicatorMatch]) -> list[str]:
    """Add the new key indicators as drafts with the plan's target change; the codes of those added."""
    new = [match.imported for match in matches if match.existing is None]
    if not new:
        return []
    group = key_group(program)
    if group is None:
        group = IndicatorGroup(program_id=program.id, title=KEY_GROUP_TITLE, position=len(program.indicator_groups))
        session.add(group)
        session.flush()
        program.indicator_groups.append(group)
    position = len(group.indicators)
    # The promised change («−25 %») is a target for the program's end, not a value: kept as printed text.
    final_year = Period(program.period_end.year, PeriodKind.YEAR).code
    for offset, imported in enumerate(new):
        indicator = Indicator(
            group_id=group.id,
            code=imported.code,
            name=imported.name,
            unit=imported.unit,
            kind=imported.kind,
            cumulative=False,
            direction=imported.direction,
            position=position + offset,
            state=IndicatorState.DRAFT.value,
        )
        session.add(indicator)
        session.flush()
        if imported.target_text:
            session.add(
                IndicatorPlan(
                    indicator_id=indicator.id,
                    period=final_year,
                    territory=program.territory,
                    value=None,
                    value_text=imported.target_text,
                )
            )
    session.flush()
    return [imported.code for imported in new]


def act_changes(program: Program | None, act: ImportedAct | None) -> list[FieldChange]:
    """Parts of an existing program's act the file reads differently; a part the file lacks is kept."""
    if program is None or act is None:
        return []
    pairs = [
        ("act_body", program.act_body, act.body),
        ("act_kind", program.act_kind, act.kind),
        ("act_number", program.act_number, act.number),
        ("act_date", format_date(program.act_date), format_date(act.date)),
    ]
    return [
        FieldChange(name, _ACT_LABELS[name], old, new) for name, old, new in pairs if new and not same_text(old, new)
    ]


def apply_act(program: Program, act: ImportedAct | None, fields: Collection[str] = tuple(_ACT_LABELS)) -> None:
    """Write the act's ``fields`` (all of them for a new program, the changed ones for an existing one)."""
    if act is None:
        return
    if "act_body" in fields and act.body:
        program.act_body = act.body
    if "act_kind" in fields and act.kind:
        program.act_kind = act.kind
    if "act_number" in fields and act.number:
        program.act_number = act.number
    if "act_date" in fields and act.date is not None:
        program.act_date = act.date
