"""Golden files for reduced-scale JPEG decoding (libjpeg's scaled DCT), the reference of OpenCvPhotoDecoder.

Writes triage-models/src/test/resources/golden/draft/:
  big-orient-6.jpg  a generated 4001x2999 4:2:0 JPEG (smooth shapes, < 500 KB) whose EXIF Orientation is 6, so
                    the upright photo is 2999x4001; odd sizes check that the scaled size is rounded up
  draft.json        for it and for the coco128 GOLDEN_PHOTOS, per factor 2, 4 and 8: the size and the sha256 of
                    the RGB bytes of ImageOps.exif_transpose(im).convert("RGB") after
                    im.draft("RGB", (w // f, h // f)), i.e. Pillow's own reduced-scale decode (libjpeg-turbo's
                    scale_denom = f), plus the oriented full size and the target long side to ask the Java
                    decoder for (long side // f)

  tools/export/.venv/bin/python tools/export/export.py golden-draft
"""
from __future__ import annotations

import hashlib
import json
import math

import numpy as np
from PIL import Image, ImageOps

from .common import COCO128, GOLDEN_PHOTOS, REPO_ROOT

OUT = REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "draft"
BIG_NAME = "big-orient-6.jpg"
BIG_W, BIG_H = 4001, 2999
FACTORS = (2, 4, 8)


def add_arguments(parser) -> None:
    parser.add_argument("--tiny", action="store_true", help="accepted for symmetry with the model families; no effect")


def big_photo() -> Image.Image:
    """Smooth gradients and soft discs, with mild noise at a coarse scale: photo-like blocks that stay small."""
    rng = np.random.default_rng(0)
    y, x = np.mgrid[0:BIG_H, 0:BIG_W].astype(np.float32)
    r = 255 * x / BIG_W
    g = 255 * y / BIG_H
    b = 128 + 100 * np.sin(x / 300.0) * np.cos(y / 200.0)
    for _ in range(12):
        cx, cy, radius = rng.uniform(0, BIG_W), rng.uniform(0, BIG_H), rng.uniform(150, 700)
        colour = rng.uniform(0, 255, size=3)
        inside = np.clip((radius - np.hypot(x - cx, y - cy)) / 40.0, 0, 1)
        r = r * (1 - inside) + colour[0] * inside
        g = g * (1 - inside) + colour[1] * inside
        b = b * (1 - inside) + colour[2] * inside
    coarse = rng.normal(0, 6, size=(BIG_H // 16 + 1, BIG_W // 16 + 1, 3)).astype(np.float32)
    noise = np.repeat(np.repeat(coarse, 16, axis=0), 16, axis=1)[:BIG_H, :BIG_W]
    rgb = np.stack([r, g, b], axis=-1) + noise
    return Image.fromarray(np.clip(rgb, 0, 255).round().astype(np.uint8), "RGB")


def draft_decode(path, factor: int) -> dict:
    with Image.open(path) as im:
        w, h = im.size
        im.draft("RGB", (w // factor, h // factor))
        expected = (math.ceil(w / factor), math.ceil(h / factor))
        assert im.size == expected, f"{path}: draft at 1/{factor} gave {im.size}, expected {expected}"
        rgb = ImageOps.exif_transpose(im).convert("RGB")
        data = rgb.tobytes()
        return {"width": rgb.width, "height": rgb.height, "sha256": hashlib.sha256(data).hexdigest(),
                "targetLongSide": max(w, h) // factor}


def main(args) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    big = OUT / BIG_NAME
    exif = Image.Exif()
    exif[0x0112] = 6
    big_photo().save(big, "JPEG", quality=80, subsampling="4:2:0", exif=exif.tobytes())
    size = big.stat().st_size
    assert size < 500_000, f"{big} is {size} bytes, over the 500 KB budget"

    entries = []
    sources = [("resource", BIG_NAME, big)] + [("coco128", name, COCO128 / "images" / name) for name in GOLDEN_PHOTOS]
    for kind, name, path in sources:
        with Image.open(path) as im:
            upright = ImageOps.exif_transpose(im)
            full = {"width": upright.width, "height": upright.height}
        entries.append({"source": kind, "file": name, "original": full,
                        "factors": {str(f): draft_decode(path, f) for f in FACTORS}})
    (OUT / "draft.json").write_text(json.dumps({"photos": entries}, indent=1) + "\n")
    print(f"wrote {big} ({size} bytes) and {OUT / 'draft.json'} ({len(entries)} photos x {len(FACTORS)} factors)")
    return 0
