"""Dashboards for gradient descent itself (lecture 001, second half; lecture 004).

* :class:`LearningRateDashboard`: a cost :math:`J(\\theta)` of one parameter,
  sliders for the learning rate, the start and the number of steps; the path
  on the curve, J against iteration, the regime in words (too small, good,
  overshooting, diverging) and a step table whose step sizes shrink near a
  minimum.
* :class:`Descent2DDashboard`: the coupled 'bowl' over two parameters with
  the correct *simultaneous* update and the lecture's *incorrect sequential*
  one drawn side by side, and the first step computed both ways
  (``temp0``/``temp1`` as on the slide).
* :class:`MomentumDashboard`: the double well. Plain gradient descent from
  the right is trapped in the local minimum; with momentum the parameter can
  roll over the hump into the global one.
* :class:`BatchModesDashboard`: one small network trained by
  :meth:`backprop_core.MLP.fit` three ways -- full batch, mini-batch,
  stochastic -- with the count epochs x batches per epoch = iterations.

Every number comes from :func:`backprop_core.descent.gradient_descent` or
:meth:`backprop_core.MLP.fit`; this module only arranges and draws them.

Left out: adaptive learning rates (Adam, RMSProp), learning-rate schedules,
line searches.
"""
from __future__ import annotations


import numpy as np

from backprop_core.basins import basin
from backprop_core.descent import LIMIT, OBJECTIVES, first_step, gradient_descent
from backprop_core.records import divergence_sentence

from ...controls import check_setting, dropdown, int_slider, log_slider, set_range, slider
from ...blit import set_limits
from ...dashboard import Dashboard, FigureView
from ...plotting import (COLORS, CostSurface, FunctionCurve, Lines, nice_upper, off_plot_text,
                       side_by_side)
from ...tables import Math, Table, fmt
from .parts import RUN_COLORS, fmt4 as _fmt4, note as _note, theta_text as _theta_text
from .batches import BatchModesDashboard, batch_data  # noqa: F401  (the lesson imports its dashboards from here)
from .momentum import MomentumDashboard  # noqa: F401

__all__ = ["LearningRateDashboard", "Descent2DDashboard", "regime", "step_table", "first_step",
           "momentum_steps_table", "basin", "benchmark_scenarios"]

# The momentum and batch-mode dashboards live in their own modules (imported here, below the lesson's
# shared pieces in .parts, so neither imports this module back).

#: How the objectives read in plain text (dropdowns, table titles).
LABELS = {"parabola": "J = (theta - 3)^2 + 1", "double_well": "J = theta^4 - 3 theta^2 + theta",
          "bowl": "J = 1/2 (theta0 - 1)^2 + 2 (theta1 + 0.5)^2 + 0.8 (theta0 - 1)(theta1 + 0.5)"}

#: The regime words and the status colour that goes with each.
REGIME_KIND = {"too small": "warn", "good": "ok", "overshooting": "warn", "diverging": "error"}

#: The 2-D dashboard counts a run as arrived once J - J(minimum) is below this.
TOL_2D = 1e-6


# ---------------------------------------------------------------------------
# the words: regimes, minima, tables
# ---------------------------------------------------------------------------
def _nearest_minimum(objective, theta):
    mins = np.array(objective.minima, dtype=float)
    return mins[np.argmin(np.linalg.norm(mins - np.asarray(theta, float), axis=1))]


def _crossings(run):
    """How often the path jumped across the minimum it ends near (as in ``DescentRun.verdict``)."""
    target = _nearest_minimum(run.objective, run.thetas[-1])
    direction = run.thetas[0] - target
    norm = np.linalg.norm(direction)
    direction = direction / norm if norm > 0 else np.ones_like(direction) / np.sqrt(direction.size)
    offsets = (run.thetas - target) @ direction
    return int(np.sum(np.diff(np.sign(offsets[np.abs(offsets) > 1e-9])) != 0))


def regime(run):
    """The learning-rate regime of a :class:`~backprop_core.descent.DescentRun`, in words.

    Returns ``(word, sentence)`` with ``word`` one of ``'too small'``,
    ``'good'``, ``'overshooting'``, ``'diverging'``. The word comes from
    :meth:`DescentRun.verdict`, with one correction: a run that jumps back and
    forth across the minimum and has not arrived yet is *overshooting*, not
    *too small* (the verdict calls a learning rate just below the diverging
    limit "too small"). A run that stopped says "Diverged at step k".
    """
    word = run.verdict()
    lr, steps, J = run.lr, run.steps, run.costs[-1]
    if run.diverged:
        return "diverging", divergence_sentence(
            run, cause="every step overshoots the minimum by more than it corrects", kept=_theta_text(run.thetas[-1]),
            number=_fmt4)
    if word == "diverging":
        return "diverging", (
            f"Diverging: J grew from {fmt(run.costs[0], 4)} to {fmt(J, 4)} in {steps} steps; each step "
            f"overshoots the minimum by more than it corrects. Lower the learning rate (now {fmt(lr, 4)}).")
    if word == "too small" and _crossings(run) > 2:
        return "overshooting", (
            f"Overshooting: theta jumps back and forth across the minimum, each jump landing almost as far "
            f"on the other side, so after {steps} steps J = {fmt(J, 4)} is still far from it. The learning "
            f"rate {fmt(lr, 4)} is at the edge of diverging; a smaller one gets there faster.")
    return word, run.message


def step_table(run, first=5, last=3, digits=6):
    """The first ``first`` and the last ``last`` steps of a 1-D run.

    Columns: step k, theta_k, J(theta_k), dJ/dtheta at theta_k and the step
    theta_(k+1) - theta_k (the last row: the step that would come next,
    -lr dJ/dtheta). Without momentum the step is -lr dJ/dtheta, so it shrinks
    with the slope as the path nears a minimum.
    """
    obj, thetas, costs = run.objective, run.thetas[:, 0], run.costs
    K = run.steps
    shown = list(range(K + 1)) if K + 1 <= first + last else list(range(first)) + list(range(K + 1 - last, K + 1))
    rows = []
    for k in shown:
        grad = float(obj.grad(run.thetas[k])[0])
        step = float(thetas[k + 1] - thetas[k]) if k < K else -run.lr * grad
        rows.append([k, thetas[k], costs[k], grad, step])
    groups = [first] if K + 1 > first + last else []
    title = (f"Gradient descent on {LABELS.get(obj.name, obj.name)}, learning rate {fmt(run.lr, 4)}"
             + (f", momentum {fmt(run.momentum, 3)}" if run.momentum else "")
             + f", from theta = {fmt(thetas[0], 4)}")
    return Table(["step k", "theta", "J(theta)", "dJ/dtheta", "step theta(k+1) - theta(k)"], rows, title=title,
                 groups=groups, digits=digits)


def momentum_steps_table(run, steps=4, digits=6):
    """The first momentum steps taken apart: Delta theta(t) = -lr dJ/dtheta + momentum Delta theta(t-1).

    The parts are computed from the objective's gradient; the last column is
    the step the core's run actually took, theta(t) - theta(t-1).
    """
    obj, thetas = run.objective, run.thetas[:, 0]
    rows, prev = [], 0.0
    for t in range(1, min(steps, run.steps) + 1):
        push = -run.lr * float(obj.grad(run.thetas[t - 1])[0])
        carry = run.momentum * prev
        taken = float(thetas[t] - thetas[t - 1])
        rows.append([t, thetas[t - 1], push, carry, push + carry, taken, thetas[t]])
        prev = taken
    return Table(["t", "theta(t-1)", "-lr dJ/dtheta", "momentum x Delta(t-1)", "sum", "Delta(t) taken",
                  "theta(t)"], rows, digits=digits,
                 title=f"Momentum steps (learning rate {fmt(run.lr, 4)}, momentum {fmt(run.momentum, 3)})")


# ---------------------------------------------------------------------------
# 1-D: the learning rate
# ---------------------------------------------------------------------------
START = {"parabola": 0.0, "double_well": 2.0}


class LearningRateDashboard(Dashboard):
    """Gradient descent on a cost of one parameter: how the learning rate decides everything.

    Controls: ``objective`` (``'parabola'`` or ``'double_well'``), ``lr``
    (log slider, 0.001 to 10), ``start`` (theta_0), ``steps`` (1 to 100).
    Changing the objective moves ``start`` to that objective's default and
    range. ``run`` is the current :class:`~backprop_core.descent.DescentRun`;
    ``regime`` its word (too small, good, overshooting, diverging).
    """

    def __init__(self, objective="parabola", lr=0.1, start=None, steps=30):
        super().__init__()
        objective = check_setting("objective", objective, choices=START)
        obj = OBJECTIVES[objective]
        lo, hi = obj.window[0]
        start = START[objective] if start is None else start
        self._watch(objective=dropdown("J(theta)", [(LABELS[k][4:], k) for k in START], objective,
                                       name="objective"),  # the labels without "J = "
                    lr=log_slider("learning rate", lr, -3, 1, name="lr"),
                    start=slider("start theta", start, lo, hi, step=0.05, fmt=".2f", name="start"),
                    steps=int_slider("steps", steps, 1, 100))
        self.view = FigureView("two panels")
        fig = self.view.figure
        ax_f, ax_c = side_by_side(fig)
        self.curve = FunctionCurve(ax_f)
        self.view.blit.add(self.curve.path_line, self.curve.point)
        (self.minima,) = ax_f.plot([], [], "*", color=COLORS["target"], ms=9, zorder=4)
        self.note = _note(ax_f, self.view.blit)
        self.costs = Lines(ax_c, {"J": dict(color=COLORS["curve"], lw=1.5, marker="o", ms=2.5)},
                            self.view.blit, title="J against iteration", ylabel=r"$J$")
        self.cost_note = _note(ax_c, self.view.blit)
        self._objective_for = None
        self.run = None
        self.regime = ""
        self.arrange()
        self.refresh()

    def on_control_change(self, change):
        if change["owner"] is self.controls["objective"]:
            name = change["new"]
            lo, hi = OBJECTIVES[name].window[0]
            with self.hold():
                set_range(self.controls["start"], lo, hi, START[name])
        self.refresh()

    def plot_values(self):
        """The last plotted point on the curve and the number of path points."""
        x, y = self.curve.point.get_data()
        return {"theta": float(x[0]), "J": float(y[0]), "path_points": len(self.curve.path_line.get_xdata()),
                "regime": self.regime}

    def update(self):
        v = self.values
        obj = OBJECTIVES[v["objective"]]
        self.run = run = gradient_descent(obj, [float(v["start"])], float(v["lr"]), int(v["steps"]))
        if obj.name != self._objective_for:
            lo, hi = obj.window[0]
            xs = np.linspace(lo, hi, 401)
            self.curve.set_function(xs, obj.f(xs[:, None]), r"$\theta$", r"$J(\theta)$")
            self.curve.ax.set_title(f"${obj.latex}$")
            mins = np.array(obj.minima, float)[:, 0]
            self.minima.set_data(mins, obj.f(mins[:, None]))
            self._objective_for = obj.name
            self.view.blit.invalidate()
        thetas = run.thetas[:, 0]
        self.curve.set_path(thetas, run.costs)
        self.note.set_text(off_plot_text(self.curve.ax, thetas, run.costs))
        K = run.steps
        self.costs.set("J", np.arange(K + 1), run.costs)
        set_limits(self.costs.ax, (0, nice_upper(max(int(v["steps"]), 10))), self.curve.ax.get_ylim())
        above = np.nonzero(run.costs > self.costs.ax.get_ylim()[1])[0]
        self.cost_note.set_text(f"J off the plot from step {above[0]}\n(J = {fmt(run.costs[above[0]], 3)})"
                                if above.size else "")
        self.set_table(step_table(run))
        self.regime, sentence = regime(run)
        self.set_status(sentence, REGIME_KIND[self.regime])


# ---------------------------------------------------------------------------
# 2-D: simultaneous vs sequential
# ---------------------------------------------------------------------------
def _arrival(run, tol=TOL_2D):
    """The first step whose J is within ``tol`` of the global minimum's, or None."""
    j_star = float(run.objective.f(run.objective.global_minimum))
    close = np.nonzero(run.costs - j_star < tol)[0]
    return int(close[0]) if close.size else None


class Descent2DDashboard(Dashboard):
    """The correct simultaneous update and the lecture's incorrect sequential one, on the 'bowl'.

    Controls: ``lr`` (0.01 to 0.6), ``theta0`` and ``theta1`` (the
    start), ``steps`` (1 to 100), ``show`` (``'both'``, ``'simultaneous'``,
    ``'sequential'``). ``runs`` holds both
    :class:`~backprop_core.descent.DescentRun` objects.
    """

    GRID = (161, 101)
    #: the J axis is logarithmic from here up to the divergence limit
    J_FLOOR = 1e-16

    def __init__(self, lr=0.3, theta0=-2.0, theta1=1.5, steps=30, show="both"):
        super().__init__()
        self.objective = obj = OBJECTIVES["bowl"]
        (x0, x1), (y0, y1) = obj.window
        self._watch(lr=slider("learning rate", lr, 0.01, 0.6, step=0.01, fmt=".2f", name="lr"),
                    theta0=slider("start theta0", theta0, x0, x1, step=0.05, fmt=".2f",
                                  name="theta0"),
                    theta1=slider("start theta1", theta1, y0, y1, step=0.05, fmt=".2f",
                                  name="theta1"),
                    steps=int_slider("steps", steps, 1, 100),
                    show=dropdown("show", [("both updates", "both"), ("simultaneous only", "simultaneous"),
                                           ("sequential only", "sequential")], show))
        self.view = FigureView("two panels tall")
        fig = self.view.figure
        ax_s, ax_c = side_by_side(fig, widths=(1.3, 1))
        self.surface = CostSurface(ax_s, r"$J(\theta_0, \theta_1)$", blit=self.view.blit)
        nx, ny = self.GRID
        T0, T1 = np.meshgrid(np.linspace(x0, x1, nx), np.linspace(y0, y1, ny))
        self.surface.set_surface(obj.f(np.stack([T0, T1], axis=-1)), (x0, x1, y0, y1), r"$\theta_0$",
                                 r"$\theta_1$")
        seq = RUN_COLORS["sequential"]
        (self.seq_line,) = ax_s.plot([], [], "--", color=seq, lw=1.4, marker=".", ms=3, zorder=3)
        (self.seq_point,) = ax_s.plot([], [], "o", mfc=seq, mec="black", ms=5, zorder=6, clip_on=False)
        self.view.blit.add(self.seq_line, self.seq_point)
        m = obj.global_minimum
        (star,) = ax_s.plot([m[0]], [m[1]], "*", color=COLORS["target"], mec="black", mew=0.5, ms=10, zorder=4)
        sim_style = dict(color=RUN_COLORS["simultaneous"], lw=1.6, marker=".", ms=3)
        seq_style = dict(color=seq, lw=1.4, ls="--", marker=".", ms=3)
        # the star is drawn after the cost image (slow layer), else the image would cover it
        self.view.blit.add(star, layer="slow")
        # the legend sits on the J plot's lower left, which converging and diverging runs both leave empty
        # (on the surface it hid paths, and in a blit layer it kept the figure stale: endless redraws)
        self.costs = Lines(ax_c, {"simultaneous": dict(sim_style, label="simultaneous (correct)"),
                                   "sequential": dict(seq_style, label="sequential (incorrect)")},
                            self.view.blit, title="J against iteration", ylabel=r"$J$", yscale="log",
                            legend="lower left")
        self.note = _note(ax_s, self.view.blit)
        self.runs = {}
        self.arrange()
        self.refresh()

    def plot_values(self):
        """The end points of both plotted paths."""
        sx, sy = self.surface.point.get_data()
        qx, qy = self.seq_point.get_data()
        return {"simultaneous_end": [float(sx[0]), float(sy[0])], "sequential_end": [float(qx[0]), float(qy[0])],
                "path_points": [len(self.surface.path_line.get_xdata()), len(self.seq_line.get_xdata())]}

    def table_for(self, theta, lr):
        """Both runs side by side, after the first step computed both ways."""
        runs = self.runs
        one = first_step(self.objective, theta, lr)
        sim, seq = one["simultaneous"], one["sequential"]
        rows = [
            [Math(r"\partial J/\partial\theta_0\ \mathrm{at}\ (\theta_0, \theta_1)", "dJ/dtheta0 at (theta0, theta1)"),
             one["dJ/dtheta0"], one["dJ/dtheta0"]],
            [Math(r"\mathrm{temp0} = \theta_0 - \alpha\,\partial J/\partial\theta_0",
                  "temp0 = theta0 - lr * dJ/dtheta0"),
             one["temp0"], one["temp0"]],
            [Math(r"\partial J/\partial\theta_1\ \mathrm{at}", "dJ/dtheta1 at"),
             "(theta0, theta1)", "(temp0, theta1)"],
            [Math(r"\partial J/\partial\theta_1", "dJ/dtheta1"), sim["dJ/dtheta1"], seq["dJ/dtheta1"]],
            [Math(r"\mathrm{temp1} = \theta_1 - \alpha\,\partial J/\partial\theta_1",
                  "temp1 = theta1 - lr * dJ/dtheta1"),
             sim["temp1"], seq["temp1"]],
        ]
        for name, symbol in (("final theta0", r"\theta_0"), ("final theta1", r"\theta_1")):
            j = 0 if name.endswith("0") else 1
            rows.append([Math(r"\mathrm{final}\ " + symbol, name),
                         runs["simultaneous"].thetas[-1, j], runs["sequential"].thetas[-1, j]])
        rows.append([Math(r"\mathrm{final}\ J", "final J"), runs["simultaneous"].costs[-1],
                     runs["sequential"].costs[-1]])
        arrive = []
        for name in ("simultaneous", "sequential"):
            r = runs[name]
            k = _arrival(r)
            arrive.append(k if k is not None else
                          (f"diverged at {r.diverged_at}" if r.diverged else f"not within {r.steps}"))
        rows.append([Math(r"\mathrm{steps\ until}\ J < 10^{-6}", "steps until J < 1e-6"), *arrive])
        return Table(["", "simultaneous (correct)", "sequential (incorrect)"], rows, groups=[0, 5],
                     numeric_columns={1, 2},
                     title=(f"First step from (theta0, theta1) = ({fmt(theta[0], 4)}, {fmt(theta[1], 4)}) with "
                            f"learning rate {fmt(lr, 4)}, then {int(self.values['steps'])} steps"))

    def update(self):
        v = self.values
        theta = np.array([float(v["theta0"]), float(v["theta1"])])
        lr, steps = float(v["lr"]), int(v["steps"])
        self.runs = {u: gradient_descent(self.objective, theta, lr, steps, update=u)
                     for u in ("simultaneous", "sequential")}
        sim, seq = self.runs["simultaneous"], self.runs["sequential"]
        show = v["show"]
        self.surface.set_path(sim.thetas[:, 0], sim.thetas[:, 1])
        self.surface.set_point(*sim.thetas[-1])
        self.seq_line.set_data(seq.thetas[:, 0], seq.thetas[:, 1])
        self.seq_point.set_data(seq.thetas[-1:, 0], seq.thetas[-1:, 1])
        for artist in (self.surface.path_line, self.surface.point):
            artist.set_visible(show != "sequential")
        for artist in (self.seq_line, self.seq_point):
            artist.set_visible(show != "simultaneous")
        for name, r in self.runs.items():
            # J = 0 at the minimum: the log axis shows it at its floor (fixed limits: no full redraw)
            self.costs.set(name, np.arange(r.steps + 1), np.maximum(r.costs, self.J_FLOOR))
            self.costs.lines[name].set_visible(show in ("both", name))
        set_limits(self.costs.ax, (0, nice_upper(max(steps, 10))), (self.J_FLOOR, LIMIT))
        self.note.set_text(self._off_surface())
        self.set_table(self.table_for(theta, lr))
        self._report()

    def _off_surface(self):
        """A warning for the surface when a drawn path leaves it, else ''."""
        (x0, x1), (y0, y1) = self.objective.window
        show = self.values["show"]
        for name in ("simultaneous", "sequential"):
            if show not in ("both", name):
                continue
            t = self.runs[name].thetas
            out = (t[:, 0] < x0) | (t[:, 0] > x1) | (t[:, 1] < y0) | (t[:, 1] > y1)
            if np.any(out):
                return f"{name} path off the plot from step {int(np.argmax(out))}"
        return ""

    def _report(self):
        sim, seq = self.runs["simultaneous"], self.runs["sequential"]
        word, sentence = regime(sim)
        parts = [f"Simultaneous (correct): {sentence}"]
        if seq.diverged:
            parts.append(f"Sequential (incorrect): diverged at step {seq.diverged_at}.")
        else:
            k = _arrival(seq)
            where = (f"J < 1e-6 after {k} steps" if k is not None
                     else f"J = {fmt(seq.costs[-1], 4)} after {seq.steps} steps")
            parts.append(f"Sequential (incorrect): {where}.")
        one = first_step(self.objective, sim.thetas[0], sim.lr)
        d = one["sequential"]["temp1"] - one["simultaneous"]["temp1"]
        parts.append(f"The first steps already differ: temp1 = {fmt(one['simultaneous']['temp1'], 5)} "
                     f"(simultaneous) vs {fmt(one['sequential']['temp1'], 5)} (sequential, dJ/dtheta1 taken at the "
                     f"already-moved theta0), a difference of {fmt(d, 3)}.")
        self.set_status(" ".join(parts), REGIME_KIND[word])


# ---------------------------------------------------------------------------
# benchmark (benchmarks/bench_dashboards.py picks these up)
# ---------------------------------------------------------------------------
def benchmark_scenarios():
    """(name, factory, actions) for every dashboard here; actions mimic a student's drags."""
    def sweep(name, values, cast=float):
        return [(f"{name}={v:.3g}", (lambda d, v=v: d.set(**{name: cast(v)}))) for v in values]

    yield "LearningRateDashboard", LearningRateDashboard, (
        sweep("lr", 10 ** np.arange(-3, 1.001, 0.1)) + sweep("start", np.arange(-2, 8.001, 0.4))
        + sweep("steps", range(5, 101, 5), int)
        + [("objective=double_well", lambda d: d.set(objective="double_well")),
           ("objective=parabola", lambda d: d.set(objective="parabola"))] * 2)
    yield "Descent2DDashboard", Descent2DDashboard, (
        sweep("lr", np.arange(0.01, 0.601, 0.02)) + sweep("theta0", np.arange(-3, 5.001, 0.4))
        + sweep("theta1", np.arange(-3, 2.001, 0.25)) + sweep("steps", range(5, 101, 5), int))
    yield "MomentumDashboard", MomentumDashboard, (
        sweep("momentum", np.arange(0, 0.951, 0.05)) + sweep("start", np.arange(-2.2, 2.201, 0.2))
        + sweep("lr", np.arange(0.005, 0.1001, 0.005)) + sweep("steps", range(10, 301, 20), int))
    yield "BatchModesDashboard", BatchModesDashboard, (
        sweep("batch_size", range(2, 51, 3), int) + sweep("lr", 10 ** np.arange(-2, 1.501, 0.25))
        + sweep("epochs", range(1, 9), int))
