"""The local-minimum trap on the double well, and momentum rolling through it (lecture 004).

* :class:`MomentumDashboard`: plain gradient descent from the right is
  trapped in the local minimum; with momentum the parameter can roll over the
  hump into the global one.

Left out: Nesterov momentum, adaptive learning rates.
"""
from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from backprop_core.basins import basin
from backprop_core.descent import OBJECTIVES, gradient_descent

from ... import theme
from ...controls import int_slider, slider
from ...blit import set_limits
from ...dashboard import Dashboard, FigureView
from ...plotting import COLORS, FunctionCurve, Lines, nice_upper, off_plot_text, side_by_side
from ...tables import Table, fmt
from backprop_core.records import divergence_sentence

from .parts import RUN_COLORS, fmt4 as _fmt4, note as _note, theta_text as _theta_text

__all__ = ["MomentumDashboard"]


# ---------------------------------------------------------------------------
# local minima and momentum
# ---------------------------------------------------------------------------
class MomentumDashboard(Dashboard):
    """The local-minimum trap on the double well, and momentum rolling through it.

    Controls: ``start`` (theta_0), ``lr`` (0.001 to 0.1), ``momentum``
    (0 to 0.95), ``steps`` (10 to 300). Two runs from the same start:
    ``runs['plain']`` (momentum 0) and ``runs['momentum']`` (the slider's
    momentum). The update is the core's
    ``Delta theta(t) = -lr dJ/dtheta + momentum * Delta theta(t-1)``.
    """

    #: a run has "settled" in a minimum once it is this close to it
    SETTLED = 0.01

    def __init__(self, start=2.0, lr=0.02, momentum=0.8, steps=150):
        super().__init__()
        self.objective = obj = OBJECTIVES["double_well"]
        lo, hi = obj.window[0]
        self._watch(start=slider("start theta", start, lo, hi, step=0.05, fmt=".2f", name="start"),
                    lr=slider("learning rate", lr, 0.001, 0.1, step=0.001, fmt=".3f", name="lr"),
                    momentum=slider("momentum", momentum, 0.0, 0.95, step=0.01, fmt=".2f"),
                    steps=int_slider("steps", steps, 10, 300, step=10))
        self.view = FigureView("two panels")
        fig = self.view.figure
        ax_f, ax_c = side_by_side(fig)
        self.curve = FunctionCurve(ax_f, f"${obj.latex}$")
        xs = np.linspace(lo, hi, 401)
        self.curve.set_function(xs, obj.f(xs[:, None]), r"$\theta$", r"$J(\theta)$")
        ax_f.set_ylim(-6.0, ax_f.get_ylim()[1])  # room for the labels under the minima
        self.curve.path_line.set_alpha(0.8)
        (self.plain_line,) = ax_f.plot([], [], "-", color=RUN_COLORS["plain"], lw=1, alpha=0.8, marker="s", ms=3,
                                       zorder=3)
        (self.plain_point,) = ax_f.plot([], [], "s", mfc="white", mec=RUN_COLORS["plain"], ms=7, zorder=5)
        self.view.blit.add(self.plain_line, self.plain_point, self.curve.path_line, self.curve.point)
        for (m,), label in zip(obj.minima, ("global\nminimum", "local\nminimum")):
            ax_f.plot([m], [obj.f(np.array([m]))], "*", color=COLORS["target"], ms=9, zorder=4)
            ax_f.annotate(label, (m, float(obj.f(np.array([m])))), xytext=(0, -20), textcoords="offset points",
                          ha="center", fontsize=theme.font_pt("small"), color=COLORS["muted"])
        plain_style = dict(color=RUN_COLORS["plain"], lw=1.3, ls="--", label="plain GD (momentum 0)")
        mom_style = dict(color=RUN_COLORS["momentum"], lw=1.5, label="with momentum")
        ax_f.legend([Line2D([], [], marker="s", ms=4, **{k: v for k, v in plain_style.items() if k != "label"}),
                     Line2D([], [], marker="o", ms=4, **{k: v for k, v in mom_style.items() if k != "label"})],
                    ["plain GD", "with momentum"], loc="upper center", fontsize=theme.font_pt("small"), framealpha=0.85)
        self.costs = Lines(ax_c, {"plain": plain_style, "momentum": mom_style}, self.view.blit,
                            title="J against iteration", ylabel=r"$J$")
        self.note = _note(ax_f, self.view.blit)
        self.runs = {}
        self._plain_key = None
        self.arrange()
        self.refresh()

    def plot_values(self):
        """Where both plotted runs end."""
        mx, _ = self.curve.point.get_data()
        px, _ = self.plain_point.get_data()
        return {"momentum_end": float(mx[0]), "plain_end": float(px[0])}

    def where(self, run):
        """``(settled, kind, minimum)``: the minimum whose valley the run ended in, 'global' or 'local'."""
        i, m = basin(self.objective, run.thetas[-1])
        settled = abs(float(run.thetas[-1, 0]) - m) < self.SETTLED and not run.diverged
        return settled, ("global" if i == 0 else "local"), m

    def _describe(self, run):
        if run.diverged:
            return f"diverged at step {run.diverged_at} (J grew past {run.limit:.0e}); lower the learning rate"
        settled, kind, m = self.where(run)
        J = float(self.objective.f(np.array([m])))
        if settled:
            return f"ended in the {kind} minimum, theta = {fmt(m, 5)}, J = {fmt(J, 5)}"
        return (f"has not settled after {run.steps} steps (theta = {fmt(run.thetas[-1, 0], 4)}); it is in the "
                f"valley of the {kind} minimum (theta = {fmt(m, 5)}, J = {fmt(J, 5)})")

    def update(self):
        v = self.values
        start, lr, beta, steps = float(v["start"]), float(v["lr"]), float(v["momentum"]), int(v["steps"])
        key = (start, lr, steps)
        if key != self._plain_key:
            self.runs["plain"] = gradient_descent(self.objective, [start], lr, steps)
            self._plain_key = key
        self.runs["momentum"] = gradient_descent(self.objective, [start], lr, steps, momentum=beta)
        plain, mom = self.runs["plain"], self.runs["momentum"]
        self.plain_line.set_data(plain.thetas[:, 0], plain.costs)
        self.plain_point.set_data(plain.thetas[-1:, 0], plain.costs[-1:])
        self.curve.set_path(mom.thetas[:, 0], mom.costs)
        self.note.set_text(off_plot_text(self.curve.ax, np.concatenate([plain.thetas[:, 0], mom.thetas[:, 0]]),
                                     np.concatenate([plain.costs, mom.costs])))
        self.costs.set("plain", np.arange(plain.steps + 1), plain.costs)
        self.costs.set("momentum", np.arange(mom.steps + 1), mom.costs)
        set_limits(self.costs.ax, (0, nice_upper(steps)), self.curve.ax.get_ylim())
        rows = []
        for name, r in (("plain GD", plain), ("with momentum", mom)):
            settled, kind, m = self.where(r)
            ended = ("diverged" if r.diverged else (f"{kind} minimum" if settled else f"moving ({kind} valley)"))
            rows.append([name, r.momentum, r.lr, r.steps, r.thetas[-1, 0], r.costs[-1], ended])
        self.set_table(Table(["run", "momentum", "learning rate", "steps", "final theta", "final J", "ended in"],
                             rows, title=f"Two runs from theta = {fmt(start, 4)}", numeric_columns={1, 2, 3, 4, 5}))
        self._report()

    def _report(self):
        plain, mom = self.runs["plain"], self.runs["momentum"]
        if mom.diverged or plain.diverged:
            which = mom if mom.diverged else plain
            name = "the run with momentum" if which is mom else "plain gradient descent"
            self.set_status(divergence_sentence(which, lr=False, label=name, cause="the steps overshot",
                                                kept=_theta_text(which.thetas[-1]), number=_fmt4,
                                                action="Lower the learning rate or the momentum."), "error")
            return
        m_set, m_kind, _ = self.where(mom)
        p_set, p_kind, _ = self.where(plain)
        if mom.momentum == 0:
            text = f"Momentum 0 is plain gradient descent: it {self._describe(mom)}."
        else:
            text = (f"With momentum {fmt(mom.momentum, 3)} the run {self._describe(mom)}. "
                    f"Plain gradient descent (momentum 0) from the same start {self._describe(plain)}.")
            if m_kind == "global" and p_kind == "local":
                text += " Momentum carried theta over the hump: plain gradient descent is trapped in the local minimum."
            elif m_kind == "local" and p_kind == "global":
                text += (" This time it is the other way round: plain gradient descent reached the global "
                         "minimum, the run with momentum did not.")
        kind = "ok" if (m_set and m_kind == "global") else "warn"
        self.set_status(text, kind)


