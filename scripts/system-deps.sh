#!/usr/bin/env bash
# Debian packages the tests need. Installs only what is missing (so a warm
# machine pays nothing), and only as root; otherwise says what is missing.
set -euo pipefail

# postgresql: storage tests; chromium: browser tests (Playwright drives it);
# poppler-utils: reading PDFs back; fonts-dejavu-core: the font of the reports and their charts;
# a Java runtime: ODK Validate inside pyxform.
packages=(postgresql chromium poppler-utils fonts-dejavu-core)
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "system-deps: missing Debian packages: ${missing[*]} (run 'make test' as root, or install them)" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian package starts a cluster of its own; the tests start their own throwaway server.
