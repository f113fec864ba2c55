#!/usr/bin/env bash
# Checks that ResNet fine-tuning is bit-reproducible for a seed: runs ResNetDeterminismCheck (the memorisation
# test's training, on the tiny fixture) in JVMS separate JVMs, RUNS times in each, optionally while LOAD other
# processes keep every core busy, and compares every epoch report of every run with the first.
#   tools/resnet-determinism.sh [JVMS=5] [RUNS=2] [EPOCHS=5] [LOAD=0]
# Exit status 0 when all reports are identical. Builds through the reactor, offline; installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
jvms=${1:-5}; runs=${2:-2}; epochs=${3:-5}; load=${4:-0}
export OPT_OUT_TRACKING=true
mvn -B -o -q -pl triage-models -am test-compile \
    dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test >&2
cp="triage-models/target/test-classes:triage-models/target/classes:$(cat triage-models/target/test.classpath)"
out=$(mktemp -d)
pids=()
for ((i = 0; i < load; i++)); do yes > /dev/null & pids+=($!); done
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
for ((j = 0; j < jvms; j++)); do
  java -Dai.djl.offline=true -Djava.awt.headless=true -Dphototriage.shared="$(cd .. && pwd)/shared" -cp "$cp" \
      io.phototriage.models.resnet.ResNetDeterminismCheck "$runs" "$epochs" 2>/dev/null | grep -E '^(run|identical)' > "$out/jvm$j.txt"
done
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
pids=()
cat "$out/jvm0.txt"
status=0
for ((j = 1; j < jvms; j++)); do
  if ! cmp -s "$out/jvm0.txt" "$out/jvm$j.txt"; then
    echo "JVM $j differs from JVM 0:"; diff "$out/jvm0.txt" "$out/jvm$j.txt" || true; status=1
  fi
done
[ "$status" = 0 ] && echo "all $jvms JVMs x $runs runs identical (load: $load busy processes)"
exit "$status"
