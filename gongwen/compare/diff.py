"""Line duties up across regions: for each duty, each region's values side by side, where each
value comes from (own notice, or inherited from a higher level or a forwarded notice), and how
strict each region is next to the others."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gongwen.compare.corpus import Corpus, DutyGroup
from gongwen.compare.models import (
    MODALITY_RANK,
    Cell,
    Comparison,
    Duty,
    Entry,
    Mark,
    RegionColumn,
    SourceRef,
)
from gongwen.compare.resolve import (
    CompareError,
    leading_subjects,
    resolve_party,
    resolve_regions,
    resolve_topic,
)
from gongwen.extract.lexicon import lexicon
from gongwen.models import Extraction, Obligation, Region

# which way a value binds harder, when the duty does not say
_STRICTER_BY_KIND = {"period": "lower", "date": "earlier"}
# colour weight of each mark in the HTML matrix (0 = loosest, 1 = strictest)
STRICTNESS: dict[str, float] = {"only_here": 1.0, "stricter": 1.0, "middle": 0.66, "same": 0.66,
                                "not_comparable": 0.5, "looser": 0.33}


def compare(
    extractions: Iterable[Extraction] = (),
    regions: Sequence[str] | None = None,
    topic: str | None = None,
    party: str | None = None,
    everything: bool = False,
    corpus: Corpus | None = None,
) -> Comparison:
    """Compare the duties of `extractions` (or of a built `corpus`) across `regions` (names as a
    user types them; default: every region with notices of its own, less those only above others).

    `topic` and `party` (ids or Chinese labels) narrow the duties and the values shown. Duties from
    `lexicons/duties.yaml` are shown wherever a region has them; duties grouped by text similarity
    only when two documents or more state them, unless `everything`.
    """
    corpus = corpus or Corpus.build(extractions)
    topic_id = resolve_topic(topic) if topic else None
    party_id = resolve_party(party) if party else None
    chosen = resolve_regions(list(regions), corpus) if regions else corpus.leaf_regions()
    if not chosen:
        raise CompareError("no notices with a known region to compare (ingest notices first)")
    columns = []
    for region in chosen:
        own, inherited = corpus.documents_for(region)
        columns.append(RegionColumn(label=region.label(), region=region, own=own, inherited=[d for d, _ in inherited]))
    lex = lexicon()
    duties = []
    for group in corpus.duties:
        if topic_id and group.topic != topic_id:
            continue
        cells = [Cell(region=col.label, entries=_entries(group, col.region, corpus, party_id)) for col in columns]
        present = sum(1 for c in cells if c.entries)
        sources = {e.doc.key for c in cells for e in c.entries}
        if present == 0 or (not group.canonical and not everything and len(sources) < 2):
            continue  # what one document says, however many regions it binds, compares with nothing
        stricter = group.spec.stricter if group.spec else _STRICTER_BY_KIND.get(group.kind or "", "higher")
        _mark(cells, stricter)
        duties.append(Duty(id=group.id, label=group.label, en=group.spec.en if group.spec else None,
                           topic=group.topic, topic_label=lex.topic_labels.get(group.topic, group.topic),
                           kind=group.kind, canonical=group.canonical,
                           party=group.spec.party if group.spec else None, cells=cells))
    order = list(lex.topic_labels)
    duties.sort(key=lambda d: (order.index(d.topic) if d.topic in order else len(order), not d.canonical))
    topics = {d.topic: d.topic_label for d in duties}
    notes = [f"{c.label}: no notice of its own; showing what binds there from higher levels"
             for c in columns if not c.own]
    notes += [f"{d.cite} ({d.source}): no region found in its header, left out" for d in corpus.unplaced()]
    return Comparison(regions=columns, topics=topics, duties=duties, party=party_id, topic=topic_id, notes=notes)


def binds(o: Obligation, party: str, usual_party: str | None = None) -> bool:
    """Whether an obligation binds `party`: as its subject, as one of several subjects written
    together (各区市应急局、安责险各承保机构要…), or, when the extractor named nobody, as the party
    the duty usually binds."""
    if o.party == party or party in lexicon().roles_in(o.party_text) or party in leading_subjects(o.text):
        return True
    return o.party is None and usual_party == party


def _entries(group: DutyGroup, region: Region, corpus: Corpus, party: str | None) -> list[Entry]:
    lex = lexicon()
    usual = group.spec.party if group.spec else None
    merged: dict[tuple, Entry] = {}
    for m in group.members:
        o, doc = m.item.obligation, m.item.doc
        how = corpus.applies(doc, region)
        if how is None or (party and not binds(o, party, usual)):
            continue
        value = m.reading.value if m.reading else None
        source = SourceRef(doc=doc.key, section=o.section, page=o.page, text=o.text, obligation_id=o.id)
        key = (how[0], doc.key, value.key() if value else None)
        entry = merged.get(key)
        if entry is None:
            merged[key] = Entry(origin=how[0], value=value, modality=o.modality, party=o.party,  # type: ignore[arg-type]
                                party_label=lex.party_labels.get(o.party or "", o.party), party_text=o.party_text,
                                doc=doc, via=how[1], sources=[source])
            continue
        if all(s.obligation_id != o.id for s in entry.sources):
            entry.sources.append(source)
        if MODALITY_RANK[o.modality] > MODALITY_RANK[entry.modality]:  # the strongest wording binds
            entry.modality = o.modality
    return sorted(merged.values(), key=lambda e: (e.origin != "own", list(corpus.docs).index(e.doc.key)))


def _score(cell: Cell, stricter: str) -> tuple[float | None, int]:
    """(value strength signed so that more is stricter, modality rank) of the cell's strictest entry;
    entries with a figure outrank those without."""
    scored = []
    for e in cell.entries:
        s = e.value.strength() if e.value else None
        if s is not None and stricter in ("lower", "earlier"):
            s = -s
        scored.append((s is not None, s or 0.0, MODALITY_RANK[e.modality], s))
    best = max(scored)
    return best[3], best[2]


def _mark(cells: list[Cell], stricter: str) -> None:
    present = [c for c in cells if c.entries]
    if len(present) == 1:
        present[0].mark = "only_here"
    else:
        scores = {id(c): _score(c, stricter) for c in present}
        figures = [c for c in present if scores[id(c)][0] is not None]
        if len(figures) >= 2:
            ranked = {id(c): scores[id(c)] for c in figures}
        elif not figures:  # nothing to rank but the wording: 应 binds harder than 鼓励
            ranked = {id(c): (0.0, scores[id(c)][1]) for c in present}
        else:
            ranked = {}
        for c in present:
            c.mark = _relative(ranked[id(c)], [v for k, v in ranked.items() if k != id(c)]) if id(c) in ranked \
                else "not_comparable"
    for c in cells:
        c.strictness = STRICTNESS.get(c.mark) if c.entries else None


def _relative(mine: tuple, others: list[tuple]) -> Mark:
    above = any(mine > o for o in others)
    below = any(mine < o for o in others)
    if above and below:
        return "middle"
    return "stricter" if above else "looser" if below else "same"
