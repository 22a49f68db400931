"""`gongwen diff`, `gongwen checklist` and `gongwen eval diff`: thin shells over `gongwen.compare`
and the writers in `gongwen.render.diff`, `render.diff_html` and `render.checklist`.

Bad input (an unknown region, topic or party, a region no notice binds) exits with code 2."""

from __future__ import annotations

import io
import re
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gongwen.commands import DEFAULT_STORE, OutputOpt, StoreOpt, emit, need_output


class DiffFormat(StrEnum):
    table = "table"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    json = "json"


class ChecklistFormat(StrEnum):
    md = "md"
    csv = "csv"
    xlsx = "xlsx"
    ics = "ics"


def diff(
    regions: Annotated[str | None, typer.Option(
        "--regions", "-r", help="Regions to compare, comma-separated (苏州,泰安 or 苏州市,泰安市). "
                                "Default: every region with notices of its own.")] = None,
    topic: Annotated[str | None, typer.Option(help="Only this topic (id or Chinese label, e.g. coverage).")] = None,
    party: Annotated[str | None, typer.Option(help="Only duties of this party (role id or label, e.g. insurer, "
                                                   "保险机构).")] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.table,
    output: OutputOpt = None,
    store: StoreOpt = DEFAULT_STORE,
    everything: Annotated[bool, typer.Option(
        "--all", help="Also duties that only one document states, however many regions it binds.")] = False,
) -> None:
    """Line up duties across regions and show where their values differ.

    Each region's values side by side (ratios, frequencies, deadlines, amounts, who is bound, how
    strongly), marked stricter / looser / only here / absent, each citing its document, section and
    page. Values a region inherits from a higher level or a forwarded notice are marked ↑.
    """
    from gongwen.compare import CompareError, compare

    need_output(format.value, output)
    corpus = _corpus(store)
    try:
        comparison = compare(corpus=corpus, regions=_names(regions), topic=topic, party=party, everything=everything)
    except CompareError as exc:
        _fail(str(exc), code=2)
    if format == DiffFormat.table:
        from rich.console import Console

        from gongwen.render.diff import diff_table

        if output is None:
            console = Console(soft_wrap=False)
            console.print(diff_table(comparison, console.width))
            return
        console = Console(record=True, width=200, file=io.StringIO())
        console.print(diff_table(comparison, console.width))
        emit(console.export_text(), output)
        return
    from gongwen.render.diff import diff_csv, diff_json, diff_markdown, diff_xlsx
    from gongwen.render.diff_html import diff_html

    writers = {"md": diff_markdown, "csv": diff_csv, "xlsx": diff_xlsx, "html": diff_html, "json": diff_json}
    emit(writers[format.value](comparison), output)


def checklist(
    party: Annotated[str, typer.Option(help="The party (role id or label: insurer, 保险机构, 承保机构).")],
    region: Annotated[str, typer.Option(help="The region (苏州 or 苏州市).")],
    format: Annotated[ChecklistFormat, typer.Option("--format", "-f", help="Output format.")] = ChecklistFormat.md,
    output: OutputOpt = None,
    store: StoreOpt = DEFAULT_STORE,
    start: Annotated[str | None, typer.Option(help="ics: first date (YYYY-MM-DD) of recurring duties whose "
                                                   "document has no date. Default: today.")] = None,
) -> None:
    """List every obligation of one party in one region, to work through.

    Includes those inherited from higher levels and forwarded notices, grouped by topic, with
    deadline, frequency, numbers and source. `ics` puts dated deadlines and recurring duties into a
    calendar.
    """
    from gongwen.compare import CompareError
    from gongwen.compare import checklist as build
    from gongwen.render.checklist import checklist_csv, checklist_ics, checklist_markdown, checklist_xlsx

    need_output(format.value, output)
    corpus = _corpus(store)
    try:
        first = date.fromisoformat(start) if start else None
    except ValueError:
        _fail(f"--start {start!r} is not a date (YYYY-MM-DD)", code=2)
    try:
        result = build(corpus=corpus, party=party, region=region)
    except CompareError as exc:
        _fail(str(exc), code=2)
    if not result.items:
        typer.echo(f"note: no obligations of {result.party_label} in {result.region}", err=True)
    writers = {"md": checklist_markdown, "csv": checklist_csv, "xlsx": checklist_xlsx,
               "ics": lambda c: checklist_ics(c, start=first)}
    emit(writers[format.value](result), output)


def eval_diff(
    gold: Annotated[Path, typer.Option(help="The expected comparison.")] = Path("annotations/diff.json"),
    store: Annotated[Path | None, typer.Option("--store", "-s", help="Score this store's extractions instead of "
                                               "extracting the gold's notices afresh.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[bool, typer.Option(help="Also list every wrong cell.")] = False,
    minimum: Annotated[float | None, typer.Option("--min", help="Exit 1 when cell accuracy is below this.")] = None,
) -> None:
    """Score `gongwen diff` against the hand-written comparison (annotations/diff.json).

    Reports cell accuracy (values, documents and own/inherited all right), entry precision and
    recall, and section accuracy. By default the gold's notices are extracted afresh.
    """
    import json

    from gongwen.compare.evaluate import evaluate_diff, gold_extractions

    if not gold.exists():
        _fail(f"no gold file {gold}", code=2)
    if store is not None:
        from gongwen.index.store import Store

        with Store(store, create=False) as st:
            extractions = list(st.extractions())
    else:
        extractions = gold_extractions(gold)
    result, _ = evaluate_diff(extractions, gold)
    wrong = [r.model_dump() for r in result.results if not r.correct]
    if json_out:
        sys.stdout.write(json.dumps({**result.summary(), "wrong": wrong if errors else []}, ensure_ascii=False,
                                    indent=2) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("measure", "value", title=f"diff against {gold}")
        for k, v in result.summary().items():
            table.add_row(k, f"{v:.3f}" if isinstance(v, float) else str(v))
        console = Console()
        console.print(table)
        for w in wrong if errors else []:
            console.print(f"[red]✗[/red] {w['duty']} {w['region']}\n    gold  {w['gold']}\n    found {w['found']}",
                          highlight=False)
    if minimum is not None and result.accuracy < minimum:
        typer.echo(f"cell accuracy {result.accuracy:.3f} < {minimum}", err=True)
        raise typer.Exit(1)


def _names(text: str | None) -> list[str] | None:
    if not text:
        return None
    names = [n for n in re.split(r"[,，、;；\s]+", text) if n]
    return names or None


def _corpus(store: Path):
    from gongwen.compare import Corpus
    from gongwen.index.store import Store, StoreError

    try:
        st = Store(store, create=False)
    except StoreError as exc:
        _fail(str(exc), code=2)
    with st:
        corpus = Corpus.build(st.extractions())
    if not corpus.docs:
        _fail(f"the store {store} holds no notices (run `gongwen ingest` first)", code=2)
    return corpus


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command()(diff)
    app.command()(checklist)
    from gongwen.commands.evaluate import eval_app

    eval_app.command("diff")(eval_diff)
