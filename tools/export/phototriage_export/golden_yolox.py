"""golden-yolox: reference YOLOX-Nano detections (real lite ONNX model) for the Java parity test.

The same pre/post-processing as io.phototriage.models.yolox (YOLOX's own preproc + grid decode + class-wise NMS),
in numpy, run with onnxruntime on the GOLDEN_PHOTOS. OpenCV is not in the venv, so cv2.resize(INTER_LINEAR) on
uint8 is reimplemented here bit for bit (checked equal to opencv-python-headless 5.0.0 on all 128 coco128 photos
at 4 sizes and on random odd-sized images); photos are decoded with PIL, which gives the same pixels as
cv2.imread for these JPEGs (no ICC colour conversion).

  tools/export/.venv/bin/python tools/export/export.py golden-yolox [--threshold T]

Writes triage-models/src/test/resources/golden/yolox/<photo>.json with, per photo: the sha256 of the decoded RGB
bytes (the Java test checks it decodes the same pixels), the letterbox ratio, the evaluation-mode detections
(score > 0.001, NMS IoU 0.65, at most 100) for person/dog/cat and for all 80 classes (to exercise the decoder on
many boxes), and the production detections (score >= threshold).
"""
from __future__ import annotations

import hashlib
import json

import numpy as np

from .common import COCO128, REPO_ROOT, SHARED, GOLDEN_PHOTOS, write_json

MODEL = SHARED / "models" / "yolox-nano" / "yolox_nano.onnx"
NAMES = SHARED / "models" / "yolox-nano" / "coco80.names"
OUT = REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "yolox"
CALIBRATION = REPO_ROOT / "triage-models" / "src" / "main" / "resources" / "io" / "phototriage" / "models" / "yolox" / "yolox-nano.calibration.json"
SIZE = 416
STRIDES = (8, 16, 32)
CLASSES = ("person", "dog", "cat")
EVAL = {"min_score": 0.001, "nms_iou": 0.65, "max_detections": 100}
COEF_SCALE = 1 << 11  # OpenCV INTER_RESIZE_COEF_BITS = 11


def _taps(src_len: int, dst_len: int, clamp_fraction: bool):
    """OpenCV resizeGeneric_ tables: float32 fraction of half-pixel centres, 11-bit fixed-point weights."""
    scale = np.float64(1.0) / (np.float64(dst_len) / np.float64(src_len))
    d = np.arange(dst_len, dtype=np.float64)
    f = ((d + 0.5) * scale - 0.5).astype(np.float32)
    s = np.floor(f).astype(np.int64)
    f = (f - s.astype(np.float32)).astype(np.float32)
    if clamp_fraction:  # horizontal: out-of-image taps collapse onto the edge pixel with fraction 0
        low = s < 0
        f[low], s[low] = 0, 0
        high = s >= src_len - 1
        f[high], s[high] = 0, src_len - 1
    w0 = np.rint((np.float32(1.0) - f) * np.float32(COEF_SCALE)).astype(np.int64)
    w1 = np.rint(f * np.float32(COEF_SCALE)).astype(np.int64)
    return np.clip(s, 0, src_len - 1), np.clip(s + 1, 0, src_len - 1), w0, w1


def resize_linear(img: np.ndarray, dst_w: int, dst_h: int) -> np.ndarray:
    """cv2.resize(img, (dst_w, dst_h), interpolation=cv2.INTER_LINEAR) for uint8 HxWx3, bit for bit."""
    h, w = img.shape[:2]
    src = img.astype(np.int64)
    eps = np.finfo(np.float64).eps
    if abs(1.0 / (dst_w / w) - 2) < eps and abs(1.0 / (dst_h / h) - 2) < eps:  # OpenCV switches to INTER_AREA
        out = (src[0::2, 0::2] + src[0::2, 1::2] + src[1::2, 0::2] + src[1::2, 1::2] + 2) >> 2
        return out[:dst_h, :dst_w].astype(np.uint8)
    xs0, xs1, a0, a1 = _taps(w, dst_w, True)
    ys0, ys1, b0, b1 = _taps(h, dst_h, False)
    rows = src[:, xs0] * a0[None, :, None] + src[:, xs1] * a1[None, :, None]
    r0, r1 = rows[ys0], rows[ys1]
    b0, b1 = b0[:, None, None], b1[:, None, None]
    out = (((b0 * (r0 >> 4)) >> 16) + ((b1 * (r1 >> 4)) >> 16) + 2) >> 2
    return np.clip(out, 0, 255).astype(np.uint8)


def letterbox(rgb: np.ndarray):
    """YOLOX preproc: top-left letterbox into SIZE x SIZE, pad 114, BGR, raw 0..255 float32, CHW."""
    h, w = rgb.shape[:2]
    r = min(SIZE / h, SIZE / w)
    rw, rh = max(1, int(w * r)), max(1, int(h * r))
    padded = np.full((SIZE, SIZE, 3), 114, dtype=np.uint8)
    padded[:rh, :rw] = resize_linear(rgb[:, :, ::-1], rw, rh)
    return np.ascontiguousarray(padded.transpose(2, 0, 1), dtype=np.float32), r


def grids():
    gx, gy, st = [], [], []
    for s in STRIDES:
        n = SIZE // s
        yv, xv = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        gx.append(xv.reshape(-1))
        gy.append(yv.reshape(-1))
        st.append(np.full(n * n, s))
    return (np.concatenate(gx).astype(np.float32), np.concatenate(gy).astype(np.float32),
            np.concatenate(st).astype(np.float32))


def nms(boxes: np.ndarray, order: np.ndarray, iou_thr: float) -> list[int]:
    """Greedy NMS over boxes (float64 xyxy, no +1) visited in the given order; returns kept indices in order."""
    suppressed = np.zeros(len(boxes), dtype=bool)
    keep = []
    area = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    for pos, i in enumerate(order):
        if suppressed[i]:
            continue
        keep.append(i)
        rest = order[pos + 1:]
        iw = np.minimum(boxes[i, 2], boxes[rest, 2]) - np.maximum(boxes[i, 0], boxes[rest, 0])
        ih = np.minimum(boxes[i, 3], boxes[rest, 3]) - np.maximum(boxes[i, 1], boxes[rest, 1])
        inter = np.where((iw > 0) & (ih > 0), iw * ih, 0.0)
        union = area[i] + area[rest] - inter
        iou = np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)
        suppressed[rest[iou > iou_thr]] = True
    return keep


def decode(raw: np.ndarray, ratio: float, width: int, height: int, class_ids, labels, min_score, nms_iou, max_det):
    gx, gy, st = grids()
    cx = (raw[:, 0] + gx) * st
    cy = (raw[:, 1] + gy) * st
    bw = np.exp(raw[:, 2]) * st
    bh = np.exp(raw[:, 3]) * st
    xyxy = np.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], axis=1).astype(np.float32)
    # candidates in anchor-then-class order
    scores = (raw[:, 4:5] * raw[:, [5 + c for c in class_ids]]).astype(np.float32)  # [anchors, k]
    anchor_idx, cls_idx = np.nonzero(scores > min_score)
    cand_scores = scores[anchor_idx, cls_idx]
    cand_boxes = xyxy[anchor_idx].astype(np.float64)
    order = np.lexsort((np.arange(len(cand_scores)), -cand_scores.astype(np.float64)))  # score desc, then order
    kept = []
    for k in range(len(class_ids)):
        kept += nms(cand_boxes, order[cls_idx[order] == k], nms_iou)
    kept = sorted(kept, key=lambda i: (-float(cand_scores[i]), i))[:max_det]
    out = []
    for i in kept:
        x0, y0, x1, y1 = (cand_boxes[i] / ratio).tolist()
        x1, y1 = max(x0, x1), max(y0, y1)
        cx0 = min(max(x0, 0.0), width)
        cy0 = min(max(y0, 0.0), height)
        cx1 = min(max(x1, cx0), width)
        cy1 = min(max(y1, cy0), height)
        out.append({"label": labels[int(cls_idx[i])], "score": float(cand_scores[i]), "box": [cx0, cy0, cx1, cy1]})
    return out


def pattern_image(width: int, height: int) -> np.ndarray:
    """A deterministic uint8 RGB test pattern that the Java test can rebuild: (x*7 + y*13 + c*101 + x*y) % 256."""
    y, x, c = np.meshgrid(np.arange(height), np.arange(width), np.arange(3), indexing="ij")
    return ((x * 7 + y * 13 + c * 101 + x * y) % 256).astype(np.uint8)


# (source w, h) -> (destination w, h): up, down, mixed, OpenCV's exact-2x INTER_AREA switch, 1x1 and thin.
RESIZE_CASES = [((53, 37), (100, 75)), ((53, 37), (20, 15)), ((53, 37), (80, 20)), ((106, 74), (53, 37)),
                ((53, 37), (1, 1)), ((1, 1), (7, 5)), ((200, 3), (416, 6))]


def write_resize_golden() -> None:
    cases = []
    for (w, h), (dw, dh) in RESIZE_CASES:
        out = resize_linear(pattern_image(w, h), dw, dh)
        cases.append({"src": [w, h], "dst": [dw, dh], "sha256": hashlib.sha256(out.tobytes()).hexdigest(),
                      "first_pixels": out.reshape(-1)[:12].tolist()})
    write_json(OUT / "resize.json", {"pattern": "(x*7 + y*13 + c*101 + x*y) % 256, RGB interleaved", "cases": cases})


def add_arguments(parser) -> None:
    parser.add_argument("--threshold", type=float, default=None,
                        help="production threshold (default: the committed calibration's)")


def main(args) -> int:
    import onnxruntime as ort
    from PIL import Image

    threshold = args.threshold
    if threshold is None:
        threshold = json.loads(CALIBRATION.read_text())["threshold"]
    names = [line.strip() for line in NAMES.read_text().splitlines()]
    class_ids = [names.index(c) for c in CLASSES]
    write_resize_golden()
    session = ort.InferenceSession(str(MODEL), providers=["CPUExecutionProvider"])
    for photo in GOLDEN_PHOTOS:
        rgb = np.asarray(Image.open(COCO128 / "images" / photo).convert("RGB"))
        tensor, ratio = letterbox(rgb)
        raw = session.run(None, {"images": tensor[None]})[0][0]
        h, w = rgb.shape[:2]
        eval_dets = decode(raw, ratio, w, h, class_ids, list(CLASSES), EVAL["min_score"], EVAL["nms_iou"],
                           EVAL["max_detections"])
        production = [d for d in eval_dets if d["score"] >= threshold]
        all_classes = decode(raw, ratio, w, h, list(range(len(names))), names, EVAL["min_score"], EVAL["nms_iou"],
                             EVAL["max_detections"])
        write_json(OUT / (photo.rsplit(".", 1)[0] + ".json"), {
            "photo": photo,
            "rgb_sha256": hashlib.sha256(np.ascontiguousarray(rgb).tobytes()).hexdigest(),
            "letterbox_sha256": hashlib.sha256(tensor.astype(np.uint8).tobytes()).hexdigest(),
            "width": w, "height": h, "ratio": ratio,
            "classes": list(CLASSES),
            "eval": dict(EVAL, detections=eval_dets),
            "production": {"threshold": threshold, "detections": production},
            "eval_all_classes": dict(EVAL, detections=all_classes),
            "reference": f"onnxruntime {ort.__version__}, numpy {np.__version__}, tools/export/phototriage_export/golden_yolox.py",
        })
        print(photo, f"ratio {ratio:.6f}", f"{len(eval_dets)} eval boxes ({len(all_classes)} of 80 classes),", f"{len(production)} at >= {threshold:.4f}:",
              ", ".join(f"{d['label']} {d['score']:.3f}" for d in production))
    return 0
