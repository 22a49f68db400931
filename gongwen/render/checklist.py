"""Writers for a `Checklist`: Markdown, CSV, Excel and iCalendar (RFC 5545). One function per
format; each returns text or bytes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from gongwen.compare.models import MODALITY_LABEL, Checklist, ChecklistItem, every_n, per_label
from gongwen.compare.values import duties_lexicon
from gongwen.render.tables import csv_text, fill_sheet, workbook_bytes

COLUMNS = ["topic", "duty", "modality", "obligation", "deadline", "frequency", "numbers", "condition", "origin",
           "inherited_via", "doc_number", "document", "issued_on", "section", "page", "text"]

# RFC 5545 recurrence of each `Frequency.per`; a policy period is taken as a year
RRULES: dict[str, dict] = {
    "policy_period": {"FREQ": "YEARLY"}, "year": {"FREQ": "YEARLY"}, "half_year": {"FREQ": "MONTHLY", "INTERVAL": 6},
    "quarter": {"FREQ": "MONTHLY", "INTERVAL": 3}, "month": {"FREQ": "MONTHLY"},
    "half_month": {"FREQ": "MONTHLY", "BYMONTHDAY": [1, 16]}, "week": {"FREQ": "WEEKLY"}, "day": {"FREQ": "DAILY"},
}


def rrule(per: str | None) -> dict | None:
    """The recurrence of a period: RRULES, or every N years or months (2_years, 2_months)."""
    if n := every_n(per):
        return {"FREQ": "YEARLY" if n[1] == "years" else "MONTHLY", "INTERVAL": n[0]}
    return RRULES.get(per or "")


def describe(item: ChecklistItem) -> dict[str, str]:
    """An item as flat strings: deadline, frequency and numbers as the comparison reads them."""
    values = {v.kind: v for v in item.values}
    deadline = values.get("date") or values.get("period")
    freq = values.get("frequency")
    cited = duties_lexicon()["readers"]["ignore_count_units"]  # 第二十六条 is a citation, not a number
    numbers = "；".join(q.text for q in item.quantities if not (q.kind == "count" and q.unit in cited))
    return {
        "topic": item.topic, "duty": item.duty_label or "", "modality": MODALITY_LABEL.get(item.modality, ""),
        "obligation": item.action or item.text, "deadline": deadline.display if deadline else "",
        "frequency": freq.display if freq else "", "numbers": numbers, "condition": item.condition or "",
        "origin": item.origin, "inherited_via": item.via or "", "doc_number": item.doc.doc_number or "",
        "document": item.doc.cite, "issued_on": item.doc.issued_on or "", "section": item.section,
        "page": str(item.page), "text": item.text,
    }


def checklist_markdown(cl: Checklist) -> str:
    out = [f"# {cl.party_label}（{cl.party}）在{cl.region}的义务清单", ""]
    out.append("适用文件：" + "；".join(d.cite for d in cl.documents))
    out += [f"共 {len(cl.items)} 项，↑ 表示来自上级或转发文件。", ""]
    for group in cl.groups:
        out += [f"## {group.label}", ""]
        for item in group.items:
            d = describe(item)
            extras = [f"{k}: {d[k]}" for k in ("deadline", "frequency", "numbers", "condition") if d[k]]
            arrow = "↑ " if item.origin == "inherited" else ""
            source = f"{arrow}{item.doc.cite} {item.section or '正文'} p.{item.page}"
            via = f"（{item.via}）" if item.via else ""
            duty = f"[{item.duty_label}] " if item.duty_label else ""
            out.append(f"- [ ] **{d['modality']}** {duty}{item.text}  \n  " + " · ".join(extras + [source + via]))
        out.append("")
    return "\n".join(out) + "\n"


def checklist_csv(cl: Checklist) -> str:
    return csv_text(COLUMNS, (describe(i) for i in cl.items))


def checklist_xlsx(cl: Checklist) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "checklist"
    rows = (["", *[d[c] for c in COLUMNS]] for d in map(describe, cl.items))
    fill_sheet(ws, ["done", *COLUMNS], rows, [6, 16, 22, 6, 40, 18, 12, 18, 20, 10, 20, 22, 30, 11, 12, 6, 80])
    return workbook_bytes(wb)


def checklist_ics(cl: Checklist, start: date | None = None) -> bytes:
    """Dated deadlines as all-day events; recurring duties as recurring events (RRULE), starting on
    their deadline, else on their document's date, else on `start` (default: today). Duties with
    only a relative deadline (新签保单3个月内) or `定期` have no date to put in a calendar and are
    left to the other formats."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//gongwen//checklist//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{cl.region} {cl.party_label}")
    stamp = datetime.now().astimezone()
    fallback = start or date.today()
    for item in cl.items:
        when = date.fromisoformat(item.deadline.date) if item.deadline.kind == "date" and item.deadline.date else None
        per = item.frequency.per if item.frequency else None
        rule = rrule(per)
        if when is None and rule is None:
            continue
        first = when or (date.fromisoformat(item.doc.issued_on) if item.doc.issued_on else fallback)
        event = Event()
        event.add("uid", f"{item.obligation_id}@gongwen")
        event.add("dtstamp", stamp)
        event.add("dtstart", first)
        event.add("dtend", first + timedelta(days=1))
        event.add("summary", f"[{cl.region}] {_title(item)}")
        notes = [item.text, f"来源：{item.doc.cite} {item.section or '正文'} p.{item.page}"]
        if item.via:
            notes.append(f"适用：{item.via}")
        if rule is not None:
            event.add("rrule", rule)
            count = item.frequency.min_count if item.frequency else None
            notes.append(f"频次：{per_label(per)}" + (f"至少{count}次" if count else ""))
            if per == "policy_period":
                notes.append("每个保单期间按一年计；请按实际保单起止日期调整。")
        event.add("description", "\n".join(notes))
        event.add("categories", [item.topic])
        cal.add_component(event)
    return cal.to_ical()


def _title(item: ChecklistItem, limit: int = 40) -> str:
    text = item.duty_label or item.action or item.text
    return text if len(text) <= limit else text[: limit - 1] + "…"
