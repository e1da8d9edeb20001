"""Lesson 04's data-set view: lecture 002's cost over many examples, and its averaged gradient.

:class:`DataSetCostDashboard` shows lecture 002's sigmoid neuron
(:class:`backprop_core.SigmoidNeuron`) on a small real data set: each example's
gradient in a column, the average over all examples in the last column, and
one step ``W = W_old + r (-grad C)`` per press of *Step*.

Left out: the maths (``backprop_core.neuron``) and plots (the table is the view).
"""
from __future__ import annotations

import numpy as np

import backprop_core as bp

from ..controls import log_slider, slider
from ..dashboard import Dashboard
from ..tables import Math, Table, fmt

__all__ = ["IRIS_QUESTION", "iris_question", "example_gradient_table", "DataSetCostDashboard"]

#: The yes/no question the lesson asks of the iris flowers: versicolor (0) or virginica (1)?
IRIS_QUESTION = dict(features=("sepal length", "petal length", "petal width"), species=("versicolor", "virginica"))
WEIGHT_RANGE = (-10.0, 10.0)
SHOWN = 6  # examples shown one per column, as on lecture 002's slide


def iris_question():
    """``(X, y)``: 100 flowers, three measurements each; y = 1 for virginica, 0 for versicolor.

    The rows alternate between the species (versicolor 1, virginica 1, versicolor 2, ...), so the
    first few columns of the table show both kinds of flower.
    """
    X, y = bp.datasets.iris(**IRIS_QUESTION)
    half = len(y) // 2
    order = np.ravel(np.column_stack([np.arange(half), np.arange(half, 2 * half)]))
    return X[order], y[order]


def example_gradient_table(neuron, X, y, shown=SHOWN, digits=4):
    """Lecture 002's slide as a table: a row per weight, a column per example, the average last."""
    G = neuron.example_gradients(X, y)
    names = [f"w{k}" for k in range(G.shape[1])]
    labels = np.ravel(y)
    columns = (["weight"] + [f"ex. {i + 1} (y={labels[i]:g})" for i in range(min(shown, len(G)))]
               + [f"average of all {len(G)}"])
    rows = [[Math(f"w_{k}", names[k])] + [fmt(g, digits) for g in G[:shown, k]] + [fmt(G[:, k].mean(), digits)]
            for k in range(G.shape[1])]
    return Table(columns, rows, title="dC_i/dw for each example, and the average (the gradient of C(W))")


class DataSetCostDashboard(Dashboard):
    """Weights on sliders, a learning rate, *Step* and *Reset*; the per-example gradient table follows."""

    def __init__(self, weights=(-1.0, 0.0, 0.5, 1.0), r=0.1):
        super().__init__()
        self.X, self.y = iris_question()
        self._start = tuple(float(w) for w in weights)
        if len(self._start) != self.X.shape[1] + 1:
            raise ValueError(f"weights must hold {self.X.shape[1] + 1} numbers (w0 and one per measurement), "
                             f"got {len(self._start)}.")
        lo, hi = WEIGHT_RANGE
        self._watch(**{f"w{k}": slider(f"w{k}", w, lo, hi, step=0.01) for k, w in enumerate(self._start)},
                    r=log_slider("r", r, -3, 0.5))
        self._button("Step", self.step, "one step W = W_old + r(-grad C(W_old)) with the average gradient")
        self._button("Reset", self.reset, "back to the starting weights")
        self.steps = 0
        self.arrange()
        self.refresh()

    @property
    def neuron(self):
        return bp.SigmoidNeuron([self.values[f"w{k}"] for k in range(self.X.shape[1] + 1)])

    def step(self):
        before = self.neuron.cost(self.X, self.y)
        new = self.neuron.step(self.X, self.y, self.values["r"]).weights
        lo, hi = WEIGHT_RANGE
        with self.hold():
            for k, w in enumerate(new):
                self._sync_control(f"w{k}", float(np.clip(w, lo, hi)))
        self.steps += 1
        self.refresh()
        after = self.neuron.cost(self.X, self.y)
        self.set_status(f"Step {self.steps}: C(W) went from {fmt(before, 6)} to {fmt(after, 6)}.",
                        "ok" if after < before else "warn")

    def reset(self):
        with self.hold():
            for k, w in enumerate(self._start):
                self._sync_control(f"w{k}", w)
        self.steps = 0
        self.refresh()

    def update(self):
        neuron = self.neuron
        self.set_table(example_gradient_table(neuron, self.X, self.y))
        self.set_status(f"C(W) = 1/{len(self.y)} sum (y~ - y)^2 = {fmt(neuron.cost(self.X, self.y), 6)}")


def benchmark_scenarios():
    """(name, factory, actions) for benchmarks/bench_dashboards.py: weight drags, rate changes, Step."""
    def sweep(name, values):
        return [(f"{name}={v:.3g}", (lambda d, v=v: d.set(**{name: float(v)}))) for v in values]

    yield "DataSetCostDashboard", DataSetCostDashboard, (
        sweep("w1", np.linspace(-1.0, 1.0, 25)) + sweep("r", np.geomspace(0.01, 2.0, 10))
        + [("Step", lambda d: d.press("Step"))] * 15)
