"""The Playground's figures and tables: pieces that update in place.

* :func:`unit_maps`, :func:`output_map`, :func:`point_arrays`: what the browser-drawn
  :class:`backprop_lab.views.heatmap_view.HeatmapView` shows: the output's decision
  surface (100 x 100) with the points, and a small map on every unit (the feature
  on an input, the unit's output over the input plane on a hidden neuron and on
  the output), each scaled to [-1, 1].
* :class:`CurvesView` (axes from :func:`curve_axes`): training and test loss over epochs, and the
  gradient size of every layer over epochs on a log scale (vanishing gradients); text from the
  course's type scale (:mod:`backprop_lab.theme`, no text under 12 px).
* :func:`confusion_html`: the test set's confusion matrix (rows: true class, columns: predicted).
* :func:`connection_table`: one weight, its gradient for the current batch and
  the chain-rule breakdown for one example, in the course's derivative-table style.
* :func:`pass_table`: one forward and backward pass, layer by layer.

The heat maps and the network diagram are numbers sent to the page, which draws
them (:mod:`backprop_lab.views`: no PNG per frame); the curves are matplotlib
artists updated in place and blitted, never new artists. Left out: the maths
(every number comes from :mod:`backprop_core` via :mod:`.model`), the widgets,
and the diagram (:class:`backprop_lab.views.NetworkView` draws any MLP).
"""
from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import MaxNLocator

from backprop_core import notation as N

from ... import theme
from ...plotting import Lines, nice_upper, side_by_side
from ...tables import Math, Table, fmt

__all__ = ["CMAP", "curve_axes", "unit_maps", "output_map", "point_arrays", "CurvesView",
           "connection_table", "pass_table", "comparison_table", "confusion_html", "confusion_text", "LAYER_COLORS",
           "param_name", "parse_param"]

#: The web playground's colours: orange (class 0, negative) to blue (class 1, positive).
ORANGE, BLUE, PALE = "#f59322", "#0877bd", "#e8eaeb"
CMAP = LinearSegmentedColormap.from_list("playground", [ORANGE, PALE, BLUE])
LAYER_COLORS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")
#: Curves' axes never reach beyond this (a diverging loss leaves the plot at the top).
CURVE_CAP = 1e6


def param_name(layer, i, j=None):
    """``'W0[1,2]'`` for ``weights[0][1, 2]``, ``'b0[1]'`` for ``biases[0][1]`` (the diagram's names)."""
    return f"W{layer}[{i},{j}]" if j is not None else f"b{layer}[{i}]"


def parse_param(name):
    """``'W0[1,2]'`` -> ``(0, 1, 2)``; ``'b0[1]'`` -> ``(0, 1, None)``."""
    kind, rest = name[0], name[1:]
    layer, idx = rest.split("[")
    parts = [int(p) for p in idx.rstrip("]").split(",")]
    if kind == "W" and len(parts) == 2:
        return int(layer), parts[0], parts[1]
    if kind == "b" and len(parts) == 1:
        return int(layer), parts[0], None
    raise ValueError(f"a parameter name looks like 'W0[1,2]' or 'b0[1]', got {name!r}.")


def unit_maps(units, activation, output_kind):
    """Every unit's map scaled to [-1, 1] for the page's diverging colours, input first.

    ``units[l]`` is ``(sizes[l], c, c)`` (:meth:`PlaygroundModel.surfaces`).
    Inputs (features) and ReLU / linear units are divided by their largest
    ``|value|`` on the plane; sigmoid units (0..1) become ``2a - 1``; tanh
    units are already in [-1, 1]; the output is shown as the decision map is.
    Returns an array ``(n_units, c, c)``.
    """
    last = len(units) - 1
    maps = []
    for l, layer in enumerate(units):
        layer = np.asarray(layer, float)
        if l == last:
            maps.append(2 * layer - 1 if output_kind == "classification" else np.clip(layer, -1, 1))
        elif l > 0 and activation == "sigmoid":
            maps.append(2 * layer - 1)
        elif l > 0 and activation == "tanh":
            maps.append(layer)
        else:
            m = np.abs(layer).reshape(len(layer), -1).max(axis=1)
            maps.append(layer / np.where(m > 0, m, 1.0)[:, None, None])
    return np.concatenate(maps)


def output_map(out, problem, discretize=False):
    """The decision map in [-1, 1]: ``2 out - 1`` (a class probability) or the clipped regression output.

    ``discretize`` rounds every value to -1 or +1 (the page does the same with its toggle).
    """
    img = 2 * np.asarray(out, float) - 1 if problem == "classification" else np.clip(out, -1, 1)
    return np.where(img >= 0, 1.0, -1.0) if discretize else img


def point_arrays(model):
    """``(xy, values, kinds)`` of every point for :meth:`HeatmapView.set_points`:
    generated training points, the points you added, then the test points; values in [-1, 1] (two classes,
    regression) or the class numbers 0..k-1 (``k > 2`` classes)."""
    from ...views.heatmap_view import KIND_ADDED, KIND_TEST, KIND_TRAIN

    n_gen = len(model.X_train) - len(model.added)
    xy = np.concatenate([model.X_train, model.X_test])
    y = np.concatenate([model.y_train, model.y_test])
    if model.classes > 2:
        values = y  # the class number: the page gives each class its colour and shape
    else:
        values = 2 * y - 1 if model.problem == "classification" else np.clip(y, -1, 1)
    kinds = np.concatenate([np.full(n_gen, KIND_TRAIN), np.full(len(model.added), KIND_ADDED),
                            np.full(len(model.X_test), KIND_TEST)])
    return xy, values, kinds


def confusion_text(counts):
    """The confusion matrix as plain text: a header of predicted classes, one row per true class."""
    k = len(counts)
    lines = ["true \\ predicted " + " ".join(f"{j:>5}" for j in range(k))]
    lines += [f"{i:>17} " + " ".join(f"{int(v):>5}" for v in row) for i, row in enumerate(counts)]
    return "\n".join(lines)


def confusion_html(counts, title="Test set: confusion matrix"):
    """The confusion matrix as an HTML table (rows: true class, columns: predicted; the diagonal in bold)."""
    k = len(counts)
    head = "".join(f"<th>{j}</th>" for j in range(k))
    rows = "".join(f"<tr><th>{i}</th>" + "".join(f"<td>{'<b>%d</b>' % v if i == j else int(v)}</td>"
                                                 for j, v in enumerate(row)) + "</tr>"
                   for i, row in enumerate(counts))
    return (f'<table class="bplab-confusion"><caption>{title} (rows: true class, columns: predicted; '
            f'{int(sum(map(sum, counts)))} points)</caption><thead><tr><th>true \\ predicted</th>{head}</tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def curve_axes(figure):
    """The loss axes and the gradient axes side by side, margins in inches for the type scale
    (room on the right for the gradient legend, one entry per layer of weights)."""
    return side_by_side(figure, widths=(1, 1), left=0.55, right=0.62, bottom=0.5, top=0.3, gap=0.75)


class CurvesView:
    """Loss over epochs (train, test) and mean |dC/dW| per layer over epochs (log scale)."""

    def __init__(self, ax_loss, ax_grad, blit, max_layers=7):
        self.ax_loss, self.ax_grad, self.blit = ax_loss, ax_grad, blit
        self.loss = Lines(ax_loss, {"train": dict(color="#333333", lw=1.4, label="train"),
                                    "test": dict(color="#888888", lw=1.4, ls="--", label="test")},
                          blit, title="loss", xlabel="epoch", ylabel="", legend="upper right", legend_size="small")
        styles = {f"layer {l}": dict(color=LAYER_COLORS[l], lw=1.3, label=f"W{l}") for l in range(max_layers)}
        styles.update({f"ref {l}": dict(color=LAYER_COLORS[l], lw=1.0, ls=":") for l in range(max_layers)})
        self.grad = Lines(ax_grad, styles, blit, title="mean |dC/dW| per layer", xlabel="epoch", ylabel="",
                          yscale="log")
        self.legend = None
        self.max_layers = max_layers
        self.reference = None
        for ax in (ax_loss, ax_grad):
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
            ax.tick_params(labelsize=theme.font_pt("small"))
            ax.title.set_fontsize(theme.font_pt("body"))
            ax.xaxis.label.set_fontsize(theme.font_pt("small"))

    def set_layers(self, n):
        """Show a legend entry per layer of weights (``n`` of them)."""
        if self.legend is not None:
            self.legend.remove()
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], color=LAYER_COLORS[l], lw=1.3) for l in range(n)]
        self.legend = self.ax_grad.legend(handles, [f"W{l}" for l in range(n)], loc="upper left",
                                          fontsize=theme.font_pt("small"), bbox_to_anchor=(1.01, 1.02),
                                          ncol=1 if n <= 4 else 2, framealpha=0.0, handlelength=1.0,
                                          borderaxespad=0.0, labelspacing=0.2, columnspacing=0.6)
        self.blit.invalidate()

    def update(self, history):
        ep = np.asarray(history["epoch"], float)
        tr, te = np.asarray(history["train"], float), np.asarray(history["test"], float)
        self.loss.set("train", ep, tr)
        self.loss.set("test", ep, te)
        vals = np.concatenate([tr, te, [1e-3]])
        top = min(float(vals[np.isfinite(vals)].max()), CURVE_CAP)  # a diverging run is drawn off the top
        right = nice_upper(max(ep[-1], 10))
        self.loss.limits((0, right), (0, nice_upper(top)))
        g = np.asarray(history["grad"], float)
        lows, highs = [], []
        for l in range(self.max_layers):
            line = f"layer {l}"
            if l < g.shape[1]:
                self.grad.set(line, ep, np.maximum(g[:, l], 1e-12))
                ok = g[np.isfinite(g[:, l]), l]
                lows.extend(ok[:1] if not len(ok) else [ok.min()])
                highs.extend(ok[:1] if not len(ok) else [min(ok.max(), CURVE_CAP)])
            else:
                self.grad.set(line, [], [])
        ref = self.reference
        title = "mean |dC/dW| per layer" + (" (dotted: ReLU)" if ref is not None else "")
        if self.ax_grad.get_title() != title:
            self.ax_grad.set_title(title)
            self.blit.invalidate()
        for l in range(self.max_layers):
            if ref is not None and l < ref.shape[1]:
                self.grad.set(f"ref {l}", np.arange(len(ref)), np.maximum(ref[:, l], 1e-12))
                lows.append(ref[:, l].min())
                highs.append(ref[:, l].max())
            else:
                self.grad.set(f"ref {l}", [], [])
        lo = max(min(lows), 1e-12) if lows else 1e-6
        hi = max(max(highs), lo * 10) if highs else 1.0
        if ref is not None:
            right = max(right, nice_upper(max(len(ref) - 1, 10)))
        self.grad.limits((0, right), (10 ** np.floor(np.log10(lo)), 10 ** np.ceil(np.log10(hi))))


# ---------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------
KIND_LABEL = {"cost": "dC/da", "activation": "activation", "weight": "weight", "input": "input",
              "bias_input": "bias input", "sum": "sum over paths", "delta": "delta"}


def _sum_over_paths(layer, i):
    """``dC/da{layer+1}[i]`` as one sigma over the neurons k of layer ``layer + 2`` (the factor symbols
    of :meth:`MLP.factors`: ``dC/dz{layer+2}[k] * dz{layer+2}[k]/da{layer+1}[i]``)."""
    zk, ai = N.z(layer + 2), N.a(layer + 1, i)
    tzk, tai = N.z(layer + 2, form="tex"), N.a(layer + 1, i, form="tex")
    return Math(rf"\sum_{{k}} \frac{{\partial C}}{{\partial {tzk}[k]}}\,\frac{{\partial {tzk}[k]}}{{\partial {tai}}}",
                f"sum over k of dC/d{zk}[k] * d{zk}[k]/d{ai}")


def connection_table(model, name, example, digits=6):
    """One weight: value, gradient on the next batch, update; the chain rule for one example.

    Parameters
    ----------
    model : PlaygroundModel
    name : str
        ``'W0[1,2]'`` or ``'b0[1]'``.
    example : int
        Row of the training set whose chain-rule breakdown is shown.
    """
    layer, i, j = parse_param(name)
    net = model.net
    value = net.weights[layer][i, j] if j is not None else net.biases[layer][i]
    idx = model.batch()
    gW, gb = model.batch_gradients()
    reg = model._reg()
    grad = gW[layer][i, j] if j is not None else gb[layer][i]
    m = len(idx)
    lr = model.settings["lr"]
    rows, groups = [], []
    x = model.feature_matrix(model.X_train[example:example + 1])
    y = model._targets(model.y_train[example:example + 1])
    rec = net.factors(x, y, layer=layer, i=i, j=j)
    wl = N.W(layer, i, j, form="tex") if j is not None else N.b(layer, i, form="tex")
    for f in rec.factors:
        formula = Math(f.latex_formula, f.formula)
        if f.kind == "sum" and len(rec.paths) > 2:  # many paths: the sum written with a sigma, not term by term
            formula = _sum_over_paths(layer, i)
        rows.append([f"example {example}", KIND_LABEL.get(f.kind, f.kind), Math(f.latex_symbol, f.symbol),
                     formula, f.value])
        for p in rec.paths if f.kind == "sum" else ():
            rows.append([f"example {example}", "  one path", p.symbol, " * ".join(q.symbol for q in p.factors),
                         p.product])
    rows.append([f"example {example}", "product", Math(rec.latex_symbol, rec.symbol),
                 Math(r" \cdot ".join(f.latex_symbol for f in rec.factors), " * ".join(f.symbol for f in rec.factors)),
                 rec.product])
    groups.append(len(rows))
    data = grad
    penalty = ""
    if j is not None and reg["l2"]:
        data = grad - reg["l2"] / m * value
        penalty = ("L2", Math(r"\frac{\lambda}{m} " + wl, f"lambda/m * {name}"), reg["l2"] / m * value)
    elif j is not None and reg["l1"]:
        data = grad - reg["l1"] / m * np.sign(value)
        penalty = ("L1", Math(r"\frac{\lambda}{m}\,\mathrm{sign}(" + wl + ")", f"lambda/m * sign({name})"),
                   reg["l1"] / m * np.sign(value))
    rows.append(["batch", "weight", Math(wl, name), "now", value])
    rows.append(["batch", "mean over batch", Math(r"\frac{1}{m}\sum_{k} \frac{\partial C_k}{\partial " + wl + "}",
                                                  f"mean of dC/d{name} over the {m} examples"), f"m = {m}", data])
    if penalty:
        rows.append(["batch", penalty[0], penalty[1], f"lambda = {fmt(model.settings['reg_rate'], 3)}", penalty[2]])
        rows.append(["batch", "gradient", Math(r"\frac{\partial J}{\partial " + wl + "}", f"dJ/d{name}"),
                     "data + penalty", grad])
    rows.append(["batch", "update", Math(wl + r" - \alpha\,\frac{\partial J}{\partial " + wl + "}",
                                         f"{name} - lr * dJ/d{name}"),
                 f"{fmt(value, 4)} - {fmt(lr, 3)} * ({fmt(grad, 4)})", value - lr * grad])
    return Table(["for", "step", "derivative", "formula", "value"], rows, groups=groups, digits=digits,
                 numeric_columns={4},
                 title=f"Connection {name}: the chain rule for example {example} "
                       f"(x1 = {fmt(model.X_train[example, 0], 3)}, x2 = {fmt(model.X_train[example, 1], 3)}, "
                       f"y = {fmt(model.y_train[example], 3)}), then the gradient on the next batch of {m}")


PASS_STAGES_DOC = """Stage 0: the input a0 = x (the features). Stages 1..L: forward, z{l} = W{l-1} a{l-1} + b{l-1} and
a{l} = phi(z{l}) of layer l (a softmax output: aL = softmax(zL)). Stage L+1: the output's delta{L}. Stages
L+2..2L: delta{l} of each hidden layer, backwards. Stage 2L+1: the gradients dC/dW{l} = delta{l+1} a{l}^T."""


def pass_stages(n_layers):
    """How many stages one slow pass has for a network with ``n_layers`` layers of weights."""
    return 2 * n_layers + 2


def _pass_forward_rows(net, zs, acts, stage, vec):
    """Stages 1..L: ``z{l+1} = W{l} a{l} + b{l}`` and ``a{l+1} = phi(z{l+1})`` (course notation)."""
    rows = []
    for l in range(len(net.weights)):
        if stage < l + 1:
            break
        z1, Wl, al, bl, a1 = (N.z(l + 1), N.W(l), N.a(l), N.b(l), N.a(l + 1))
        tex = [N.z(l + 1, form="tex"), N.W(l, form="tex"), N.a(l, form="tex"), N.b(l, form="tex"),
               N.a(l + 1, form="tex")]
        rows.append(["forward", f"layer {l + 1}", Math(f"{tex[0]} = {tex[1]} {tex[2]} + {tex[3]}",
                                                       f"{z1} = {Wl} {al} + {bl}"), vec(zs[l])])
        phi = net.layer_activations[l]
        tphi = r"\mathrm{softmax}" if phi == "softmax" else r"\phi"
        rows.append(["forward", f"layer {l + 1}", Math(f"{tex[4]} = {tphi}({tex[0]})", f"{a1} = {phi}({z1})"),
                     vec(acts[l + 1])])
    return rows


def _pass_output_delta_rows(net, step, vec):
    """Stage L+1: the output's ``delta{L}``; with a softmax output (cross-entropy) ``delta{L} = a{L} - y``
    and the one-hot target ``y`` shown above it."""
    L = len(net.weights)
    dL, aL, zL = N.delta(L), N.a(L), N.z(L)
    tdL, taL, tzL = N.delta(L, form="tex"), N.a(L, form="tex"), N.z(L, form="tex")
    if net.layer_activations[-1] == "softmax":
        return [["backward", f"layer {L}", Math("y", "y (one-hot)"), vec(step["y"])],
                ["backward", f"layer {L}", Math(f"{tdL} = {taL} - y", f"{dL} = {aL} - y"), vec(step["delta"][-1])]]
    return [["backward", f"layer {L}", Math(f"{tdL} = \\partial C/\\partial {tzL}", f"{dL} = dC/d{zL}"),
             vec(step["delta"][-1])]]


def _pass_hidden_delta_rows(net, step, stage, vec):
    """Stages L+2..2L: ``delta{l} = (W{l}^T delta{l+1}) * phi'(z{l})`` for l = L-1 down to 1."""
    L = len(net.weights)
    rows = []
    for k, l in enumerate(range(L - 1, 0, -1)):
        if stage < L + 2 + k:
            break
        d, Wl, d1, zl = N.delta(l), N.W(l), N.delta(l + 1), N.z(l)
        td, tW, td1, tz = (N.delta(l, form="tex"), N.W(l, form="tex"), N.delta(l + 1, form="tex"),
                           N.z(l, form="tex"))
        rows.append(["backward", f"layer {l}",
                     Math(f"{td} = ({tW}^T {td1}) \\odot \\phi'({tz})", f"{d} = ({Wl}^T {d1}) * phi'({zl})"),
                     vec(step["delta"][l - 1])])
    return rows


def pass_table(model, example, stage, digits=4):
    """One forward and backward pass for one example, shown up to ``stage`` (see :data:`PASS_STAGES_DOC`).

    Values come from lesson 07's stepper maths (:func:`backprop_core.matrix_form.column_backprop`), in the
    course's notation (:mod:`backprop_core.notation`; ``a0 = x``, ``W{l}`` leads from layer l to l+1):
    ``z{l+1} = W{l} a{l} + b{l}``, ``a{l+1} = phi(z{l+1})``, then ``delta{L}`` at the output
    (``a{L} - y`` for a softmax output with a one-hot ``y``) and the recursion
    ``delta{l} = (W{l}^T delta{l+1}) (.) phi'(z{l})`` with column vectors; the gradient rows are its
    ``dC/dW{l} = delta{l+1} a{l}^T``, equal to ``MLP.gradients`` for the example.
    For a network with two layers of weights the stages are: a0; z1, a1; z2, a2; delta2; delta1; dC/dW0, dC/dW1.
    """
    from backprop_core.matrix_form import column_backprop

    net = model.net
    x = model.feature_matrix(model.X_train[example:example + 1])
    y = model._targets(model.y_train[example:example + 1])
    step = column_backprop(net, x, y)
    L = len(net.weights)
    vec = lambda v: "[" + ", ".join(fmt(float(t), digits) for t in np.ravel(v)) + "]"  # noqa: E731
    rows = [["forward", "layer 0", Math(f"{N.a(0, form='tex')} = x", f"{N.a(0)} = x"), vec(step["a"][0])]]
    rows += _pass_forward_rows(net, step["z"], step["a"], stage, vec)
    if stage >= L + 1:
        rows += _pass_output_delta_rows(net, step, vec)
    rows += _pass_hidden_delta_rows(net, step, stage, vec)
    if stage >= 2 * L + 1:
        for l in range(L):
            tex = (N.W(l, form="tex"), N.delta(l + 1, form="tex"), N.a(l, form="tex"))
            rows.append(["gradients", f"{N.W(l)}",
                         Math(f"\\partial C/\\partial {tex[0]} = {tex[1]} {tex[2]}^T",
                              f"dC/d{N.W(l)} = {N.delta(l + 1)} {N.a(l)}^T"),
                         f"largest |entry| {fmt(float(np.abs(step['gW'][l]).max()), digits)}"])
    total = pass_stages(L) - 1
    return Table(["pass", "layer", "quantity", "values"], rows,
                 title=f"One pass, slowly: example {example}, stage {stage} of {total}")


def comparison_table(runs, digits=3):
    """Gradient size of the first and last layer of weights after training, per activation."""
    rows = []
    for act_name, g in runs.items():
        first, last = g[-1, 0], g[-1, -1]
        rows.append([act_name, g.shape[1], g.shape[0] - 1, first, last, first / last if last else float("nan")])
    return Table(["activation", "layers of weights", "epochs", "mean |dC/dW0|", "mean |dC/dW last|",
                  "first / last"], rows, digits=digits, numeric_columns={3, 4, 5},
                 title="Vanishing gradients: how much the first layer learns compared with the last")
