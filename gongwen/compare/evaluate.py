"""Score a comparison against the hand-written expectation in `annotations/diff.json`.

A cell (one duty in one region) is right when the comparison holds exactly the gold's entries:
the same values, from the same documents, each own or inherited as the gold says; an absent cell
is right when the comparison shows nothing there. Sections are scored apart, over the entries
found, since they depend on the notice's outline more than on the alignment.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from gongwen.compare.diff import compare
from gongwen.compare.models import Comparison, Entry, Value
from gongwen.models import Extraction

GOLD = Path("annotations/diff.json")


class CellResult(BaseModel):
    duty: str
    region: str
    correct: bool
    gold: list[str]
    found: list[str]


class DiffScore(BaseModel):
    cells: int
    correct: int
    entries_gold: int
    entries_found: int
    entries_matched: int
    sections_right: int
    results: list[CellResult] = Field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.cells if self.cells else 1.0

    @property
    def precision(self) -> float:
        return self.entries_matched / self.entries_found if self.entries_found else 1.0

    @property
    def recall(self) -> float:
        return self.entries_matched / self.entries_gold if self.entries_gold else 1.0

    @property
    def section_accuracy(self) -> float:
        return self.sections_right / self.entries_matched if self.entries_matched else 1.0

    def summary(self) -> dict[str, float | int]:
        return {"cell_accuracy": round(self.accuracy, 4), "cells": self.cells, "correct": self.correct,
                "entry_precision": round(self.precision, 4), "entry_recall": round(self.recall, 4),
                "section_accuracy": round(self.section_accuracy, 4)}


def gold_value(kind: str, v: dict) -> Value:
    if kind == "money":
        return Value(kind="money", unspecified=bool(v.get("unspecified")),
                     ranges=[tuple(r) for r in v.get("ranges", [])])
    if kind == "frequency":
        return Value(kind="frequency", per=v["per"], count=v.get("min_count"))
    if kind == "period":
        return Value(kind="period", duration=v["duration"], anchor=v.get("anchor"))
    if kind == "date":
        return Value(kind="date", date=v["date"])
    return Value(kind=kind, min=v.get("min"), max=v.get("max"))  # type: ignore[arg-type]


def _doc_id(doc_number: str | None, source: str) -> str:
    """A document as gold names it: its number, or the sample file of a document without one."""
    return doc_number or Path(source).stem


def _signature(origin: str, doc: str, value: Value | None) -> str:
    """What must agree: origin, document and the value's key (its display is for reading only)."""
    return f"{origin} {doc} {value.key() if value else '-'}"


def score(comparison: Comparison, gold: dict) -> DiffScore:
    duties = {d.id: d for d in comparison.duties}
    out = DiffScore(cells=0, correct=0, entries_gold=0, entries_found=0, entries_matched=0, sections_right=0)
    for g in gold["duties"]:
        duty = duties.get(g["id"])
        for region, expected in g["cells"].items():
            found: list[Entry] = []
            if duty is not None:
                found = next((c.entries for c in duty.cells if c.region == region), [])
            gold_entries = [] if expected == "absent" else expected
            want = Counter()
            sections: dict[str, list[str]] = {}
            for e in gold_entries:
                sig = _signature(e["from"], e.get("doc") or e.get("notice", ""), gold_value(g["kind"], e["value"]))
                want[sig] += 1
                sec = e.get("section")
                sections[sig] = sec if isinstance(sec, list) else [sec]
            have = Counter()
            found_sections: dict[str, list[str]] = {}
            for e in found:
                sig = _signature(e.origin, _doc_id(e.doc.doc_number, e.doc.source), e.value)
                have[sig] += 1
                found_sections[sig] = [s.section for s in e.sources]
            matched = want & have
            out.cells += 1
            out.correct += int(want == have)
            out.entries_gold += sum(want.values())
            out.entries_found += sum(have.values())
            out.entries_matched += sum(matched.values())
            for sig in matched:
                if any(f.startswith(s) for s in sections[sig] for f in found_sections[sig]):
                    out.sections_right += 1
            out.results.append(CellResult(duty=g["id"], region=region, correct=want == have,
                                          gold=sorted(want.elements()), found=sorted(have.elements())))
    return out


def evaluate_diff(extractions: Iterable[Extraction], gold_path: Path = GOLD) -> tuple[DiffScore, Comparison]:
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    comparison = compare(extractions, regions=gold["regions"])
    return score(comparison, gold), comparison


def gold_extractions(gold_path: Path = GOLD) -> list[Extraction]:
    """Fresh extractions of the notices the gold was written from."""
    from gongwen.pipeline import extract_file

    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    root = Path(gold_path).resolve().parent.parent
    return [extract_file(root / source) for source in gold["sources"]]
