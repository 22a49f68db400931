"""Score the extractor against the hand-written gold in `annotations/`.

Obligations are matched one-to-one by span overlap (the gold `text` is located in the notice's
normalized text). Detection is scored over all obligations; each parameter field over the matched
pairs, as slot filling: a non-empty prediction equal to the gold is a true positive, a wrong or
surplus one a false positive, a missed or wrong gold value a false negative.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from gongwen.models import Extraction, Header, Notice

HEADER_FIELDS = ("title", "doc_number", "issuers", "recipients", "signed_on", "printed_on", "copied_to", "note",
                 "status", "region")
OBLIGATION_FIELDS = ("party", "modality", "topic", "deadline", "frequency", "quantities")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold, pred) -> None:
        """Slot filling: empty values are absent; a wrong value is both a false positive and a false negative."""
        if _empty(gold) and _empty(pred):
            return
        if not _empty(gold) and gold == pred:
            self.tp += 1
            return
        if not _empty(pred):
            self.fp += 1
        if not _empty(gold):
            self.fn += 1

    def __iadd__(self, other: Score) -> Score:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _empty(v) -> bool:
    return v is None or v == [] or v == {} or v == ""


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    mismatches: list[dict] = field(default_factory=list)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def as_dict(self) -> dict:
        return {name: s.as_dict() for name, s in self.scores.items()}


# ---- normalizing values for comparison ------------------------------------------------------


def deadline_key(d: dict | None):
    if not d or d.get("kind") in (None, "none"):
        return None
    if d["kind"] == "date":
        return ("date", d.get("date"))
    return ("relative", json.dumps(d.get("duration"), sort_keys=True))


def frequency_key(f: dict | None):
    if not f:
        return None
    return (f.get("per"), f.get("min_count"))


def _num(v):
    return None if v is None else round(float(v), 6)


def quantity_keys(qs: list[dict] | None) -> list[tuple]:
    return sorted(((q["kind"], _num(q.get("min")), _num(q.get("max"))) for q in qs or []), key=repr)


def canon(value):
    """A gold header value as the normalized text would print it (the gold keeps a converter's
    ASCII punctuation: 信息公开选项:主动公开)."""
    from gongwen.ingest.normalize import clean_line

    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, list):
        return [canon(v) for v in value]
    return value


def region_key(r: dict | None):
    if not r:
        return None
    return tuple(r.get(k) for k in ("province", "city", "district")) if any(r.values()) else None


# ---- locating gold spans ------------------------------------------------------------------


def locate(text: str, sentence: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """The span of a gold sentence in `text[start:end]` (its part of the notice): exact after the
    same line cleaning the notice had, then the best fuzzy alignment."""
    from gongwen.ingest.normalize import clean_line

    end = len(text) if end is None else end
    s = clean_line(re.sub(r"\s+", "", sentence)).rstrip("。；;")
    i = text.find(s, start, end)
    if i >= 0:
        return i, i + len(s)
    from rapidfuzz import fuzz

    alignment = fuzz.partial_ratio_alignment(s, text[start:end], score_cutoff=85)
    if alignment is None:
        return None
    return start + alignment.dest_start, start + alignment.dest_end


def locate_gold(notice: Notice, obligations: list[dict]) -> list[tuple[int, int] | None]:
    """Each gold obligation's span in the notice, searched in its part from just after the previous
    one's start (gold is in reading order, so a sentence written twice is found twice), else
    anywhere in its part."""
    out: list[tuple[int, int] | None] = []
    cursor: dict[int, int] = {}  # part start → where the next gold sentence may start
    for ob in obligations:
        index = ob.get("part", 0)
        lo, hi = (notice.parts[index].start, notice.parts[index].end) if index < len(notice.parts) else (
            0, len(notice.text))
        span = locate(notice.text, ob["text"], cursor.get(lo, lo), hi) or locate(notice.text, ob["text"], lo, hi)
        if span:
            cursor[lo] = span[0] + 1
        out.append(span)
    return out


def match(gold: list[tuple[int, int]], pred: list[tuple[int, int]], threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index) whose overlap covers at least `threshold` of the
    shorter span, best overlaps first."""
    candidates = []
    for gi, (ga, gb) in enumerate(gold):
        for pi, (pa, pb) in enumerate(pred):
            inter = min(gb, pb) - max(ga, pa)
            if inter <= 0:
                continue
            ratio = inter / max(1, min(gb - ga, pb - pa))
            if ratio >= threshold:
                candidates.append((ratio, inter, gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _, _, gi, pi in sorted(candidates, reverse=True):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs


# ---- scoring ------------------------------------------------------------------------------


def score_header(report: Report, gold: dict, header: Header, where: str) -> None:
    pred = header.model_dump()
    for name in HEADER_FIELDS:
        g, p = canon(gold.get(name)), pred.get(name)
        if name == "region":
            g, p = region_key(g), region_key(p)
        if name not in gold:
            continue
        report.score(f"header.{name}").add(g, p)
        if g != p and not (_empty(g) and _empty(p)):
            report.mismatches.append({"where": where, "field": f"header.{name}", "gold": g, "pred": p})


def score_notice(report: Report, gold: dict, extraction: Extraction) -> None:
    notice: Notice = extraction.notice
    where = gold.get("source", notice.source)
    if "header" in gold:
        score_header(report, gold["header"], notice.header, where)
        for i, part_gold in enumerate(gold["header"].get("parts", []), 1):
            header = notice.parts[i].header if i < len(notice.parts) else Header()
            score_header(report, part_gold, header, f"{where} part {i}")
    gold_obs = gold.get("obligations", [])
    gold_spans = []
    for ob, span in zip(gold_obs, locate_gold(notice, gold_obs), strict=True):
        if span is None:
            report.mismatches.append({"where": where, "field": "gold-not-found", "gold": ob["text"]})
        gold_spans.append(span or (-10, -9))
    preds = extraction.obligations
    pairs = match(gold_spans, [tuple(o.span) for o in preds])
    det = report.score("obligation.detection")
    det.tp += len(pairs)
    det.fp += len(preds) - len(pairs)
    det.fn += len(gold_obs) - len(pairs)
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    for gi, ob in enumerate(gold_obs):
        if gi not in matched_g:
            report.mismatches.append({"where": where, "field": "obligation.missed", "gold": ob["text"][:60]})
    for pi, ob in enumerate(preds):
        if pi not in matched_p:
            report.mismatches.append({"where": where, "field": "obligation.spurious", "pred": ob.text[:60]})
    for gi, pi in pairs:
        g, p = gold_obs[gi], preds[pi].model_dump()
        values = {
            "party": (g.get("party"), p["party"]),
            "modality": (g.get("modality"), p["modality"]),
            "topic": (g.get("topic"), p["topic"]),
            "deadline": (deadline_key(g.get("deadline")), deadline_key(p["deadline"])),
            "frequency": (frequency_key(g.get("frequency")), frequency_key(p["frequency"])),
        }
        for name, (gv, pv) in values.items():
            report.score(f"obligation.{name}").add(gv, pv)
            if gv != pv:
                report.mismatches.append({"where": where, "field": f"obligation.{name}", "gold": gv, "pred": pv,
                                          "text": g["text"][:50]})
        gq, pq = quantity_keys(g.get("quantities")), quantity_keys(p["quantities"])
        qs = report.score("obligation.quantities")
        remaining = list(pq)
        for q in gq:
            if q in remaining:
                remaining.remove(q)
                qs.tp += 1
            else:
                qs.fn += 1
        qs.fp += len(remaining)
        if gq != pq:
            report.mismatches.append({"where": where, "field": "obligation.quantities", "gold": gq, "pred": pq,
                                      "text": g["text"][:50]})
    _score_contacts(report, gold.get("contacts", []), extraction, where)


def _score_contacts(report: Report, gold: list[dict], extraction: Extraction, where: str) -> None:
    def key(c: dict):
        return (c.get("name"), c.get("phone"), c.get("email"))

    score = report.score("contacts")
    pred = [key(c.model_dump()) for c in extraction.contacts]
    for c in gold:
        if key(c) in pred:
            pred.remove(key(c))
            score.tp += 1
        else:
            score.fn += 1
            report.mismatches.append({"where": where, "field": "contact.missed", "gold": key(c)})
    score.fp += len(pred)
    for c in pred:
        report.mismatches.append({"where": where, "field": "contact.spurious", "pred": c})


def gold_files(root: Path, subset: str) -> list[Path]:
    return sorted((root / subset).glob("*.json"))


def evaluate(annotations: Path, subset: str, extract=None) -> Report:
    """Score every gold file of `annotations/<subset>` against a fresh extraction of its source."""
    from gongwen.pipeline import extract_file

    extract = extract or extract_file
    report = Report()
    repo = annotations.resolve().parent
    for path in gold_files(annotations, subset):
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = repo / gold["source"]
        score_notice(report, gold, extract(source))
    return report


def check(report: Report, thresholds: dict[str, float]) -> list[str]:
    """The fields whose F1 falls below their threshold."""
    return [f"{name}: F1 {report.scores[name].f1:.3f} < {minimum}"
            for name, minimum in thresholds.items() if name in report.scores and report.scores[name].f1 < minimum]
