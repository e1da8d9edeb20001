"""Dashboards for lecture 000's chain network.

* :class:`ForwardDashboard`: sliders for the weights and s0; the network
  diagram and the forward-propagation table.
* :class:`WiggleDashboard`: "wiggle w2": a nudge-size slider; the numerical
  slope (out(w + h) - out(w)) / h converges to the analytic d out/d w.
* :class:`TrainingDashboard`: the lesson's centre: sliders for w0, w1, w2,
  s0, target and the learning rate; Step / Run N steps / Reset; a live cost
  surface over a chosen pair of weights with the descent path; cost against
  iteration; the step-by-step derivative table.
"""
from __future__ import annotations

import numpy as np

import backprop_core as bp
from backprop_core.records import divergence_sentence

from .. import theme
from ..diagram import ChainDiagram
from ..plotting import COLORS, CostCurve, CostSurface, FunctionCurve, side_by_side
from ..tables import Math, Table, fmt
from ..controls import check_setting, dropdown, int_box, log_slider, slider
from ..dashboard import Dashboard, FigureView

__all__ = ["ForwardDashboard", "WiggleDashboard", "TrainingDashboard", "forward_table", "derivative_table",
           "output_factors", "output_derivative_table", "PAIRS"]

LATEX = {"w0": "w_0", "w1": "w_1", "w2": "w_2", "s0": "s_0", "x1": "x_1", "s1": "s_1", "x2": "x_2",
         "s2": "s_2", "out": "out"}
PAIRS = {"w0 and w1": ("w0", "w1"), "w0 and w2": ("w0", "w2"), "w1 and w2": ("w1", "w2")}
#: The ranges of the sliders (each stated once).
WEIGHT_RANGE = (-6.0, 6.0)
S0_RANGE = (-4.0, 4.0)
TARGET_RANGE = (-2.0, 2.0)
LOG10_LR_RANGE = (-3.0, 3.0)
STEPS_RANGE = (1, 10000)
WEIGHTS = ("w0", "w1", "w2")


def forward_table(net, s0, digits=6):
    """Forward propagation as a table: quantity, formula, value (lecture 000)."""
    f = net.forward(s0)
    w = net.weights
    rows = [
        [Math("x_1", "x1"), Math(r"w_0\,s_0", "w0 * s0"), f"{fmt(w['w0'], 4)} * {fmt(s0, 4)}", f.x1],
        [Math("s_1", "s1"), Math("S(x_1)", "S(x1)"), f"S({fmt(f.x1, 4)})", f.s1],
        [Math("x_2", "x2"), Math(r"w_1\,s_1", "w1 * s1"), f"{fmt(w['w1'], 4)} * {fmt(f.s1, 4)}", f.x2],
        [Math("s_2", "s2"), Math("S(x_2)", "S(x2)"), f"S({fmt(f.x2, 4)})", f.s2],
        [Math("out", "out"), Math(r"w_2\,s_2", "w2 * s2"), f"{fmt(w['w2'], 4)} * {fmt(f.s2, 4)}", f.out],
    ]
    return Table(["quantity", "formula", "numbers", "value"], rows, title="Forward propagation",
                 digits=digits, numeric_columns={3})


def derivative_table(net, s0, target, lr, highlight=(), digits=6):
    """Every factor of every chain-rule product dC/dw_i, and each weight's update.

    ``highlight``: weight names whose rows are marked (the cost-surface pair).
    """
    rows, groups, marked = [], [], set()
    current = None
    for fac in net.factors(s0, target):
        if fac.weight != current:
            current = fac.weight
            groups.append(len(rows))
        is_product = fac.symbol == f"dC/d{fac.weight}"
        label = "product" if is_product else "factor"
        rows.append([fac.weight, label, Math(fac.latex_symbol, fac.symbol),
                     Math(fac.latex_formula, fac.formula), fac.value])
        if fac.weight in highlight:
            marked.add(len(rows) - 1)
        if is_product:
            w = net.weights[fac.weight]
            new = w - lr * fac.value
            wl = LATEX[fac.weight]
            rows.append([fac.weight, "update",
                         Math(wl + r"\leftarrow " + wl + r" - \alpha\,\frac{\partial C}{\partial " + wl + "}",
                              f"{fac.weight} <- {fac.weight} - lr * dC/d{fac.weight}"),
                         f"{fmt(w, 4)} - {fmt(lr, 3)} * ({fmt(fac.value, 4)})",
                         new])
            if fac.weight in highlight:
                marked.add(len(rows) - 1)
    return Table(["weight", "step", "derivative", "formula", "value"], rows, groups=groups,
                 highlight=marked, digits=digits, numeric_columns={4},
                 title=f"Backpropagation, step by step (s0 = {fmt(s0, 4)}, target = {fmt(target, 4)}, "
                       f"learning rate = {fmt(lr, 3)})")


def output_factors(net, s0, weight):
    """The chain-rule factors of ``d out/d <weight>``: :meth:`backprop_core.ChainNetwork.output_factors`."""
    return net.output_factors(s0, weight)


def output_derivative_table(net, s0, weight, digits=6):
    """``d out/d <weight>`` as a chain-rule table: one row per factor, then the product.

    The product row's value is :meth:`backprop_core.ChainNetwork.output_gradients`,
    computed independently of the factor rows (so the table checks itself).
    """
    factors = output_factors(net, s0, weight)
    rows = [[Math(f.latex_symbol, f.symbol), Math(f.latex_formula, f.formula), f.value] for f in factors]
    wl = LATEX[weight]
    rows.append([Math(r"\frac{\partial out}{\partial " + wl + "}", f"dout/d{weight}"),
                 Math(r" \, ".join(f.latex_formula for f in factors), " * ".join(f.formula for f in factors)),
                 float(net.output_gradients(s0)[weight])])
    w = net.weights
    return Table(["factor", "formula", "value"], rows, groups=[len(rows) - 1], digits=digits,
                 numeric_columns={2},
                 title=f"d out/d {weight} by the chain rule (w0 = {fmt(w['w0'], 4)}, w1 = {fmt(w['w1'], 4)}, "
                       f"w2 = {fmt(w['w2'], 4)}, s0 = {fmt(s0, 4)})")


def _fmt4(v):
    return fmt(v, 4)


def _weight_sliders(w0, w1, w2):
    lo, hi = WEIGHT_RANGE
    return dict(w0=slider("w0", w0, lo, hi), w1=slider("w1", w1, lo, hi), w2=slider("w2", w2, lo, hi))


class ForwardDashboard(Dashboard):
    """Weights and input on sliders; the diagram and forward table follow."""

    def __init__(self, w0=2.0, w1=1.0, w2=0.5, s0=2.0):
        super().__init__()
        self._watch(**_weight_sliders(w0, w1, w2), s0=slider("s0", s0, *S0_RANGE))
        self.view = FigureView("strip")
        ax = self.view.figure.add_axes([0, 0, 1, 1])
        self.diagram = ChainDiagram(ax, blit=self.view.blit)  # labels and edges move; blitted
        self.arrange()
        self.refresh()

    @property
    def network(self):
        v = self.values
        return bp.ChainNetwork(v["w0"], v["w1"], v["w2"])

    def plot_values(self):
        """The numbers written in the diagram (out and the weights)."""
        return {k: t.get_text() for k, t in self.diagram.labels.items()}

    def update(self):
        net, s0 = self.network, self.values["s0"]
        self.set_table(forward_table(net, s0))
        self.diagram.update(net.weights, net.forward(s0))
        self.set_status(f"out = {fmt(net.forward(s0).out, 4)}")


class WiggleDashboard(Dashboard):
    """Wiggle a weight by h: the slope (out(w + h) - out(w)) / h approaches d out/d w as h shrinks.

    The nudge goes down to ``10**LOG10_H_MIN`` (1e-12), well below the best
    h (about 1e-8 = sqrt(machine epsilon)), so the error can be seen growing
    again once rounding in ``out(w + h) - out(w)`` takes over.
    """

    LOG10_H_MIN = -12.0

    def __init__(self, weight="w2", w0=2.0, w1=1.0, w2=0.5, s0=2.0, log10_h=-1.0):
        super().__init__()
        w0, w1, w2, s0 = (check_setting(k, v) for k, v in (("w0", w0), ("w1", w1), ("w2", w2), ("s0", s0)))
        self.net = bp.ChainNetwork(w0, w1, w2)
        self.s0 = s0
        self._watch(weight=dropdown("wiggle", ["w2", "w1", "w0"], weight, name="weight"),
                    log10_h=slider("log10 h", log10_h, self.LOG10_H_MIN, 0, step=0.5, fmt=".1f", name="log10_h"))
        self.view = FigureView("two panels wide")
        fig = self.view.figure
        self.ax_out, self.ax_err = side_by_side(fig)
        self.curve = FunctionCurve(self.ax_out, "out as the weight wiggles")
        (self.secant,) = self.ax_out.plot([], [], "--", color=COLORS["path"], lw=1.2, label="secant")
        (self.tangent,) = self.ax_out.plot([], [], ":", color="black", lw=1.2, label="tangent")
        self.ax_out.legend(loc="lower right", fontsize=theme.font_pt("small"))
        hs = 10.0 ** np.arange(self.LOG10_H_MIN, 0.01, 0.5)
        (self.err_line,) = self.ax_err.loglog([], [], "-", color=COLORS["curve"])
        (self.err_point,) = self.ax_err.loglog([], [], "o", mfc="white", mec="black")
        self.ax_err.set_xlim(hs[0] / 2, hs[-1] * 2)
        self.ax_err.set_xlabel("nudge h")
        self.ax_err.set_ylabel("|numerical - analytic|")
        self.ax_err.set_title("error of the numerical slope")
        self._hs = hs
        # everything that moves with h is blitted; a new weight changes the axes (full draw)
        self.view.blit.add(self.curve.curve, self.curve.path_line, self.curve.point, self.secant, self.tangent,
                           self.err_line, self.err_point)
        self._axes_for = None
        self.arrange()
        self.refresh()

    def plot_values(self):
        """The plotted nudge h and the error of the numerical slope there."""
        x, y = self.err_point.get_data()
        return {"h": float(x[0]), "error": float(y[0])}

    def slope(self, weight, h):
        """The forward difference (out(w + h) - out(w)) / h."""
        w = self.net.weights
        nudged = bp.ChainNetwork(**{**w, weight: w[weight] + h})
        return (nudged.forward(self.s0).out - self.net.forward(self.s0).out) / h

    def _rounding_dominates(self, weight, h, exact, out0):
        """True when rounding, not the curvature of out, is the larger error at this h.

        Rounding: out is known to about eps * |out|, and dividing the
        difference by h magnifies that to ~ eps |out| / h. Curvature: the
        forward difference is off by ~ c * h; c is read at h = 1e-2, where
        rounding is negligible. (A smooth rule, so the message does not flicker
        with the random-looking rounding error itself.)
        """
        rounding = np.finfo(float).eps * max(abs(out0), 1e-300) / h
        curvature = abs(self.slope(weight, 1e-2) - exact) / 1e-2 * h
        return rounding > curvature

    def update(self):
        weight = self.values["weight"]
        h = 10.0 ** self.values["log10_h"]
        w = self.net.weights
        exact = float(self.net.output_gradients(self.s0)[weight])
        numeric = self.slope(weight, h)
        out0 = self.net.forward(self.s0).out
        ws = w[weight] + np.linspace(-1.5, 1.5, 121)
        outs = bp.ChainNetwork(**{**w, weight: ws}).forward(self.s0).out
        self.curve.set_function(ws, outs, weight, "out")
        self.curve.set_path([w[weight], w[weight] + h], [out0, out0 + numeric * h])
        xs = np.array([ws[0], ws[-1]])
        self.secant.set_data(xs, out0 + numeric * (xs - w[weight]))
        self.tangent.set_data(xs, out0 + exact * (xs - w[weight]))
        errs = np.array([abs(self.slope(weight, hh) - exact) for hh in self._hs])
        errs = np.maximum(errs, 1e-17)
        self.err_line.set_data(self._hs, errs)
        self.err_point.set_data([h], [max(abs(numeric - exact), 1e-17)])
        self.ax_err.set_ylim(1e-17 / 3, errs.max() * 3)
        wl = LATEX[weight]
        rows = [
            [Math("h", "h"), h],
            [Math(r"\frac{out(" + wl + "+h) - out(" + wl + ")}{h}", f"(out({weight}+h) - out({weight}))/h"), numeric],
            [Math(r"\frac{d\,out}{d" + wl + "}", f"dout/d{weight} (chain rule)"), exact],
            [Math(r"\mathrm{difference}", "difference"), numeric - exact],
        ]
        self.set_table(Table(["quantity", "value"], rows, digits=8, title=f"Wiggling {weight}"))
        err = abs(numeric - exact)
        if weight == "w2":
            note = ("out = w2 s2 is a straight line in w2, so in exact arithmetic every h gives the slope s2; "
                    "the tiny difference left is rounding error, and it grows as h shrinks.")
        elif self._rounding_dominates(weight, h, exact, out0) and err > 1e-12:
            note = ("h is so small that rounding error in the subtraction out(w + h) - out(w) takes over: "
                    "shrinking h further makes the slope worse, not better.")
        elif err < 1e-6:
            note = "the numerical slope agrees with the chain rule to 6 digits."
        else:
            note = "shrink h and watch the numerical slope approach the chain-rule value."
        self.set_status(f"Slope with h = {fmt(h, 2)}: {fmt(numeric, 8)}; chain rule: {fmt(exact, 8)}; {note}")
        # axis limits and labels follow the weight: a full draw when it changes, else a blit
        if weight != self._axes_for:
            self._axes_for = weight
            self.view.blit.invalidate()


class TrainingDashboard(Dashboard):
    """Train the chain network by gradient descent and watch every number.

    Controls: ``w0, w1, w2, s0, target, lr`` (sliders), ``pair`` (which two
    weights the cost surface shows), ``steps`` (for Run N steps); buttons
    ``Step``, ``Run N steps``, ``Reset``. A click on the cost surface moves
    the two weights it shows to the point clicked (as moving both sliders does).

    Every model value -- the weights, ``s0``, ``target``, ``lr`` -- lives in
    ``self.values``; trained weights reach their sliders through
    :meth:`_sync_control` (a slider only shows values on its grid, and a
    trained weight is not on it).

    Moving ``w0, w1, w2, s0`` or ``target`` starts a new path from the current
    weights; changing the learning rate, the pair or N keeps the path.
    """

    GRID = 81
    #: |out - target| below this counts as "reached" (out = target to 4 decimals).
    REACHED = 5e-5

    def __init__(self, w0=2.0, w1=1.0, w2=0.5, s0=2.0, target=0.7, lr=0.5, pair="w0 and w2", steps=50):
        super().__init__()
        # the weights may start outside their sliders' range (the sliders show their ends, the status says so)
        weights = dict(zip(WEIGHTS, (check_setting(k, v) for k, v in (("w0", w0), ("w1", w1), ("w2", w2)))))
        lo, hi = WEIGHT_RANGE
        self._watch(**_weight_sliders(*(min(max(w, lo), hi) for w in weights.values())),
                    s0=slider("s0", s0, *S0_RANGE),
                    target=slider("target", target, *TARGET_RANGE),
                    lr=log_slider("learning rate", lr, *LOG10_LR_RANGE, fmt=".2r", name="lr"),
                    pair=dropdown("surface over", list(PAIRS), pair, name="pair"),
                    steps=int_box("N steps", steps, *STEPS_RANGE, name="steps"))
        self.values.update(weights)
        self._initial = dict(self.values)
        self._button("Step", self.step, "one gradient-descent step", "primary")
        self._button("Run N steps", self.run, "run N gradient-descent steps")
        self._button("Reset", self.reset, "back to the starting weights, input, target and learning rate", "warning")
        self._restart_path()
        self._surface_key = None

        self.view = FigureView("two panels tall")
        fig = self.view.figure
        ax_s, ax_c = side_by_side(fig, widths=(1.25, 1))
        self.surface = CostSurface(ax_s, "cost C over two weights", blit=self.view.blit)
        self.curve = CostCurve(ax_c, blit=self.view.blit)
        ax_c.yaxis.set_label_coords(-0.2, 0.5)  # clear of the 10^-10 tick labels
        self._on_figure(self.view, self._surface_click, event="click")
        self.arrange()
        self.refresh()

    # -- model ------------------------------------------------------------------
    @property
    def weights(self):
        """The current weights ``{'w0': ..., 'w1': ..., 'w2': ...}`` (read from ``values``)."""
        return {k: float(self.values[k]) for k in WEIGHTS}

    @property
    def network(self):
        return bp.ChainNetwork(**self.weights)

    @property
    def s0(self):
        return float(self.values["s0"])

    @property
    def target(self):
        return float(self.values["target"])

    @property
    def lr(self):
        return float(self.values["lr"])

    @property
    def pair(self):
        """The two weights the cost surface shows."""
        return PAIRS[self.values["pair"]]

    def on_control_change(self, change):
        name = self._name(change["owner"])
        if name == "steps":
            return  # read when Run N steps is pressed
        if name in ("w0", "w1", "w2", "s0", "target"):
            self._restart_path()
        self.refresh()

    def _surface_click(self, event):
        """A click on the cost surface: the two weights it shows move to the point clicked."""
        if event.inaxes is not self.surface.ax or event.xdata is None:
            return None
        a, b = self.pair
        lo, hi = WEIGHT_RANGE
        return {a: round(min(max(float(event.xdata), lo), hi), 2), b: round(min(max(float(event.ydata), lo), hi), 2)}

    def _restart_path(self):
        self.path = [tuple(self.weights.values())]
        self.costs = []
        self.record = None
        self.diverged_at = None
        self._action_start = 0  # the step where the last Step / Run N steps began
        self._action_lr = self.lr

    def _advance(self, n):
        start = len(self.path) - 1
        run = self.network.train(self.s0, self.target, self.lr, n)
        self.path.extend(map(tuple, run.weights[1:]))
        for k, w in zip(WEIGHTS, run.weights[-1]):
            self._sync_control(k, float(w))
        self.record = run
        self.diverged_at = start + run.diverged_at if run.diverged else None
        self._action_start, self._action_lr = start, self.lr
        self.refresh()

    def step(self):
        """One gradient-descent step (the Step button)."""
        self._advance(1)

    def run(self):
        """``N steps`` steps (the Run N steps button)."""
        self._advance(int(self.values["steps"]))

    def reset(self):
        """Back to the starting weights, inputs and learning rate (the Reset button)."""
        with self.hold():
            for k in ("s0", "target", "lr"):
                self.controls[k].value = self._initial[k]
        for k in WEIGHTS:
            self._sync_control(k, self._initial[k])
        self._restart_path()
        self.refresh()

    def plot_values(self):
        """The current point and path length on the surface, the last plotted cost."""
        px, py = self.surface.point.get_data()
        costs = self.curve.line.get_ydata()
        lo, hi = WEIGHT_RANGE
        ax = self.surface.ax
        return {"point": [float(px[0]), float(py[0])], "path_points": len(self.surface.path_line.get_xdata()),
                "last_cost": float(costs[-1]), "costs_plotted": len(costs),
                # where a click lands on the surface: CSS pixels of its corners (lo, lo) and (hi, hi)
                "surface_corners_px": [self.view.data_css_xy(ax, lo, lo), self.view.data_css_xy(ax, hi, hi)]}

    # -- view ------------------------------------------------------------------------
    def update(self):
        net, s0, target, lr = self.network, self.s0, self.target, self.lr
        a, b = self.pair
        third = ({"w0", "w1", "w2"} - {a, b}).pop()
        key = (a, b, self.weights[third], s0, target)
        if key != self._surface_key:
            lo, hi = WEIGHT_RANGE
            axis = np.linspace(lo, hi, self.GRID)
            A, B = np.meshgrid(axis, axis)
            grid = bp.ChainNetwork(**{a: A, b: B, third: self.weights[third]}).cost(s0, target)
            self.surface.set_surface(grid, (lo, hi, lo, hi), a, b)
            self.surface.title.set_text(f"C over {a}, {b} ({third} = {fmt(self.weights[third], 3)})")
            self._surface_key = key
        path = np.array(self.path)
        idx = {"w0": 0, "w1": 1, "w2": 2}
        self.surface.set_path(path[:, idx[a]], path[:, idx[b]])
        self.surface.set_point(self.weights[a], self.weights[b])
        costs = bp.ChainNetwork(w0=path[:, 0], w1=path[:, 1], w2=path[:, 2]).cost(s0, target)
        self.costs = costs
        self.curve.set_costs(costs)
        self.set_table(derivative_table(net, s0, target, lr, highlight=(a, b)))
        self._report(net)

    def _report(self, net):
        """The status line: what just happened, in words."""
        f = net.forward(self.s0)
        cost = float(net.cost(self.s0, self.target))
        out = float(f.out)
        steps = len(self.path) - 1
        lo, hi = WEIGHT_RANGE
        outside = [k for k, v in self.weights.items() if not lo <= v <= hi]
        where = ""
        if outside:
            names = ", ".join(f"{k} = {fmt(self.weights[k], 4)}" for k in outside)
            where = (f"{names} {'is' if len(outside) == 1 else 'are'} outside the slider range "
                     f"{fmt(lo)} to {fmt(hi)}; the slider shows its end.")
        if self.diverged_at is not None:
            text = divergence_sentence(self.record, lr=self._action_lr, start=self._action_start, number=_fmt4,
                                       action="Press Reset, then try a smaller learning rate.")
            self.set_status(" ".join(filter(None, [text, where])), "error")
            return
        sentences = [f"Step {steps}: out = {fmt(out, 4)}, target = {fmt(self.target, 4)}, cost C = {fmt(cost, 4)}."]
        kind = "info"
        n = steps - self._action_start
        if n > 0:
            c = np.asarray(self.costs[self._action_start:], float)
            ups = int(np.sum(np.diff(c) > 1e-9 * c[:-1] + 1e-15))
            if c[-1] - c[0] > 1e-9 * c[0] + 1e-15:
                sentences.append(f"The cost went UP over the last {n} step{'s' if n > 1 else ''}, from "
                                 f"{fmt(c[0], 4)} to {fmt(c[-1], 4)}: the learning rate "
                                 f"{fmt(self._action_lr, 4)} is too large, the steps overshoot.")
                kind = "warn"
            elif ups:
                sentences.append(f"The cost went up on {ups} of the last {n} steps (they overshot), "
                                 "but it ended lower.")
        grads = net.gradients(self.s0, self.target)
        largest = max(abs(float(g)) for g in grads.values())
        if abs(out - self.target) < self.REACHED:
            sentences.append("The output has reached the target (to 4 decimals): dC/dout = out - target is "
                             "almost 0, so every gradient is too and the weights stop moving.")
            kind = "ok" if kind == "info" else kind
        elif cost > 1e-4 and f.s2 < 1e-3:
            sentences.append(f"Stuck: s2 = {fmt(f.s2, 3)}, the second neuron is saturated, so out = w2 s2 "
                             "hardly changes whatever the weights do; every gradient is tiny. Press Reset "
                             "or move a slider.")
            kind = "warn"
        elif cost > 1e-4 and largest < 1e-5:
            sentences.append(f"Stuck: every gradient is tiny (largest |dC/dw| = {fmt(largest, 2)}) although "
                             "the cost is not. Press Reset or move a slider.")
            kind = "warn"
        elif steps == 0:
            sentences.append("Press Step or Run N steps to train.")
        if where:
            sentences.append(where)
            kind = "warn" if kind != "error" else kind
        self.set_status(" ".join(sentences), kind)
