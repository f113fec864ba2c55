"""Golden files for the COCO metrics in io.phototriage.core.eval, computed by pycocotools on coco128.

  tools/export/.venv/bin/python tools/export/export.py golden-eval

Writes triage-core/src/test/resources/golden/eval/:
  detections-<set>.json   seeded prediction sets made from the ground truth, in the COCO results format
  bbox-eval.json          for each evaluation case: the prediction set, the category/image restriction, pycocotools'
                          12 summary numbers, per-category AP / AP50 / AP75 / AR@100 and the IoU=.5 precision curve
  masks.json              for every annotation: pycocotools' mask as a compressed RLE string, its area, and the IoU
                          of the mask with the mask of the annotation's own box (frPyObjects of a bbox)
"""
from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import numpy as np
from pycocotools import mask as mask_utils
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

from .common import COCO128, REPO_ROOT, write_json

OUT = REPO_ROOT / "triage-core" / "src" / "test" / "resources" / "golden" / "eval"
SUBJECT_CATEGORY_IDS = [1, 17, 18]  # person, cat, dog


def add_arguments(parser) -> None:
    parser.add_argument("--annotations", type=Path, default=COCO128 / "annotations.json",
                        help="COCO annotations (default: ../shared/data/coco128/annotations.json)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: %(default)s)")


def main(args) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(str(args.annotations))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    sets = prediction_sets(gt)
    for name, dets in sets.items():
        (out / f"detections-{name}.json").write_text(json.dumps(dets) + "\n")

    # (case, prediction set, category ids or None for all, image ids or None for all)
    cases = [
        ("perfect-all", "perfect", None, None),
        ("jittered-all", "jittered", None, None),
        ("jittered-subjects", "jittered", SUBJECT_CATEGORY_IDS, None),
        ("jittered-even-images", "jittered", None, sorted(gt.getImgIds())[::2]),
        ("jittered-subjects-odd-images", "jittered", SUBJECT_CATEGORY_IDS, sorted(gt.getImgIds())[1::2]),
        ("tied-scores-all", "tied", None, None),
        ("crowded-all", "crowded", None, None),
        ("subjects-only-subjects", "subjects", SUBJECT_CATEGORY_IDS, None),
        ("subjects-only-all", "subjects", None, None),
    ]
    with_curves = {"jittered-all", "tied-scores-all", "jittered-subjects"}  # the curves are big: a few cases only
    results = [evaluate(gt, out / f"detections-{pred}.json", name, pred, cat_ids, img_ids, name in with_curves)
               for name, pred, cat_ids, img_ids in cases]
    write_json(out / "bbox-eval.json", {
        "source": "pycocotools " + pycocotools_version() + " COCOeval(iouType='bbox') on coco128 annotations.json",
        "cases": results,
    })
    write_json(out / "masks.json", masks(gt))
    total = sum(p.stat().st_size for p in out.iterdir())
    print(f"wrote {len(list(out.iterdir()))} files, {total / 1e6:.2f} MB, to {out}")
    return 0


def pycocotools_version() -> str:
    from importlib.metadata import version

    return version("pycocotools")


# ---------------------------------------------------------------------------------------------- prediction sets

def prediction_sets(gt: COCO) -> dict[str, list[dict]]:
    anns = [gt.anns[i] for i in sorted(gt.anns)]
    instances = [a for a in anns if not a["iscrowd"]]
    crowds = [a for a in anns if a["iscrowd"]]
    cat_ids = sorted(gt.getCatIds())
    img_ids = sorted(gt.getImgIds())
    empty_img_ids = [i for i in img_ids if not gt.imgToAnns[i]]
    assert empty_img_ids, "coco128 has images without annotations; the sets put false positives on them"

    perfect = [det(a["image_id"], a["category_id"], a["bbox"], 1.0) for a in instances]

    jittered = noisy(gt, instances, crowds, cat_ids, img_ids, empty_img_ids, np.random.default_rng(1), 4)
    tied = noisy(gt, instances, crowds, cat_ids, img_ids, empty_img_ids, np.random.default_rng(2), 0)

    # More than maxDets=100 boxes on a few images, so that the per-image truncation matters.
    rng = np.random.default_rng(3)
    crowded = noisy(gt, instances, crowds, cat_ids, img_ids, empty_img_ids, rng, 3)
    people_imgs = sorted({a["image_id"] for a in instances if a["category_id"] == 1})[:4]
    for img_id in people_imgs:
        people = [a for a in instances if a["image_id"] == img_id and a["category_id"] == 1]
        for _ in range(130):
            a = people[rng.integers(len(people))]
            crowded.append(det(img_id, 1, jitter(gt, a, rng, 0.3), rng.uniform(0.0, 1.0), 3))

    subjects = [d for d in noisy(gt, instances, crowds, cat_ids, img_ids, empty_img_ids, np.random.default_rng(4), 4)
                if d["category_id"] in SUBJECT_CATEGORY_IDS]
    return {"perfect": perfect, "jittered": jittered, "tied": tied, "crowded": crowded, "subjects": subjects}


def noisy(gt, instances, crowds, cat_ids, img_ids, empty_img_ids, rng, score_digits) -> list[dict]:
    """Jittered boxes, some missing, duplicates, wrong classes, false positives, boxes on crowds and on empty images.

    score_digits = 0 gives scores from {0.25, 0.5, 0.75, 1.0}: many ties, so that the stable sort order matters.
    """
    def score():
        if score_digits == 0:
            return float(rng.integers(1, 5)) / 4
        return round(float(rng.uniform(0.01, 1.0)), score_digits)

    dets = []
    for a in instances:
        if rng.uniform() < 0.15:
            continue  # missed
        dets.append(det(a["image_id"], a["category_id"], jitter(gt, a, rng, 0.08), score()))
        if rng.uniform() < 0.1:  # duplicate
            dets.append(det(a["image_id"], a["category_id"], jitter(gt, a, rng, 0.15), score()))
        if rng.uniform() < 0.08:  # right place, wrong class
            dets.append(det(a["image_id"], int(rng.choice(cat_ids)), jitter(gt, a, rng, 0.08), score()))
    for a in crowds:  # boxes inside crowd regions must be ignored, not counted as false positives
        x, y, w, h = a["bbox"]
        for _ in range(3):
            bw, bh = w * rng.uniform(0.1, 0.5), h * rng.uniform(0.3, 1.0)
            bx, by = x + rng.uniform(0, w - bw), y + rng.uniform(0, h - bh)
            dets.append(det(a["image_id"], a["category_id"], [bx, by, bw, bh], score()))
    for _ in range(150):  # false positives anywhere, empty images included
        img_id = int(rng.choice(empty_img_ids)) if rng.uniform() < 0.15 else int(rng.choice(img_ids))
        img = gt.imgs[img_id]
        cat = 1 if rng.uniform() < 0.3 else int(rng.choice(cat_ids))
        bw, bh = img["width"] * rng.uniform(0.02, 0.6), img["height"] * rng.uniform(0.02, 0.6)
        bx, by = rng.uniform(0, img["width"] - bw), rng.uniform(0, img["height"] - bh)
        dets.append(det(img_id, cat, [bx, by, bw, bh], score()))
    order = rng.permutation(len(dets))  # results files are not sorted by image
    return [dets[i] for i in order]


def jitter(gt, ann, rng, sigma) -> list[float]:
    img = gt.imgs[ann["image_id"]]
    x, y, w, h = ann["bbox"]
    cx = x + w / 2 + rng.normal(0, sigma) * w
    cy = y + h / 2 + rng.normal(0, sigma) * h
    w *= float(np.exp(rng.normal(0, sigma * 1.5)))
    h *= float(np.exp(rng.normal(0, sigma * 1.5)))
    x0, y0 = max(0.0, cx - w / 2), max(0.0, cy - h / 2)
    x1, y1 = min(float(img["width"]), cx + w / 2), min(float(img["height"]), cy + h / 2)
    return [x0, y0, max(x1 - x0, 0.5), max(y1 - y0, 0.5)]


def det(image_id, category_id, bbox, score, digits=2) -> dict:
    return {"image_id": int(image_id), "category_id": int(category_id),
            "bbox": [round(float(v), digits) for v in bbox], "score": float(score)}


# ---------------------------------------------------------------------------------------------- evaluation

def evaluate(gt: COCO, det_path: Path, name: str, pred: str, cat_ids, img_ids, curves: bool) -> dict:
    with contextlib.redirect_stdout(io.StringIO()):
        dt = gt.loadRes(str(det_path))
        ev = COCOeval(gt, dt, iouType="bbox")
        if cat_ids is not None:
            ev.params.catIds = list(cat_ids)
        if img_ids is not None:
            ev.params.imgIds = list(img_ids)
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
    precision = ev.eval["precision"]  # [T, R, K, A, M]
    recall = ev.eval["recall"]  # [T, K, A, M]
    scores = ev.eval["scores"]
    per_category = []
    for k, cat_id in enumerate(ev.params.catIds):
        row = {
            "category_id": int(cat_id),
            "ap": mean_valid(precision[:, :, k, 0, -1]),
            "ap50": mean_valid(precision[0, :, k, 0, -1]),
            "ap75": mean_valid(precision[5, :, k, 0, -1]),
            "ar100": mean_valid(recall[:, k, 0, -1]),
        }
        if curves and row["ap50"] > -1:
            row["precision50"] = precision[0, :, k, 0, -1]
            row["scores50"] = scores[0, :, k, 0, -1]
        per_category.append(row)
    return {
        "name": name,
        "detections": f"detections-{pred}.json",
        "category_ids": None if cat_ids is None else [int(c) for c in cat_ids],
        "image_ids": None if img_ids is None else [int(i) for i in img_ids],
        "stats": [float(s) for s in ev.stats],
        "per_category": per_category,
    }


def mean_valid(a) -> float:
    a = np.asarray(a)
    valid = a[a > -1]
    return -1.0 if valid.size == 0 else float(np.mean(valid))


# ---------------------------------------------------------------------------------------------- masks

def masks(gt: COCO) -> dict:
    rows = []
    for ann_id in sorted(gt.anns):
        ann = gt.anns[ann_id]
        img = gt.imgs[ann["image_id"]]
        h, w = img["height"], img["width"]
        rle = gt.annToRLE(ann)
        box_rle = mask_utils.frPyObjects(np.array([ann["bbox"]], dtype=np.float64), h, w)[0]
        rows.append({
            "id": ann_id,
            "image_id": ann["image_id"],
            "height": h,
            "width": w,
            "counts": rle["counts"].decode("ascii"),
            "area": int(mask_utils.area(rle)),
            "box_area": int(mask_utils.area(box_rle)),
            "box_iou": float(mask_utils.iou([rle], [box_rle], [0])[0][0]),
        })
    return {"source": "pycocotools " + pycocotools_version() + " COCO.annToRLE and mask.frPyObjects(bbox)",
            "masks": rows}
