#!/bin/sh
# Installs what the guidance-site browser test needs: Debian's chromium (driven by Playwright for
# Python, which is a Python dev dependency; `playwright install` is never used). A no-op when
# chromium is already there. CI runs `make test` as root on a fresh machine.
set -eu
if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser.sh: chromium is missing and this is not root; the browser test will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
