"""Score search against the hand-written queries in `annotations/queries.jsonl`.

Each query lists its relevant obligations by gold id (`000_a4305a7bf411f230-o05`); the gold
obligations (`annotations/samples/*.json`, `annotations/devset/*.json`) give their text. A gold
obligation is located in its notice's normalized text and matched by span overlap to the stored
obligations (`gongwen.evaluate.locate_gold` and `match`, as the extractor's evaluation does); a search
hit is relevant when it is a stored obligation matched to a relevant gold one.

- Recall@5: the share of a query's relevant gold obligations found in the first 5 hits, averaged
  over queries (a query with 8 relevant obligations can reach 5/8 at most).
- MRR@10: 1 / rank of the first relevant hit within the first 10, averaged over queries.
- Hit@5: the share of queries with a relevant hit in the first 5.
- Reachable recall@5: what search itself achieves: found / min(5, relevant gold obligations that
  the extractor produced), over the queries with at least one. Recall@5 cannot exceed the share of
  gold obligations the extractor found, nor 5 / |relevant|.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gongwen.evaluate import locate_gold, match
from gongwen.index.search import MODES, Mode, Searcher
from gongwen.index.store import Store

THRESHOLDS = Path(__file__).with_name("search_thresholds.json")
GOLD_SUBSETS = ("samples", "devset")


@dataclass
class Query:
    id: str
    query: str
    relevant: list[str]


@dataclass
class ModeScore:
    recall_at_5: float = 0.0
    mrr_at_10: float = 0.0
    hit_at_5: float = 0.0
    reachable_recall_at_5: float = 0.0
    queries: int = 0
    per_query: dict[str, dict] = field(default_factory=dict)

    def as_dict(self, details: bool = False) -> dict:
        out = {"recall@5": round(self.recall_at_5, 4), "mrr@10": round(self.mrr_at_10, 4),
               "hit@5": round(self.hit_at_5, 4), "reachable_recall@5": round(self.reachable_recall_at_5, 4),
               "queries": self.queries}
        if details:
            out["per_query"] = self.per_query
        return out


def read_queries(path: Path) -> list[Query]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            try:
                out.append(Query(row["id"], row["query"], list(row["relevant"])))
            except KeyError as exc:
                raise ValueError(f"{path}:{n}: missing {exc}") from exc
    return out


def gold_sources(annotations: Path) -> list[Path]:
    """The notice files the gold annotations describe (what an evaluation store must hold)."""
    repo = annotations.resolve().parent
    return sorted({repo / json.loads(p.read_text(encoding="utf-8"))["source"]
                   for subset in GOLD_SUBSETS for p in sorted((annotations / subset).glob("*.json"))})


def relevance_map(store: Store, annotations: Path) -> dict[str, set[str]]:
    """Gold obligation id → the stored obligations it matches (empty when the extractor missed it)."""
    out: dict[str, set[str]] = {}
    for subset in GOLD_SUBSETS:
        for path in sorted((annotations / subset).glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            nid = store.resolve(gold["source"])
            obligations = gold.get("obligations", [])
            if nid is None:
                out.update({ob["id"]: set() for ob in obligations})
                continue
            extraction = store.extraction(nid)
            preds = [tuple(o.span) for o in extraction.obligations]
            for ob, span in zip(obligations, locate_gold(extraction.notice, obligations), strict=True):
                out[ob["id"]] = {extraction.obligations[p].id for p, pred in enumerate(preds)
                                 if span and match([span], [pred])}
    return out


def score_mode(searcher: Searcher, queries: Iterable[Query], relevance: dict[str, set[str]], mode: Mode,
               **rank_options) -> ModeScore:
    score = ModeScore()
    reachable_queries = 0
    for q in queries:
        ranked = [i for i, _, _ in searcher.rank(q.query, k=10, mode=mode, **rank_options)]
        found = [g for g in q.relevant if relevance.get(g, set()) & set(ranked[:5])]
        relevant_ids = set().union(*(relevance.get(g, set()) for g in q.relevant))
        first = next((n for n, i in enumerate(ranked, 1) if i in relevant_ids), None)
        score.queries += 1
        score.recall_at_5 += len(found) / len(q.relevant)
        score.mrr_at_10 += 1 / first if first else 0.0
        score.hit_at_5 += 1.0 if first and first <= 5 else 0.0
        reachable = [g for g in q.relevant if relevance.get(g)]
        if reachable:
            reachable_queries += 1
            score.reachable_recall_at_5 += len(found) / min(5, len(reachable))
        score.per_query[q.id] = {"found@5": found, "relevant": q.relevant, "first": first,
                                 "unreachable": [g for g in q.relevant if not relevance.get(g)]}
    n = max(score.queries, 1)
    score.recall_at_5, score.mrr_at_10, score.hit_at_5 = score.recall_at_5 / n, score.mrr_at_10 / n, score.hit_at_5 / n
    score.reachable_recall_at_5 /= max(reachable_queries, 1)
    return score


def ceiling(queries: Iterable[Query], relevance: dict[str, set[str]]) -> float:
    """The best Recall@5 any ranking could reach: gold the extractor missed, and 5 hits only."""
    queries = list(queries)
    return sum(min(5, sum(1 for g in q.relevant if relevance.get(g))) / len(q.relevant)
               for q in queries) / max(len(queries), 1)


@dataclass
class SearchEval:
    scores: dict[str, ModeScore]
    queries: int
    gold: int  # distinct relevant gold obligations
    unreachable: int  # of those, how many no stored obligation matches
    ceiling: float  # the best Recall@5 possible with this extraction

    def as_dict(self, details: bool = False) -> dict:
        return {"queries": self.queries, "relevant_gold": self.gold, "not_extracted": self.unreachable,
                "recall@5_ceiling": round(self.ceiling, 4),
                "modes": {m: s.as_dict(details) for m, s in self.scores.items()}}


def evaluate_search(searcher: Searcher, annotations: Path, modes: Iterable[Mode] = MODES) -> SearchEval:
    queries = read_queries(annotations / "queries.jsonl")
    relevance = relevance_map(searcher.store, annotations)
    gold = {g for q in queries for g in q.relevant}
    return SearchEval(scores={mode: score_mode(searcher, queries, relevance, mode) for mode in modes},
                      queries=len(queries), gold=len(gold), unreachable=sum(1 for g in gold if not relevance.get(g)),
                      ceiling=ceiling(queries, relevance))


def thresholds() -> dict[str, dict[str, float]]:
    return json.loads(THRESHOLDS.read_text(encoding="utf-8"))


def below(scores: dict[str, ModeScore], minimums: dict[str, dict[str, float]]) -> list[str]:
    """What falls short: a metric under its minimum, or hybrid not beating both other modes."""
    out = []
    for mode, metrics in minimums.items():
        if mode.startswith("_") or mode not in scores:
            continue
        got = scores[mode].as_dict()
        out += [f"{mode} {name} {got[name]:.3f} < {minimum}" for name, minimum in metrics.items()
                if got[name] < minimum]
    if {"hybrid", "dense", "keyword"} <= set(scores):
        for metric in ("recall@5", "mrr@10"):
            h = scores["hybrid"].as_dict()[metric]
            for other in ("dense", "keyword"):
                if h <= scores[other].as_dict()[metric]:
                    out.append(f"hybrid {metric} {h:.3f} does not beat {other} ({scores[other].as_dict()[metric]:.3f})")
    return out
