"""Whose data a backup copy holds: a copy of another installation (the region's over a district's folder, one
district's over another's) is restored only after the user has been asked, with both installations named."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import InstallationKind
from desktop_app.storage import cipher, sqlite_files


class OtherInstallation(UserError):
    """The copy was made by another installation than the one in the data folder; nothing is changed."""

    def __init__(self, source: Path, copy: str, current: str) -> None:
        super().__init__(
            f"Копия «{source.name}» сделана в другой установке — «{copy}», а в этой папке данных — «{current}»: "
            "восстановление заменит все данные этой установки её данными. Ничего не изменено."
        )
        self.copy = copy
        self.current = current

    @property
    def question(self) -> str:
        """What the user is asked before such a copy is restored all the same."""
        return (
            f"Копия сделана в другой установке:\n  «{self.copy}».\nВ этой папке данных:\n  «{self.current}».\n\n"
            f"Все данные установки «{self.current}» будут заменены данными установки «{self.copy}». "
            "Восстановить всё же?"
        )


def installation_of(database: Path, key: bytes | None = None) -> tuple[tuple[str, str, str], str] | None:
    """Who ``database`` belongs to — (kind, region code, district) and the installation's title — read without
    writing; None when it cannot be told (no file, a damaged one, another key, no installation row)."""
    try:
        with closing(sqlite_files.open_read_only(database, key)) as connection:
            rows = connection.execute(
                "SELECT kind, region_code, region_name, district_name FROM installation"
            ).fetchall()
    except cipher.ErrorOrDecodeOrOS:
        return None
    if len(rows) != 1:
        return None
    kind, region_code, region_name, district_name = (str(value or "") for value in rows[0])
    if kind == InstallationKind.DISTRICT.value and district_name:
        title = f"{district_name} ({region_name})"
    else:
        title = f"{region_name} — региональный координатор"
    return (kind, region_code, district_name), title


def refuse_other_installation(
    live: Path, copy: Path, source: Path, live_key: bytes | None = None, copy_key: bytes | None = None
) -> None:
    """OtherInstallation when the checked copy ``copy`` and the live database ``live`` are different
    installations; nothing when they are the same or the live one cannot be told (nothing to name)."""
    if not live.is_file():
        return
    current, copied = installation_of(live, live_key), installation_of(copy, copy_key)
    if current is None or copied is None or current[0] == copied[0]:
        return
    raise OtherInstallation(source, copied[1], current[1])
