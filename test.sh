#!/usr/bin/env bash
# The test command (README): installs what the tests need, then builds and runs every test offline.
#   ./test.sh                       all tests
#   ./test.sh -Dskip.native.tests=true   without the tests that load DJL native engines
set -euo pipefail
cd "$(dirname "$0")"
export OPT_OUT_TRACKING=true

# The HTML index is checked in a real headless Chromium (Debian's, driven by Selenium through chromedriver).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "test.sh: /usr/bin/chromium or /usr/bin/chromedriver missing; install Debian's chromium and chromium-driver" \
         "(the browser test is skipped without them)" >&2
  fi
fi

mvn -B -ntp verify "$@"
