"""Golden files for io.phototriage.core.image.Resize: PIL Image.resize outputs on real and synthetic RGB images.

Writes triage-core/src/test/resources/golden/resize/: the inputs (PNG, lossless), one PNG per resized output and
cases.json listing {input, filter, width, height, output}. The Java test (ResizeGoldenTest) resizes each input and
requires every pixel to be equal. Inputs are small crops so that the files stay well under 300 KB in total.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image

from .common import COCO128, GOLDEN_PHOTOS, REPO_ROOT

OUT = REPO_ROOT / "triage-core" / "src" / "test" / "resources" / "golden" / "resize"

FILTERS = {
    "NEAREST": Image.Resampling.NEAREST,
    "BOX": Image.Resampling.BOX,
    "BILINEAR": Image.Resampling.BILINEAR,
    "BICUBIC": Image.Resampling.BICUBIC,
}


def _inputs(seed: int) -> dict[str, tuple[Image.Image, list[str], list[tuple[int, int]]]]:
    """name -> (image, filters, target sizes). Sizes cover down/up-scales, one-axis changes and 1-pixel outputs."""
    rng = np.random.default_rng(seed)
    inputs = {}
    # Real photos: an 80x60 crop of textured content from two golden photos, the filters the HF processors use.
    for name, (x, y) in zip(GOLDEN_PHOTOS[:2], [(300, 200), (250, 150)]):
        photo = Image.open(COCO128 / "images" / name).convert("RGB")
        crop = photo.crop((x, y, x + 80, y + 60))
        inputs[f"coco_{Path(name).stem}"] = (
            crop,
            ["BILINEAR", "BICUBIC"],
            [(37, 29), (24, 18), (101, 77), (80, 23), (13, 60), (7, 5)],
        )
    # White noise: every tap matters and bicubic overshoots, exercising the clamp at 0 and 255.
    noise = Image.fromarray(rng.integers(0, 256, size=(23, 31, 3), dtype=np.uint8), "RGB")
    inputs["noise"] = (noise, list(FILTERS), [(7, 5), (50, 40), (31, 11), (12, 23), (1, 1), (3, 64)])
    # Hard black/white stripes with a coloured square: strongest ringing for bicubic.
    stripes = np.zeros((40, 40, 3), dtype=np.uint8)
    stripes[:, ::2] = 255
    stripes[10:20, 10:20] = (255, 0, 0)
    inputs["stripes"] = (Image.fromarray(stripes, "RGB"), list(FILTERS), [(17, 17), (90, 90), (40, 9), (5, 40)])
    # Taller than 100x its width: Pillow resizes vertically first on this path.
    tall = Image.fromarray(rng.integers(0, 256, size=(400, 3, 3), dtype=np.uint8), "RGB")
    inputs["tall"] = (tall, list(FILTERS), [(3, 50), (2, 37)])
    return inputs


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: the triage-core test resources)")
    parser.add_argument("--seed", type=int, default=0)


def main(args) -> int:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    cases = []
    for name, (image, filters, sizes) in _inputs(args.seed).items():
        image.save(out / f"{name}.png", optimize=True)
        for filter_name in filters:
            for w, h in sizes:
                resized = image.resize((w, h), FILTERS[filter_name])
                assert resized.mode == "RGB" and resized.size == (w, h)
                file = f"{name}_{filter_name.lower()}_{w}x{h}.png"
                resized.save(out / file, optimize=True)
                cases.append({"input": f"{name}.png", "filter": filter_name, "width": w, "height": h, "output": file})
    import PIL

    (out / "cases.json").write_text(json.dumps({"pillow": PIL.__version__, "cases": cases}, indent=1) + "\n")
    total = sum(f.stat().st_size for f in out.iterdir())
    print(f"wrote {len(cases)} cases to {out} ({total / 1024:.0f} KB)")
    return 0
