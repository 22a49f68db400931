"""`gongwen eval`: score the extractor against the hand-written gold in annotations/.

`eval_app` is a command group: `gongwen eval` (extraction and headers) is its default; other modules
add their own scores as sub-commands with `eval_app.command("search")(...)`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

eval_app = typer.Typer(help="Score gongwen against the gold annotations (annotations/).", add_completion=False)
ANNOTATIONS = Path("annotations")


@eval_app.callback(invoke_without_command=True)
def evaluate(
    ctx: typer.Context,
    subset: Annotated[list[str], typer.Option(
        "--subset", help="Gold subsets: samples, devset, holdout (repeatable; default: all three).")] = [],  # noqa: B006
    annotations: Annotated[Path, typer.Option(help="Folder of gold files.")] = ANNOTATIONS,
    json_out: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    check: Annotated[bool, typer.Option(help="Exit 1 when a score is below annotations/thresholds.json.")] = False,
    errors: Annotated[bool, typer.Option(help="Also list every mismatch.")] = False,
) -> None:
    """Extraction: obligation detection (span overlap), then party, modality, topic, deadline,
    frequency, quantities on matched obligations; contacts; header fields. Precision, recall, F1."""
    if ctx.invoked_subcommand is not None:
        return
    from rich.console import Console
    from rich.table import Table

    from gongwen.evaluate import check as below
    from gongwen.evaluate import evaluate as run

    subsets = subset or ["samples", "devset", "holdout"]
    thresholds = _thresholds(annotations)
    results, failures = {}, []
    for name in subsets:
        report = run(annotations, name)
        results[name] = {"scores": report.as_dict(), "mismatches": report.mismatches if errors else []}
        failures += [f"{name} {f}" for f in below(report, thresholds.get(name, {}))]
    if json_out:
        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    else:
        console = Console()
        for name, result in results.items():
            table = Table("field", "precision", "recall", "F1", "tp", "fp", "fn", "threshold", title=f"gold: {name}")
            for field, s in result["scores"].items():
                minimum = thresholds.get(name, {}).get(field)
                f1 = f"{s['f1']:.3f}" if minimum is None or s["f1"] >= minimum else f"[red]{s['f1']:.3f}[/red]"
                table.add_row(field, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f1, str(s["tp"]), str(s["fp"]),
                              str(s["fn"]), "" if minimum is None else f"{minimum:.2f}")
            console.print(table)
            for m in result["mismatches"]:
                console.print(m, highlight=False)
    if check and failures:
        for f in failures:
            typer.echo(f"below threshold: {f}", err=True)
        raise typer.Exit(1)


def _thresholds(annotations: Path) -> dict:
    path = annotations / "thresholds.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
