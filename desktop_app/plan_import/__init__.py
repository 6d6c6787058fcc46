"""Importing an approved roadmap plan from Word (.docx) or Excel (.xlsx) into plain data.

``read_plan_file(path)`` checks and reads the file and returns an ImportedPlan: sections → blocks →
measures with their executors split into organisation names, the approving act, the key indicators
as catalogue drafts, the rows that could not be read and the warnings about what may be read wrongly.
No Qt and no database here; services.plan_import compares the plan with the registry and stores it.
"""

from desktop_app.plan_import.deadline_checks import deadline_warnings
from desktop_app.plan_import.executors import split_executors
from desktop_app.plan_import.model import (
    ImportedAct,
    ImportedBlock,
    ImportedKeyIndicator,
    ImportedMeasure,
    ImportedPlan,
    ImportedSection,
    ImportProblem,
)
from desktop_app.plan_import.parser import parse_plan
from desktop_app.plan_import.reader import read_document, read_plan_file
from desktop_app.plan_import.safety import MAX_FILE_BYTES, MAX_ROWS

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ImportProblem",
    "ImportedAct",
    "ImportedBlock",
    "ImportedKeyIndicator",
    "ImportedMeasure",
    "ImportedPlan",
    "ImportedSection",
    "deadline_warnings",
    "parse_plan",
    "read_document",
    "read_plan_file",
    "split_executors",
]
