"""Lecture 001's 2-2-2 network, live (lesson 06): the dashboards.

* :class:`NetworkDashboard` (the lesson's centre: the diagram, the derivative
  table of the selected weight and the cost surface, linked); the diagram is
  drawn by the browser (:class:`backprop_lab.views.NetworkView`, SVG: the
  kernel sends numbers, a click comes back as a selection), the surface and
  the error curve are matplotlib (ipympl);
* :class:`UpdateOrderDashboard` (both update orders over 10,000 rounds).

The tables, exercises and update-order maths are in
:mod:`backprop_lab.dashboards.network.tables`; everything public there is
re-exported here, so ``from backprop_lab.dashboards.network.dashboard import
forward_table, NetworkDashboard`` keeps working.
"""
from __future__ import annotations

import math

import numpy as np
import ipywidgets as W

import backprop_core as bp
from backprop_core.records import divergence_sentence

from ... import theme
from ...controls import check_setting, dropdown, int_box, log_slider, slider
from ...dashboard import Dashboard, FigureView
from ...plotting import COLORS, CostCurve, CostSurface
from ...tables import fmt
from . import tables as _tables
from .tables import *  # noqa: F401,F403  (re-exported: the notebook and the tests import from here)
from .tables import (FEEDS, INPUT_RANGE, INPUTS, LOG10_LR_RANGE, LR, ORDERS, PARAMS, PATH_WEIGHTS,
                             ROUNDS_RANGE, SURFACE_MODES, TARGET_RANGE, TARGETS,
                             WEIGHT_RANGE, _r, derivative_table, error_grid, update_order_runs,
                             update_order_table)
from ...views import NetworkView

#: The diagram's widest (CSS px); it shrinks with a narrow notebook.
DIAGRAM_WIDTH = "420px"

__all__ = [*_tables.__all__, "NetworkDashboard", "UpdateOrderDashboard", "benchmark_scenarios"]


# -- the network dashboard -----------------------------------------------------
class NetworkDashboard(Dashboard):
    """The 2-2-2 network, live: diagram, derivative table and cost surface, linked.

    Controls: ``weight`` (the selected weight: its derivative table, the x axis
    of the surface, highlighted on the diagram), ``second`` (the surface's y
    axis), ``surface`` (``'contour'`` or ``'3-D'``), ``order`` (the update
    order, ``'simultaneous'`` or ``'in_place'``), ``lr``, ``rounds`` (N for
    Train N); sliders ``w1..w8, b1, b2, i1, i2, t1, t2`` (targets of o1, o2).
    Buttons ``Step``, ``Train N``, ``Reset``.

    Selecting a weight: the ``weight`` dropdown, or a click (or Enter) on a
    connection of the diagram, which the browser draws
    (:class:`~backprop_lab.views.NetworkView`): its ``selected`` traitlet
    changes and is applied as ``set(weight=...)``; both update the table
    and the surface. A click on the contour map moves the two weights it
    shows to the point clicked. The biases are not trained (as in the lecture).

    Every model value lives in ``self.values``; trained weights reach their
    sliders through :meth:`_sync_control`.
    """

    GRID = 41
    GRID_3D = 21
    #: at most this many path points are kept per Train N (the errors are kept for every round)
    PATH_POINTS = 400

    def __init__(self, weights=None, inputs=INPUTS, targets=TARGETS, lr=LR, weight="w5", second="w6",
                 surface="contour", order="simultaneous", rounds=100):
        super().__init__()
        given = dict(weights or {})
        unknown = sorted(set(given) - set(PARAMS))
        if unknown:
            raise ValueError(f"unknown weight name(s) {unknown}; expected some of {list(PARAMS)}.")
        p = bp.MazurNetwork(given).weights
        lo, hi = WEIGHT_RANGE
        for k, v in p.items():
            check_setting(k, v, lo, hi)
        i1, i2 = (check_setting(n, v, *INPUT_RANGE) for n, v in zip(("i1", "i2"), inputs))
        t1, t2 = (check_setting(n, v, *TARGET_RANGE) for n, v in zip(("target o1", "target o2"), targets))
        self._watch(weight=dropdown("weight", list(PARAMS), weight, name="weight"),
                    second=dropdown("surface with", list(PARAMS), second, name="second"),
                    surface=dropdown("surface as", list(SURFACE_MODES), surface, name="surface"),
                    order=dropdown("update order", list(ORDERS), order, name="order"),
                    lr=log_slider("learning rate", lr, *LOG10_LR_RANGE, fmt=".2r", name="lr"),
                    rounds=int_box("N rounds", rounds, *ROUNDS_RANGE, name="rounds"),
                    **{k: slider(k, v, lo, hi) for k, v in p.items()},
                    i1=slider("i1", i1, *INPUT_RANGE), i2=slider("i2", i2, *INPUT_RANGE),
                    t1=slider("target o1", t1, *TARGET_RANGE, name="t1"),
                    t2=slider("target o2", t2, *TARGET_RANGE, name="t2"))
        if second == weight:
            raise ValueError(f"second must differ from weight (both are {weight!r}).")
        self._initial = dict(self.values)
        self._button("Step", self.step, "one round of backpropagation", "primary")
        self._button("Train N", self.train, "N rounds of backpropagation")
        self._button("Reset", self.reset, "back to the starting weights, inputs, targets and learning rate",
                     "warning")
        self._restart_path()

        # the diagram, drawn by the browser (SVG): the kernel sends its numbers, a click comes back as `selected`
        # 420 px at most: beside the 300 px controls even in an 850 px notebook
        self.diagram = NetworkView.lecture_001(max_weight=4.0, layout=W.Layout(width=DIAGRAM_WIDTH, max_width="100%"))
        self.diagram.observe(self._on_diagram_select, names="selected")
        self.diagram.follow({k: self.controls[k] for k in PARAMS})  # a key press restyles its line at once

        # the cost surface (contour map or 3-D) and the error against the epoch (matplotlib)
        self.view2 = FigureView("two panels")
        self.views.append(self.view2)
        fig = self.view2.figure
        self.ax_map = fig.add_axes([0.085, 0.15, 0.39, 0.75])
        # the map's title and axis names change only with the pair of weights: texts of the blit's words layer,
        # drawn again only when their words change, so a slider change renders no text and a new pair is a blit
        # (no full draw of the figure's ticks and tick labels)
        self.surface_map = CostSurface(self.ax_map, "", blit=self.view2.blit, words=True)
        self.map_xlabel, self.map_ylabel = self.surface_map.xlabel, self.surface_map.ylabel
        self._darkest = None
        self.ax_3d = fig.add_axes([0.0, 0.07, 0.52, 0.88], projection="3d")
        self.ax_3d.set_visible(False)
        self._poly = None  # the 3-D surface: one quadrilateral per grid cell, made on the first 3-D view
        (self.path_3d,) = self.ax_3d.plot([], [], [], "-", color=COLORS["path"], lw=1.6, zorder=10)
        (self.point_3d,) = self.ax_3d.plot([], [], [], "o", mfc=COLORS["point"], mec="black", ms=6, zorder=11)
        self.title_3d = self.ax_3d.text2D(0.5, 0.97, "", transform=self.ax_3d.transAxes, ha="center",
                                     fontsize=theme.font_pt("title"))
        self.title_3d.set_visible(False)
        self.view2.blit.add(self.title_3d, layer="slow")
        ax_c = fig.add_axes([0.64, 0.15, 0.345, 0.75])
        self.curve = CostCurve(ax_c, title="E_total against the epoch", ylabel="E_total", blit=self.view2.blit)
        ax_c.set_xlabel("epoch (round)")
        ax_c.yaxis.set_label_coords(-0.2, 0.5)
        self._surface_key = None
        self._mode_shown = None
        self._on_figure(self.view2, self._surface_click, "click")
        self._previous_weight = weight

        groups = (("w1..w4", ("w1", "w2", "w3", "w4")), ("w5..w8", ("w5", "w6", "w7", "w8")),
                  ("b, i, targets", ("b1", "b2", "i1", "i2", "t1", "t2")))
        tabs = W.Tab(children=[W.VBox([self.controls[k] for k in names]) for _, names in groups],
                     layout=W.Layout(max_width="100%"))
        tabs.titles = tuple(title for title, _ in groups)
        self.tabs = tabs
        buttons = W.Box(list(self.buttons.values()),
                        layout=W.Layout(display="flex", flex_flow="row wrap", max_width="100%"))
        # the diagram beside the controls, the surface and the error curve under them (or beside, when wide)
        self.arrange(controls=["weight", "second", "surface", "order", "lr", "rounds", buttons, tabs], buttons=[],
                     figures=[self.diagram, self.view2])
        self.refresh()

    @property
    def view(self):
        """The diagram (a :class:`~backprop_lab.views.NetworkView`, drawn by the browser); the
        matplotlib figure of the surface and the error curve is ``view2``."""
        return self.diagram

    @property
    def diagram_title(self):
        """The diagram's title, with matplotlib's ``get_text()`` (notebook 06 reads it so)."""
        return _Title(self.diagram)


    # -- model ---------------------------------------------------------------------
    @property
    def weights(self):
        """The current ``{'w1': ..., 'b2': ...}`` (from ``values``)."""
        return {k: float(self.values[k]) for k in PARAMS}

    @property
    def network(self):
        return bp.MazurNetwork(self.weights)

    @property
    def inputs(self):
        return (float(self.values["i1"]), float(self.values["i2"]))

    @property
    def targets(self):
        return (float(self.values["t1"]), float(self.values["t2"]))

    @property
    def lr(self):
        return float(self.values["lr"])

    @property
    def selected(self):
        return self.values["weight"]

    @property
    def round(self):
        """Rounds trained since the path began."""
        return len(self.errors) - 1

    def _restart_path(self):
        self.points = [tuple(self.weights[k] for k in PARAMS)]
        self.point_rounds = [0]
        self.errors = [self.network.total_error(self.inputs, self.targets)]
        self.diverged_text = ""
        self._action_start = 0

    def on_control_change(self, change):
        name = self._name(change["owner"])
        if name == "rounds":
            return  # read when Train N is pressed
        if name == "weight":
            new, old = change["new"], self._previous_weight
            self._previous_weight = new
            if self.values["second"] == new:  # keep the surface over two different weights
                with self.hold():
                    self.controls["second"].value = old if old != new else next(p for p in PARAMS if p != new)
        if name == "second" and change["new"] == self.values["weight"]:
            with self.hold():
                self.controls["second"].value = change["old"]
            return
        if name in PARAMS or name in ("i1", "i2", "t1", "t2"):
            self._restart_path()
        self.refresh()

    def picture_key(self, view):
        """What the surface and the error curve show (computed by :meth:`update`): the learning
        rate changes only the table, so it sends no frame."""
        return self._figure2_key

    # -- clicks --------------------------------------------------------------------
    def _on_diagram_select(self, change):
        """A click on a connection (or its label) of the diagram selects that weight (``set(weight=...)``)."""
        name = change["new"]
        if name in PARAMS and name != self.values["weight"]:
            self._safely(lambda: self.set(weight=name))

    def _surface_click(self, event):
        """A click on the contour map moves its two weights there (as both sliders would)."""
        if self.values["surface"] != "contour" or event.inaxes is not self.ax_map or event.xdata is None:
            return None
        lo, hi = WEIGHT_RANGE
        a, b = self.selected, self.values["second"]
        return {a: round(min(max(float(event.xdata), lo), hi), 2), b: round(min(max(float(event.ydata), lo), hi), 2)}

    # -- training ------------------------------------------------------------------
    def _advance(self, n):
        start = self.round
        self._action_start = start
        self.diverged_text = ""
        order, lr = self.values["order"], self.lr
        chunk = max(1, math.ceil(n / self.PATH_POINTS))
        net, done = self.network, 0
        while done < n:
            run = net.train(self.inputs, self.targets, lr, min(chunk, n - done), update=order)
            self.errors.extend(run.errors[1:])
            net = run.network
            self.points.append(tuple(net.weights[k] for k in PARAMS))
            self.point_rounds.append(len(self.errors) - 1)
            if run.diverged:
                self.diverged_text = divergence_sentence(run, lr, start=start + done,
                                                         number=lambda x: fmt(x, 4))
                break
            done += run.steps
        for k, v in net.weights.items():
            self._sync_control(k, v)
        self.refresh()

    def step(self):
        """One round (the Step button)."""
        self._advance(1)

    def train(self):
        """``N rounds`` rounds (the Train N button)."""
        self._advance(int(self.values["rounds"]))

    def reset(self):
        """Back to the starting weights, inputs, targets and learning rate (the Reset button);
        the update order stays, so the two orders can be compared from the same start."""
        with self.hold():
            for k in ("i1", "i2", "t1", "t2", "lr"):
                self.controls[k].value = self._initial[k]
        for k in PARAMS:
            self._sync_control(k, self._initial[k])
        self._restart_path()
        self.refresh()

    # -- views ---------------------------------------------------------------------
    def plot_values(self):
        """What the views show: the diagram's labels, title, selection and weights (the numbers the browser
        draws), the surface point and path, the error curve, and the contour map's corners (CSS px)."""
        px, py = self.surface_map.point.get_data()
        errs = self.curve.line.get_ydata()
        lo, hi = WEIGHT_RANGE
        d = self.diagram
        labels = {e[2]: t for e, t in zip(d.edges, d.edge_texts) if t}
        return {"labels": labels, "title": d.title, "selected": d.selected, "highlighted": list(d.highlighted),
                "weights": {k: d.weight_of(k) for k in d.names},
                "surface_mode": self.values["surface"], "axes": [self.selected, self.values["second"]],
                "darkest_error": self._darkest,  # the map's darkest colour (it shows E_total minus this)
                "point": [float(px[0]), float(py[0])], "path_points": len(self.surface_map.path_line.get_xdata()),
                "last_error": float(errs[-1]), "errors_plotted": len(errs),
                "surface_corners_px": [self.view2.data_css_xy(self.ax_map, lo, lo),
                                       self.view2.data_css_xy(self.ax_map, hi, hi)]}

    def update(self):
        net, inputs, targets, lr = self.network, self.inputs, self.targets, self.lr
        back = net.backward(inputs, targets)
        g = back.gradients
        w = net.weights
        sel = self.selected
        rec = net.factors(inputs, targets, sel, lr=lr)
        self._update_diagram(w, g, back, sel, rec)  # first: its message leaves before the surface is drawn
        self.set_table(derivative_table(net, inputs, targets, sel, lr))
        self._update_surface(w, inputs, targets)
        self.curve.set_costs(self.errors)
        self._figure2_key = (self._surface_key, len(self.points), self.points[-1], len(self.errors),
                             self.errors[-1], self._mode_shown)
        self._report(net, back, rec)

    def _update_diagram(self, w, g, back, sel, rec):
        """Send the diagram its numbers (one message: the browser redraws what changed)."""
        d = self.diagram
        f = back.forward
        texts = {k: f"{k} = {fmt(w[k], 3)}\n\u2202E/\u2202{k} = {fmt(g[k], 3)}" for k in PARAMS}
        if sel in FEEDS and FEEDS[sel][0].startswith("h"):
            h = FEEDS[sel][0]
            (a, b), (p1, p2) = PATH_WEIGHTS[h], (q.product for q in rec.paths)
            highlighted = (sel, a, b)
            texts.update({a: f"via o1\n{fmt(p1, 3)}", b: f"via o2\n{fmt(p2, 3)}"})
            title = (f"\u2202E/\u2202out_{h} = {fmt(p1, 4)} (via o1) + {fmt(p2, 4)} (via o2) = "
                     f"{fmt(p1 + p2, 4)}: two paths, add them")
        elif sel == "b1":
            highlighted = ("b1", "w5", "w6", "w7", "w8")
            u1, u2 = (u.product for u in rec.units)
            title = f"\u2202E/\u2202b1 = {fmt(u1, 4)} (h1) + {fmt(u2, 4)} (h2): b1 feeds both, add them"
        elif sel == "b2":
            highlighted = ("b2",)
            u1, u2 = (u.product for u in rec.units)
            title = f"\u2202E/\u2202b2 = {fmt(u1, 4)} (o1) + {fmt(u2, 4)} (o2): b2 feeds both, add them"
        else:
            highlighted = (sel,)
            product = " \u00b7 ".join(fmt(q.value, 4) for q in rec.factors)
            title = f"\u2202E/\u2202{sel} = {product} = {fmt(rec.product, 4)}: one path"
        with d.hold_sync():
            d.set_weights(w)
            d.set_gradients(g)
            d.set_edge_texts(texts)
            d.set_node_values({"i1": fmt(f.i1, 3), "i2": fmt(f.i2, 3), "h1": fmt(f.out_h1, 3),
                               "h2": fmt(f.out_h2, 3), "o1": fmt(f.out_o1, 3), "o2": fmt(f.out_o2, 3)})
            d.highlight(highlighted)
            d.select(sel)
            d.title = title

    def _update_surface(self, w, inputs, targets):
        a, b = self.selected, self.values["second"]
        mode = self.values["surface"]
        rest = tuple(v for k, v in w.items() if k not in (a, b))
        key = (a, b, rest, inputs, targets, mode)
        lo, hi = WEIGHT_RANGE
        if mode != self._mode_shown:
            self._show_mode(mode)
        if key != self._surface_key:
            self._surface_key = key
            n = self.GRID if mode == "contour" else self.GRID_3D
            axis = np.linspace(lo, hi, n)
            grid = error_grid(w, inputs, targets, a, axis, b, axis)
            low = float(grid.min())
            if mode == "contour":
                self.surface_map.set_surface(grid - low, (lo, hi, lo, hi), a, b)  # new axis names: words redrawn
                self.surface_map.title.set_text(f"E_total over {a}, {b}")
                self._darkest = low
            else:
                self._set_3d_surface(axis, grid, a, b)
        pts = np.array(self.points)
        ia, ib = PARAMS.index(a), PARAMS.index(b)
        xs, ys = pts[:, ia], pts[:, ib]
        self.surface_map.set_path(xs, ys)
        self.surface_map.set_point(w[a], w[b])
        zs = np.asarray(self.errors, float)[self.point_rounds]
        self.path_3d.set_data_3d(xs, ys, zs)
        self.point_3d.set_data_3d([w[a]], [w[b]], [zs[-1]])

    def _set_3d_surface(self, axis, grid, a, b):
        """Give the 3-D surface new heights in place (a full draw only when the axes change)."""
        from mpl_toolkits.mplot3d.art3d import Poly3DCollection

        from ...plotting import nice_upper

        lo, hi = WEIGHT_RANGE
        X, Y = np.meshgrid(axis, axis)
        corners = [(slice(None, -1), slice(None, -1)), (slice(None, -1), slice(1, None)),
                   (slice(1, None), slice(1, None)), (slice(1, None), slice(None, -1))]
        verts = np.stack([np.stack([X[c], Y[c], grid[c]], axis=-1).reshape(-1, 3) for c in corners], axis=1)
        heights = verts[:, :, 2].mean(axis=1)
        low, high = float(grid.min()), float(grid.max())
        full = False
        if self._poly is None:
            self._poly = Poly3DCollection(verts, cmap="viridis", linewidths=0, antialiased=False)
            self.ax_3d.add_collection3d(self._poly)
            self.view2.blit.add(self._poly, layer="slow")
            self.ax_3d.set_xlim(lo, hi)
            self.ax_3d.set_ylim(lo, hi)
            full = True
        else:
            self._poly.set_verts(verts)
        self._poly.set_array(heights)
        self._poly.set_clim(low, max(high, low + 1e-12))
        zlim = (0.0, nice_upper(high))
        if tuple(self.ax_3d.get_zlim()) != zlim:
            self.ax_3d.set_zlim(*zlim)
            full = True
        if (self.ax_3d.get_xlabel(), self.ax_3d.get_ylabel()) != (a, b):
            self.ax_3d.set_xlabel(a)
            self.ax_3d.set_ylabel(b)
            full = True
        self.title_3d.set_text(f"E_total over {a}, {b} (drag to turn)")
        if full or getattr(self.ax_3d, "M", None) is None:
            self.view2.blit.invalidate()
        else:  # project the new heights with the current view; the slow layer is drawn again
            self._poly.do_3d_projection()
            self.view2.blit.touch()

    def _show_mode(self, mode):
        flat = mode == "contour"
        self.ax_map.set_visible(flat)
        for art in (self.surface_map.image, self.surface_map.path_line, self.surface_map.start,
                    self.surface_map.point, self.surface_map.title, self.map_xlabel, self.map_ylabel):
            art.set_visible(flat)
        self.title_3d.set_visible(not flat)
        if self._poly is not None:
            self._poly.set_visible(not flat)
        self.surface_map.contours.set_visible(flat)
        self.ax_3d.set_visible(not flat)
        # a 3-D line projects itself even when hidden, which needs a drawn 3-D axes: animate them only in 3-D
        for art in (self.path_3d, self.point_3d):
            art.set_visible(not flat)
            if flat:
                self.view2.blit.replace(art, None)
            elif art not in self.view2.blit.artists:
                self.view2.blit.add(art)
        self._mode_shown = mode
        self._surface_key = None
        self.view2.blit.invalidate()

    def _report(self, net, back, rec):
        f = back.forward
        E = back.E_total
        order = dict((v, k) for k, v in ORDERS)[self.values["order"]]
        sentences = [f"Round {self.round} ({order}): E_total = {_r(E)}, out_o1 = {_r(f.out_o1)}, "
                     f"out_o2 = {_r(f.out_o2)}; dE_total/d{self.selected} = {_r(rec.product)}."]
        kind = "info"
        if self.diverged_text:
            sentences = [self.diverged_text + " Press Reset."] + sentences
            kind = "error"
        n = self.round - self._action_start
        if n > 0 and kind == "info":
            e = np.asarray(self.errors[self._action_start:], float)
            if e[-1] > e[0] * (1 + 1e-12):
                sentences.append(f"E_total went UP over the last {n} round{'s' if n > 1 else ''}: the learning rate "
                                 f"{fmt(self.lr, 4)} is too large, the steps overshoot.")
                kind = "warn"
            elif self.round >= 1000 and E < 1e-4:
                kind = "ok"
        if self.round == 0:
            sentences.append("Press Step or Train N; the biases stay fixed, as in the lecture.")
        lo, hi = WEIGHT_RANGE
        outside = [k for k in PARAMS if not lo <= self.values[k] <= hi]
        if outside:
            sentences.append(", ".join(f"{k} = {fmt(self.values[k], 4)}" for k in outside)
                             + f" outside the slider range {fmt(lo)} to {fmt(hi)}; the slider shows its end.")
            kind = "warn" if kind == "info" else kind
        self.set_status(" ".join(sentences), kind)


class _Title:
    """The diagram's title text, read like a matplotlib ``Text``."""

    def __init__(self, view):
        self._view = view

    def get_text(self):
        return self._view.title


# -- the two update orders -----------------------------------------------------
class UpdateOrderDashboard(Dashboard):
    """Both update orders over 10,000 rounds, and which one the lecture's numbers come from.

    Control: ``order`` (``'simultaneous'`` or ``'in_place'``), the order in
    the foreground. Left: E_total against the round for both (log-log);
    right: how far apart they are. The table marks the published numbers the
    chosen order reproduces.
    """

    def __init__(self, order="in_place"):
        super().__init__()
        self._watch(order=dropdown("update order", list(ORDERS), order, name="order"))
        runs = update_order_runs()
        self.errors = {k: np.append(r.costs, last.total_error(INPUTS, TARGETS)) for k, (r, last) in runs.items()}
        self.view = FigureView("two panels short")
        fig = self.view.figure
        ax = fig.add_axes([0.09, 0.16, 0.38, 0.72])
        ax2 = fig.add_axes([0.6, 0.16, 0.37, 0.72])
        rounds = np.arange(len(self.errors["simultaneous"]))
        self.lines = {}
        for k, colour in (("simultaneous", COLORS["curve"]), ("in_place", COLORS["path"])):
            (self.lines[k],) = ax.loglog(rounds[1:], self.errors[k][1:], color=colour, label=k.replace("_", " "))
        ax.set_xlabel("round")
        ax.set_ylabel("E_total")
        ax.set_title("E_total, both orders")
        ax.legend(fontsize=theme.font_pt("small"), loc="lower left")
        ax.grid(True, alpha=0.3)
        diff = self.errors["in_place"] - self.errors["simultaneous"]
        (self.diff_line,) = ax2.semilogx(rounds[1:], diff[1:], color="#555555")
        ax2.axhline(0, color="#bbbbbb", lw=0.8)
        ax2.set_xlabel("round")
        ax2.set_title("E_total in place - simultaneous")
        ax2.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
        ax2.grid(True, alpha=0.3)
        self.view.blit.add(*self.lines.values())
        self.arrange(table="below")
        self.refresh()

    def plot_values(self):
        return {k: {"width": line.get_linewidth(), "last": float(line.get_ydata()[-1])}
                for k, line in self.lines.items()}

    def update(self):
        order = self.values["order"]
        for k, line in self.lines.items():
            line.set_linewidth(2.4 if k == order else 0.9)
            line.set_alpha(1.0 if k == order else 0.5)
        self.set_table(update_order_table(highlight=order))
        e = self.errors[order]
        if order == "in_place":
            text = (f"In place (w5..w8 first, hidden deltas with the new w5..w8): after 1 round E_total = "
                    f"{_r(e[1])}, the lecture's 0.291027924; after 10,000 rounds the outputs are the "
                    "lecture's 0.015912196 and 0.984065734.")
        else:
            text = (f"Simultaneous (every gradient from the old weights): after 1 round E_total = {_r(e[1])}, "
                    f"not the lecture's 0.291027924; its E_total after 9,999 rounds, {_r(e[9999])}, is the "
                    f"lecture's 'after 10,000' 0.0000351085 (after 10,000 it is {_r(e[10000])}).")
        self.set_status(text)


def benchmark_scenarios():
    """(name, factory, actions) for bench_dashboards: actions mimic a student's drags and clicks."""

    def sweep(name, values):
        return [(f"{name}={v:.3g}", (lambda d, v=v: d.set(**{name: float(v)}))) for v in values]

    def pick(name):  # what a click on the connection in the browser sends
        return (f"click {name}", lambda d: setattr(d.diagram, "selected", name))

    yield "NetworkDashboard", NetworkDashboard, (
        sweep("w5", np.linspace(0.2, 1.2, 20)) + sweep("w1", np.linspace(0.0, 1.0, 20))
        + sweep("lr", np.geomspace(0.1, 5, 10)) + [("Step", lambda d: d.press("Step"))] * 10
        + [pick(k) for k in ("w1", "w6", "w3", "w8")] * 2
        + [(f"weight={k}", (lambda d, k=k: d.set(weight=k))) for k in ("w2", "w7", "b1", "w5")])
    yield "NetworkDashboard 3-D", (lambda: NetworkDashboard(surface="3-D")), (
        sweep("w5", np.linspace(0.2, 1.2, 15)) + sweep("w1", np.linspace(0.0, 1.0, 15))
        + [("Step", lambda d: d.press("Step"))] * 10
        + [(f"weight={k}", (lambda d, k=k: d.set(weight=k))) for k in ("w2", "w7", "b1", "w5")])
