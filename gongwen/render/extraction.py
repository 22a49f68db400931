"""Writers for extraction results: JSON, JSONL, Markdown, CSV and Excel. Each takes a list of
`Extraction` and returns text (or bytes for Excel)."""

from __future__ import annotations

import json

from gongwen.models import Extraction, Notice, Obligation
from gongwen.render.tables import csv_text, fill_sheet, workbook_bytes


def notice_summary(notice: Notice) -> dict:
    """The notice as the JSON output shows it: header fields and forwarded parts."""

    def header(h, index: int) -> dict:
        return {"title": h.title, "doc_number": h.doc_number, "issuers": h.issuers, "recipients": h.recipients,
                "region": h.region.model_dump(), "issued_on": h.issued_on, "signed_on": h.signed_on,
                "printed_on": h.printed_on, "status": h.status, "cites": h.cites, "part": index}

    main = header(notice.header, 0)
    return {"id": notice.id, "source": notice.source, "format": notice.format, **main,
            "pages": len(notice.pages) or None,
            "parts": [header(p.header, p.index) for p in notice.parts[1:]]}


def as_json(results: list[Extraction]) -> str:
    out = [{"notice": notice_summary(e.notice),
            "obligations": [o.model_dump() for o in e.obligations],
            "contacts": [c.model_dump(exclude={"text"}) for c in e.contacts],
            "facts": [f.model_dump() for f in e.facts]} for e in results]
    return json.dumps(out[0] if len(out) == 1 else out, ensure_ascii=False, indent=2) + "\n"


def as_jsonl(results: list[Extraction]) -> str:
    lines = []
    for e in results:
        for o in e.obligations:
            lines.append(json.dumps({"notice_id": e.notice.id, "source": e.notice.source,
                                     "doc_number": _doc_number(e.notice, o), **o.model_dump()}, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def _doc_number(notice: Notice, o: Obligation) -> str | None:
    return notice.header_of(o.part).doc_number


def describe(o: Obligation) -> dict[str, str]:
    """One obligation as flat strings: for tables, CSV and Markdown."""
    dl = o.deadline
    deadline = dl.date if dl.kind == "date" else f"{dl.anchor or ''} {dl.duration}" if dl.kind == "relative" else ""
    freq = ""
    if o.frequency:
        freq = f"{o.frequency.min_count or ''}×/{o.frequency.per}" if o.frequency.min_count else o.frequency.per or ""
    return {
        "section": o.section, "page": str(o.page), "party": o.party or "", "party_text": o.party_text or "",
        "modality": o.modality, "topic": o.topic or "", "deadline": deadline.strip(), "frequency": freq,
        "quantities": "; ".join(q.text for q in o.quantities), "condition": o.condition or "", "text": o.text,
    }


COLUMNS = ["notice", "doc_number", "section", "page", "party", "party_text", "modality", "topic", "deadline",
           "frequency", "quantities", "condition", "text"]


def _rows(results: list[Extraction]) -> list[dict[str, str]]:
    return [{"notice": e.notice.header.title or e.notice.source, "doc_number": _doc_number(e.notice, o) or "",
             **describe(o)} for e in results for o in e.obligations]


def as_csv(results: list[Extraction]) -> str:
    return csv_text(COLUMNS, _rows(results))


def as_markdown(results: list[Extraction]) -> str:
    out = []
    for e in results:
        h = e.notice.header
        out.append(f"# {h.title or e.notice.source}\n")
        meta = [h.doc_number, "、".join(h.issuers), h.issued_on, " ".join(h.region.names())]
        out.append(" · ".join(m for m in meta if m) + "\n")
        for o in e.obligations:
            d = describe(o)
            extras = [f"{k}: {d[k]}" for k in ("deadline", "frequency", "quantities", "condition") if d[k]]
            source = "§" + (o.section or "-") + f" p.{o.page}"
            who = d["party_text"] or d["party"] or "—"
            out.append(f"- **{who}** ({o.modality}, {d['topic']}) {o.text}  \n  " + " · ".join(extras + [source]))
        if e.contacts:
            out.append("\n**联系人**: " + "; ".join(
                "/".join(x for x in (c.org, c.name, c.phone, c.email) if x) for c in e.contacts))
        out.append("")
    return "\n".join(out) + "\n"


def as_xlsx(results: list[Extraction]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "obligations"
    fill_sheet(ws, COLUMNS, ([row[c] for c in COLUMNS] for row in _rows(results)))
    return workbook_bytes(wb)


WRITERS = {"json": as_json, "jsonl": as_jsonl, "md": as_markdown, "csv": as_csv, "xlsx": as_xlsx}
