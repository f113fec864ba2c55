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
jvm=()
# `run`: C1 only (-XX:TieredStopAtLevel=1). Its CPU is in the native models; C2 compiling the Java around them cost more
# CPU (about 2.5 s of 27 s for coco128's 128 photos, docs/performance.md) than its faster code saved. The training and
# evaluation commands keep C2 for their long Java loops.
if [ "${1:-}" = run ]; then
  jvm+=(-XX:TieredStopAtLevel=1)
fi
exec java -Dai.djl.offline=true ${jvm[@]+"${jvm[@]}"} -jar "$jar" "$@"
