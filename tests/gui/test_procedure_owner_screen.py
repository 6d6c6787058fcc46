"""«Порядок отчётности…» on «Мероприятия» is closed, with the reason in its tooltip, for a program this installation
does not own; the district's own program keeps it open."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.domain.roles import Role
from desktop_app.storage.models import Program
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.test_measures_screen import measures_page

HEAD = make_actor(Role.HEAD, "head")


def test_the_procedure_button_is_closed_with_the_reason_for_a_regional_program(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(HEAD)
    with window.context.db.transaction(HEAD) as session:
        program = session.scalars(select(Program)).one()
        program.owner = ""  # the demo district's program handed to the region
    page = measures_page(window, qtbot)
    assert page.procedure_button.isVisible() and not page.procedure_button.isEnabled()
    assert page.procedure_button.toolTip() == (
        "Порядок отчётности программы принадлежит региону: изменить это может только регион, "
        "а изменения приходят с пакетом региона."
    )


def test_the_procedure_button_is_open_for_the_districts_own_program(make_window: WindowFactory, qtbot: QtBot) -> None:
    page = measures_page(make_window(HEAD), qtbot)
    assert page.procedure_button.isEnabled()
    assert page.procedure_button.toolTip().startswith("Периодичность отчётов исполнителей")
