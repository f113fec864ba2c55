#!/usr/bin/env bash
# The lite chain's throughput, Java CLI vs the plain Python script that runs the same models (issue #13):
#   tools/perf/compare.sh [--input DIR] [--models DIR] [--repeats N] [--java-opts "-Dx=y ..."] [-- extra run options]
# Each repeat runs `phototriage run --model-set lite` into a fresh output folder (no resume), then the Python reference
# (tools/perf/lite_reference.py, onnxruntime pinned in requirements.txt) on exactly the photos the Java run segmented.
# Prints each pair (wall photos/s, and CPU seconds user+sys of each process: Java's include JVM start, model loading and
# writing the outputs, Python's its imports and session creation) and the median ratio (Java photos/s / Python
# photos/s; > 1 means Java is faster). Wall time on a shared machine mostly measures the other processes: read the
# load average printed with each pair, and the CPU times, which move much less with the load.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
input="$root/../shared/data/coco128/images"
models="$root/../shared/models"
repeats=3
java_opts=""
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --input) input=$2; shift 2 ;;
    --models) models=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --java-opts) java_opts=$2; shift 2 ;;
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
py() { "$venv/bin/python" -c "$@"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load before: $(load) on $(nproc) cores"
ratios=()
for i in $(seq 1 "$repeats"); do
  out="$work/run-$i"
  load_java=$(load)
  # JAVA_TOOL_OPTIONS reaches the JVM that triage.sh starts; /usr/bin/time's %U %S: the process's CPU seconds
  JAVA_TOOL_OPTIONS="$java_opts" /usr/bin/time -f "%e %U %S" -o "$work/java-$i.time" \
    "$root/triage.sh" run --input "$input" --output "$out" --model-set lite --models "$models" "${extra[@]}" >/dev/null 2>"$work/java-$i.log" \
    || { echo "java run $i failed:"; tail -20 "$work/java-$i.log"; exit 1; }
  read -r java_wall java_user java_sys < "$work/java-$i.time"
  photos=$(py "import json,sys; print(len(json.load(open(sys.argv[1]))['photos']))" "$out/results.json")
  java_rate=$(py "import sys; print(round(int(sys.argv[1]) / float(sys.argv[2]), 3))" "$photos" "$java_wall")
  load_py=$(load)
  pyjson=$(/usr/bin/time -f "%e %U %S" -o "$work/py-$i.time" \
    "$venv/bin/python" "$root/tools/perf/lite_reference.py" --input "$input" --models "$models" --segmented-from "$out/results.json")
  read -r py_wall py_user py_sys < "$work/py-$i.time"
  py_rate=$(py "import json,sys; print(json.loads(sys.argv[1])['photosPerSecond'])" "$pyjson")
  py_loop_cpu=$(py "import json,sys; print(json.loads(sys.argv[1]).get('cpuSeconds', '?'))" "$pyjson")
  ratio=$(py "import sys; print(round(float(sys.argv[1]) / float(sys.argv[2]), 3))" "$java_rate" "$py_rate")
  java_cpu=$(py "import sys; print(round(float(sys.argv[1]) + float(sys.argv[2]), 1))" "$java_user" "$java_sys")
  py_cpu=$(py "import sys; print(round(float(sys.argv[1]) + float(sys.argv[2]), 1))" "$py_user" "$py_sys")
  echo "repeat $i: java $java_rate photos/s (wall ${java_wall}s, JVM start included; CPU ${java_cpu}s; load $load_java)," \
       "python $py_rate photos/s (loop; process wall ${py_wall}s, CPU ${py_cpu}s, loop CPU ${py_loop_cpu}s; load $load_py)" \
       "-> ratio $ratio"
  ratios+=("$ratio")
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "median ratio java/python: $median over $repeats repeats"
echo "load after: $(load)"
