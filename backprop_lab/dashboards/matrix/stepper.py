"""The matrix stepper of lesson 07: a small MLP walked one layer at a time, forward then backward.

:class:`MatrixStepperDashboard` shows, for each step, the matrices involved
(HTML tables with their shapes, cells tinted by sign and size), the operation
just done (matrix product, Hadamard product, transpose, outer product) and the
formula of lecture 004 it implements, in the course's notation (``a0 = x``, ``W_k`` from
layer ``k`` to ``k + 1``; :mod:`backprop_core.notation`); a network diagram drawn by the browser
(:class:`backprop_lab.views.NetworkView`, SVG) lights up the layer of weights in use, writes
each unit's value as the stepper fills it in, and shows each weight (and its gradient, once the
backward pass has reached it) on hover; a click on a connection selects that weight: its entry
is marked in the matrices of the step and said in a line of text (:meth:`MatrixStepperDashboard.selection_text`).
Every number comes from :func:`backprop_core.matrix_form.column_backprop`
on :func:`backprop_core.matrix_form.stepper_network`, checked against
:meth:`backprop_core.MLP.gradients` at the last step (:func:`backprop_core.matrix_form.agrees_with_mlp`).
:func:`mat_text` writes a matrix on one line (the stepper's table and lesson 07's tables use it).

Left out: the maths (:mod:`backprop_core.matrix_form`), batches (one example, as lecture 004's
algorithm), training (lesson 08).
"""
from __future__ import annotations

import html
import re

import ipywidgets as W
import numpy as np

from backprop_core import notation as N
from backprop_core.matrix_form import agrees_with_mlp, column_backprop, stepper_network

from ...controls import check_setting, dropdown, int_slider, set_range
from ...dashboard import Dashboard
from ...tables import Table, fmt
from ...views import NetworkView
from ..network.tables import lecture_round

__all__ = ["LAYERS_RANGE", "UNITS_RANGE", "SEED_RANGE", "STEPPER_ACTIVATIONS", "MatrixStepperDashboard",
           "matrix_html", "mat_text", "benchmark_scenarios"]

#: The stepper's ranges (each stated once).
LAYERS_RANGE = (2, 4)          # layers, input and output included
UNITS_RANGE = (1, 6)           # units per layer
SEED_RANGE = (0, 99)
STEPPER_ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")


def _shape(r, c):
    return f"{r} x {c}"


def mat_text(M, decimals=9, digits=None):
    """A matrix as one line of text, rows separated by ``;``: ``[0.15 0.2; 0.25 0.3]``.

    ``decimals``: rounded as the lectures print (:func:`~backprop_lab.dashboards.network.tables.lecture_round`);
    ``digits``: significant digits instead.
    """
    M = np.atleast_2d(np.asarray(M, dtype=float))

    def one(v):
        return fmt(v, digits) if digits else fmt(lecture_round(v, decimals), 12)
    return "[" + "; ".join(" ".join(one(v) for v in row) for row in M) + "]"


# ---------------------------------------------------------------------------
# the matrix stepper
# ---------------------------------------------------------------------------
_CELL = "padding:1px 5px;text-align:right;font-family:monospace;font-size:12px"


def _cell_colour(v, scale):
    if not np.isfinite(v) or scale == 0:
        return "transparent"
    t = min(abs(v) / scale, 1.0)
    rgb = (31, 119, 180) if v > 0 else (230, 85, 13)
    return f"rgba({rgb[0]},{rgb[1]},{rgb[2]},{0.08 + 0.32 * t:.2f})"


#: How the selected weight's entry is marked in a matrix (an outline and bold digits: not colour alone).
_MARK = ";outline:2px solid #222;outline-offset:-2px;font-weight:bold"


def matrix_html(M, name, digits=3, mark=None):
    """One matrix as an HTML table with brackets, its name and shape above (cells tinted by sign and size);
    ``mark``: ``(row, column)`` of a cell to outline (``data-selected``), e.g. the selected weight's entry."""
    M = np.atleast_2d(np.asarray(M, float))
    scale = float(np.max(np.abs(M))) if M.size else 0.0
    body = "".join("<tr>" + "".join(f'<td style="{_CELL};background:{_cell_colour(v, scale)}'
                                    + (f'{_MARK}" data-selected="1">' if (i, j) == mark else '">')
                                    + f'{html.escape(fmt(v, digits))}</td>'
                                    for j, v in enumerate(row)) + "</tr>" for i, row in enumerate(M))
    return (f'<div class="bplab-matrix" data-name="{html.escape(name)}" '
            f'style="display:inline-flex;flex-direction:column;'
            f'align-items:center;margin:2px">'
            f'<div style="font-size:12px;white-space:nowrap"><b>{name}</b> <span style="color:#666">'
            f'{M.shape[0]}&times;{M.shape[1]}</span></div>'
            f'<table style="border-collapse:separate;border-spacing:0;border-left:2px solid #333;'
            f'border-right:2px solid #333;border-radius:3px">{body}</table></div>')


def _op(symbol):
    return f'<div style="font-size:18px;padding:0 4px;align-self:center">{symbol}</div>'


def _sub(name, l):
    """A layer-indexed symbol in the course's notation, as HTML: ``W<sub>0</sub>`` (:mod:`backprop_core.notation`)."""
    return N.W(l, form="html") if name == "W" else {"a": N.a, "z": N.z, "b": N.b, "&delta;": N.delta}[name](
        l, form="html")


class MatrixStepperDashboard(Dashboard):
    """Walk a small MLP one layer at a time: Forward, then Backward, showing each step's matrices.

    Controls: ``layers`` (2-4, input and output included), ``n1..n4`` (units
    per layer, labelled "units 0".."units 3": layer 0 is the input, the course's
    numbering), ``activation``, ``seed``, and ``step`` (0 = the input; then one
    step per layer forward, one per layer backward). Buttons: Forward,
    Backward, Step back, Reset. The matrices of the current step are shown
    as HTML tables with their shapes, the operation and the formula; the
    diagram (``self.diagram``, a :class:`~backprop_lab.views.NetworkView` the browser
    draws) lights up the layer of weights in use and writes ``a`` (forward) or
    ``delta`` (backward) under the units. A click (or Enter) on a connection sets
    ``self.diagram.selected``: that weight's entry is outlined in the step's matrices
    and :meth:`selection_text` says its value and gradient under the diagram.
    """

    #: The diagram's widest (CSS px); it shrinks with a narrow notebook.
    DIAGRAM_WIDTH = "420px"
    #: px between two units of a layer: 6 units fit in 380 px of height (beside the controls)
    UNIT_HEIGHT = 52

    def __init__(self, sizes=(3, 4, 2), activation="sigmoid", seed=0, step=0):
        super().__init__()
        sizes = list(sizes)
        check_setting("layers", len(sizes), *LAYERS_RANGE, kind="int")
        units = sizes + [2] * (LAYERS_RANGE[1] - len(sizes))
        self._watch(layers=int_slider("layers", len(sizes), *LAYERS_RANGE),
                    **{f"n{i + 1}": int_slider(f"units {i}", u, *UNITS_RANGE, name=f"n{i + 1}")
                       for i, u in enumerate(units)},
                    activation=dropdown("activation", list(STEPPER_ACTIVATIONS), activation),
                    seed=int_slider("seed", seed, *SEED_RANGE),
                    step=int_slider("step", step, 0, 2 * (len(sizes) - 1)))
        self._button("Forward", self.forward, "one layer forward", "primary")
        self._button("Backward", self.backward, "one layer backward (after the forward pass)", "warning")
        self._button("Step back", self.step_back, "undo the last step")
        self._button("Reset", self.reset, "back to the input")
        # the diagram, drawn by the browser (SVG): the kernel sends numbers, a click comes back as `selected`
        self.diagram = NetworkView(self.sizes, unit_height=self.UNIT_HEIGHT,
                                   layout=W.Layout(width=self.DIAGRAM_WIDTH, max_width="100%"))
        self.diagram.observe(self._on_diagram_select, names="selected")
        self._built_for = tuple(self.sizes)
        self._updating = False
        self.picked = _html_box()
        self.matrices = _html_box()
        # the matrices of the step are the lesson: right under the status line, the table (plain numbers) after
        self.arrange(table=None, figures=[W.VBox([self.diagram, self.picked], layout=W.Layout(max_width="100%"))],
                     below=(self.matrices, self.table))
        self.refresh()

    # -- model -------------------------------------------------------------
    @property
    def sizes(self):
        return [int(self.values[f"n{i + 1}"]) for i in range(int(self.values["layers"]))]

    @property
    def n_steps(self):
        return 2 * (len(self.sizes) - 1)

    def _model(self):
        key = (tuple(self.sizes), self.values["activation"], int(self.values["seed"]))
        if getattr(self, "_model_key", None) != key:
            self.mlp, self.x, self.y = stepper_network(*key)
            self.result = column_backprop(self.mlp, self.x, self.y)
            self._model_key = key
        return self.result

    def on_control_change(self, change):
        name = self._name(change["owner"])
        if name == "layers" or name.startswith("n") or name in ("activation", "seed"):
            self._fit_step_range()
        self.refresh()

    def _fit_step_range(self):
        top = self.n_steps
        ctl = self.controls["step"]
        if ctl.max != top or self.values["step"] > top:
            with self.hold():
                set_range(ctl, 0, top, min(int(self.values["step"]), top))
                self.values["step"] = int(ctl.value)
        for i in range(LAYERS_RANGE[1]):
            self.controls[f"n{i + 1}"].disabled = i >= int(self.values["layers"])

    def _go(self, step):
        self.set(step=int(step))

    def forward(self):
        s, n = int(self.values["step"]), len(self.sizes) - 1
        if s >= n:
            self.set_status("The forward pass is complete: press Backward to send the error back.", "warn")
            return
        self._go(s + 1)

    def backward(self):
        s, n = int(self.values["step"]), len(self.sizes) - 1
        if s < n:
            self.set_status(f"Backward needs the whole forward pass first: press Forward {n - s} more "
                            f"time{'s' if n - s > 1 else ''} ({N.delta(n)} needs the output {N.a(n)}).", "warn")
            return
        if s >= 2 * n:
            self.set_status("Backpropagation is complete: every dC/dW is known. "
                            "Step back, Reset, or change the network.",
                            "warn")
            return
        self._go(s + 1)

    def step_back(self):
        s = int(self.values["step"])
        if s == 0:
            self.set_status("Already at the start (the input).", "warn")
            return
        self._go(s - 1)

    def reset(self):
        self._go(0)

    # -- what one step shows -----------------------------------------------
    def stage(self):
        """``(kind, k)``: ``('input', None)``, ``('forward', k)`` or ``('backward', k)`` with code layer ``k``."""
        s, n = int(self.values["step"]), len(self.sizes) - 1
        if s == 0:
            return "input", None
        if s <= n:
            return "forward", s - 1
        return "backward", 2 * n - s

    def step_parts(self):
        """The current step: ``(title, formula, operation, [(name, matrix) or operator str, ...])``."""
        r = self._model()
        kind, k = self.stage()
        L = len(self.sizes)
        act = self.values["activation"]
        if kind == "input":
            return ("The input", "a<sub>0</sub> = x", "nothing yet: the example (x, y) and the weights",
                    [(_sub("a", 0) + " = x", r["a"][0]), (" y", r["y"])])
        l = k + 1  # the course's layer fed by weights[k] = W_k (backprop_core.notation)
        W, b = self.mlp.weights[k], self.mlp.biases[k].reshape(-1, 1)
        if kind == "forward":
            parts = [(_sub("W", k), W), _op("&times;"), (_sub("a", k), r["a"][k]), _op("+"), (_sub("b", k), b),
                     _op("="), (_sub("z", l), r["z"][k]), _op("&rarr;"),
                     (f"{_sub('a', l)} = &phi;({_sub('z', l)})", r["a"][k + 1])]
            formula = (f"{_sub('z', l)} = {_sub('W', k)} {_sub('a', k)} + {_sub('b', k)},&nbsp;&nbsp; "
                       f"{_sub('a', l)} = &phi;({_sub('z', l)}), &phi; = {act}")
            n, m = W.shape
            op = (f"matrix product ({n}&times;{m})({m}&times;1) = ({n}&times;1), plus the bias vector; "
                  f"then {act} element by element")
            return (f"Forward, layer {l} of {L - 1}", formula, op, parts)
        d, a_prev = r["delta"][k], r["a"][k]
        if k == len(self.mlp.weights) - 1:
            parts = [(f"&nabla;<sub>a</sub>C = {_sub('a', l)} &minus; y", r["grad_a"]), _op("&#8857;"),
                     (f"&phi;'({_sub('z', l)})", r["dphi"][k]), _op("="), (_sub("&delta;", l), d)]
            formula = f"{_sub('&delta;', l)} = &nabla;<sub>a</sub>C &#8857; &phi;'({_sub('z', l)})"
            op = "Hadamard product (element by element) of two column vectors"
        else:
            Wn = self.mlp.weights[k + 1]
            parts = [(f"{_sub('W', k + 1)}<sup>T</sup>", Wn.T), _op("&times;"),
                     (_sub("&delta;", l + 1), r["delta"][k + 1]),
                     _op("="), (f"{_sub('W', k + 1)}<sup>T</sup> {_sub('&delta;', l + 1)}", r["back"][k]),
                     _op("&#8857;"),
                     (f"&phi;'({_sub('z', l)})", r["dphi"][k]), _op("="), (_sub("&delta;", l), d)]
            formula = (f"{_sub('&delta;', l)} = ({_sub('W', k + 1)}<sup>T</sup> {_sub('&delta;', l + 1)}) "
                       f"&#8857; &phi;'({_sub('z', l)})")
            q, p = Wn.shape
            op = (f"transpose {_sub('W', k + 1)} ({q}&times;{p} &rarr; {p}&times;{q}), matrix product "
                  f"({p}&times;{q})({q}&times;1) = ({p}&times;1), then Hadamard product with &phi;'")
        parts += ["<br>", (_sub("&delta;", l), d), _op("&times;"), (f"{_sub('a', k)}<sup>T</sup>", a_prev.T),
                  _op("="), (f"&part;C/&part;{_sub('W', k)}", r["gW"][k]), _op(";"),
                  (f"&part;C/&part;{_sub('b', k)} = {_sub('&delta;', l)}", r["gb"][k])]
        formula += f",&nbsp;&nbsp; &part;C/&part;{_sub('W', k)} = {_sub('&delta;', l)} {_sub('a', k)}<sup>T</sup>"
        op += (f"; then the outer product {_sub('&delta;', l)}{_sub('a', k)}<sup>T</sup> "
               f"gives a matrix shaped like {_sub('W', k)}")
        return (f"Backward, layer {l} of {L - 1}", formula, op, parts)

    def _render_matrices(self, title, formula, op, parts):
        items = []
        for p in parts:
            if isinstance(p, str):
                items.append('<div style="flex-basis:100%;height:4px"></div>' if p == "<br>" else p)
            else:
                items.append(matrix_html(p[1], p[0], mark=self._mark_of(p[1])))
        self.matrices.value = (
            # a layer index is a subscript: at least 12 px like every text of the course (the browser's 0.83 em is 10)
            '<style>.bplab-stepper sub, .bplab-stepper sup {font-size:12px}</style>'
            f'<div class="bplab-stepper" style="max-width:100%">'
            f'<div style="margin:2px 0"><b>{html.escape(title)}.</b> '
            f'Formula: <span class="bplab-formula">{formula}</span></div>'
            f'<div style="margin:2px 0;color:#444">Operation: <span class="bplab-operation">{op}</span></div>'
            f'<div style="display:flex;flex-wrap:wrap;align-items:center;max-width:100%">{"".join(items)}</div></div>')

    # -- the diagram and its selection ---------------------------------------------
    def _build_diagram(self):
        """The diagram draws the current sizes (a new network: the selection is cleared)."""
        sizes = tuple(self.sizes)
        if self._built_for != sizes:
            self.diagram.reshape(list(sizes), unit_height=self.UNIT_HEIGHT)
            self._built_for = sizes


    def _on_diagram_select(self, change):
        """A click on a connection: mark its entry and say it (the model does not change)."""
        if not self._updating:
            self._safely(self.refresh)

    def selected_index(self):
        """``(l, j, k)`` of the selected weight ``W{l}[j,k]``, or None."""
        name = self.diagram.selected
        if not name:
            return None
        l, rest = name[1:].split("[")
        j, k = rest.rstrip("]").split(",")
        return int(l), int(j), int(k)

    def _mark_of(self, M):
        """Where the selected weight's entry is in matrix ``M`` of the step (``W_l``, its transpose,
        ``dC/dW_l``), or None."""
        sel = self.selected_index()
        if sel is None:
            return None
        l, j, k = sel
        Wl = self.mlp.weights[l]
        if M is Wl or M is self.result["gW"][l]:
            return (j, k)
        if M.shape == Wl.shape[::-1] and np.may_share_memory(M, Wl):
            return (k, j)
        return None

    def _gradient_step(self, l):
        """The step at which the backward pass computes ``dC/dW_l``."""
        return self.n_steps - l

    def selection_text(self):
        """The selected weight in one line: its units, value and gradient (once the backward pass has
        reached it: ``dC/dW_l[j,k] = delta_{l+1}[j] a_l[k]``)."""
        sel = self.selected_index()
        if sel is None:
            return "Click a connection of the diagram to follow its weight and gradient through the steps."
        l, j, k = sel
        r, name = self.result, self.diagram.selected
        text = (f"Selected {name}: from a{l}[{k}] to a{l + 1}[{j}], weight {fmt(self.mlp.weights[l][j, k], 4)}; "
                f"dC/d{name} = delta{l + 1}[{j}] a{l}[{k}]")
        if int(self.values["step"]) >= self._gradient_step(l):
            d, a = r["delta"][l][j, 0], r["a"][l][k, 0]
            return text + f" = {fmt(d, 4)} x {fmt(a, 4)} = {fmt(r['gW'][l][j, k], 4)} (outlined in the matrices)."
        return text + f", known at step {self._gradient_step(l)} (the backward pass reaches layer {l + 1} there)."

    def _update_diagram(self, r, kind, k):
        """Send the diagram its numbers: weights, the units' values so far, the lit layer, tooltips."""
        d, sizes, n = self.diagram, self.sizes, len(self.mlp.weights)
        step = int(self.values["step"])
        weights, styles = {}, {}
        for l, Wl in enumerate(self.mlp.weights):
            known = step >= self._gradient_step(l)
            for j in range(Wl.shape[0]):
                for i in range(Wl.shape[1]):
                    name = f"W{l}[{j},{i}]"
                    weights[name] = float(Wl[j, i])
                    styles[name] = {"note": f"dC/d{name} = {fmt(r['gW'][l][j, i], 4)}" if known
                                    else f"dC/d{name}: known at step {self._gradient_step(l)}"}
        values = {f"a0[{j}]": fmt(v, 2) for j, v in enumerate(r["a"][0][:, 0])}
        for kk in range(n):
            if kind == "backward" and kk >= k:
                vals = [f"\u03b4 {fmt(v, 2)}" for v in r["delta"][kk][:, 0]]
            elif kind == "forward" and kk <= k or kind == "backward":
                vals = [fmt(v, 2) for v in r["a"][kk + 1][:, 0]]
            else:
                vals = [""] * sizes[kk + 1]
            values.update({f"a{kk + 1}[{j}]": v for j, v in enumerate(vals)})
        lit = [] if k is None else [f"W{k}[{i},{j}]" for i in range(sizes[k + 1]) for j in range(sizes[k])]
        title = ("the input a0 = x" if k is None else
                 f"forward: W{k} in use, a{k + 1} filled in" if kind == "forward" else
                 f"backward: W{k} in use, delta{k + 1} filled in")
        with d.hold_sync():
            d.max_weight = max(float(max(np.max(np.abs(Wl)) for Wl in self.mlp.weights)), 1e-9)
            d.set_weights(weights)
            d.set_edge_styles(styles)
            d.set_node_values(values)
            d.highlight(lit)
            d.title = title

    def update(self):
        self._updating = True
        try:
            self._update()
        finally:
            self._updating = False

    def _update(self):
        r = self._model()
        self._build_diagram()
        kind, k = self.stage()
        title, formula, op, parts = self.step_parts()
        self._render_matrices(title, formula, op, parts)
        self._update_diagram(r, kind, k)
        self.picked.value = (f'<div class="bplab-picked" style="font-size:12px">'
                             f'{html.escape(self.selection_text())}</div>')
        rows, seen = [], set()
        for p in parts:
            if not isinstance(p, str) and p[0] not in seen:
                seen.add(p[0])
                name = _plain(p[0])
                rows.append([name, _shape(*np.atleast_2d(p[1]).shape), mat_text(p[1], digits=4)])
        self.set_table(Table(["matrix", "shape", "values"], rows, title=html.unescape(title)))
        s = int(self.values["step"])
        text = f"Step {s} of {self.n_steps}: {html.unescape(title)}. Network {self.sizes}, {self.values['activation']}."
        if kind == "forward" and k == len(self.mlp.weights) - 1:
            text += f" Output done: C = 1/2 |y - {N.a(k + 1)}|^2 = {fmt(r['cost'], 4)}. Now press Backward."
        if kind == "backward" and k == 0:
            same = agrees_with_mlp(self.mlp, self.x, self.y, r)
            text += (" Every gradient is known; they equal MLP.gradients: " + ("yes." if same else "NO."))
        self.set_status(text, "ok" if s == self.n_steps else "info")

    def plot_values(self):
        kind, k = self.stage()
        return {"step": int(self.values["step"]), "kind": kind, "layer": -1 if k is None else k,
                "highlighted": len(self.diagram.highlighted), "selected": self.diagram.selected,
                "marked": self.matrices.value.count('data-selected="1"')}


def _plain(label):
    """An HTML matrix name as plain text in the course's notation: ``W<sub>1</sub><sup>T</sup>`` -> ``W1^T``."""
    text = re.sub(r"<sub>(\d+)</sub>", r"\1", label).replace("&delta;", "delta")
    return (html.unescape(text).replace("<sup>", "^").replace("</sup>", "")
            .replace("<sub>", "_").replace("</sub>", ""))


def _html_box():
    return W.HTML(layout=W.Layout(max_width="100%"))


def benchmark_scenarios():
    """(name, factory, actions) for the stepper; actions mimic a student's clicks and drags."""
    def press(b):
        return (b, lambda d: d.press(b))
    walk = [press("Forward")] * 3 + [press("Backward")] * 3 + [press("Step back")] * 3 + [press("Reset")]
    yield "MatrixStepperDashboard", lambda: MatrixStepperDashboard(sizes=(3, 4, 4, 2)), (
        walk * 3 + [(f"seed={s}", (lambda d, s=s: d.set(seed=s))) for s in range(1, 11)]
        + [(f"n2={u}", (lambda d, u=u: d.set(n2=u))) for u in (6, 5, 3, 2)]
        + [("activation=tanh", lambda d: d.set(activation="tanh")),
           ("activation=relu", lambda d: d.set(activation="relu"))])
