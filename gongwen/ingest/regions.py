"""Administrative divisions (province → city → district) and region inference for a notice.

The gazetteer is `lexicons/regions.tsv` (adcode and name). A region is read from the issuers first,
then the title, the addressees and finally the opening of the text; the most specific division
named by the first source that names any is taken, and a name shared by several divisions (鼓楼区)
is settled by which of their parents the notice also names.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from gongwen.models import Region

MUNICIPALITIES = {"11", "12", "31", "50"}
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[str, str], dict[str, list[str]]]:
    """(adcode → name, name → adcodes), short names of provinces and cities included."""
    by_code: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    text = resources.files("gongwen.lexicons").joinpath("regions.tsv").read_text(encoding="utf-8")
    for row in text.splitlines():
        if not row or row.startswith("#"):
            continue
        code, name = row.split("\t")
        if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        by_code[code] = name
        names = {name}
        if code.endswith("0000"):
            names.add(_strip(name, _PROVINCE_SUFFIXES))
        elif code.endswith("00"):
            names.add(_strip(name, ("地区", "市")))
        elif name.endswith("新区"):
            names.add(name[:-2])
        for n in names:
            if len(n) >= 2:
                by_name.setdefault(n, []).append(code)
    return by_code, by_name


def _strip(name: str, suffixes: tuple[str, ...]) -> str:
    for s in suffixes:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


@lru_cache(maxsize=1)
def _full_name_pattern() -> re.Pattern[str]:
    by_code, _ = gazetteer()
    names = sorted({n for n in by_code.values() if len(n) >= 3}, key=len, reverse=True)
    return re.compile("国家|中国|" + "|".join(map(re.escape, names)))


class _NameStart:
    """Lazy `finditer` over division names (and 国家/中国), for splitting issuer lists."""

    def finditer(self, text: str):
        return re.finditer(f"国家|中国|{_any_name_pattern().pattern}", text)


NAME_START = _NameStart()


@lru_cache(maxsize=1)
def _any_name_pattern() -> re.Pattern[str]:
    _, by_name = gazetteer()
    return re.compile("|".join(map(re.escape, sorted(by_name, key=len, reverse=True))))


def _level(code: str) -> int:
    if code.endswith("0000"):
        return 1
    return 2 if code.endswith("00") else 3


def _parents(code: str) -> list[str]:
    return [code[:2] + "0000", code[:4] + "00"]


def mentions(text: str, full_only: bool = False) -> list[str]:
    """Adcodes of the divisions named in `text` (every candidate of an ambiguous name)."""
    by_code, by_name = gazetteer()
    pattern = _full_name_pattern() if full_only else _any_name_pattern()
    out: list[str] = []
    for m in pattern.finditer(text):
        out.extend(by_name.get(m.group(0), []))
    return out


def region_of(code: str) -> Region:
    by_code, _ = gazetteer()
    prov, city = code[:2] + "0000", code[:4] + "00"
    region = Region(province=by_code.get(prov))
    if _level(code) >= 2:
        region.city = region.province if code[:2] in MUNICIPALITIES else by_code.get(city)
    if _level(code) == 3:
        region.district = by_code.get(code)
        if region.city is None:  # county-level city directly under a province
            region.city = region.district
    return region


def infer_region(issuers: list[str], title: str, recipients: list[str], text: str) -> Region:
    sources = [" ".join(issuers), title, " ".join(recipients)]
    every = [c for s in sources for c in mentions(s)] + mentions(text, full_only=True)
    for source in sources + [text]:
        found = mentions(source, full_only=source is text)
        if not found:
            continue
        if source is sources[0] and issuers:
            # the first issuer decides the level: a province's notice co-signed by a city's
            # regulator branch is still a province's notice
            first = mentions(issuers[0]) or found
            found = first
        best = max(found, key=lambda c: (_level(c), sum(p in every for p in _parents(c)), -found.index(c)))
        return region_of(best)
    return Region()


def resolve(name: str) -> Region | None:
    """A region a user typed (`苏州`, `苏州市`, `浦东新区`) or None if the gazetteer has no such name."""
    codes = mentions(name.strip())
    if not codes:
        return None
    return region_of(max(codes, key=_level))
