"""The login dialog and the first-start wizard, driven as a user would."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import territory_directory
from desktop_app.domain.roles import InstallationKind
from desktop_app.gui.dialogs.login_dialog import LoginDialog
from desktop_app.gui.dialogs.setup_wizard import SetupWizard
from desktop_app.services.auth import AuthService
from desktop_app.services.installation import InstallationService
from desktop_app.services.setup import create_installation
from desktop_app.storage.database import Database


def _login_dialog(qtbot: QtBot, db: Database) -> LoginDialog:
    dialog = LoginDialog(AuthService(db), "Плесецкий муниципальный округ", last_login="demo")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_correct_password_signs_in(qtbot: QtBot, demo_db: Database, demo_password: str) -> None:
    dialog = _login_dialog(qtbot, demo_db)
    dialog.password_edit.setText(demo_password)
    dialog.try_login()
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.login == "demo"


def test_wrong_password_is_explained_and_the_dialog_stays(qtbot: QtBot, demo_db: Database) -> None:
    dialog = _login_dialog(qtbot, demo_db)
    dialog.password_edit.setText("не тот пароль 1")
    dialog.try_login()
    assert dialog.isVisible()
    assert dialog.actor is None
    assert "Неверный логин или пароль" in dialog.auth_error.text()
    assert "блокируется на 15 минут" in dialog.auth_error.text()
    assert dialog.password_edit.text() == ""
    assert dialog.login_edit.text() == "demo"


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(
    qtbot: QtBot, demo_db: Database, demo_password: str
) -> None:
    dialog = _login_dialog(qtbot, demo_db)
    for _ in range(5):
        dialog.password_edit.setText("wrong-password-1")
        dialog.try_login()
    assert "заблокирована" in dialog.auth_error.text()
    dialog.password_edit.setText(demo_password)
    dialog.try_login()
    assert dialog.actor is None
    assert "заблокирована" in dialog.auth_error.text()


def test_empty_fields_are_named_beside_the_field(qtbot: QtBot, demo_db: Database) -> None:
    dialog = _login_dialog(qtbot, demo_db)
    dialog.login_edit.clear()
    dialog.try_login()
    assert dialog.login_error.text() == "Введите логин."
    dialog.login_edit.setText("demo")
    dialog.try_login()
    assert dialog.password_error.text() == "Введите пароль."


def _wizard(qtbot: QtBot) -> SetupWizard:
    wizard = SetupWizard(territory_directory())
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_wizard_creates_a_district_installation(qtbot: QtBot, empty_paths: DataPaths) -> None:
    wizard = _wizard(qtbot)
    wizard.next()
    territory = wizard.territory_page
    territory.region_combo.setCurrentIndex(territory.region_combo.findData("54"))
    territory.district_combo.setCurrentIndex(territory.district_combo.findText("Тогучинский район"))
    wizard.next()
    assert "Тогучинский район" in wizard.organisation_page.name_edit.text()
    wizard.next()
    admin = wizard.admin_page
    admin.login_edit.setText("Petrova")
    admin.name_edit.setText("Петрова Анна Ивановна")
    admin.password_edit.setText("надёжный-пароль-7")
    admin.repeat_edit.setText("надёжный-пароль-7")
    assert admin.validatePage()
    request = wizard.request()
    assert request.kind is InstallationKind.DISTRICT
    assert (request.region_code, request.district_name) == ("54", "Тогучинский район")
    db = create_installation(empty_paths, request)
    try:
        info = InstallationService(db).info()
        assert info.district_name == "Тогучинский район" and info.region_name == "Новосибирская область"
        assert AuthService(db).login("petrova", "надёжный-пароль-7").full_name == "Петрова Анна Ивановна"
    finally:
        db.close()


def test_wizard_says_what_is_wrong_with_the_administrator(qtbot: QtBot) -> None:
    wizard = _wizard(qtbot)
    admin = wizard.admin_page
    admin.login_edit.setText("a b")
    admin.password_edit.setText("short")
    admin.repeat_edit.setText("short")
    assert not admin.validatePage()
    assert "Логин" in admin.login_error.text()
    assert "не короче 8 символов" in admin.password_error.text()
    assert "ФИО" in admin.name_error.text() or "фамилию" in admin.name_error.text()
    admin.login_edit.setText("admin")
    admin.name_edit.setText("Иванов Иван Иванович")
    admin.password_edit.setText("пароль-надёжный-1")
    admin.repeat_edit.setText("пароль-другой-1")
    assert not admin.validatePage()
    assert admin.repeat_error.text() == "Пароли не совпадают."


def test_region_installation_needs_no_district(qtbot: QtBot) -> None:
    wizard = _wizard(qtbot)
    wizard.role_page.region_radio.setChecked(True)
    wizard.next()
    assert not wizard.territory_page.district_combo.isEnabled()
    assert wizard.territory_page.validatePage()
    assert wizard.request().district_name == ""
    assert wizard.request().kind is InstallationKind.REGION
