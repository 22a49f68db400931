"""CLI command groups kept apart from `gongwen.cli`: each module defines `register(app)`. The
options and output helpers every command shares are here.

Modules here must import only typer at the top; their commands import the library lazily."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path
from typing import Annotated

import typer

StoreOpt = Annotated[Path, typer.Option("--store", "-s", help="Store folder (SQLite database and indexes).",
                                        envvar="GONGWEN_STORE")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")]
DEFAULT_STORE = Path(".gongwen")


def need_output(format: str, output: Path | None) -> None:
    """A binary format goes to a file, not the terminal."""
    if format == "xlsx" and output is None:
        typer.echo("error: --format xlsx needs --output FILE.xlsx", err=True)
        raise typer.Exit(2)


def emit(data: str | bytes, output: Path | None) -> None:
    """Text or bytes to `output`, or to standard output."""
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    output.write_bytes(data) if isinstance(data, bytes) else output.write_text(data, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)


def register_all(app) -> None:
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}").register(app)
