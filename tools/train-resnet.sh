#!/usr/bin/env bash
# Fine-tunes a ResNet backbone folder (tools/export/export.py resnet --real --out MODELS) into a classifier folder.
#   tools/train-resnet.sh --models "$PHOTOTRIAGE_MODELS" --coco ../shared/data/coco128 --epochs 10
#   tools/train-resnet.sh --models "$PHOTOTRIAGE_MODELS" --folders ~/labelled --out resnet-18-triage
# Arguments are those of io.phototriage.models.resnet.TrainResNet.
# Builds triage-models (and triage-core) through the reactor, offline, without installing anything (models-main.sh).
# The class path includes the test scope because that is where the project keeps the libtorch CPU native jar.
exec "$(dirname "$0")/models-main.sh" test io.phototriage.models.resnet.TrainResNet "$@"
