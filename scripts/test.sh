#!/usr/bin/env bash
# The test suite, from a fresh machine: install, build the fixtures from corpus/, lint, test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
python3 scripts/build_fixtures.py --out corpus/fixtures
ruff check gongwen tests scripts benchmarks
python3 -m pytest -q "$@"
