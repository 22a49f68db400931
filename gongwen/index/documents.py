"""What gets indexed: one `IndexDoc` per obligation and per section-sized chunk of a notice.

Both indexes (vectors and keywords) take the same documents, built here from the store's
extractions, so they can never disagree on what a document says or which filters it answers to.
An obligation is embedded as its sentence alone and tokenized for keywords with its section
headings in front: a query often names the topic of a heading rather than the sentence's own words,
which helps BM25 and hurts the sentence encoder (measured with `gongwen eval search`). The keyword
text also holds the words for the parameters the duty sets (`facets.yaml`: 比例 beside 不低于20%).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from gongwen.extract.lexicon import lexicon
from gongwen.models import Extraction, Notice, Obligation

Kind = Literal["obligation", "chunk"]
CHUNK_MAX = 600  # characters; longer sections are cut at sentence ends
CHUNK_MIN = 20  # a heading alone is not worth a vector: the chunks under it repeat it
# metadata every document carries (chroma `where` filters and the keyword index's masks use them)
STRING_FIELDS = ("kind", "notice_id", "province", "city", "district", "party", "topic", "modality", "doc_number",
                 "section")
INT_FIELDS = ("issued", "page", "start", "end")


@dataclass(frozen=True)
class IndexDoc:
    id: str
    text: str  # what is embedded
    keyword_text: str  # what is tokenized for BM25
    meta: dict[str, str | int] = field(default_factory=dict)

    @property
    def kind(self) -> Kind:
        return self.meta["kind"]  # type: ignore[return-value]


def date_number(iso: str | None) -> int:
    """2023-09-14 → 20230914, unknown → 0: chroma compares numbers only (`$gte`)."""
    digits = re.sub(r"\D", "", iso or "")[:8]
    return int(digits.ljust(8, "0")) if digits else 0


def _base_meta(notice: Notice, part: int, section: str, page: int, span: tuple[int, int]) -> dict[str, str | int]:
    h = notice.header_of(part)
    return {"notice_id": notice.id, "province": h.region.province or "", "city": h.region.city or "",
            "district": h.region.district or "", "doc_number": h.doc_number or "", "issued": date_number(h.issued_on),
            "section": section, "page": page, "start": span[0], "end": span[1]}


def obligation_doc(notice: Notice, ob: Obligation) -> IndexDoc:
    meta = _base_meta(notice, ob.part, ob.section, ob.page, ob.span)
    meta.update(kind="obligation", party=ob.party or "", topic=ob.topic or "", modality=ob.modality)
    keyword_text = " ".join([*notice.headings_at(ob.span[0]), ob.text, *lexicon().facet_words(ob)])
    return IndexDoc(ob.id, ob.text, keyword_text, meta)


def chunk_spans(notice: Notice) -> list[tuple[int, int]]:
    """Section-sized spans covering the notice: cut at every heading and every forwarded part, then
    long stretches cut again at sentence ends."""
    cuts = sorted({0, len(notice.text), *(s.start for s in notice.sections), *(p.start for p in notice.parts)})
    spans = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while b - a > CHUNK_MAX:
            end = max(notice.text.rfind(mark, a, a + CHUNK_MAX) for mark in "。；\n")
            end = end + 1 if end > a + CHUNK_MAX // 3 else a + CHUNK_MAX
            spans.append((a, end))
            a = end
        spans.append((a, b))
    return [(a, b) for a, b in spans if len(notice.text[a:b].strip()) >= CHUNK_MIN]


def chunk_docs(notice: Notice) -> list[IndexDoc]:
    docs = []
    for n, (a, b) in enumerate(chunk_spans(notice)):
        label = notice.section_at(a)
        meta = _base_meta(notice, notice.part_at(a), label, notice.page_at(a), (a, b))
        meta.update(kind="chunk", party="", topic="", modality="")
        text = notice.text[a:b].strip()
        headings = notice.headings_at(a, strict=True)  # the headings above: the chunk shows only its own
        text = " ".join([*headings, text])
        docs.append(IndexDoc(f"{notice.id}#c{n:03d}", text, text, meta))
    return docs


def documents(extraction: Extraction) -> list[IndexDoc]:
    notice = extraction.notice
    return [obligation_doc(notice, ob) for ob in extraction.obligations] + chunk_docs(notice)
