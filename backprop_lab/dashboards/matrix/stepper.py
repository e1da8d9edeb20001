"""The matrix stepper of lesson 07: a small MLP walked one layer at a time, forward then backward.

:class:`MatrixStepperDashboard` shows, for each step, the matrices involved
(HTML tables with their shapes, cells tinted by sign and size), the operation
just done (matrix product, Hadamard product, transpose, outer product) and the
formula of lecture 004 it implements, in the course's notation (``a0 = x``, ``W_k`` from
layer ``k`` to ``k + 1``; :mod:`backprop_core.notation`); a network diagram lights up the layer of
weights in use. Every number comes from :func:`backprop_core.matrix_form.column_backprop`
on :func:`backprop_core.matrix_form.stepper_network`, checked against
:meth:`backprop_core.MLP.gradients` at the last step (:func:`backprop_core.matrix_form.agrees_with_mlp`).
:func:`mat_text` writes a matrix on one line (the stepper's table and lesson 07's tables use it).

Left out: the maths (:mod:`backprop_core.matrix_form`), batches (one example, as lecture 004's
algorithm), training (lesson 08).
"""
from __future__ import annotations

import html
import re

import numpy as np

from backprop_core import notation as N
from backprop_core.matrix_form import agrees_with_mlp, column_backprop, stepper_network

from ...controls import check_setting, dropdown, int_slider, set_range
from ...dashboard import Dashboard, FigureView
from ...diagram import NetworkDiagram, mlp_layout, mlp_weights
from ...tables import Table, fmt
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


def matrix_html(M, name, digits=3):
    """One matrix as an HTML table with brackets, its name and shape above (cells tinted by sign and size)."""
    M = np.atleast_2d(np.asarray(M, float))
    scale = float(np.max(np.abs(M))) if M.size else 0.0
    body = "".join("<tr>" + "".join(f'<td style="{_CELL};background:{_cell_colour(v, scale)}">'
                                    f'{html.escape(fmt(v, digits))}</td>'
                                    for v in row) + "</tr>" for row in M)
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
    diagram lights up the layer of weights in use and writes ``a`` (forward)
    or ``delta`` (backward) inside the units.
    """

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
        self.view = FigureView((4.0, 2.6))
        self.ax = self.view.figure.add_axes([0.0, 0.0, 1.0, 1.0])
        self.diagram = None
        self._built_for = None
        self.matrices = _html_box()
        # the matrices of the step are the lesson: right under the status line, the table (plain numbers) after
        self.arrange(table=None, below=(self.matrices, self.table))
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
                items.append(matrix_html(p[1], p[0]))
        self.matrices.value = (
            f'<div class="bplab-stepper" style="max-width:100%">'
            f'<div style="margin:2px 0"><b>{html.escape(title)}.</b> '
            f'Formula: <span class="bplab-formula">{formula}</span></div>'
            f'<div style="margin:2px 0;color:#444">Operation: <span class="bplab-operation">{op}</span></div>'
            f'<div style="display:flex;flex-wrap:wrap;align-items:center;max-width:100%">{"".join(items)}</div></div>')

    def _build_diagram(self):
        sizes = tuple(self.sizes)
        if self._built_for == sizes:
            return
        for artist in list(self.view.blit.artists):
            self.view.blit.replace(artist, None)
        self.ax.clear()
        layout = mlp_layout(list(sizes))
        # the course's numbering (backprop_core.notation): the input is layer 0, a0 = x
        last = len(sizes) - 1
        layout.captions = [(x, y, f"layer {i}" + (": x" if i == 0 else ": out" if i == last else ""))
                           for i, (x, y, _) in enumerate(layout.captions)]
        n_edges = len(layout.edges)
        self.diagram = NetworkDiagram.from_layout(self.ax, layout, labels=False, blit=self.view.blit,
                                                  max_linewidth=5.0 if n_edges <= 24 else 3.0 if n_edges <= 80 else 2.0)
        self.view.blit.invalidate()
        self._built_for = sizes

    def update(self):
        r = self._model()
        self._build_diagram()
        kind, k = self.stage()
        title, formula, op, parts = self.step_parts()
        self._render_matrices(title, formula, op, parts)
        self.diagram.set_weights(mlp_weights(self.mlp.weights))
        labels = {f"a0[{j}]": fmt(v, 2) for j, v in enumerate(r["a"][0][:, 0])}
        for kk in range(len(self.mlp.weights)):
            if kind == "backward" and kk >= k:
                vals = r["delta"][kk][:, 0]
            elif kind == "forward" and kk <= k or kind == "backward":
                vals = r["a"][kk + 1][:, 0]
            else:
                vals = None
            for j in range(self.sizes[kk + 1]):
                labels[f"a{kk + 1}[{j}]"] = "" if vals is None else fmt(vals[j], 2)
        self.diagram.set_node_labels(labels)
        self.diagram.highlight([] if k is None else [f"W{k}[{i},{j}]" for i in range(self.sizes[k + 1])
                                                    for j in range(self.sizes[k])])
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
                "highlighted": len(self.diagram.highlighted) if self.diagram else 0}


def _plain(label):
    """An HTML matrix name as plain text in the course's notation: ``W<sub>1</sub><sup>T</sup>`` -> ``W1^T``."""
    text = re.sub(r"<sub>(\d+)</sub>", r"\1", label).replace("&delta;", "delta")
    return (html.unescape(text).replace("<sup>", "^").replace("</sup>", "")
            .replace("<sub>", "_").replace("</sub>", ""))


def _html_box():
    import ipywidgets as W

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
