#!/bin/sh
# Installs what the Spark test of the delivery reports needs: a Java runtime for pyspark's local
# mode (pyspark itself is the `[spark]` Python extra). A no-op when java is already there; the test
# is skipped, with the reason, when there is still none. CI runs `make test` as root on a fresh machine.
set -eu
if command -v java >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-jre.sh: java is missing and this is not root; the Spark test will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# pyspark 4 needs Java 17 or later; Debian 12 has 17, Debian 13 has 21.
for package in openjdk-17-jre-headless openjdk-21-jre-headless default-jre-headless; do
  if apt-get install -y -qq --no-install-recommends "$package" >/dev/null 2>&1; then
    exit 0
  fi
done
echo "install-jre.sh: no Java runtime could be installed; the Spark test will be skipped" >&2
