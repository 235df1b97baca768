#!/bin/sh
# Refreshes the screenshots of the published guidance site in docs/images/ (desktop and 390 px):
# the waste tender's site, built with the example site settings, as the browser test sees it.
# Needs chromium (tests/site/install-browser.sh) and axe-core (tools/axe/install.sh).
set -eu
cd "$(dirname "$0")/.."
SVSPEC_SCREENSHOTS=docs/images .venv/bin/python -m pytest -q -p no:cacheprovider \
  tests/site/test_site_accessibility.py -k screenshots
ls -l docs/images/site-*.png
