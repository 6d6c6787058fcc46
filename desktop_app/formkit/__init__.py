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


def load_catalogue(folder: Path | None = None, received: Path | None = None) -> FormCatalogue:
    """Every ``*.json`` form in ``folder`` (the shipped forms/ by default), in file-name order, and the
    forms ``received`` from the region (the data folder's forms/): of two versions of a form the higher wins."""
    forms: dict[str, FormDefinition] = {}
    problems: list[str] = []
    for source in (folder or forms_path(), received):
        if source is None or not source.is_dir():
            continue
        seen_here: set[str] = set()
        for path in sorted(source.glob("*.json")):
            try:
                form = load_form_file(path)
            except UserError as exc:
                problems.append(exc.message)
                continue
            if form.id in seen_here:
                problems.append(f"Файл формы «{path.name}»: форма «{form.id}» уже описана в другом файле.")
                continue
            seen_here.add(form.id)
            if form.id not in forms or forms[form.id].version < form.version:
                forms[form.id] = form
    return FormCatalogue(tuple(forms.values()), tuple(problems))


def form_files(folder: Path | None = None, received: Path | None = None) -> dict[str, tuple[int, bytes]]:
    """Form id → (version, file bytes) of the forms the catalogue would use: what a region package carries."""
    chosen: dict[str, tuple[int, bytes]] = {}
    for source in (folder or forms_path(), received):
        if source is None or not source.is_dir():
            continue
        for path in sorted(source.glob("*.json")):
            try:
                form = load_form_file(path)
            except UserError:
                continue
            if form.id not in chosen or chosen[form.id][0] < form.version:
                chosen[form.id] = (form.version, path.read_bytes())
    return chosen
