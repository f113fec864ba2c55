"""Writes docs/performance.md from JMH results (-rf json) and the Python reference (bench-eager JSON).

  export.py bench-report --jmh build/bench/jmh-*.json --eager build/bench/eager.json --out docs/performance.md \
      --load-start "0.12 0.30 0.41" --java "$(java -version 2>&1 | head -1)" --command "tools/bench.sh ..."

tools/bench.sh runs all three steps. The ratio is Java median / Python median for the same part (same weights, same input
shape, same thread count), matched on the JMH benchmark name and its @Param values. Nothing is estimated: a part
measured on one side only is listed as such.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
from pathlib import Path

PACKAGE = "io.phototriage.bench."
# The JMH benchmarks that time a network alone on a ready input (matched with the Python reference).
MODEL_PARTS = {
    "ClassifyBenchmark.mobilenetForward": "MobileNetV2 (lite-probe features)",
    "ClassifyBenchmark.clipImageTower": "CLIP image tower",
    "DetectBenchmark.yoloxForward": "YOLOX-nano",
    "DetectBenchmark.groundingDinoForward": "Grounding DINO (Swin-T + BERT, 900 queries, 256 text slots)",
    "SegmentBenchmark.liteForward": "lite segmenter network",
    "SegmentBenchmark.samImageEncoder": "SAM image encoder",
    "SegmentBenchmark.samMaskDecoder": "SAM prompt encoder + mask decoder, 1 box",
    "StylizeBenchmark.fastStyleForward": "fast neural style (candy)",
    "StylizeBenchmark.sdTextEncoder": "SD text encoder",
    "StylizeBenchmark.sdUnetStep": "SD UNet, one step",
    "StylizeBenchmark.sdVaeEncode": "SD VAE encode",
    "StylizeBenchmark.sdVaeDecode": "SD VAE decode",
}
OVERHEAD = ("OverheadBenchmark.", "DecodeBenchmark.", "ClassifyBenchmark.clipPreprocess")
PIPELINE = ("PipelineBenchmark.",)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jmh", type=Path, nargs="+", required=True, help="JMH result files (-rf json)")
    p.add_argument("--eager", type=Path, nargs="+", required=True, help="bench-eager JSON files (e.g. tiny and full passes)")
    p.add_argument("--out", type=Path, required=True, help="markdown file to write")
    p.add_argument("--load-start", default="", help="load average (1, 5, 15 min) before the run")
    p.add_argument("--java", default="", help="java -version's first line")
    p.add_argument("--command", default="tools/bench.sh", help="the command that produced the numbers")
    p.add_argument("--jmh-options", default="", help="the JMH options used (warm-up, iterations, forks)")
    p.add_argument("--note", action="append", default=[], help="an extra line for the notes section")


def main(args) -> int:
    java = []
    for f in args.jmh:
        java.extend(json.loads(f.read_text()))
    passes = [json.loads(f.read_text()) for f in args.eager]
    eager = dict(passes[0])
    eager["results"] = [r for p in passes for r in p["results"]]
    eager["method"] = "; ".join(dict.fromkeys(p["method"] for p in passes))
    eager["load_average"] = passes[0]["load_average"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(args, java, eager))
    print(f"wrote {args.out}")
    return 0


def short(benchmark: str) -> str:
    return benchmark[len(PACKAGE):] if benchmark.startswith(PACKAGE) else benchmark


def key(name: str, params: dict) -> tuple:
    return name, tuple(sorted((k, str(v)) for k, v in (params or {}).items()))


def median_ms(row: dict) -> float:
    metric = row["primaryMetric"]
    unit = metric["scoreUnit"]
    if unit != "ms/op":
        raise SystemExit(f"{row['benchmark']}: unit {unit}; run JMH with -tu ms")
    if row["mode"] == "sample":
        return metric["scorePercentiles"]["50.0"]
    # other modes report one score per iteration: the median of those
    raw = sorted(v for fork in metric["rawData"] for v in fork)
    mid = len(raw) // 2
    return raw[mid] if len(raw) % 2 else (raw[mid - 1] + raw[mid]) / 2


def samples(row: dict) -> int:
    """How many calls were timed (sample mode) or iterations measured (other modes)."""
    metric = row["primaryMetric"]
    if "rawDataHistogram" in metric:  # [fork][iteration] -> [[value, count], ...]
        return sum(count for fork in metric["rawDataHistogram"] for iteration in fork for _, count in iteration)
    return sum(len(fork) for fork in metric["rawData"])


def params_text(params: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted((params or {}).items())) or "-"


def fmt(ms: float | None) -> str:
    if ms is None:
        return "-"
    if ms >= 100:
        return f"{ms:,.0f}"
    if ms >= 10:
        return f"{ms:.1f}"
    if ms >= 1:
        return f"{ms:.2f}"
    return f"{ms:.3f}"


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return [f"CPU: {cpu}, {os.cpu_count()} logical cores; {mem}", f"OS: {platform.platform()}"]


def graph_optimizer_off(row: dict) -> bool:
    return any("ai.djl.pytorch.graph_optimizer=false" in a for a in row.get("jvmArgs", []))


def render(args, all_java_rows: list[dict], eager: dict) -> str:
    java_rows = [r for r in all_java_rows if not graph_optimizer_off(r)]
    java = {key(short(r["benchmark"]), r.get("params")): r for r in java_rows}
    java_no_opt = {key(short(r["benchmark"]), r.get("params")): r for r in all_java_rows if graph_optimizer_off(r)}
    ref: dict[tuple, dict] = {}
    torchscript: dict[tuple, dict] = {}
    skipped = []
    for r in eager["results"]:
        k = key(r["benchmark"], r.get("params"))
        if "skipped" in r:
            skipped.append(r)
        elif r["impl"] == "torchscript":
            torchscript[k] = r
        else:
            ref[k] = r
    load_end = " ".join(f"{v:.2f}" for v in os.getloadavg())
    jmh_vm = all_java_rows[0].get("vmName", "") + " " + java_rows[0].get("vmVersion", "") if java_rows else ""
    out = [
        "# Performance",
        "",
        "Generated by `tools/bench.sh` (do not edit by hand; re-run it). Java: the JMH suite in `triage-bench`; Python: "
        "`tools/export/export.py bench-eager`, the reference implementation of the same architectures with the same "
        "weights at the same input shapes. All times are medians in milliseconds per call, single process, "
        f"{eager['threads']} intra-op threads on both sides.",
        "",
        "## Run",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='minutes')} (Python reference: {eager['date']})",
        *[f"- {line}" for line in machine()],
        f"- Load average (1, 5, 15 min): {args.load_start or '?'} before the run, {load_end} after; the Python "
        f"reference started at {' '.join(f'{v:.2f}' for v in eager['load_average'])}",
        f"- Java: {args.java or jmh_vm.strip()}; DJL 0.29.0 (PyTorch engine 2.3.1 for TorchScript, OnnxRuntime engine "
        "for ONNX); JMH " + (java_rows[0].get("jmhVersion", "?") if java_rows else "?")
        + (f", {args.jmh_options}" if args.jmh_options else "") + "; sample mode, median of all timed calls",
        f"- Python {eager['python']}, torch {eager['torch']}, onnxruntime {eager['onnxruntime']}; {eager['method']}",
        f"- Command: `{args.command}`",
        "",
        "## Model time: Java against the Python reference",
        "",
        "Each network alone on a ready input tensor. Java: DJL, the tensor built from a `float[]` in a per-call "
        "`NDManager` scope and the outputs copied back to Java arrays, as the stages do. Python: the eager PyTorch module "
        "(weights loaded from the same TorchScript file) or, for the lite ONNX models, onnxruntime's Python API on the "
        "same file. Ratio = Java / Python (below 1: Java faster). The last column is the same TorchScript file run by "
        "Python's `torch.jit`, which separates the cost of the trace from the cost of the engine binding.",
        "",
        "The eager modules are checked to hold the files' weights: on the same input their outputs differ from the "
        "TorchScript file's by at most "
        + (f"{max(diffs):.3g}" if (diffs := [r['eager_vs_torchscript_max_abs_diff'] for r in eager['results']
                                             if 'eager_vs_torchscript_max_abs_diff' in r]) else "(not checked)")
        + " (max abs, over every part below).",
        "",
        "The column \"Java, optimizer off\" is the same benchmark run with `-Dai.djl.pytorch.graph_optimizer=false` "
        "(DJL's switch for TorchScript's profiling graph executor, on by default and in the library), where measured.",
        "",
        "| part | params | input | Java (ms) | Python (ms) | Python impl | ratio Java/Python | Python torch.jit (ms) "
        "| ratio Java/jit | Java, optimizer off (ms) |",
        "|---|---|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    order = list(MODEL_PARTS)
    model_keys = sorted(set(ref) | {k for k in java if k[0] in MODEL_PARTS},
                        key=lambda k: (order.index(k[0]) if k[0] in order else 99, dict(k[1]).get("variant") == "full", k[1]))
    java_only = []
    for k in model_keys:
        name, params = k[0], dict(k[1])
        j = java.get(k)
        r = ref.get(k)
        t = torchscript.get(k)
        if r is None:
            java_only.append(k)
            continue
        jm = median_ms(j) if j else None
        ratio = f"{jm / r['median_ms']:.2f}" if jm is not None else "Java not run"
        jit_ratio = f"{jm / t['median_ms']:.2f}" if (jm is not None and t) else "-"
        n = java_no_opt.get(k)
        out.append(f"| {MODEL_PARTS.get(name, name)} (`{name}`) | {params_text(params)} | {r['inputs']} | {fmt(jm)} | "
                   f"{fmt(r['median_ms'])} | {r['impl']} | {ratio} | {fmt(t['median_ms']) if t else '-'} | {jit_ratio} | "
                   f"{fmt(median_ms(n)) if n else '-'} |")
    if java_only:
        out += ["", "Measured in Java only (no Python reference row): "
                + "; ".join(f"`{k[0]}` ({params_text(dict(k[1]))}) {fmt(median_ms(java[k]))} ms" for k in java_only)]

    def table(title: str, intro: str, select) -> None:
        rows = [r for r in java_rows if select(short(r["benchmark"]))]
        if not rows:
            return
        out.extend(["", f"## {title}", "", intro, "", "| benchmark | params | median (ms) | mean (ms) | calls timed |",
                    "|---|---|---:|---:|---:|"])
        for r in sorted(rows, key=lambda r: (short(r["benchmark"]), params_text(r.get("params")))):
            out.append(f"| `{short(r['benchmark'])}` | {params_text(r.get('params'))} | {fmt(median_ms(r))} | "
                       f"{fmt(r['primaryMetric']['score'])} | {samples(r)} |")

    table("Stage calls (Java, models plus the library's pre- and post-processing)",
          "The stages as the pipeline calls them, on real coco128 photos: decoding excluded, everything else "
          "(resize, tensor building, inference, decoding of outputs, NMS, masks, cut-outs) included. Compare with the "
          "model-only rows above to see what the library adds around each network.",
          lambda b: not b.startswith(OVERHEAD) and not b.startswith(PIPELINE) and b not in MODEL_PARTS)
    table("Library overhead apart from models (Java)",
          "Decoding, resizing, tensor building, cut-outs and sharpness scoring, no model involved "
          "(`OverheadBenchmark`, `DecodeBenchmark`, CLIP's pre-processing).",
          lambda b: b.startswith(OVERHEAD))
    table("Whole pipeline (Java)",
          "The lite model set end to end on four coco128 photos (decode, classify, detect, segment, hero stylize): the "
          "time for the whole album of four.",
          lambda b: b.startswith(PIPELINE))

    out.extend(["", "## Not measured", ""])
    if skipped:
        by_reason: dict[str, list[str]] = {}
        for r in skipped:
            by_reason.setdefault(r["skipped"], []).append(f"`{r['benchmark']}` ({params_text(r.get('params'))})")
        for reason, names in by_reason.items():
            out.append(f"- {', '.join(names)}: {reason}")
    else:
        out.append("- nothing was skipped by the Python reference")
    out.extend([
        "- Stable Diffusion `full`: SD-1.5's UNet alone is a 3.4 GB TorchScript file (a full 4-step 512x512 img2img takes "
        "about 45 s on this 2-core CPU, see /work/shared/EXPORT-NOTES.md), too big to generate and time here, and the "
        "real weights and `diffusers` cannot be downloaded here. Export the real LCM model with "
        "`tools/export/.venv/bin/python tools/export/export.py stable-diffusion --real --out models-full/sd-lcm` on a "
        "bigger machine, copy the folder here and run `tools/bench.sh --full`: the `StylizeBenchmark.sd*` benchmarks then "
        "time it (their setup fails with that instruction while the folder is absent). The eager Python reference covers "
        "the tiny SD parts only (the real ones are diffusers modules).",
        "",
        "## Notes",
        "",
        "- `tiny` models are the committed random-weight test fixtures (a few MB): their times measure per-call "
        "overhead more than arithmetic, so their ratios say how much the Java binding costs around a small network. "
        "`full` models are the real architectures at full size with random weights (same FLOPs as the real ones; "
        "generated into the git-ignored `models-full/` by `export.py clip|sam|grounding-dino --full-random`; Grounding DINO "
        "`full` is traced at 800x800, the checkpoint's own frame is 800x1333, about 1.6x the work).",
        "- The native engines differ in version: Java runs DJL 0.29's libtorch 2.3.1 and onnxruntime 1.18.0, Python runs "
        f"torch {eager['torch']} and onnxruntime {eager['onnxruntime']}; part of a ratio is that difference, not Java. "
        "DJL's PyTorch engine runs TorchScript with its graph-executor optimizer on (the library's default), which "
        "re-optimises on the first calls of each input shape: every benchmark makes a few calls in its setup before "
        "JMH's own warm-up iterations.",
        "- Threads: `-Dai.djl.pytorch.num_threads` / `torch.set_num_threads` and onnxruntime's intra-op threads in "
        "Python are set to the same count; DJL's OnnxRuntime sessions use onnxruntime's default (one per physical "
        "core, the same count on this machine).",
        "- A ratio is only meaningful on an idle machine: compare the load averages above with the core count.",
        *[f"- {n}" for n in args.note],
        "",
    ])
    return "\n".join(out)
