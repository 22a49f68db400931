"""`gongwen extract`: obligations straight from files, without a store."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gongwen.commands import OutputOpt, emit, need_output


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"


def extract(
    files: Annotated[list[Path], typer.Argument(help="Notice files of any supported format.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.json,
    output: OutputOpt = None,
    ocr_engine: Annotated[str, typer.Option(help="OCR engine for scans and images (rapidocr, paddle).")] = "rapidocr",
) -> None:
    """Extract obligations, contacts and facts from notice files.

    JSON is one object a notice ({notice, obligations, contacts, facts}); JSONL one obligation a line.
    Files that cannot be read are reported on stderr and the exit code is 1; the others are still written.
    """
    from gongwen.ingest import IngestError
    from gongwen.pipeline import extract_file
    from gongwen.render.extraction import WRITERS

    need_output(format.value, output)
    results, failed = [], False
    for path in files:
        try:
            extraction = extract_file(path, ocr_engine=ocr_engine)
        except IngestError as exc:
            typer.echo(f"error {path}: {exc}", err=True)
            failed = True
            continue
        if not extraction.obligations:
            typer.echo(f"note {path}: no obligations found ({len(extraction.notice.text)} characters read)", err=True)
        results.append(extraction)
    emit(WRITERS[format.value](results), output)
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(extract)
