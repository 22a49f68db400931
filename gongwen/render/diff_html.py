"""The comparison as one self-contained HTML page: a matrix of topics × regions coloured by how
strict each region is, and every duty's cells below it. Clicking a cell shows the sentences its
values come from. No external resources: styles, script and data are inline."""

from __future__ import annotations

import json

from gongwen.compare.models import Cell, Comparison, Duty
from gongwen.render.diff import MARK_FILL, MARK_LABEL, cite

_TEMPLATE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gongwen · duties across regions</title>
<style>
body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif; margin: 1.5rem;
       color: #222; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; } h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
.meta { color: #555; font-size: .85rem; margin: .2rem 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: .35rem .5rem; vertical-align: top; font-size: .85rem; }
th { background: #f4f4f4; text-align: left; }
#matrix td.cell { width: 8.5rem; text-align: center; cursor: pointer; }
#matrix td.cell .n { font-size: .75rem; color: #333; }
td.dcell { cursor: pointer; min-width: 9rem; max-width: 15rem; }
td.cell:hover, td.dcell:hover { outline: 2px solid #1f4e9a; }
td.selected { outline: 3px solid #1f4e9a !important; }
.mark { font-size: .72rem; font-weight: bold; }
.inh { color: #666; }
.legend span { display: inline-block; padding: .1rem .45rem; margin-right: .3rem; border: 1px solid #ccc;
               font-size: .75rem; }
#details { position: sticky; top: 0; background: #fffef6; border: 1px solid #d8c87a; padding: .6rem .9rem;
           margin: 1rem 0; max-height: 45vh; overflow: auto; }
#details.empty { color: #777; }
#details h3 { margin: .1rem 0 .4rem; font-size: 1rem; }
#details .duty { margin: .5rem 0; } #details .duty b { color: #1f4e9a; }
#details blockquote { margin: .25rem 0 .25rem 1rem; padding-left: .5rem; border-left: 3px solid #ccc; }
#details .src { color: #555; font-size: .8rem; }
</style>
</head>
<body>
<h1>Duties across regions</h1>
{% for col in regions %}<div class="meta"><b>{{ col.label }}</b>: {{ col.docs }}</div>
{% endfor %}
{% if filters %}<div class="meta">{{ filters }}</div>{% endif %}
{% for note in notes %}<div class="meta">{{ note }}</div>{% endfor %}

<h2>Strictness by topic</h2>
<div class="meta">Colour: how strict a region is on a topic's duties next to the other regions (darker is
stricter; white: no duty of the topic binds there). Click a cell for its sentences.</div>
<table id="matrix">
<tr><th>topic</th>{% for col in regions %}<th>{{ col.label }}</th>{% endfor %}</tr>
{% for t in topics %}<tr><th>{{ t.label }}</th>
{% for c in t.cells %}<td class="cell" data-key="{{ c.key }}" style="background:{{ c.colour }}">
<div class="n">{{ c.summary }}</div></td>{% endfor %}</tr>
{% endfor %}
</table>

<div id="details" class="empty">Click a cell to see the sentences it comes from.</div>

<h2>Duties</h2>
<div class="legend">{% for m, label in marks %}<span style="background:#{{ fills[m] }}">{{ label }}</span>{% endfor %}
<span>↑ inherited</span><span>* grouped by text similarity</span></div>
<table id="duties">
<tr><th>topic</th><th>duty</th>{% for col in regions %}<th>{{ col.label }}</th>{% endfor %}</tr>
{% for d in duties %}<tr><td>{{ d.topic_label }}</td><td>{{ d.label }}</td>
{% for c in d.cells %}<td class="dcell" data-key="{{ c.key }}" style="background:#{{ c.fill }}">
{% if c.lines %}<div class="mark">{{ c.mark }}</div>
{% for line in c.lines %}<div class="{{ line.cls }}">{{ line.text }}</div>{% endfor %}
{% else %}—{% endif %}</td>{% endfor %}</tr>
{% endfor %}
</table>

<script type="application/json" id="data">{{ data_json }}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById("data").textContent);
  var panel = document.getElementById("details");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function show(key, cell) {
    var d = data[key];
    document.querySelectorAll("td.selected").forEach(function (x) { x.classList.remove("selected"); });
    cell.classList.add("selected");
    panel.className = "";
    panel.innerHTML = "";
    panel.appendChild(el("h3", d.title));
    if (!d.duties.length) { panel.appendChild(el("div", "No duty of this topic binds here.")); return; }
    d.duties.forEach(function (duty) {
      var box = el("div", null, "duty");
      box.appendChild(el("b", duty.label + " — " + duty.mark));
      duty.entries.forEach(function (e) {
        box.appendChild(el("div", e.display + " · " + e.who + " · " + e.origin + (e.via ? "（" + e.via + "）" : "")));
        e.sources.forEach(function (s) {
          var q = el("blockquote", s.text, "source");
          q.appendChild(el("div", s.cite, "src"));
          box.appendChild(q);
        });
      });
      panel.appendChild(box);
    });
  }
  document.querySelectorAll("[data-key]").forEach(function (cell) {
    cell.addEventListener("click", function () { show(cell.dataset.key, cell); });
  });
}());
</script>
</body>
</html>
"""


def _colour(score: float | None) -> str:
    """White (no duty) through pale yellow to deep red (strictest)."""
    if score is None:
        return "#ffffff"
    lo, hi = (255, 247, 220), (215, 48, 31)
    r, g, b = (round(a + (b - a) * score) for a, b in zip(lo, hi, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _detail(duty: Duty, cell: Cell) -> dict:
    return {"label": duty.label, "mark": MARK_LABEL[cell.mark], "entries": [
        {"display": e.display, "who": e.who, "origin": e.origin, "via": e.via,
         "sources": [{"text": s.text, "cite": f"{e.doc.cite} {s.section or '正文'} p.{s.page}"} for s in e.sources]}
        for e in cell.entries]}


def diff_html(comparison: Comparison) -> str:
    from jinja2 import Environment
    from markupsafe import Markup

    data: dict[str, dict] = {}
    topics = []
    for topic, label in comparison.topics.items():
        duties = [d for d in comparison.duties if d.topic == topic]
        cells = []
        for i, col in enumerate(comparison.regions):
            present = [(d, d.cells[i]) for d in duties if d.cells[i].entries]
            score = sum(c.strictness or 0 for _, c in present) / len(duties) if present else None
            key = f"t:{topic}|{col.label}"
            data[key] = {"title": f"{col.label} · {label}", "duties": [_detail(d, c) for d, c in present]}
            summary = f"{len(present)}/{len(duties)} duties" if present else "—"
            cells.append({"key": key, "colour": _colour(score), "summary": summary})
        topics.append({"label": label, "cells": cells})
    duty_rows = []
    for d in comparison.duties:
        cells = []
        for cell in d.cells:
            key = f"d:{d.id}|{cell.region}"
            data[key] = {"title": f"{cell.region} · {d.label}", "duties": [_detail(d, cell)] if cell.entries else []}
            lines = []
            for e in cell.entries:
                arrow = "↑ " if e.origin == "inherited" else ""
                if e.value:
                    lines.append({"text": e.display, "cls": ""})
                lines.append({"text": e.who, "cls": ""})
                lines.append({"text": arrow + cite(e), "cls": "inh"})
            cells.append({"key": key, "fill": MARK_FILL[cell.mark], "mark": MARK_LABEL[cell.mark], "lines": lines})
        duty_rows.append({"topic_label": d.topic_label, "label": d.label + ("" if d.canonical else " *"),
                          "cells": cells})
    filters = " · ".join(f"{k}: {v}" for k, v in (("topic", comparison.topic), ("party", comparison.party)) if v)
    env = Environment(autoescape=True)
    # JSON inside <script>: an escaped `<` cannot end the element early
    data_json = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    regions = [{"label": c.label, "docs": "；".join([d.cite for d in c.own] + [f"↑ {d.cite}（{d.region_label}）"
                                                                              for d in c.inherited])}
               for c in comparison.regions]
    return env.from_string(_TEMPLATE).render(
        regions=regions, topics=topics, duties=duty_rows, notes=comparison.notes, filters=filters,
        marks=[(m, MARK_LABEL[m]) for m in ("stricter", "middle", "same", "looser", "only_here", "not_comparable")],
        fills=MARK_FILL, data_json=Markup(data_json),
    )
