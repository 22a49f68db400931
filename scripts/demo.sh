#!/usr/bin/env bash
# The main job on the sample corpus: install, ingest corpus/ into ./.gongwen (obligations extracted
# and indexed for search), then print the regional comparison of duties.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
gongwen ingest corpus
gongwen diff
