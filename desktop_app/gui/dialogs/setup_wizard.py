"""First start: the wizard that asks for the installation's role, territory, organisation and administrator."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app import APP_TITLE
from desktop_app.domain.accounts import password_problems, validate_login
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.roles import InstallationKind
from desktop_app.domain.territories import TerritoryDirectory
from desktop_app.gui.widgets.field_error import FieldError, add_field
from desktop_app.services.setup import SetupRequest


class RolePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Назначение установки")
        self.setSubTitle("Установка работает либо в одном муниципальном образовании, либо у координатора региона.")
        layout = QVBoxLayout(self)
        self.district_radio = QRadioButton(
            "Муниципальное образование (орган опеки и попечительства района, округа, города)"
        )
        self.region_radio = QRadioButton("Региональный координатор (сводит данные всех муниципальных образований)")
        self.district_radio.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.district_radio, self.region_radio):
            group.addButton(button)
            layout.addWidget(button)
        layout.addStretch(1)

    def kind(self) -> InstallationKind:
        return InstallationKind.DISTRICT if self.district_radio.isChecked() else InstallationKind.REGION


class TerritoryPage(QWizardPage):
    def __init__(self, directory: TerritoryDirectory, role_page: RolePage) -> None:
        super().__init__()
        self._directory = directory
        self._role_page = role_page
        self.setTitle("Территория")
        self.setSubTitle("Выберите субъект Российской Федерации и муниципальное образование из справочника.")
        form = QFormLayout(self)
        self.region_combo = QComboBox()
        self.region_combo.setObjectName("region")
        for region in directory.regions:
            self.region_combo.addItem(region.title, region.code)
        self.district_combo = QComboBox()
        self.district_combo.setObjectName("district")
        self.region_error = add_field(form, "&Регион:", self.region_combo)
        self.district_error = add_field(form, "&Муниципальное образование:", self.district_combo)
        self.region_combo.currentIndexChanged.connect(self._fill_districts)
        index = self.region_combo.findData("29")
        self.region_combo.setCurrentIndex(max(index, 0))
        self._fill_districts()

    def initializePage(self) -> None:
        self.district_combo.setEnabled(self._role_page.kind() is InstallationKind.DISTRICT)

    def _fill_districts(self) -> None:
        region = self._directory.region(self.region_combo.currentData())
        self.district_combo.clear()
        for district in region.districts:
            self.district_combo.addItem(district.name)
        self.district_error.clear_message()

    def region_code(self) -> str:
        return str(self.region_combo.currentData())

    def district_name(self) -> str:
        if self._role_page.kind() is InstallationKind.REGION:
            return ""
        return self.district_combo.currentText()

    def validatePage(self) -> bool:
        self.district_error.clear_message()
        if self._role_page.kind() is InstallationKind.DISTRICT:
            try:
                self._directory.district(self.region_code(), self.district_name())
            except ValidationError as exc:
                self.district_error.show_message(exc.message)
                return False
        return True


class OrganisationPage(QWizardPage):
    def __init__(self, territory_page: TerritoryPage) -> None:
        super().__init__()
        self._territory_page = territory_page
        self.setTitle("Организация")
        self.setSubTitle("Наименование органа или учреждения, которое ведёт данные в этой установке.")
        form = QFormLayout(self)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("organisation")
        self.name_error = add_field(form, "&Наименование:", self.name_edit)

    def initializePage(self) -> None:
        if not self.name_edit.text().strip():
            district = self._territory_page.district_name()
            if district:
                self.name_edit.setText(f"Отдел опеки и попечительства ({district})")

    def validatePage(self) -> bool:
        if not self.name_edit.text().strip():
            self.name_error.show_message("Укажите наименование организации.")
            return False
        self.name_error.clear_message()
        return True


class AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Администратор")
        self.setSubTitle("Первый пользователь программы. Он сможет добавить остальных сотрудников.")
        form = QFormLayout(self)
        self.login_edit = QLineEdit("admin")
        self.login_edit.setObjectName("adminLogin")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("adminName")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("adminPassword")
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("adminPasswordRepeat")
        for edit in (self.password_edit, self.repeat_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_error = add_field(form, "&Логин:", self.login_edit)
        self.name_error = add_field(form, "&ФИО:", self.name_edit)
        self.password_error = add_field(form, "&Пароль:", self.password_edit)
        self.repeat_error = add_field(form, "П&овтор пароля:", self.repeat_edit)
        hint = QLabel("Пароль — не короче 8 символов, с буквами и цифрами или другими знаками.")
        hint.setWordWrap(True)
        form.addRow(hint)

    def validatePage(self) -> bool:
        errors: dict[FieldError, str] = {}
        login = ""
        try:
            login = validate_login(self.login_edit.text())
        except ValidationError as exc:
            errors[self.login_error] = exc.message
        if not self.name_edit.text().strip():
            errors[self.name_error] = "Укажите фамилию, имя и отчество."
        problems = password_problems(self.password_edit.text(), login)
        if problems:
            errors[self.password_error] = " ".join(problems)
        elif self.password_edit.text() != self.repeat_edit.text():
            errors[self.repeat_error] = "Пароли не совпадают."
        for widget in (self.login_error, self.name_error, self.password_error, self.repeat_error):
            widget.show_message(errors.get(widget, ""))
        return not errors


class SetupWizard(QWizard):
    """Collects a SetupRequest; creating the database is left to the caller."""

    def __init__(self, directory: TerritoryDirectory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Первоначальная настройка — {APP_TITLE}")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(640, 460)
        self.role_page = RolePage()
        self.territory_page = TerritoryPage(directory, self.role_page)
        self.organisation_page = OrganisationPage(self.territory_page)
        self.admin_page = AdminPage()
        for page in (self.role_page, self.territory_page, self.organisation_page, self.admin_page):
            self.addPage(page)

    def request(self) -> SetupRequest:
        return SetupRequest(
            kind=self.role_page.kind(),
            region_code=self.territory_page.region_code(),
            district_name=self.territory_page.district_name(),
            organisation_name=self.organisation_page.name_edit.text(),
            admin_login=self.admin_page.login_edit.text(),
            admin_full_name=self.admin_page.name_edit.text(),
            admin_password=self.admin_page.password_edit.text(),
        )
