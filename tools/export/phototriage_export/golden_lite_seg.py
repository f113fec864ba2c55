"""Golden files for the lite segmenters (DeepLab, Selfie) and the fast-neural-style stylizer.

Runs the real lite ONNX models from ../shared/models with onnxruntime and the same pre/post-processing as the Java
stages (io.phototriage.models.deeplab.DeepLabSegmenter, io.phototriage.models.selfie.SelfieSegmenter,
io.phototriage.models.faststyle.FastStyleStylizer), on a few coco128 photos, prompted with the ground-truth box of
the largest person/dog/cat instance. Writes to triage-models/src/test/resources/golden/lite-seg/:

  cases.json                 one entry per case: photo, prompt box, label, segmenter, mask file, mask area, score
  <photo>-<segmenter>.png    the mask, a 1-bit PNG at the photo's size (white = foreground)
  <photo>-<style>.png        the stylized picture at max side 128 (small on purpose: the same code path as 512)

Resizing everywhere is PIL's Image.resize(size, BILINEAR) on the 8-bit RGB photo (antialiased: the triangle filter's
support grows with the reduction factor); the Java side uses io.phototriage.core.image.Resize, a bit-exact port.

  tools/export/.venv/bin/python tools/export/export.py golden-lite-seg
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
from PIL import Image

from .common import COCO128, GOLDEN_PHOTOS, REPO_ROOT, SHARED, write_json

OUT = REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "lite-seg"
MODELS = SHARED / "models"

# The GOLDEN_PHOTOS that show a person, dog or cat, plus two pet photos (GOLDEN_PHOTOS has no dog or cat).
SEGMENT_PHOTOS = [p for p in GOLDEN_PHOTOS if p == "000000000036.jpg"] + ["000000000042.jpg", "000000000650.jpg",
                                                                          "000000000443.jpg"]
STYLE_CASES = [("000000000036.jpg", "candy"), ("000000000009.jpg", "mosaic"), ("000000000042.jpg", "udnie")]
STYLE_MAX_SIDE = 128

COCO_TO_LABEL = {1: "person", 17: "cat", 18: "dog"}
PASCAL_CLASS = {"person": 15, "dog": 12, "cat": 8}
DEEPLAB_SIZE = 513
DEEPLAB_PAD = 127.5
SELFIE_SIZE = 256
SELFIE_MARGIN = 0.25


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: the Java test resources)")


def load_rgb(name: str) -> np.ndarray:
    """A coco128 photo as uint8 RGB, embedded ICC profile ignored (as PIL and the Java decoder's default do)."""
    return np.asarray(Image.open(COCO128 / "images" / name).convert("RGB"))


def resize_rgb(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """PIL BILINEAR resize of uint8 RGB [H, W, 3] to (width, height), as float32 [h, w, 3] in 0..255."""
    return np.asarray(Image.fromarray(rgb).resize(size, Image.BILINEAR), dtype=np.float32)


def box_pixels(box, width: int, height: int):
    """Pixel columns/rows a box touches: [floor(x0), ceil(x1)) clipped to the image (same rule as the Java side)."""
    x0, y0, x1, y1 = box
    xa = min(max(math.floor(x0), 0), width)
    ya = min(max(math.floor(y0), 0), height)
    xb = min(max(math.ceil(x1), xa), width)
    yb = min(max(math.ceil(y1), ya), height)
    return xa, ya, xb, yb


def deeplab(session, rgb: np.ndarray, box, label: str):
    h, w = rgb.shape[:2]
    scale = DEEPLAB_SIZE / max(w, h)
    nw = max(1, min(DEEPLAB_SIZE, math.floor(w * scale + 0.5)))
    nh = max(1, min(DEEPLAB_SIZE, math.floor(h * scale + 0.5)))
    x = np.full((1, DEEPLAB_SIZE, DEEPLAB_SIZE, 3), DEEPLAB_PAD, dtype=np.float32)
    x[0, :nh, :nw, :] = resize_rgb(rgb, (nw, nh))
    labels, logits = session.run(["labels", "logits"], {"input": x})
    labels = labels[0, :nh, :nw]
    logits = logits[0, :, :nh, :nw].astype(np.float64)
    cls = PASCAL_CLASS[label]
    # nearest neighbour, pixel centres: image pixel x reads model column floor((x + 0.5) * nw / w)
    src_x = np.minimum(np.floor((np.arange(w) + 0.5) * nw / w).astype(np.int64), nw - 1)
    src_y = np.minimum(np.floor((np.arange(h) + 0.5) * nh / h).astype(np.int64), nh - 1)
    up = labels[src_y[:, None], src_x[None, :]]
    xa, ya, xb, yb = box_pixels(box, w, h)
    inside = np.zeros((h, w), dtype=bool)
    inside[ya:yb, xa:xb] = True
    mask = (up == cls) & inside
    m = logits.max(axis=0)
    prob = np.exp(logits[cls] - m) / np.exp(logits - m).sum(axis=0)
    prob_up = prob[src_y[:, None], src_x[None, :]]
    score = float(prob_up[mask].mean()) if mask.any() else float("nan")
    return mask, score


def selfie(session, rgb: np.ndarray, box):
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = box
    mx, my = SELFIE_MARGIN * (x1 - x0), SELFIE_MARGIN * (y1 - y0)
    # the grown box, widened to whole pixels and clipped to the photo
    cx0, cy0 = math.floor(max(0.0, x0 - mx)), math.floor(max(0.0, y0 - my))
    cx1, cy1 = math.ceil(min(float(w), x1 + mx)), math.ceil(min(float(h), y1 + my))
    crop = np.ascontiguousarray(rgb[cy0:cy1, cx0:cx1])
    x = (resize_rgb(crop, (SELFIE_SIZE, SELFIE_SIZE)) * np.float32(1 / 255))[None].astype(np.float32)
    prob = session.run(["output"], {"input": x})[0][0, :, :, 0].astype(np.float64)
    xa, ya, xb, yb = box_pixels(box, w, h)
    # bilinear sample of the 256x256 probabilities at each pixel centre of the box (edges clamped)
    u = (np.arange(xa, xb) + 0.5 - cx0) * SELFIE_SIZE / (cx1 - cx0) - 0.5
    v = (np.arange(ya, yb) + 0.5 - cy0) * SELFIE_SIZE / (cy1 - cy0) - 0.5
    u = np.clip(u, 0, SELFIE_SIZE - 1)
    v = np.clip(v, 0, SELFIE_SIZE - 1)
    u0 = np.minimum(np.floor(u).astype(np.int64), SELFIE_SIZE - 2)
    v0 = np.minimum(np.floor(v).astype(np.int64), SELFIE_SIZE - 2)
    fu = (u - u0)[None, :]
    fv = (v - v0)[:, None]
    p00 = prob[v0[:, None], u0[None, :]]
    p01 = prob[v0[:, None], u0[None, :] + 1]
    p10 = prob[v0[:, None] + 1, u0[None, :]]
    p11 = prob[v0[:, None] + 1, u0[None, :] + 1]
    top = p00 + (p01 - p00) * fu
    bottom = p10 + (p11 - p10) * fu
    sampled = top + (bottom - top) * fv
    mask = np.zeros((h, w), dtype=bool)
    mask[ya:yb, xa:xb] = sampled > 0.5
    full = np.zeros((h, w))
    full[ya:yb, xa:xb] = sampled
    score = float(full[mask].mean()) if mask.any() else float("nan")
    return mask, score


def fast_style(session, rgb: np.ndarray, max_side: int) -> np.ndarray:
    h, w = rgb.shape[:2]
    scale = min(1.0, max_side / max(w, h))
    nw = max(4, math.floor(w * scale / 4.0 + 1e-6) * 4)
    nh = max(4, math.floor(h * scale / 4.0 + 1e-6) * 4)
    planes = resize_rgb(rgb, (nw, nh)).transpose(2, 0, 1)
    out = session.run(None, {"input1": np.ascontiguousarray(planes[None])})[0][0]
    return np.floor(np.clip(out, 0, 255) + 0.5).astype(np.uint8).transpose(1, 2, 0)


def main(args) -> int:
    import onnxruntime as ort

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    annotations = json.loads((COCO128 / "annotations.json").read_text())
    images = {im["file_name"]: im for im in annotations["images"]}
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    deeplab_session = ort.InferenceSession(str(MODELS / "deeplabv3-pascal" / "deeplabv3_mnv2_pascal_quant.onnx"), opts)
    selfie_session = ort.InferenceSession(str(MODELS / "selfie-segmentation" / "selfie_segmentation.onnx"), opts)

    cases = []
    for name in SEGMENT_PHOTOS:
        image = images[name]
        anns = [a for a in annotations["annotations"]
                if a["image_id"] == image["id"] and a["category_id"] in COCO_TO_LABEL and not a["iscrowd"]]
        ann = max(anns, key=lambda a: a["area"])
        label = COCO_TO_LABEL[ann["category_id"]]
        x, y, bw, bh = ann["bbox"]
        box = (x, y, x + bw, y + bh)
        rgb = load_rgb(name)
        runs = [("deeplab", lambda: deeplab(deeplab_session, rgb, box, label))]
        if label == "person":
            runs.append(("selfie", lambda: selfie(selfie_session, rgb, box)))
        for segmenter, run in runs:
            mask, score = run()
            mask_file = f"{Path(name).stem}-{segmenter}.png"
            Image.fromarray(mask).convert("1").save(out / mask_file, optimize=True)
            cases.append({"photo": name, "label": label, "box": list(box), "segmenter": segmenter, "mask": mask_file,
                          "area": int(mask.sum()), "score": score})
            print(f"{name} {segmenter} {label}: area {int(mask.sum())}, score {score:.4f}")

    styles = []
    for name, style in STYLE_CASES:
        session = ort.InferenceSession(str(MODELS / "fast-neural-style" / f"{style}.onnx"), opts)
        rgb = load_rgb(name)
        styled = fast_style(session, rgb, STYLE_MAX_SIDE)
        file = f"{Path(name).stem}-{style}.png"
        Image.fromarray(styled).save(out / file, optimize=True)
        styles.append({"photo": name, "style": style, "max_side": STYLE_MAX_SIDE, "image": file,
                       "width": styled.shape[1], "height": styled.shape[0]})
        print(f"{name} {style}: {styled.shape[1]}x{styled.shape[0]}")

    write_json(out / "cases.json", {
        "source": "tools/export/export.py golden-lite-seg (onnxruntime, PIL BILINEAR on 8-bit RGB)",
        "deeplab": {"model": "deeplabv3_mnv2_pascal_quant.onnx", "size": DEEPLAB_SIZE, "pad": DEEPLAB_PAD},
        "selfie": {"model": "selfie_segmentation.onnx", "size": SELFIE_SIZE, "margin": SELFIE_MARGIN},
        "segment": cases,
        "style": styles,
    })
    total = sum(f.stat().st_size for f in out.iterdir())
    print(f"wrote {len(cases)} masks and {len(styles)} stylized images to {out} ({total} bytes)")
    return 0
