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
import shutil
import subprocess
import sys

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "onnx")
# The samples' src/main/onnx: copies of fixtures, compiled by the samples' build (the onnx goal).
SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..",
                       "samples", "src", "main", "onnx", "org", "dendrite", "samples", "onnx")
SAMPLE_COPIES = [("mlp.onnx", "torch_mlp.onnx"),
                 ("mlp_784_300_100_10.onnx", "torch_fashion_mlp.onnx"),
                 ("keras_convnet.onnx", "torch_fashion_cnn.onnx"),
                 ("lenet5.onnx", "torch_lenet5.onnx")]


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
    """The 784-300-100-10 MLP of ../shared/peers (ReLU, softmax output), randomly initialised
    (Glorot, by randomize_cnn: uniform weights in [-1, 1] gave logits near 1,000 on Fashion-MNIST
    images, where float32 rounding alone moves a probability by more than 1e-5): the size of the
    issue's figures."""
    return nn.Sequential(nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 100), nn.ReLU(),
                         nn.Linear(100, 10), nn.Softmax(dim=1))


def randomize_cnn(model, seed):
    """Glorot-uniform weights (as the peers initialise them), small random biases and random
    batch-normalisation statistics and scales, from one seed: activations stay in a trained
    network's range through a deep stack, so the 1e-5 comparison means something."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                fan_out = m.weight.shape[0] * m.weight[0, 0].numel()
                fan_in = m.weight[0].numel()
                bound = (6.0 / (fan_in + fan_out)) ** 0.5
                m.weight.copy_((torch.rand(m.weight.shape, generator=g) * 2 - 1) * bound)
                if m.bias is not None:
                    m.bias.copy_((torch.rand(m.bias.shape, generator=g) * 2 - 1) * 0.1)
            elif isinstance(m, nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=g) + 0.5)
                m.bias.copy_((torch.rand(m.bias.shape, generator=g) * 2 - 1) * 0.5)
                m.running_mean.copy_((torch.rand(m.running_mean.shape, generator=g) * 2 - 1) * 0.5)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) * 2 + 0.2)
    return model.eval()


class ToImage(nn.Module):
    """[batch, 784] -> [batch, 1, 28, 28], as the peers' torch_cnn.py exports its CNNs."""

    def forward(self, x):
        return x.reshape(-1, 1, 28, 28)


def keras_convnet():
    """keras-convnet of ../shared/peers/torch_cnn.py (build("keras-convnet")), NCHW input:
    Conv 32 3x3 relu, MaxPool 2, Conv 64 3x3 relu, MaxPool 2, Flatten, Dropout, Linear 1600->10.
    Copied, not imported: that script parses its command line when it is imported."""
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))


def lenet5():
    """lenet5 of ../shared/peers/torch_cnn.py, with its flat [batch, 784] input reshaped inside
    as the peers export it: Conv 6 5x5 pad 2 relu, MaxPool 2, Conv 16 5x5 relu, MaxPool 2,
    Flatten, Linear 400->120 relu, 120->84 relu, 84->10."""
    return nn.Sequential(ToImage(), nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                         nn.Linear(84, 10))


class ResidualNet(nn.Module):
    """A small residual CNN for 28x28x1 images: a stem with BatchNorm, a residual block whose
    Add is followed by a standalone ReLU, max pooling, two branches joined by a Concat on the
    channel axis, average pooling, global average pooling, Flatten and a Linear with softmax."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 8, 3, padding=1)
        self.stem_bn = nn.BatchNorm2d(8)
        self.conv_a = nn.Conv2d(8, 8, 3, padding=1, bias=False)
        self.bn_a = nn.BatchNorm2d(8, eps=1e-3)
        self.conv_b = nn.Conv2d(8, 8, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.left = nn.Conv2d(8, 4, 1)
        self.right = nn.Conv2d(8, 6, 3, padding=1)
        self.avg = nn.AvgPool2d(2, count_include_pad=False)  # True adds a Pad node
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(10, 10)

    def forward(self, x):
        x = torch.relu(self.stem_bn(self.stem(x)))
        y = self.conv_b(torch.relu(self.bn_a(self.conv_a(x))))
        x = self.pool(torch.relu(x + y))
        x = torch.cat([torch.relu(self.left(x)), torch.sigmoid(self.right(x))], dim=1)
        x = torch.flatten(self.gap(self.avg(x)), 1)
        return torch.softmax(self.fc(x), dim=1)


class ChannelsNet(nn.Module):
    """Three input channels (the caller feeds Dendrite channels-last), a 4x4 stride-2
    convolution with padding 1 (on 8x8, the padding SAME gives), average pooling with SAME padding
    that does not count the padding, BatchNorm, and a Flatten of 4 channels into a Linear."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 5, 4, stride=2, padding=1)
        self.avg = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
        self.bn = nn.BatchNorm2d(5)
        self.conv2 = nn.Conv2d(5, 4, 2, stride=2)
        self.fc = nn.Linear(4 * 2 * 2, 3)

    def forward(self, x):
        x = torch.tanh(self.bn(self.avg(torch.relu(self.conv(x)))))
        return self.fc(torch.flatten(self.conv2(x), 1))


class PadsNet(nn.Module):
    """PyTorch's explicit padding, which is not SAME's on these sizes: on a 16x16 input, a 3x3
    stride-2 convolution with padding=1 (pads [1, 1, 1, 1]; SAME adds [0, 1]), a 5x5 with
    padding=1, a 3x3 stride-2 max pooling with padding=1, a ZeroPad2d((1, 2, 0, 1)) (left,
    right, top, bottom) folded into the 3x3 convolution after it, and an average pooling that
    does not count its padding."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(6, 8, 5, padding=1)
        self.pool = nn.MaxPool2d(3, stride=2, padding=1)
        self.pad = nn.ZeroPad2d((1, 2, 0, 1))
        self.conv3 = nn.Conv2d(8, 4, 3)
        self.avg = nn.AvgPool2d(2, stride=1, padding=1, count_include_pad=False)
        self.fc = nn.Linear(4 * 3 * 5, 5)

    def forward(self, x):
        x = torch.relu(self.conv1(x))    # 8x8
        x = torch.relu(self.conv2(x))    # 6x6
        x = self.pool(x)                 # 3x3
        x = torch.tanh(self.conv3(self.pad(x)))  # 4x6 padded, 2x4
        x = self.avg(x)                  # 3x5
        return self.fc(torch.flatten(x, 1))


def export(model, sample_shape, name, opset, keep_batchnorm=False):
    """keep_batchnorm: export BatchNormalization nodes as they are (training mode PRESERVE of a
    model in evaluation mode) instead of letting the exporter fold them into the convolutions."""
    path = os.path.join(OUT, name)
    mode = torch.onnx.TrainingMode.PRESERVE if keep_batchnorm else torch.onnx.TrainingMode.EVAL
    torch.onnx.export(model, torch.zeros((2,) + sample_shape), path, opset_version=opset,
                      training=mode, input_names=["input"], output_names=["output"],
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
        (export(randomize_cnn(peer_mlp(), 4), (784,), "mlp_784_300_100_10.onnx", 17),
         "peer_mlp(), randomize_cnn seed 4, opset 17"),
        (export(randomize_cnn(keras_convnet(), 5), (1, 28, 28), "keras_convnet.onnx", 17),
         "keras_convnet(), seed 5, opset 17"),
        (export(randomize_cnn(lenet5(), 6), (784,), "lenet5.onnx", 17),
         "lenet5(), seed 6, opset 17"),
        (export(randomize_cnn(ResidualNet(), 7), (1, 28, 28), "residual.onnx", 17,
                keep_batchnorm=True),
         "ResidualNet, seed 7, opset 17"),
        (export(randomize_cnn(ChannelsNet(), 8), (3, 8, 8), "channels.onnx", 13,
                keep_batchnorm=True),
         "ChannelsNet, seed 8, opset 13"),
        (export(randomize_cnn(PadsNet(), 9), (1, 16, 16), "pads.onnx", 17), "PadsNet, seed 9, opset 17"),
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
    for fixture, copy in SAMPLE_COPIES:
        shutil.copyfile(os.path.join(OUT, fixture), os.path.join(SAMPLES, copy))


if __name__ == "__main__":
    main()
