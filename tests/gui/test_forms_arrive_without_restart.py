"""A form the region sends in its package is on the district's «Формы» page as soon as the package is loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import forms_path
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.roles import Role
from desktop_app.gui.pages.forms_page import FormsPage
from tests.gui.helpers import settle
from tests.gui.test_exchange_screen import Exchange, OpenPage, accept_previews, exchange, open_exchange  # noqa: F401

FORM = "resource-families-monthly"


def test_a_new_version_from_the_region_is_listed_without_restarting(
    exchange: Exchange,  # noqa: F811
    open_exchange: OpenPage,  # noqa: F811
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    shipped = json.loads((forms_path() / "resource_families_monthly.json").read_text(encoding="utf-8"))
    newer = {**shipped, "version": shipped["version"] + 1, "title": shipped["title"] + " (ред. 2)"}
    region_forms = exchange.region.paths.root / "forms"
    region_forms.mkdir(exist_ok=True)
    (region_forms / "resource_families_monthly.json").write_text(json.dumps(newer, ensure_ascii=False), "utf-8")
    package = tmp_path / "region-2.opeka"
    exchange.region.export.write(SYSTEM_ACTOR, package)

    page = open_exchange(exchange.districts[0], Role.HEAD)
    forms = page.window().open_page("forms")
    assert isinstance(forms, FormsPage)
    settle(forms, qtbot)
    assert forms.context.forms.catalogue.get(FORM).version == shipped["version"]

    page = page.window().open_page("exchange")
    accept_previews(page, monkeypatch)
    page.import_file(package)
    settle(page, qtbot)
    assert "загружен" in page.messages.text()
    forms = page.window().open_page("forms")
    settle(forms, qtbot)
    forms.show_form(FORM)
    settle(forms, qtbot)
    assert forms.form_combo.currentText() == newer["title"]
    assert forms.state is not None and forms.state.form.version == newer["version"]

    reports = page.window().open_page("reports")
    settle(reports, qtbot)
    choice = reports.choice  # type: ignore[attr-defined]
    titles = [choice.form_combo.itemText(row) for row in range(choice.form_combo.count())]
    assert newer["title"] in titles, "the reports page offers the new version too"
