#!/usr/bin/env bash
# Runs a main class of triage-models on its class path, for the tools/ scripts that wrap one:
#   tools/models-main.sh SCOPE CLASS [ARGS...]
# SCOPE is the Maven scope of the class path: runtime, or test where the libtorch CPU native jar is needed (the
# project keeps it in the test scope: libraries leave the native choice to applications).
# Builds triage-models (and triage-core) through the reactor, offline, without installing anything.
set -euo pipefail
cd "$(dirname "$0")/.."
scope="$1"
main="$2"
shift 2
export OPT_OUT_TRACKING=true
mvn -B -o -q -pl triage-models -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile="target/$scope.classpath" -Dmdep.includeScope="$scope" >&2
exec java -Dai.djl.offline=true -Djava.awt.headless=true \
    -cp "triage-models/target/classes:$(cat "triage-models/target/$scope.classpath")" "$main" "$@"
