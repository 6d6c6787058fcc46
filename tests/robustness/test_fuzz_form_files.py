"""Form definition files (forms/*.json, or one a region sends): whatever their bytes — damaged, in another
encoding, nested a hundred thousand levels deep, numbers of five thousand digits, fields of any type — each is
read or refused with one Russian sentence naming the file, never a traceback or a hang."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.formkit.loader import load_form_file
from tests.robustness.fuzzing import Tally, byte_mutations, fuzz_settings, mutate_bytes

SUITE = "Файлы форм (form definitions)"
FORMS = sorted((Path(__file__).resolve().parents[2] / "forms").glob("*.json"))
ORIGINALS = [path.read_bytes() for path in FORMS]

whole_file = st.one_of(
    st.binary(max_size=200),
    st.integers(1, 200_000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 200_000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
    st.integers(4000, 20_000).map(lambda digits: b'{"format": "opeka-form", "version": ' + b"9" * digits + b"}"),
    st.sampled_from([b"", b"\xef\xbb\xbf{}", b"null", b"NaN", b'"\\ud800"', b"\x00" * 100, b"{" * 10]),
)
replacement = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.just("Ж" * 100_000),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


def _places(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_places(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_places(child, (*prefix, index)))
    return found


def _with(data: Any, place: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(data)
    target = changed
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    return changed


def test_a_damaged_form_file_is_read_or_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "форма.json"
    with Tally(SUITE).reporting("байты и кодировки") as tally:

        @fuzz_settings(ci=150, full=2000)
        @given(
            st.integers(0, len(ORIGINALS) - 1),
            st.one_of(byte_mutations, whole_file),
            st.sampled_from(["", "utf-16", "cp1251"]),
        )
        def case(which: int, damage: Any, encoding: str) -> None:
            data = ORIGINALS[which]
            if encoding:
                data = data.decode("utf-8").encode(encoding, errors="replace")
            path.write_bytes(mutate_bytes(data, damage) if isinstance(damage, list) else damage)
            tally.run(lambda: load_form_file(path))

        case()


def test_a_form_file_with_any_field_replaced_is_read_or_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "форма.json"
    base = [json.loads(data) for data in ORIGINALS]
    places = [_places(document) for document in base]
    with Tally(SUITE).reporting("поля любых типов") as tally:

        @fuzz_settings(ci=150, full=2000)
        @given(st.data())
        def case(data: st.DataObject) -> None:
            which = data.draw(st.integers(0, len(base) - 1))
            document = base[which]
            for _ in range(data.draw(st.integers(1, 3))):
                place = data.draw(st.sampled_from(places[which]))
                try:
                    document = _with(document, place, data.draw(replacement))
                except (KeyError, IndexError, TypeError):
                    continue  # an earlier change removed the place
            path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            tally.run(lambda: load_form_file(path))

        case()
