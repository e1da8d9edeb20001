"""Dashboards for lesson 01: single units, logic gates, the perceptron rule, XNOR, ridges and bumps.

Lecture 003 (first part) and lecture 002's recap, one dashboard per idea:

* :class:`UnitDashboard`: one unit ``a = g(w x + b)``; the activation (step,
  sigmoid, tanh, ReLU, linear) beside its derivative ``g'(z)``; the bias moves
  the threshold ``x = -b/w``, the weight sets the steepness there.
* :class:`LogicDashboard`: AND, OR, NOT, majority (and NAND, NOR, XOR, XNOR)
  with one step unit ``g(w . x + b)``: sliders for the weights and the bias,
  the live truth table, the decision line in the input plane and each row's
  net input. :func:`separating_sweep` tries a grid of weights and finds no
  line for XOR or XNOR.
* :class:`PerceptronRuleDashboard`: lecture 003's rule
  ``W_j <- W_j + alpha Err x_j`` (bias input ``x_0 = -1``) one example at a
  time, a table row per update, the line moving; it converges for AND and
  cycles for XOR.
* :class:`XnorDashboard`: lecture 003's two-layer XNOR network with step or
  sigmoid units; its table of ``z`` and ``a`` values, the matrix notation
  with the bias column, and Example I (sigmoid units, input (1, 1)).
* :class:`RidgeDashboard`: "two opposite sigmoids make a ridge, two ridges
  make a bump" -- a 2-4-1 :class:`backprop_core.MLP` whose four hidden
  units are the pieces.

Plus lecture 002's logistic regression as a one-unit network and its hidden
layer that breaks a problem into sub-problems (:func:`subproblems`), and the
lesson's exercise builders.

Every number comes from :mod:`backprop_core` (``Perceptron``, ``MLP``, ``activations``, and
:mod:`backprop_core.logic_networks`: the gates, the separating sweep, the XNOR network, ridges);
this module arranges and draws them. The lesson's other dashboards live in :mod:`.perceptrons` and
:mod:`.small_networks` and are imported here, so the lesson imports them from one place; the ranges
and colours all three share are in :mod:`.ranges` (no sibling imports another sideways).

Two bias conventions meet here, as in the lectures: the dashboards of single
units write ``g(w . x + b)`` (lecture 002, and the XNOR network's ``x_0 = +1``
with ``b = W_{10}``), the perceptron rule follows lecture 003's
``h_W(x) = g(W_0 * (-1) + W_1 x_1 + W_2 x_2)``, so there ``b = -W_0``.

Left out: learning by gradient descent (lessons 04-05), more than one output
unit, the three-input majority's 3-D picture (it is drawn as two slices,
``x3 = 0`` and ``x3 = 1``, in one plane).
"""
from __future__ import annotations

import numpy as np

import backprop_core as bp
from backprop_core.activations import ACTIVATIONS, sigmoid
from backprop_core.logic_networks import (ACTIVATION_NAMES, GATES, RIDGE_SHOW, XNOR_INPUTS, XNOR_W1, XNOR_W2,
                                          derivative, xnor_forward)

from ... import theme
from ...controls import check_setting, dropdown, slider
from ...dashboard import Dashboard, FigureView
from ...exercise_widgets import ChainRuleExercise, NumberExercise
from ...plotting import COLORS
from ...tables import Math, Table, fmt
from .ranges import UNIT_BIAS_RANGE, UNIT_WEIGHT_RANGE, UNIT_X_RANGE
from .ranges import *  # noqa: F401,F403  (the lesson reads every range from here)
from .perceptrons import LogicDashboard, PerceptronRuleDashboard, sweep_figure, sweep_table, truth_table  # noqa: F401
from .small_networks import (RidgeDashboard, XnorDashboard, matrix_notation, reconstruction_table,  # noqa: F401
                             subproblems, xnor_table)

__all__ = [
    "UnitDashboard", "LogicDashboard", "PerceptronRuleDashboard", "XnorDashboard", "RidgeDashboard",
    "truth_table", "sweep_table", "sweep_figure", "activation_table", "xnor_table", "reconstruction_table",
    "matrix_notation", "subproblems", "threshold_exercise", "perceptron_update_exercise", "xnor_exercise",
    "benchmark_scenarios",
]


# ---------------------------------------------------------------------------
# a single unit
# ---------------------------------------------------------------------------
_G_FORMULA = {
    "step": (r"1 \ \mathrm{if}\ z > 0\ \mathrm{else}\ 0", "1 if z > 0 else 0"),
    "sigmoid": (r"\frac{1}{1 + e^{-z}}", "1 / (1 + exp(-z))"),
    "tanh": (r"\tanh z", "tanh(z)"),
    "relu": (r"\max(0, z)", "max(0, z)"),
    "linear": ("z", "z"),
}
_D_FORMULA = {
    "step": (r"0 \ (z \neq 0)", "0 (z != 0)"),
    "sigmoid": ("a(1 - a)", "a (1 - a)"),
    "tanh": ("1 - a^2", "1 - a^2"),
    "relu": (r"1 \ \mathrm{if}\ z > 0\ \mathrm{else}\ 0", "1 if z > 0 else 0"),
    "linear": ("1", "1"),
}


def activation_table(z, w=1.0, digits=4):
    """Every activation at one net input ``z``: ``g(z)``, ``g'(z)`` and ``da/dx = w g'(z)``."""
    z = check_setting("z", z)
    rows = []
    for name in ACTIVATION_NAMES:
        a = float(ACTIVATIONS[name][0](np.float64(z)))
        if name == "step" and z == 0:
            d, slope = "undefined (the step jumps)", "undefined"
        elif name == "relu" and z == 0:
            d, slope = "undefined (a kink; 0 used)", "undefined"
        else:
            d = float(derivative(name, z))
            slope = w * d
        rows.append([name, Math(*_G_FORMULA[name]), a, Math(*_D_FORMULA[name]), d, slope])
    return Table(["g", "g(z)", "a = g(z)", "g'(z)", "g'(z) value", "da/dx = w g'(z)"], rows, digits=digits,
                 numeric_columns={2, 4, 5}, title=f"Every activation at z = w x + b = {fmt(z, 4)}")


class UnitDashboard(Dashboard):
    """One unit ``a = g(w x + b)``: the activation beside its derivative.

    Controls: ``activation`` (step, sigmoid, tanh, relu, linear), ``w``,
    ``b``, ``x`` (the input whose numbers the table shows). Left: ``a`` against
    ``x``; right: ``g'(z)`` at ``z = w x + b`` against ``x``. The dashed line is
    the threshold ``x = -b/w`` (where ``z = 0``): ``b`` moves it, ``w`` sets how
    steep the unit is there (``da/dx = w g'(0)``).
    """

    N = 241
    YLIM = {"step": (-0.15, 1.15), "sigmoid": (-0.15, 1.15), "tanh": (-1.15, 1.15), "relu": (-1.0, 5.0),
            "linear": (-5.0, 5.0)}
    DLIM = {"step": (-0.1, 1.1), "sigmoid": (-0.02, 0.3), "tanh": (-0.1, 1.1), "relu": (-0.1, 1.1),
            "linear": (-0.1, 1.1)}

    def __init__(self, activation="sigmoid", w=1.0, b=0.0, x=1.0):
        super().__init__()
        self._watch(activation=dropdown("activation", list(ACTIVATION_NAMES), activation, name="activation"),
                    w=slider("w", w, *UNIT_WEIGHT_RANGE, step=0.1, fmt=".1f"),
                    b=slider("b", b, *UNIT_BIAS_RANGE, step=0.1, fmt=".1f"),
                    x=slider("x", x, *UNIT_X_RANGE, step=0.1, fmt=".1f"))
        self.xs = np.linspace(*UNIT_X_RANGE, self.N)
        self.view = FigureView("beside short")
        fig = self.view.figure
        self.ax_g = fig.add_axes([0.1, 0.17, 0.37, 0.7])
        self.ax_d = fig.add_axes([0.6, 0.17, 0.37, 0.7])
        for ax, _label in ((self.ax_g, "a = g(wx + b)"), (self.ax_d, "g'(z) at z = wx + b")):
            ax.set_xlim(*UNIT_X_RANGE)
            ax.set_xlabel("x")
            ax.grid(True, alpha=0.3)
            ax.axhline(0, color=COLORS["muted"], lw=0.6)
        (self.curve,) = self.ax_g.plot([], [], color=COLORS["curve"], lw=1.8)
        (self.dcurve,) = self.ax_d.plot([], [], color=theme.PALETTE["reddish purple"], lw=1.8)
        self.thresholds = [ax.axvline(0, color=COLORS["path"], ls="--", lw=1) for ax in (self.ax_g, self.ax_d)]
        (self.point,) = self.ax_g.plot([], [], "o", mfc="white", mec="black", ms=6, zorder=5)
        (self.dpoint,) = self.ax_d.plot([], [], "o", mfc="white", mec="black", ms=6, zorder=5)
        self.title_g = self.ax_g.text(0.5, 1.03, "", transform=self.ax_g.transAxes, ha="center",
                                      fontsize=theme.font_pt("body"))
        self.title_d = self.ax_d.text(0.5, 1.03, "", transform=self.ax_d.transAxes, ha="center",
                                      fontsize=theme.font_pt("body"))
        self.view.blit.add(self.curve, self.dcurve, *self.thresholds, self.point, self.dpoint, self.title_g,
                           self.title_d)
        self._limits_for = None
        self.arrange()
        self.refresh()

    def plot_values(self):
        """The plotted point (x, a) and g'(z) there, and the threshold line's x (None: no threshold)."""
        px, py = self.point.get_data()
        _, dy = self.dpoint.get_data()
        th = self.thresholds[0]
        return {"x": float(px[0]), "a": float(py[0]), "dg": float(dy[0]),
                "threshold": float(th.get_xdata()[0]) if th.get_visible() else None}

    def update(self):
        v = self.values
        name, w, b, x = v["activation"], float(v["w"]), float(v["b"]), float(v["x"])
        g = ACTIVATIONS[name][0]
        zs = w * self.xs + b
        self.curve.set_data(self.xs, g(zs))
        self.dcurve.set_data(self.xs, derivative(name, zs))
        z = w * x + b
        self.point.set_data([x], [float(g(np.float64(z)))])
        self.dpoint.set_data([x], [float(derivative(name, z))])
        lo, hi = UNIT_X_RANGE
        threshold = -b / w + 0.0 if w != 0 else None  # + 0.0: no "-0"
        for line in self.thresholds:
            line.set_visible(threshold is not None and lo <= threshold <= hi)
            if threshold is not None:
                line.set_xdata([threshold, threshold])
        self.title_g.set_text(f"{name}: a = g({fmt(w, 2)} x + {fmt(b, 2)})".replace("+ -", "- "))
        self.title_d.set_text(f"{name}'s derivative g'(z)")
        if self._limits_for != name:
            self.ax_g.set_ylim(*self.YLIM[name])
            self.ax_d.set_ylim(*self.DLIM[name])
            self._limits_for = name
            self.view.blit.invalidate()
        self.set_table(activation_table(z, w))
        words = self._words(name, w, b, x, z, threshold)
        lo_a, hi_a = self.YLIM[name]
        outs = g(zs)
        if outs.min() < lo_a or outs.max() > hi_a:
            words += (f" The curve runs off the plot (a goes from {fmt(outs.min(), 3)} to {fmt(outs.max(), 3)} "
                      f"on this x range): {name} does not squash its input.")
        self.set_status(words)

    @staticmethod
    def _words(name, w, b, x, z, threshold):
        a = float(ACTIVATIONS[name][0](np.float64(z)))
        head = f"x = {fmt(x, 3)}: z = w x + b = {fmt(z, 4)}, a = {fmt(a, 4)}."
        if threshold is None:
            return (head + " w = 0: the output does not depend on x at all (a flat line at g(b)); "
                    "there is no threshold.")
        lo, hi = UNIT_X_RANGE
        where = (f"The threshold (z = 0) is at x = -b/w = {fmt(threshold, 4)}"
                 + ("" if lo <= threshold <= hi else ", off the plot") + ".")
        steep = {
            "step": "there the output jumps from 0 to 1 (g' is 0 elsewhere and undefined at the jump); "
                    "w only says which side fires",
            "sigmoid": f"there the slope da/dx = w g'(0) = w / 4 = {fmt(w / 4, 4)}: a larger |w| makes a steeper "
                       "step",
            "tanh": f"there the slope da/dx = w g'(0) = w = {fmt(w, 4)}",
            "relu": f"there the unit switches on; beyond it the slope is w = {fmt(w, 4)}",
            "linear": f"a linear unit has no threshold to speak of: its slope is w = {fmt(w, 4)} everywhere",
        }[name]
        return f"{head} {where} Moving b shifts it; {steep}."



# ---------------------------------------------------------------------------
# exercises
# ---------------------------------------------------------------------------
def threshold_exercise(w=2.0, b=-3.0):
    """Where does ``sigmoid(w x + b)`` cross 0.5? (``x = -b/w``), with the usual slips named."""
    w, b = check_setting("w", w), check_setting("b", b)
    if w == 0:
        raise ValueError("w must not be 0 (then the unit has no threshold), got 0.")
    answer = -b / w
    mistakes = [(b / w, "Sign slip: the threshold is where w x + b = 0, so x = -b/w, not b/w."),
                (-b, "You forgot to divide by w: w x + b = 0 gives x = -b/w."),
                (-w / b if b else None, "Upside down: x = -b/w (b on top), not -w/b."),
                (0.5, "0.5 is the output at the threshold; the question asks for the input x.")]
    return NumberExercise(
        f"A sigmoid unit outputs $a = \\sigma(w x + b)$ with $w = {w:g}$ and $b = {b:g}$. "
        "At which input $x$ is $a = 0.5$ exactly?",
        answer, hint="sigma(z) = 0.5 exactly when z = 0.",
        solution=f"w x + b = 0, so x = -b/w = {-b:g}/{w:g} = {answer:g}.", mistakes=mistakes,
        rtol=1e-3, atol=1e-4)  # the threshold is an exact number: a nearby value shown elsewhere is not it


def perceptron_update_exercise(weights=(0.5, 0.2, -0.1), lr=0.1, x=(1, 1), y=1):
    """One step of lecture 003's perceptron rule, each number checked on its own.

    Rows: ``in``, ``Err``, new ``W0``, ``W1``, ``W2``. The answers come from
    :meth:`backprop_core.Perceptron.update`; the named slips are the bias input
    taken as +1, ``Err = h - y``, forgetting alpha, and "no change".
    """
    p = bp.Perceptron(2, lr=lr, weights=list(weights))
    net_in = float(p.net_input(list(x))[0])
    err = p.update(list(x), y)
    new = p.weights.copy()
    w = np.asarray(weights, dtype=float)
    xb = np.array([-1.0, *x])
    plus_one = w + lr * err * np.array([1.0, *x])
    flipped = w - lr * err * xb
    no_lr = w + err * xb
    plus_in = float(w[0] + w[1] * x[0] + w[2] * x[1])
    rows = [{"symbol": Math(r"in", "in"), "answer": net_in,
             "hint": "The bias input is x_0 = -1: in = W_0 * (-1) + W_1 x_1 + W_2 x_2.",
             "mistakes": [(plus_in, "The bias input is x_0 = -1 in lecture 003's perceptron, so W_0 is subtracted.")]},
            {"symbol": Math(r"Err", "Err"), "answer": float(err),
             "hint": "h = 1 only if in > 0. Then Err = y - h.",
             "mistakes": [(-float(err), "Err = y - h (target minus output), not h - y."),
                          (0.0, "The unit does not fire (in is not > 0), so h = 0 and Err = y - 0.")
                          if err else (None, "")]}]
    for j, name in enumerate(("W_0", "W_1", "W_2")):
        rows.append({"symbol": Math(rf"\mathrm{{new}}\ {name}", f"new {name.replace('_', '')}"),
                     "answer": float(new[j]),
                     "hint": f"{name} <- {name} + alpha * Err * x_{j}, with x_0 = -1.",
                     "mistakes": [(float(plus_one[j]), "The bias input is x_0 = -1, so W_0 moves by -alpha Err."),
                                  (float(flipped[j]), "Wrong sign: Err = y - h and the rule adds alpha Err x_j."),
                                  (float(no_lr[j]), "You forgot the learning rate alpha."),
                                  (float(w[j]), "The weights do change here: the example is misclassified.")
                                  if err else (None, "")]})
    return ChainRuleExercise(
        f"Lecture 003's perceptron with $W = [{', '.join(f'{v:g}' for v in w)}]$ "
        f"($W_0$ is the bias weight, bias input $x_0 = -1$), learning rate $\\alpha = {lr:g}$, sees the example "
        f"$x = ({x[0]}, {x[1]})$ with target $y = {y}$. Compute its net input $in = -W_0 + W_1 x_1 + W_2 x_2$, "
        "$Err = y - h_W(x)$, and apply the rule $W_j \\leftarrow W_j + \\alpha\\,Err\\,x_j$ once.",
        rows, solution=f"in = {net_in:.4g}, so h = {int(net_in > 0)} and Err = {err:g}; "
                       f"W = [{', '.join(f'{v:.4g}' for v in new)}].")


def xnor_exercise(x=(0, 0), scale=1.0):
    """The sigmoid XNOR network's forward pass for one input, unit by unit.

    ``scale`` multiplies every weight of lecture 003's network. With the
    lecture's weights (``scale=1``) every sigmoid output is within 0.0001 of
    Example I's ``a_1^(3) = 0.5237`` whatever the input, so an answer copied
    from Example I would pass; lesson 01 asks with ``scale=10``, where the
    outputs differ from everything the lesson shows above the exercise.
    """
    x = tuple(int(v) for v in x)
    if x not in XNOR_INPUTS:
        raise ValueError(f"x must be one of {list(XNOR_INPUTS)}, got {x!r}.")
    scale = check_setting("scale", scale, kind="positive")
    W1, W2 = scale * XNOR_W1, scale * XNOR_W2
    f = xnor_forward(x, "sigmoid", W1, W2)
    s = xnor_forward(x, "step", W1, W2)
    a1, a2, a3 = float(f["a2"][0]), float(f["a2"][1]), float(f["a3"][0])
    with_z = float(sigmoid(W2[0] @ np.array([1.0, *f["z2"]])))
    no_bias = float(sigmoid(W2[0, 1:] @ f["a2"]))
    n = lambda v: f"{v:g}"                                              # noqa: E731
    rows = [
        {"symbol": Math("a_1^{(2)}", "a1(2)"), "answer": a1,
         "hint": f"z_1^(2) = {n(W1[0, 0])} + {n(W1[0, 1])} x1 + {n(W1[0, 2])} x2; then a = sigma(z).",
         "mistakes": [(float(f["z2"][0]), "That is z_1^(2); apply the sigmoid: a = sigma(z)."),
                      (float(s["a2"][0]), "That is the step unit's output; here the units are sigmoids.")]},
        {"symbol": Math("a_2^{(2)}", "a2(2)"), "answer": a2,
         "hint": f"z_2^(2) = {n(W1[1, 0])} + ({n(W1[1, 1])}) x1 + ({n(W1[1, 2])}) x2.",
         "mistakes": [(float(f["z2"][1]), "That is z_2^(2); apply the sigmoid."),
                      (float(s["a2"][1]), "That is the step unit's output; here the units are sigmoids.")]},
        {"symbol": Math("a_1^{(3)}", "a1(3)"), "answer": a3,
         "hint": f"z_1^(3) = {n(W2[0, 0])} * 1 + {n(W2[0, 1])} a_1^(2) + {n(W2[0, 2])} a_2^(2) (a_0 = 1), "
                 "then the sigmoid.",
         "mistakes": [(float(f["z3"][0]), "That is z_1^(3); apply the sigmoid."),
                      (with_z, "Feed the hidden units' outputs a, not their inputs z, to the output unit."),
                      (no_bias, f"You left out the bias: a_0^(2) = 1 times w_10 = {n(W2[0, 0])}."),
                      (float(s["a3"][0]), "That is the step network's answer; here every unit is a sigmoid.")]
         + ([(float(xnor_forward(x, "sigmoid")["a3"][0]),
              "That is the output with the lecture's weights; here every weight is multiplied by "
              f"{n(scale)}.")] if scale != 1 else [])},
    ]
    weights = "" if scale == 1 else (
        f" with every weight multiplied by {n(scale)}: $W^{{(1)}} = [{n(W1[0, 0])}, {n(W1[0, 1])}, {n(W1[0, 2])}; "
        f"{n(W1[1, 0])}, {n(W1[1, 1])}, {n(W1[1, 2])}]$, $W^{{(2)}} = [{n(W2[0, 0])}, {n(W2[0, 1])}, {n(W2[0, 2])}]$ "
        "(first column: the bias, on the input 1)")
    return ChainRuleExercise(
        f"Lecture 003's XNOR network with **sigmoid** units{weights}, input $x = ({x[0]}, {x[1]})$: compute each "
        "unit's output (4 decimals are plenty).", rows,
        solution=f"a1(2) = {a1:.4f}, a2(2) = {a2:.4f}, a1(3) = {a3:.4f}.", rtol=1e-3, atol=1e-4)


# ---------------------------------------------------------------------------
# benchmark (the lead wires these into benchmarks/bench_dashboards.py; bench_neurons.py uses them too)
# ---------------------------------------------------------------------------
def benchmark_scenarios():
    """(name, factory, actions) for every dashboard here; actions mimic a student's drags and clicks."""

    def sweep(name, values):
        return [(f"{name}={v:.3g}", (lambda d, v=v: d.set(**{name: float(v)}))) for v in values]

    yield "UnitDashboard", UnitDashboard, (
        sweep("w", np.arange(-3, 3.01, 0.3)) + sweep("b", np.arange(-3, 3.01, 0.3))
        + sweep("x", np.arange(-3, 3.01, 0.5))
        + [(f"activation={a}", (lambda d, a=a: d.set(activation=a))) for a in ACTIVATION_NAMES] * 2)
    yield "LogicDashboard", LogicDashboard, (
        sweep("b", np.arange(-2.5, 1.01, 0.1)) + sweep("w1", np.arange(-1.5, 1.51, 0.2))
        + [(f"gate={g}", (lambda d, g=g: d.set(gate=g))) for g in GATES])
    yield "PerceptronRuleDashboard", PerceptronRuleDashboard, (
        [("Step", lambda d: d.press("Step"))] * 30 + [("Reset", lambda d: d.press("Reset")),
                                                       ("Run", lambda d: d.press("Run"))]
        + sweep("lr", np.arange(0.1, 1.01, 0.1)) + [("gate=XOR", lambda d: d.set(gate="XOR"))]
        + [("Step", lambda d: d.press("Step"))] * 10)
    yield "XnorDashboard", XnorDashboard, (
        sweep("x1", np.arange(0, 1.01, 0.05)) + sweep("x2", np.arange(0, 1.01, 0.05))
        + [(f"activation={a}", (lambda d, a=a: d.set(activation=a))) for a in ("sigmoid", "step")] * 3)
    yield "RidgeDashboard", RidgeDashboard, (
        sweep("k", np.arange(1, 15.01, 1)) + sweep("half_width", np.arange(0.3, 2.01, 0.1))
        + sweep("cx", np.arange(-1.5, 1.51, 0.25))
        + [(f"show={s}", (lambda d, s=s: d.set(show=s))) for s in RIDGE_SHOW])
