"""The form engine: form definitions read from ``forms/`` (one JSON file per form) and their answers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.paths import forms_path
from desktop_app.domain.errors import UserError
from desktop_app.formkit.definition import FormDefinition
from desktop_app.formkit.loader import load_form_file


@dataclass(frozen=True)
class FormCatalogue:
    """The forms found in a folder; a broken file is listed in ``problems`` and does not hide the rest."""

    forms: tuple[FormDefinition, ...]
    problems: tuple[str, ...] = ()

    def get(self, form_id: str) -> FormDefinition:
        for form in self.forms:
            if form.id == form_id:
                return form
        known = ", ".join(form.id for form in self.forms) or "нет ни одной"
        raise UserError(f"Формы «{form_id}» нет; есть: {known}.")


def load_catalogue(folder: Path | None = None) -> FormCatalogue:
    """Every ``*.json`` form in ``folder`` (the shipped forms/ by default), in file-name order."""
    folder = folder or forms_path()
    forms: list[FormDefinition] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.json")):
        try:
            form = load_form_file(path)
        except UserError as exc:
            problems.append(exc.message)
            continue
        if any(existing.id == form.id for existing in forms):
            problems.append(f"Файл формы «{path.name}»: форма «{form.id}» уже описана в другом файле.")
            continue
        forms.append(form)
    return FormCatalogue(tuple(forms), tuple(problems))
