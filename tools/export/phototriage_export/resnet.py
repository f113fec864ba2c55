"""resnet: ResNet-18 feature extractor (TorchScript, trainable from DJL) for io.phototriage.models.resnet.

  tools/export/.venv/bin/python tools/export/export.py resnet --tiny
  tools/export/.venv/bin/python tools/export/export.py resnet --real --out DIR     # needs internet once

--real exports microsoft/resnet-18 (transformers ResNetModel, 11.7M parameters, ~45 MB) to DIR/resnet-18/.
--tiny builds the same architecture (basic blocks, depths [2,2,2,2]) with narrow widths (embedding 8, hidden
[8,16,32,64]) and random weights (seed 0) into triage-models/src/test/resources/fixtures/resnet-tiny/, and writes
golden files into triage-models/src/test/resources/golden/resnet/: the Hugging Face processor's pixel_values for
each of GOLDEN_PHOTOS (<photo>.pixel_values.f32 + .json shape sidecar) and the tiny backbone's features
(features.json).

The exported file maps pixel_values [B,3,224,224] (float32, ImageNet-normalised) to pooled features [B,D]
(D = 512 for ResNet-18). It is traced in eval mode: BatchNorm layers use their running statistics also while DJL
fine-tunes the weights (the usual choice for fine-tuning on small batches); every parameter stays trainable.
Pre-processing is the one microsoft/resnet-18 ships (ConvNextImageProcessor): resize the shortest edge to
int(224 / 0.875) = 256 with PIL bicubic, centre crop 224 (offsets floor((size - 224) / 2)), x / 255, ImageNet
mean/std.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from . import common
from .common import COCO128, FIXTURES, GOLDEN_PHOTOS, REPO_ROOT, seed_everything, write_json, write_manifest, write_tensor

GOLDEN = REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "resnet"
REAL_CHECKPOINT = "microsoft/resnet-18"
IMAGE_SIZE = 224
CROP_PCT = 0.875
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
TINY = dict(embedding_size=8, hidden_sizes=[8, 16, 32, 64], depths=[2, 2, 2, 2], layer_type="basic")


def add_arguments(p: argparse.ArgumentParser) -> None:
    common.add_mode_group(p, tiny="tiny random-weight fixture + golden files (committed)",
                          real=f"export {REAL_CHECKPOINT} (downloads it)")
    p.add_argument("--out", type=Path, help="models folder for --real (writes OUT/resnet-18/)")


def processor():
    """The microsoft/resnet-18 image processor, built without a download (same settings as its preprocessor_config)."""
    from transformers import ConvNextImageProcessor
    from transformers.image_utils import PILImageResampling

    return ConvNextImageProcessor(
        do_resize=True, size={"shortest_edge": IMAGE_SIZE}, crop_pct=CROP_PCT, resample=PILImageResampling.BICUBIC,
        do_rescale=True, rescale_factor=1 / 255, do_normalize=True, image_mean=MEAN, image_std=STD)


class FeatureExtractor:
    """Wraps ResNetModel so that the traced graph returns pooled features [B, D] (no classification head)."""

    @staticmethod
    def build(model):
        import torch

        class Features(torch.nn.Module):
            def __init__(self, resnet):
                super().__init__()
                self.resnet = resnet

            def forward(self, pixel_values):
                return torch.flatten(self.resnet(pixel_values).pooler_output, 1)

        return Features(model).eval()


def contract(feature_dim: int) -> dict:
    return {
        "role": "backbone",
        "input": "pixel_values",
        "output": "features",
        "image_size": IMAGE_SIZE,
        "resize_shortest_edge": int(IMAGE_SIZE / CROP_PCT),
        "resample": "bicubic",
        "crop": "center",
        "mean": MEAN,
        "std": STD,
        "feature_dim": feature_dim,
        "batch_norm": "running statistics (traced in eval mode)",
    }


def export(features, out_dir: Path, name: str, source: str) -> Path:
    import torch

    out_dir.mkdir(parents=True, exist_ok=True)
    example = torch.randn(2, 3, IMAGE_SIZE, IMAGE_SIZE, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        traced = torch.jit.trace(features, example, check_trace=True)
        diff = (traced(example) - features(example)).abs().max().item()
        dim = features(example).shape[1]
    if diff > 1e-5:
        raise SystemExit(f"traced backbone differs from eager by {diff}")
    traced.save(str(out_dir / "backbone.pt"))
    write_manifest(out_dir, name, "PyTorch", {"backbone": "backbone.pt"}, contract(dim), source)
    return out_dir / "backbone.pt"


def main(args) -> int:
    import torch
    from transformers import ResNetConfig, ResNetModel

    seed_everything(0)
    torch.use_deterministic_algorithms(True)
    if args.real:
        common.require_out(args.out, "--real", "the models folder")
        model = ResNetModel.from_pretrained(REAL_CHECKPOINT).eval()
        path = export(FeatureExtractor.build(model), args.out / "resnet-18", "resnet-18",
                      f"{REAL_CHECKPOINT} (transformers ResNetModel, ImageNet-1k), pooled features; "
                      "tools/export/export.py resnet --real")
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
        return 0

    config = ResNetConfig(num_channels=3, hidden_act="relu", downsample_in_first_stage=False, **TINY)
    model = ResNetModel(config).eval()
    features = FeatureExtractor.build(model)
    out_dir = FIXTURES / "resnet-tiny"
    path = export(features, out_dir, "resnet-tiny",
                  "tiny random weights, seed 0, ResNet-18 layout (basic blocks, depths 2-2-2-2) with widths "
                  "8/8-16-32-64; tools/export/export.py resnet --tiny")
    print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB, "
          f"{sum(p.numel() for p in model.parameters())} parameters)")

    from PIL import Image

    traced = torch.jit.load(str(path)).eval()
    proc = processor()
    golden = {"photos": [], "features": [], "feature_dim": TINY["hidden_sizes"][-1]}
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name in GOLDEN_PHOTOS:
        image = Image.open(COCO128 / "images" / name).convert("RGB")
        pixel_values = proc(images=image, return_tensors="np")["pixel_values"].astype(np.float32)
        write_tensor(GOLDEN / (Path(name).stem + ".pixel_values.f32"), pixel_values[0])
        with torch.no_grad():
            feats = traced(torch.from_numpy(pixel_values)).numpy()[0]
        golden["photos"].append(name)
        golden["features"].append(feats)
    write_json(GOLDEN / "features.json", golden)
    print(f"wrote golden files for {len(GOLDEN_PHOTOS)} photos to {GOLDEN}")
    return 0
