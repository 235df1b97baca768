#!/bin/sh
# Installs axe-core (pinned in package-lock.json) for tests/site/test_site_accessibility.py, which
# runs it in the browser on every page of a built guidance site (WCAG 2.2 AA). A no-op when it is
# installed; when node or npm is missing the accessibility test is skipped and says so.
set -eu
cd "$(dirname "$0")"
if [ -f node_modules/axe-core/axe.min.js ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "tools/axe/install.sh: npm is missing; the accessibility test will be skipped" >&2
  exit 0
fi
npm ci --no-audit --no-fund --silent || echo "tools/axe/install.sh: npm ci failed; the accessibility test will be skipped" >&2
