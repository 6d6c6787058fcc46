"""Loading an authored form into the data folder's forms/: the version it gets, and who may do it.

The region package carries the forms of that folder to the districts (sync/exporter.py), and a district keeps
a form only when it is new or of a higher version; so a changed form must get a version above every one seen,
while loading the same form again must change nothing. Answers keep the version they were made with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any

from desktop_app.core.atomic import write_atomically
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.roles import InstallationKind, Role
from desktop_app.form_workbook.reader import WorkbookReading
from desktop_app.formkit import FormCatalogue
from desktop_app.formkit.definition import FormDefinition


class Outcome(StrEnum):
    NEW = "new"
    NEW_VERSION = "new_version"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Outcome.NEW: "новая форма",
    Outcome.NEW_VERSION: "новая версия формы",
    Outcome.UNCHANGED: "форма не изменилась",
}


@dataclass(frozen=True)
class FormInstall:
    """What loading a workbook will do: the form with the version it gets, and the version it replaces."""

    form: FormDefinition
    data: dict[str, Any]
    outcome: Outcome
    previous_version: int | None

    @property
    def summary(self) -> str:
        if self.outcome is Outcome.UNCHANGED:
            return f"Форма «{self.form.id}» версии {self.form.version} уже такая, как в книге: ничего не изменено."
        if self.outcome is Outcome.NEW:
            return f"Новая форма «{self.form.id}», версия {self.form.version}: {self.form.title}."
        return (
            f"Форма «{self.form.id}»: версия {self.previous_version} → {self.form.version}"
            " (ответы, данные по прежней версии, сохраняют свою версию)."
        )


def may_author_forms(actor: Actor, kind: InstallationKind) -> bool:
    """The region coordinator authors forms for the districts; an administrator may do it anywhere."""
    return actor.role is Role.ADMIN or (actor.role is Role.COORDINATOR and kind is InstallationKind.REGION)


def require_form_author(actor: Actor, kind: InstallationKind) -> None:
    if not may_author_forms(actor, kind):
        raise PermissionDenied(
            "Загружать формы могут региональный координатор и администратор. Обратитесь к администратору."
        )


def plan_install(reading: WorkbookReading, catalogue: FormCatalogue) -> FormInstall:
    """The version the read form gets: the settings' version is a minimum; a form already known with other content
    gets the highest known version + 1; the same content is left as it is."""
    form = reading.require()
    assert reading.data is not None
    current = next((known for known in catalogue.forms if known.id == form.id), None)
    if current is None:
        return FormInstall(form, reading.data, Outcome.NEW, None)
    if replace(form, version=current.version, _by_id={}) == current:
        return FormInstall(current, reading.data, Outcome.UNCHANGED, current.version)
    version = max(form.version, current.version + 1)
    return FormInstall(
        replace(form, version=version, _by_id={}),
        {**reading.data, "version": version},
        Outcome.NEW_VERSION,
        current.version,
    )


def install_form(plan: FormInstall, folder: Path) -> Path | None:
    """Write the form file into ``folder`` (the data folder's forms/) atomically; None when nothing changes."""
    if plan.outcome is Outcome.UNCHANGED:
        return None
    target = folder / f"{plan.form.id}.json"  # the id is latin letters, digits and «-» (reader.FORM_ID)
    raw = json.dumps({**plan.data, "version": plan.form.version}, ensure_ascii=False, indent=2).encode("utf-8")
    return write_atomically(target, partial(Path.write_bytes, data=raw), "форму")
