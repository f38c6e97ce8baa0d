#!/usr/bin/env bash
# Dendrite and its peers (PyTorch, ONNX Runtime Java) measured in one run on this machine, then one
# Markdown table. Run from the repository root after `mvn -q install -DskipTests`, on a quiet
# machine (2 cores: any other process distorts every figure):
#
#   samples/bench/side-by-side.sh            # ~15 min; results in /tmp/side-by-side
#
# Variables: PEERS_DIR (the peers' scripts, default ../shared/peers), OUT (results directory),
# JAVA25 (second JDK), SKIP_PEERS=1 (Dendrite only), ROUNDS (Dendrite runs, default 2: before and
# after the peers, so that a change in the machine's load shows as a spread).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${PEERS_DIR:=$ROOT/../shared/peers}"
: "${OUT:=/tmp/side-by-side}"
: "${JAVA25:=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
: "${ROUNDS:=2}"
: "${PY:=/usr/bin/python3}"
JAR="$ROOT/samples/target/dendrite-samples.jar"
[ -f "$JAR" ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 2; }
mkdir -p "$OUT"
echo "[side-by-side] $(nproc) cpus, load $(cut -d' ' -f1 /proc/loadavg); results in $OUT" >&2

# bench LABEL JAVA [JVM flags...]: all figures of the two MLPs and the 1024x1024 layer, 1 and 2
# threads; the label names the JDK and kernels in the table.
bench() {
  local label="$1" java="$2"; shift 2
  for t in 1 2; do
    for model in 784-300-100-10 1024x1024; do
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
  "java" -jar "$JAR" bench --model 784-300-100-10 --threads 1 --metrics train,latency,throughput \
    2>/dev/null | sed 's/"peer":"dendrite"/"peer":"dendrite-scalar jdk17"/' >> "$OUT/dendrite.jsonl"
}

: > "$OUT/dendrite.jsonl"
dendrite_round
if [ "${SKIP_PEERS:-0}" != 1 ]; then
  [ -d "$PEERS_DIR" ] || { echo "no peers at $PEERS_DIR (set PEERS_DIR or SKIP_PEERS=1)" >&2; exit 2; }
  for t in 1 2; do
    "$PY" "$PEERS_DIR/torch_mlp.py" --threads "$t" --models 784-300-100-10 --skip accuracy \
      --out "$OUT/pytorch.jsonl" >/dev/null
  done
  RESULTS_DIR="$OUT" EXPORT_EPOCHS=0 "$PEERS_DIR/run_ort.sh" >/dev/null
fi
for ((r = 1; r < ROUNDS; r++)); do
  dendrite_round
done
"$PY" "$ROOT/samples/bench/summarize.py" "$OUT"/*.jsonl | tee "$OUT/table.md"
