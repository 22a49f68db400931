"""Terminal rendering of a parsed notice."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.tree import Tree

from gongwen.models import Header, Notice


def header_table(header: Header, title: str) -> Table:
    t = Table(title=title, show_header=False, title_justify="left", box=None, pad_edge=False)
    t.add_column(style="bold cyan", no_wrap=True)
    t.add_column()
    rows = [
        ("标题 title", header.title), ("发文字号 number", header.doc_number),
        ("发文机关 issuers", "、".join(header.issuers)), ("主送 recipients", "、".join(header.recipients)),
        ("成文日期 signed", header.signed_on), ("印发日期 printed", header.printed_on),
        ("印发机关 printed by", header.printed_by), ("抄送 copied to", "、".join(header.copied_to)),
        ("附注 note", header.note), ("status", header.status),
        ("region", " ".join(header.region.names())),
    ]
    for k, v in rows:
        if v:
            t.add_row(k, str(v))
    return t


def notice_table(notice: Notice) -> Group:
    items = []
    for part in notice.parts:
        label = "notice" if part.index == 0 else f"part {part.index} (forwarded)"
        items.append(header_table(part.header, f"[bold]{label}[/bold]"))
        outline = Tree(f"outline of {label}")
        nodes = {0: outline}
        for s in notice.sections:
            if part.start <= s.start < part.end:
                parent = nodes.get(s.level - 1) or outline
                nodes[s.level] = parent.add(f"{s.number}{s.title}  [dim]p.{notice.page_at(s.start)}[/dim]")
        items.append(outline)
    pages = ", ".join(f"{p.number}:{p.method}" for p in notice.pages) or "-"
    items.append(f"[dim]id {notice.id} · {notice.format} · {len(notice.text)} chars · pages {pages}[/dim]")
    for w in notice.warnings:
        items.append(f"[yellow]warning[/yellow] {w}")
    return Group(*items)
