"""The store: a folder holding `gongwen.db`, the SQLite database that is the source of truth.

Everything else in the folder (the vector index, the keyword index) is derived from it and can be
rebuilt. A notice and everything extracted from it are written in one transaction, so a killed
process leaves either the whole notice or nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from gongwen.models import Contact, Extraction, Fact, Notice, Obligation

SCHEMA_VERSION = 1
DEFAULT_STORE = Path(".gongwen")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notices (
  id TEXT PRIMARY KEY, source TEXT NOT NULL, format TEXT NOT NULL, title TEXT, doc_number TEXT,
  province TEXT, city TEXT, district TEXT, issued_on TEXT, status TEXT, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS obligations (
  id TEXT PRIMARY KEY, notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE, seq INTEGER,
  part INTEGER, party TEXT, modality TEXT, topic TEXT, province TEXT, city TEXT, district TEXT,
  doc_number TEXT, issued_on TEXT, text TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS obligations_notice ON obligations(notice_id);
CREATE TABLE IF NOT EXISTS contacts (
  notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE, seq INTEGER, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (
  notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE, seq INTEGER, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ingest_log (notice_id TEXT NOT NULL, source TEXT NOT NULL, at TEXT NOT NULL);
"""


class StoreError(Exception):
    pass


class Store:
    def __init__(self, folder: str | Path = DEFAULT_STORE, create: bool = True):
        self.folder = Path(folder)
        db = self.folder / "gongwen.db"
        if not db.exists() and not create:
            raise StoreError(f"no store at {self.folder} (run `gongwen ingest` first, or pass --store)")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(db)
        self.conn.execute("PRAGMA foreign_keys = ON")
        with self.conn:
            self.conn.executescript(_SCHEMA)
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                self.conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) != SCHEMA_VERSION:
                raise StoreError(f"store {self.folder} has schema version {row[0]}, this gongwen needs "
                                 f"{SCHEMA_VERSION}: ingest into a new --store folder")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- writing ------------------------------------------------------------------------

    def has(self, notice_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM notices WHERE id = ?", (notice_id,)).fetchone() is not None

    def save(self, extraction: Extraction) -> None:
        """Replace a notice and everything extracted from it, atomically."""
        n = extraction.notice
        h = n.header
        with self.conn:
            self.conn.execute("DELETE FROM notices WHERE id = ?", (n.id,))
            self.conn.execute(
                "INSERT INTO notices VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (n.id, n.source, n.format, h.title, h.doc_number, h.region.province, h.region.city,
                 h.region.district, h.issued_on, h.status, n.model_dump_json()),
            )
            for seq, ob in enumerate(extraction.obligations):
                ph = n.header_of(ob.part)
                self.conn.execute(
                    "INSERT INTO obligations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (ob.id, n.id, seq, ob.part, ob.party, ob.modality, ob.topic, ph.region.province,
                     ph.region.city, ph.region.district, ph.doc_number, ph.issued_on, ob.text,
                     ob.model_dump_json()),
                )
            self.conn.executemany("INSERT INTO contacts VALUES (?,?,?)",
                                  [(n.id, i, c.model_dump_json()) for i, c in enumerate(extraction.contacts)])
            self.conn.executemany("INSERT INTO facts VALUES (?,?,?)",
                                  [(n.id, i, f.model_dump_json()) for i, f in enumerate(extraction.facts)])
            self.conn.execute("INSERT INTO ingest_log VALUES (?,?,?)",
                              (n.id, n.source, datetime.now(UTC).isoformat(timespec="seconds")))

    # ---- reading ------------------------------------------------------------------------

    def notice_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM notices ORDER BY source, id")]

    def resolve(self, key: str) -> str | None:
        """A notice id from an id, a unique id prefix or a source path."""
        rows = self.conn.execute("SELECT id FROM notices WHERE id LIKE ? OR source = ? OR source LIKE ?",
                                 (key + "%", key, "%/" + key)).fetchall()
        return rows[0][0] if len(rows) == 1 else None

    def notice(self, notice_id: str) -> Notice:
        row = self.conn.execute("SELECT data FROM notices WHERE id = ?", (notice_id,)).fetchone()
        if row is None:
            raise StoreError(f"no notice {notice_id} in the store")
        return Notice.model_validate_json(row[0])

    def extraction(self, notice_id: str) -> Extraction:
        def rows(table: str) -> list[str]:
            return [r[0] for r in self.conn.execute(
                f"SELECT data FROM {table} WHERE notice_id = ? ORDER BY seq", (notice_id,))]

        return Extraction(
            notice=self.notice(notice_id),
            obligations=[Obligation.model_validate_json(d) for d in rows("obligations")],
            contacts=[Contact.model_validate_json(d) for d in rows("contacts")],
            facts=[Fact.model_validate_json(d) for d in rows("facts")],
        )

    def extractions(self) -> Iterator[Extraction]:
        for nid in self.notice_ids():
            yield self.extraction(nid)

    def dump(self) -> dict[str, list]:
        """The store's content without the ingest log: equal for equal inputs, whatever the history."""
        out = {}
        for table in ("notices", "obligations", "contacts", "facts"):
            out[table] = sorted(json.dumps(r, ensure_ascii=False) for r in self.conn.execute(f"SELECT * FROM {table}"))
        return out

    # ---- reading for the search indexes ---------------------------------------------------

    def revisions(self) -> dict[str, int]:
        """Each stored notice's last save, as a number that grows with every save: the search
        indexes record the revisions they hold and re-index a notice whose revision moved on."""
        return dict(self.conn.execute(
            "SELECT n.id, max(l.rowid) FROM notices n JOIN ingest_log l ON l.notice_id = n.id GROUP BY n.id"))

    def obligation_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM obligations").fetchone()[0]

    def obligations_by_id(self, ids: list[str]) -> dict[str, Obligation]:
        out: dict[str, Obligation] = {}
        for i in range(0, len(ids), 500):  # SQLite caps the number of parameters
            chunk = ids[i:i + 500]
            rows = self.conn.execute(f"SELECT id, data FROM obligations WHERE id IN ({','.join('?' * len(chunk))})",
                                     chunk)
            out.update({r[0]: Obligation.model_validate_json(r[1]) for r in rows})
        return out

    def distinct(self, column: str) -> list[str]:
        """The distinct non-empty values of an `obligations` column (party, topic, city …)."""
        if column not in {"party", "modality", "topic", "province", "city", "district", "doc_number"}:
            raise ValueError(f"not a filterable column: {column}")
        return [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT {column} FROM obligations WHERE {column} IS NOT NULL AND {column} != '' ORDER BY 1")]
