"""«Рабочие места»: several PCs in one office. The main PC saves its card for the office's other PCs and
shows its fingerprint; a workstation's administrator loads the card, compares the fingerprint by eye and
connects — from then on its bundles go to the main PC (desktop_app/sync/office.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.periods import format_moment
from desktop_app.domain.roles import Permission
from desktop_app.gui import file_dialogs
from desktop_app.gui.exchange.common import MUTED_STYLE, wrapped_label
from desktop_app.sync.office import CARD_SUFFIX, OfficeCard, OfficeRole

if TYPE_CHECKING:
    from desktop_app.gui.pages.exchange_page import ExchangePage

CARD_FILTER = f"Карточка основного ПК (*{CARD_SUFFIX})"


class OfficePanel(QWidget):
    def __init__(self, page: ExchangePage) -> None:
        super().__init__()
        self.page = page
        actor = page.context.actor
        self.is_admin = actor.can(Permission.MANAGE_USERS)
        self.role: OfficeRole | None = None
        self.state_label = wrapped_label(name="officeState")
        self.state_label.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.detail_label = wrapped_label(name="officeDetail")
        self.card_button = QPushButton("Сохранить карточку основного ПК…")
        self.card_button.setObjectName("saveOfficeCard")
        self.card_button.setToolTip("Файл с открытыми ключами этого ПК: его загружают на других ПК отдела")
        self.card_button.clicked.connect(self._ask_card_path)
        self.connect_button = QPushButton("Подключить к основному ПК…")
        self.connect_button.setObjectName("connectMainPc")
        self.connect_button.clicked.connect(self._ask_card_file)
        self.disconnect_button = QPushButton("Отправлять пакеты в регион")
        self.disconnect_button.setObjectName("disconnectMainPc")
        self.disconnect_button.clicked.connect(self.send_to_region)
        buttons = QHBoxLayout()
        for button in (self.card_button, self.connect_button, self.disconnect_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(self.detail_label)
        layout.addLayout(buttons)
        layout.addWidget(
            wrapped_label(
                "Если в отделе несколько компьютеров, один из них — основной: он выгружает пакет для региона."
                " На другом ПК администратор загружает карточку основного ПК и сверяет отпечаток ключа с тем,"
                " что показан здесь на основном ПК. После этого пакеты рабочего места шифруются для основного ПК;"
                " там их загружают на вкладке «Загрузка» — с тем же просмотром изменений и теми же конфликтами."
                + ("" if self.is_admin else " Подключает рабочее место администратор."),
                style=MUTED_STYLE,
            )
        )
        layout.addStretch(1)
        self._update_buttons()

    def refresh(self) -> None:
        actor, office = self.page.context.actor, self.page.context.office
        self.page.load(lambda: office.role(actor), self._show)

    def _show(self, role: object) -> None:
        assert isinstance(role, OfficeRole)
        self.role = role
        main = role.main_pc
        if main is not None:
            self.state_label.setText(f"Это дополнительное рабочее место: пакеты уходят на основной ПК «{main.name}».")
            self.detail_label.setText(
                f"Отпечаток ключа основного ПК: {main.fingerprint}. Подключено {format_moment(role.connected_at)}."
            )
        else:
            self.state_label.setText("Это основной ПК отдела: пакеты уходят в регион.")
            workstations = ", ".join(role.workstations) if role.workstations else "пока ни одно"
            self.detail_label.setText(
                f"Отпечаток ключа этого ПК: {role.own_fingerprint}. Рабочие места, приславшие пакеты: {workstations}."
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        workstation = self.role is not None and self.role.is_workstation
        self.card_button.setEnabled(self.role is not None and not workstation)
        self.connect_button.setEnabled(self.is_admin and self.role is not None)
        self.disconnect_button.setEnabled(self.is_admin and workstation)

    # the main PC ----------------------------------------------------------------------------------------
    def _ask_card_path(self) -> None:
        folder = Path(self.page.context.settings.last_folder or Path.home())
        name, _ = file_dialogs.save_file_name(
            self, "Сохранить карточку основного ПК", str(folder / f"основной-пк{CARD_SUFFIX}"), CARD_FILTER
        )
        if name:
            self.save_card(Path(name if name.endswith(CARD_SUFFIX) else name + CARD_SUFFIX))

    def save_card(self, path: Path) -> None:
        context = self.page.context
        context.settings.last_folder = str(path.parent)
        actor, office = context.actor, context.office
        self.page.load(lambda: office.write_card(actor, path), lambda card: self._card_saved(path, card))

    def _card_saved(self, path: Path, card: object) -> None:
        assert isinstance(card, OfficeCard)
        self.page.messages.show_info(
            f"Карточка записана: {path}. Отпечаток ключа — {card.fingerprint}: сверьте его на рабочем месте."
        )

    # a workstation --------------------------------------------------------------------------------------
    def _ask_card_file(self) -> None:
        folder = Path(self.page.context.settings.last_folder or Path.home())
        name, _ = file_dialogs.open_file_name(self, "Карточка основного ПК", str(folder), CARD_FILTER)
        if name:
            self.connect_to(Path(name))

    def connect_to(self, path: Path) -> None:
        """Check the card, ask the administrator to compare its fingerprint, then connect."""
        actor, office = self.page.context.actor, self.page.context.office
        self.page.load(lambda: office.read_card(actor, path), lambda card: self._confirm(path, card))

    def _confirm(self, path: Path, card: object) -> None:
        assert isinstance(card, OfficeCard)
        if not self.page.confirm_main_pc(card):
            return
        actor, office = self.page.context.actor, self.page.context.office
        self.page.load(lambda: office.connect(actor, path), lambda _: self._changed(f"Подключено к «{card.name}»."))

    def send_to_region(self) -> None:
        if not self.page.confirm_disconnect():
            return
        actor, office = self.page.context.actor, self.page.context.office
        self.page.load(lambda: office.disconnect(actor), lambda _: self._changed("Пакеты снова уходят в регион."))

    def _changed(self, message: str) -> None:
        self.page.messages.show_info(message)
        self.page.refresh()


def confirm_main_pc(parent: QWidget, card: OfficeCard) -> bool:
    answer = QMessageBox.question(
        parent,
        "Подключить к основному ПК",
        f"Основной ПК: «{card.name}».\nОтпечаток ключа: {card.fingerprint}\n\n"
        "Сверьте отпечаток с тем, что показан на основном ПК (вкладка «Рабочие места»). Совпадает?\n\n"
        "После подключения пакеты этого ПК будут шифроваться для основного ПК, а не для региона.",
    )
    return answer == QMessageBox.StandardButton.Yes
