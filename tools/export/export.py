#!/usr/bin/env python3
"""phototriage export tool.

  tools/export/setup.sh                       # once: the venv from the local package mirror
  tools/export/.venv/bin/python tools/export/export.py <family> --tiny    # tiny random-weight fixture + golden files
  tools/export/.venv/bin/python tools/export/export.py <family> --real --out DIR   # real HF checkpoint (needs internet)

Each family module in phototriage_export/ registers itself in FAMILIES below with add_parser(subparsers).
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# family name -> module in phototriage_export; each module defines add_arguments(parser) and main(args).
FAMILIES = {
    "golden-lite-seg": "golden_lite_seg",
    "golden-resize": "golden_resize",
    "golden-eval": "golden_eval",
    "golden-yolox": "golden_yolox",
    "yolox-trainable": "yolox_trainable",
    "golden-yolox-loss": "golden_yolox_loss",
    "golden-images": "golden_images",
    "golden-draft": "golden_draft",
    "golden-mobilenet": "golden_mobilenet",
    "golden-probe": "golden_probe",
    "golden-ct": "golden_ct",
    "totalseg": "totalseg",
    "clip": "clip",
    "stable-diffusion": "stable_diffusion",
    "sam": "sam",
    "sam2": "sam2",
    "golden-sam2": "golden_sam2",
    "grounding-dino": "grounding_dino",
    "resnet": "resnet",
    "bench-eager": "bench_eager",
    "bench-report": "bench_report",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="family", required=True)
    for family, module_name in FAMILIES.items():
        module = importlib.import_module(f"phototriage_export.{module_name}")
        p = sub.add_parser(family, help=(module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else family)
        module.add_arguments(p)
        p.set_defaults(_main=module.main)
    args = parser.parse_args(argv)
    return args._main(args) or 0


if __name__ == "__main__":
    sys.exit(main())
