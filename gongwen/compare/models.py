"""What a comparison and a checklist are made of. Plain pydantic models: renderers read them, the
JSON output is their dump, and `gongwen eval diff` scores them."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from gongwen.models import Deadline, Frequency, Modality, Quantity, Region, Status

ValueKind = Literal["ratio", "rate", "frequency", "date", "period", "money", "count"]
Origin = Literal["own", "inherited"]
Mark = Literal["stricter", "looser", "same", "middle", "only_here", "not_comparable", "absent"]
CellStatus = Literal["own", "inherited", "own+inherited", "absent"]

# how many times a year each `Frequency.per` comes round; a policy period is taken as a year
PER_YEAR: dict[str, float] = {"policy_period": 1, "year": 1, "half_year": 2, "quarter": 4, "month": 12,
                              "half_month": 24, "week": 52, "day": 365}
PER_LABEL: dict[str, str] = {"policy_period": "每保单期", "year": "每年", "half_year": "每半年", "quarter": "每季度",
                             "month": "每月", "half_month": "每半月", "week": "每周", "day": "每天", "regular": "定期"}
_DURATION_UNIT = {"Y": ("年", 365.0), "M": ("个月", 30.0), "W": ("周", 7.0), "D": ("天", 1.0)}
MODALITY_RANK: dict[str, int] = {"must": 3, "must_not": 3, "encouraged": 1, "may": 0}
MODALITY_LABEL: dict[str, str] = {"must": "应", "must_not": "不得", "encouraged": "鼓励", "may": "可"}
_EVERY_N = re.compile(r"(\d+)_(years|months)")


def every_n(per: str | None) -> tuple[int, str] | None:
    """A period of several years or months (每两年 → 2_years → (2, "years"), 每双月 → 2_months); None for
    a named one."""
    m = _EVERY_N.fullmatch(per or "")
    return (int(m.group(1)), m.group(2)) if m else None


def per_year(per: str | None) -> float | None:
    """How many times a year a period comes round (2_years: 0.5); None for 定期 and the unknown."""
    if n := every_n(per):
        return (1 if n[1] == "years" else 12) / n[0]
    return PER_YEAR.get(per or "")


def per_label(per: str | None) -> str:
    if n := every_n(per):
        return f"每{n[0]}{'年' if n[1] == 'years' else '个月'}"
    return PER_LABEL.get(per or "", per or "")


class DocRef(BaseModel):
    """One document: a notice, or a notice it forwards (a part)."""

    key: str  # the 发文字号, or `<notice id>#<part>` for a document without one
    doc_number: str | None = None
    title: str | None = None
    region: Region = Field(default_factory=Region)
    issued_on: str | None = None
    status: Status = "final"
    notice_id: str
    source: str
    part: int = 0
    forwarded_by: list[str] = Field(default_factory=list)  # keys of the documents that forward this one

    @property
    def region_label(self) -> str:
        return self.region.label()

    @property
    def cite(self) -> str:
        """How a cell cites the document: its number, else its title."""
        if self.doc_number:
            return self.doc_number
        title = self.title or self.source.rsplit("/", 1)[-1]
        return f"《{title}》" + ("（征求意见稿）" if self.status == "draft" else "")

    @property
    def short_cite(self) -> str:
        cite = self.cite
        return cite if len(cite) <= 18 else cite[:16] + "…》"


class SourceRef(BaseModel):
    """A sentence a value was read from."""

    doc: str  # DocRef.key
    section: str
    page: int
    text: str
    obligation_id: str


class Value(BaseModel):
    """One comparable parameter of a duty, normalized by kind."""

    kind: ValueKind
    min: float | None = None  # ratio, rate, count
    max: float | None = None
    per: str | None = None  # frequency
    count: int | None = None
    date: str | None = None  # date
    duration: str | None = None  # period: ISO 8601 (P3M) or `10WD` for working days
    anchor: str | None = None
    ranges: list[tuple[float | None, float | None]] = Field(default_factory=list)  # money, in yuan
    unspecified: bool = False  # a money duty (a sanction) with no amount written
    of: str | None = None
    text: str = ""  # as written

    def key(self) -> tuple:
        """Identity for merging equal values and for scoring."""
        if self.kind in ("ratio", "rate", "count"):
            return (self.kind, _round(self.min), _round(self.max))
        if self.kind == "frequency":
            return (self.kind, self.per, self.count)
        if self.kind == "date":
            return (self.kind, self.date)
        if self.kind == "period":
            return (self.kind, self.duration)
        if self.unspecified:
            return (self.kind, "unspecified")
        return (self.kind, tuple(sorted((_round(a), _round(b)) for a, b in self.ranges)))

    def strength(self) -> float | None:
        """A number that grows as the value binds harder (before a duty's `stricter` direction);
        None when values of this kind cannot be ranked (定期, a sanction without an amount)."""
        if self.kind in ("ratio", "rate", "count"):
            return self.min if self.min is not None else self.max
        if self.kind == "frequency":
            times = per_year(self.per)
            return None if times is None else times * (self.count or 1)
        if self.kind == "date":
            return float(self.date.replace("-", "")) if self.date else None
        if self.kind == "period":
            return period_days(self.duration)
        if self.unspecified or not self.ranges:
            return None
        lows = [a if a is not None else b for a, b in self.ranges]
        return min(x for x in lows if x is not None) if any(x is not None for x in lows) else None

    @property
    def display(self) -> str:
        if self.kind in ("ratio", "rate"):
            return _bounds(self.min, self.max, _pct) + (f" {self.of}" if self.kind == "ratio" and self.of else "")
        if self.kind == "count":
            return _bounds(self.min, self.max, lambda x: f"{x:g}次")
        if self.kind == "frequency":
            label = per_label(self.per)
            return f"{label}≥{self.count}次" if self.count else label
        if self.kind == "date":
            return f"{self.date}前"
        if self.kind == "period":
            return f"{self.anchor or ''}后{duration_label(self.duration)}内"
        if self.unspecified:
            return "依法处罚（未定额）"
        return "；".join(_bounds(a, b, _yuan) for a, b in self.ranges)


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 6)


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


def _yuan(x: float) -> str:
    return f"{x / 10000:g}万元" if x >= 10000 else f"{x:g}元"


def _bounds(lo: float | None, hi: float | None, fmt) -> str:
    if lo is not None and hi is not None:
        return fmt(lo) if lo == hi else f"{fmt(lo)}–{fmt(hi)}"
    if lo is not None:
        return f"≥{fmt(lo)}"
    if hi is not None:
        return f"≤{fmt(hi)}"
    return "?"


def period_days(duration: str | None) -> float | None:
    """Days in `P3M`, `P7D`, `PT24H` or `10WD` (working days), roughly: for ranking periods."""
    import re

    if not duration:
        return None
    if m := re.fullmatch(r"(\d+)WD", duration):
        return int(m.group(1)) * 7 / 5
    if m := re.fullmatch(r"PT(\d+)H", duration):
        return int(m.group(1)) / 24
    if m := re.fullmatch(r"P(\d+)([YMWD])", duration):
        return int(m.group(1)) * _DURATION_UNIT[m.group(2)][1]
    return None


def duration_label(duration: str | None) -> str:
    import re

    if not duration:
        return "?"
    if m := re.fullmatch(r"(\d+)WD", duration):
        return f"{m.group(1)}个工作日"
    if m := re.fullmatch(r"PT(\d+)H", duration):
        return f"{m.group(1)}小时"
    if m := re.fullmatch(r"P(\d+)([YMWD])", duration):
        return m.group(1) + _DURATION_UNIT[m.group(2)][0]
    return duration


class Entry(BaseModel):
    """A value that binds in a region, from one document (several sentences may say it)."""

    origin: Origin
    value: Value | None = None  # None for a duty without a comparable parameter
    modality: Modality
    party: str | None = None
    party_label: str | None = None
    party_text: str | None = None
    doc: DocRef
    via: str | None = None  # for inherited values: how the region comes under the document
    sources: list[SourceRef] = Field(default_factory=list)

    @property
    def display(self) -> str:
        """The value, or for a duty of prose the strength of its wording."""
        return self.value.display if self.value else MODALITY_LABEL.get(self.modality, self.modality)

    @property
    def who(self) -> str:
        """Strength and bound party: `应 保险机构`, `鼓励 投保/生产经营单位及从业人员`."""
        return f"{MODALITY_LABEL.get(self.modality, self.modality)} {self.party_label or '（未写明）'}"


class Cell(BaseModel):
    region: str
    entries: list[Entry] = Field(default_factory=list)
    mark: Mark = "absent"
    strictness: float | None = None  # 0..1, for colouring; None when absent

    @property
    def status(self) -> CellStatus:
        origins = {e.origin for e in self.entries}
        if not origins:
            return "absent"
        return "own+inherited" if len(origins) == 2 else next(iter(origins))  # type: ignore[return-value]


class Duty(BaseModel):
    id: str
    label: str
    en: str | None = None
    topic: str
    topic_label: str
    kind: ValueKind | None = None
    canonical: bool  # from lexicons/duties.yaml, or grouped by text similarity
    party: str | None = None
    cells: list[Cell] = Field(default_factory=list)

    def cell(self, region: str) -> Cell:
        for c in self.cells:
            if c.region == region:
                return c
        raise KeyError(region)


class RegionColumn(BaseModel):
    label: str
    region: Region
    own: list[DocRef] = Field(default_factory=list)
    inherited: list[DocRef] = Field(default_factory=list)


class Comparison(BaseModel):
    regions: list[RegionColumn]
    topics: dict[str, str]  # id → label, the topics of the duties shown, in taxonomy order
    duties: list[Duty]
    party: str | None = None
    topic: str | None = None
    notes: list[str] = Field(default_factory=list)


class ChecklistItem(BaseModel):
    topic: str
    duty: str | None = None  # the compared duty this obligation states, if any
    duty_label: str | None = None
    text: str
    action: str
    modality: Modality
    party_text: str | None = None
    condition: str | None = None
    deadline: Deadline = Field(default_factory=Deadline)
    frequency: Frequency | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    values: list[Value] = Field(default_factory=list)
    origin: Origin
    via: str | None = None
    doc: DocRef
    section: str
    page: int
    obligation_id: str


class ChecklistGroup(BaseModel):
    topic: str
    label: str
    items: list[ChecklistItem]


class Checklist(BaseModel):
    party: str
    party_label: str
    region: str
    documents: list[DocRef]
    groups: list[ChecklistGroup]

    @property
    def items(self) -> list[ChecklistItem]:
        return [i for g in self.groups for i in g.items]
