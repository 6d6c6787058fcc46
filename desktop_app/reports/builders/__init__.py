"""The program's reports, each built once as data (desktop_app/reports/model.py) from the services and then
rendered to PDF or XLSX: the roadmap's execution, the key indicators, the resource families, a filled
form and, at the region, the consolidated indicators."""
