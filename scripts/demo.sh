#!/usr/bin/env bash
# The main job on the sample corpus: install, ingest corpus/ into ./.gongwen, print what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
gongwen ingest corpus
gongwen list
