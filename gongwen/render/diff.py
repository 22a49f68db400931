"""Writers for a `Comparison`: a rich table for the terminal, Markdown, CSV, Excel, JSON (the HTML
report is `render/diff_html.py`). One function per format; each returns text, bytes or a rich
renderable, and none of them decides anything the comparison did not."""

from __future__ import annotations

from gongwen.compare.models import Cell, Comparison, Entry
from gongwen.render.tables import csv_text, fill_sheet, workbook_bytes

MARK_LABEL = {"stricter": "stricter", "looser": "looser", "same": "same", "middle": "between",
              "only_here": "only here", "not_comparable": "not comparable", "absent": "absent"}
MARK_STYLE = {"stricter": "bold red", "looser": "green", "same": "yellow", "middle": "yellow",
              "only_here": "magenta", "not_comparable": "dim", "absent": "dim"}
MARK_FILL = {"stricter": "F4B6B0", "looser": "C9E7C2", "same": "FBE7A6", "middle": "FBE7A6",
             "only_here": "E3C8F0", "not_comparable": "E6E6E6", "absent": "FFFFFF"}

COLUMNS = ["topic", "topic_label", "duty_id", "duty", "region", "cell", "mark", "origin", "value", "modality",
           "party", "party_text", "inherited_via", "doc_number", "document", "issued_on", "section", "page", "text"]


def cite(entry: Entry) -> str:
    """Where an entry is written: document, section, page (of its first sentence)."""
    s = entry.sources[0]
    return f"{entry.doc.short_cite} {s.section or '正文'} p.{s.page}"


def entry_line(entry: Entry) -> str:
    """One entry as plain text: value, who is bound and how strongly, then where it comes from
    (↑ marks an inherited value)."""
    arrow = "↑ " if entry.origin == "inherited" else ""
    value = f"{entry.display} · " if entry.value else ""
    return f"{value}{entry.who} · {arrow}{cite(entry)}"


def cell_text(cell: Cell) -> str:
    if not cell.entries:
        return "—"
    return "\n".join(entry_line(e) for e in cell.entries)


def rows(comparison: Comparison) -> list[dict[str, str]]:
    """Long format: one row per entry of every cell, one row for an absent cell."""
    out = []
    for duty in comparison.duties:
        for cell in duty.cells:
            base = {"topic": duty.topic, "topic_label": duty.topic_label, "duty_id": duty.id, "duty": duty.label,
                    "region": cell.region, "cell": cell.status, "mark": MARK_LABEL[cell.mark]}
            if not cell.entries:
                out.append({**{c: "" for c in COLUMNS}, **base})
                continue
            for e in cell.entries:
                for s in e.sources:
                    out.append({**base, "origin": e.origin, "value": e.value.display if e.value else "",
                                "modality": e.modality, "party": e.party or "", "party_text": e.party_text or "",
                                "inherited_via": e.via or "", "doc_number": e.doc.doc_number or "",
                                "document": e.doc.cite, "issued_on": e.doc.issued_on or "", "section": s.section,
                                "page": str(s.page), "text": s.text})
    return out


DUTY_WIDTH, REGION_WIDTH = 22, 18  # the across layout: duty column, then one column a region


def diff_table(comparison: Comparison, width: int = 200):
    """A rich table: duties down, regions across, each cell its values with their sources. When the
    regions do not fit in `width` columns, each duty lists its regions down instead, one entry a row."""
    from rich.console import Group
    from rich.text import Text

    across = DUTY_WIDTH + REGION_WIDTH * len(comparison.regions) <= width
    table = _across(comparison) if across else _down(comparison)
    notes = [Text(n, style="yellow") for n in comparison.notes]
    legend = Text("↑ inherited from a higher level or a forwarded notice · * grouped by text similarity · "
                  "stricter/looser compare regions with a figure for the duty", style="dim")
    return Group(table, legend, *notes)


def _label(duty) -> str:
    return duty.label + ("" if duty.canonical else " *")


def _across(comparison: Comparison):
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Duties across regions", show_lines=True, title_justify="left")
    table.add_column("duty", style="bold", max_width=DUTY_WIDTH)
    for col in comparison.regions:
        table.add_column(col.label, min_width=REGION_WIDTH - 2)
    topic = None
    for duty in comparison.duties:
        if duty.topic != topic:
            topic = duty.topic
            table.add_row(Text(duty.topic_label, style="bold cyan"), *[""] * len(comparison.regions))
        cells = []
        for cell in duty.cells:
            t = Text()
            if cell.entries:
                t.append(MARK_LABEL[cell.mark], style=MARK_STYLE[cell.mark])
                for e in cell.entries:
                    if e.value:
                        t.append("\n" + e.display, style="bold" if e.origin == "own" else "")
                    t.append(f"\n{e.who}")
                    t.append("\n" + ("↑ " if e.origin == "inherited" else "") + cite(e), style="dim")
            else:
                t.append("—", style="dim")
            cells.append(t)
        table.add_row(_label(duty), *cells)
    return table


def _down(comparison: Comparison):
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Duties across regions", title_justify="left")
    for name, kw in (("duty", {"style": "bold", "min_width": 12, "ratio": 3}),
                     ("region", {"ratio": 2, "overflow": "fold"}), ("mark", {"no_wrap": True}),
                     ("value", {"ratio": 3}), ("who", {"ratio": 2}),
                     ("source", {"style": "dim", "ratio": 3})):
        table.add_column(name, **kw)
    topic = None
    for duty in comparison.duties:
        if duty.topic != topic:
            topic = duty.topic
            table.add_section()
            table.add_row(Text(duty.topic_label, style="bold cyan"))
        table.add_section()
        label = _label(duty)
        for cell in duty.cells:
            for e in cell.entries:
                table.add_row(label, cell.region, Text(MARK_LABEL[cell.mark], style=MARK_STYLE[cell.mark]),
                              Text(e.display if e.value else "", style="bold" if e.origin == "own" else ""),
                              e.who, ("↑ " if e.origin == "inherited" else "") + cite(e))
                label = ""
        absent = [c.region for c in duty.cells if not c.entries]
        if absent:
            table.add_row(label, Text("、".join(absent), style="dim"), Text("absent", style="dim"))
    return table


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def diff_markdown(comparison: Comparison) -> str:
    out = ["# Duties across regions", ""]
    for col in comparison.regions:
        docs = [d.cite for d in col.own] + [f"↑ {d.cite}（{d.region_label}）" for d in col.inherited]
        out.append(f"- **{col.label}**: " + ("；".join(docs) or "—"))
    out.append("")
    for topic, label in comparison.topics.items():
        out += [f"## {label} (`{topic}`)", "", "| duty | " + " | ".join(c.label for c in comparison.regions) + " |",
                "|---|" + "---|" * len(comparison.regions)]
        for duty in (d for d in comparison.duties if d.topic == topic):
            cells = []
            for cell in duty.cells:
                if not cell.entries:
                    cells.append("—")
                    continue
                lines = [f"**{MARK_LABEL[cell.mark]}**"] + [entry_line(e) for e in cell.entries]
                cells.append(_md("\n".join(lines)))
            star = "" if duty.canonical else " \\*"
            out.append(f"| {_md(duty.label)}{star} | " + " | ".join(cells) + " |")
        out.append("")
    out.append("↑ inherited from a higher level or a forwarded notice; \\* duty grouped by text similarity.")
    out += [f"> {n}" for n in comparison.notes]
    return "\n".join(out) + "\n"


def diff_csv(comparison: Comparison) -> str:
    return csv_text(COLUMNS, rows(comparison))


def diff_json(comparison: Comparison) -> str:
    return comparison.model_dump_json(indent=2) + "\n"


def sheet_title(label: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = "".join("－" if ch in "[]:*?/\\" else ch for ch in label)[:28]
    base, n = name, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def diff_xlsx(comparison: Comparison) -> bytes:
    """A summary sheet (duties × regions, coloured by mark), a sheet per topic (one row per source
    sentence, with its document, section and page) and a sheet of the documents."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "summary"
    fill_sheet(ws, ["topic", "duty", *[c.label for c in comparison.regions]],
               ([duty.topic_label, duty.label, *[_summary_cell(c) for c in duty.cells]] for duty in comparison.duties),
               [18, 30] + [34] * len(comparison.regions), freeze="C2")
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, duty in enumerate(comparison.duties, start=2):
        for j, cell in enumerate(duty.cells, start=3):
            target = ws.cell(row=i, column=j)
            target.fill = PatternFill("solid", fgColor=MARK_FILL[cell.mark])
            target.alignment = wrap
    taken = {"summary", "documents"}
    all_rows = rows(comparison)
    for topic, label in comparison.topics.items():
        fill_sheet(wb.create_sheet(sheet_title(label, taken)), COLUMNS,
                   ([row[c] for c in COLUMNS] for row in all_rows if row["topic"] == topic),
                   [14, 16, 22, 28, 10, 12, 12, 10, 18, 10, 16, 20, 24, 20, 30, 11, 12, 6, 80])
    documents = [[col.label, origin, d.doc_number or "", d.title or "", d.issued_on or "", d.status, d.region_label,
                  "、".join(d.forwarded_by), d.source]
                 for col in comparison.regions for origin, group in (("own", col.own), ("inherited", col.inherited))
                 for d in group]
    fill_sheet(wb.create_sheet("documents"), ["region", "origin", "doc_number", "title", "issued_on", "status",
                                              "document_region", "forwarded_by", "source"],
               documents, [12, 10, 22, 60, 11, 8, 12, 22, 40])
    return workbook_bytes(wb)


def _summary_cell(cell: Cell) -> str:
    if not cell.entries:
        return "—"
    return f"[{MARK_LABEL[cell.mark]}]\n" + cell_text(cell)

