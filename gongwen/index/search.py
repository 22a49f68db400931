"""Search obligations by meaning (vectors), by keyword (BM25) or both (the default).

Hybrid ranking is weighted reciprocal rank fusion (Cormack et al. 2009): each ranked list adds
`weight / (RRF_K + rank)` to an obligation's score. The lists: the obligations nearest the query
(`dense`), the obligations with the best BM25 (`keyword`), and the obligations inside the section
chunks with the best BM25 (`context`: a sentence that does not say 培训 may sit in the passage that
does). The weights and RRF_K were chosen on `gongwen eval search` (annotations/queries.jsonl), on the
annotated notices' store and on the whole corpus's, for the widest margin over keyword search on both;
`search_thresholds.json` holds what they reach. The nearest chunks by vector (`chunk_dense`) were
measured too and did not help, so their weight is 0 and they are not queried.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from gongwen.index.filters import Filters, chroma_where, mask
from gongwen.index.indexes import Ready
from gongwen.index.keyword import tokenize, words
from gongwen.index.store import Store
from gongwen.models import Obligation

Mode = Literal["hybrid", "dense", "keyword"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "keyword")
MAX_QUERY_CHARS = 1000  # longer queries are cut (with a warning): a query is a question, not a document
RRF_K = 3  # much smaller than the usual 60: the first few ranks of each list are what matter here
DEPTH = 100  # candidates taken from each list before fusion
# Chroma answers a query with a `where` clause by scanning: on 172,000 documents 385 ms against 3 ms
# without one (benchmarks/bench_search.py). So filters are applied here (obligations and chunks are
# already apart, one collection each): to an unfiltered list fetched deep enough when they let a good
# share through, by comparing the query with every allowed vector when they let few through, and
# only in between by chroma.
FILTER_HERE_SHARE = 0.05
COMPARE_ALL_MAX = 2000  # allowed documents whose vectors are fetched and compared one by one
WEIGHTS = {"dense": 0.6, "keyword": 1.0, "context": 0.2, "chunk_dense": 0.0}  # see `gongwen eval search`
# interrogatives carry no content and pull a sentence encoder toward other questions
_QUESTION = re.compile(r"[？?！!]|什么|哪些|哪个|哪里|怎么|怎样|如何|是否|能否|要不要|能不能|有没有|吗|呢")
NO_FILTERS = Filters()


class QueryError(Exception):
    pass


@dataclass
class Hit:
    id: str
    rank: int
    score: float
    obligation: Obligation
    notice_id: str
    province: str
    city: str
    district: str
    doc_number: str
    terms: list[str] = field(default_factory=list)  # query words that occur in the text
    ranks: dict[str, int] = field(default_factory=dict)  # 1-based rank in each list that found it

    @property
    def region(self) -> str:
        return self.district or self.city or self.province


def check_query(query: str) -> tuple[str, str | None]:
    """(the query to run, a warning or None). An empty query is an error."""
    text = " ".join(query.split())
    if not text:
        raise QueryError("empty query: say what to look for, e.g. gongwen search \"保险机构 事故预防服务 频次\"")
    if len(text) > MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS], (f"the query has {len(text)} characters; only the first {MAX_QUERY_CHARS} "
                                        "are used")
    return text, None


class Searcher:
    def __init__(self, store: Store, ready: Ready):
        self.store, self.ready = store, ready
        self.keyword = ready.keyword
        self._columns = {"id": ready.keyword.ids, **ready.keyword.meta}
        self._row = {i: n for n, i in enumerate(ready.keyword.ids.tolist())}  # document id → keyword-index row
        kinds, counts = np.unique(ready.keyword.meta["kind"], return_counts=True)
        self._of_kind = dict(zip(kinds.tolist(), counts.tolist(), strict=True))  # documents of each kind

    # ---- the ranked lists ----------------------------------------------------------------

    def dense(self, vector: np.ndarray, conditions, kind: str = "obligation", depth: int = DEPTH
              ) -> list[tuple[str, float]]:
        allowed = mask(self._columns, conditions, kind)
        n, of_kind = int(allowed.sum()), self._of_kind.get(kind, 0)
        if n <= COMPARE_ALL_MAX:
            return self.ready.vectors.nearest_among(self.keyword.ids[allowed].tolist(), vector, depth, kind)
        share = n / max(of_kind, 1)
        fetch = int(depth / share * 3) + 20 if share < 1 else depth
        while share >= FILTER_HERE_SHARE and fetch <= 8 * depth / share:  # deeper while it stays cheaper
            nearest = self.ready.vectors.query(vector, min(fetch, of_kind), kind=kind)
            hits = [(i, sim) for i, sim in nearest if (row := self._row.get(i)) is not None and allowed[row]]
            if len(hits) >= depth or len(nearest) < min(fetch, of_kind):
                return hits[:depth]
            fetch *= 2
        return self.ready.vectors.query(vector, depth, chroma_where(conditions), kind)

    def keywords(self, tokens: Sequence[str], conditions, kind: str = "obligation", depth: int = DEPTH
                 ) -> list[tuple[str, float]]:
        return self.keyword.search(tokens, depth, mask(self._columns, conditions, kind))

    def inside(self, chunk_ids: Sequence[str], conditions, depth: int = DEPTH) -> list[str]:
        """The obligations the filters allow inside the chunks `chunk_ids`, chunk by chunk, each
        chunk's in reading order."""
        allowed = mask(self._columns, conditions, "obligation")
        notice, start, end = self._columns["notice_id"], self._columns["start"], self._columns["end"]
        out: list[str] = []
        for chunk in chunk_ids:
            c = self._row.get(chunk)
            if c is None:
                continue
            held = np.flatnonzero(allowed & (notice == notice[c]) & (start >= start[c]) & (start < end[c]))
            out += [str(self.keyword.ids[i]) for i in held[np.argsort(start[held], kind="stable")]]
            if len(out) >= depth:
                break
        return list(dict.fromkeys(out))[:depth]

    # ---- searching -----------------------------------------------------------------------

    def rank(self, query: str, filters: Filters = NO_FILTERS, k: int = 10, mode: Mode = "hybrid",
             weights: dict[str, float] | None = None) -> list[tuple[str, float, dict[str, int]]]:
        """(obligation id, score, rank in each list) for the best `k`."""
        conditions = filters.conditions()
        weights = weights or WEIGHTS
        depth = max(DEPTH, k)
        # chunks answer to the notice-level filters only: party, topic and modality are per obligation
        chunk_conditions = [c for c in conditions if c[0] not in ("party", "topic", "modality")]
        tokens = tokenize(query)
        lists: dict[str, list[str]] = {}
        if mode in ("dense", "hybrid"):
            vector = self.ready.embedder().embed_query(_QUESTION.sub(" ", query).strip() or query)
            hits = self.dense(vector, conditions, depth=k if mode == "dense" else depth)
            if mode == "dense":
                return [(i, s, {"dense": n}) for n, (i, s) in enumerate(hits, 1)]
            lists["dense"] = [i for i, _ in hits]
            if weights.get("chunk_dense"):
                chunks = self.dense(vector, chunk_conditions, kind="chunk", depth=max(10, depth // 4))
                lists["chunk_dense"] = self.inside([i for i, _ in chunks], conditions, depth)
        keyword_hits = self.keywords(tokens, conditions, depth=depth)
        if mode == "keyword":
            return [(i, s, {"keyword": n}) for n, (i, s) in enumerate(keyword_hits[:k], 1)]
        lists["keyword"] = [i for i, _ in keyword_hits]
        if weights.get("context"):
            chunks = self.keywords(tokens, chunk_conditions, kind="chunk", depth=max(10, depth // 4))
            lists["context"] = self.inside([i for i, _ in chunks], conditions, depth)
        scores: dict[str, float] = {}
        ranks: dict[str, dict[str, int]] = {}
        for name, ids in lists.items():
            for n, i in enumerate(ids, 1):
                scores[i] = scores.get(i, 0.0) + weights.get(name, 0.0) / (RRF_K + n)
                ranks.setdefault(i, {})[name] = n
        best = sorted(scores, key=lambda i: (-scores[i], i))[:k]
        return [(i, scores[i], ranks[i]) for i in best]

    def search(self, query: str, filters: Filters = NO_FILTERS, k: int = 10, mode: Mode = "hybrid") -> list[Hit]:
        ranked = self.rank(query, filters, k, mode)
        obligations = self.store.obligations_by_id([i for i, _, _ in ranked])
        query_words = words(query)
        hits = []
        for n, (i, score, ranks) in enumerate(ranked, 1):
            ob = obligations.get(i)
            if ob is None:  # the store changed under a running search: skip what is gone
                continue
            row = self._row[i]
            col = self._columns
            hits.append(Hit(id=i, rank=n, score=score, obligation=ob, notice_id=str(col["notice_id"][row]),
                            province=str(col["province"][row]), city=str(col["city"][row]),
                            district=str(col["district"][row]), doc_number=str(col["doc_number"][row]),
                            terms=matched_terms(ob.text, query_words), ranks=ranks))
        return hits


def matched_terms(text: str, tokens: Sequence[str]) -> list[str]:
    """The query words found in `text`, longest first, without words inside a longer found word and
    without single characters (费, 年) unless the query is nothing else."""
    found: list[str] = []
    longest = max(map(len, tokens), default=0)
    for token in sorted(set(tokens), key=len, reverse=True):
        if (len(token) > 1 or longest == 1) and token in text and not any(token in longer for longer in found):
            found.append(token)
    return found


def highlight(text: str, terms: Sequence[str], before: str, after: str, escape=lambda s: s) -> str:
    """`text` with the stretches covered by `terms` wrapped in `before`/`after` (adjacent matches
    as one stretch) and the rest passed through `escape`."""
    covered = [False] * len(text)
    for term in terms:
        for m in re.finditer(re.escape(term), text):
            covered[m.start():m.end()] = [True] * (m.end() - m.start())
    out, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or covered[i] != covered[start]:
            piece = escape(text[start:i])
            out.append(f"{before}{piece}{after}" if covered[start] else piece)
            start = i
    return "".join(out)
