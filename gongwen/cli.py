"""The `gongwen` command: a thin shell over the library. Heavy imports stay inside the commands so
`gongwen --help` answers at once."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gongwen.commands import DEFAULT_STORE, StoreOpt

app = typer.Typer(
    help="Turn Chinese government policy notices into structured, searchable, comparable obligations.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)



class OcrEngineName(StrEnum):
    rapidocr = "rapidocr"
    paddle = "paddle"


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    store: StoreOpt = DEFAULT_STORE,
    ocr_engine: Annotated[OcrEngineName, typer.Option(help="OCR engine for scans and images.")] = (
        OcrEngineName.rapidocr
    ),
    force: Annotated[bool, typer.Option(help="Re-read files even when their content is already stored.")] = False,
) -> None:
    """Ingest notices (txt, md, PDF, scans, images, docx, HTML, OFD) into the store.

    A notice's id is the hash of its content: an unchanged file is skipped. Each failure is reported
    with its reason; the other files go on, and the exit code is 1 when any file failed.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from gongwen.index.store import Store
    from gongwen.ingest import iter_files
    from gongwen.pipeline import ingest_file

    err = _console(stderr=True)
    files = iter_files(paths)
    counts = {"ingested": 0, "unchanged": 0, "failed": 0}
    failures: list[tuple[Path, str]] = []
    with Store(store) as st, Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), TextColumn("{task.description}"), console=err,
                                      transient=True) as progress:
        task = progress.add_task("", total=len(files))
        for path in files:
            progress.update(task, description=str(path))
            outcome = ingest_file(st, path, ocr_engine=ocr_engine.value, force=force)
            counts[outcome.status] += 1
            if outcome.status == "failed":
                failures.append((path, outcome.reason))
                err.print(f"[red]error[/red] {path}: {outcome.reason}", highlight=False)
            for warning in outcome.warnings:
                err.print(f"[yellow]warning[/yellow] {path}: {warning}", highlight=False)
            progress.advance(task)
    err.print(f"ingested {counts['ingested']}, unchanged {counts['unchanged']}, failed {counts['failed']}"
              f" → {store}", highlight=False)
    if counts["ingested"]:  # the search indexes follow the store; a failure there only warns
        from gongwen.commands.search import update_indexes

        update_indexes(store, err)
    if failures:
        raise typer.Exit(1)


@app.command()
def show(
    key: Annotated[str, typer.Argument(help="A notice id (or prefix), a stored source path, or a file to read.")],
    store: StoreOpt = DEFAULT_STORE,
    json_out: Annotated[bool, typer.Option("--json", help="Print the Notice model as JSON.")] = False,
    text: Annotated[bool, typer.Option("--text", help="Also print the normalized text.")] = False,
) -> None:
    """Print a parsed notice: header fields, parts (forwarded notices) and section outline."""
    from gongwen.render.notice import notice_table

    notice = _load_notice(key, store)
    if json_out:
        sys.stdout.write(notice.model_dump_json(indent=2) + "\n")
        return
    out = _console()
    out.print(notice_table(notice))
    if text:
        out.print(notice.text, highlight=False)


@app.command("list")
def list_notices(
    store: StoreOpt = DEFAULT_STORE,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """List the stored notices: id, region, document number, date, obligations, title."""
    import json

    from rich.table import Table

    from gongwen.index.store import Store, StoreError

    try:
        st = Store(store, create=False)
    except StoreError as exc:
        _fail(str(exc))
    rows = st.conn.execute(
        "SELECT n.id, n.source, n.province, n.city, n.district, n.doc_number, n.issued_on, n.status, n.title,"
        " (SELECT count(*) FROM obligations o WHERE o.notice_id = n.id) FROM notices n ORDER BY n.source"
    ).fetchall()
    st.close()
    keys = ["id", "source", "province", "city", "district", "doc_number", "issued_on", "status", "title",
            "obligations"]
    if json_out:
        for r in rows:
            sys.stdout.write(json.dumps(dict(zip(keys, r, strict=True)), ensure_ascii=False) + "\n")
        return
    table = Table("id", "region", "发文字号", "date", "oblig.", "title", title=f"{len(rows)} notices in {store}")
    for r in rows:
        region = r[4] or r[3] or r[2] or ""
        draft = " [yellow](draft)[/yellow]" if r[7] == "draft" else ""
        table.add_row(r[0][:8], region, r[5] or "-", r[6] or "-", str(r[9]), (r[8] or Path(r[1]).name) + draft)
    _console().print(table)


def _load_notice(key: str, store: Path):
    from gongwen.index.store import Store
    from gongwen.ingest import IngestError, read_notice

    db = store / "gongwen.db"
    if db.exists():
        with Store(store) as st:
            nid = st.resolve(key)
            if nid:
                return st.notice(nid)
    if Path(key).exists():
        try:
            return read_notice(key)
        except IngestError as exc:
            _fail(f"{key}: {exc}")
    _fail(f"{key}: not a stored notice id or source, and no such file")


def _fail(message: str) -> None:
    _console(stderr=True).print(f"[red]error[/red] {message}", highlight=False)
    raise typer.Exit(1)


def _register_commands() -> None:
    from gongwen.commands import register_all

    register_all(app)


_register_commands()


def main() -> None:  # pragma: no cover - console script entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
