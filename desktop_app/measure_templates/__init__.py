"""Excel templates of measure execution reports for co-executors without the program: one protected sheet
per executor with its measures of the period (status from a list, what was done, count, document
references), read back by the service sheet's map into a preview and then into execution reports.

Built on form_templates: the same sheet layout and protection (layout.FormSheet), the same very hidden
service sheet ``_opeka`` and the same file checks before openpyxl opens anything (reader.check_template_file).
"""

from __future__ import annotations

from desktop_app.measure_templates.model import (
    ExecutorSheet,
    Field,
    FilledMeasureTemplate,
    FilledRow,
    MeasureLine,
)

__all__ = ["ExecutorSheet", "Field", "FilledMeasureTemplate", "FilledRow", "MeasureLine"]
