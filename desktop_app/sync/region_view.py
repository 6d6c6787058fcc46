"""The coordinator's view of a period: which districts reported, on time or late against the working-day
deadline, which are missing, and the region's values consolidated by the aggregation rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.resources import territory_directory
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.indicators import IndicatorSpec, Observation, combine_districts
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.services.indicator_sheet import program_indicators, program_or_missing, spec_of
from desktop_app.services.reporting_procedure import procedure_of
from desktop_app.storage.database import Database
from desktop_app.storage.models import ImportLogEntry, IndicatorValue, SyncPeer
from desktop_app.sync.exporter import current_installation

# Deadlines are days in Moscow time, where the offices' working days are counted.
_LOCAL = ZoneInfo("Europe/Moscow")


@dataclass(frozen=True)
class DistrictStatus:
    district: str
    received_at: datetime | None  # when the first bundle covering the period arrived
    last_sequence: int
    state: str  # «вовремя», «с опозданием», «нет пакета»

    @property
    def reported(self) -> bool:
        return self.received_at is not None


@dataclass(frozen=True)
class ConsolidatedRow:
    code: str
    name: str
    unit: str
    value: Observation
    reported: tuple[str, ...]
    group: str = ""
    spec: IndicatorSpec = IndicatorSpec()
    by_district: tuple[tuple[str, Observation], ...] = ()  # each district's own value, by name


@dataclass(frozen=True)
class RegionOverview:
    period: Period
    deadline: date
    districts: tuple[DistrictStatus, ...]
    rows: tuple[ConsolidatedRow, ...]

    @property
    def reporting_rate(self) -> float:
        return sum(d.reported for d in self.districts) / len(self.districts) if self.districts else 0.0

    @property
    def missing(self) -> list[str]:
        return [d.district for d in self.districts if not d.reported]

    @property
    def late(self) -> list[str]:
        return [d.district for d in self.districts if d.state == "с опозданием"]


class RegionView:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self._db = db
        self._today = today

    def overview(self, actor: Actor, program_id: str, period: Period) -> RegionOverview:
        """Every district of the region (from the directory and from the bundles received) for the period."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            installation = current_installation(session)
            program = program_or_missing(session, program_id)
            deadline = procedure_of(program).deadline(period)
            names = set(_directory_districts(installation.region_code))
            peers = list(session.scalars(select(SyncPeer).where(SyncPeer.kind == "district")))
            names.update(peer.district for peer in peers if peer.district)
            arrivals = _first_arrivals(session, period)
            statuses = []
            for name in sorted(names):
                district_peers = [peer for peer in peers if peer.district == name]
                received = min(
                    (arrivals[p.installation_id] for p in district_peers if p.installation_id in arrivals), default=None
                )
                statuses.append(
                    DistrictStatus(
                        name,
                        received,
                        max((p.last_sequence for p in district_peers), default=0),
                        _state(received, deadline),
                    )
                )
            rows = _consolidated(session, program_id, period)
        return RegionOverview(period, deadline, tuple(statuses), tuple(rows))


def _directory_districts(region_code: str) -> list[str]:
    try:
        return [district.name for district in territory_directory().region(region_code).districts]
    except UserError:  # a region the directory does not list: the districts come from the bundles only
        return []


def _first_arrivals(session: Session, period: Period) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    query = select(ImportLogEntry).where(ImportLogEntry.result == "applied").order_by(ImportLogEntry.at)
    for entry in session.scalars(query):
        if period.code in (entry.periods or []) and entry.source_installation not in found:
            found[entry.source_installation] = entry.at
    return found


def _state(received: datetime | None, deadline: date) -> str:
    if received is None:
        return "нет пакета"
    last_moment = datetime.combine(deadline, time.max, tzinfo=_LOCAL).astimezone(UTC)
    return "вовремя" if received <= last_moment else "с опозданием"


def _consolidated(session: Session, program_id: str, period: Period) -> list[ConsolidatedRow]:
    values: dict[str, list[IndicatorValue]] = defaultdict(list)
    pairs = program_indicators(session, program_id, period)
    query = select(IndicatorValue).where(
        IndicatorValue.indicator_id.in_([indicator.id for indicator, _ in pairs]), IndicatorValue.period == period.code
    )
    for value in session.scalars(query):
        values[value.indicator_id].append(value)
    rows = []
    for indicator, group in pairs:
        own = sorted(values.get(indicator.id, []), key=lambda v: v.territory)
        observations = [Observation(v.value, v.numerator, v.denominator) for v in own]
        rows.append(
            ConsolidatedRow(
                indicator.code,
                indicator.name,
                indicator.unit,
                combine_districts(spec_of(indicator), observations),
                tuple(v.territory for v in own if v.value is not None or v.numerator is not None),
                group.title,
                spec_of(indicator),
                tuple((v.territory, observation) for v, observation in zip(own, observations, strict=True)),
            )
        )
    return rows
