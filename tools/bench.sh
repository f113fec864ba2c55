#!/usr/bin/env bash
# Runs the JMH suite (triage-bench) and the Python reference (export.py bench-eager) on this machine, one after the
# other, and writes the Java/Python ratio table to docs/performance.md.
#
#   tools/bench.sh            # tiny fixtures + the real lite models, short iterations (about 10 minutes on 2 cores)
#   tools/bench.sh --full     # also the full-size random-weight exports found in models-full/ (clip-vit-b32,
#                             # sam-vit-base, grounding-dino-tiny; sd-lcm if a real export was copied there): about
#                             # 6 minutes more on 2 cores per family (SAM ViT-B's encoder alone takes ~10 s a call
#                             # there, Grounding DINO-T at 800x800 ~8 s), fewer samples per part
#   tools/bench.sh --no-build # reuse triage-bench/target/benchmarks.jar
#
# Full-size folders are made on demand (git-ignored), from the repository root:
#   tools/export/.venv/bin/python tools/export/export.py clip --full-random --out models-full/clip-vit-b32 --bpe-vocab open_clip_torch-*.whl
#   tools/export/.venv/bin/python tools/export/export.py sam --full-random --out models-full/sam-vit-base     # ~3.6 GB RAM
#   tools/export/.venv/bin/python tools/export/export.py grounding-dino --full-random --out models-full/grounding-dino-tiny
#                                                                         # ~4 GB RAM, ~3 minutes on 2 cores
# Stable Diffusion at full size needs the real export (export.py stable-diffusion --real) on a bigger machine.
#
# Environment: PHOTOTRIAGE_PYTHON (default tools/export/.venv/bin/python), PHOTOTRIAGE_SHARED (default ../shared),
# BENCH_THREADS (intra-op threads on both sides, default 2), BENCH_FILTER (JMH regex for the tiny pass, default all),
# JMH_OPTS (default "-wi 2 -i 3 -w 1s -r 1s -f 1"), JMH_FULL_OPTS (default "-wi 1 -i 3 -w 1s -r 1s -f 1"), JAVA_OPTS (for the JMH launcher JVM, e.g.
# -Djmh.ignoreLock=true when another JMH run holds /tmp/jmh.lock).
# Intermediate results: build/bench/{jmh-tiny.json,jmh-full.json,eager-tiny.json,eager-full.json,jmh-*.log}.
set -euo pipefail
cd "$(dirname "$0")/.."

full=false
build=true
for arg in "$@"; do
  case "$arg" in
    --full) full=true ;;
    --no-build) build=false ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

PY=${PHOTOTRIAGE_PYTHON:-tools/export/.venv/bin/python}
SHARED=$(cd "${PHOTOTRIAGE_SHARED:-../shared}" && pwd)
THREADS=${BENCH_THREADS:-2}
JMH_OPTS=${JMH_OPTS:--wi 2 -i 3 -w 1s -r 1s -f 1}
JMH_FULL_OPTS=${JMH_FULL_OPTS:--wi 1 -i 3 -w 1s -r 1s -f 1}
OUT=build/bench
mkdir -p "$OUT"
[ -x "$PY" ] || { echo "no Python at $PY: run tools/export/setup.sh or set PHOTOTRIAGE_PYTHON" >&2; exit 1; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average at start: $load_start ($(nproc) cores)"

if $build; then
  mvn -B -o -q -pl triage-bench -am package -DskipTests
fi
jar=triage-bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "$jar missing: run without --no-build" >&2; exit 1; }

# Sample mode: every call is timed, the report takes the median. One fork per benchmark and parameter set.
jvm_args="-Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1 -Dphototriage.shared=$SHARED"
common=(-bm sample -tu ms -rf json -jvmArgsAppend "$jvm_args")
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -jar "$jar" ${BENCH_FILTER:-} $JMH_OPTS "${common[@]}" -p variant=tiny -rff "$OUT/jmh-tiny.json" 2>&1 | tee "$OUT/jmh-tiny.log"
jmh_files=("$OUT/jmh-tiny.json")

# The TorchScript model-only benchmarks again with DJL's graph-executor optimizer off (a separate column in the report).
if [ -z "${BENCH_FILTER:-}" ]; then
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -jar "$jar" 'ClassifyBenchmark\.clipImageTower' 'SegmentBenchmark\.sam(ImageEncoder|MaskDecoder)' \
    'StylizeBenchmark\.sd(TextEncoder|UnetStep|VaeEncode|VaeDecode)' $JMH_OPTS -bm sample -tu ms -rf json \
    -jvmArgsAppend "$jvm_args -Dai.djl.pytorch.graph_optimizer=false" \
    -p variant=tiny -rff "$OUT/jmh-tiny-no-graph-optimizer.json" 2>&1 | tee "$OUT/jmh-tiny-no-graph-optimizer.log"
  jmh_files+=("$OUT/jmh-tiny-no-graph-optimizer.json")
fi

if $full; then
  patterns=()
  [ -f models-full/clip-vit-b32/manifest.json ] && patterns+=('ClassifyBenchmark\.clip')
  # samSegment is samEmbed + samMaskDecoder + post-processing (timed on tiny): not repeated at ~10 s a call
  [ -f models-full/sam-vit-base/manifest.json ] && patterns+=('SegmentBenchmark\.sam(ImageEncoder|Embed|MaskDecoder)')
  [ -f models-full/grounding-dino-tiny/manifest.json ] && patterns+=('DetectBenchmark\.groundingDino')
  [ -f models-full/sd-lcm/manifest.json ] && patterns+=('StylizeBenchmark\.sd')
  if [ ${#patterns[@]} -gt 0 ]; then
    # shellcheck disable=SC2086
    java ${JAVA_OPTS:-} -jar "$jar" "${patterns[@]}" $JMH_FULL_OPTS "${common[@]}" -p variant=full -rff "$OUT/jmh-full.json" \
      2>&1 | tee "$OUT/jmh-full.log"
    jmh_files+=("$OUT/jmh-full.json")
  else
    echo "--full: no full-size model folder in models-full/ (see the top of this script for how to make them)"
  fi
fi

PHOTOTRIAGE_SHARED=$SHARED "$PY" tools/export/export.py bench-eager --variant tiny --threads "$THREADS" \
  --out "$OUT/eager-tiny.json"
eager_files=("$OUT/eager-tiny.json")
if $full; then
  # full-size parts take up to ~10 s a call here: fewer warm-up calls and samples
  PHOTOTRIAGE_SHARED=$SHARED "$PY" tools/export/export.py bench-eager --variant full --no-lite --threads "$THREADS" \
    --warmup 2 --min-samples 3 --budget-s 2 --out "$OUT/eager-full.json"
  eager_files+=("$OUT/eager-full.json")
fi

"$PY" tools/export/export.py bench-report --jmh "${jmh_files[@]}" --eager "${eager_files[@]}" --out docs/performance.md \
  --load-start "$load_start" --java "$(java -version 2>&1 | head -1)" --jmh-options "tiny: $JMH_OPTS; full: $JMH_FULL_OPTS" \
  --command "tools/bench.sh $*"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
