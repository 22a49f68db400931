"""Search filters: read what the user typed, check it against the store, and say it as conditions.

A filter is a list of `(field, op, value)` conditions on the metadata every indexed document
carries (`documents.py`). The same conditions become a chroma `where` clause for the vector index
and a boolean mask for the keyword index, so both indexes filter identically. A value that matches
nothing in the store (a region with no notices, a party nobody binds) is an error with the values
that do exist, not an empty result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from gongwen.index.documents import date_number
from gongwen.index.store import Store
from gongwen.models import Region

Op = Literal["$eq", "$in", "$gte"]
Condition = tuple[str, Op, object]


class FilterError(Exception):
    """A filter value that names nothing in the store; the message lists what does exist."""


@dataclass(frozen=True)
class Filters:
    region: Region | None = None
    party: str | None = None  # role id
    topic: str | None = None  # topic id
    modality: str | None = None
    doc_numbers: tuple[str, ...] = ()
    since: int = 0  # yyyymmdd: issued on or after

    def conditions(self) -> list[Condition]:
        out: list[Condition] = []
        if self.region is not None:
            out.append(region_condition(self.region))
        for name in ("party", "topic", "modality"):
            if getattr(self, name):
                out.append((name, "$eq", getattr(self, name)))
        if self.doc_numbers:
            out.append(("doc_number", "$in", list(self.doc_numbers)))
        if self.since:
            out.append(("issued", "$gte", self.since))
        return out

    def describe(self) -> str:
        parts = []
        if self.region is not None:
            parts.append(region_condition(self.region)[2])
        parts += [v for v in (self.party, self.topic, self.modality) if v]
        parts += list(self.doc_numbers)
        if self.since:
            parts.append(f"since {self.since}")
        return ", ".join(map(str, parts))


def region_condition(region: Region) -> Condition:
    """A region matches at its most specific level: 苏州 → city 苏州市, 浦东 → district 浦东新区."""
    for field in ("district", "city", "province"):
        if getattr(region, field) and not (field == "city" and region.city == region.province):
            return (field, "$eq", getattr(region, field))
    return ("province", "$eq", region.province or "")


def chroma_where(conditions: list[Condition]) -> dict | None:
    """The conditions as a chroma `where` (each kind of document has its own collection)."""
    clauses = [{field: {op: value}} for field, op, value in conditions]
    return None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}


def mask(columns: dict[str, np.ndarray], conditions: list[Condition], kind: str) -> np.ndarray:
    keep = columns["kind"] == kind
    for field, op, value in conditions:
        column = columns[field]
        if op == "$eq":
            keep &= column == value
        elif op == "$in":
            keep &= np.isin(column, value)
        else:
            keep &= column >= value
    return keep


# ---- reading user input --------------------------------------------------------------------


def resolve_filters(store: Store, region: str | None = None, party: str | None = None, topic: str | None = None,
                    modality: str | None = None, doc: str | None = None, since: str | None = None) -> Filters:
    return Filters(
        region=_region(store, region) if region else None,
        party=_party(store, party) if party else None,
        topic=_topic(store, topic) if topic else None,
        modality=modality or None,
        doc_numbers=_doc_numbers(store, doc) if doc else (),
        since=_since(since) if since else 0,
    )


def _region(store: Store, name: str) -> Region:
    from gongwen.ingest.regions import resolve

    region = resolve(name)
    if region is None:
        raise FilterError(f"no region called {name!r}: give a province, city or district (苏州, 苏州市, 浦东新区)")
    field, _, value = region_condition(region)
    present = store.distinct(field)
    if value not in present:
        known = sorted({r for column in ("province", "city", "district") for r in store.distinct(column)})
        raise FilterError(f"no obligations from {value} in the store; regions in it: {'、'.join(known) or 'none'}")
    return region


def _in_store(store: Store, value: str, found: str | None, column: str, labels: dict[str, str], what: str) -> str:
    """`found` (the role or topic id `value` names, or None) when some stored obligation has it."""
    present = store.distinct(column)
    listing = ", ".join(f"{i} ({labels.get(i, i)})" for i in present)
    if found is None:
        raise FilterError(f"unknown {what} {value!r}; the store has: {listing or 'none'}")
    if found not in present:
        raise FilterError(f"no obligations with {what} {found} ({labels.get(found, found)}) in the store; "
                          f"it has: {listing or 'none'}")
    return found


def _party(store: Store, value: str) -> str:
    from gongwen.extract.lexicon import lexicon

    lex = lexicon()
    return _in_store(store, value, lex.party_id(value), "party", lex.party_labels, "party")


def _topic(store: Store, value: str) -> str:
    from gongwen.extract.lexicon import lexicon

    lex = lexicon()
    return _in_store(store, value, lex.topic_id(value), "topic", lex.topic_labels, "topic")


_YEAR_BRACKETS = re.compile(r"[\[［(（【〔]\s*(\d{4})\s*[\]］)）】〕]")


def _doc_number_key(text: str) -> str:
    """烟应急[2023]72号, 烟应急（2023）72 号, or a piece of one ([2023]72) → with 〔2023〕 and no spaces, as
    the header parser stores numbers. Not `ingest.normalize.normalize_doc_number`: that one needs a
    whole number (prefix, year, 号), where a user may type a piece."""
    return _YEAR_BRACKETS.sub(r"〔\1〕", re.sub(r"\s+", "", text))


def _doc_numbers(store: Store, doc: str) -> tuple[str, ...]:
    wanted = _doc_number_key(doc)
    present = store.distinct("doc_number")
    exact = [d for d in present if _doc_number_key(d) == wanted]
    found = exact or [d for d in present if wanted in _doc_number_key(d)]
    if not found:
        raise FilterError(f"no obligations from a document numbered {doc!r}; the store has: "
                          f"{'、'.join(present) or 'none'}")
    return tuple(found)


def _since(text: str) -> int:
    m = re.fullmatch(r"\s*(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*", text)
    if not m:
        raise FilterError(f"--since {text!r}: expected a date like 2023-09-14, 2023-09 or 2023")
    year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise FilterError(f"--since {text!r}: not a date")
    return date_number(f"{year:04d}-{month:02d}-{day:02d}")
