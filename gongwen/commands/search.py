"""`gongwen search`, `gongwen reindex` and `gongwen eval search`: thin shells over `gongwen.index`.

Bad input (an empty query, a region, party, topic or document the store does not hold, an index
built with another embedder) exits with code 2 and says what to do instead."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gongwen.commands import DEFAULT_STORE, StoreOpt

ChromaOpt = Annotated[str | None, typer.Option(
    "--chroma-url", envvar="GONGWEN_CHROMA_URL",
    help="Keep the vectors on a chroma server (http://HOST:PORT, e.g. one started with `chroma run`) "
         "instead of the store folder.")]
EmbedderOpt = Annotated[str | None, typer.Option(
    "--embedder", help="Embedding backend: `use` (multilingual Universal Sentence Encoder, built in, fast), "
                       "`e5` (multilingual-e5-small, built in, better on paraphrases, ~40x slower to index) or "
                       "`st:PATH_OR_NAME` (a local sentence-transformers model). Default: the index's own.")]
USER_ERROR = 2


class Mode(StrEnum):
    hybrid = "hybrid"
    dense = "dense"
    keyword = "keyword"


class Format(StrEnum):
    table = "table"
    json = "json"
    md = "md"


class ModalityName(StrEnum):
    must = "must"
    must_not = "must_not"
    encouraged = "encouraged"
    may = "may"


def _err():
    from rich.console import Console

    return Console(stderr=True)


def _fail(message: str, code: int = USER_ERROR):
    _err().print(f"[red]error[/red] {message}", highlight=False)
    raise typer.Exit(code)


def _open_store(store: Path):
    from gongwen.index.store import Store, StoreError

    try:
        return Store(store, create=False)
    except StoreError as exc:
        _fail(str(exc))


def _open_indexes(st, chroma_url: str | None, embedder: str | None):
    """Checked (and if need be repaired) indexes; repairs are reported on stderr."""
    from gongwen.index.embedders import EmbedderError
    from gongwen.index.indexes import SearchIndexError, SearchIndexes
    from gongwen.index.vector import VectorIndexError

    err = _err()
    try:
        return SearchIndexes(st, chroma_url, say=lambda m: err.print(f"[yellow]note[/yellow] {m}",
                                                                     highlight=False)).open(embedder)
    except (SearchIndexError, EmbedderError, VectorIndexError) as exc:
        _fail(str(exc))


def search(
    query: Annotated[str, typer.Argument(help="What to look for: words or a question, in Chinese.")],
    region: Annotated[str | None, typer.Option(help="Province, city or district (苏州, 苏州市, 浦东新区).")] = None,
    party: Annotated[str | None, typer.Option(help="Party role (insurer) or a written form (保险公司).")] = None,
    topic: Annotated[str | None, typer.Option(help="Topic id (inspection) or label (隐患排查与检查).")] = None,
    modality: Annotated[ModalityName | None, typer.Option(help="Strength of the duty.")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Document number (发文字号): 苏应急〔2024〕132号.")] = None,
    since: Annotated[str | None, typer.Option(help="Issued on or after this date (2023-09-14, 2023-09, 2023); "
                                                   "notices without a date are left out.")] = None,
    k: Annotated[int, typer.Option("-k", min=1, max=1000, help="How many obligations to show.")] = 10,
    mode: Annotated[Mode, typer.Option(help="hybrid (meaning and keywords fused), dense or keyword.")] = Mode.hybrid,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,  # noqa: A002
    store: StoreOpt = DEFAULT_STORE,
    chroma_url: ChromaOpt = None,
    embedder: EmbedderOpt = None,
) -> None:
    """Search the stored obligations by meaning and by keyword, with filters.

    Each hit shows the obligation with the query's words highlighted, its party, region, document
    number, section, page and score. The search indexes are built on first use and repaired when
    damaged (said on stderr). An empty query is an error; a query longer than 1,000 characters is
    cut to its first 1,000, with a warning. A region, party, topic or document that matches nothing
    in the store is an error (exit code 2) that lists what the store holds.
    """
    from gongwen.index.filters import FilterError, resolve_filters
    from gongwen.index.search import QueryError, Searcher, check_query

    try:
        text, warning = check_query(query)
    except QueryError as exc:
        _fail(str(exc))
    if warning:
        _err().print(f"[yellow]warning[/yellow] {warning}", highlight=False)
    st = _open_store(store)
    try:
        filters = resolve_filters(st, region=region, party=party, topic=topic,
                                  modality=modality.value if modality else None, doc=doc, since=since)
    except FilterError as exc:
        _fail(str(exc))
    ready = _open_indexes(st, chroma_url, embedder)
    hits = Searcher(st, ready).search(text, filters, k=k, mode=mode.value)
    ready.vectors.close()
    if not hits:
        _err().print("no obligation matches" + (f" ({filters.describe()})" if filters.describe() else ""),
                     highlight=False)
    if format is Format.json:
        sys.stdout.write(json.dumps([_hit_dict(h) for h in hits], ensure_ascii=False, indent=2) + "\n")
    elif format is Format.md:
        sys.stdout.write(_markdown(text, hits))
    elif hits:
        _print_table(text, hits, mode.value)


def _labels() -> dict[str, str]:
    from gongwen.extract.lexicon import lexicon

    return lexicon().party_labels


def _hit_dict(hit) -> dict:
    ob = hit.obligation
    return {"rank": hit.rank, "score": round(hit.score, 6), "id": hit.id, "text": ob.text, "matched": hit.terms,
            "party": ob.party, "party_text": ob.party_text, "modality": ob.modality, "topic": ob.topic,
            "province": hit.province or None, "city": hit.city or None, "district": hit.district or None,
            "doc_number": hit.doc_number or None, "section": ob.section, "page": ob.page, "notice_id": hit.notice_id,
            "ranks": hit.ranks}


def _party(hit, labels: dict[str, str]) -> str:
    ob = hit.obligation
    return labels.get(ob.party or "", ob.party or "") or (ob.party_text or "-")


def _print_table(query: str, hits, mode: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Column, Table

    from gongwen.index.search import highlight

    labels = _labels()
    table = Table("#", Column("obligation", ratio=1, overflow="fold", min_width=30), "party", "region", "发文字号",
                  "section", "page", "score", title=f"{len(hits)} obligations for “{escape(query[:60])}” ({mode})",
                  show_lines=True)
    for h in hits:
        table.add_row(str(h.rank), highlight(h.obligation.text, h.terms, "[bold yellow]", "[/bold yellow]", escape),
                      escape(_party(h, labels)), escape(h.region or "-"), escape(h.doc_number or "-"),
                      escape(h.obligation.section or "-"), str(h.obligation.page), f"{h.score:.4f}")
    Console().print(table)


def _markdown(query: str, hits) -> str:
    from gongwen.index.search import highlight

    def cell(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    labels = _labels()
    lines = [f"# Search: {cell(query)}", "", "| # | obligation | party | region | 发文字号 | section | page | score |",
             "|---|---|---|---|---|---|---|---|"]
    for h in hits:
        lines.append(f"| {h.rank} | {highlight(h.obligation.text, h.terms, '**', '**', cell)} | "
                     f"{cell(_party(h, labels))} | {cell(h.region or '-')} | {cell(h.doc_number or '-')} | "
                     f"{cell(h.obligation.section or '-')} | {h.obligation.page} | {h.score:.4f} |")
    return "\n".join(lines) + "\n"


def reindex(
    store: StoreOpt = DEFAULT_STORE,
    embedder: EmbedderOpt = None,
    chroma_url: ChromaOpt = None,
) -> None:
    """Rebuild the search indexes (vectors and keywords) from the store's SQLite database.

    SQLite is the source of truth: the indexes can be deleted at any time and rebuilt with this.
    Use --embedder to change the embedding backend or model (the manifest index.json records it)."""
    import time

    from gongwen.index.embedders import EmbedderError
    from gongwen.index.indexes import SearchIndexError, SearchIndexes
    from gongwen.index.vector import VectorIndexError

    st = _open_store(store)
    err = _err()
    started = time.perf_counter()
    try:
        manifest = SearchIndexes(st, chroma_url, say=lambda m: err.print(m, highlight=False)).rebuild(embedder)
    except (SearchIndexError, EmbedderError, VectorIndexError) as exc:
        _fail(str(exc))
    state = manifest.keyword
    err.print(f"indexed {state.obligations} obligations and {state.count - state.obligations} section chunks "
              f"with {manifest.embedder} ({manifest.model}, {manifest.dim} dimensions) in "
              f"{time.perf_counter() - started:.1f} s → {store}", highlight=False)


def update_indexes(store: Path, console) -> None:
    """After ingest: bring the search indexes in step with the store. A failure here never fails the
    ingest (SQLite already holds the notices); the next search rebuilds what is missing."""
    import os

    from gongwen.index.indexes import SearchIndexes
    from gongwen.index.store import Store

    try:
        with Store(store) as st:
            manifest = SearchIndexes(st, os.environ.get("GONGWEN_CHROMA_URL"),
                                     say=lambda m: console.print(m, highlight=False)).sync()
        console.print(f"search index: {manifest.keyword.obligations} obligations ({manifest.embedder})",
                      highlight=False)
    except Exception as exc:  # noqa: BLE001 - the ingest itself succeeded; say why the index lags
        console.print(f"[yellow]warning[/yellow] search index not updated ({type(exc).__name__}: {exc}); "
                      "it is rebuilt at the next search, or run `gongwen reindex`", highlight=False)


def eval_search(
    store: Annotated[Path | None, typer.Option(
        "--store", "-s", help="Evaluate this store (it must hold the annotated notices). Default: a temporary "
                              "store with the annotated notices ingested afresh.")] = None,
    annotations: Annotated[Path, typer.Option(help="Folder with queries.jsonl and the gold files.")] = Path(
        "annotations"),
    json_out: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    details: Annotated[bool, typer.Option(help="Also give each query's found, missed and first rank.")] = False,
    check: Annotated[bool, typer.Option(help="Exit 1 when below gongwen/index/search_thresholds.json.")] = False,
    embedder: EmbedderOpt = None,
) -> None:
    """Search quality on annotations/queries.jsonl: Recall@5, MRR@10 and Hit@5 for dense, keyword and hybrid.
    The thresholds are those of the default embedder."""
    import tempfile

    from gongwen.index.evaluation import below, evaluate_search, thresholds

    queries = annotations / "queries.jsonl"
    if not queries.exists():
        _fail(f"no {queries}")
    with tempfile.TemporaryDirectory(prefix="gongwen-eval-") as tmp:
        st = _open_store(store) if store else _fresh_store(Path(tmp), annotations)
        from gongwen.index.search import Searcher

        ready = _open_indexes(st, None, embedder)
        result = evaluate_search(Searcher(st, ready), annotations)
        ready.vectors.close()
        st.close()
    failures = below(result.scores, thresholds())
    if json_out:
        out = result.as_dict(details)
        out["below_threshold"] = failures
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_eval(result, failures)
    if check and failures:
        raise typer.Exit(1)


def _fresh_store(folder: Path, annotations: Path):
    from gongwen.index.evaluation import gold_sources
    from gongwen.index.store import Store
    from gongwen.pipeline import ingest_file

    st = Store(folder / "store")
    err = _err()
    for path in gold_sources(annotations):
        outcome = ingest_file(st, path)
        if outcome.status == "failed":
            err.print(f"[red]error[/red] {path}: {outcome.reason}", highlight=False)
    return st


def _print_eval(result, failures: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("mode", "Recall@5", "MRR@10", "Hit@5", "reachable Recall@5",
                  title=f"search on {result.queries} queries (Recall@5 ceiling {result.ceiling:.3f}: "
                        f"{result.unreachable} of {result.gold} relevant gold obligations not extracted)")
    for mode, score in result.scores.items():
        s = score.as_dict()
        table.add_row(mode, f"{s['recall@5']:.3f}", f"{s['mrr@10']:.3f}", f"{s['hit@5']:.3f}",
                      f"{s['reachable_recall@5']:.3f}")
    console = Console()
    console.print(table)
    for f in failures:
        console.print(f"[red]below threshold[/red] {f}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(search)
    app.command()(reindex)
    # `gongwen eval` is a group of its own module (gongwen.commands.evaluate); search adds its score there
    from gongwen.commands.evaluate import eval_app

    eval_app.command("search")(eval_search)
