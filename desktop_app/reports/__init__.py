"""Printed reports: a report is built once as data (model.py) and rendered by pdf.py and xlsx.py.

The renderers import reportlab and openpyxl, which are slow to load; import them where they are used:
``from desktop_app.reports.pdf import render_pdf``, ``from desktop_app.reports.xlsx import render_xlsx``.
"""
