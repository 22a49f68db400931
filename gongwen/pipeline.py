"""The library's front door: file → notice → extraction → store."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gongwen.ingest import IngestError, notice_id, read_notice
from gongwen.models import Extraction


@dataclass
class Outcome:
    status: str  # ingested | unchanged | failed
    notice_id: str | None = None
    reason: str = ""
    warnings: list[str] = field(default_factory=list)


def extract_file(path: str | Path, ocr_engine: str = "rapidocr") -> Extraction:
    """Read and extract one file, without a store."""
    from gongwen.extract import extract

    return extract(read_notice(path, ocr_engine=ocr_engine))


def ingest_file(store, path: Path, ocr_engine: str = "rapidocr", force: bool = False) -> Outcome:
    """Ingest one file into `store`; never raises for a bad file, reports it."""
    try:
        if path.is_file():
            nid = notice_id(path.read_bytes())
            if not force and store.has(nid):
                return Outcome("unchanged", nid)
        extraction = extract_file(path, ocr_engine)
    except IngestError as exc:
        return Outcome("failed", reason=str(exc))
    except OSError as exc:
        return Outcome("failed", reason=f"cannot read file ({exc.strerror or exc})")
    store.save(extraction)
    return Outcome("ingested", extraction.notice.id, warnings=extraction.notice.warnings)
