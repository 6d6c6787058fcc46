"""The organisation directory: executors of measures, partner institutions, the office itself."""

from __future__ import annotations

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.storage.base import Base, RecordMixin
from desktop_app.storage.owners import installation_owner


class Organisation(RecordMixin, Base):
    __tablename__ = "organisation"
    __audit_label__ = "Организация"
    __owned__ = True  # desktop_app/storage/owners.py fills ``owner``

    full_name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(String(300), default="")
    department: Mapped[str] = mapped_column(String(32), default="")
    territory: Mapped[str] = mapped_column(String(300), default="")
    # "" for the region's directory, else the district that added the organisation (as Program.owner).
    owner: Mapped[str] = mapped_column(String(300), default=installation_owner, server_default="")
    # False for names met in an imported plan that nobody has checked yet.
    is_confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    search_key: Mapped[str] = mapped_column(Text, default="", index=True)
