"""Golden files for SAM 2 video parity: transformers' own pipeline on the tiny weights over a synthetic clip.

  export.py golden-sam2        # needs the fixture from `export.py sam2` (it rebuilds the same seeded model)

The reference is the untouched transformers model pipeline: a Sam2VideoInferenceSession on the frames,
Sam2VideoProcessor.add_inputs_to_inference_session with the prompt on frame 0, Sam2VideoModel.propagate_in_video_iterator
over every frame; the processor's pixel arithmetic and post_process_masks are written out here (see pixel_values and
post_process: transformers' image/video processors import torchvision, which has no CPU wheel for this torch here). Nothing of the TorchScript split is used here, so
the Java test checks the split and the Java glue together. The model is rebuilt from the same seed as the fixture and
checked against the fixture's traced parts (its weights must be the ones exported).

Files (triage-models/src/test/resources/golden/sam2/):
  frames/00000.png ...      the clip: FRAMES synthetic RGB frames of SIZE x SIZE (fixed seed), a textured ellipse
                            moving over a textured background past a static occluder-free scene
  prompt_mask.png           the ellipse's mask on frame 0 (0/255), the mask prompt
  <prompt>_low_res.f32      per-frame low-res mask logits (pred_masks of each propagate step), float32 [F, 4g, 4g]
  <prompt>_masks/00000.png  per-frame post-processed masks (frame size, logits > 0), 0/255
  index.json                frames, box, per-frame pixel_values channel sums, mask areas, logit statistics

FRAMES is 16 so that the non-streaming pointer normalisation (min(frames, 16) - 1) equals the streaming one that a
Java tracker (which does not know the clip length) uses, and so that memory eviction (7 memories) and the 16-pointer
window are both exercised.
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

from . import common, sam2

GOLDEN_DIR = common.REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "sam2"
FRAMES = 16
SIZE = sam2.TINY_IMAGE_SIZE


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=GOLDEN_DIR, help="golden folder")
    p.add_argument("--fixture", type=Path, default=common.FIXTURES / sam2.NAME_TINY, help="the exported tiny model")
    p.add_argument("--kernels-only", action="store_true", help="write only kernels.json (no model run)")


def synthetic_clip(frames: int, size: int, seed: int = 0):
    """A smooth random background, two static blobs, and a textured ellipse that moves and grows a little."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    base = np.stack([
        0.5 + 0.3 * np.sin(2 * np.pi * (xx * 1.3 + rng.random())) * np.cos(2 * np.pi * (yy * 0.7 + rng.random())),
        0.4 + 0.3 * np.cos(2 * np.pi * (xx * 0.6 + yy * 0.9 + rng.random())),
        0.45 + 0.25 * np.sin(2 * np.pi * (yy * 1.7 + rng.random())),
    ], axis=-1)
    for cx, cy, r, colour in ((0.75, 0.25, 0.1, (0.9, 0.8, 0.1)), (0.2, 0.8, 0.12, (0.1, 0.3, 0.8))):
        blob = ((xx - cx) ** 2 + (yy - cy) ** 2) < r * r
        base[blob] = colour
    out, masks = [], []
    for t in range(frames):
        cx = 0.3 + 0.025 * t
        cy = 0.45 + 0.012 * t
        ax, ay = 0.14 + 0.002 * t, 0.09 + 0.001 * t
        inside = ((xx - cx) / ax) ** 2 + ((yy - cy) / ay) ** 2 < 1.0
        stripes = 0.5 + 0.5 * np.sin(2 * np.pi * (xx - cx) * 12)
        frame = base.copy()
        frame[inside] = np.stack([0.85 * stripes, 0.2 + 0.1 * stripes, 0.3 * (1 - stripes)], axis=-1)[inside]
        out.append(np.clip(np.round(frame * 255), 0, 255).astype(np.uint8))
        masks.append(inside)
    return out, masks


def box_of(mask: np.ndarray) -> list[float]:
    ys, xs = np.nonzero(mask)
    return [float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1)]


def pixel_values(frames) -> "torch.Tensor":
    """Sam2VideoVideoProcessor's arithmetic for frames already at the model size (its resize is then the identity):
    the fused rescale + normalise of transformers' fast processors, (x - 255 mean) / (255 std) in float32. The
    processor itself needs torchvision, which has no CPU build for this torch in the package mirror."""
    import torch
    from transformers.image_utils import IMAGENET_DEFAULT_MEAN, IMAGENET_DEFAULT_STD

    video = torch.from_numpy(np.stack(frames)).permute(0, 3, 1, 2).to(torch.float32)
    mean = torch.tensor(IMAGENET_DEFAULT_MEAN) * (1.0 / (1.0 / 255.0))
    std = torch.tensor(IMAGENET_DEFAULT_STD) * (1.0 / (1.0 / 255.0))
    return (video - mean[None, :, None, None]) / std[None, :, None, None]


def prompt_processor(size: int):
    """Sam2VideoProcessor without its image/video processors (they import torchvision): its prompt methods
    (add_inputs_to_inference_session: box -> two points labelled 2 and 3, coordinates scaled to the model size;
    mask -> resized to the model size when needed, then added as the mask input) need only these two fields."""
    from transformers import Sam2VideoProcessor

    processor = object.__new__(Sam2VideoProcessor)
    processor.target_size = size
    processor.point_pad_value = -10
    return processor


def post_process(low, height: int, width: int):
    """Sam2ImageProcessorFast.post_process_masks (what Sam2VideoProcessor.post_process_masks calls): one bilinear
    resize of the low-res logits to the frame size, then logits > 0 (mask_threshold 0)."""
    import torch.nn.functional as F

    return F.interpolate(low, (height, width), mode="bilinear", align_corners=False) > 0.0


def run_reference(model, frames, prompt: str, box, mask):
    import torch
    from transformers import Sam2VideoInferenceSession

    height, width = frames[0].shape[:2]
    session = Sam2VideoInferenceSession(video=pixel_values(frames), video_height=height, video_width=width,
                                        inference_device="cpu", dtype=torch.float32)
    processor = prompt_processor(SIZE)
    if prompt == "box":
        processor.add_inputs_to_inference_session(session, frame_idx=0, obj_ids=[1], input_boxes=[[box]])
    else:
        processor.add_inputs_to_inference_session(session, frame_idx=0, obj_ids=[1], input_masks=[mask])
    pixel_sums = [session.get_frame(i).double().sum(dim=(1, 2)).tolist() for i in range(len(frames))]
    lows, finals = [], []
    with torch.inference_mode():
        model(inference_session=session, frame_idx=0)  # the prompted frame first, as transformers' examples do
        for out in model.propagate_in_video_iterator(session):
            low = out.pred_masks.float()  # [1,1,4g,4g]
            lows.append(low[0, 0].numpy())
            finals.append(post_process(low, height, width)[0, 0].numpy())
    return np.stack(lows), finals, pixel_sums


def write_kernels(out: Path) -> None:
    """kernels.json: PyTorch's resize kernels and transformers' get_1d_sine_pe on small seeded inputs, for the Java
    re-implementations (Sam2Images, Sam2ClipTracker.sinePositionEncoding) on shapes the clip golden does not use
    (non-square frames, downscaling)."""
    import torch
    import torch.nn.functional as F
    from transformers.models.sam2_video.modeling_sam2_video import get_1d_sine_pe

    gen = torch.Generator().manual_seed(4)
    cases = []
    for (sh, sw), (dh, dw), antialias in (((5, 4), (9, 7), False), ((16, 16), (45, 80), False),
                                          ((9, 13), (4, 3), True), ((24, 32), (16, 16), True),
                                          ((12, 10), (30, 25), True), ((32, 32), (8, 8), True)):
        src = torch.randn(1, 1, sh, sw, generator=gen) * 5
        dst = F.interpolate(src, size=(dh, dw), mode="bilinear", align_corners=False, antialias=antialias)
        cases.append({"src_hw": [sh, sw], "dst_hw": [dh, dw], "antialias": antialias,
                      "src": src.flatten().tolist(), "dst": dst.flatten().tolist()})
    offsets = torch.tensor([0.0, 1.0, 3.0, 15.0, 21.0]) / 15.0
    sine = get_1d_sine_pe(offsets, dim=128)
    common.write_json(out / "kernels.json", {"resize": cases,
                                             "sine_pe": {"positions": offsets.tolist(), "dim": 128,
                                                         "values": sine.tolist()}})


def check_fixture(model, fixture: Path) -> None:
    """The fixture's traced parts must carry this model's weights (same seed, same code)."""
    import torch

    manifest = json.loads((fixture / "manifest.json").read_text())
    enc = torch.jit.load(str(fixture / manifest["files"]["image_encoder"]["path"]))
    wrappers = sam2.build_wrappers(model)
    x = torch.randn(1, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        err = max((a - b).abs().max().item() for a, b in zip(enc(x), wrappers[0](x)))
    if err > 1e-5:
        raise SystemExit(f"{fixture} was not exported from this model (encoder differs by {err}); "
                         "run export.py sam2 first")


def main(args) -> int:
    import torch
    from PIL import Image

    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    write_kernels(args.out)
    if args.kernels_only:
        return 0
    model = sam2.build_tiny()
    check_fixture(model, args.fixture)
    frames, truth = synthetic_clip(FRAMES, SIZE)
    out = args.out
    (out / "frames").mkdir(parents=True, exist_ok=True)
    for i, f in enumerate(frames):
        Image.fromarray(f).save(out / "frames" / f"{i:05d}.png", optimize=True)
    prompt_mask = truth[0]
    Image.fromarray((prompt_mask * 255).astype(np.uint8)).save(out / "prompt_mask.png", optimize=True)
    box = box_of(prompt_mask)
    index = {"frames": FRAMES, "size": [SIZE, SIZE], "box": box, "model": sam2.NAME_TINY, "prompts": {}}
    for prompt in ("box", "mask"):
        lows, finals, pixel_sums = run_reference(model, frames, prompt, box, prompt_mask.astype(np.uint8))
        common.write_tensor(out / f"{prompt}_low_res.f32", lows)
        (out / f"{prompt}_masks").mkdir(exist_ok=True)
        for i, m in enumerate(finals):
            Image.fromarray((m * 255).astype(np.uint8)).save(out / f"{prompt}_masks" / f"{i:05d}.png", optimize=True)
        ious = [float((m & t).sum() / max(1, (m | t).sum())) for m, t in zip(finals, truth)]
        index["prompts"][prompt] = {
            "mask_areas": [int(m.sum()) for m in finals],
            "low_res_abs_mean": [float(np.abs(l).mean()) for l in lows],
            "low_res_share_near_zero": [float((np.abs(l) < 1e-2).mean()) for l in lows],
            "no_object_frames": [i for i, l in enumerate(lows) if float(l.max()) <= -1000],
            "iou_with_synthetic_truth": ious,
        }
        index["pixel_values_channel_sums"] = pixel_sums
        print(f"{prompt}: areas {index['prompts'][prompt]['mask_areas']}")
        print(f"  |logit| mean {[round(v, 3) for v in index['prompts'][prompt]['low_res_abs_mean']]}")
        print(f"  no-object frames {index['prompts'][prompt]['no_object_frames']}, "
              f"IoU with the drawn ellipse {[round(v, 2) for v in ious]}")
    common.write_json(out / "index.json", index)
    return 0
