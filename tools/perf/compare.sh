#!/usr/bin/env bash
# The lite chain's throughput, Java CLI vs the plain Python script that runs the same models (issue #13):
#   tools/perf/compare.sh [--input DIR] [--models DIR] [--repeats N] [-- extra run options]
# Each repeat runs `phototriage run --model-set lite` into a fresh output folder (no resume), then the Python reference
# (tools/perf/lite_reference.py, onnxruntime pinned in requirements.txt) on exactly the photos the Java run segmented.
# Prints each pair and the median ratio (Java photos/s / Python photos/s; > 1 means Java is faster).
# Run it on an otherwise idle machine: `uptime` is printed first and last.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
input="$root/../shared/data/coco128/images"
models="$root/../shared/models"
repeats=3
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --input) input=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
venv="$root/tools/perf/.venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r "$root/tools/perf/requirements.txt"
fi
"$root/triage.sh" --help >/dev/null 2>&1 || true   # builds the jar if it is stale, outside the timed runs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "load before: $(uptime)"
ratios=()
for i in $(seq 1 "$repeats"); do
  out="$work/run-$i"
  start=$(date +%s.%N)
  "$root/triage.sh" run --input "$input" --output "$out" --model-set lite --models "$models" "${extra[@]}" >/dev/null 2>"$work/java-$i.log"
  end=$(date +%s.%N)
  photos=$("$venv/bin/python" -c "import json,sys; print(len(json.load(open(sys.argv[1]))['photos']))" "$out/results.json")
  java_rate=$("$venv/bin/python" -c "import sys; print(round(int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2])), 3))" "$photos" "$start" "$end")
  py=$("$venv/bin/python" "$root/tools/perf/lite_reference.py" --input "$input" --models "$models" --segmented-from "$out/results.json")
  py_rate=$("$venv/bin/python" -c "import json,sys; print(json.loads(sys.argv[1])['photosPerSecond'])" "$py")
  ratio=$("$venv/bin/python" -c "import sys; print(round(float(sys.argv[1]) / float(sys.argv[2]), 3))" "$java_rate" "$py_rate")
  echo "repeat $i: java $java_rate photos/s (wall, JVM start included), python $py_rate photos/s -> ratio $ratio"
  ratios+=("$ratio")
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "median ratio java/python: $median over $repeats repeats"
echo "load after: $(uptime)"
