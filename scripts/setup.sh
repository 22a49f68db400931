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
python3 -m pip install -q --disable-pip-version-check -e ".[dev]"
