"""Lesson 01's perceptrons: logic gates with one step unit, and the perceptron learning rule.

* :class:`LogicDashboard`: AND, OR, NOT, majority (and NAND, NOR, XOR, XNOR):
  the live truth table, the decision line, each row's net input;
  :func:`~backprop_core.logic_networks.separating_sweep` finds no line for XOR or XNOR (:func:`sweep_table`).
* :class:`PerceptronRuleDashboard`: lecture 003's rule one example at a time.

Shared ranges and colours live in :mod:`backprop_lab.dashboards.neurons.ranges`; the gates, the sweep,
the XNOR network and the ridges are computed in :mod:`backprop_core.logic_networks`.

Left out: gradient descent (lessons 04-05).
"""

from __future__ import annotations

import numpy as np

import backprop_core as bp
from backprop_core.logic_networks import GATES, WORKING, gate_rows, separating_sweep
from backprop_core.perceptron import step

from ... import theme
from ...controls import dropdown, slider
from ...dashboard import Dashboard, FigureView
from ...plotting import COLORS, new_figure, nice_upper, side_by_side
from ...tables import Table, fmt
from .ranges import (FIRE, LOGIC_BIAS_RANGE, LOGIC_WEIGHT_RANGE, PLANE, QUIET, RULE_LR_RANGE, RULE_START_RANGE,
                            WRONG)

# ---------------------------------------------------------------------------
# logic with one perceptron
# ---------------------------------------------------------------------------
def truth_table(gate, w, b):
    """The truth table of one step unit ``g(w . x + b)`` against ``gate``.

    ``w``: the weights (only the first n are used, n = the gate's inputs).
    Returns ``(Table, rows_right)``.
    """
    X, y = gate_rows(gate)
    n = X.shape[1]
    w = np.asarray(w, dtype=float)[:n]
    z = X @ w + float(b)
    out = step(z)
    names = [f"x{k + 1}" for k in range(n)]
    rows = [[*(int(v) for v in x), zi, int(o), int(t), "yes" if o == t else "NO"]
            for x, zi, o, t in zip(X, z, out, y)]
    right = int(np.sum(out == y))
    wtext = " + ".join(f"{fmt(wk, 3)} x{k + 1}" for k, wk in enumerate(w))
    return (Table([*names, "z = w.x + b", "g(z)", gate, "right?"], rows, digits=4,
                  highlight={i for i, r in enumerate(rows) if r[-1] == "NO"},
                  title=(f"{gate} with g({wtext} + {fmt(b, 3)}): {right} of {len(rows)} rows right"
                         .replace("+ -", "- "))),
            right)


def sweep_table(gates=("AND", "OR", "NAND", "NOR", "XOR", "XNOR"), steps=41, limit=2.0):
    """One row per gate: how many grid settings of (w1, w2, b) separate it."""
    rows = []
    for g in gates:
        s = separating_sweep(g, steps, limit)
        rows.append([g, s["tried"], s["perfect"], f"{s['best']} of {s['rows']}"])
    return Table(["gate", "settings tried", "settings with every row right", "best any setting does"], rows,
                 title=f"A sweep over w1, w2, b in [-{fmt(limit)}, {fmt(limit)}] ({steps} values each)")


def sweep_figure(gates=("AND", "XOR"), steps=41, limit=2.0):
    """For each gate, the most rows any bias gets right at each ``(w1, w2)`` (a picture of the sweep)."""
    fig = new_figure("row")
    for i, g in enumerate(gates):
        s = separating_sweep(g, steps, limit)
        ax = fig.add_axes([0.08 + i * 0.47, 0.17, 0.33, 0.7])
        im = ax.imshow(s["best_per_w"], origin="lower", extent=(-limit, limit, -limit, limit), vmin=2, vmax=4,
                       cmap="viridis", interpolation="nearest")
        ax.set_xlabel("w1")
        ax.set_ylabel("w2")
        ax.set_title(f"{g}: most rows right (best b)", fontsize=theme.font_pt("body"))
        cb = fig.colorbar(im, ax=ax, ticks=[2, 3, 4], fraction=0.08)
        cb.ax.tick_params(labelsize=theme.font_pt("small"))
    return fig


def _clip_line(a1, a2, c, lo=PLANE[0], hi=PLANE[1]):
    """Points of the line ``a1 x1 + a2 x2 + c = 0`` across the square window (empty if none)."""
    if abs(a2) > 1e-12 and abs(a2) >= abs(a1):
        xs = np.array([lo, hi])
        return xs, -(c + a1 * xs) / a2
    if abs(a1) > 1e-12:
        ys = np.array([lo, hi])
        return -(c + a2 * ys) / a1, ys
    return np.array([]), np.array([])


def _plane_figure(dash, grid=61):
    """A new figure for ``dash``: the input plane (left; ``dash.shade`` shades it, ``dash._g1``,
    ``dash._g2`` are its grid) and a second panel (right). Returns the two axes."""
    dash.view = FigureView("beside")
    ax, ax2 = side_by_side(dash.view.figure, widths=(1.9, 1.65), left=0.66, right=0.15, bottom=0.43, top=0.32,
                           gap=0.7)
    lo, hi = PLANE
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    g = np.linspace(lo, hi, grid)
    dash._g1, dash._g2 = np.meshgrid(g, g)
    dash.shade = ax.imshow(np.zeros((grid, grid)), origin="lower", extent=(lo, hi, lo, hi), cmap="Blues", vmin=0,
                           vmax=4, alpha=0.6, interpolation="nearest")
    return ax, ax2


class LogicDashboard(Dashboard):
    """One step unit ``g(w1 x1 + w2 x2 + w3 x3 + b)`` as a logic gate.

    Controls: ``gate``, ``w1, w2, w3`` (``w3`` only for majority), ``b``;
    button "Show one answer" (a working setting; none exists for XOR, XNOR).
    Left: the input plane, each row a point (filled: target 1, hollow:
    target 0, red cross: wrong), the decision line ``w . x + b = 0`` and the
    side where the unit fires (shaded). Majority has three inputs: its points
    with ``x3 = 1`` are the squares (shifted a little), the dashed line is the
    decision line for ``x3 = 1``. Right: each row's net input ``z``; the unit
    fires where the bar is above 0.
    """

    GRID = 61

    def __init__(self, gate="AND", w1=1.0, w2=1.0, w3=0.0, b=-1.5):
        super().__init__()
        wlo, whi = LOGIC_WEIGHT_RANGE
        self._watch(gate=dropdown("gate", list(GATES), gate, name="gate"),
                    w1=slider("w1", w1, wlo, whi, step=0.1, fmt=".1f"),
                    w2=slider("w2", w2, wlo, whi, step=0.1, fmt=".1f"),
                    w3=slider("w3", w3, wlo, whi, step=0.1, fmt=".1f"),
                    b=slider("b", b, *LOGIC_BIAS_RANGE, step=0.1, fmt=".1f"))
        self._button("Show one answer", self.show_answer, "set weights that compute this gate (if any do)")
        self.ax, self.ax_z = _plane_figure(self, self.GRID)
        (self.line,) = self.ax.plot([], [], color=COLORS["text"], lw=1.6)
        (self.line3,) = self.ax.plot([], [], color=COLORS["text"], lw=1.2, ls="--")
        (self.ones,) = self.ax.plot([], [], "o", color=FIRE, ms=9, zorder=4)
        (self.zeros,) = self.ax.plot([], [], "o", mfc="white", mec=QUIET, mew=2, ms=9, zorder=4)
        (self.ones3,) = self.ax.plot([], [], "s", color=FIRE, ms=7, zorder=4)
        (self.zeros3,) = self.ax.plot([], [], "s", mfc="white", mec=QUIET, mew=2, ms=7, zorder=4)
        (self.wrong,) = self.ax.plot([], [], "x", color=WRONG, ms=12, mew=2.5, zorder=5)
        self.title = self.ax.text(0.5, 1.03, "", transform=self.ax.transAxes, ha="center",
                                  fontsize=theme.font_pt("body"))
        self.bars = self.ax_z.bar(np.arange(8), np.zeros(8), color=FIRE)
        self.ax_z.axhline(0, color=COLORS["text"], lw=1)
        self.ax_z.set_title("net input z of each row", fontsize=theme.font_pt("body"))
        self.ax_z.set_xlabel("row (x1 x2 ...)")
        blit = self.view.blit
        blit.add(self.shade, layer="slow")
        blit.add(self.line, self.line3, self.ones, self.zeros, self.ones3, self.zeros3, self.wrong, self.title,
                 *self.bars.patches)
        self._axes_for = None
        self.arrange()
        self.refresh()

    @property
    def gate(self):
        return self.values["gate"]

    @property
    def weights(self):
        return np.array([float(self.values[k]) for k in ("w1", "w2", "w3")])

    def show_answer(self):
        """The "Show one answer" button: a working setting for the gate, or the reason there is none."""
        if self.gate not in WORKING:
            self.set_status(f"No weights make one step unit compute {self.gate}: its 1-points and 0-points "
                            "cannot be split by one line (see the sweep below the dashboard).", "warn")
            return
        w1, w2, w3, b = WORKING[self.gate]
        with self.hold():
            self.set(w1=w1, w2=w2, w3=w3, b=b)
        self.refresh()

    def plot_values(self):
        """The decision line's end points, how many points are marked wrong, the bar heights shown."""
        n = len(gate_rows(self.gate)[1])
        return {"line": [list(map(float, self.line.get_xdata())), list(map(float, self.line.get_ydata()))],
                "wrong": len(self.wrong.get_xdata()),
                "z": [float(p.get_height()) for p in self.bars.patches[:n]]}

    def update(self):
        gate, w, b = self.gate, self.weights, float(self.values["b"])
        X, y = gate_rows(gate)
        n = X.shape[1]
        wn = w[:n]
        z = X @ wn + b
        out = step(z)
        # points: x3 = 1 rows of majority drawn as squares, shifted
        pos = np.zeros((len(X), 2))
        pos[:, 0] = X[:, 0]
        if n >= 2:
            pos[:, 1] = X[:, 1]
        third = X[:, 2] == 1 if n == 3 else np.zeros(len(X), bool)
        pos[third] += 0.12
        for artist, mask in ((self.ones, (y == 1) & ~third), (self.zeros, (y == 0) & ~third),
                             (self.ones3, (y == 1) & third), (self.zeros3, (y == 0) & third),
                             (self.wrong, out != y)):
            artist.set_data(pos[mask, 0], pos[mask, 1])
        w2 = wn[1] if n >= 2 else 0.0
        self.line.set_data(*_clip_line(wn[0], w2, b))
        if n == 3:
            self.line3.set_data(*_clip_line(wn[0], w2, b + wn[2]))
        else:
            self.line3.set_data([], [])
        fires = (wn[0] * self._g1 + w2 * self._g2 + b) > 0
        self.shade.set_data(fires.astype(float))
        self.view.blit.touch()
        for i, p in enumerate(self.bars.patches):
            p.set_visible(i < len(X))
            if i < len(X):
                p.set_height(float(z[i]))
                p.set_color(FIRE if out[i] == 1 else QUIET)
                p.set_edgecolor(WRONG if out[i] != y[i] else "none")
                p.set_linewidth(2)
        top = max(2.0, nice_upper(float(np.max(np.abs(z))) * 1.05))
        key = (gate, top)
        if key != self._axes_for:
            self._axes_for = key
            self.ax_z.set_xlim(-0.6, len(X) - 0.4)
            self.ax_z.set_ylim(-top, top)
            self.ax_z.set_xticks(range(len(X)))
            self.ax_z.set_xticklabels(["".join(str(int(v)) for v in x) for x in X], fontsize=theme.font_pt("small"),
                                      rotation=90 if n == 3 else 0)
            self.ax.set_ylabel("x2" if n >= 2 else "(x2 not used)")
            self.view.blit.invalidate()
        table, right = truth_table(gate, w, b)
        self.title.set_text(f"{gate}: {right} of {len(X)} rows right" + ("  (dashed: x3 = 1)" if n == 3 else ""))
        self.set_table(table)
        self.set_status(*self._words(gate, wn, b, right, len(X)))

    @staticmethod
    def _words(gate, w, b, right, rows):
        unused = {1: " (w2 and w3 are not used: NOT has one input)", 2: " (w3 is not used: two inputs)",
                  3: ""}[len(w)]
        if not np.any(w) and rows:
            line = "All weights are 0, so z = b for every row and there is no line: every row gives the same output."
        else:
            line = "The line is where z = w.x + b = 0; the unit fires on the shaded side."
        if right == rows:
            return f"All {rows} rows right: this unit computes {gate}. {line}{unused}", "ok"
        if gate in ("XOR", "XNOR"):
            return (f"{right} of {rows} rows right. No weights get all four: {gate}'s 1-points sit on one "
                    "diagonal and its 0-points on the other, and one straight line cannot separate them "
                    f"(Minsky & Papert, 1969). {line}", "warn")
        return f"{right} of {rows} rows right (wrong rows marked). {line}{unused}", "info"


# ---------------------------------------------------------------------------
# the perceptron learning rule
# ---------------------------------------------------------------------------
RULE_GATES = ("AND", "OR", "NAND", "NOR", "XOR", "XNOR")


class PerceptronRuleDashboard(Dashboard):
    """Lecture 003's perceptron rule, one example per Step.

    ``h_W(x) = step(W_0 * (-1) + W_1 x_1 + W_2 x_2)`` and, for the example
    visited, ``W_j <- W_j + alpha * Err * x_j`` with ``Err = y - h`` and
    ``x_0 = -1`` (:meth:`backprop_core.Perceptron.update`). The examples are
    visited in the order (0,0), (0,1), (1,0), (1,1), again and again.

    Controls: ``gate``, ``lr`` (alpha), the starting weights ``W0, W1, W2``
    (changing any of them starts again); buttons Step, Run (until four
    visits in a row change nothing, at most :attr:`RUN_EPOCHS` epochs), Reset.
    """

    RUN_EPOCHS = 25
    TABLE_ROWS = 12

    def __init__(self, gate="AND", lr=0.5, W0=0.0, W1=0.0, W2=0.0):
        super().__init__()
        lo, hi = RULE_START_RANGE
        self._watch(gate=dropdown("data", list(RULE_GATES), gate, name="gate"),
                    lr=slider("alpha", lr, *RULE_LR_RANGE, step=0.05, fmt=".2f", name="lr"),
                    W0=slider("start W0", W0, lo, hi, step=0.1, fmt=".1f", name="W0"),
                    W1=slider("start W1", W1, lo, hi, step=0.1, fmt=".1f", name="W1"),
                    W2=slider("start W2", W2, lo, hi, step=0.1, fmt=".1f", name="W2"))
        self._button("Step", self.step, "visit the next example and apply the rule", "primary")
        self._button("Run", self.run, f"step until nothing changes (at most {self.RUN_EPOCHS} epochs)")
        self._button("Reset", self.reset, "back to the starting weights", "warning")
        self.ax, self.ax_e = _plane_figure(self)
        self.view.blit.add(self.shade, layer="slow")
        (self.prev_line,) = self.ax.plot([], [], color=COLORS["muted"], lw=1.2, ls="--")
        (self.line,) = self.ax.plot([], [], color=COLORS["text"], lw=1.8)
        (self.ones,) = self.ax.plot([], [], "o", color=FIRE, ms=9, zorder=4)
        (self.zeros,) = self.ax.plot([], [], "o", mfc="white", mec=QUIET, mew=2, ms=9, zorder=4)
        (self.wrong,) = self.ax.plot([], [], "x", color=WRONG, ms=12, mew=2.5, zorder=5)
        (self.visit,) = self.ax.plot([], [], "o", mfc="none", mec=COLORS["path"], ms=18, mew=2, zorder=6)
        self.title = self.ax.text(0.5, 1.03, "", transform=self.ax.transAxes, ha="center",
                                  fontsize=theme.font_pt("body"))
        (self.errs,) = self.ax_e.plot([], [], "o-", color=COLORS["path"], ms=4)
        self.ax_e.set_xlabel("epoch")
        self.ax_e.set_title("mistakes per epoch", fontsize=theme.font_pt("body"))
        self.ax_e.set_ylim(-0.3, 4.3)
        self.ax_e.set_yticks(range(5))
        self.ax_e.grid(True, alpha=0.3)
        self.view.blit.add(self.prev_line, self.line, self.ones, self.zeros, self.wrong, self.visit, self.title,
                           self.errs)
        self._xmax = None
        self._restart()
        self.arrange()
        self.refresh()

    # -- model ---------------------------------------------------------------
    @property
    def data(self):
        X, y = bp.datasets.truth_table(self.values["gate"])
        return X, y.ravel()

    @property
    def start(self):
        return [float(self.values[k]) for k in ("W0", "W1", "W2")]

    def _restart(self):
        self.perceptron = bp.Perceptron(2, lr=float(self.values["lr"]), weights=self.start)
        self.records = []        # one dict per visit
        self.converged = False
        self.cycle = None        # (epoch, earlier epoch) when the weights repeat at an epoch's end
        self._epoch_weights = [tuple(self.perceptron.weights)]

    def on_control_change(self, change):
        name = self._name(change["owner"])
        if name == "lr":  # the rate applies from the next update on; keep the history
            self.perceptron.lr = float(self.values["lr"])
        else:
            self._restart()
        self.refresh()

    @property
    def weights(self):
        """The current weights ``[W0, W1, W2]``."""
        return self.perceptron.weights.copy()

    def _visit(self):
        X, y = self.data
        i = len(self.records)
        x, t = X[i % 4], y[i % 4]
        before = self.perceptron.weights.copy()
        net_in = float(self.perceptron.net_input(x)[0])
        h = float(step(net_in))
        err = self.perceptron.update(x, t)
        self.records.append({"step": i + 1, "epoch": i // 4 + 1, "x": x.copy(), "y": float(t), "in": net_in,
                             "h": h, "err": float(err), "before": before, "after": self.perceptron.weights.copy()})
        last4 = self.records[-4:]
        self.converged = len(last4) == 4 and all(r["err"] == 0 for r in last4)
        if (i + 1) % 4 == 0:
            now = tuple(self.perceptron.weights)
            if self.cycle is None and not self.converged and now in self._epoch_weights:
                self.cycle = ((i + 1) // 4, self._epoch_weights.index(now))
            self._epoch_weights.append(now)

    def step(self):
        """One example: the Step button."""
        self._visit()
        self.refresh()

    def run(self):
        """Step until four visits in a row change nothing, the weights cycle, or :attr:`RUN_EPOCHS` more epochs."""
        for _ in range(4 * self.RUN_EPOCHS):
            if self.converged or self.cycle is not None:
                break
            self._visit()
        self.refresh()

    def reset(self):
        """Back to the starting weights (the Reset button)."""
        self._restart()
        self.refresh()

    def mistakes_per_epoch(self):
        """Mistakes (updates that changed the weights) in each epoch visited so far."""
        counts = {}
        for r in self.records:
            counts[r["epoch"]] = counts.get(r["epoch"], 0) + int(r["err"] != 0)
        return [counts[e] for e in sorted(counts)]

    # -- view --------------------------------------------------------------------
    def plot_values(self):
        """The current line's end points, the visited example, the mistakes plotted per epoch."""
        vx, vy = self.visit.get_data()
        return {"line": [list(map(float, self.line.get_xdata())), list(map(float, self.line.get_ydata()))],
                "visited": [float(vx[0]), float(vy[0])] if len(vx) else None,
                "mistakes": list(map(float, self.errs.get_ydata())), "updates": len(self.records)}

    def rule_table(self):
        """The last :attr:`TABLE_ROWS` updates as a table (a row per visit)."""
        rows = []
        recs = self.records[-self.TABLE_ROWS:]
        if len(recs) < self.TABLE_ROWS:
            w = self.start
            rows.append(["start", "-", "-", "-", "-", "-", "-", w[0], w[1], w[2]])
        for r in recs:
            x = r["x"]
            rows.append([r["step"], r["epoch"], f"({int(x[0])}, {int(x[1])})", int(r["y"]), r["in"], int(r["h"]),
                         int(r["err"]), *r["after"]])
        n = len(self.records)
        more = f"; the last {self.TABLE_ROWS} of {n} updates" if n > self.TABLE_ROWS else ""
        return Table(["update", "epoch", "x", "y", "in", "h", "Err", "W0", "W1", "W2"], rows, digits=4,
                     highlight={len(rows) - 1} if recs else set(),
                     title=(f"Perceptron rule on {self.values['gate']}, alpha = {fmt(self.perceptron.lr, 3)}: "
                            f"W_j <- W_j + alpha Err x_j, x_0 = -1{more}"))

    def update(self):
        X, y = self.data
        W0, W1, W2 = self.perceptron.weights
        out = self.perceptron.predict(X)
        self.ones.set_data(X[y == 1, 0], X[y == 1, 1])
        self.zeros.set_data(X[y == 0, 0], X[y == 0, 1])
        self.wrong.set_data(X[out != y, 0], X[out != y, 1])
        self.line.set_data(*_clip_line(W1, W2, -W0))
        self.shade.set_data(((W1 * self._g1 + W2 * self._g2 - W0) > 0).astype(float))
        self.view.blit.touch()
        if self.records:
            r = self.records[-1]
            b0, b1, b2 = r["before"]
            self.prev_line.set_data(*(_clip_line(b1, b2, -b0) if r["err"] != 0 else ([], [])))
            self.visit.set_data([r["x"][0]], [r["x"][1]])
        else:
            self.prev_line.set_data([], [])
            self.visit.set_data([], [])
        per_epoch = self.mistakes_per_epoch()
        self.errs.set_data(np.arange(1, len(per_epoch) + 1), per_epoch)
        xmax = max(5.0, nice_upper(len(per_epoch)))
        if xmax != self._xmax:
            self._xmax = xmax
            self.ax_e.set_xlim(0.5, xmax + 0.5)
            self.view.blit.invalidate()
        right = int(np.sum(out == y))
        self.title.set_text(f"W1 x1 + W2 x2 = W0: {right} of 4 right")
        self.set_table(self.rule_table())
        self.set_status(*self._words(right))

    def _words(self, right):
        gate = self.values["gate"]
        w = "[" + ", ".join(fmt(v, 4) for v in self.perceptron.weights) + "]"
        n = len(self.records)
        if n == 0:
            return (f"Start: W = {w}, {right} of 4 examples right. Press Step to visit (0, 0) and apply the rule, "
                    "or Run.", "info")
        r = self.records[-1]
        x = f"({int(r['x'][0])}, {int(r['x'][1])})"
        what = (f"Update {n} (epoch {r['epoch']}): example {x}, target {int(r['y'])}: in = {fmt(r['in'], 4)}, "
                f"h = {int(r['h'])}, Err = {int(r['err'])}")
        what += ": no change." if r["err"] == 0 else f": the weights move to W = {w}."
        if self.converged:
            epochs = (n + 3) // 4
            return (f"{what} Converged: four visits in a row changed nothing, every example is right "
                    f"({n} updates, {epochs} epochs). Lecture 003: the perceptron rule converges to a "
                    f"consistent function for any linearly separable data set, and {gate} is one.", "ok")
        if self.cycle is not None:
            e, earlier = self.cycle
            return (f"{what} Never settles: after epoch {e} the weights are the same as after epoch {earlier}, "
                    f"so the rule cycles forever. {gate} is not linearly separable: no line puts its "
                    "1-points on one side and its 0-points on the other, and the convergence guarantee "
                    "(linearly separable data only) does not apply.", "warn")
        return f"{what} {right} of 4 examples right now.", "info"


