"""CLI command groups kept apart from `gongwen.cli`: each module defines `register(app)`.

Modules here must import only typer at the top; their commands import the library lazily."""

from __future__ import annotations

import importlib
import pkgutil


def register_all(app) -> None:
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"{__name__}.{module}").register(app)
