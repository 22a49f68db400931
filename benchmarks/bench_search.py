"""Search at scale: an index of N obligations (default 100,000) made by varying the real ones.

    python benchmarks/bench_search.py [--obligations 100000] [--queries 200] [--work DIR]

1. The corpus (corpus/samples, corpus/devset) is ingested, then copied over and over into a store of
   N obligations: each copy gets another region from the gazetteer, another document number and
   date, other numbers and other written forms of the parties (same length, so spans stay valid).
2. `gongwen reindex` runs in a child process: build time, peak memory, disk size.
3. Queries run in another child: the annotated queries and variants, through gongwen (dense,
   keyword, hybrid; without and with filters) and as a bare `collection.query` with a precomputed
   vector on the same collection (without a `where`, with the obligations-only `where`, with the
   filters' `where`), alternately, in the same run. p50/p95 and ratio ours/bare: unfiltered searches
   against the bare query without `where`, filtered ones against the bare filtered query.
   `--reuse` queries the store and index a previous run left in --work again.

Writes benchmarks/results/search.json and prints a table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, peak_rss_mb

# written forms of the same length that can stand in for each other in a varied copy
SWAPS = [["承保机构", "保险机构", "保险公司", "承保公司"], ["投保企业", "参保企业", "投保单位", "参保单位"],
         ["应急管理局", "应急管理厅"], ["行业部门", "相关部门", "有关部门"]]


def disk_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


# ---- 1. the store --------------------------------------------------------------------------


def make_store(work: Path, target: int) -> Path:
    from gongwen.index.store import Store
    from gongwen.ingest.regions import gazetteer, region_of
    from gongwen.pipeline import ingest_file

    base = work / "base"
    with Store(base) as st:
        for path in sorted((ROOT / "corpus" / "samples").glob("*.txt")) + sorted(
                (ROOT / "corpus" / "devset").glob("[0-9]*.md")):
            ingest_file(st, path)
        real = list(st.extractions())
    by_code, _ = gazetteer()
    districts = [c for c in by_code if not c.endswith("00")]
    rng = random.Random(42)
    store = work / "store"
    shutil.rmtree(store, ignore_errors=True)
    total, copy = 0, 0
    with Store(store) as st:
        while total < target:
            for ex in real:
                if total >= target:
                    break
                varied = vary(ex, copy, rng, region_of(rng.choice(districts)))
                st.save(varied)
                total += len(varied.obligations)
            copy += 1
    return store


def vary(ex, copy: int, rng: random.Random, region):
    """A copy of an extraction with its own id, region, number, date, digits and party forms."""
    text = ex.notice.text

    def swap(m: re.Match) -> str:
        return rng.choice(next(group for group in SWAPS if m.group(0) in group))

    forms = "|".join(re.escape(f) for group in SWAPS for f in group)
    text = re.sub(forms, swap, text)
    text = re.sub(r"\d", lambda m: str(rng.randint(0, 9)), text)  # same length: every span still fits
    nid = hashlib.sha256(f"{ex.notice.id}-{copy}".encode()).hexdigest()[:16]
    notice = ex.notice.model_copy(deep=True)
    notice.id, notice.text, notice.source = nid, text, f"bench/{copy}/{Path(ex.notice.source).name}"
    for part in notice.parts:
        h = part.header
        h.region = region.model_copy()
        h.doc_number = f"测应急〔{rng.randint(2015, 2025)}〕{rng.randint(1, 300)}号"
        h.signed_on = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    obligations = []
    for ob in ex.obligations:
        new = ob.model_copy(deep=True)
        new.id = f"{nid}-{ob.id.rsplit('-', 1)[-1]}"
        new.text = text[ob.span[0]:ob.span[1]] if text[ob.span[0]:ob.span[1]] else ob.text
        obligations.append(new)
    return ex.model_copy(update={"notice": notice, "obligations": obligations})


# ---- 2. build (child process) --------------------------------------------------------------


def build(store: Path) -> dict:
    from gongwen.index.indexes import SearchIndexes
    from gongwen.index.store import Store

    started = time.perf_counter()
    with Store(store) as st:
        manifest = SearchIndexes(st, say=lambda m: None).rebuild("use")
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak_rss_mb(), 1),
            "obligations": manifest.keyword.obligations, "documents": manifest.keyword.count,
            "disk_mb": {"chroma": round(disk_mb(store / "chroma"), 1),
                        "keywords.npz": round(disk_mb(store / "keywords.npz"), 1),
                        "gongwen.db (SQLite, the source)": round(disk_mb(store / "gongwen.db"), 1)}}


# ---- 3. queries (child process) ------------------------------------------------------------


def queries(n: int) -> list[str]:
    path = ROOT / "annotations" / "queries.jsonl"
    base = [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] \
        if path.exists() else ["保险机构 事故预防服务 频次", "夜间施工许可", "文物 修缮 补助"]
    rng = random.Random(5)
    out = list(base)
    while len(out) < n:  # variants: the same questions, words dropped
        words = list(rng.choice(base))
        del words[rng.randrange(len(words))]
        out.append("".join(words))
    return out[:n]


def run_queries(store: Path, n: int) -> dict:
    from gongwen.index.filters import chroma_where, resolve_filters
    from gongwen.index.indexes import SearchIndexes
    from gongwen.index.search import Searcher
    from gongwen.index.store import Store

    with Store(store) as st:
        started = time.perf_counter()
        ready = SearchIndexes(st, say=lambda m: print(m, file=sys.stderr)).open()
        searcher = Searcher(st, ready)
        embedder = ready.embedder()
        embedder.embed(["预热"])
        open_seconds = time.perf_counter() - started
        city = st.conn.execute("SELECT city FROM obligations WHERE city != '' GROUP BY city ORDER BY count(*) DESC"
                               " LIMIT 1").fetchone()[0]
        filtered = resolve_filters(st, region=city, party="insurer")
        collection = ready.vectors.collection("obligation")
        texts = queries(n)
        vectors = embedder.embed(texts)
        timings: dict[str, list[float]] = {}

        def timed(name: str, fn) -> None:
            t = time.perf_counter()
            fn()
            timings.setdefault(name, []).append((time.perf_counter() - t) * 1000)

        where_filtered = chroma_where(filtered.conditions())
        for text, vector in zip(texts, vectors, strict=True):
            # bare chroma and gongwen alternate, so machine noise hits both alike
            timed("bare chroma query", lambda v=vector: collection.query(query_embeddings=[v], n_results=10))
            timed("bare chroma query, filtered", lambda v=vector: collection.query(
                query_embeddings=[v], n_results=10, where=where_filtered))
            timed("embed the query (USE)", lambda q=text: embedder.embed_query(q))
            for mode in ("dense", "keyword", "hybrid"):
                timed(f"gongwen {mode}", lambda q=text, m=mode: searcher.search(q, k=10, mode=m))
                timed(f"gongwen {mode}, filtered", lambda q=text, m=mode: searcher.search(q, filtered, k=10, mode=m))
        ready.vectors.close()
    stats = {name: {"p50_ms": round(percentile(v, 50), 2), "p95_ms": round(percentile(v, 95), 2), "n": len(v)}
             for name, v in timings.items()}
    bare, bare_f = stats["bare chroma query"]["p50_ms"], stats["bare chroma query, filtered"]["p50_ms"]
    for name, s in stats.items():
        if name.startswith("gongwen"):
            s["p50_ratio_to_bare"] = round(s["p50_ms"] / (bare_f if "filtered" in name else bare), 2)
    return {"open_seconds": round(open_seconds, 2), "filter": f"region {city}, party insurer",
            "peak_rss_mb": round(peak_rss_mb(), 1), "latency": stats}


# ---- main -----------------------------------------------------------------------------------


def _child(phase: str, store: Path, extra: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, "--phase", phase, "--store", str(store), *extra],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"{phase} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--obligations", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--work", type=Path, default=Path("/tmp/gongwen-bench-search"))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "search.json")
    parser.add_argument("--reuse", action="store_true",
                        help="query the store and index a previous run left in --work (its build figures kept)")
    parser.add_argument("--phase", choices=["build", "query"], help=argparse.SUPPRESS)
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "build":
        print(json.dumps(build(args.store)))
        return
    if args.phase == "query":
        print(json.dumps(run_queries(args.store, args.queries)))
        return

    import platform

    args.work.mkdir(parents=True, exist_ok=True)
    store, saved = args.work / "store", args.work / "build.json"
    if args.reuse and saved.exists():
        built = json.loads(saved.read_text(encoding="utf-8"))
    else:
        started = time.perf_counter()
        store = make_store(args.work, args.obligations)
        made = time.perf_counter() - started
        print(f"store of {args.obligations} obligations made in {made:.0f} s; building the indexes …",
              file=sys.stderr)
        built = _child("build", store, [])
        saved.write_text(json.dumps(built), encoding="utf-8")
    print(f"built in {built['seconds']} s; querying …", file=sys.stderr)
    queried = _child("query", store, ["--queries", str(args.queries)])
    result = {"obligations": built["obligations"], "documents_indexed": built["documents"], "build": built,
              "query": queried, "machine": {"python": platform.python_version(), "cpus": _cpus()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _print(result)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


def _print(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    b = result["build"]
    console = Console()
    console.print(f"index of {result['obligations']} obligations ({result['documents_indexed']} documents with the "
                  f"section chunks): build {b['seconds']} s, peak memory {b['peak_rss_mb']} MB, disk "
                  + ", ".join(f"{k} {v} MB" for k, v in b["disk_mb"].items()), highlight=False)
    q = result["query"]
    table = Table("query", "p50 ms", "p95 ms", "p50 / bare", title=f"latency, {q['filter']} when filtered; "
                  f"opening the indexes {q['open_seconds']} s, peak memory {q['peak_rss_mb']} MB")
    for name, s in q["latency"].items():
        table.add_row(name, f"{s['p50_ms']:.1f}", f"{s['p95_ms']:.1f}", str(s.get("p50_ratio_to_bare", "")))
    console.print(table)


if __name__ == "__main__":
    main()
