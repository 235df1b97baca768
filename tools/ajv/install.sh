#!/bin/sh
# Installs ajv (pinned in package-lock.json) for tests/bids/test_schema_strict.py, which compiles
# the bid schema with ajv's defaults and with strict mode. A no-op when it is installed; when node
# or npm is missing the ajv tests are skipped and the pure-Python structural test still runs.
set -eu
cd "$(dirname "$0")"
if [ -d node_modules/ajv ] && [ -d node_modules/ajv-formats ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "tools/ajv/install.sh: node or npm is missing; the ajv strict-mode tests will be skipped" >&2
  exit 0
fi
npm ci --no-audit --no-fund --silent || echo "tools/ajv/install.sh: npm ci failed; the ajv tests will be skipped" >&2
