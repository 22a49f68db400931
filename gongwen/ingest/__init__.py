"""File → `Notice`: read the format, normalize the text, parse headers, parts and sections."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from gongwen.ingest.readers import EXTENSIONS, READERS, IngestError, detect_format
from gongwen.models import Notice

__all__ = ["IngestError", "notice_id", "read_notice", "notice_from_text", "iter_files"]


def notice_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _ocr_factory(name: str):
    engine = None

    def get():
        nonlocal engine
        if engine is None:
            from gongwen.ingest.ocr import OcrUnavailable, get_engine

            try:
                engine = get_engine(name)
            except OcrUnavailable as exc:
                raise IngestError(str(exc)) from exc
        return engine

    return get


def read_notice(path: str | Path, ocr_engine: str = "rapidocr") -> Notice:
    """Read one notice file of any supported format. Raises `IngestError` with the reason."""
    path = Path(path)
    if path.is_symlink() and not path.exists():
        raise IngestError(f"broken symbolic link (points to {os.readlink(path)})")
    if not path.exists():
        raise IngestError("no such file")
    if path.is_dir():
        raise IngestError("is a directory")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file ({exc.strerror})") from exc
    fmt = detect_format(path, data)
    document = READERS[fmt](path, data, _ocr_factory(ocr_engine))
    return build_notice(notice_id(data), str(path), fmt, document)


def build_notice(nid: str, source: str, fmt: str, document) -> Notice:
    from gongwen.ingest.header import parse_parts, parse_sections
    from gongwen.ingest.normalize import normalize_lines

    text, runs = normalize_lines(document.lines)
    if not text.strip():
        raise IngestError("no text found in the file")
    parts = parse_parts(text)
    return Notice(id=nid, source=source, format=fmt, text=text, runs=runs, pages=document.pages,
                  parts=parts, sections=parse_sections(text, parts), warnings=document.warnings)


def notice_from_text(text: str, source: str = "<text>") -> Notice:
    """A notice from text already in memory (tests, the Python API)."""
    from gongwen.ingest.normalize import text_lines
    from gongwen.ingest.readers import Document

    return build_notice(notice_id(text.encode("utf-8")), source, "text", Document(text_lines(text), []))


IGNORE_MARKER = ".gongwenignore"
_NOT_NOTICES = ("readme", "license", "changelog", "notes", "guidelines")


def iter_files(paths: list[Path]) -> list[Path]:
    """Files named directly, and the supported files under named folders, recursively, sorted.

    Inside folders, hidden files, READMEs and folders holding a `.gongwenignore` file are skipped.
    """
    out: list[Path] = []
    for p in paths:
        if not p.is_dir():
            out.append(p)
            continue
        for f in sorted(p.rglob("*")):
            rel = f.relative_to(p)
            if f.is_dir() or f.suffix.lower() not in EXTENSIONS or any(x.startswith(".") for x in rel.parts):
                continue
            if f.stem.lower() in _NOT_NOTICES:
                continue
            if any((p / Path(*rel.parts[:i]) / IGNORE_MARKER).exists() for i in range(len(rel.parts))):
                continue
            out.append(f)
    return out
