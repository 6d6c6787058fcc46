"""The way a resource family goes: candidate → documents → ШПР → diagnostics → register → active/paused/excluded.

Seed 000 section 1 block III and seed 001 subproject 1.1: a family is found (monthly lists of potential
families), collects documents, is trained at the school for foster parents (ШПР) with the extra module
for temporary placement, passes the psychological diagnostics «на ресурсность» and is included in the
register. Afterwards it takes children (active), may pause, or is excluded. A step may be skipped or
taken back only with a recorded reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date


class FamilyStage(StrEnum):
    CANDIDATE = "candidate"
    DOCUMENTS = "documents"
    TRAINING = "training"
    DIAGNOSTICS = "diagnostics"
    IN_REGISTER = "in_register"
    ACTIVE = "active"
    PAUSED = "paused"
    EXCLUDED = "excluded"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]

    @property
    def is_ready(self) -> bool:
        """In the register and not paused or excluded: may take a child now."""
        return self in READY_STAGES

    @classmethod
    def read(cls, value: str) -> FamilyStage:
        try:
            return cls(value)
        except ValueError:
            return cls.CANDIDATE


STAGE_LABELS = {
    FamilyStage.CANDIDATE: "кандидат",
    FamilyStage.DOCUMENTS: "сбор документов",
    FamilyStage.TRAINING: "обучение в ШПР (модуль временного устройства)",
    FamilyStage.DIAGNOSTICS: "диагностика «на ресурсность»",
    FamilyStage.IN_REGISTER: "включена в реестр",
    FamilyStage.ACTIVE: "принимает детей",
    FamilyStage.PAUSED: "приостановлена",
    FamilyStage.EXCLUDED: "исключена",
}
PREPARATION = (
    FamilyStage.CANDIDATE,
    FamilyStage.DOCUMENTS,
    FamilyStage.TRAINING,
    FamilyStage.DIAGNOSTICS,
    FamilyStage.IN_REGISTER,
)
READY_STAGES = frozenset({FamilyStage.IN_REGISTER, FamilyStage.ACTIVE})
REGISTERED = frozenset({FamilyStage.IN_REGISTER, FamilyStage.ACTIVE, FamilyStage.PAUSED})
REASON_LIMIT = 2000


def _rank(stage: FamilyStage) -> int:
    """Where a stage stands on the way: active and paused come after inclusion in the register."""
    return PREPARATION.index(stage) if stage in PREPARATION else len(PREPARATION)


@dataclass(frozen=True)
class StepInput:
    """A step the user records: the new stage, its date, who did it and, where needed, why."""

    stage: FamilyStage
    on_date: date | None
    done_by: str
    reason: str = ""
    notes: str = ""


@dataclass(frozen=True)
class RegisterPapers:
    """Which of the two papers a family enters the register on it has: the certificate of the school for foster
    parents (ШПР) and the guardianship department's conclusion. Either counts as there once its number or date is
    written on the card."""

    shpr_certificate: bool
    conclusion: bool

    @classmethod
    def of(
        cls, shpr_certificate: str, shpr_date: date | None, conclusion_number: str, conclusion_date: date | None
    ) -> RegisterPapers:
        return cls(
            bool(shpr_certificate.strip()) or shpr_date is not None,
            bool(conclusion_number.strip()) or (conclusion_date is not None),
        )

    def missing(self) -> tuple[str, ...]:
        """The names of the missing papers, in the genitive («нет …»)."""
        names = ((self.shpr_certificate, SHPR_CERTIFICATE), (self.conclusion, CONCLUSION))
        return tuple(name for present, name in names if not present)


SHPR_CERTIFICATE = "свидетельства об окончании ШПР"
CONCLUSION = "заключения органа опеки"


def enters_register(current: FamilyStage | None, target: FamilyStage) -> bool:
    """The step takes a family not in the register (new, preparing or excluded) into it."""
    return target in REGISTERED and current not in REGISTERED


def missing_papers_text(current: FamilyStage | None, target: FamilyStage, papers: RegisterPapers | None) -> str:
    """«Нет свидетельства об окончании ШПР: …» when the step enters the register without a paper; else empty."""
    missing = papers.missing() if papers is not None and enters_register(current, target) else ()
    if not missing:
        return ""
    without = "них" if len(missing) > 1 else "него"
    return f"Нет {' и '.join(missing)}: укажите, почему семья включается в реестр без {without}."


def reason_needed(current: FamilyStage | None, target: FamilyStage, papers: RegisterPapers | None = None) -> str:
    """Why moving from ``current`` to ``target`` needs a recorded reason; empty when it does not.

    ``papers`` are the family's papers when known: entering the register without one of them needs a reason too.
    """
    return " ".join(filter(None, [_stage_reason(current, target), missing_papers_text(current, target, papers)]))


def _stage_reason(current: FamilyStage | None, target: FamilyStage) -> str:
    if target is FamilyStage.EXCLUDED:
        return "Укажите причину исключения семьи из реестра."
    if target is FamilyStage.PAUSED:
        return "Укажите причину приостановки."
    if current is FamilyStage.EXCLUDED:
        return "Семья была исключена: укажите, почему она возвращается."
    if current in REGISTERED and target in REGISTERED:
        return ""
    start = -1 if current is None else _rank(current)
    wanted = _rank(target)
    if wanted > start + 1:
        skipped = [f"«{stage.label}»" for stage in PREPARATION[start + 1 : wanted]]
        word = "Пропущен этап" if len(skipped) == 1 else "Пропущены этапы"
        return f"{word} {', '.join(skipped)}: укажите причину."
    if current is not None and wanted < start:
        return f"Возврат с этапа «{current.label}» на «{target.label}»: укажите причину."
    return ""


def check_step(
    current: FamilyStage | None,
    last_date: date | None,
    step: StepInput,
    today: date,
    papers: RegisterPapers | None = None,
) -> StepInput:
    """The step cleaned up, or ValidationError with a message per field («stage», «on_date», «done_by», «reason»).

    ``papers`` (the family's ШПР certificate and conclusion) make entering the register without one need a reason;
    every caller that knows the family passes them.
    """
    errors: dict[str, str] = {}
    reason, done_by, notes = step.reason.strip(), " ".join(step.done_by.split()), step.notes.strip()
    if current is step.stage:
        errors["stage"] = f"Семья уже на этапе «{step.stage.label}»."
    elif (why := reason_needed(current, step.stage, papers)) and not reason:
        errors["reason"] = why
    if len(reason) > REASON_LIMIT:
        errors["reason"] = f"Не более {REASON_LIMIT} знаков."
    if step.on_date is None:
        errors["on_date"] = "Укажите дату этапа."
    elif step.on_date > today:
        errors["on_date"] = "Дата этапа ещё не наступила."
    elif last_date is not None and step.on_date < last_date:
        errors["on_date"] = f"Дата раньше предыдущего этапа ({format_date(last_date)})."
    if not done_by:
        errors["done_by"] = "Укажите, кто провёл этап."
    elif len(done_by) > 300:
        errors["done_by"] = "Не более 300 знаков."
    if errors:
        raise ValidationError("Этап не записан: исправьте отмеченные поля.", errors)
    return StepInput(step.stage, step.on_date, done_by, reason, notes)


def next_stages(current: FamilyStage | None) -> list[FamilyStage]:
    """The stages offered first in the «next step» list: the usual way on, then the rest."""
    if current is None:
        return [FamilyStage.CANDIDATE]
    usual = {
        FamilyStage.IN_REGISTER: [FamilyStage.ACTIVE, FamilyStage.PAUSED],
        FamilyStage.ACTIVE: [FamilyStage.PAUSED],
        FamilyStage.PAUSED: [FamilyStage.ACTIVE],
        FamilyStage.EXCLUDED: [FamilyStage.CANDIDATE],
    }.get(current)
    if usual is None:
        usual = [PREPARATION[PREPARATION.index(current) + 1]]
    rest = [stage for stage in FamilyStage if stage is not current and stage not in usual]
    return usual + rest


def stage_on(steps: Iterable[tuple[FamilyStage, date]], day: date) -> tuple[FamilyStage, date] | None:
    """The stage a family stood at on ``day`` and the date it reached it, from its steps in the order they were
    recorded; None when its first step came later (the family was not yet known then)."""
    found: tuple[FamilyStage, date] | None = None
    for stage, on_date in steps:
        if on_date <= day:
            found = (stage, on_date)
    return found
