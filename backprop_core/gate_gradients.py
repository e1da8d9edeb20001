"""Each gate's local gradient, and lectures 002-004's small gradients written out by hand.

A computational graph (:class:`backprop_core.Value`) is built from gates; the backward pass multiplies,
at every gate, the upstream gradient by the gate's *local* gradient ``d output / d input``:

* :func:`local_gradients`: that local gradient for every kind of gate, written with the gate's own numbers
  (add distributes ``[1, 1]``, mul swaps ``[y, x]``, max routes, the sigmoid's is ``s (1 - s)``);
* :func:`staged_sigmoid_neuron`: lecture 003's staged code for a sigmoid neuron, line for line, beside
  :func:`value_sigmoid_neuron` (the same neuron through ``Value.backward()``);
* :func:`linear_regression_gradients`: lecture 004's ``dC/dw_i = (z - y) x_i`` by hand.

Left out: the graph engine itself (:mod:`backprop_core.graph`) and the drawing of a graph
(``backprop_lab.graphview``).
"""
from __future__ import annotations

import math

from .graph import Value

__all__ = ["GATES", "local_gradients", "staged_sigmoid_neuron", "value_sigmoid_neuron",
           "linear_regression_gradients"]

#: The gates :func:`local_gradients` knows (and powers ``'**n'``).
GATES = ("+", "-", "*", "/", "neg", "exp", "log", "sigmoid", "tanh", "relu", "max")


def local_gradients(node):
    """The local gradient ``d node / d input`` for each input of ``node``, in order.

    A table keyed by the operation, each rule written with the node's own
    numbers (the sigmoid's with its output: ``s (1 - s)``)::

        q = x + y   ->  [1, 1]          (add gate: distributes)
        f = q * z   ->  [z, q]          (mul gate: swaps)
        m = max(a, b) -> [1, 0] if a >= b  (max gate: routes)

    Raises ``ValueError`` for an operation the table does not know.
    """
    op, ins, out = node.op, node.inputs, node.data
    if op == "+":
        return [1.0, 1.0]
    if op == "-":
        return [1.0, -1.0]
    if op == "*":
        return [ins[1].data, ins[0].data]
    if op == "/":
        a, b = ins[0].data, ins[1].data
        return [1.0 / b, (-a / b) / b]
    if op == "neg":
        return [-1.0]
    if op.startswith("**"):
        n = float(op[2:])
        return [0.0 if n == 0 else n * ins[0].data ** (n - 1)]
    if op == "exp":
        return [out]
    if op == "log":
        return [1.0 / ins[0].data]
    if op == "sigmoid":
        return [out * (1.0 - out)]
    if op == "tanh":
        return [1.0 - out * out]
    if op == "relu":
        return [1.0 if ins[0].data > 0 else 0.0]
    if op == "max":
        first = ins[0].data >= ins[1].data
        return [1.0 if first else 0.0, 0.0 if first else 1.0]
    raise ValueError(f"no local-gradient rule for the operation {op!r} (node {node!r}); "
                     f"known: {sorted(GATES)} and '**n'.")


def staged_sigmoid_neuron(w0, x0, w1, x1, w2):
    """Lecture 003's staged code, line for line (plain floats)."""
    def sigmoid(s):
        return 1.0 / (1.0 + math.exp(-s))

    # forward pass: compute output
    s0 = w0 * x0
    s1 = w1 * x1
    s2 = s0 + s1
    s3 = s2 + w2
    L = sigmoid(s3)
    # backward pass: compute grads
    grad_L = 1.0
    grad_s3 = grad_L * (1 - L) * L
    grad_w2 = grad_s3
    grad_s2 = grad_s3
    grad_s0 = grad_s2
    grad_s1 = grad_s2
    grad_w1 = grad_s1 * x1
    grad_x1 = grad_s1 * w1
    grad_w0 = grad_s0 * x0
    grad_x0 = grad_s0 * w0
    return {"L": L, "w0": grad_w0, "x0": grad_x0, "w1": grad_w1, "x1": grad_x1, "w2": grad_w2}


def value_sigmoid_neuron(w0, x0, w1, x1, w2):
    """The same neuron with ``Value`` (one sigmoid gate): output and gradients, keyed as above."""
    leaves = {k: Value(v, k) for k, v in (("w0", w0), ("x0", x0), ("w1", w1), ("x1", x1), ("w2", w2))}
    L = (leaves["w0"] * leaves["x0"] + leaves["w1"] * leaves["x1"] + leaves["w2"]).sigmoid()
    L.backward()
    return {"L": L.data, **{k: v.grad for k, v in leaves.items()}}


def linear_regression_gradients(x1=2.0, x2=-1.0, w1=0.5, w2=-0.3, b=0.1, y=1.0):
    """Lecture 004's gradient of ``C = 1/2 (y - z)^2`` written out by hand (no graph).

    Returns ``{'z', 'C', 'dC/dz', 'w1', 'w2', 'b'}``: ``dC/dz = z - y`` (the
    local gradient delta of the output, with no activation), then
    ``dC/dw_i = delta x_i`` and ``dC/db = delta``.
    """
    z = x1 * w1 + x2 * w2 + b
    delta = z - y
    return {"z": z, "C": 0.5 * (y - z) ** 2, "dC/dz": delta, "w1": delta * x1, "w2": delta * x2, "b": delta}
