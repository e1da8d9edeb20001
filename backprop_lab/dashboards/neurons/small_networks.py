"""Lesson 01's small networks: lecture 003's XNOR network, ridges and bumps, sub-problems.

* :class:`XnorDashboard`: the two-layer XNOR network with step or sigmoid
  units; its z/a table, the matrix notation with the bias column, Example I.
* :class:`RidgeDashboard`: "two opposite sigmoids make a ridge, two ridges
  make a bump" (a 2-4-1 :class:`backprop_core.MLP`).
* :func:`subproblems`: lecture 002's hidden layer breaking a problem into sub-problems.

Shared ranges and colours live in :mod:`backprop_lab.dashboards.neurons.ranges`; the gates, the sweep,
the XNOR network and the ridges are computed in :mod:`backprop_core.logic_networks`.

Left out: training these networks (lessons 04-08).
"""

from __future__ import annotations

import numpy as np

from backprop_core.logic_networks import (BUMP_CUT, RIDGE_SHOW, XNOR_ACTIVATIONS,
                                          XNOR_INPUTS, XNOR_W1, XNOR_W2, reconstruct_xnor_weights,
                                          ridge_network, sigmoid_output_range, train_subproblems, xnor_forward,
                                          xnor_mlp)

from ... import theme
from ...controls import dropdown, slider
from ...dashboard import Dashboard, FigureView
from ...diagram import NetworkDiagram, mlp_layout
from ...plotting import COLORS, new_figure
from ...tables import Table, fmt
from .ranges import (FIRE, QUIET, RIDGE_CENTRE_RANGE, RIDGE_HALF_WIDTH_RANGE, RIDGE_PLANE,
                            RIDGE_STEEPNESS_RANGE, XNOR_INPUT_RANGE)
from .perceptrons import _clip_line

#: An output from 0 (orange) to 1 (blue): the course's blue-orange map, colour-blind safe.
OUTPUT_CMAP = theme.diverging_cmap().reversed()

# ---------------------------------------------------------------------------
# lecture 003's XNOR network
# ---------------------------------------------------------------------------
def xnor_table(activation="step", highlight=None, digits=4, extra=None):
    """The lecture's XNOR table, computed by :class:`backprop_core.MLP` (one row per input).

    ``highlight``: a corner ``(x1, x2)`` whose row is marked; ``extra``: one
    more input (any point of the plane) added as a last row, XNOR column "-".
    """
    net = xnor_mlp(activation)
    inputs = list(XNOR_INPUTS) + ([tuple(extra)] if extra is not None else [])
    zs, acts = net.forward_pass(np.array(inputs, dtype=float))
    rows = []
    for i, (x1, x2) in enumerate(inputs):
        formula = (f"(1 * {fmt(XNOR_W1[0, 0])} + {fmt(x1, 3)} * {fmt(XNOR_W1[0, 1])} + "
                   f"{fmt(x2, 3)} * {fmt(XNOR_W1[0, 2])})")
        rows.append([f"({fmt(x1, 3)}, {fmt(x2, 3)})", formula, zs[0][i, 0], acts[1][i, 0], zs[0][i, 1],
                     acts[1][i, 1], zs[1][i, 0], acts[2][i, 0], int(x1 == x2) if i < 4 else "-"])
    cols = ["x", "x0*W10 + x1*W11 + x2*W12", "z1(2)", "a1(2)", "z2(2)", "a2(2)", "z1(3)", "a1(3)", "XNOR"]
    hl = set() if highlight is None else {XNOR_INPUTS.index(tuple(highlight))}
    if extra is not None:
        hl.add(4)
    return Table(cols, rows, digits=digits, highlight=hl, numeric_columns={2, 3, 4, 5, 6, 7, 8},
                 groups=[4] if extra is not None else (),
                 title=f"Lecture 003's XNOR network with {activation} units"
                       + (" (last row: the input of the sliders)" if extra is not None else ""))


def reconstruction_table():
    """The reconstruction as a table: the equations each unit's column gives, and the weights."""
    rows = []
    for unit, (w, residual, design, z) in reconstruct_xnor_weights().items():
        names = ("x0", "x1", "x2") if unit != "output" else ("a0", "a1", "a2")
        eqs = "; ".join(
            " + ".join(f"{int(d)} w{k}" for k, d in enumerate(row) if d) + f" = {fmt(zi)}"
            for row, zi in zip(design, z))
        rows.append([unit, f"inputs ({', '.join(names)})", eqs, w[0], w[1], w[2], residual])
    return Table(["unit", "inputs", "equations from the table's rows", "w0 (bias)", "w1", "w2", "max |residual|"],
                 rows, digits=4, numeric_columns={3, 4, 5, 6},
                 title="Weights rebuilt from the columns of the lecture's XNOR table")


def matrix_notation(x=(1, 1), activation="sigmoid"):
    """The forward pass for one input written out in the lecture's matrix notation (plain text)."""
    f = xnor_forward(x, activation)

    def mat(M):
        return "[" + "; ".join(" ".join(f"{v:g}" for v in row) for row in np.atleast_2d(M)) + "]"

    def num(v):  # sigmoid values to the lecture's 4 decimals (0.5250, not 0.525)
        return f"{v:.4f}" if activation == "sigmoid" else fmt(v, 4)

    lines = [
        f"X(1) = [x0; x1; x2] = {mat(f['X1'][:, None])}   ((s1 + 1) x 1 = 3 x 1, x0 = 1)",
        f"W(1) = {mat(XNOR_W1)}   (s2 x (s1 + 1) = 2 x 3)",
        f"z(2) = W(1) X(1) = [{fmt(f['z2'][0], 4)}; {fmt(f['z2'][1], 4)}]",
        f"a(2) = g(z(2)) = [{num(f['a2'][0])}; {num(f['a2'][1])}]   ({activation})",
        f"W(2) = {mat(XNOR_W2)}   (s3 x (s2 + 1) = 1 x 3)",
        f"z(3) = W(2) [a0; a1; a2] = W(2) [1; {num(f['a2'][0])}; {num(f['a2'][1])}] = {num(f['z3'][0])}",
        f"a(3) = h_W(x) = g(z(3)) = {num(f['a3'][0])}",
    ]
    return "\n".join(lines)


class XnorDashboard(Dashboard):
    """Lecture 003's XNOR network: step or sigmoid units, any input in the unit square.

    Controls: ``activation`` (step, sigmoid), ``x1, x2``. Left: the network,
    each weight on its edge, each unit's ``z`` and ``a`` inside it. Right: the
    network's output over the input plane, the two hidden units' lines
    (``z_1^(2) = 0``, ``z_2^(2) = 0``) and the current input.
    """

    GRID = 61

    def __init__(self, activation="step", x1=1.0, x2=1.0):
        super().__init__()
        self._watch(activation=dropdown("units", list(XNOR_ACTIVATIONS), activation, name="activation"),
                    x1=slider("x1", x1, *XNOR_INPUT_RANGE, step=0.05, fmt=".2f"),
                    x2=slider("x2", x2, *XNOR_INPUT_RANGE, step=0.05, fmt=".2f"))
        self.view = FigureView("two panels short")
        fig = self.view.figure
        ax_d = fig.add_axes([0.0, 0.02, 0.55, 0.96])
        layout = mlp_layout([2, 2, 1], bias=True)
        # the lecture's names: layer 1 holds the inputs, a^(2) the hidden units, a^(3) the output
        layout.captions = [(x, y, text) for (x, y, _), text in
                           zip(layout.captions, ("layer 1: x", "layer 2: a(2)", "layer 3: a(3)"))]
        # the weights never change: the diagram stays in the background, only the units' values are blitted
        self.diagram = NetworkDiagram.from_layout(ax_d, layout, max_weight=0.3)
        names = {"W0[0,0]": XNOR_W1[0, 1], "W0[0,1]": XNOR_W1[0, 2], "W0[1,0]": XNOR_W1[1, 1],
                 "W0[1,1]": XNOR_W1[1, 2], "b0[0]": XNOR_W1[0, 0], "b0[1]": XNOR_W1[1, 0],
                 "W1[0,0]": XNOR_W2[0, 1], "W1[0,1]": XNOR_W2[0, 2], "b1[0]": XNOR_W2[0, 0]}
        self.diagram.set_weights(names)
        self.diagram.set_edge_labels({k: fmt(v) for k, v in names.items()})
        self.ax = fig.add_axes([0.64, 0.15, 0.33, 0.75])
        lo, hi = -0.25, 1.25
        g = np.linspace(lo, hi, self.GRID)
        self._grid = np.column_stack([a.ravel() for a in np.meshgrid(g, g)])
        self.image = self.ax.imshow(np.zeros((self.GRID, self.GRID)), origin="lower", extent=(lo, hi, lo, hi),
                                    cmap=OUTPUT_CMAP, vmin=0, vmax=1, alpha=0.55, interpolation="nearest")
        for j, ls in ((0, "-"), (1, "--")):
            xs, ys = _clip_line(XNOR_W1[j, 1], XNOR_W1[j, 2], XNOR_W1[j, 0], lo, hi)
            self.ax.plot(xs, ys, color="black", lw=1, ls=ls)
        X = np.array(XNOR_INPUTS, float)
        t = (X[:, 0] == X[:, 1])
        self.ax.plot(X[t, 0], X[t, 1], "o", color=FIRE, mec="black", ms=8)
        self.ax.plot(X[~t, 0], X[~t, 1], "o", mfc="white", mec=QUIET, mew=2, ms=8)
        (self.point,) = self.ax.plot([], [], "*", color="#ffd23f", mec="black", ms=13, zorder=6)
        self.ax.set_xlim(lo, hi)
        self.ax.set_ylim(lo, hi)
        self.ax.set_xlabel("x1")
        self.ax.set_ylabel("x2")
        self.ax.set_title("output a1(3) (blue = 1)", fontsize=theme.font_pt("body"))
        self.view.blit.add(self.image, layer="slow")
        self.view.blit.add(self.point, *self.diagram.node_labels.values())
        self._image_for = None
        self.arrange()
        self.refresh()

    def plot_values(self):
        px, py = self.point.get_data()
        return {"input": [float(px[0]), float(py[0])],
                "output_label": self.diagram.node_labels["a2[0]"].get_text()}

    def update(self):
        act = self.values["activation"]
        x = (float(self.values["x1"]), float(self.values["x2"]))
        if act != self._image_for:
            out = xnor_mlp(act).forward(self._grid)[:, 0].reshape(self.GRID, self.GRID)
            self.image.set_data(out)
            self.view.blit.touch()
            self._image_for = act
        f = xnor_forward(x, act)
        self.point.set_data([x[0]], [x[1]])
        a = (f"{f['a2'][0]:.4f}", f"{f['a2'][1]:.4f}", f"{f['a3'][0]:.4f}") if act == "sigmoid" else \
            tuple(fmt(v, 4) for v in (f["a2"][0], f["a2"][1], f["a3"][0]))
        self.diagram.set_node_labels({"a0[0]": fmt(x[0], 3), "a0[1]": fmt(x[1], 3), "a1[0]": a[0], "a1[1]": a[1],
                                      "a2[0]": a[2]})
        corner = x if x in XNOR_INPUTS else None
        self.set_table(xnor_table(act, highlight=corner, extra=None if corner is not None else x))
        text = (f"Input ({fmt(x[0], 3)}, {fmt(x[1], 3)}) with {act} units: a1(2) = {a[0]}, "
                f"a2(2) = {a[1]}, a1(3) = {a[2]}.")
        if act == "step" and corner is not None:
            text += f" XNOR({corner[0]:g}, {corner[1]:g}) = {int(corner[0] == corner[1])}: right."
        if act == "sigmoid" and corner == (1, 1):
            text += " (Lecture 003's Example I asks for this a1(3); the lecture prints no value.)"
        if act == "sigmoid":
            lo, hi = sigmoid_output_range()
            text += (f" With weights this small every sigmoid stays near 0.5: a1(3) lies between {lo:.4f} and "
                     f"{hi:.4f} for all four inputs, so this network hardly tells them apart. The weights were made "
                     "for step units; training would have to make them larger.")
        self.set_status(text)


# ---------------------------------------------------------------------------
# ridges and bumps
# ---------------------------------------------------------------------------
class RidgeDashboard(Dashboard):
    """"Two opposite sigmoids make a ridge, two ridges make a bump" (lecture 003).

    Controls: ``show`` (one sigmoid, ridge, two ridges (sum), bump), ``k``
    (steepness of every hidden sigmoid), ``half_width`` (d), ``cx``, ``cy`` (the
    centre). Left: the pieces along the line ``y = cy`` and the output there;
    right: the output over the plane.
    """

    GRID = 61
    N = 161

    def __init__(self, show="bump", k=5.0, half_width=1.0, cx=0.0, cy=0.0):
        super().__init__()
        clo, chi = RIDGE_CENTRE_RANGE
        self._watch(show=dropdown("show", list(RIDGE_SHOW), show, name="show"),
                    k=slider("steepness k", k, *RIDGE_STEEPNESS_RANGE, step=0.5, fmt=".1f", name="k"),
                    half_width=slider("half width d", half_width, *RIDGE_HALF_WIDTH_RANGE, step=0.1, fmt=".1f",
                                      name="half_width"),
                    cx=slider("centre x", cx, clo, chi, step=0.1, fmt=".1f", name="cx"),
                    cy=slider("centre y", cy, clo, chi, step=0.1, fmt=".1f", name="cy"))
        lo, hi = RIDGE_PLANE
        self.xs = np.linspace(lo, hi, self.N)
        g = np.linspace(lo, hi, self.GRID)
        self._grid = np.column_stack([a.ravel() for a in np.meshgrid(g, g)])
        self.view = FigureView("beside")
        fig = self.view.figure
        self.ax_c = fig.add_axes([0.09, 0.16, 0.38, 0.72])
        self.ax = fig.add_axes([0.6, 0.16, 0.38, 0.72])
        self.ax_c.set_xlim(lo, hi)
        self.ax_c.set_ylim(-0.1, 2.1)
        self.ax_c.set_xlabel("x (along y = cy)")
        self.ax_c.grid(True, alpha=0.3)
        (self.rise,) = self.ax_c.plot([], [], color=FIRE, lw=1.2, label="h1 (rises)")
        (self.fall,) = self.ax_c.plot([], [], color=QUIET, lw=1.2, ls="--", label="h2 (falls)")
        (self.out_line,) = self.ax_c.plot([], [], color=COLORS["text"], lw=2, label="output")
        self.ax_c.legend(loc="upper left", fontsize=theme.font_pt("small"), framealpha=0.8)
        self.ax_c.set_title("the pieces along y = cy", fontsize=theme.font_pt("body"))
        self.image = self.ax.imshow(np.zeros((self.GRID, self.GRID)), origin="lower", extent=(lo, hi, lo, hi),
                                    cmap="viridis", vmin=0, vmax=1, interpolation="bilinear")
        (self.centre,) = self.ax.plot([], [], "+", color="white", ms=10, mew=1.5)
        self.ax.set_xlabel("x")
        self.ax.set_ylabel("y")
        self.title = self.ax.text(0.5, 1.03, "", transform=self.ax.transAxes, ha="center",
                                  fontsize=theme.font_pt("body"))
        self.view.blit.add(self.image, layer="slow")
        self.view.blit.add(self.rise, self.fall, self.out_line, self.centre)
        self._title_for = None
        self.arrange()
        self.refresh()

    def _net(self):
        v = self.values
        return ridge_network(v["show"], float(v["k"]), float(v["half_width"]), float(v["cx"]), float(v["cy"]))

    def plot_values(self):
        """Peak and lowest value of the plotted surface, and the output at the centre of the line plot."""
        data = np.asarray(self.image.get_array())
        _, ys = self.out_line.get_data()
        return {"peak": float(data.max()), "lowest": float(data.min()), "centre": float(ys[self.N // 2])}

    def update(self):
        v = self.values
        show, cx, cy = v["show"], float(v["cx"]), float(v["cy"])
        net = self._net()
        out = net.forward(self._grid)[:, 0].reshape(self.GRID, self.GRID)
        self.image.set_data(out)
        self.image.set_clim(0, 2 if show == "two ridges (sum)" else 1)
        self.view.blit.touch()
        line = np.column_stack([self.xs, np.full(self.N, cy)])
        _, acts = net.forward_pass(line)
        hidden = acts[1]
        self.rise.set_data(self.xs, hidden[:, 0])
        self.fall.set_data(self.xs, hidden[:, 1] if show != "one sigmoid" else np.full(self.N, np.nan))
        self.out_line.set_data(self.xs, acts[2][:, 0])
        self.centre.set_data([cx], [cy])
        if show != self._title_for:  # the title is in the background: a full draw when it changes
            self.title.set_text(f"{show} over the plane")
            self._title_for = show
            self.view.blit.invalidate()
        # the numbers: output at the centre, on an arm, far away
        d = float(v["half_width"])
        far = RIDGE_PLANE[1]
        points = [("centre (cx, cy)", cx, cy), ("on the x-ridge (cx, far)", cx, far),
                  ("on the y-ridge (far, cy)", far, cy), ("far corner", far, far)]
        P = np.array([[px, py] for _, px, py in points])
        zs, acts = net.forward_pass(P)
        rows = [[name, fmt(px, 3), fmt(py, 3), *acts[1][i], acts[2][i, 0]] for i, (name, px, py) in enumerate(points)]
        self.set_table(Table(["point", "x", "y", "h1", "h2", "h3", "h4", "output"], rows, digits=4,
                             numeric_columns={3, 4, 5, 6, 7},
                             title=(f"{show}: k = {fmt(v['k'], 3)}, d = {fmt(d, 3)}, "
                                    f"centre ({fmt(cx, 3)}, {fmt(cy, 3)})")))
        self.set_status(self._words(show, float(v["k"]), d, acts[2][:, 0]))

    @staticmethod
    def _words(show, k, d, outs):
        centre, arm, _, far = outs
        if show == "one sigmoid":
            return (f"One hidden unit: a soft step (a cliff) across the plane. Output {fmt(centre, 3)} at the "
                    f"centre, {fmt(far, 3)} in the far corner.")
        if show == "ridge":
            text = (f"Two opposite sigmoids, h1 rising at cx - d and h2 falling at cx + d: h1 + h2 - 1 is a ridge "
                    f"{fmt(2 * d, 3)} wide, height {fmt(centre, 3)} at the centre and {fmt(far, 3)} off it.")
            if centre < 0.9:
                text += " It is low because the sigmoids are too gentle for the width: raise k or d."
            return text
        if show == "two ridges (sum)":
            return (f"Two perpendicular ridges added: a cross, {fmt(centre, 3)} where they meet, {fmt(arm, 3)} on "
                    f"an arm, {fmt(far, 3)} far away. Not yet a bump: the arms stick out.")
        return (f"An output unit with threshold {fmt(BUMP_CUT)} on h1 + h2 + h3 + h4 keeps only the crossing: a bump, "
                f"{fmt(centre, 3)} at the centre, {fmt(arm, 3)} on an arm, {fmt(far, 3)} far away. Adding bumps of "
                "various sizes and places can approximate any surface (lecture 003).")


# ---------------------------------------------------------------------------
# lecture 002: logistic regression as one unit, and a hidden layer of sub-problems
# ---------------------------------------------------------------------------
def subproblems(seed=0, n=200, noise=0.08, epochs=3000, lr=1.0):
    """Lecture 002's story on :func:`backprop_core.datasets.circles` (a disc inside a ring).

    One sigmoid unit (logistic regression, ``sigma(w0 + x0 w1 + x1 w2)``) is
    "too simple": one line cannot split a disc from a ring. Three hidden units
    ``z_0, z_1, z_2`` -- three logistic regressions, each a line -- and one
    logistic regression on ``Z`` solve it.

    Returns a dict: ``figure`` (data, both outputs, the three sub-problems),
    ``table`` (the first rows of ``Z`` and ``y``, as on the slide),
    ``accuracy`` (``{'one unit': .., 'hidden layer': ..}``), ``nets``.
    """
    one, net, X, y, acc = train_subproblems(seed, n, noise, epochs, lr)
    g = np.linspace(-1.5, 1.5, 61)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(g, g)])
    _, acts = net.forward_pass(grid)
    fig = new_figure("grid")
    panels = [("one unit: sigma(w0 + x0 w1 + x1 w2)", one.forward(grid)[:, 0]),
              ("hidden layer + output unit", acts[2][:, 0])]
    panels += [(f"sub-problem z{j} (hidden unit {j})", acts[1][:, j]) for j in range(3)]
    boxes = [(0.06, 0.56), (0.39, 0.56), (0.06, 0.07), (0.39, 0.07), (0.72, 0.07)]
    for (title, values), (left, bottom) in zip(panels, boxes):
        ax = fig.add_axes([left, bottom, 0.26, 0.36])
        ax.imshow(values.reshape(61, 61), origin="lower", extent=(-1.5, 1.5, -1.5, 1.5), cmap=OUTPUT_CMAP, vmin=0,
                  vmax=1, alpha=0.6)
        ax.scatter(X[:, 0], X[:, 1], c=np.where(y[:, 0] == 1, FIRE, QUIET), s=5, edgecolors="none")
        ax.set_title(title, fontsize=theme.font_pt("small"))
        ax.set_xticks([])
        ax.set_yticks([])
    ax = fig.add_axes([0.72, 0.56, 0.26, 0.36])
    ax.axis("off")
    ax.text(0.0, 0.9, f"accuracy on the {n} points\none unit: {acc['one unit']:.1%}\n"
                      f"hidden layer: {acc['hidden layer']:.1%}", fontsize=theme.font_pt("small"), va="top")
    Z = net.forward_pass(X[:5])[1][1]
    rows = [[*Z[i], int(y[i, 0]), float(net.forward(X[i:i + 1])[0, 0])] for i in range(5)]
    table = Table(["z0", "z1", "z2", "y", "prediction sigma(w9 + z0 w10 + z1 w11 + z2 w12)"], rows, digits=3,
                  title="New problem: given Z, predict y (the first 5 points)")
    return {"figure": fig, "table": table, "accuracy": acc, "nets": (one, net), "data": (X, y)}


