#!/usr/bin/env bash
# Trains the lite classifier's linear probe (MobileNetV2 features + detector scores) and prints held-out metrics.
#   tools/train-lite-probe.sh --models ../shared/models --coco ../shared/data/coco128 --detector yolox \
#       --out triage-models/src/main/resources/io/phototriage/models/probe/lite-probe-default.json
# Arguments are those of io.phototriage.models.probe.TrainLiteProbe (--detector none: MobileNet features only).
# Builds triage-models (and triage-core) through the reactor, offline, without installing anything (models-main.sh).
exec "$(dirname "$0")/models-main.sh" runtime io.phototriage.models.probe.TrainLiteProbe "$@"
