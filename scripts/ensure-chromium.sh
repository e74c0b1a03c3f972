#!/usr/bin/env bash
# Installs Debian's Chromium for the admin app's browser test when /usr/bin/chromium is missing.
# The test drives this browser through playwright-core; no browser build is ever downloaded.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "installing Debian's chromium"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
[ -x /usr/bin/chromium ] || { echo "chromium was not installed at /usr/bin/chromium" >&2; exit 1; }
/usr/bin/chromium --version
