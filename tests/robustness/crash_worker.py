"""The process the crash harness kills: real work through the services, over and over, until SIGKILL.

    python -m tests.robustness.crash_worker ROOT SEED [SECONDS]
    python -m tests.robustness.crash_worker --zygote ROOT      (forks a worker per line SEED SECONDS)

It opens the region's and the districts' databases as the program does, prints ``ready``, then loops: data
entry at a district (families, their steps, placements, indicator values, execution reports with documents),
a district bundle written, the region importing a district's newest bundle or a folder of the newest bundles,
a region package written and taken by a district. Before every commit it prints ``commit`` (the harness may
kill it right then, while SQLite writes and syncs the log or checkpoints). A refusal of the rules (a family
full, a period closed) is part of the work; anything else unexpected ends the process with status 3.
"""

from __future__ import annotations

import os
import random
import sys
import time
import traceback
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from argon2 import PasswordHasher
from sqlalchemy import event

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.errors import UserError
from desktop_app.domain.execution import ReportInput, ReportStatus
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.periods import Period
from desktop_app.domain.placements import PlacementInput
from desktop_app.domain.roles import Role
from desktop_app.services import passwords
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.execution import ExecutionService
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.indicator_entry import IndicatorEntry, ValueChange
from desktop_app.services.registry import RegistryService
from desktop_app.storage.database import Database, open_database
from desktop_app.sync.batch import import_folder
from tests.robustness.crash_world import DISTRICT_COUNT, Layout, exchange_files, new_file_name, services

passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
HEAD = Actor(user_id=None, login="head", full_name="Соколова Елена Викторовна", role=Role.HEAD)
PERIOD = Period.parse("2026-H1")
TODAY = date(2026, 11, 23)
STAGES = (FamilyStage.DOCUMENTS, FamilyStage.TRAINING, FamilyStage.DIAGNOSTICS, FamilyStage.IN_REGISTER)


def say(word: str) -> None:
    sys.stdout.write(word + "\n")
    sys.stdout.flush()


class Office:
    """One installation opened as the program opens it, with the services the loop uses."""

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths
        self.db: Database = open_database(paths)
        event.listen(self.db.engine, "commit", lambda _connection: say("commit"))
        store = AttachmentStore(paths.attachments)
        self.export, self.load = services(self.db, paths)
        self.families = FamilyEditing(self.db, store)
        self.execution = ExecutionService(self.db, store)
        self.entry = IndicatorEntry(self.db, ComputedValues(self.db), today=lambda: TODAY)
        self.registry = RegistryService(self.db)
        self.district_name = self._district()

    def _district(self) -> str:
        from desktop_app.services.installation import InstallationService

        return str(InstallationService(self.db).summary()["district"] or "")


class Worker:
    def __init__(self, layout: Layout, seed: int) -> None:
        self.layout = layout
        self.random = random.Random(seed)
        self.region = Office(layout.region)
        self.districts = [Office(layout.district(number)) for number in range(DISTRICT_COUNT)]
        self.family_steps: dict[str, int] = {}

    # ------------------------------------------------------------------------------ data entry at a district
    def new_family(self, office: Office) -> None:
        number = self.random.randrange(10_000)
        entry = FamilyInput(
            municipality=office.district_name,
            members=(MemberInput(f"Иванова Мария {number}", date(1988, 4, 2), "мать", "+7 900 111-22-33"),),
            address=f"ул. Лесная, {number}",
            capacity=self.random.choice((1, 2)),
            shpr_certificate="№ 17-ШПР",
            conclusion_number="143",
        )
        card = office.families.create(HEAD, entry, StepInput(FamilyStage.CANDIDATE, date(2026, 1, 12), "Соколова"))
        self.family_steps[card.id] = 0

    def next_step(self, office: Office) -> None:
        families = [row.id for row in _family_rows(office)]
        if not families:
            return self.new_family(office)
        family_id = self.random.choice(families)
        card = office.families.card(HEAD, family_id)
        done = [step.stage for step in card.steps]
        following = next((stage for stage in STAGES if stage not in done), None)
        if following is None:
            return self.place_child(office, family_id)
        on = date(2026, 2, 2) + timedelta(days=30 * STAGES.index(following))
        office.families.record_step(HEAD, family_id, StepInput(following, on, "Соколова"), TODAY)
        return None

    def place_child(self, office: Office, family_id: str) -> None:
        start = date(2026, 7, 1) + timedelta(days=self.random.randrange(140))
        child = PlacementInput(f"Р-{self.random.randrange(10_000)}", date(2025, 3, 1), "m", start, "preliminary", "")
        office.families.place_child(HEAD, family_id, child, TODAY)

    def indicator_value(self, office: Office) -> None:
        program_id = office.entry.sheets.programs(HEAD)[0][0]
        sheet = office.entry.sheets.sheet(HEAD, program_id, PERIOD, office.district_name)
        row = next(row for row in sheet.rows if row.code == "1.2")
        denominator = self.random.randrange(1, 20)
        change = ValueChange(
            row.indicator_id,
            numerator=self.random.randrange(denominator + 1),
            denominator=denominator,
            comment="ввод",
            expected_version=row.row_version,
        )
        office.entry.save(HEAD, program_id, PERIOD, office.district_name, [change], reason="проверка")

    def execution_report(self, office: Office) -> None:
        measure = self.random.choice(office.registry.measures(HEAD)).id
        current = office.execution.report(HEAD, measure, PERIOD)
        text = f"Проведено мероприятие {self.random.randrange(1000)}"
        entry = ReportInput(ReportStatus.DONE.value, text, self.random.randrange(1, 9))
        office.execution.save_report(HEAD, measure, PERIOD, entry, current.row_version if current else 0)
        if self.random.random() < 0.5:
            scan = self.layout.scratch / f"акт-{time.time_ns()}.pdf"
            scan.write_bytes(os.urandom(self.random.randrange(1_000, 60_000)))
            office.execution.attach_document(HEAD, measure, PERIOD, scan, DocumentInput("Акт", "акт", "1"))

    # ------------------------------------------------------------------------------------------- exchange
    def district_bundle(self, number: int) -> None:
        self.districts[number].export.write(HEAD, self.layout.outbox(number) / new_file_name())

    def region_takes_newest(self, number: int) -> None:
        files = exchange_files(self.layout.outbox(number))
        if files:
            preview = self.region.load.preview(HEAD, files[-1])
            self.region.load.apply(HEAD, preview)

    def region_takes_folder(self) -> None:
        folder = self.layout.inbox / f"{time.time_ns():020d}"
        folder.mkdir()
        for number in range(DISTRICT_COUNT):
            files = exchange_files(self.layout.outbox(number))
            if files:
                os.link(files[-1], folder / files[-1].name)
        rows = import_folder(self.region.load, HEAD, folder)
        refused = [row for row in rows if row.result == "refused"]
        if refused:
            raise AssertionError(f"a good bundle refused in a folder: {refused[0].message}")

    def region_package(self) -> None:
        self.region.export.write(HEAD, self.layout.packages / new_file_name())

    def district_takes_package(self, number: int) -> None:
        files = exchange_files(self.layout.packages)
        office = self.districts[number]
        office.load.apply(HEAD, office.load.preview(HEAD, files[-1]))

    # ------------------------------------------------------------------------------------------- the loop
    def step(self) -> None:
        number = self.random.randrange(DISTRICT_COUNT)
        office = self.districts[number]
        work: list[tuple[float, Any]] = [
            (3, lambda: self.new_family(office)),
            (4, lambda: self.next_step(office)),
            (3, lambda: self.indicator_value(office)),
            (3, lambda: self.execution_report(office)),
            (3, lambda: self.district_bundle(number)),
            (3, lambda: self.region_takes_newest(number)),
            (2, self.region_takes_folder),
            (1, self.region_package),
            (1, lambda: self.district_takes_package(number)),
        ]
        chosen = self.random.choices([action for _, action in work], [weight for weight, _ in work])[0]
        try:
            chosen()
        except UserError:
            pass  # the rules refused this one (a full family, a period closed): work goes on

    def run(self, limit: float) -> None:
        say("ready")
        ends = time.monotonic() + limit
        while time.monotonic() < ends:
            self.step()
        for office in (self.region, *self.districts):
            office.db.close()
        say("done")


def _family_rows(office: Office) -> list[Any]:
    from desktop_app.services.family_register import FamilyFilter, FamilyRegister

    return FamilyRegister(office.db).rows(HEAD, FamilyFilter(), limit=200)


def work(root: Path, seed: int, limit: float) -> int:
    try:
        Worker(Layout(root), seed).run(limit)
    except Exception:
        traceback.print_exc()
        return 3
    return 0


def zygote(root: Path) -> int:
    """Everything imported once; each line ``SEED LIMIT`` on stdin forks a worker (its pid announced as
    ``child PID``), and ``ended PID STATUS`` follows when it has ended (killed or not). Starting a worker
    this way takes the time of opening the databases, not of importing SQLAlchemy and the services again."""
    say("zygote")
    for line in sys.stdin:
        seed, limit = line.split()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os._exit(work(root, int(seed), float(limit)))
        say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"ended {pid} {status}")
    return 0


def main(argv: list[str]) -> int:
    if argv[0] == "--zygote":
        return zygote(Path(argv[1]))
    return work(Path(argv[0]), int(argv[1]), float(argv[2]) if len(argv) > 2 else 60.0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
