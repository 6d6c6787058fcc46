"""The directory of regions and their municipal districts shipped in resources/territories.json."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.text import search_key

DISTRICT_KIND_LABELS = {
    "city_okrug": "городской округ",
    "municipal_okrug": "муниципальный округ",
    "municipal_district": "муниципальный район",
}


@dataclass(frozen=True)
class District:
    name: str
    kind: str

    @property
    def kind_label(self) -> str:
        return DISTRICT_KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    districts: tuple[District, ...] = field(default=())

    @property
    def title(self) -> str:
        """«29 — Архангельская область», how a region is offered in lists."""
        return f"{self.code} — {self.name}"

    def find_district(self, name: str) -> District | None:
        key = search_key(name)
        for district in self.districts:
            if search_key(district.name) == key:
                return district
        return None


class TerritoryDirectory:
    """Regions by code with their districts; lookups ignore case and ё/е."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._regions = {region.code: region for region in regions}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> TerritoryDirectory:
        """Build the directory from the parsed JSON file; raise ValidationError when it is malformed."""
        try:
            regions = [
                Region(
                    code=str(item["code"]).zfill(2),
                    name=str(item["name"]),
                    districts=tuple(
                        District(str(d["name"]), str(d.get("kind", ""))) for d in item.get("districts", [])
                    ),
                )
                for item in data["regions"]
            ]
        except (KeyError, TypeError) as exc:
            raise ValidationError(f"Справочник территорий повреждён: нет поля {exc}.") from exc
        return cls(regions)

    @property
    def regions(self) -> list[Region]:
        return sorted(self._regions.values(), key=lambda r: r.code)

    def region(self, code: str) -> Region:
        """The region with this code («29» or «29 »); ValidationError naming the code when unknown."""
        key = (code or "").strip().zfill(2)
        region = self._regions.get(key)
        if region is None:
            message = f"Регион с кодом «{code}» не найден в справочнике территорий."
            raise ValidationError(message, {"region": message})
        return region

    def district(self, region_code: str, name: str) -> District:
        """The district named ``name`` in the region; ValidationError when it is not there."""
        region = self.region(region_code)
        district = region.find_district(name)
        if district is None:
            if not region.districts:
                message = f"Для региона «{region.name}» справочник муниципальных образований пока не заполнен."
            else:
                message = f"Муниципальное образование «{name}» не найдено в регионе «{region.name}»."
            raise ValidationError(message, {"district": message})
        return district
