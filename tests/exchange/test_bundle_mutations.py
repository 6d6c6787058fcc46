"""Damaged bundles at the import: each is taken with the same meaning or refused with a message, and a
refused one leaves the region's database file exactly as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import UserError
from tests.exchange.test_end_to_end import (
    PERIOD,
    Installation,
    enter_returned,
    region_and_district,
    region_share,
)

WORK = Path(__file__).resolve().parent / ".mutations-not-committed"


def _world(root: Path) -> tuple[Path, bytes]:
    """A region that took the region package round trip, and one valid district bundle's bytes."""
    region, district, _package = region_and_district(root)
    enter_returned(district, 3, 4)
    bundle = root / "bundle.opeka"
    district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
    region.db.close()
    district.db.close()
    return root / "region", bundle.read_bytes()


mutations = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**9), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**9), st.just(0)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), st.integers(0, 255)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(mutations, min_size=1, max_size=3))
def test_a_damaged_bundle_is_taken_unchanged_in_meaning_or_refused_leaving_the_database(
    tmp_path_factory,
    changes: list[tuple[str, int, int]],  # type: ignore[no-untyped-def]
) -> None:
    base = tmp_path_factory.getbasetemp() / "bundle-mutations"
    if not (base / "ready").exists():
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
        region_root, original = _world(base)
        (base / "original.opeka").write_bytes(original)
        shutil.copytree(region_root, base / "pristine")
        (base / "ready").write_text("1")
    original = (base / "original.opeka").read_bytes()
    data = bytearray(original)
    for kind, offset, value in changes:
        at = offset % max(len(data), 1)
        if kind == "flip" and data:
            data[at] ^= value
        elif kind == "cut":
            del data[at:]
        else:
            data.insert(at, value)
    trial = base / "trial"
    shutil.rmtree(trial, ignore_errors=True)
    shutil.copytree(base / "pristine", trial)
    damaged = base / "damaged.opeka"
    damaged.write_bytes(bytes(data))
    region = Installation.__new__(Installation)
    from desktop_app.core.paths import DataPaths
    from desktop_app.services.attachments import AttachmentStore
    from desktop_app.storage.database import open_database
    from desktop_app.sync.setup import exchange_services

    region.paths = DataPaths(trial)
    region.db = open_database(region.paths)
    region.export, region.load = exchange_services(region.db, region.paths, AttachmentStore(region.paths.attachments))
    region.db.close()
    before = region.paths.database.read_bytes()
    try:
        region.take(damaged)
    except UserError as error:
        assert error.message
        region.db.close()
        assert region.paths.database.read_bytes() == before
    else:
        share = region_share(region)
        assert (share.numerator, share.denominator) == (3, 4), "taken only when it means what the original meant"
    finally:
        region.db.close()
