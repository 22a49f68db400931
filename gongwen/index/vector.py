"""The vector index: two chromadb collections, obligations and section chunks, in the store folder or
on a chroma server. Apart, a search for obligations never wades through chunks: one collection with
a `kind` filter made chroma scan (370 ms at 172,000 documents) or fetch past every nearer chunk.

Vectors are computed by gongwen's own embedder and handed to chroma; the collection's embedding
function is our `GongwenEmbeddingFunction` (registered under the name `gongwen`), so chroma never
falls back to its default model, which it would try to download.

The HNSW segment is written to disk after every add (`sync_threshold` 2): a collection left in
chroma's write buffer is rewritten on each open, and the damage check (`fingerprint`) needs files
that only change when gongwen writes them. `python -m gongwen.index.vector probe …` opens an index
in a child process, because a corrupt HNSW file can crash the process that loads it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api.client import SharedSystemClient
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings
from chromadb.utils.embedding_functions import register_embedding_function

from gongwen.index.documents import IndexDoc
from gongwen.index.embedders import Embedder, get_embedder

LOCAL_COLLECTION = "gongwen"
KINDS = ("obligation", "chunk")  # one collection each
HNSW = {"space": "cosine", "sync_threshold": 2, "batch_size": 2, "ef_search": 200}
PROBE_TIMEOUT = 120  # seconds for the child process that checks a suspicious index


class VectorIndexError(Exception):
    pass


@register_embedding_function
class GongwenEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's view of a gongwen embedder. The model is loaded on first use only: gongwen passes
    vectors it computed itself, and chroma calls this only for `query_texts`/`documents`."""

    def __init__(self, embedder: str = "use", instance: Embedder | None = None) -> None:
        self.spec = embedder
        self._embedder = instance

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - chroma's parameter name
        if self._embedder is None:
            self._embedder = get_embedder(self.spec)
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "gongwen"

    def default_space(self) -> str:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {"embedder": self.spec}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> GongwenEmbeddingFunction:
        return GongwenEmbeddingFunction(config.get("embedder", "use"))


@dataclass(frozen=True)
class Location:
    """Where a store's vectors live: its own `chroma/` folder, or a collection on a chroma server."""

    folder: Path  # the store folder
    url: str | None = None

    @property
    def key(self) -> str:
        return self.url or "local"

    @property
    def path(self) -> Path:
        return self.folder / "chroma"

    @property
    def collection(self) -> str:
        if self.url is None:
            return LOCAL_COLLECTION
        # one server may hold several stores' indexes: name the collection after the store folder
        return "gongwen-" + hashlib.sha1(str(self.folder.resolve()).encode()).hexdigest()[:16]

    @property
    def collections(self) -> dict[str, str]:
        """Collection name for each kind of document."""
        return {kind: self.collection if kind == "obligation" else f"{self.collection}-{kind}s" for kind in KINDS}

    def describe(self) -> str:
        return f"chroma server {self.url}" if self.url else f"{self.path}"


def _settings() -> Settings:
    return Settings(anonymized_telemetry=False, allow_reset=False)


def _client(location: Location):
    if location.url is None:
        return chromadb.PersistentClient(path=str(location.path), settings=_settings())
    url = urlparse(location.url if "://" in location.url else f"http://{location.url}")
    if not url.hostname:
        raise VectorIndexError(f"bad chroma URL {location.url!r}: expected http://HOST:PORT")
    try:
        return chromadb.HttpClient(host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
                                   ssl=url.scheme == "https", settings=_settings())
    except Exception as exc:  # noqa: BLE001 - connection refused, DNS, TLS: the server is not reachable
        raise VectorIndexError(f"cannot reach the chroma server at {location.url} ({exc})") from exc


def ping(location: Location) -> None:
    """Raise VectorIndexError now if a chroma server does not answer (before any work is done for it)."""
    if location.url is not None:
        try:
            _client(location).heartbeat()
        except VectorIndexError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise VectorIndexError(f"cannot reach the chroma server at {location.url} ({exc})") from exc


class VectorIndex:
    def __init__(self, location: Location, client, collections: dict[str, Any]) -> None:
        self.location, self._client, self._collections = location, client, collections

    def collection(self, kind: str = "obligation"):
        """The chroma collection holding documents of `kind`."""
        return self._collections[kind]

    @classmethod
    def open(cls, location: Location, embedder: str, create: bool = False) -> VectorIndex:
        """Open the collections (`create`: new empty ones, replacing what was there)."""
        if create:
            drop(location)
        client = _client(location)
        ef = GongwenEmbeddingFunction(embedder)
        try:
            if create:
                collections = {kind: client.create_collection(name, embedding_function=ef,
                                                              configuration={"hnsw": HNSW})
                               for kind, name in location.collections.items()}
            else:
                collections = {kind: client.get_collection(name, embedding_function=ef)
                               for kind, name in location.collections.items()}
        except Exception as exc:  # noqa: BLE001 - chroma raises NotFoundError, InternalError, ValueError …
            raise VectorIndexError(f"cannot open the vector index in {location.describe()} ({exc})") from exc
        return cls(location, client, collections)

    def close(self) -> None:
        _release(self._client, self.location)

    def __enter__(self) -> VectorIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def count(self) -> int:
        return sum(c.count() for c in self._collections.values())

    def add(self, docs: Sequence[IndexDoc], vectors: np.ndarray) -> None:
        step = max(1, min(self._client.get_max_batch_size(), 4096))
        for kind, collection in self._collections.items():
            rows = [n for n, d in enumerate(docs) if d.kind == kind]
            for i in range(0, len(rows), step):
                batch = rows[i:i + step]
                collection.upsert(ids=[docs[n].id for n in batch], embeddings=vectors[batch],
                                  metadatas=[dict(docs[n].meta) for n in batch],
                                  documents=[docs[n].text for n in batch])

    def delete_notices(self, notice_ids: Sequence[str]) -> None:
        if notice_ids:
            for collection in self._collections.values():
                collection.delete(where={"notice_id": {"$in": list(notice_ids)}})

    def query(self, vector: np.ndarray, k: int, where: dict | None = None, kind: str = "obligation"
              ) -> list[tuple[str, float]]:
        """The `k` nearest documents of `kind` as (id, cosine similarity), best first."""
        if k <= 0:
            return []
        result = self._collections[kind].query(query_embeddings=[vector], n_results=k, where=where or None,
                                               include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def nearest_among(self, ids: Sequence[str], vector: np.ndarray, k: int, kind: str = "obligation"
                      ) -> list[tuple[str, float]]:
        """The `k` of `ids` (documents of `kind`) nearest the query as (id, cosine similarity), best
        first, compared one by one: for a handful of allowed documents faster than a filtered query."""
        if not ids or k <= 0:
            return []
        got = self._collections[kind].get(ids=list(ids), include=["embeddings"])
        if not got["ids"]:
            return []
        matrix = np.asarray(got["embeddings"], dtype=np.float32)
        query = np.asarray(vector, dtype=np.float32)
        sims = matrix @ query / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(query) + 1e-12)
        best = np.argsort(-sims, kind="stable")[:k]
        return [(got["ids"][i], float(sims[i])) for i in best]

    def neighbours_are_themselves(self, sample: int = 5) -> bool:
        """Each of a few stored vectors finds itself (or an exact duplicate) first: catches an index
        whose files no longer hold what chroma's database says (a deleted segment answers with the
        wrong neighbours)."""
        for collection in self._collections.values():
            count = collection.count()
            if count == 0:
                continue
            offsets = sorted({0, count // 2, count - 1, *range(0, count, max(1, count // sample))})[:sample]
            got = []
            for offset in offsets:
                rows = collection.get(limit=1, offset=offset, include=["embeddings"])
                got += list(zip(rows["ids"], rows["embeddings"], strict=True))
            result = collection.query(query_embeddings=[e for _, e in got], n_results=1, include=["distances"])
            if not all(ids and (ids[0] == i or dist[0] < 1e-4)
                       for (i, _), ids, dist in zip(got, result["ids"], result["distances"], strict=True)):
                return False
        return True


def _release(client, location: Location) -> None:
    """Let go of a local index's files: chroma caches one system per folder, and a folder that is
    deleted and made again behind that cache answers `attempt to write a readonly database`."""
    if location.url is None:
        try:
            client.close()
        except Exception:  # noqa: BLE001, S110 - already closed or half-open: nothing left to release
            pass
        client.clear_system_cache()


def drop(location: Location) -> None:
    """Remove the index: the local folder, or the server's collection."""
    if location.url is None:
        SharedSystemClient.clear_system_cache()
        shutil.rmtree(location.path, ignore_errors=True)
        return
    client = _client(location)
    try:
        held = {c.name for c in client.list_collections()}
        for name in location.collections.values():
            if name in held:
                client.delete_collection(name)
    except Exception as exc:  # noqa: BLE001
        raise VectorIndexError(f"cannot reset the collection on {location.url} ({exc})") from exc


# ---- damage checks for a local index --------------------------------------------------------


def fingerprint(location: Location) -> dict[str, list[int]]:
    """Size and modification time of each vector file (chroma's own SQLite file changes on every
    read, and a damaged one raises an error rather than crashing, so it is left out)."""
    files = {}
    for p in sorted(location.path.rglob("*")):
        if p.is_file() and not p.name.startswith("chroma.sqlite3"):
            stat = p.stat()
            files[str(p.relative_to(location.path))] = [stat.st_size, stat.st_mtime_ns]
    return files


def digest(location: Location) -> str:
    h = hashlib.sha256()
    for name in fingerprint(location):
        h.update(name.encode())
        with open(location.path / name, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def probe_in_child(location: Location, embedder: str, expected: int) -> str | None:
    """Open the index in a child process and check it; None if healthy, else what is wrong."""
    cmd = [sys.executable, "-m", "gongwen.index.vector", "probe", str(location.folder), embedder, str(expected)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=PROBE_TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"checking it took more than {PROBE_TIMEOUT} s"
    if done.returncode != 0:
        return f"opening it crashed (exit {done.returncode})" if done.returncode < 0 else (
            done.stdout.strip() or done.stderr.strip()[-300:] or f"exit {done.returncode}")
    return None


def check(location: Location, embedder: str, expected: int) -> str | None:
    """In this process: None if the index opens, holds `expected` vectors and finds them again."""
    try:
        with VectorIndex.open(location, embedder) as index:
            count = index.count()
            if count != expected:
                return f"it holds {count} vectors where the store has {expected} documents"
            if not index.neighbours_are_themselves():
                return "its stored vectors no longer find themselves"
    except Exception as exc:  # noqa: BLE001 - whatever chroma raises, the index is not usable
        return f"{type(exc).__name__}: {exc}"
    return None


def _main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[0] == "probe":
        problem = check(Location(Path(argv[1])), argv[2], int(argv[3]))
        print(json.dumps(problem, ensure_ascii=False) if problem else "")
        return 1 if problem else 0
    print("usage: python -m gongwen.index.vector probe STORE EMBEDDER EXPECTED_COUNT", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
