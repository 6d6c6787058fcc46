"""First start: creating the installation (district or region), its organisation and first administrator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import territory_directory
from desktop_app.domain.accounts import validate_login, validate_new_password
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.program_definition import OrganisationDef
from desktop_app.domain.roles import InstallationKind, Role
from desktop_app.domain.territories import TerritoryDirectory
from desktop_app.domain.text import collapse_spaces
from desktop_app.services.auth import NewUser, add_user
from desktop_app.services.database_access import start_encryption
from desktop_app.services.organisations import find_or_add_organisation
from desktop_app.services.support_catalogue import ensure_default_catalogue
from desktop_app.storage import key_store
from desktop_app.storage.database import Database, database_exists, new_database, open_database
from desktop_app.storage.models import Installation


@dataclass(frozen=True)
class SetupRequest:
    """The answers of the set-up wizard or of ``opeka init``."""

    kind: InstallationKind
    region_code: str
    district_name: str
    organisation_name: str
    admin_login: str
    admin_full_name: str
    admin_password: str
    admin_position: str = ""
    # SQLCipher at rest, the key wrapped per account (services/database_access.py). Off where the command line
    # must still open the database without a sign-in (until every command signs in).
    encrypted: bool = False


def validate_setup(request: SetupRequest, directory: TerritoryDirectory | None = None) -> dict[str, str]:
    """Check every answer before anything is written; returns a field → message map (empty when valid)."""
    directory = directory or territory_directory()
    errors: dict[str, str] = {}
    try:
        region = directory.region(request.region_code)
        if request.kind is InstallationKind.DISTRICT:
            if not request.district_name.strip():
                errors["district"] = "Выберите муниципальное образование."
            else:
                directory.district(region.code, request.district_name)
    except ValidationError as exc:
        errors.update(exc.field_errors or {"region": exc.message})
    if not collapse_spaces(request.organisation_name):
        errors["organisation"] = "Укажите наименование организации."
    return errors


def create_installation(
    paths: DataPaths,
    request: SetupRequest,
    *,
    demo: bool = False,
    fill: Callable[[Database], None] | None = None,
) -> Database:
    """Create the database in ``paths`` with the installation row, its organisation and the administrator, and
    whatever ``fill`` writes (the demo's data), then open it.

    Everything is written into a temporary file that takes the database's name only when complete
    (storage/database.py ``new_database``): a set-up cut short leaves no database. Refuses to touch a data
    directory where anything is at the database's name, an empty file included.
    """
    errors = validate_setup(request)
    if errors:
        raise ValidationError(next(iter(errors.values())), errors)
    if database_exists(paths):
        raise UserError(f"В папке {paths.root} уже есть база данных Опеки-Офлайн; она не изменена.")
    directory = territory_directory()
    region = directory.region(request.region_code)
    district = (
        directory.district(region.code, request.district_name) if request.kind is InstallationKind.DISTRICT else None
    )
    admin = NewUser(
        login=request.admin_login,
        full_name=request.admin_full_name or "Администратор",
        role=Role.ADMIN,
        password=request.admin_password,
        position=request.admin_position,
    )
    validate_new_password(admin.password, validate_login(admin.login))
    key = key_store.new_database_key() if request.encrypted else None
    recovery_code = ""
    with new_database(paths, key) as db:
        if key is not None:
            # InstallationInfo.title, for the login window before the database is open
            title = f"{district.name} ({region.name})" if district else f"{region.name} — региональный координатор"
            recovery_code = start_encryption(paths.root, key, title)
        with db.transaction(SYSTEM_ACTOR) as session:
            territory = district.name if district else region.name
            organisation = find_or_add_organisation(
                session,
                OrganisationDef(
                    key="self",
                    full_name=collapse_spaces(request.organisation_name),
                    short_name="",
                    department="guardianship" if district else "local_government",
                    territory=territory,
                ),
            )
            organisation.owner = district.name if district else ""  # made before the installation row it reads
            session.add(
                Installation(
                    kind=request.kind.value,
                    region_code=region.code,
                    region_name=region.name,
                    district_name=district.name if district else None,
                    organisation_id=organisation.id,
                    is_demo=demo,
                )
            )
            add_user(session, admin)
            ensure_default_catalogue(session)  # the same entries (ids from their keys) in the region and districts
        if fill is not None:
            fill(db)
    opened = open_database(paths, key=key)
    opened.recovery_code = recovery_code
    return opened


def installation_exists(db: Database) -> bool:
    with db.reading() as session:
        return session.scalar(select(Installation.id)) is not None
