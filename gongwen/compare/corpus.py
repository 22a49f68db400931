"""The obligations of a set of notices, ready to compare: each tied to its document, its values
read, and each value placed in a duty.

Documents are a notice and the notices it forwards (its parts), one each by 发文字号 however many
files carry them. A document binds its own region and every region below it (a province's notice
binds its cities and districts), and a document a notice forwards binds wherever the forwarding
notice does.

Duties come two ways. The duties of `lexicons/duties.yaml` take the values their cues fit (the
extractor's topic labels are not trusted for this: a ratio of the premium is a fee share whatever
topic the sentence got). The obligations no such duty took are grouped within their topic and value
kind by character n-gram TF-IDF similarity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from gongwen.compare.models import DocRef, ValueKind
from gongwen.compare.similarity import greedy_groups, similarities
from gongwen.compare.values import Reading, duties_lexicon, readings
from gongwen.extract.lexicon import lexicon
from gongwen.models import Extraction, Obligation, Region

# how alike (TF-IDF cosine) obligations must be to share a duty of their own
GROUP_THRESHOLD = 0.3
OTHER_TOPIC = "other"


@dataclass(frozen=True)
class DutySpec:
    id: str
    label: str
    en: str | None
    topic: str
    party: str | None
    value: ValueKind
    cues: tuple[tuple[str, ...], ...]
    value_cues: tuple[tuple[str, ...], ...]
    excludes: tuple[str, ...]
    stricter: str  # higher | lower | earlier

    @property
    def description(self) -> str:
        return self.label + " " + " ".join(c for group in self.cues + self.value_cues for c in group)


@lru_cache(maxsize=1)
def duty_specs() -> dict[str, DutySpec]:
    out = {}
    for duty_id, spec in duties_lexicon()["duties"].items():
        out[duty_id] = DutySpec(
            id=duty_id, label=spec["label"], en=spec.get("en"), topic=spec["topic"], party=spec.get("party"),
            value=spec["value"], cues=tuple(tuple(g) for g in spec.get("cues", [])),
            value_cues=tuple(tuple(g) for g in spec.get("value_cues", [])),
            excludes=tuple(spec.get("excludes", [])),
            stricter=spec.get("stricter", "higher"),
        )
    return out


@dataclass
class Item:
    """An obligation with its document and its values."""

    obligation: Obligation
    doc: DocRef
    seq: int
    readings: list[Reading]

    @property
    def topic(self) -> str:
        return self.obligation.topic or OTHER_TOPIC

    @property
    def own_reading(self) -> Reading | None:
        """The first value the extractor gave (words read here only serve the lexicon duties)."""
        return next((r for r in self.readings if not r.derived), None)


@dataclass
class Member:
    """What an obligation contributes to a duty: one of its values, or itself for a duty of prose."""

    item: Item
    reading: Reading | None


@dataclass
class DutyGroup:
    id: str
    label: str
    topic: str
    kind: ValueKind | None
    canonical: bool
    members: list[Member] = field(default_factory=list)
    spec: DutySpec | None = None


# ---- regions --------------------------------------------------------------------------------

_LEVELS = ("province", "city", "district")


def level(region: Region) -> int:
    return max((i + 1 for i, k in enumerate(_LEVELS) if getattr(region, k)), default=0)


def same_region(a: Region, b: Region) -> bool:
    return level(a) > 0 and all(getattr(a, k) == getattr(b, k) for k in _LEVELS)


def contains(outer: Region, inner: Region) -> bool:
    """Whether `inner` lies strictly below `outer` (山东省 ⊃ 烟台市; 上海市 ⊃ 浦东新区)."""
    if level(outer) == 0 or level(outer) >= level(inner):
        return False
    return all(getattr(outer, k) is None or getattr(outer, k) == getattr(inner, k) for k in _LEVELS)


# ---- the corpus -----------------------------------------------------------------------------


@dataclass
class Corpus:
    docs: dict[str, DocRef]
    items: list[Item]
    duties: list[DutyGroup]
    _memo: dict[tuple, tuple[str, str | None] | None] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, extractions: Iterable[Extraction]) -> Corpus:
        docs, items = _documents(extractions)
        duties = _place(items)
        return cls(docs, items, duties)

    # which documents bind where

    def applies(self, doc: DocRef, region: Region) -> tuple[str, str | None] | None:
        """("own", None) when `doc` is the region's own, ("inherited", how) when it binds there from
        above or through a notice that forwards it, None when it does not bind there."""
        key = (doc.key, region.province, region.city, region.district)
        if key not in self._memo:
            self._memo[key] = self._applies(doc, region)
        return self._memo[key]

    def _applies(self, doc: DocRef, region: Region, _depth: int = 0) -> tuple[str, str | None] | None:
        if same_region(doc.region, region):
            return "own", None
        ways = []
        if contains(doc.region, region):
            ways.append(f"上级 {doc.region_label}")
        if _depth < 3:
            for key in doc.forwarded_by:
                outer = self.docs[key]
                if self._applies(outer, region, _depth + 1):
                    ways.append(f"{outer.cite} 转发")
        return ("inherited", "；".join(ways)) if ways else None

    def regions(self) -> list[Region]:
        """The regions that have documents of their own, in document order."""
        out: list[Region] = []
        for doc in self.docs.values():
            if level(doc.region) and not any(same_region(doc.region, r) for r in out):
                out.append(doc.region)
        return out

    def leaf_regions(self) -> list[Region]:
        """Regions with documents, less those that only sit above others (their documents show as
        inherited in the regions below)."""
        regions = self.regions()
        return [r for r in regions if not any(contains(r, other) for other in regions)]

    def documents_for(self, region: Region) -> tuple[list[DocRef], list[tuple[DocRef, str | None]]]:
        own, inherited = [], []
        for doc in self.docs.values():
            how = self.applies(doc, region)
            if how and how[0] == "own":
                own.append(doc)
            elif how:
                inherited.append((doc, how[1]))
        return own, inherited

    def unplaced(self) -> list[DocRef]:
        """Documents whose region the header parser could not tell: they bind nowhere here."""
        return [d for d in self.docs.values() if not level(d.region) and not d.forwarded_by]

    def duty_of(self) -> dict[int, DutyGroup]:
        """The lexicon duty each obligation (by id()) states, if any."""
        out: dict[int, DutyGroup] = {}
        for duty in self.duties:
            if duty.canonical:
                for m in duty.members:
                    out.setdefault(id(m.item), duty)
        return out


def _documents(extractions: Iterable[Extraction]) -> tuple[dict[str, DocRef], list[Item]]:
    docs: dict[str, DocRef] = {}
    items: list[Item] = []
    for ex in extractions:
        n = ex.notice
        keys: dict[int, tuple[str, bool]] = {}  # part → (document key, already seen in another file)
        for part in n.parts or []:
            h = part.header
            key = h.doc_number or f"{n.id}#{part.index}"
            seen = key in docs
            if not seen:
                docs[key] = DocRef(key=key, doc_number=h.doc_number, title=h.title, region=h.region,
                                   issued_on=h.issued_on, status=h.status, notice_id=n.id, source=n.source,
                                   part=part.index)
            if part.index > 0 and 0 in keys and keys[0][0] not in docs[key].forwarded_by:
                docs[key].forwarded_by.append(keys[0][0])
            keys[part.index] = (key, seen)
        if not keys:  # a notice without parts: the notice is its only document
            key = f"{n.id}#0"
            docs[key] = DocRef(key=key, notice_id=n.id, source=n.source)
            keys[0] = (key, False)
        for seq, o in enumerate(ex.obligations):
            key, seen = keys.get(o.part, keys[0])
            if not seen:  # the same document in two files: its obligations once
                items.append(Item(o, docs[key], seq, readings(o)))
    return docs, items


def _fit(spec: DutySpec, item: Item, reading: Reading) -> int | None:
    """How well a value fits a duty: the summed length of the longest cue matched in each of the
    duty's cue lists, or None when a list has no match."""
    if reading.value.kind != spec.value or any(x in reading.context for x in spec.excludes):
        return None
    ob = item.obligation
    if spec.party and ob.party and ob.party != spec.party and spec.party not in lexicon().roles_in(ob.text):
        return None  # a duty of other parties altogether (消防救援总队…定期数据核准 is no insurer's service)
    score = 0
    for groups, where in ((spec.cues, item.obligation.text), (spec.value_cues, reading.context)):
        for group in groups:
            found = [len(c) for c in group if c in where]
            if not found:
                return None
            score += max(found)
    return score


def _place(items: list[Item]) -> list[DutyGroup]:
    specs = list(duty_specs().values())
    canonical = {s.id: DutyGroup(s.id, s.label, s.topic, s.value, True, spec=s) for s in specs}
    placed: set[int] = set()
    for i, item in enumerate(items):
        for reading in item.readings:
            fits = [(score, s) for s in specs if (score := _fit(s, item, reading)) is not None]
            if not fits:
                continue
            top = max(score for score, _ in fits)
            tied = [s for score, s in fits if score == top]
            if len(tied) > 1:  # the description most like the value's clause breaks the tie
                sim = similarities([reading.context, *(s.description for s in tied)])[0, 1:]
                tied = [tied[int(sim.argmax())]]
            canonical[tied[0].id].members.append(Member(item, reading))
            placed.add(i)
    rest = [item for i, item in enumerate(items) if i not in placed]
    return [canonical[s.id] for s in specs] + _group_rest(rest)


def _group_rest(items: list[Item]) -> list[DutyGroup]:
    """Obligations no lexicon duty took, grouped within (topic, value kind) by text similarity."""
    by_key: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        kind = item.own_reading.value.kind if item.own_reading else ""
        by_key.setdefault((item.topic, kind), []).append(item)
    order = {t: i for i, t in enumerate(lexicon().topic_labels)}
    out = []
    for (topic, kind), group in sorted(by_key.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1])):
        texts = [i.obligation.action or i.obligation.text for i in group]
        sim = similarities(texts)
        for n, members in enumerate(greedy_groups(sim, GROUP_THRESHOLD), 1):
            central = max(members, key=lambda j: float(sim[j, members].sum()))
            first = group[central]
            out.append(DutyGroup(
                id=f"{topic}.{kind or 'text'}.{n}", label=_short(first.obligation), topic=topic,
                kind=kind or None, canonical=False,  # type: ignore[arg-type]
                members=[Member(group[j], group[j].own_reading) for j in members],
            ))
    return out


def _short(o: Obligation, limit: int = 36) -> str:
    text = (o.action or o.text).strip("，。；： ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
