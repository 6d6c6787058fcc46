"""The benchmark's closing line names exactly the rows whose figures miss their targets."""

from __future__ import annotations

from tests.bench.targets import misses, verdict


def test_each_kind_of_target_is_read() -> None:
    assert misses(("a", 999.0, None, "< 1000")) == []
    assert misses(("a", 1000.0, None, "< 1000")) == ["1000 при цели < 1000"]
    assert misses(("b", 30.0, 20.0, "≤ 2×")) == []
    assert misses(("b", 50.0, 20.0, "≤ 2× базы")) == ["2.5× при цели ≤ 2× базы"]
    assert misses(("c", 120.0, 10.0, "< 100, ≤ 2×")) == ["120 при цели < 100", "12.0× при цели ≤ 2×"]
    assert misses(("d", 5.0, None, "—")) == []
    assert misses(("e", 9_000.0, None, "< 10 000")) == []


def test_the_line_names_only_the_rows_that_miss() -> None:
    rows = [("прокрутка", 1500.0, 300.0, "< 1000"), ("поиск", 30.0, 20.0, "≤ 2×"), ("память", 250.0, None, "< 300")]
    line = verdict(rows)
    assert line.startswith("Не укладываются в цель: прокрутка")
    assert "поиск" not in line and "память" not in line
    assert verdict(rows[1:]) == "Все показатели укладываются в свои цели."
