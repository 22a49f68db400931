"""A store's search indexes (keywords and vectors) and their manifest `index.json`.

SQLite is the truth; both indexes are derived from it and can be rebuilt at any time. The manifest
records the index format, the embedder that made the vectors (backend, model, dimension) and, for
each index, which revision of each notice it holds and how many documents. Three operations:

- `rebuild`: both indexes from scratch (`gongwen reindex`);
- `sync`: bring them in step with the store, re-indexing only the notices that changed (after ingest);
- `open`: what `gongwen search` calls: sync, then check the vector index (missing folder, files
  changed behind gongwen's back, a count that disagrees with the store, vectors that no longer find
  themselves) and rebuild whatever is damaged, saying so on stderr, before searching.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from gongwen.index.documents import IndexDoc, documents
from gongwen.index.embedders import DEFAULT_EMBEDDER, Embedder, get_embedder, parse_spec, spec_of
from gongwen.index.keyword import KeywordIndex, KeywordIndexError
from gongwen.index.store import Store

# bump when documents, tokenization or the files change: older stores are rebuilt (2: obligations and
# chunks in two collections; 3: keyword text holds the facet words of the parameters a duty sets)
INDEX_FORMAT = 3
MANIFEST_FILE = "index.json"
KEYWORD_FILE = "keywords.npz"


class SearchIndexError(Exception):
    """A problem the user must act on (the message says how)."""


class EmbedderMismatch(SearchIndexError):
    pass


class IndexState(BaseModel):
    notices: dict[str, int] = Field(default_factory=dict)  # notice id → store revision indexed
    count: int = 0  # documents: obligations and chunks
    obligations: int = 0


class VectorState(IndexState):
    collection: str
    files: dict[str, list[int]] = Field(default_factory=dict)  # local index: file → [size, mtime_ns]
    digest: str = ""  # local index: sha256 of those files


class Manifest(BaseModel):
    format: int = INDEX_FORMAT
    embedder: str  # the spec: `use`, `st:/path`
    model: str
    dim: int
    updated_at: str = ""
    keyword: IndexState = Field(default_factory=IndexState)
    vectors: dict[str, VectorState] = Field(default_factory=dict)  # "local" or a server URL → its state


@dataclass
class Ready:
    """Indexes checked against the store, ready to search."""

    manifest: Manifest
    keyword: KeywordIndex
    vectors: object  # gongwen.index.vector.VectorIndex (imported lazily: chromadb is slow to import)
    embedder: Callable[[], Embedder]
    messages: list[str] = field(default_factory=list)


def _stderr(message: str) -> None:
    sys.stderr.write(f"gongwen: {message}\n")


def normalize_spec(spec: str) -> str:
    name, model = parse_spec(spec)
    return name if model is None else f"{name}:{model}"


class SearchIndexes:
    def __init__(self, store: Store, chroma_url: str | None = None, say: Callable[[str], None] = _stderr):
        from gongwen.index.vector import Location, ping

        self.store = store
        self.folder: Path = store.folder
        self.location = Location(store.folder, chroma_url or None)
        ping(self.location)  # an unreachable server is an error before anything is embedded for it
        self.say = say
        self._embedder: Embedder | None = None
        self._docs: dict[str, list[IndexDoc]] = {}

    # ---- the three operations -------------------------------------------------------------

    def rebuild(self, embedder: str | None = None) -> Manifest:
        """Both indexes from the store, with `embedder` (default: the one the index had, else `use`)."""
        old = self._read_manifest(quiet=True)
        spec = normalize_spec(embedder or (old.embedder if old else DEFAULT_EMBEDDER))
        emb = self._get_embedder(spec)
        manifest = Manifest(embedder=spec_of(emb), model=emb.model, dim=emb.dim)
        revisions = self.store.revisions()
        self._rebuild_keyword(manifest, revisions)
        self._rebuild_vectors(manifest, revisions)
        self._write_manifest(manifest)
        return manifest

    def sync(self) -> Manifest:
        """Re-index the notices that were added, changed or removed since the indexes were written."""
        manifest = self._read_manifest()
        if manifest is None:
            return self.rebuild()
        revisions = self.store.revisions()
        keyword = self._load_keyword(manifest, revisions)
        self._sync_keyword(manifest, keyword, revisions)
        state = manifest.vectors.get(self.location.key)
        if state is None or self._vector_problem(manifest, state):
            self._rebuild_vectors(manifest, revisions)
        else:
            self._sync_vectors(manifest, state, revisions)
        self._write_manifest(manifest)
        return manifest

    def open(self, embedder: str | None = None) -> Ready:
        """Check, repair and open the indexes for searching."""
        from gongwen.index.vector import VectorIndex

        manifest = self._read_manifest()
        if manifest is not None and embedder and normalize_spec(embedder) != manifest.embedder:
            raise EmbedderMismatch(
                f"the index of {self.folder} was built with the embedder `{manifest.embedder}` ({manifest.model}, "
                f"{manifest.dim} dimensions), not `{embedder}`: run `gongwen reindex --embedder {embedder}` to "
                f"rebuild it with that one, or search without --embedder")
        if manifest is None:
            manifest = self.rebuild(embedder)
        revisions = self.store.revisions()
        keyword = self._load_keyword(manifest, revisions)
        keyword = self._sync_keyword(manifest, keyword, revisions)
        state = manifest.vectors.get(self.location.key)
        problem = "does not exist yet" if state is None else self._vector_problem(manifest, state)
        if problem:
            self.say(f"the vector index in {self.location.describe()} {problem}: rebuilding it from the store")
            self._rebuild_vectors(manifest, revisions)
        else:
            self._sync_vectors(manifest, state, revisions)
        self._write_manifest(manifest)
        vectors = VectorIndex.open(self.location, manifest.embedder)
        return Ready(manifest, keyword, vectors, lambda: self._checked_embedder(manifest))

    # ---- manifest -------------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        return self.folder / MANIFEST_FILE

    def _read_manifest(self, quiet: bool = False) -> Manifest | None:
        """The manifest, or None (and why, on stderr) when there is none usable: the indexes are
        then rebuilt."""
        path = self.manifest_path
        if not path.exists():
            if not quiet:
                self.say(f"no search index in {self.folder} yet: building it")
            return None
        try:
            manifest = Manifest.model_validate_json(path.read_text(encoding="utf-8"))
        except (ValidationError, ValueError, OSError) as exc:
            if not quiet:
                self.say(f"the index manifest {path} is unreadable ({type(exc).__name__}): rebuilding the indexes")
            return None
        if manifest.format != INDEX_FORMAT:
            if not quiet:
                self.say(f"the search index in {self.folder} has format {manifest.format}, this gongwen writes "
                         f"{INDEX_FORMAT}: rebuilding it")
            return None
        return manifest

    def _write_manifest(self, manifest: Manifest) -> None:
        manifest.updated_at = datetime.now(UTC).isoformat(timespec="seconds")
        tmp = self.manifest_path.with_suffix(".json.tmp")
        tmp.write_text(manifest.model_dump_json(indent=1), encoding="utf-8")
        tmp.replace(self.manifest_path)

    # ---- documents and embeddings -----------------------------------------------------------

    def _documents(self, notice_ids: Iterable[str]) -> list[IndexDoc]:
        out = []
        for nid in notice_ids:
            if nid not in self._docs:
                self._docs[nid] = documents(self.store.extraction(nid))
            out += self._docs[nid]
        return out

    def _get_embedder(self, spec: str) -> Embedder:
        if self._embedder is None or normalize_spec(spec_of(self._embedder)) != normalize_spec(spec):
            self._embedder = get_embedder(spec)
        return self._embedder

    def _checked_embedder(self, manifest: Manifest) -> Embedder:
        emb = self._get_embedder(manifest.embedder)
        if (emb.model, emb.dim) != (manifest.model, manifest.dim):
            raise EmbedderMismatch(
                f"the index was built with {manifest.model} ({manifest.dim} dimensions) but `{manifest.embedder}` "
                f"now loads {emb.model} ({emb.dim}): run `gongwen reindex --embedder {manifest.embedder}`")
        return emb

    @staticmethod
    def _state_of(docs: list[IndexDoc], revisions: dict[str, int], state: IndexState) -> None:
        state.notices = dict(revisions)
        state.count = len(docs)
        state.obligations = sum(d.kind == "obligation" for d in docs)

    @staticmethod
    def _changes(state: IndexState, revisions: dict[str, int]) -> tuple[list[str], list[str]]:
        """(notices to drop, notices to (re-)add)."""
        changed = sorted(n for n, r in revisions.items() if state.notices.get(n) != r)
        gone = sorted(set(state.notices) - set(revisions))
        return gone + [n for n in changed if n in state.notices], changed

    # ---- keyword index -----------------------------------------------------------------------

    def _rebuild_keyword(self, manifest: Manifest, revisions: dict[str, int]) -> KeywordIndex:
        docs = self._documents(revisions)
        index = KeywordIndex.build(docs)
        index.save(self.folder / KEYWORD_FILE)
        self._state_of(docs, revisions, manifest.keyword)
        return index

    def _load_keyword(self, manifest: Manifest, revisions: dict[str, int]) -> KeywordIndex:
        try:
            index = KeywordIndex.load(self.folder / KEYWORD_FILE)
        except KeywordIndexError as exc:
            self.say(f"the keyword index is unusable ({exc}): rebuilding it from the store")
            return self._rebuild_keyword(manifest, revisions)
        if len(index) != manifest.keyword.count:
            self.say(f"the keyword index holds {len(index)} documents, the manifest says {manifest.keyword.count}: "
                     "rebuilding it from the store")
            return self._rebuild_keyword(manifest, revisions)
        return index

    def _sync_keyword(self, manifest: Manifest, index: KeywordIndex, revisions: dict[str, int]) -> KeywordIndex:
        drop, add = self._changes(manifest.keyword, revisions)
        if not drop and not add:
            return index
        index = index.with_docs(drop, self._documents(add))
        index.save(self.folder / KEYWORD_FILE)
        manifest.keyword.notices = dict(revisions)
        manifest.keyword.count = len(index)
        manifest.keyword.obligations = int((index.meta["kind"] == "obligation").sum())
        return index

    # ---- vector index ------------------------------------------------------------------------

    def _rebuild_vectors(self, manifest: Manifest, revisions: dict[str, int]) -> None:
        from gongwen.index.vector import VectorIndex

        docs = self._documents(revisions)
        embedder = self._checked_embedder(manifest)
        with VectorIndex.open(self.location, manifest.embedder, create=True) as index:
            index.add(docs, _embed(embedder, docs))
        state = manifest.vectors[self.location.key] = _new_state(self.location)
        self._state_of(docs, revisions, state)
        self._seal(manifest, state)

    def _sync_vectors(self, manifest: Manifest, state: VectorState, revisions: dict[str, int]) -> None:
        from gongwen.index.vector import VectorIndex

        drop, add = self._changes(state, revisions)
        if not drop and not add:
            return
        docs = self._documents(add)
        vectors = _embed(self._checked_embedder(manifest), docs)
        with VectorIndex.open(self.location, manifest.embedder) as index:
            index.delete_notices(drop)
            index.add(docs, vectors)
            count = index.count()
        state.notices = dict(revisions)
        state.count = count
        state.obligations = manifest.keyword.obligations
        self._seal(manifest, state)

    def _seal(self, manifest: Manifest, state: VectorState) -> None:
        """Check what was just written and remember its files, so later damage shows."""
        from gongwen.index.vector import check, digest, fingerprint

        problem = check(self.location, manifest.embedder, state.count)
        if problem:
            raise SearchIndexError(f"the vector index just written to {self.location.describe()} fails its check: "
                                   f"{problem}")
        if self.location.url is None:
            state.files, state.digest = fingerprint(self.location), digest(self.location)

    def _vector_problem(self, manifest: Manifest, state: VectorState) -> str | None:
        """Why the vector index cannot be used as it is, or None."""
        from gongwen.index.vector import check, digest, fingerprint, probe_in_child

        loc = self.location
        if loc.url is None:
            if not loc.path.exists():
                return "is missing"
            files = fingerprint(loc)
            if files != state.files:
                if digest(loc) != state.digest:
                    # changed behind our back: a corrupt HNSW file can crash the process that loads it,
                    # so look at it from a child process first
                    problem = probe_in_child(loc, manifest.embedder, state.count)
                    if problem:
                        return f"was modified outside gongwen and is damaged ({problem})"
                    state.digest = digest(loc)
                state.files = fingerprint(loc)
        problem = check(loc, manifest.embedder, state.count)
        return f"is damaged ({problem})" if problem else None


def _embed(embedder: Embedder, docs: list[IndexDoc], step: int = 64):
    """The documents' vectors, with a progress bar on stderr when there are many of them."""
    texts = [d.text for d in docs]
    if len(texts) <= 4 * step:
        return embedder.embed(texts)
    import numpy as np
    from rich.console import Console
    from rich.progress import Progress

    parts = []
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"embedding with {embedder.name}", total=len(texts))
        for i in range(0, len(texts), step):
            parts.append(embedder.embed(texts[i:i + step]))
            bar.advance(task, len(parts[-1]))
    return np.vstack(parts)


def _new_state(location) -> VectorState:
    return VectorState(collection=location.collection)
