from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "corpus" / "samples").glob("*.txt"))
DEVSET = sorted((ROOT / "corpus" / "devset").glob("[0-9]*.md"))
FIXTURES = ROOT / "corpus" / "fixtures"


def load_script(name: str):
    """Import a script from scripts/ by path (scripts are not a package)."""
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The fixtures built from corpus/samples (built here when missing)."""
    if not all((FIXTURES / p.stem / "text.pdf").exists() for p in SAMPLES):
        load_script("build_fixtures").build_all(FIXTURES)
    return FIXTURES


def devset_body(path: Path) -> tuple[dict, str]:
    """(front matter, body): the body is what a tool sees, without the two `>` provenance lines."""
    import yaml

    raw = path.read_text(encoding="utf-8")
    _, front, rest = raw.split("---\n", 2)
    body = "\n".join(ln for ln in rest.split("\n") if not ln.startswith(">"))
    return yaml.safe_load(front), body
