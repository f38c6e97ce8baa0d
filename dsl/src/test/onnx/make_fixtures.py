#!/usr/bin/python3
"""Writes the ONNX test fixtures of dsl/src/test/resources/onnx from PyTorch.

    /usr/bin/python3 dsl/src/test/onnx/make_fixtures.py

Needs Debian's python3-torch (apt-get install python3-torch; 1.13.1 on Debian 12) and nothing
else: torch.onnx.export writes the files without the onnx package. Every weight is drawn from a
seeded generator, and batch-normalisation statistics are set far from their defaults, so that a
layout, transpose or epsilon mistake in the importer changes the predictions. The tests compare
Dendrite's predictions with ONNX Runtime's on these files; the files are committed so that the
build does not need Python. Re-running the script on the same torch version writes the same
files; PROVENANCE.md beside them records the version and each file's SHA-256.
"""
import hashlib
import os
import subprocess
import sys

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx")


def randomize(model, seed):
    """Uniform weights and non-trivial running statistics, from one seed."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.rand(p.shape, generator=g) * 2 - 1)
        for m in model.modules():
            if isinstance(m, nn.BatchNorm1d):
                m.running_mean.copy_(torch.rand(m.running_mean.shape, generator=g) * 2 - 1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) * 2 + 0.2)
    return model.eval()


def mlp():
    """Every dense operator: Flatten of a [1, 4, 5] sample, Gemm with and without bias, each
    activation, a dropout (gone in evaluation mode) and a BatchNorm1d."""
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(20, 16), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(16, 12, bias=False), nn.LeakyReLU(0.1),
        nn.BatchNorm1d(12, eps=1e-3), nn.Tanh(),
        nn.Linear(12, 8), nn.Sigmoid(),
        nn.Linear(8, 6), nn.Softplus(),
        nn.Linear(6, 3), nn.Softmax(dim=1))


class MatMulNet(nn.Module):
    """MatMul + Add instead of Gemm, and a Reshape to [-1, 20] instead of a Flatten."""

    def __init__(self):
        super().__init__()
        self.w1 = nn.Parameter(torch.empty(20, 10))
        self.b1 = nn.Parameter(torch.empty(10))
        self.w2 = nn.Parameter(torch.empty(10, 4))

    def forward(self, x):
        x = x.reshape(-1, 20)
        x = torch.relu(x @ self.w1 + self.b1)
        return x @ self.w2


def unsupported():
    """An ELU, which Dendrite does not have: the import must fail naming the node."""
    return nn.Sequential(nn.Linear(6, 5), nn.ELU(), nn.Linear(5, 2))


def peer_mlp():
    """The 784-300-100-10 MLP of ../shared/peers (ReLU, softmax output), randomly initialised:
    the size of the issue's figures."""
    return nn.Sequential(nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(),
                         nn.Linear(100, 10), nn.Softmax(dim=1))


def export(model, sample_shape, name, opset):
    path = os.path.join(OUT, name)
    torch.onnx.export(model, torch.zeros((2,) + sample_shape), path, opset_version=opset,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    return path


def main():
    os.makedirs(OUT, exist_ok=True)
    files = [
        (export(randomize(mlp(), 1), (1, 4, 5), "mlp.onnx", 17), "mlp(), seed 1, opset 17"),
        (export(randomize(mlp(), 1), (1, 4, 5), "mlp_opset11.onnx", 11),
         "mlp(), seed 1, opset 11"),
        (export(randomize(MatMulNet(), 2), (4, 5), "matmul.onnx", 13),
         "MatMulNet, seed 2, opset 13"),
        (export(randomize(unsupported(), 3), (6,), "elu.onnx", 17), "unsupported(), seed 3"),
        (export(randomize(peer_mlp(), 4), (784,), "mlp_784_300_100_10.onnx", 17),
         "peer_mlp(), seed 4, opset 17"),
    ]
    try:
        package = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "python3-torch"],
                                 capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        package = "not from Debian"
    with open(os.path.join(OUT, "PROVENANCE.md"), "w") as f:
        f.write("# ONNX test fixtures\n\n")
        f.write("Written by `dsl/src/test/onnx/make_fixtures.py` with PyTorch %s (python3-torch"
                " %s), Python %s. Weights are seeded random values, not trained.\n\n"
                % (torch.__version__, package, sys.version.split()[0]))
        f.write("| file | model | SHA-256 |\n| --- | --- | --- |\n")
        for path, what in files:
            with open(path, "rb") as g:
                digest = hashlib.sha256(g.read()).hexdigest()
            f.write("| %s | %s | %s |\n" % (os.path.basename(path), what, digest))


if __name__ == "__main__":
    main()
