#!/usr/bin/env bash
# Install everything gongwen and its tests need on a fresh Debian machine with Python 3.11:
# a CJK font for the rendered fixtures, then the package with its pinned dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
if ! fc-list 2>/dev/null | grep -qi "wenquanyi zen hei"; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-wqy-zenhei >/dev/null
fi
# headless Chromium opens the HTML diff report in the tests
if ! command -v chromium >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# torch before sentence-transformers (the `st` extra): pinned, pip takes the CPU wheel on disk;
# left to the resolver it fetches a multi-GB CUDA build
python3 -m pip install -q --disable-pip-version-check torch==2.13.0
python3 -m pip install -q --disable-pip-version-check -e ".[dev,st]"
