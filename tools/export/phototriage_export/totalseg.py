"""TotalSegmentator's network (nnU-Net v2 3d_fullres PlainConvUNet) as TorchScript, and the sliding-window golden files.

  tools/export/.venv/bin/python tools/export/export.py totalseg --tiny           # fixture + golden (committed)
  tools/export/.venv/bin/python tools/export/export.py totalseg --full-random    # models-full/totalseg-random (git-ignored)
  tools/export/.venv/bin/python tools/export/export.py totalseg --real CHECKPOINT_DIR --out DIR   # needs the weights
  tools/export/.venv/bin/python tools/export/export.py totalseg --tiny --parts 3  # multi-part fixture + merge golden
  tools/export/.venv/bin/python tools/export/export.py totalseg --real PARTS_DIR --out DIR   # a folder of part results

The module is written from nnU-Net v2's published architecture description (dynamic_network_architectures'
PlainConvUNet as nnU-Net's 3d_fullres configuration instantiates it): n stages, each two [Conv3d 3x3x3 (bias) ->
InstanceNorm3d (eps 1e-5, affine) -> LeakyReLU(0.01)] blocks, the first conv of stages 1.. strided (the
downsampling); the decoder upsamples with ConvTranspose3d (kernel = stride), concatenates the skip, runs two such
blocks, and a 1x1x1 conv gives the class logits (deep supervision off, as at inference). Input and output are
(N, 1, Z, Y, X) / (N, classes, Z, Y, X): the volume in RAS orientation with the array axes (z, y, x), as nnU-Net's
NiBabel reader hands it to the network.

The sliding-window reference below (golden) is written from nnU-Net v2's description of its predictor
(nnunetv2/inference/sliding_window_prediction.py and predict_from_raw_data.py): pad to at least the patch size
(constant 0, split low/high), steps from compute_steps_for_sliding_window with tile_step_size 0.5, a Gaussian
importance map (scipy gaussian_filter of a centred delta, sigma = patch/8, normalised to max 1, zeros replaced by
the smallest non-zero value), logits accumulated as sum(w * logits) / sum(w), argmax; TotalSegmentator runs it
with use_gaussian=True, tile_step_size 0.5 and no mirroring (totalsegmentator/nnunet.py, nnUNetv2_predict).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .common import FIXTURES, REPO_ROOT, seed_everything, write_manifest

GOLDEN = REPO_ROOT / "triage-models" / "src" / "test" / "resources" / "golden" / "totalseg"
CLASSES = 118  # background + the 117 classes of TotalSegmentator v2's "total" task

# nnU-Net v2 3d_fullres as the issue describes TotalSegmentator's: 6 stages, 32..320 features. The exact patch size,
# strides and CT normalisation of TotalSegmentator's plans.json were not found in any source reachable here (the
# plans ship inside the weight zips); they are manifest fields, set below to nnU-Net's usual values for such a plan.
# The 3 mm model's patch is 112 x 112 x 128 (the issue; also a public benchmark script that loads
# Dataset297_TotalSegmentator_total_3mm_1559subj uses (1, 112, 112, 128)); 112 = 16 * 7 and 128 = 32 * 4, so the
# last stage downsamples the third axis only.
FULL = {
    "features": [32, 64, 128, 256, 320, 320],
    "strides": [[1, 1, 1], [2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2], [1, 1, 2]],
    "patch_size": [112, 112, 128],
}
# same topology (6 stages, the same strides), fewer features and a small patch: a < 5 MB fixture
TINY = {
    "features": [4, 8, 8, 16, 16, 16],
    "strides": FULL["strides"],
    "patch_size": [32, 32, 64],  # the smallest patch whose bottleneck is 2x2x2 (InstanceNorm needs > 1 voxel)
}


def add_arguments(parser) -> None:
    g = parser.add_mutually_exclusive_group(required=True)
    g.add_argument("--tiny", action="store_true", help="tiny random fixture + sliding-window golden files")
    g.add_argument("--full-random", action="store_true", help="full-size random weights (latency only)")
    g.add_argument("--real", type=Path, metavar="CHECKPOINT_DIR",
                   help="a TotalSegmentator nnU-Net result folder (plans.json, fold_0/checkpoint_final.pth)")
    parser.add_argument("--out", type=Path, help="model folder (default: fixtures/totalseg-tiny or models-full/...)")
    parser.add_argument("--spacing", type=float, default=3.0, help="model spacing in mm (3.0 --fast, 1.5 full)")
    parser.add_argument("--parts", type=int, default=0, metavar="N",
                        help="with --tiny: a multi-part fixture of N (2-3) part networks (fixtures/totalseg-tiny-parts) "
                             "and its merge golden; --real detects a parts folder by itself")


def build(features, strides, classes=CLASSES):
    import torch
    from torch import nn

    class ConvBlock(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.conv = nn.Conv3d(cin, cout, 3, stride=tuple(stride), padding=1, bias=True)
            self.norm = nn.InstanceNorm3d(cout, eps=1e-5, affine=True)
            self.act = nn.LeakyReLU(0.01, inplace=True)

        def forward(self, x):
            return self.act(self.norm(self.conv(x)))

    class Stage(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.convs = nn.Sequential(ConvBlock(cin, cout, stride), ConvBlock(cout, cout, [1, 1, 1]))

        def forward(self, x):
            return self.convs(x)

    class PlainConvUNet(nn.Module):
        def __init__(self):
            super().__init__()
            enc = []
            cin = 1
            for f, s in zip(features, strides):
                enc.append(Stage(cin, f, s))
                cin = f
            self.encoder = nn.ModuleList(enc)
            ups, dec = [], []
            for s in range(1, len(features)):
                below, skip = features[-s], features[-(s + 1)]
                stride = tuple(strides[-s])
                ups.append(nn.ConvTranspose3d(below, skip, kernel_size=stride, stride=stride, bias=True))
                dec.append(Stage(2 * skip, skip, [1, 1, 1]))
            self.transpconvs = nn.ModuleList(ups)
            self.decoder = nn.ModuleList(dec)
            self.seg = nn.Conv3d(features[0], classes, 1, bias=True)

        def forward(self, x):
            skips = []
            for stage in self.encoder:
                x = stage(x)
                skips.append(x)
            x = skips[-1]
            for i, (up, stage) in enumerate(zip(self.transpconvs, self.decoder)):
                x = up(x)
                x = torch.cat([x, skips[-(i + 2)]], dim=1)
                x = stage(x)
            return self.seg(x)

    return PlainConvUNet().eval()


def _randomise_norms(model, seed):
    """Random affine InstanceNorm parameters too (torch initialises them to 1/0), so a parity test sees them."""
    import torch

    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.InstanceNorm3d):
                m.weight.copy_(1 + 0.2 * torch.randn(m.weight.shape, generator=g))
                m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=g))


def export(model, cfg, out: Path, name: str, spacing: float, normalization: dict, source: str) -> Path:
    import torch

    out.mkdir(parents=True, exist_ok=True)
    example = torch.zeros(1, 1, *cfg["patch_size"])
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
    traced.save(str(out / "network.pt"))
    contract = {
        "input": "(1, 1, Z, Y, X) float32: the CT in RAS orientation, array axes z, y, x, normalised",
        "output": f"(1, {CLASSES}, Z, Y, X) logits",
        "classes": CLASSES,
        "class_map": "TotalSegmentator v2 total (totalsegmentator/map_to_binary.py)",
        "spacing_mm": [spacing, spacing, spacing],
        "patch_size": cfg["patch_size"],
        "features": cfg["features"],
        "strides": cfg["strides"],
        "normalization": normalization,
        "tile_step_size": 0.5,
        "gaussian_sigma_scale": 0.125,
        "mirroring": False,
    }
    write_manifest(out, name, "PyTorch", {"network": "network.pt"}, contract, source)
    return out


# nnU-Net's CTNormalization: clip to the foreground's 0.5 / 99.5 percentiles, subtract the foreground mean, divide by its
# std. TotalSegmentator's numbers are in its plans.json (not reachable here); these are placeholders of that shape.
PLACEHOLDER_NORMALIZATION = {"scheme": "CTNormalization", "clip_low": -1024.0, "clip_high": 1500.0,
                             "mean": 50.0, "std": 300.0,
                             "note": "placeholder: replace with TotalSegmentator's plans.json foreground_intensity_"
                                     "properties_per_channel (percentile_00_5, percentile_99_5, mean, std)"}


# ---------------------------------------------------------------------------------------------------------------------
# the sliding-window reference (nnU-Net's predictor, from its description)

def compute_steps(image_size, tile_size, tile_step_size):
    target = [t * tile_step_size for t in tile_size]
    num_steps = [int(np.ceil((i - k) / j)) + 1 for i, j, k in zip(image_size, target, tile_size)]
    steps = []
    for dim in range(len(tile_size)):
        max_step = image_size[dim] - tile_size[dim]
        actual = max_step / (num_steps[dim] - 1) if num_steps[dim] > 1 else 99999999999
        steps.append([int(np.round(actual * i)) for i in range(num_steps[dim])])
    return steps


def compute_gaussian(tile_size, sigma_scale=1.0 / 8):
    from scipy.ndimage import gaussian_filter

    tmp = np.zeros(tile_size)
    tmp[tuple(i // 2 for i in tile_size)] = 1
    g = gaussian_filter(tmp, [i * sigma_scale for i in tile_size], 0, mode="constant", cval=0)
    g = g / np.max(g)
    g = g.astype(np.float32)
    g[g == 0] = np.min(g[g != 0])
    return g


def normalize(hu, n):
    return ((np.clip(hu, n["clip_low"], n["clip_high"]) - n["mean"]) / max(n["std"], 1e-8)).astype(np.float32)


def resample_image(zyx, shape):
    import torch
    import torch.nn.functional as F

    t = torch.from_numpy(np.ascontiguousarray(zyx, dtype=np.float32))[None, None]
    return F.interpolate(t, size=tuple(shape), mode="trilinear", align_corners=False)[0, 0].numpy()


def resample_labels(zyx, shape):
    import torch
    import torch.nn.functional as F

    t = torch.from_numpy(np.ascontiguousarray(zyx, dtype=np.float32))[None, None]
    return F.interpolate(t, size=tuple(shape), mode="nearest-exact")[0, 0].numpy().astype(np.int64)


def sliding_window_logits(model, data, patch, step=0.5):
    """data: (Z, Y, X) normalised; returns (classes, Z, Y, X) logits and the number of patches."""
    import torch

    shape = data.shape
    padded_shape = [max(s, p) for s, p in zip(shape, patch)]
    lo = [(ps - s) // 2 for s, ps in zip(shape, padded_shape)]
    padded = np.zeros(padded_shape, dtype=np.float32)
    padded[lo[0]:lo[0] + shape[0], lo[1]:lo[1] + shape[1], lo[2]:lo[2] + shape[2]] = data
    steps = compute_steps(padded_shape, patch, step)
    gaussian = compute_gaussian(patch)
    logits = None
    weights = np.zeros(padded_shape, dtype=np.float32)
    count = 0
    with torch.no_grad():
        for z in steps[0]:
            for y in steps[1]:
                for x in steps[2]:
                    sl = (slice(z, z + patch[0]), slice(y, y + patch[1]), slice(x, x + patch[2]))
                    out = model(torch.from_numpy(np.ascontiguousarray(padded[sl]))[None, None])[0].numpy()
                    if logits is None:
                        logits = np.zeros((out.shape[0], *padded_shape), dtype=np.float32)
                    logits[(slice(None), *sl)] += out * gaussian
                    weights[sl] += gaussian
                    count += 1
    logits /= weights
    return logits[:, lo[0]:lo[0] + shape[0], lo[1]:lo[1] + shape[1], lo[2]:lo[2] + shape[2]], count


def synthetic_ct(seed=5, shape_xyz=(37, 29, 23)):
    """A smooth random 'body': soft tissue, a brighter blob, air around; int16 HU, (x, y, z)."""
    rng = np.random.default_rng(seed)
    x, y, z = np.meshgrid(*[np.linspace(-1, 1, n) for n in shape_xyz], indexing="ij")
    body = (x ** 2 / 0.8 + y ** 2 / 0.6 + z ** 2 / 1.5) < 1
    hu = np.where(body, 40.0, -1000.0)
    blob = ((x - 0.2) ** 2 + (y + 0.1) ** 2 + z ** 2) < 0.15
    hu = np.where(blob, 180.0, hu) + rng.normal(0, 25, shape_xyz)
    return np.round(hu).astype(np.int16)


def golden(model_dir: Path, cfg, spacing_model: float, normalization: dict) -> None:
    import nibabel as nib
    import torch

    GOLDEN.mkdir(parents=True, exist_ok=True)
    model = torch.jit.load(str(model_dir / "network.pt")).eval()
    hu_xyz = synthetic_ct()
    spacing_in = (2.0, 2.5, 3.5)
    affine = np.diag([*spacing_in, 1.0])
    affine[:3, 3] = [-30.0, 12.5, 100.0]
    nib.save(nib.Nifti1Image(hu_xyz, affine), str(GOLDEN / "synthetic-ct.nii.gz"))
    # (z, y, x) array as the network sees it; the grid is already RAS-aligned
    zyx = hu_xyz.transpose(2, 1, 0).astype(np.float32)
    in_shape = zyx.shape
    sp_zyx = (spacing_in[2], spacing_in[1], spacing_in[0])
    model_shape = [int(round(n * s / spacing_model)) for n, s in zip(in_shape, sp_zyx)]
    resampled = resample_image(normalize(zyx, normalization), model_shape)
    logits, patches = sliding_window_logits(model, resampled, cfg["patch_size"])
    labels_model = np.argmax(logits, axis=0)
    labels_in = resample_labels(labels_model, in_shape)
    top2 = np.sort(logits, axis=0)[-2:]
    rng = np.random.default_rng(0)
    picks = [tuple(int(rng.integers(0, n)) for n in model_shape) for _ in range(12)]
    g = {
        "input_file": "synthetic-ct.nii.gz",
        "spacing_model": spacing_model,
        "model_shape_zyx": model_shape,
        "patches": patches,
        "steps_zyx": compute_steps([max(s, p) for s, p in zip(model_shape, cfg["patch_size"])], cfg["patch_size"], 0.5),
        "labels_model_zyx": labels_model.ravel().tolist(),
        "margin_model_zyx": np.round(top2[1] - top2[0], 6).ravel().tolist(),
        "labels_input_zyx": labels_in.ravel().tolist(),
        "logit_samples": [{"zyx": list(p), "logits": logits[(slice(None), *p)].tolist()} for p in picks],
        "resampled_samples": [{"zyx": list(p), "value": float(resampled[p])} for p in picks],
        "gaussian_cases": {},
        "step_cases": [],
    }
    for tile in ([32, 32, 64], [112, 112, 128], [5, 7, 9]):
        gm = compute_gaussian(tile)
        g["gaussian_cases"]["x".join(map(str, tile))] = {"tile": tile, "values": gm.ravel().tolist() if gm.size < 20000
                                                         else None, "sum": float(gm.astype(np.float64).sum()),
                                                         "min": float(gm.min()), "center": float(gm[tuple(t // 2 for t in tile)])}
    for image, tile in (([70, 40, 33], [32, 32, 33]), ([270, 333, 333], [112, 112, 128]), ([32, 32, 64], [32, 32, 64]),
                        ([65, 33, 100], [32, 32, 64])):
        g["step_cases"].append({"image": image, "tile": tile, "steps": compute_steps(image, tile, 0.5)})
    (GOLDEN / "sliding-window.json").write_text(json.dumps(g) + "\n")
    print(f"golden: {patches} patches on {model_shape}, {int((labels_model > 0).sum())} foreground voxels")


def main(args) -> int:
    import torch

    seed_everything(0)
    torch.set_num_threads(2)
    if args.tiny and args.parts:
        return tiny_parts(args)
    if args.parts and not args.tiny:
        raise SystemExit("--parts N makes a tiny fixture (with --tiny); --real detects a parts folder by itself")
    if args.tiny:
        model = build(TINY["features"], TINY["strides"])
        _randomise_norms(model, 1)
        out = args.out or FIXTURES / "totalseg-tiny"
        export(model, TINY, out, "totalseg-tiny", 1.5, PLACEHOLDER_NORMALIZATION,
               "tiny random weights, seed 0, PlainConvUNet 6 stages, features 4-8-8-16-16-16 (the real: 32..320); "
               "tools/export/export.py totalseg --tiny")
        golden(out, TINY, 1.5, PLACEHOLDER_NORMALIZATION)
        size = (out / "network.pt").stat().st_size
        print(f"wrote {out} ({size / 1e6:.2f} MB)")
    elif args.full_random:
        model = build(FULL["features"], FULL["strides"])
        n = sum(p.numel() for p in model.parameters())
        out = args.out or REPO_ROOT / "models-full" / "totalseg-random"
        export(model, FULL, out, "totalseg-random", args.spacing, PLACEHOLDER_NORMALIZATION,
               f"full-size random weights ({n} parameters), for latency only; tools/export/export.py totalseg --full-random")
        print(f"wrote {out}: {n} parameters")
    else:
        return export_real(args)
    return 0


def export_real(args) -> int:
    """Loads a TotalSegmentator nnU-Net v2 result folder into the module (a user with its weights; untested here).

    A folder holding several result folders (each with plans.json), such as the five of the 1.5 mm total model
    (Dataset291..295), becomes one multi-part model folder (see export_parts), the parts in sorted path order, which
    is TotalSegmentator's task-id order."""
    folder = Path(args.real)
    if not (folder / "plans.json").exists():
        plans = sorted(folder.rglob("plans.json"))
        if not plans:
            raise SystemExit(f"{folder}: no plans.json in it or under it: not an nnU-Net result folder")
        return export_real_parts(args, [p.parent for p in plans])
    model, cfg, normalization, spacing, _labels = load_real(folder)
    out = args.out or REPO_ROOT / "models-full" / f"totalseg-{spacing:g}mm"
    export(model, cfg, out, out.name, spacing, normalization, f"TotalSegmentator checkpoint {folder}")
    print(f"wrote {out}")
    return 0


def total_class_ids():
    """TotalSegmentator v2 total: name -> id, from the table the Java side reads (total-classes.txt)."""
    table = REPO_ROOT / "triage-models/src/main/resources/io/phototriage/models/ct/total-classes.txt"
    ids = {}
    for line in table.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            i, name = line.split(None, 1)
            ids[name.strip()] = int(i)
    return ids


def export_real_parts(args, folders) -> int:
    total = total_class_ids()
    parts = []
    for folder in folders:
        model, cfg, normalization, spacing, labels = load_real(folder)
        mapping = {}
        for name, local in labels.items():
            if int(local) == 0:
                continue
            if name not in total:
                raise SystemExit(f"{folder}/dataset.json: class '{name}' is not a TotalSegmentator v2 total class")
            mapping[int(local)] = total[name]
        parts.append((folder.parent.name, model, cfg, spacing, normalization, mapping))
    spacings = {p[3] for p in parts}
    if len(spacings) != 1:
        raise SystemExit(f"the parts run at different spacings {sorted(spacings)}; TotalSegmentator's parts share one")
    out = args.out or REPO_ROOT / "models-full" / f"totalseg-{parts[0][3]:g}mm-parts"
    export_parts(parts, out, out.name, f"TotalSegmentator checkpoints {[str(f) for f in folders]}")
    print(f"wrote {out}: {len(parts)} parts")
    return 0


def load_real(folder: Path):
    import torch

    plans = json.loads((folder / "plans.json").read_text())
    conf = plans["configurations"]["3d_fullres"]
    arch = conf.get("architecture", {}).get("arch_kwargs", conf)
    features = arch.get("features_per_stage") or conf["UNet_base_num_features"]
    strides = arch.get("strides") or conf["pool_op_kernel_sizes"]
    cfg = {"features": list(features), "strides": [list(s) for s in strides], "patch_size": list(conf["patch_size"])}
    props = plans["foreground_intensity_properties_per_channel"]["0"]
    normalization = {"scheme": "CTNormalization", "clip_low": props["percentile_00_5"], "clip_high": props["percentile_99_5"],
                     "mean": props["mean"], "std": props["std"], "note": "from " + str(folder / "plans.json")}
    dataset = json.loads((folder / "dataset.json").read_text())
    classes = len(dataset["labels"])
    model = build(cfg["features"], cfg["strides"], classes)
    ckpt = torch.load(str(folder / "fold_0" / "checkpoint_final.pth"), map_location="cpu", weights_only=False)
    state = ckpt["network_weights"]
    mine = model.state_dict()
    # nnU-Net's names (encoder.stages.S.0.convs.C.conv / .norm, decoder.transpconvs.S, decoder.stages.S.convs.C.*,
    # decoder.seg_layers.LAST) mapped in order onto this module's parameters of the same shapes
    theirs = [(k, v) for k, v in state.items() if not k.startswith("decoder.seg_layers.") and "all_modules" not in k
              and not k.startswith("decoder.encoder.")]
    seg_last = sorted({k.split(".")[2] for k in state if k.startswith("decoder.seg_layers.")}, key=int)[-1]
    theirs += [(k, v) for k, v in state.items() if k.startswith(f"decoder.seg_layers.{seg_last}.")]
    ours = list(mine.keys())
    if len(theirs) != len(ours):
        raise SystemExit(f"checkpoint has {len(theirs)} tensors for {len(ours)} in the module: not a PlainConvUNet of this plan")
    for (tk, tv), ok in zip(theirs, ours):
        if tuple(tv.shape) != tuple(mine[ok].shape):
            raise SystemExit(f"shape mismatch: {tk} {tuple(tv.shape)} vs {ok} {tuple(mine[ok].shape)}")
        mine[ok] = tv
    model.load_state_dict(mine)
    return model, cfg, normalization, conf["spacing"][0], dataset["labels"]


# ---------------------------------------------------------------------------------------------------------------------
# multi-part models: TotalSegmentator's 1.5 mm "total" model is five nnU-Net networks (class_map_5_parts: organs,
# vertebrae, cardiac, muscles, ribs), each predicting a subset of the 117 classes with its own local label ids.
# TotalSegmentator (totalsegmentator/nnunet.py, nnUNet_predict_image with a list of task ids) predicts every part on
# the same image resampled to 1.5 mm and merges them in task-id order into one zero-initialised map:
#     for jdx, class_name in class_map_5_parts[map_taskid_to_partname[tid]].items():
#         seg_combined[seg == jdx] = class_map_inv[class_name]
# i.e. every voxel a part labels (local id > 0) gets the mapped total id, and a later part overwrites an earlier one.

# the tiny fixture's parts: small class subsets, local id -> TotalSegmentator v2 total id (arbitrary subsets)
TINY_PART_MAPS = [
    ("part-a", {1: 1, 2: 2, 3: 3}),
    ("part-b", {1: 5, 2: 10, 3: 20}),
    ("part-c", {1: 90, 2: 117}),
]
MERGE_RULE = ("parts in manifest order on the model grid, starting from background; a voxel a part labels (local id > 0) "
              "gets the mapped total id, a later part overwriting an earlier one (TotalSegmentator's nnunet.py)")


def part_plan(cfg, classes, spacing, normalization, labels):
    return {"classes": classes, "spacing_mm": [spacing, spacing, spacing], "patch_size": cfg["patch_size"],
            "features": cfg["features"], "strides": cfg["strides"], "normalization": normalization,
            "tile_step_size": 0.5, "gaussian_sigma_scale": 0.125, "mirroring": False,
            "labels": {str(k): int(v) for k, v in sorted(labels.items())}}


def export_parts(parts, out: Path, name: str, source: str) -> Path:
    """parts: [(part name, module, cfg, spacing, normalization, {local id: total id})] -> out/partK.pt + manifest."""
    import torch

    out.mkdir(parents=True, exist_ok=True)
    files, entries = {}, []
    for k, (pname, model, cfg, spacing, normalization, labels) in enumerate(parts, start=1):
        with torch.no_grad():
            traced = torch.jit.trace(model, torch.zeros(1, 1, *cfg["patch_size"]))
        role = f"part{k}"
        traced.save(str(out / f"{role}.pt"))
        files[role] = f"{role}.pt"
        entry = {"role": role, "name": pname}
        entry.update(part_plan(cfg, len(labels) + 1, spacing, normalization, labels))
        entries.append(entry)
    contract = {
        "input": "(1, 1, Z, Y, X) float32 per part: the CT in RAS orientation, array axes z, y, x, normalised",
        "output": "per part (1, part classes, Z, Y, X) logits; merged into TotalSegmentator v2 total label ids",
        "classes": CLASSES,
        "class_map": "TotalSegmentator v2 total (totalsegmentator/map_to_binary.py)",
        "merge": MERGE_RULE,
        "parts": entries,
    }
    write_manifest(out, name, "PyTorch", files, contract, source)
    return out


def merge_parts(part_labels, maps):
    """The merge as TotalSegmentator's nnunet.py describes it (see above)."""
    combined = np.zeros(part_labels[0].shape, dtype=np.int64)
    for seg, labels in zip(part_labels, maps):
        for local, total in labels.items():
            combined[seg == local] = total
    return combined


def tiny_parts(args) -> int:
    import torch

    n = args.parts
    if not 2 <= n <= len(TINY_PART_MAPS):
        raise SystemExit(f"--parts must be 2..{len(TINY_PART_MAPS)}, got {n}")
    parts = []
    for k, (pname, labels) in enumerate(TINY_PART_MAPS[:n]):
        torch.manual_seed(100 + k)
        model = build(TINY["features"], TINY["strides"], len(labels) + 1)
        _randomise_norms(model, 200 + k)
        parts.append((pname, model, TINY, 1.5, PLACEHOLDER_NORMALIZATION, labels))
    out = args.out or FIXTURES / "totalseg-tiny-parts"
    export_parts(parts, out, "totalseg-tiny-parts",
                 f"tiny random weights, {n} parts (torch seeds 100.., norm seeds 200..), PlainConvUNet 6 stages, "
                 f"features 4-8-8-16-16-16; tools/export/export.py totalseg --tiny --parts {n}")
    golden_parts(out, parts)
    for k in range(1, n + 1):
        print(f"wrote {out / f'part{k}.pt'} ({(out / f'part{k}.pt').stat().st_size / 1e6:.2f} MB)")
    return 0


def golden_parts(model_dir: Path, parts) -> None:
    """Per-part sliding window (the reference above) on the synthetic CT at 1.5 mm, merged, resampled back."""
    import torch

    hu_xyz = synthetic_ct()  # the same volume as golden/totalseg/synthetic-ct.nii.gz (seed 5)
    spacing_in = (2.0, 2.5, 3.5)
    zyx = hu_xyz.transpose(2, 1, 0).astype(np.float32)
    in_shape = zyx.shape
    sp_zyx = (spacing_in[2], spacing_in[1], spacing_in[0])
    spacing_model = parts[0][3]
    model_shape = [int(round(n * s / spacing_model)) for n, s in zip(in_shape, sp_zyx)]
    segs, margins, patches, counts = [], [], 0, []
    for k, (pname, _m, cfg, _sp, normalization, labels) in enumerate(parts, start=1):
        model = torch.jit.load(str(model_dir / f"part{k}.pt")).eval()
        resampled = resample_image(normalize(zyx, normalization), model_shape)
        logits, count = sliding_window_logits(model, resampled, cfg["patch_size"])
        patches += count
        seg = np.argmax(logits, axis=0)
        top2 = np.sort(logits, axis=0)[-2:]
        segs.append(seg)
        margins.append(top2[1] - top2[0])
        counts.append({"part": pname, "foreground_voxels": int((seg > 0).sum())})
    maps = [p[5] for p in parts]
    merged = merge_parts(segs, maps)
    overwritten = int(sum(((segs[i] > 0) & np.any([segs[j] > 0 for j in range(i)], axis=0)).sum()
                          for i in range(1, len(segs))))
    margin = np.min(margins, axis=0)
    labels_in = resample_labels(merged, in_shape)
    margin_in = resample_labels(np.arange(merged.size).reshape(merged.shape), in_shape)  # nearest source index
    margin_in = margin.ravel()[margin_in.ravel()]
    g = {
        "input_file": "synthetic-ct.nii.gz",
        "model": model_dir.name,
        "merge": MERGE_RULE,
        "spacing_model": spacing_model,
        "model_shape_zyx": model_shape,
        "patches": patches,
        "parts": counts,
        "overwritten_model_voxels": overwritten,
        "labels_present": sorted(int(v) for v in np.unique(merged)),
        "labels_input_zyx": labels_in.ravel().tolist(),
        "margin_input_zyx": np.round(margin_in, 6).tolist(),
    }
    GOLDEN.mkdir(parents=True, exist_ok=True)
    (GOLDEN / "parts-merge.json").write_text(json.dumps(g) + "\n")
    print(f"golden: {patches} patches, labels {g['labels_present']}, {overwritten} model voxels overwritten by a later part")
