"""Cases are the most sensitive data the program holds (issue 25 §6, 152-ФЗ): a decrypted district bundle for the
region holds a case's code, category, stages, dates and outcome and the children's codes, birth dates and sex, and
none of the names, addresses, phones, requests, reasons, notes, results or recommendations the district typed; the
support team does not go at all. A workstation's bundle to the office's main PC carries everything."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.services.audit_log import HIDDEN
from desktop_app.sync.container import read_package
from desktop_app.sync.projection import TO_REGION, withheld
from desktop_app.sync.records import BY_NAME, ENTITIES
from desktop_app.sync.setup import ensure_keys, office_link
from desktop_app.sync.shown import record_label, shown_fields
from tests.exchange.cases_world import (
    SOCIAL_CONTRACT,
    add_case,
    district_with_package,
    region_with_catalogue,
    secrets,
)
from tests.exchange.test_end_to_end import DISTRICTS

TOLD = secrets("Кузнецов")
STAGES = (("identified", date(2026, 1, 12)), ("assessment", date(2026, 1, 26)), ("route", date(2026, 2, 9)))
ADULT_BIRTH_DATE = "1987-03-14"  # an adult's birth date identifies; a child's travels with its code


def everything(path: Path, key: object) -> tuple[str, dict[str, list[dict[str, object]]]]:
    opened = read_package(path, decrypt_with=key)  # type: ignore[arg-type]
    return json.dumps([opened.manifest, opened.data], ensure_ascii=False), opened.data


def test_a_decrypted_bundle_for_the_region_holds_the_codes_and_dates_and_no_personal_text(tmp_path: Path) -> None:
    region, package = region_with_catalogue(tmp_path)
    district = district_with_package(tmp_path / "district", DISTRICTS[0], package)
    ids = add_case(district, "СС-0001", "sop", date(2026, 1, 12), STAGES, next_review_on=date(2026, 5, 12), full=True)
    plan = district.export.plan(SYSTEM_ACTOR)
    assert plan.counts["family_cases"] == 1 and "case_team_members" not in plan.counts
    bundle = tmp_path / "district.opeka"
    district.export.write(SYSTEM_ACTOR, bundle)

    text, data = everything(bundle, ensure_keys(region.paths).encryption)
    for secret in (*TOLD.texts(), ADULT_BIRTH_DATE, "Кузнецов"):
        assert secret not in text, secret
    assert "case_team_members" not in data
    # what the region counts and lists is there
    (case,) = data["family_cases"]
    assert (case["id"], case["code"], case["category"], case["stage"]) == (ids.case, "СС-0001", "sop", "route")
    assert (case["identified_on"], case["next_review_on"], case["municipality"]) == (
        "2026-01-12",
        "2026-05-12",
        DISTRICTS[0],
    )
    assert [(s["stage"], s["on_date"]) for s in sorted(data["case_stages"], key=lambda s: str(s["on_date"]))] == [
        (stage, day.isoformat()) for stage, day in STAGES
    ]
    (child,) = data["case_children"]
    assert (child["code"], child["birth_date"], child["sex"], child["placed_on"]) == (
        "Д-2023-04",
        "2023-06-02",
        "f",
        "2026-02-03",
    )
    (adult,) = data["case_adults"]
    assert (adult["parental_rights"], adult["full_name"], adult["birth_date"], adult["phone"]) == (
        "limited",
        "",
        None,
        "",
    )
    (review,) = data["consilium_reviews"]
    assert (review["decision"], review["interagency_support"], review["child_id"]) == (
        "placement_unjustified",
        True,
        ids.child,
    )
    (service,) = data["case_services"]
    assert (service["kind"], service["planned_on"], service["description"], service["result"]) == (
        "employment",
        "2026-01-12",
        "",
        "",
    )
    # the resource map is public: it travels whole; the region's catalogue is referred to by id
    (entry,) = data["resource_services"]
    assert entry["contacts"] == "8 (81832) 7-11-22" and entry["owner"] == DISTRICTS[0]
    assert SOCIAL_CONTRACT in [kind["name"] for kind in data["support_measure_kinds"]]  # beside set-up's defaults
    # every record keeps the table's shape: the columns left home are there, blank
    for entity in TO_REGION:
        for record in data[entity]:
            assert set(record) == set(BY_NAME[entity].by_key), entity
            assert all(record[key] in ("", None, False, 0) for key in withheld(entity)), entity


def test_a_workstations_bundle_to_the_main_pc_carries_the_whole_case(tmp_path: Path) -> None:
    region, package = region_with_catalogue(tmp_path)
    main = district_with_package(tmp_path / "main", DISTRICTS[0], package)
    workstation = district_with_package(tmp_path / "workstation", DISTRICTS[0], package)
    card = tmp_path / "main.opeka-card"
    office_link(main.db, main.paths).write_card(SYSTEM_ACTOR, card)
    office_link(workstation.db, workstation.paths).connect(SYSTEM_ACTOR, card)
    add_case(workstation, "СС-0002", "tzhs", date(2026, 3, 2), STAGES, closed_on=date(2026, 6, 1), full=True)
    assert workstation.export.plan(SYSTEM_ACTOR).counts["case_team_members"] == 1
    bundle = tmp_path / "workstation.opeka"
    workstation.export.write(SYSTEM_ACTOR, bundle)

    text, data = everything(bundle, ensure_keys(main.paths).encryption)
    for secret in (*TOLD.texts(), ADULT_BIRTH_DATE):
        assert secret in text, secret
    (member,) = data["case_team_members"]
    assert member["person"] == TOLD.team_person

    main.take(bundle)  # and the main PC keeps all of it: its own bundle to the region is projected in turn
    region_bundle = tmp_path / "main.opeka"
    main.export.write(SYSTEM_ACTOR, region_bundle)
    text, _data = everything(region_bundle, ensure_keys(region.paths).encryption)
    assert not [secret for secret in TOLD.texts() if secret in text]


def test_a_preview_hides_a_cases_personal_text_from_whom_may_not_see_it_and_names_the_case_by_code() -> None:
    changes = [("notes", "", "соседи жалуются"), ("stage", "assessment", "route"), ("search_key", "", "кузн")]
    assert shown_fields("family_cases", changes, personal=False) == (
        ("notes", "", HIDDEN),
        ("stage", "assessment", "route"),
    )
    assert shown_fields("case_services", [("result", "", "трудоустроена")], personal=True) == (
        ("result", "", "трудоустроена"),
    )
    for entity, field in (("consilium_reviews", "recommendations"), ("case_adults", "full_name")):
        assert shown_fields(entity, [(field, "", "текст")], personal=False) == ((field, "", HIDDEN),)
    label = record_label("family_cases", "0b7c1c1e-0000", {"code": "СС-0003", "municipality": ""}, DISTRICTS[1])
    assert label == "СС-0003 · Вельский р-н"


def test_format_md_lists_the_entities_and_the_columns_of_a_case_that_reach_the_region() -> None:
    text = (Path(__file__).parents[2] / "desktop_app" / "sync" / "FORMAT.md").read_text(encoding="utf-8")

    def section(title: str) -> str:
        start = text.index(f"\n## {title}\n")
        return text[start : text.index("\n## ", start + 1)]

    listed = set(re.findall(r"`([a-z_]+)`", section("Entities")))
    assert {spec.name for spec in ENTITIES} <= listed
    rows = [line for line in section("Cases").splitlines() if line.startswith("| `")]
    described = {
        re.findall(r"`([a-z_]+)`", row.split("|")[1])[0]: frozenset(re.findall(r"`([a-z_]+)`", row.split("|")[2]))
        for row in rows
    }
    assert described == TO_REGION
