#!/usr/bin/python3
"""Reference optimizer trajectories for OptimizerTrajectoryTest, computed with numpy in float32
from the update rules of Keras 3 (keras/src/optimizers/*.py), independently of Dendrite's code.

Run: /usr/bin/python3 make_trajectories.py > trajectories.txt   (needs python3-numpy)

Format: one case per block.
  case <name> <key=value>...   optimizer and options
  init <values>                initial variables
  step <grads> | <variables after the step>
"""
import numpy as np

f32 = np.float32
N = 7
STEPS = 6


def grads(step):
    i = np.arange(N, dtype=np.float64)
    return (np.sin(1.3 * i + 0.7 * step) * (1 + 0.5 * i) - 0.2).astype(f32)


def init():
    return (np.linspace(-1.5, 2.0, N)).astype(f32)


def sgd(lr, momentum=0.0, nesterov=False):
    state = {}

    def update(v, g, t):
        lr_ = f32(lr)
        if momentum:
            m = state.setdefault("m", np.zeros(N, f32))
            mom = f32(momentum)
            m[:] = m * mom - g * lr_
            if nesterov:
                v += m * mom - g * lr_
            else:
                v += m
        else:
            v -= g * lr_
    return update


def adam(lr, beta1=0.9, beta2=0.999, eps=1e-7, weight_decay=0.0):
    m = np.zeros(N, f32)
    u = np.zeros(N, f32)

    def update(v, g, t):
        lr_ = f32(lr)
        if weight_decay:
            v -= v * (lr_ * f32(weight_decay))
        b1, b2 = f32(beta1), f32(beta2)
        alpha = f32(lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t))
        m[:] = m + (g - m) * (f32(1) - b1)
        u[:] = u + (g * g - u) * (f32(1) - b2)
        v -= (m * alpha) / (np.sqrt(u) + f32(eps))
    return update


def adagrad(lr, initial=0.1, eps=1e-7):
    acc = np.full(N, initial, f32)

    def update(v, g, t):
        acc[:] = acc + g * g
        v -= (f32(lr) * g) / np.sqrt(acc + f32(eps))
    return update


def rmsprop(lr, rho=0.9, momentum=0.0, eps=1e-7, centered=False):
    vel = np.zeros(N, f32)
    avg = np.zeros(N, f32)
    mom = np.zeros(N, f32)

    def update(v, g, t):
        r = f32(rho)
        vel[:] = r * vel + (f32(1) - r) * (g * g)
        if centered:
            avg[:] = r * avg + (f32(1) - r) * g
            den = vel - avg * avg + f32(eps)
        else:
            den = vel + f32(eps)
        inc = (f32(lr) * g) / np.sqrt(den)
        if momentum:
            mom[:] = f32(momentum) * mom + inc
            v -= mom
        else:
            v -= inc
    return update


def clip_value(update, limit):
    def wrapped(v, g, t):
        update(v, np.clip(g, -f32(limit), f32(limit)), t)
    return wrapped


def clip_norm(update, max_norm):
    def wrapped(v, g, t):
        norm = np.sqrt(np.sum(g.astype(np.float64) ** 2))
        if norm > max_norm:
            g = g * f32(max_norm / norm)
        update(v, g, t)
    return wrapped


CASES = [
    ("sgd lr=0.1", sgd(0.1)),
    ("sgd lr=0.05 momentum=0.9", sgd(0.05, 0.9)),
    ("sgd lr=0.05 momentum=0.9 nesterov=true", sgd(0.05, 0.9, True)),
    ("adam lr=0.01", adam(0.01)),
    ("adam lr=0.02 beta1=0.8 beta2=0.99 epsilon=1e-6", adam(0.02, 0.8, 0.99, 1e-6)),
    ("adamw lr=0.01 weight_decay=0.05", adam(0.01, weight_decay=0.05)),
    ("adagrad lr=0.1", adagrad(0.1)),
    ("rmsprop lr=0.01", rmsprop(0.01)),
    ("rmsprop lr=0.01 momentum=0.5 centered=true", rmsprop(0.01, momentum=0.5, centered=True)),
    ("sgd lr=0.1 clip_value=0.5", clip_value(sgd(0.1), 0.5)),
    ("adam lr=0.01 clip_norm=1.0", clip_norm(adam(0.01), 1.0)),
]


def fmt(a):
    return " ".join(repr(float(x)) for x in a)


for name, update in CASES:
    v = init()
    print("case " + name)
    print("init " + fmt(v))
    for t in range(1, STEPS + 1):
        g = grads(t)
        update(v, g.copy(), t)
        print("step " + fmt(g) + " | " + fmt(v))
