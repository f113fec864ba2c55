"""Golden files for MobileNetFeatures: onnxruntime logits of the lite-set MobileNetV2 on a synthetic 224x224 image.

  tools/export/.venv/bin/python tools/export/export.py golden-mobilenet

The image is defined by a formula that the Java test (MobileNetFeaturesTest) rebuilds pixel for pixel, so no resize
is involved and the comparison checks the model run (input layout, channel order, raw 0..255 range, output order)
and the pooled dog / cat / other log-probabilities. Writes triage-models/src/test/resources/golden/mobilenet/.
"""
from __future__ import annotations

import numpy as np

from .common import REPO_ROOT, SHARED, write_json

MODEL = SHARED / "models" / "mobilenet-v2" / "mobilenet_v2_1.0_224_quant.onnx"
OUT = REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "mobilenet"
DOGS = (152, 269)
CATS = (282, 286)


def synthetic_rgb(size: int = 224) -> np.ndarray:
    """uint8 [H, W, 3]: R = (7x + 3y) mod 256, G = (x*y) mod 256, B = (255 - 2x + y) mod 256."""
    y, x = np.mgrid[0:size, 0:size]
    r = (7 * x + 3 * y) % 256
    g = (x * y) % 256
    b = (255 - 2 * x + y) % 256
    return np.stack([r, g, b], axis=-1).astype(np.uint8)


def pooled(logits: np.ndarray) -> list[float]:
    z = logits.astype(np.float64)
    e = np.exp(z - z.max())
    total = e.sum()
    dogs = e[DOGS[0]:DOGS[1] + 1].sum()
    cats = e[CATS[0]:CATS[1] + 1].sum()
    other = total - dogs - cats
    return [float(np.log(max(v / total, 1e-30))) for v in (dogs, cats, other)]


def add_arguments(parser) -> None:
    parser.add_argument("--model", default=str(MODEL), help="the lite-set MobileNetV2 ONNX file")


def main(args) -> int:
    import onnxruntime as ort

    session = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    image = synthetic_rgb()
    probs, logits = session.run(["probs", "logits"], {"input": image[None].astype(np.float32)})
    logits = logits[0]
    write_json(OUT / "synthetic_logits.json", {
        "image": "synthetic_rgb(224): R=(7x+3y)%256, G=(x*y)%256, B=(255-2x+y)%256",
        "onnxruntime": ort.__version__,
        "logits": logits.astype(np.float64),
        "probs": probs[0].astype(np.float64),
        "pooled_log_probs": pooled(logits),
        "top5": np.argsort(-logits)[:5],
    })
    print("wrote", OUT / "synthetic_logits.json", "top5", np.argsort(-logits)[:5])
    return 0
