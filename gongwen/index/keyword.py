"""Keyword search: Okapi BM25 over jieba tokens, kept in the store folder as one `.npz` file.

The scores are rank-bm25's `BM25Okapi` (k1 = 1.5, b = 0.75, idf floored at 0.25 × the mean idf;
a test holds them equal), computed over term-major postings with numpy: rank-bm25 walks a Python
dict per document for every query word, 0.4 s a query at 100,000 obligations, where this takes
milliseconds. Like the vector index it is derived from the store and rebuilt from it at will.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from gongwen.index.documents import INT_FIELDS, STRING_FIELDS, IndexDoc

K1, B, EPSILON = 1.5, 0.75, 0.25
FORMAT = 1
# words that carry no topic: function words and the boilerplate of every directive
STOPWORDS = frozenset(
    "的 了 和 与 及 或 等 在 对 为 将 把 被 由 并 其 是 以 于 之 中 上 下 按 向 从 至 如 若 则 也 而 且 "
    "要 应 须 可 各 该 本 此 其他 以及 有关 相关 进行 开展 工作 通知 如下 关于 按照 根据 做好 加强 进一步 认真 "
    "什么 哪些 怎么 如何 是否 多少 吗 呢".split())
_WORD = re.compile(r"[\w\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


class KeywordIndexError(Exception):
    pass


@lru_cache(maxsize=1)
def _tokenizer():
    """A jieba tokenizer of our own, with the lexicon's parties and cues as words.

    Not jieba's global one: the extractor tunes that one as it runs, and a query must be cut exactly
    as the documents were, whichever code ran before it in the process."""
    import jieba

    from gongwen.extract.lexicon import lexicon

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    for word in sorted(lexicon().words(), key=len, reverse=True):
        tokenizer.add_word(word, freq=200_000)
    return tokenizer


def words(text: str) -> list[str]:
    """Search-mode jieba words (long words also give their parts: 承保机构 → 承保, 机构, 承保机构),
    NFKC-folded (full-width digits) and lower-cased, without punctuation and stopwords."""
    text = unicodedata.normalize("NFKC", text).lower()
    return [t for t in (w.strip() for w in _tokenizer().cut_for_search(text))
            if t and t not in STOPWORDS and _WORD.search(t)]


def tokenize(text: str) -> list[str]:
    """The words, then every pair of adjacent Chinese characters: bigrams match where the segmenter
    cut a query and a document differently (measured: +0.03 Recall@5 on `gongwen eval search`)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    pairs = [run[i:i + 2] for run in _HAN_RUN.findall(folded) for i in range(len(run) - 1)]
    return words(text) + pairs


class KeywordIndex:
    """Documents with their filter fields and BM25 postings: for each term, the documents that hold
    it and how often."""

    def __init__(self, ids: np.ndarray, meta: dict[str, np.ndarray], doc_len: np.ndarray, vocab: np.ndarray,
                 term_ptr: np.ndarray, post_doc: np.ndarray, post_tf: np.ndarray):
        self.ids, self.meta, self.doc_len, self.vocab = ids, meta, doc_len, vocab
        self.term_ptr, self.post_doc, self.post_tf = term_ptr, post_doc, post_tf
        self._term_of = {t: i for i, t in enumerate(vocab.tolist())}
        n = len(ids)
        df = np.diff(term_ptr).astype(np.float64)
        idf = np.log(n - df + 0.5) - np.log(df + 0.5) if n else df
        floor = EPSILON * idf.mean() if len(idf) else 0.0
        self.idf = np.where(idf < 0, floor, idf)
        avgdl = doc_len.mean() if n else 1.0
        # per posting: the BM25 weight of that term in that document, before the idf
        norm = K1 * (1 - B + B * doc_len / max(avgdl, 1e-9))
        tf = post_tf.astype(np.float64)
        self._weight = tf * (K1 + 1) / (tf + norm[post_doc]) if n else tf

    def __len__(self) -> int:
        return len(self.ids)

    # ---- building -----------------------------------------------------------------------

    @classmethod
    def build(cls, docs: Sequence[IndexDoc]) -> KeywordIndex:
        vocab: list[str] = []
        terms, owners, counts, lengths = _triplets(docs, {}, vocab)
        return cls._assemble(_columns(docs), terms, owners, counts, lengths, vocab)

    def with_docs(self, drop_notices: Iterable[str] = (), add: Sequence[IndexDoc] = ()) -> KeywordIndex:
        """A new index without the documents of `drop_notices` and with the documents `add`."""
        keep = ~np.isin(self.meta["notice_id"], list(drop_notices))
        renumber = np.cumsum(keep) - 1
        kept = keep[self.post_doc]
        old_terms = np.repeat(np.arange(len(self.vocab)), np.diff(self.term_ptr))[kept]
        vocab = self.vocab.tolist()
        terms, owners, counts, lengths = _triplets(add, dict(self._term_of), vocab, first_doc=int(keep.sum()))
        columns = {f: np.concatenate([v[keep], _columns(add)[f]]) for f, v in self._columns().items()}
        return KeywordIndex._assemble(columns, np.concatenate([old_terms, terms]),
                                      np.concatenate([renumber[self.post_doc[kept]], owners]),
                                      np.concatenate([self.post_tf[kept], counts]),
                                      np.concatenate([self.doc_len[keep], lengths]), vocab)

    def _columns(self) -> dict[str, np.ndarray]:
        return {"id": self.ids, **self.meta}

    @classmethod
    def _assemble(cls, columns: dict[str, np.ndarray], terms: np.ndarray, owners: np.ndarray, counts: np.ndarray,
                  lengths: np.ndarray, vocab: list[str]) -> KeywordIndex:
        # keep only the words some document still holds, then sort the postings term-major
        used, terms = np.unique(terms.astype(np.int64), return_inverse=True)
        order = np.lexsort((owners, terms))
        term_ptr = np.concatenate([[0], np.cumsum(np.bincount(terms, minlength=len(used)))]).astype(np.int64)
        meta = {f: columns[f] for f in (*STRING_FIELDS, *INT_FIELDS)}
        return cls(columns["id"], meta, lengths.astype(np.int32), np.array(vocab, dtype=str)[used].astype(str),
                   term_ptr, owners.astype(np.int32)[order], counts.astype(np.int32)[order])

    # ---- persistence --------------------------------------------------------------------

    def save(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp.npz")  # written whole, then moved: never half a file
        np.savez(tmp, format=np.array(FORMAT), ids=self.ids, doc_len=self.doc_len, vocab=self.vocab,
                 term_ptr=self.term_ptr, post_doc=self.post_doc, post_tf=self.post_tf,
                 **{f"meta_{k}": v for k, v in self.meta.items()})
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> KeywordIndex:
        try:
            with np.load(path, allow_pickle=False) as z:
                if int(z["format"]) != FORMAT:
                    raise KeywordIndexError(f"keyword index format {int(z['format'])}, expected {FORMAT}")
                meta = {f: z[f"meta_{f}"] for f in (*STRING_FIELDS, *INT_FIELDS)}
                return cls(z["ids"], meta, z["doc_len"], z["vocab"], z["term_ptr"], z["post_doc"], z["post_tf"])
        except KeywordIndexError:
            raise
        except Exception as exc:  # noqa: BLE001 - a missing, truncated or foreign file: all mean "rebuild"
            raise KeywordIndexError(f"cannot read {path.name} ({type(exc).__name__}: {exc})") from exc

    # ---- searching ----------------------------------------------------------------------

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 of every document for the query `tokens` (a repeated word counts again, as in rank-bm25)."""
        score = np.zeros(len(self), dtype=np.float64)
        for token in tokens:
            t = self._term_of.get(token)
            if t is None:
                continue
            a, b = self.term_ptr[t], self.term_ptr[t + 1]
            score[self.post_doc[a:b]] += self.idf[t] * self._weight[a:b]
        return score

    def search(self, tokens: Sequence[str], k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        """The `k` best documents with a positive score among those `mask` allows."""
        score = self.scores(tokens)
        if mask is not None:
            score = np.where(mask, score, 0.0)
        hits = np.flatnonzero(score > 0)
        top = hits[np.argsort(-score[hits], kind="stable")[:k]]
        return [(str(self.ids[i]), float(score[i])) for i in top]


def _columns(docs: Sequence[IndexDoc]) -> dict[str, np.ndarray]:
    """The id and filter fields of `docs`, one array per field."""
    out = {"id": np.array([d.id for d in docs], dtype=str)}
    out.update({f: np.array([str(d.meta.get(f, "")) for d in docs], dtype=str) for f in STRING_FIELDS})
    out.update({f: np.array([int(d.meta.get(f, 0)) for d in docs], dtype=np.int64) for f in INT_FIELDS})
    return out


def _triplets(docs: Sequence[IndexDoc], term_of: dict[str, int], vocab: list[str],
              first_doc: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(term, document, count) for each distinct word of each document, and the documents' lengths;
    new words are appended to `vocab` and `term_of`."""
    terms, owners, counts, lengths = [], [], [], []
    for n, doc in enumerate(docs):
        tokens = tokenize(doc.keyword_text)
        lengths.append(len(tokens))
        for word, count in Counter(tokens).items():
            t = term_of.get(word)
            if t is None:
                t = term_of[word] = len(vocab)
                vocab.append(word)
            terms.append(t)
            owners.append(first_doc + n)
            counts.append(count)
    return (np.array(terms, dtype=np.int64), np.array(owners, dtype=np.int32), np.array(counts, dtype=np.int32),
            np.array(lengths, dtype=np.int32))
