#!/bin/sh
# Installs Pyodide (pinned in package-lock.json, about 13 MB: the WebAssembly CPython and its
# standard library) into tools/pyodide/node_modules/pyodide. svspec's guidance-site build copies it
# into a tender's site for the in-browser bid check when it is there (svspec/emit/site/check.py),
# and tests/site/test_check_browser.py runs that check. A no-op when it is installed; when node or
# npm is missing, sites are built without the check (the page says so) and the test is skipped.
set -eu
cd "$(dirname "$0")"
if [ -f node_modules/pyodide/pyodide.asm.wasm ] && [ -f node_modules/pyodide/python_stdlib.zip ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "tools/pyodide/install.sh: npm is missing; sites are built without the in-browser check" >&2
  exit 0
fi
npm ci --no-audit --no-fund --silent --ignore-scripts || echo "tools/pyodide/install.sh: npm ci failed; sites are built without the in-browser check" >&2
