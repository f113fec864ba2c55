"""Python reference timings for the JMH model benchmarks: the same weights, the same input shapes, one process.

  export.py bench-eager --variant tiny --out build/bench/eager.json
  export.py bench-eager --variant tiny full --threads 2 --out build/bench/eager.json

For every model-only benchmark of triage-bench (named "Class.method" with the same JMH @Param values) this times:
  eager        the PyTorch nn.Module of the architecture (transformers / the export tool's own modules), with the weights
               read from the very TorchScript file the Java side loads (load_state_dict, strict: every parameter must
               match), under torch.no_grad()
  torchscript  the same .pt file through torch.jit.load, for telling the engine's cost from the trace's
  onnxruntime  the lite ONNX models (they have no PyTorch form) through onnxruntime's Python API

Each part: a few warm-up calls (TorchScript re-optimises per shape on its first calls), then calls until --max-samples
or until --budget-s seconds have passed (at least --min-samples); the median is reported. Inputs are seeded random
tensors of the benchmark's shape (dense networks take the same time whatever the values). A model folder that is absent
is recorded as skipped with the command that makes it; nothing is estimated.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np

from . import common

FULL_DIR = common.REPO_ROOT / "models-full"
LITE_DIR = common.SHARED / "models"
# JMH variant -> model folder, per family; "full" folders are generated on demand (never committed).
FOLDERS = {
    "clip": {"tiny": common.FIXTURES / "clip-tiny", "full": FULL_DIR / "clip-vit-b32"},
    "sam": {"tiny": common.FIXTURES / "sam-tiny", "full": FULL_DIR / "sam-vit-base"},
    "sd": {"tiny": common.FIXTURES / "sd-tiny", "full": FULL_DIR / "sd-lcm"},
    "grounding-dino": {"tiny": common.FIXTURES / "grounding-dino-tiny", "full": FULL_DIR / "grounding-dino-tiny"},
    "sam2": {"tiny": common.FIXTURES / "sam2-tiny", "full": FULL_DIR / "sam2.1-hiera-tiny"},
}
HOW_TO_MAKE = {
    ("clip", "full"): "tools/export/.venv/bin/python tools/export/export.py clip --full-random --out models-full/clip-vit-b32 "
                      "--bpe-vocab open_clip_torch-*.whl",
    ("sam", "full"): "tools/export/.venv/bin/python tools/export/export.py sam --full-random --out models-full/sam-vit-base",
    ("sd", "full"): "tools/export/.venv/bin/python tools/export/export.py stable-diffusion --real --out models-full/sd-lcm "
                    "on a machine with internet and diffusers (the UNet alone is 3.4 GB of TorchScript), then copy it here",
    ("sam2", "full"): "tools/export/.venv/bin/python tools/export/export.py sam2 --full-random --out models-full/sam2.1-hiera-tiny",
    ("grounding-dino", "full"): "tools/export/.venv/bin/python tools/export/export.py grounding-dino --full-random "
                                "--out models-full/grounding-dino-tiny",
}
CLIP_BATCHES = (1, 4)
FAST_STYLE_SIDES = (256, 512)
LITE_SEGMENTERS = {
    "deeplab": ("deeplabv3-pascal/deeplabv3_mnv2_pascal_quant.onnx", (1, 513, 513, 3), 255.0),
    "deeplab-half": ("deeplabv3-pascal/deeplabv3_mnv2_dm05_pascal_quant.onnx", (1, 513, 513, 3), 255.0),
    "selfie": ("selfie-segmentation/selfie_segmentation.onnx", (1, 256, 256, 3), 1.0),
}
SAM_BOX = [100.0, 150.0, 700.0, 900.0]  # xyxy in the 1024 frame, one box as the Java benchmark prompts


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--variant", nargs="+", choices=["tiny", "full"], default=["tiny"],
                   help="which TorchScript variants to time (the lite ONNX models are timed too, unless --no-lite)")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads and onnxruntime intra-op threads")
    p.add_argument("--warmup", type=int, default=3, help="untimed calls per part before sampling")
    p.add_argument("--min-samples", type=int, default=5)
    p.add_argument("--max-samples", type=int, default=30)
    p.add_argument("--budget-s", type=float, default=6.0, help="stop sampling a part after this long (once min-samples)")
    p.add_argument("--no-lite", action="store_true", help="do not time the lite ONNX models (e.g. in a pass for --variant full)")
    p.add_argument("--only", default=None, help="time only the parts whose benchmark name contains this text")
    p.add_argument("--out", type=Path, required=True, help="JSON file to write")


def main(args) -> int:
    import torch

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    common.seed_everything(0)
    bench = Bench(args)
    for variant in args.variant:
        bench.clip(variant)
        bench.sam(variant)
        bench.sam2(variant)
        bench.sd(variant)
        bench.grounding_dino(variant)
    if not args.no_lite:
        bench.lite()
    import onnxruntime
    report = {
        "tool": "tools/export/export.py bench-eager",
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "threads": args.threads,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "onnxruntime": onnxruntime.__version__,
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "load_average": list(os.getloadavg()),
        "method": f"{args.warmup} warm-up calls, then {args.min_samples}..{args.max_samples} timed calls "
                  f"(budget {args.budget_s} s per part); median",
        "results": bench.results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    print(f"wrote {args.out} ({len(bench.results)} results)")
    return 0


class Bench:
    def __init__(self, args):
        self.args = args
        self.results: list[dict] = []
        self.rng = np.random.default_rng(0)

    # --- timing -------------------------------------------------------------------------------------------------

    def wanted(self, benchmark: str) -> bool:
        return self.args.only is None or self.args.only in benchmark

    def time(self, benchmark: str, params: dict, impl: str, shapes: str, call, warmed: int = 0, extra=None) -> None:
        import torch

        a = self.args
        with torch.no_grad():
            for _ in range(max(0, a.warmup - warmed)):
                call()
            samples = []
            start = time.perf_counter()
            while len(samples) < a.max_samples and (len(samples) < a.min_samples or time.perf_counter() - start < a.budget_s):
                t0 = time.perf_counter()
                call()
                samples.append((time.perf_counter() - t0) * 1e3)
        q = statistics.quantiles(samples, n=10) if len(samples) > 1 else samples * 9
        row = {"benchmark": benchmark, "params": params, "impl": impl, "inputs": shapes,
               "median_ms": statistics.median(samples), "p10_ms": q[0], "p90_ms": q[-1], "samples": len(samples)}
        row.update(extra or {})
        self.results.append(row)
        print(f"{benchmark} {params} {impl}: {row['median_ms']:.3f} ms (n={len(samples)})", flush=True)

    def skip(self, benchmark: str, params: dict, reason: str) -> None:
        self.results.append({"benchmark": benchmark, "params": params, "skipped": reason})
        print(f"{benchmark} {params}: skipped: {reason}", flush=True)

    def folder(self, family: str, variant: str, benchmarks: list[str], params: dict) -> Path | None:
        path = FOLDERS[family][variant]
        if (path / "manifest.json").is_file():
            return path
        reason = f"{rel(path)} not found; generate it with {HOW_TO_MAKE.get((family, variant), 'tools/export/export.py')}"
        for b in benchmarks:
            if self.wanted(b):
                self.skip(b, params, reason)
        return None

    def randn(self, *shape):
        import torch

        return torch.from_numpy(self.rng.standard_normal(shape).astype(np.float32))

    def torch_pair(self, benchmark: str, params: dict, shapes: str, eager, traced, inputs) -> None:
        """Times the eager module and the TorchScript file on the same inputs, after checking (on the first warm-up
        call of each) that they compute the same thing: proof that the eager module holds the file's weights."""
        import torch

        with torch.no_grad():
            expected = flat_outputs(traced(*inputs))
            actual = flat_outputs(eager(*inputs))
        diff, scale = max_abs_diff(actual, expected)
        if len(actual) != len(expected) or diff > 1e-3 * scale:
            raise SystemExit(f"{benchmark} {params}: the eager module differs from the TorchScript file by {diff} "
                             f"(outputs up to {scale}); it does not hold the same weights or architecture")
        check = {"eager_vs_torchscript_max_abs_diff": diff}
        self.time(benchmark, params, "eager", shapes, lambda: eager(*inputs), warmed=1, extra=check)
        self.time(benchmark, params, "torchscript", shapes, lambda: traced(*inputs), warmed=1)

    def eager_model(self, family: str, module, model_class: str, variant: str, names: list[str]):
        """(folder, config, model) for the benchmarks names of a family whose export module (module) wraps the parts
        of a transformers model: model_class built eager, with random weights (traced_part gives each part the file's),
        from the module's tiny or full-random config. None when none of names is wanted or the model folder is absent
        (then they are recorded as skipped)."""
        if not any(self.wanted(n) for n in names):
            return None
        folder = self.folder(family, variant, names, {"variant": variant})
        if folder is None:
            return None
        import transformers

        cfg = module.tiny_config() if variant == "tiny" else module.full_random_config()
        return folder, cfg, getattr(transformers, model_class)._from_config(cfg, attn_implementation="eager").eval()

    @staticmethod
    def traced_part(folder: Path, role: str, eager):
        """The TorchScript file FOLDER/ROLE.pt, with its weights copied into the eager module of the same part."""
        import torch

        file = folder / f"{role}.pt"
        traced = torch.jit.load(str(file)).eval()
        load_weights(eager, traced, file)
        return traced

    # --- families -----------------------------------------------------------------------------------------------

    def clip(self, variant: str) -> None:
        name = "ClassifyBenchmark.clipImageTower"
        if not self.wanted(name):
            return
        folder = self.folder("clip", variant, [name], {"variant": variant})
        if folder is None:
            return
        from transformers import CLIPModel

        from . import clip

        cfg = clip.tiny_config() if variant == "tiny" else clip.full_random_config()
        eager = clip.ImageTower(CLIPModel(cfg)).eval()
        traced = self.traced_part(folder, "image_encoder", eager)
        for batch in CLIP_BATCHES:
            x = self.randn(batch, 3, clip.IMAGE_SIZE, clip.IMAGE_SIZE)
            self.torch_pair(name, {"variant": variant, "batch": str(batch)}, f"[{batch},3,224,224]", eager, traced, (x,))

    def sam(self, variant: str) -> None:
        names = ["SegmentBenchmark.samImageEncoder", "SegmentBenchmark.samMaskDecoder"]
        from . import sam

        made = self.eager_model("sam", sam, "SamModel", variant, names)
        if made is None:
            return
        import torch

        folder, _, model = made
        encoder, decoder = sam.build_wrappers(model)
        traced_encoder = self.traced_part(folder, "image_encoder", encoder)
        traced_decoder = self.traced_part(folder, "mask_decoder", decoder)
        params = {"variant": variant}
        pixels = self.randn(1, 3, sam.IMAGE_SIZE, sam.IMAGE_SIZE)
        if self.wanted(names[0]):
            self.torch_pair(names[0], params, "[1,3,1024,1024]", encoder, traced_encoder, (pixels,))
        if self.wanted(names[1]):
            with torch.no_grad():
                embedding = traced_encoder(pixels)
            boxes = torch.tensor([[SAM_BOX]])
            self.torch_pair(names[1], params, f"{dims(embedding.shape)} + 1 box", decoder, traced_decoder, (embedding, boxes))

    def sam2(self, variant: str) -> None:
        """Sam2Benchmark's four parts on a tracked frame's shapes once the memory bank is full (7 memories, 16 object
        pointers, no prompt): the eager modules are the export's wrappers around transformers' Sam2VideoModel parts."""
        names = ["Sam2Benchmark.imageEncoder", "Sam2Benchmark.memoryAttention", "Sam2Benchmark.memoryEncoder",
                 "Sam2Benchmark.maskDecoder"]
        from . import sam2

        made = self.eager_model("sam2", sam2, "Sam2VideoModel", variant, names)
        if made is None:
            return
        import torch

        folder, cfg, model = made
        wrappers = sam2.build_wrappers(model)
        roles = ["image_encoder", "memory_attention", "memory_encoder", "mask_decoder"]
        s = cfg.image_size
        g = cfg.vision_config.backbone_feature_sizes[-1][0]
        c = cfg.vision_config.fpn_hidden_size
        m = cfg.memory_encoder_output_channels
        features = self.randn(1, c, g, g)
        inputs = [
            (self.randn(1, 3, s, s),),
            (features, self.randn(1, c, g, g), self.randn(7, g * g, m), self.randn(7, g * g, m),
             torch.tensor([6, 0, 1, 2, 3, 4, 5]), self.randn(16, c), self.randn(16, c)),
            (features, self.randn(1, 1, s, s), torch.tensor([[1.0]])),
            (features, self.randn(1, c // 8, 4 * g, 4 * g), self.randn(1, c // 4, 2 * g, 2 * g), torch.zeros(1, 1, 1, 2),
             -torch.ones(1, 1, 1, dtype=torch.int32), torch.zeros(1, 1, s, s), torch.tensor([0.0])),
        ]
        shapes = [f"[1,3,{s},{s}]", "7 memories, 16 pointers", f"features + [1,1,{s},{s}] mask", "tracked frame, no prompt"]
        for name, role, eager, args, shape in zip(names, roles, wrappers, inputs, shapes):
            if not self.wanted(name):
                continue
            self.torch_pair(name, {"variant": variant}, shape, eager, self.traced_part(folder, role, eager), args)

    def sd(self, variant: str) -> None:
        names = ["StylizeBenchmark.sdTextEncoder", "StylizeBenchmark.sdUnetStep", "StylizeBenchmark.sdVaeEncode",
                 "StylizeBenchmark.sdVaeDecode"]
        if not any(self.wanted(n) for n in names):
            return
        params = {"variant": variant}
        folder = self.folder("sd", variant, names, params)
        if folder is None:
            return
        if variant != "tiny":
            for n in names:
                self.skip(n, params, "the eager reference builds only the tiny parts (the real ones need diffusers)")
            return
        import torch

        from . import stable_diffusion as sd

        manifest = json.loads((folder / "manifest.json").read_text())["contract"]
        size, hidden = manifest["height"], manifest["text_hidden_size"]
        latent = size // sd.VAE_SCALE_FACTOR
        eager_parts = dict(zip(["text_encoder", "unet", "vae_encoder", "vae_decoder"], sd.tiny_parts()))
        traced = {role: self.traced_part(folder, role, module) for role, module in eager_parts.items()}
        ids = torch.from_numpy(self.rng.integers(0, 49408, size=(1, sd.CONTEXT_LENGTH), dtype=np.int64))
        sample = self.randn(1, sd.LATENT_CHANNELS, latent, latent)
        context = self.randn(1, sd.CONTEXT_LENGTH, hidden)
        cond = torch.from_numpy(sd.guidance_embedding(sd.GUIDANCE_SCALE - 1))
        image = self.randn(1, 3, size, size).clamp(-1, 1)
        table = [
            (names[0], "text_encoder", "[1,77] ids", (ids,)),
            (names[1], "unet", f"[1,4,{latent},{latent}] + t + [1,77,{hidden}] + [1,256]",
             (sample, torch.tensor([499]), context, cond)),
            (names[2], "vae_encoder", f"[1,3,{size},{size}]", (image,)),
            (names[3], "vae_decoder", f"[1,4,{latent},{latent}]", (sample,)),
        ]
        for name, role, shapes, inputs in table:
            if self.wanted(name):
                self.torch_pair(name, params, shapes, eager_parts[role], traced[role], inputs)

    def grounding_dino(self, variant: str) -> None:
        """GroundingDinoForObjectDetection (transformers, eager) with the TorchScript file's weights, on the inputs the
        Java model-only benchmark builds: seeded pixel noise filling the traced frame (pixel_mask all 1) and the
        detector's default prompt "person . dog . cat ." padded to 256 tokens."""
        name = "DetectBenchmark.groundingDinoForward"
        if not self.wanted(name):
            return
        params = {"variant": variant}
        folder = self.folder("grounding-dino", variant, [name], params)
        if folder is None:
            return
        import torch
        from tokenizers import Tokenizer
        from transformers import GroundingDinoForObjectDetection

        from . import grounding_dino as gd

        contract = json.loads((folder / "manifest.json").read_text())["contract"]
        height, width = contract["traced_height"], contract["traced_width"]
        cfg = gd.tiny_config() if variant == "tiny" else gd.full_random_config()
        # the export traced the tensor-only text masks; eager runs the same code (equal to transformers' loop for
        # rows that start with [CLS], which check_text_masks_match_original proves)
        gd.patch_text_masks()
        eager = gd.make_wrapper(GroundingDinoForObjectDetection(cfg))
        traced = self.traced_part(folder, "model", eager)
        ids = Tokenizer.from_file(str(folder / "tokenizer.json")).encode(gd.caption(gd.GOLDEN_PROMPT)).ids
        input_ids, attention = gd.pad_ids(ids)
        pixels = self.randn(1, 3, height, width)
        pixel_mask = torch.ones((1, height, width), dtype=torch.long)
        inputs = (pixels, input_ids, torch.zeros_like(input_ids), attention, pixel_mask)
        self.torch_pair(name, params, f"[1,3,{height},{width}] + {gd.MAX_TEXT_LEN} tokens", eager, traced, inputs)

    def lite(self) -> None:
        """The lite ONNX models with onnxruntime, at the input shapes of the Java model-only benchmarks."""
        table = [("ClassifyBenchmark.mobilenetForward", {}, "mobilenet-v2/mobilenet_v2_1.0_224_quant.onnx", (1, 224, 224, 3), 255.0),
                 ("DetectBenchmark.yoloxForward", {}, "yolox-nano/yolox_nano.onnx", (1, 3, 416, 416), 255.0)]
        for segmenter, (file, shape, scale) in LITE_SEGMENTERS.items():
            table.append(("SegmentBenchmark.liteForward", {"segmenter": segmenter}, file, shape, scale))
        for side in FAST_STYLE_SIDES:
            # the 481x640 portrait styled at this long side: FastStyleStylizer.styledSize keeps 3:4, multiples of 4
            table.append(("StylizeBenchmark.fastStyleForward", {"maxSide": str(side)}, "fast-neural-style/candy.onnx",
                          (1, 3, side, side * 3 // 4), 255.0))
        for name, params, file, shape, scale in table:
            if not self.wanted(name):
                continue
            path = LITE_DIR / file
            if not path.is_file():
                self.skip(name, params, f"{path} not found (the shared lite models folder: set PHOTOTRIAGE_SHARED)")
                continue
            session = self.onnx_session(path)
            feed = {session.get_inputs()[0].name: (self.rng.random(shape) * scale).astype(np.float32)}
            self.time(name, params, "onnxruntime", dims(shape), lambda: session.run(None, feed))

    def onnx_session(self, path: Path):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.args.threads
        options.inter_op_num_threads = 1
        return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def flat_outputs(out) -> list:
    """A module's output as a list of float tensors (a tensor, or a tuple of them)."""
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    return [o.float() for o in outs]


def max_abs_diff(actual: list, expected: list) -> tuple[float, float]:
    """(max |actual - expected|, max(1, max |expected|)) over the finite values; non-finite values (Grounding DINO's
    -inf logits of padded text slots) must sit at the same places with the same values, else the difference is inf."""
    diff, scale = 0.0, 1.0
    for a, e in zip(actual, expected):
        finite = e.isfinite()
        if a.shape != e.shape or not bool((a.isfinite() == finite).all()) or not bool((a[~finite] == e[~finite]).all()):
            return float("inf"), scale
        if bool(finite.any()):
            diff = max(diff, (a[finite] - e[finite]).abs().max().item())
            scale = max(scale, e[finite].abs().max().item())
    return diff, scale


def dims(shape) -> str:
    return "[" + ",".join(str(int(d)) for d in shape) + "]"


def rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(common.REPO_ROOT))
    except ValueError:
        return str(path)


def load_weights(eager, traced, file: Path):
    """Copies the TorchScript file's parameters and buffers into the eager module of the same architecture; every
    parameter of the eager module must be found, with the same shape (else the architectures differ: an error)."""
    traced_state = traced.state_dict()
    eager_state = eager.state_dict()
    params = {name for name, _ in eager.named_parameters()}
    missing = sorted(params - traced_state.keys())
    if missing:
        raise SystemExit(f"{file} lacks parameters of the eager architecture (first: {missing[:3]}); the eager reference "
                         "does not match this export: re-export it or fix bench_eager.py")
    shared = {k: v for k, v in traced_state.items() if k in eager_state}
    for k, v in shared.items():
        if eager_state[k].shape != v.shape:
            raise SystemExit(f"{file}: {k} is {tuple(v.shape)} there and {tuple(eager_state[k].shape)} in the eager module")
    eager.load_state_dict(shared, strict=False)
    return eager
