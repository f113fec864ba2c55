"""The plain-script reference for the lite chain's throughput: the same model work as
`phototriage run --model-set lite`, with nothing else (no thumbnails, cut-outs, journal or index).

Per photo: cv2 decode; MobileNetV2 (224x224 squash, NHWC RGB 0..255) and YOLOX-nano (letterbox 416, BGR, pad 114)
on every photo; DeepLabV3 (long side 513, top-left, NHWC RGB 0..255) on the photos that have a person/dog/cat box
above the threshold — or, with --segmented-from, exactly on the photos a Java run segmented (so both do the same
work). Prints one JSON line with the photo count, seconds and photos/s.
"""
import argparse
import json
import os
import sys
import time

import cv2
import numpy as np
import onnxruntime as ort

PHOTO_EXT = {".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff"}
SUBJECTS = {0, 15, 16}  # COCO-80 person, cat, dog


def session(path, threads):
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    return ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])


def yolox_grids(size=416):
    grids, strides = [], []
    for s in (8, 16, 32):
        n = size // s
        yv, xv = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        grids.append(np.stack((xv, yv), 2).reshape(-1, 2))
        strides.append(np.full((n * n, 1), s))
    return np.concatenate(grids).astype(np.float32), np.concatenate(strides).astype(np.float32)


def has_subject(out, grids, strides, threshold):
    out = out[0]
    scores = out[:, 4:5] * out[:, 5:]
    best = scores[:, sorted(SUBJECTS)].max()
    return bool(best > threshold)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--models", required=True)
    ap.add_argument("--threshold", type=float, default=0.31418006122112274)
    ap.add_argument("--segmented-from", help="a Java run's results.json: segment exactly the photos it segmented")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    a = ap.parse_args()

    photos = sorted(os.path.join(d, f) for d, _, fs in os.walk(a.input) for f in fs
                    if os.path.splitext(f)[1].lower() in PHOTO_EXT)
    segment_only = None
    if a.segmented_from:
        with open(a.segmented_from) as f:
            doc = json.load(f)
        segment_only = {os.path.join(a.input, p["path"]) for p in doc["photos"] if p.get("cutout")}

    mobilenet = session(os.path.join(a.models, "mobilenet-v2", "mobilenet_v2_1.0_224_quant.onnx"), a.threads)
    yolox = session(os.path.join(a.models, "yolox-nano", "yolox_nano.onnx"), a.threads)
    deeplab = session(os.path.join(a.models, "deeplabv3-pascal", "deeplabv3_mnv2_pascal_quant.onnx"), a.threads)
    grids, strides = yolox_grids()

    start = time.perf_counter()
    cpu_start = time.process_time()
    for path in photos:
        bgr = cv2.imread(path, cv2.IMREAD_COLOR)
        if bgr is None:
            continue
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        h, w = bgr.shape[:2]
        mobilenet.run(None, {"input": cv2.resize(rgb, (224, 224))[None].astype(np.float32)})

        r = min(416 / h, 416 / w)
        canvas = np.full((416, 416, 3), 114, np.uint8)
        canvas[:int(h * r), :int(w * r)] = cv2.resize(bgr, (int(w * r), int(h * r)))
        out = yolox.run(None, {"images": canvas.transpose(2, 0, 1)[None].astype(np.float32)})[0]

        segment = path in segment_only if segment_only is not None else has_subject(out, grids, strides, a.threshold)
        if segment:
            s = 513 / max(h, w)
            frame = np.zeros((513, 513, 3), np.uint8)
            frame[:round(h * s), :round(w * s)] = cv2.resize(rgb, (round(w * s), round(h * s)))
            deeplab.run(["labels"], {"input": frame[None].astype(np.float32)})
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({"photos": len(photos), "seconds": round(seconds, 3),
                      "photosPerSecond": round(len(photos) / seconds, 3),
                      "cpuSeconds": round(cpu_seconds, 3), "onnxruntime": ort.__version__,
                      "threads": a.threads}))


if __name__ == "__main__":
    sys.exit(main())
