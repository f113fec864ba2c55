#!/usr/bin/env bash
# The test command (README): installs what the tests need, then builds and runs every test offline.
set -euo pipefail
cd "$(dirname "$0")"
export OPT_OUT_TRACKING=true
mvn -B -ntp verify "$@"
