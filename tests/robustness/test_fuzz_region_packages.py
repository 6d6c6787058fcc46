"""Region packages at a district office: a package damaged on the way or signed with hostile content is taken or
refused with one Russian sentence — never a traceback or a hang — and a refused one leaves the district's
database exactly as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.robustness.exchange_damage import damage, take_damaged, take_hostile
from tests.robustness.exchange_world import ExchangeWorld, opened, taker
from tests.robustness.fuzzing import Tally, fuzz_settings

SUITE = "Пакеты региона (region packages)"


def test_a_damaged_region_package_is_taken_or_refused_leaving_the_database(
    exchange_world: ExchangeWorld, tmp_path: Path
) -> None:
    with (
        Tally(SUITE).reporting("повреждённые файлы") as tally,
        taker(exchange_world.district, tmp_path / "d") as district,
    ):

        @fuzz_settings(ci=40, full=1000)
        @given(damage)
        def case(how: tuple[str, Any]) -> None:
            take_damaged(tally, district, tmp_path, exchange_world.package, how)

        case()


def test_a_signed_region_package_with_hostile_content_is_taken_or_refused_leaving_the_database(
    exchange_world: ExchangeWorld, tmp_path: Path
) -> None:
    original = opened(exchange_world, exchange_world.package, tmp_path)
    with (
        Tally(SUITE).reporting("подписанные, с враждебным содержимым") as tally,
        taker(exchange_world.district, tmp_path / "d") as district,
    ):

        @fuzz_settings(ci=40, full=1000)
        @given(st.data())
        def case(data: st.DataObject) -> None:
            take_hostile(tally, district, tmp_path, exchange_world, original, data)

        case()
