"""Which column of a case list feeds which field. Headers are compared as in the family list (case, ё/е, spaces)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop_app.case_import.fields import FIELD_BY_KEY, REQUIRED
from desktop_app.family_import.mapping import resolve_columns


@dataclass(frozen=True)
class CaseMapping:
    columns: Mapping[str, str] = field(default_factory=dict)  # field key → header text
    default_municipality: str = ""  # for rows without one: the district's own list rarely names the district

    def missing_required(self) -> list[str]:
        """Labels of the fields without which no row can become a case."""
        return [FIELD_BY_KEY[key].label for key in REQUIRED if not self.columns.get(key)]

    def resolve(self, headers: Sequence[str]) -> dict[str, int]:
        """Field key → column index in ``headers``; ValidationError naming what the file lacks."""
        return resolve_columns(self.columns, headers, FIELD_BY_KEY, REQUIRED)
