"""Several PCs in one office: a second workstation sends its bundles to the office's main PC instead of the
region, and the main PC merges them with the same preview and conflict rules (FORMAT.md, «Several PCs»).

The main PC hands its public keys to a workstation once, as a signed **office card** file; the workstation's
administrator compares the card's fingerprint with the one the main PC shows and connects. From then on the
workstation's bundles are sealed to the main PC's key, and the main PC's own bundles to the region carry
the workstation's records with everything else the office holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from desktop_app.core.input_files import open_regular_file
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import InstallationKind, Permission
from desktop_app.storage.base import utc_now
from desktop_app.storage.database import Database
from desktop_app.storage.models import Installation, SyncPeer
from desktop_app.sync.exporter import MAIN_PC, WORKSTATION, current_installation, main_pc

CARD_FORMAT = "opeka-office-card"
CARD_VERSION = 1
CARD_SUFFIX = ".opeka-card"
MAX_CARD_BYTES = 64 * 1024
_SIGNED_FIELDS = ("installation", "region_code", "district", "name", "signing_key", "encryption_key", "created_at")


@dataclass(frozen=True)
class OfficeCard:
    """The main PC's public keys, as its card carries them; ``fingerprint`` is what people compare."""

    installation: str
    region_code: str
    district: str
    name: str
    signing_key: str
    encryption_key: str
    created_at: str

    @property
    def fingerprint(self) -> str:
        from desktop_app.sync.keys import fingerprint

        return fingerprint(self.encryption_key)


@dataclass(frozen=True)
class OfficeRole:
    """Where this installation's bundles go: to the region, or to the main PC of its office."""

    is_district: bool
    own_fingerprint: str  # of this installation's encryption key: the main PC shows it to its workstations
    main_pc: OfficeCard | None
    connected_at: datetime | None
    workstations: tuple[str, ...]  # names of workstations whose bundles this main PC has taken

    @property
    def is_workstation(self) -> bool:
        return self.main_pc is not None


class OfficeLink:
    def __init__(self, db: Database, keys: Callable[[], Any], clock: Callable[[], datetime] = utc_now) -> None:
        self._db = db
        self._keys = keys
        self._clock = clock

    def role(self, actor: Actor) -> OfficeRole:
        actor.require(Permission.VIEW_DATA)
        from desktop_app.sync.keys import fingerprint

        keys = self._keys()
        own = keys.encryption_public_b64
        with self._db.reading() as session:
            installation = current_installation(session)
            main = main_pc(session)
            names = session.scalars(select(SyncPeer.name).where(SyncPeer.kind == WORKSTATION).order_by(SyncPeer.name))
            return OfficeRole(
                installation.kind == InstallationKind.DISTRICT,
                fingerprint(own) if own else "",
                _card_of(main) if main is not None else None,
                main.pinned_at if main is not None else None,
                tuple(name for name in names if name),
            )

    def write_card(self, actor: Actor, path: Path) -> OfficeCard:
        """The main PC's card for its workstations: its public keys, signed with its signing key."""
        actor.require(Permission.EXCHANGE)
        from desktop_app.core.atomic import write_atomically
        from desktop_app.sync.keys import b64

        keys = self._keys()
        with self._db.reading() as session:
            installation = current_installation(session)
            _require_district(installation, "Карточку основного ПК выгружает отдел муниципального образования")
            if main_pc(session) is not None:
                raise UserError(
                    "Эта установка сама отправляет пакеты на основной ПК отдела: карточку выгружайте на основном ПК."
                )
            district = installation.district_name or ""
            card = OfficeCard(
                installation.id,
                installation.region_code,
                district,
                district,
                keys.signing_public_b64,
                keys.encryption_public_b64 or "",
                self._clock().isoformat(),
            )
        if keys.encryption is None:
            raise UserError("У этой установки нет ключа шифрования: выполните первоначальную настройку.")
        body = {name: getattr(card, name) for name in _SIGNED_FIELDS}
        signature = keys.signing.sign(_canonical(body)).signature
        document = {"format": CARD_FORMAT, "format_version": CARD_VERSION, **body, "signature": b64(signature)}
        raw = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
        write_atomically(path, partial(Path.write_bytes, data=raw), "карточку основного ПК")
        return card

    def read_card(self, actor: Actor, path: Path) -> OfficeCard:
        """A card checked whole (format, signature, region and district of this office); nothing is written."""
        actor.require(Permission.VIEW_DATA)
        card = read_card(path)
        with self._db.reading() as session:
            _check_card(card, current_installation(session), path)
        return card

    def connect(self, actor: Actor, path: Path) -> OfficeCard:
        """Make this installation a workstation of the office whose main PC wrote the card at ``path``."""
        actor.require(Permission.MANAGE_USERS)
        card = read_card(path)
        with self._db.transaction(actor) as session:
            installation = current_installation(session)
            _check_card(card, installation, path)
            session.execute(
                delete(SyncPeer).where(SyncPeer.kind == MAIN_PC, SyncPeer.installation_id != card.installation)
            )
            peer = session.scalar(select(SyncPeer).where(SyncPeer.installation_id == card.installation))
            if peer is None:
                peer = SyncPeer(installation_id=card.installation)
                session.add(peer)
            peer.kind, peer.region_code, peer.district, peer.name = MAIN_PC, card.region_code, card.district, card.name
            peer.signing_key, peer.encryption_key, peer.pinned_at = card.signing_key, card.encryption_key, self._clock()
        return card

    def disconnect(self, actor: Actor) -> None:
        """Send bundles to the region again (the PC became the office's main one, or was moved)."""
        actor.require(Permission.MANAGE_USERS)
        with self._db.transaction(actor) as session:
            for peer in session.scalars(select(SyncPeer).where(SyncPeer.kind == MAIN_PC)):
                session.delete(peer)


def read_card(path: Path) -> OfficeCard:
    """A card file checked for its format and signature; UserError naming the problem otherwise."""
    from nacl.exceptions import BadSignatureError

    from desktop_app.sync.keys import public_key_from_b64, unb64, verify_key_from_b64

    name = path.name
    try:
        with open_regular_file(path) as stream:  # a named pipe or a device is refused, never waited on
            raw = stream.read(MAX_CARD_BYTES + 1)
    except OSError as error:
        raise UserError(f"Файл «{name}» не читается: {error.strerror or error}.") from None
    if len(raw) > MAX_CARD_BYTES:
        raise UserError(f"Файл «{name}» — не карточка основного ПК: он слишком велик.")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise UserError(f"Файл «{name}» — не карточка основного ПК: он повреждён или это другой файл.") from None
    if not isinstance(document, dict) or document.get("format") != CARD_FORMAT:
        raise UserError(f"Файл «{name}» — не карточка основного ПК «Опеки-Офлайн».")
    if document.get("format_version") != CARD_VERSION:
        raise UserError(f"Карточка «{name}» записана более новой версией программы: обновите программу.")
    if any(not isinstance(document.get(field), str) for field in (*_SIGNED_FIELDS, "signature")):
        raise UserError(f"Карточка «{name}» неполна: выгрузите её на основном ПК заново.")
    card = OfficeCard(*(document[field] for field in _SIGNED_FIELDS))
    try:
        public_key_from_b64(card.encryption_key)
        verify_key_from_b64(card.signing_key).verify(
            _canonical({field: document[field] for field in _SIGNED_FIELDS}), unb64(document["signature"])
        )
    except (ValueError, BadSignatureError):
        raise UserError(f"Карточка «{name}» изменена или повреждена: её подпись не сходится.") from None
    return card


def _check_card(card: OfficeCard, installation: Installation, path: Path) -> None:
    _require_district(installation, "Подключить к основному ПК можно установку отдела муниципального образования")
    if card.installation == installation.id:
        raise UserError(f"Карточка «{path.name}» выгружена этой же установкой: подключают другой ПК отдела.")
    if card.region_code != installation.region_code or card.district != (installation.district_name or ""):
        raise UserError(
            f"Карточка «{path.name}» — основного ПК другого отдела ({card.district or card.region_code}),"
            f" а эта установка — «{installation.district_name}»."
        )


def _require_district(installation: Installation, what: str) -> None:
    if installation.kind != InstallationKind.DISTRICT:
        raise UserError(f"{what}; у регионального координатора рабочие места не подключаются.")


def _card_of(peer: SyncPeer) -> OfficeCard:
    pinned = peer.pinned_at.isoformat() if peer.pinned_at else ""
    return OfficeCard(
        peer.installation_id, peer.region_code, peer.district, peer.name, peer.signing_key, peer.encryption_key, pinned
    )


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
