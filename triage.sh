#!/usr/bin/env bash
# The main job (README): builds the example jar if it is missing or older than the sources, then runs it.
#   ./triage.sh run --input ../shared/data/coco128/images --output out/coco128 --model-set lite
# Relative paths are taken from the current folder (run it from the repository root so that the lite set's default
# models folder ../shared/models and the tiny set's fixtures are found).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export OPT_OUT_TRACKING=true
jar="$here/triage-examples/target/phototriage.jar"
if [ ! -f "$jar" ] || [ -n "$(cd "$here" && find triage-core/src triage-models/src triage-examples/src pom.xml ./*/pom.xml -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..." >&2
  mvn -B -ntp -q -f "$here/pom.xml" -DskipTests package -pl triage-examples -am >&2
fi
exec java -Dai.djl.offline=true -jar "$jar" "$@"
