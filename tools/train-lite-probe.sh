#!/usr/bin/env bash
# Trains the lite classifier's linear probe (MobileNetV2 features + detector scores) and prints held-out metrics.
#   tools/train-lite-probe.sh --models ../shared/models --coco ../shared/data/coco128 --detector yolox \
#       --out triage-models/src/main/resources/io/phototriage/models/probe/lite-probe-default.json
# Arguments are those of io.phototriage.models.probe.TrainLiteProbe (--detector none: MobileNet features only).
# Builds triage-models (and triage-core) through the reactor, offline, without installing anything.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
mvn -B -o -q -pl triage-models -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/runtime.classpath -Dmdep.includeScope=runtime >&2
exec java -Dai.djl.offline=true -Djava.awt.headless=true \
    -cp "triage-models/target/classes:$(cat triage-models/target/runtime.classpath)" \
    io.phototriage.models.probe.TrainLiteProbe "$@"
