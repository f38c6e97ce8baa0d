#!/usr/bin/env bash
# Dendrite and its peers (PyTorch, ONNX Runtime Java) measured in one run on this machine, then one
# Markdown table. Run from the repository root after `mvn -q -DskipTests package`, on a quiet
# machine (2 cores: any other process distorts every figure):
#
#   samples/bench/side-by-side.sh            # ~15 min; results in /tmp/side-by-side
#   SUITE=cnn samples/bench/side-by-side.sh  # the convolutional networks (keras-convnet, lenet5)
#
# Variables: SUITE (mlp or cnn, default mlp), PEERS_DIR (the peers' scripts, default ../shared/peers), OUT (results directory),
# JAVA25 (second JDK), SKIP_PEERS=1 (Dendrite only), ROUNDS (Dendrite runs, default 2: before and
# after the peers, so that a change in the machine's load shows as a spread).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${PEERS_DIR:=$ROOT/../shared/peers}"
: "${SUITE:=mlp}"
: "${OUT:=/tmp/side-by-side-$SUITE}"
: "${JAVA25:=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
: "${ROUNDS:=2}"
: "${PY:=/usr/bin/python3}"
JAR="$ROOT/samples/target/dendrite-samples.jar"
[ -f "$JAR" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
mkdir -p "$OUT"
echo "[side-by-side] $(nproc) cpus, load $(cut -d' ' -f1 /proc/loadavg); results in $OUT" >&2

case "$SUITE" in
  mlp) MODELS="784-300-100-10 1024x1024"; SCALAR_MODEL=784-300-100-10; SCALAR_METRICS=train,latency,throughput ;;
  # Training the convnet on the scalar twin takes tens of minutes: inference only.
  cnn) MODELS="keras-convnet lenet5"; SCALAR_MODEL=keras-convnet; SCALAR_METRICS=latency,throughput ;;
  *) echo "SUITE must be mlp or cnn" >&2; exit 2 ;;
esac

# bench LABEL JAVA [JVM flags...]: all figures of the suite's models, 1 and 2 threads; the label
# names the JDK and kernels in the table.
bench() {
  local label="$1" java="$2"; shift 2
  for t in 1 2; do
    for model in $MODELS; do
      "$java" "$@" -jar "$JAR" bench --model "$model" --threads "$t" 2>/dev/null \
        | sed "s/\"peer\":\"dendrite\"/\"peer\":\"$label\"/" >> "$OUT/dendrite.jsonl"
    done
  done
}

dendrite_round() {
  bench "dendrite jdk17" java --add-modules jdk.incubator.vector
  if [ -x "$JAVA25" ]; then
    bench "dendrite jdk25" "$JAVA25" --add-modules jdk.incubator.vector
  fi
  # The scalar twin: what a user gets without --add-modules.
  "java" -jar "$JAR" bench --model "$SCALAR_MODEL" --threads 1 --metrics "$SCALAR_METRICS" \
    2>/dev/null | sed 's/"peer":"dendrite"/"peer":"dendrite-scalar jdk17"/' >> "$OUT/dendrite.jsonl"
}

: > "$OUT/dendrite.jsonl"
dendrite_round
if [ "${SKIP_PEERS:-0}" != 1 ]; then
  [ -d "$PEERS_DIR" ] || { echo "no peers at $PEERS_DIR (set PEERS_DIR or SKIP_PEERS=1)" >&2; exit 2; }
  : > "$OUT/pytorch.jsonl"
  if [ "$SUITE" = mlp ]; then
    for t in 1 2; do
      "$PY" "$PEERS_DIR/torch_mlp.py" --threads "$t" --models 784-300-100-10 --skip accuracy \
        --out "$OUT/pytorch.jsonl" >/dev/null
    done
    # run_ort.sh appends to its files: start them empty, or a rerun into the same $OUT mixes runs.
    rm -f "$OUT"/onnxruntime-java-jdk*.jsonl
    RESULTS_DIR="$OUT" EXPORT_EPOCHS=0 "$PEERS_DIR/run_ort.sh" >/dev/null
  else
    # torch_cnn.py exports the (untrained) CNNs to ONNX; ONNX Runtime Java runs those files.
    for t in 1 2; do
      "$PY" "$PEERS_DIR/torch_cnn.py" --threads "$t" --models keras-convnet,lenet5 --epochs 0 \
        --onnx-out "$OUT/onnx" --out "$OUT/pytorch.jsonl" >/dev/null
    done
    (cd "$PEERS_DIR/ort-java" && mvn -q -B package)
    : > "$OUT/onnxruntime-java.jsonl"
    # One file: summarize.py labels each line with the java_version it records.
    for java in java "$JAVA25"; do
      command -v "$java" >/dev/null || continue
      "$java" -jar "$PEERS_DIR/ort-java/target/ort-bench.jar" --models-dir "$OUT/onnx" --threads 1,2 \
        --no-accuracy --out "$OUT/onnxruntime-java.jsonl" >/dev/null
    done
  fi
fi
for ((r = 1; r < ROUNDS; r++)); do
  dendrite_round
done
"$PY" "$ROOT/samples/bench/summarize.py" "$OUT"/*.jsonl | tee "$OUT/table.md"
