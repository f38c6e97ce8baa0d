#!/usr/bin/env bash
# Start-up to the first prediction, and the bytes shipped, of the onnx sample's two imported
# networks (samples/src/main/onnx) against ONNX Runtime Java on the same ONNX files. Run from the
# repository root after `mvn -q -DskipTests package`, on a quiet machine:
#
#   samples/bench/first-prediction.sh        # RUNS fresh JVMs per case (default 7); prints medians
#
# Each case is a fresh `java` process, timed from its start to its exit after one prediction
# (FirstPrediction.java). Dendrite's class path holds only what a user ships: the runtime jar and
# the generated Frozen class with its weights resource; ONNX Runtime's its jar and the .onnx file.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${RUNS:=7}"
: "${JAVA:=java}"
: "${ORT_JAR:=$(ls ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar)}"
RUNTIME_JAR="$(ls "$ROOT"/runtime/target/dendrite-runtime-*.jar | grep -v -e sources -e javadoc | head -1)"
CLASSES="$ROOT/samples/target/classes/org/dendrite/samples/onnx"
ONNX="$ROOT/samples/src/main/onnx/org/dendrite/samples/onnx"
[ -f "$CLASSES/FrozenTorchFashionCnn.class" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/harness" "$WORK/shipped/org/dendrite/samples/onnx"
javac --release 17 -d "$WORK/harness" -cp "$ORT_JAR" "$ROOT/samples/bench/FirstPrediction.java"
for n in TorchFashionCnn TorchFashionMlp; do
  cp "$CLASSES/Frozen$n.class" "$CLASSES/Frozen$n.bin" "$WORK/shipped/org/dendrite/samples/onnx/"
done

size() { stat -c %s "$@" | paste -sd+ | bc; }
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p') family $(lscpu | sed -n 's/^CPU family: *//p')" \
  "model $(lscpu | sed -n 's/^Model: *//p'), $(nproc) cpus; $("$JAVA" -version 2>&1 | head -1)"
echo "runtime jar $(basename "$RUNTIME_JAR"): $(size "$RUNTIME_JAR") bytes; ONNX Runtime jar: $(size "$ORT_JAR") bytes"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_case() { # label, then the java arguments
  local label="$1"; shift
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$JAVA" "$@" > /dev/null 2> "$WORK/err" || { cat "$WORK/err" >&2; exit 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%-44s median %5d ms of %d runs (%s)\n' "$label" \
    "$(printf '%s\n' "${times[@]}" | median)" "$RUNS" "${times[*]}"
}

for pair in "TorchFashionCnn torch_fashion_cnn cnn" "TorchFashionMlp torch_fashion_mlp mlp"; do
  set -- $pair
  echo "$1: shipped with Dendrite $(( $(size "$RUNTIME_JAR") + $(size "$CLASSES/Frozen$1.class" "$CLASSES/Frozen$1.bin") )) bytes" \
    "(Frozen$1.class $(size "$CLASSES/Frozen$1.class"), .bin $(size "$CLASSES/Frozen$1.bin")); with ONNX Runtime" \
    "$(( $(size "$ORT_JAR") + $(size "$ONNX/$2.onnx") )) bytes ($2.onnx $(size "$ONNX/$2.onnx"))"
  time_case "$1 Dendrite (vector kernels)" --add-modules jdk.incubator.vector \
    -cp "$WORK/harness:$RUNTIME_JAR:$WORK/shipped" FirstPrediction dendrite "$1"
  time_case "$1 Dendrite (scalar kernels)" \
    -cp "$WORK/harness:$RUNTIME_JAR:$WORK/shipped" FirstPrediction dendrite "$1"
  time_case "$1 ONNX Runtime" -cp "$WORK/harness:$ORT_JAR" FirstPrediction ort "$ONNX/$2.onnx" "$3"
done
