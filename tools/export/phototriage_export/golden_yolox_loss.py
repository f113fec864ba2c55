"""golden-yolox-loss: the reference YOLOX loss and SimOTA assignment on fixed batches, for the Java parity test.

  tools/export/.venv/bin/python tools/export/export.py golden-yolox-loss

Runs the pretrained YOLOX-Nano (person, dog, cat head; built as `yolox-trainable` builds it, from the lite ONNX)
on three letterboxed coco128 photos: 000000000074 (people and a dog), 000000000443 (a cat) and 000000000036 given
no labels (an image without boxes). Its raw head outputs [3, 3549, 8] and the photos' COCO boxes (in letterboxed
pixels, class = index in person, dog, cat) go into the reference YOLOXHead.get_losses of
../shared/reference/YOLOX (imported at generation time, never copied), once without and once with the L1 term.

Writes triage-models/src/test/resources/golden/yolox-loss/:
  raw.f32 (+ .json shape)     the batch's raw outputs (box regressions, objectness and class logits)
  loss.json                   labels; per image the SimOTA assignment (foreground anchors, matched box, IoU,
                              dynamic k per box); the loss terms and the foreground/box ratio with and without L1
  grad.f32, grad_l1.f32       d total loss / d raw outputs (without and with L1)
"""
from __future__ import annotations

import json

import numpy as np

from .common import COCO128, REPO_ROOT, write_json, write_tensor
from .golden_yolox import grids  # the same 416 input, strides 8/16/32

OUT = REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "yolox-loss"
PHOTOS = [("000000000074.jpg", True), ("000000000443.jpg", True), ("000000000036.jpg", False)]
CLASSES = ["person", "dog", "cat"]
COCO_IDS = {1: 0, 18: 1, 17: 2}


def add_arguments(parser) -> None:
    parser.add_argument("--max-boxes", type=int, default=8, help="at most this many boxes per photo (largest first)")


def labels_of(annotations, file_name: str, ratio: float, max_boxes: int):
    image_id = next(i["id"] for i in annotations["images"] if i["file_name"] == file_name)
    boxes = [a for a in annotations["annotations"]
             if a["image_id"] == image_id and a["category_id"] in COCO_IDS and not a.get("iscrowd", 0)]
    boxes.sort(key=lambda a: -a["area"])
    out = []
    for a in boxes[:max_boxes]:
        x, y, w, h = (v * ratio for v in a["bbox"])
        out.append([COCO_IDS[a["category_id"]], x + w / 2, y + h / 2, w, h])
    return out


def main(args) -> int:
    import torch
    from PIL import Image

    from .golden_yolox import letterbox
    from .yolox_trainable import DEFAULT_ONNX, NAMES, build_reference, import_reference, keep_classes, \
        load_onnx_weights, raw_head_module

    names = [line.strip() for line in NAMES.read_text().splitlines() if line.strip()]
    model = build_reference()
    load_onnx_weights(model, DEFAULT_ONNX)
    keep_classes(model, [names.index(c) for c in CLASSES])
    net = raw_head_module(model)
    annotations = json.loads((COCO128 / "annotations.json").read_text())
    tensors, labels = [], []
    for file_name, labelled in PHOTOS:
        tensor, ratio = letterbox(np.asarray(Image.open(COCO128 / "images" / file_name).convert("RGB")))
        tensors.append(tensor)
        labels.append(labels_of(annotations, file_name, ratio, args.max_boxes) if labelled else [])
    with torch.no_grad():
        raw = net(torch.from_numpy(np.stack(tensors))).numpy()

    m = import_reference()
    head = m.YOLOXHead(len(CLASSES), 0.25, in_channels=[256, 512, 1024], act="silu", depthwise=True)
    gx, gy, gs = (torch.from_numpy(v)[None] for v in grids())
    max_gt = max(1, max(len(lab) for lab in labels))
    label_tensor = torch.zeros(len(labels), max_gt, 5)
    for b, lab in enumerate(labels):
        if lab:
            label_tensor[b, :len(lab)] = torch.tensor(lab, dtype=torch.float32)

    # The assignment: get_assignments per image, recorded by wrapping it.
    assignments = []
    original = head.get_assignments

    def recording(batch_idx, num_gt, gt_boxes, gt_classes, preds, strides, xs, ys, cls_preds, obj_preds, mode="gpu"):
        result = original(batch_idx, num_gt, gt_boxes, gt_classes, preds, strides, xs, ys, cls_preds, obj_preds, mode)
        gt_matched_classes, fg_mask, pred_ious, matched_gt, num_fg = result
        assignments.append({"image": batch_idx, "num_fg": int(num_fg),
                            "foreground": torch.nonzero(fg_mask).flatten().tolist(),
                            "matched_box": matched_gt.tolist(), "iou": pred_ious.tolist()})
        return result

    head.get_assignments = recording
    results = {}
    for use_l1 in (False, True):
        assignments.clear()
        head.use_l1 = use_l1
        leaf = torch.from_numpy(raw.copy()).requires_grad_(True)
        reg = leaf[..., :4]
        decoded = torch.cat([(reg[..., :2] + torch.stack([gx, gy], -1)) * gs[..., None],
                             torch.exp(reg[..., 2:4]) * gs[..., None], leaf[..., 4:]], -1)
        loss, iou, obj, cls, l1, ratio = head.get_losses(
            None, [gx], [gy], [gs], label_tensor, decoded, [reg] if use_l1 else [], dtype=torch.float32)
        loss.backward()
        key = "with_l1" if use_l1 else "without_l1"
        results[key] = {"total": float(loss), "iou_weighted": float(iou), "obj": float(obj), "cls": float(cls),
                        "l1": float(l1), "fg_per_box": float(ratio), "assignments": [dict(a) for a in assignments]}
        write_tensor(OUT / ("grad_l1.f32" if use_l1 else "grad.f32"), leaf.grad.numpy())
    write_tensor(OUT / "raw.f32", raw)
    write_json(OUT / "loss.json", {
        "photos": [p for p, _ in PHOTOS], "classes": CLASSES,
        "labels": labels, "labels_format": "per image: [class index, cx, cy, w, h] in letterboxed 416 pixels",
        "reg_weight": 5.0, **results,
        "reference": f"YOLOXHead.get_losses of ../shared/reference/YOLOX, torch {torch.__version__}, float32 CPU"})
    for key, r in results.items():
        print(key, {k: round(v, 6) for k, v in r.items() if isinstance(v, float)},
              [a["num_fg"] for a in r["assignments"]])
    return 0
