#!/usr/bin/env bash
# Fine-tunes a ResNet backbone folder (tools/export/export.py resnet --real --out MODELS) into a classifier folder.
#   tools/train-resnet.sh --models "$PHOTOTRIAGE_MODELS" --coco ../shared/data/coco128 --epochs 10
#   tools/train-resnet.sh --models "$PHOTOTRIAGE_MODELS" --folders ~/labelled --out resnet-18-triage
# Arguments are those of io.phototriage.models.resnet.TrainResNet.
# Builds triage-models (and triage-core) through the reactor, offline, without installing anything. The class path
# includes the test scope because that is where the project keeps the libtorch CPU native jar (libraries leave the
# native choice to applications).
set -euo pipefail
cd "$(dirname "$0")/.."
export OPT_OUT_TRACKING=true
mvn -B -o -q -pl triage-models -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test >&2
exec java -Dai.djl.offline=true -Djava.awt.headless=true \
    -cp "triage-models/target/classes:$(cat triage-models/target/test.classpath)" \
    io.phototriage.models.resnet.TrainResNet "$@"
