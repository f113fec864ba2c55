"""yolox-trainable: a trainable TorchScript YOLOX-Nano from the real lite ONNX, for io.phototriage.models.yolox.train.

  tools/export/.venv/bin/python tools/export/export.py yolox-trainable \\
      --onnx ../shared/models/yolox-nano/yolox_nano.onnx --classes person,dog,cat --out DIR [--check N]
  tools/export/.venv/bin/python tools/export/export.py yolox-trainable --tiny     # random-weight test fixture

Builds the reference YOLOX-Nano module (YOLOPAFPN(0.33, 0.25, depthwise) + YOLOXHead(80, 0.25, depthwise), imported
from ../shared/reference/YOLOX, Apache-2.0; nothing of it is copied into the project) and loads the BN-fused ONNX
into it: the 113 Conv layers map one to one in execution order; each BatchNorm gets beta=the ONNX conv bias, mean 0,
var 1-eps (eps 1e-3) and gamma=the norm of each fused filter, the filter being divided by it, so BN(conv(x)) equals
the fused conv exactly (with gamma=1 and the fused filters, as issue #16 describes, the function is the same but
gradient steps diverge; see load_onnx_weights). The class head keeps only the
rows of the chosen classes (person, dog, cat by default), so before training the model equals the 80-class one on
those classes.

The TorchScript module is traced in eval mode (BatchNorm keeps its running statistics while DJL fine-tunes gamma,
beta and the conv weights: the usual choice on small batches) and maps images [B, 3, 416, 416] (BGR 0..255,
YOLOX's letterbox) to the raw head outputs [B, 3549, 5 + C]: per anchor (strides 8, 16, 32, row-major) the four
box regressions before the grid decode, the objectness logit and the class logits, i.e. what YOLOX's training-mode
forward feeds its loss. Inference is sigmoid of columns 4.. and the usual decode (the Java detector does that).

--check N runs the first N coco128 photos (all with 128) through onnxruntime and the exported module and fails
unless obj * cls of the chosen classes agree within 1e-5 and the box regressions within 1e-3 grid cells (measured:
4.2e-6 and 2e-4 on 16 photos; the BN-unfused convs add in another order).

--tiny writes a narrow random-weight model of the same architecture (width 0.0625, seed 0, 3 classes) to
triage-models/src/test/resources/fixtures/yolox-tiny/ (about 0.3 MB) for the training tests.
"""
from __future__ import annotations

import argparse
import sys
import types
from pathlib import Path

import numpy as np

from .common import COCO128, FIXTURES, SHARED, write_manifest

REFERENCE = SHARED / "reference" / "YOLOX"
DEFAULT_ONNX = SHARED / "models" / "yolox-nano" / "yolox_nano.onnx"
NAMES = SHARED / "models" / "yolox-nano" / "coco80.names"
SIZE = 416
BN_EPS = 1e-3
# Scores are probabilities; box regressions are in grid cells (x stride 8..32 = pixels of the 416 input).
SCORE_TOLERANCE = 1e-5
REG_TOLERANCE = 1e-3
MODEL_FILE = "yolox_trainable.pt"
# coco80.names uses the darknet spellings; COCO annotation files (coco128, CVAT/Label Studio COCO exports) these.
COCO_ALIASES = {"motorcycle": "motorbike", "airplane": "aeroplane", "couch": "sofa", "potted plant": "pottedplant",
                "dining table": "diningtable", "tv": "tvmonitor"}
LABELS_FILE = "classes.names"


def import_reference():
    """Imports yolox.models from the reference source, stubbing what yolox.utils would drag in (loguru, cv2, ...)."""
    import torch

    if "yolox.models" in sys.modules:
        return sys.modules["yolox.models"]
    if not (REFERENCE / "yolox").is_dir():
        raise SystemExit(f"reference YOLOX source not found at {REFERENCE} (set PHOTOTRIAGE_SHARED)")
    sys.path.insert(0, str(REFERENCE))
    if "loguru" not in sys.modules:
        loguru = types.ModuleType("loguru")
        loguru.logger = types.SimpleNamespace(info=print, error=print, warning=print)
        sys.modules["loguru"] = loguru
    # yolox.utils imports cv2, torchvision, thop...; the model needs only bboxes_iou and meshgrid from it.
    utils = types.ModuleType("yolox.utils")
    boxes_src = (REFERENCE / "yolox" / "utils" / "boxes.py").read_text()
    start = boxes_src.index("def bboxes_iou")
    end = boxes_src.index("def matrix_iou")
    namespace = {"torch": torch, "np": np}
    exec(compile(boxes_src[start:end], str(REFERENCE / "yolox/utils/boxes.py"), "exec"), namespace)
    utils.bboxes_iou = namespace["bboxes_iou"]
    utils.meshgrid = lambda *t: torch.meshgrid(*t, indexing="ij")
    utils.cxcywh2xyxy = None
    utils.visualize_assign = None
    import yolox  # noqa: F401  (the package itself is empty)

    sys.modules["yolox.utils"] = utils
    import yolox.models

    return yolox.models


def build_reference(num_classes: int = 80, depth: float = 0.33, width: float = 0.25):
    """YOLOX-Nano as exps/default/yolox_nano.py builds it (BatchNorm eps 1e-3, momentum 0.03)."""
    import torch.nn as nn

    m = import_reference()
    in_channels = [256, 512, 1024]
    backbone = m.YOLOPAFPN(depth, width, in_channels=in_channels, act="silu", depthwise=True)
    head = m.YOLOXHead(num_classes, width, in_channels=in_channels, act="silu", depthwise=True)
    model = m.YOLOX(backbone, head)
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.eps = BN_EPS
            module.momentum = 0.03
    return model


def conv_order(model, size: int = 64):
    """The Conv2d modules in the order a forward pass runs them (and the BatchNorm that follows each, or None)."""
    import torch
    import torch.nn as nn

    order = []
    hooks = [c.register_forward_hook(lambda mod, i, o: order.append(mod))
             for c in model.modules() if isinstance(c, nn.Conv2d)]
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    for h in hooks:
        h.remove()
    bn_of = {}
    for module in model.modules():  # BaseConv: conv then bn
        if hasattr(module, "conv") and hasattr(module, "bn"):
            bn_of[module.conv] = module.bn
    return [(c, bn_of.get(c)) for c in order]


def onnx_convs(path: Path):
    """(weight, bias) of each ONNX Conv node in graph order."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    out = []
    for node in graph.node:
        if node.op_type == "Conv":
            w = init[node.input[1]]
            b = init[node.input[2]] if len(node.input) > 2 else np.zeros(w.shape[0], np.float32)
            out.append((w, b))
    return out


def load_onnx_weights(model, onnx_path: Path) -> int:
    import torch

    convs = conv_order(model)
    weights = onnx_convs(onnx_path)
    if len(convs) != len(weights):
        raise SystemExit(f"{onnx_path}: {len(weights)} Conv nodes but the reference model runs {len(convs)} convs")
    with torch.no_grad():
        for k, ((conv, bn), (w, b)) in enumerate(zip(convs, weights)):
            if tuple(conv.weight.shape) != w.shape:
                raise SystemExit(f"conv {k}: reference shape {tuple(conv.weight.shape)} vs ONNX {w.shape}")
            if bn is not None:
                # The BN scale that fusing folded into the weights goes back into gamma: each output filter gets unit
                # norm and gamma = its norm. Same function (BN(x) = gamma * x + beta with mean 0, var 1 - eps), but the
                # weights are as well conditioned for gradient steps as the BN-trained original; with gamma = 1 the
                # filters' scales span orders of magnitude and one plain SGD step of 1e-5 already diverges.
                norm = np.sqrt((w.astype(np.float64) ** 2).reshape(w.shape[0], -1).sum(1)).astype(np.float32)
                norm = np.where(norm > 0, norm, 1).astype(np.float32)
                conv.weight.copy_(torch.from_numpy((w / norm[:, None, None, None]).astype(np.float32)))
                bn.weight.copy_(torch.from_numpy(norm))
                bn.bias.copy_(torch.from_numpy(b.copy()))
                bn.running_mean.zero_()
                bn.running_var.fill_(1.0 - bn.eps)
                continue
            conv.weight.copy_(torch.from_numpy(w.copy()))
            if conv.bias is not None:
                conv.bias.copy_(torch.from_numpy(b.copy()))
            else:
                raise SystemExit(f"conv {k} has neither BatchNorm nor bias but the ONNX conv has a bias")
    return len(convs)


def keep_classes(model, class_ids):
    """Replaces each level's 80-row cls_preds with the rows of class_ids (same order)."""
    import torch
    import torch.nn as nn

    head = model.head
    idx = torch.tensor(class_ids, dtype=torch.long)
    for k, conv in enumerate(head.cls_preds):
        new = nn.Conv2d(conv.in_channels, len(class_ids), kernel_size=1, stride=1, padding=0)
        with torch.no_grad():
            new.weight.copy_(conv.weight[idx])
            new.bias.copy_(conv.bias[idx])
        head.cls_preds[k] = new
    head.num_classes = len(class_ids)


def raw_head_module(model):
    """images -> [B, anchors, 5 + C] raw (reg before decode, obj logit, cls logits): the training-mode head outputs."""
    import torch

    class RawYolox(torch.nn.Module):
        def __init__(self, yolox):
            super().__init__()
            self.backbone = yolox.backbone
            self.head = yolox.head

        def forward(self, images):
            fpn = self.backbone(images)
            outs = []
            h = self.head
            for k, x in enumerate(fpn):
                x = h.stems[k](x)
                cls = h.cls_preds[k](h.cls_convs[k](x))
                reg_feat = h.reg_convs[k](x)
                out = torch.cat([h.reg_preds[k](reg_feat), h.obj_preds[k](reg_feat), cls], 1)
                outs.append(out.flatten(start_dim=2))
            return torch.cat(outs, 2).permute(0, 2, 1).contiguous()

    return RawYolox(model).eval()


def contract(classes, trained_from: str) -> dict:
    return {
        "role": "yolox-trainable",
        "input": "images [B,3,416,416] float32, BGR 0..255, YOLOX letterbox (top-left, pad 114)",
        "input_size": SIZE,
        "strides": [8, 16, 32],
        "output": "raw [B,3549,5+C]: box regression before grid decode, objectness logit, class logits",
        "classes": list(classes),
        "batch_norm": f"running statistics (traced in eval mode), eps {BN_EPS}",
        "weights": trained_from,
    }


def export(module, example, out_dir: Path, classes, name: str, source: str, trained_from: str) -> Path:
    import torch

    out_dir.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        traced = torch.jit.trace(module, example, check_trace=True)
        diff = (traced(example) - module(example)).abs().max().item()
    if diff > 1e-5:
        raise SystemExit(f"traced module differs from eager by {diff}")
    traced.save(str(out_dir / MODEL_FILE))
    (out_dir / LABELS_FILE).write_text("".join(c + "\n" for c in classes))
    write_manifest(out_dir, name, "PyTorch", {"model": MODEL_FILE, "labels": LABELS_FILE},
                   contract(classes, trained_from), source)
    return out_dir


def check_against_onnx(out_dir: Path, onnx_path: Path, class_ids, photos: int) -> float:
    """Max |difference| of reg and obj*cls between onnxruntime (80 classes) and the export (chosen classes)."""
    import onnxruntime as ort
    import torch
    from PIL import Image

    from .golden_yolox import letterbox

    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    traced = torch.jit.load(str(out_dir / MODEL_FILE)).eval()
    files = sorted((COCO128 / "images").iterdir())[:photos]
    worst_reg, worst_score = 0.0, 0.0
    for f in files:
        tensor, _ = letterbox(np.asarray(Image.open(f).convert("RGB")))
        ref = session.run(None, {"images": tensor[None]})[0][0]
        with torch.no_grad():
            raw = traced(torch.from_numpy(tensor[None])).numpy()[0]
        prob = 1 / (1 + np.exp(-raw[:, 4:].astype(np.float64)))
        ref_scores = ref[:, 4:5] * ref[:, [5 + c for c in class_ids]]
        scores = prob[:, :1] * prob[:, 1:]
        worst_reg = max(worst_reg, float(np.abs(ref[:, :4] - raw[:, :4]).max()))
        worst_score = max(worst_score, float(np.abs(ref_scores - scores).max()))
    print(f"checked {len(files)} coco128 photos against onnxruntime: max |diff| of scores (obj * cls) "
          f"{worst_score:.3g} (tolerance {SCORE_TOLERANCE}), of box regressions {worst_reg:.3g} grid cells "
          f"(tolerance {REG_TOLERANCE}: float accumulation order of fused vs unfused convs)")
    if worst_score > SCORE_TOLERANCE or worst_reg > REG_TOLERANCE:
        raise SystemExit("export differs from the ONNX model beyond the tolerances")
    return worst_score


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--onnx", type=Path, default=DEFAULT_ONNX, help="the BN-fused YOLOX-Nano ONNX")
    p.add_argument("--classes", default="person,dog,cat", help="comma-separated COCO-80 names for the head")
    p.add_argument("--out", type=Path, help="model folder to write (manifest.json, yolox_trainable.pt, classes.names)")
    p.add_argument("--check", type=int, default=16, help="coco128 photos to compare with onnxruntime (0: none)")
    p.add_argument("--tiny", action="store_true", help="random-weight narrow fixture for the tests instead")


def main(args) -> int:
    import torch

    torch.manual_seed(0)
    if args.tiny:
        model = build_reference(num_classes=3, depth=0.33, width=0.0625)
        out = FIXTURES / "yolox-tiny"
        export(raw_head_module(model), torch.rand(1, 3, SIZE, SIZE) * 255, out, ["person", "dog", "cat"],
               "yolox-tiny", "tools/export yolox-trainable --tiny: YOLOX architecture, width 0.0625, random weights "
               "(seed 0)", "random (seed 0)")
        print(f"wrote {out}")
        return 0
    if args.out is None:
        raise SystemExit("--out DIR is required (or --tiny)")
    names = [line.strip() for line in NAMES.read_text().splitlines() if line.strip()]
    classes = [c.strip() for c in args.classes.split(",") if c.strip()]
    unknown = [c for c in classes if COCO_ALIASES.get(c, c) not in names]
    if unknown or not classes:
        raise SystemExit(f"classes {unknown or classes} are not COCO-80 names of {NAMES}")
    class_ids = [names.index(COCO_ALIASES.get(c, c)) for c in classes]
    model = build_reference()
    n = load_onnx_weights(model, args.onnx)
    keep_classes(model, class_ids)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"loaded {n} convs from {args.onnx}; {trainable} trainable parameters; head classes {classes} = COCO ids "
          f"{class_ids}")
    example = torch.full((1, 3, SIZE, SIZE), 114.0)
    export(raw_head_module(model), example, args.out, classes, "yolox-nano-trainable",
           f"tools/export yolox-trainable from {args.onnx.name} (YOLOX-Nano, Megvii, Apache-2.0) with the reference "
           f"module of {REFERENCE}; class rows {class_ids}", f"pretrained YOLOX-Nano COCO-80 rows {class_ids}")
    if args.check > 0:
        check_against_onnx(args.out, args.onnx, class_ids, args.check)
    print(f"wrote {args.out}")
    return 0
