#!/usr/bin/python3
"""The side-by-side table and the performance issue's ratios from JSON lines.

    summarize.py /tmp/side-by-side/*.jsonl

Every measurement is shown (rounds joined by ' / '); ratios use the best value of each cell
(max for rates, min for latencies), so that a busy moment of the machine does not decide them.
"""
import json
import statistics
import sys
from collections import OrderedDict, defaultdict

LOWER_IS_BETTER = ("_us", "_epoch_s")  # samples_per_s ends in "_s" too


# What each peer ran on, from the lines that name it: the CPU (Dendrite's bench) and PyTorch's BLAS.
CONTEXT = defaultdict(set)


def load(paths):
    cells = defaultdict(list)
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line.startswith("{"):
                    continue
                r = json.loads(line)
                peer = r["peer"]
                for key in ("cpu", "blas_kernel"):
                    if key in r:
                        CONTEXT[key].add(str(r[key]))
                if peer == "pytorch" and "blas_kernel" not in r and r["metric"].endswith("_s"):
                    CONTEXT["pytorch_without_blas"].add(r["model"])
                if peer == "onnxruntime-java" and "java_version" in r:
                    peer += " jdk" + r["java_version"].split(".")[0]
                if r["metric"] in ("test_accuracy", "exported_test_accuracy", "train_epoch_s"):
                    continue
                cells[(r["model"], r["metric"], r["batch"], peer, r["threads"])].append(r["value"])
                if "train_gflops" in r:
                    cells[(r["model"], "train_gflops", r["batch"], peer, r["threads"])].append(
                        r["train_gflops"])
    return cells


def best(values, metric):
    return min(values) if metric.endswith(LOWER_IS_BETTER) else max(values)


def table(cells):
    rows = OrderedDict()
    cols = OrderedDict()
    for (model, metric, batch, peer, threads) in cells:
        rows[(model, metric, batch)] = True
        cols[(peer, threads)] = True
    cols = sorted(cols, key=lambda c: (not c[0].startswith("dendrite"), c[0], c[1]))
    out = ["| model | metric | batch | " + " | ".join(f"{p} t={t}" for p, t in cols) + " |",
           "|---|---|---|" + "---|" * len(cols)]
    for row in sorted(rows):
        vals = []
        for p, t in cols:
            v = cells.get(row + (p, t))
            vals.append("" if not v else " / ".join(f"{x:,.4g}" for x in v))
        out.append(f"| {row[0]} | {row[1]} | {row[2]} | " + " | ".join(vals) + " |")
    return "\n".join(out)


def ratios(cells):
    def get(model, metric, batch, peer, threads):
        v = cells.get((model, metric, batch, peer, threads))
        return best(v, metric) if v else None

    lines = []

    def ratio(what, a, b, target=None):
        if a is None or b is None:
            lines.append(f"- {what}: not measured")
            return
        r = a / b
        verdict = "" if target is None else (" (target ≥ %g: %s)" % (target, "met" if r >= target else "missed"))
        lines.append(f"- {what}: {r:.2f}×{verdict}")

    d = "dendrite jdk17"
    if any(k[0] == "keras-convnet" for k in cells):
        cnn_ratios(get, ratio, lines, d)
    if not any(k[0] == "784-300-100-10" for k in cells):
        return "\n".join(lines)
    m = "784-300-100-10"
    for t in (1, 2):
        ratio(f"training b32 vs PyTorch, {t} thread(s)", get(m, "train_samples_per_s", 32, d, t),
              get(m, "train_samples_per_s", 32, "pytorch", t), 2)
        ratio(f"training b128 vs PyTorch, {t} thread(s)", get(m, "train_samples_per_s", 128, d, t),
              get(m, "train_samples_per_s", 128, "pytorch", t), 1.5)
        ratio(f"inference b256 vs ONNX Runtime Java (jdk17), {t} thread(s)",
              get(m, "infer_samples_per_s", 256, d, t),
              get(m, "infer_samples_per_s", 256, "onnxruntime-java jdk17", t), 2)
        lat = get(m, "infer_latency_us", 1, d, t)
        ort = get(m, "infer_latency_us_prealloc", 1, "onnxruntime-java jdk17", t)
        lines.append(f"- batch-1 latency, {t} thread(s): {lat} µs (target ≤ {40 if t == 1 else 25};"
                     f" ONNX Runtime Java with reused buffers {ort} µs)")
    for t in (1, 2):
        peak = get(m, "peak_gflops", 0, d, t)
        b128 = get(m, "train_gflops", 128, d, t)
        if peak and b128:
            lines.append(f"- training b128, {t} thread(s): {b128:.1f} GFLOP/s = "
                         f"{100 * b128 / peak:.0f}% of the FMA peak {peak:.1f} (target ≥ 60%)")
        layer = get("1024x1024", "gflops", 256, d, t)
        layer_peak = get("1024x1024", "peak_gflops", 0, d, t)
        if peak and layer and layer_peak:
            lines.append(f"- 1024x1024 layer, {t} thread(s): {layer:.1f} GFLOP/s = "
                         f"{100 * layer / layer_peak:.0f}% of the FMA peak {layer_peak:.1f} (target ≥ 60%)")
    ratio("training b128, 2 threads vs 1", get(m, "train_samples_per_s", 128, d, 2),
          get(m, "train_samples_per_s", 128, d, 1), 1.7)
    for metric, batch in (("train_samples_per_s", 128), ("infer_samples_per_s", 256)):
        ratio(f"{metric} b{batch}, JDK 17 vs JDK 25 (1 thread)", get(m, metric, batch, d, 1),
              get(m, metric, batch, "dendrite jdk25", 1))
        ratio(f"{metric} b{batch}, scalar fallback vs vector (1 thread)",
              get(m, metric, batch, "dendrite-scalar jdk17", 1), get(m, metric, batch, d, 1))
    return "\n".join(lines)


def cnn_ratios(get, ratio, lines, d):
    """The convolution issue's targets, per CNN and thread count."""
    ort = "onnxruntime-java jdk17"
    for m in ("keras-convnet", "lenet5"):
        for t in (1, 2):
            for batch in (32, 128):
                ratio(f"{m} training b{batch} vs PyTorch, {t} thread(s)",
                      get(m, "train_samples_per_s", batch, d, t),
                      get(m, "train_samples_per_s", batch, "pytorch", t), 3)
            ratio(f"{m} inference b256 vs ONNX Runtime Java (jdk17), {t} thread(s)",
                  get(m, "infer_samples_per_s", 256, d, t), get(m, "infer_samples_per_s", 256, ort, t),
                  1.5)
            # Latency: the target is ONNX Runtime's with reused buffers or less, so its ratio ≥ 1.
            ratio(f"{m} batch-1 latency, ONNX Runtime Java (reused buffers) / Dendrite, {t} thread(s)",
                  get(m, "infer_latency_us_prealloc", 1, ort, t), get(m, "infer_latency_us", 1, d, t), 1)
            peak = get(m, "peak_gflops", 0, d, t)
            for batch in (32, 128):
                rate = get(m, "train_gflops", batch, d, t)
                if peak and rate:
                    lines.append(f"- {m} training b{batch}, {t} thread(s): {rate:.1f} GFLOP/s = "
                                 f"{100 * rate / peak:.0f}% of the FMA peak {peak:.1f}")


def main(paths):
    cells = load(paths)
    print(table(cells))
    print()
    print(context())
    print(ratios(cells))


def context():
    out = []
    if CONTEXT["cpu"]:
        out.append("- CPU: " + "; ".join(sorted(CONTEXT["cpu"])))
    if CONTEXT["blas_kernel"]:
        out.append("- PyTorch's BLAS kernel: " + "; ".join(sorted(CONTEXT["blas_kernel"])))
    if CONTEXT["pytorch_without_blas"]:
        # Seen here: a machine image with Debian's reference libblas3 only, where PyTorch trained
        # 784-300-100-10 ten times slower than on OpenBLAS. Such a peer is not worth comparing.
        out.append("- WARNING: PyTorch's lines for " + ", ".join(sorted(CONTEXT["pytorch_without_blas"]))
                   + " name no BLAS kernel (no OpenBLAS or no threadpoolctl): install "
                   "libopenblas0-pthread and python3-threadpoolctl and run again before comparing")
    return "\n".join(out) + ("\n" if out else "")


if __name__ == "__main__":
    main(sys.argv[1:])
