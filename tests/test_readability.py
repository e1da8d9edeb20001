"""Readable on a projector and for colour-blind students (issue 19).

Every dashboard is built (the scenarios of ``benchmarks/bench_dashboards.py``, as
``tests/test_close.py`` does), driven a little and drawn; then every visible text of
every figure is measured (``fontsize`` in points x dpi / 72 = CSS pixels): at least
12 px at the default scale, at least 18 px and figures 1.5 times larger with the
projector on. The course's colours are run through Machado et al. (2009)'s
simulations of protanopia, deuteranopia and tritanopia and every pair that carries a
meaning must stay apart (CIE76 colour difference in CIELAB); every axes that tells
curves apart by colour also tells them apart by line style or marker. Each dashboard
has a text equivalent of its figures that says the current numbers.

Left out: the playground (lesson 08), whose views are being replaced by browser-drawn
views (see :data:`OTHER_VIEWS`). Lesson 06's diagram is drawn by the browser (SVG); its
surface and error curve are checked here like every other figure.
"""
from __future__ import annotations

import doctest
import itertools
import re

import matplotlib
import matplotlib.text
import numpy as np
import pytest
from matplotlib import colors as mcolors
from matplotlib.lines import Line2D

import backprop_lab.dashboard as dashboard_module
import backprop_lab.plotting as plotting
from backprop_lab import theme
from backprop_lab import dashboards as D
from backprop_lab.dashboards.debugging import views as gradient_check_views
from backprop_lab.dashboards.descent import parts as descent_parts
from backprop_lab.dashboards.matrix import tables as matrix
from backprop_lab.dashboards.neurons import perceptrons
from backprop_lab.dashboards.neurons import ranges as neuron_ranges
from backprop_lab.diagram import EDGE_COLORS
from benchmarks.bench_dashboards import scenarios  # it selects ipympl: back to Agg below

matplotlib.use("Agg")  # figures drawn here are plain Agg figures (as in every unit test)

#: Dashboards whose figures another developer is replacing now (browser-drawn views).
OTHER_VIEWS = {"Playground"}
SMALLEST_PX = 12.0


def _made():
    made = [(n, f, list(a)) for n, f, a in scenarios()]
    return [(n, f, a) for n, f, a in made if n not in OTHER_VIEWS]


NAMES = [n for n, _f, _a in _made()]
#: Dashboards without a matplotlib figure: lesson 02's graph is SVG (checked by its own test below),
#: the iris cost dashboard shows tables only, lesson 07's stepper draws its network as SVG (NetworkView, 12 px text).
NO_FIGURE = {"GraphDashboard 25 nodes", "GraphDashboard lecture 002", "DataSetCostDashboard", "MatrixStepperDashboard"}
FIGURES = [n for n in NAMES if n not in NO_FIGURE] + ["sweep_figure", "eps_figure", "spread_figure"]


def texts_px(fig):
    """``[(px, text)]`` of every visible, non-empty text of ``fig`` (ticks, labels, legends, notes)."""
    return [(t.get_fontsize() * fig.dpi / 72, t.get_text()) for t in fig.findobj(matplotlib.text.Text)
            if t.get_visible() and t.get_text().strip()]


def static_figures():
    """The figures lessons draw once (not dashboards): lessons 01 and 07."""
    eps = np.logspace(-12, -1, 12)
    spread = {1: (0.8, 0.2), 2: (0.5, 0.1), 4: (0.35, 0.08), 8: (0.25, 0.05)}
    return {"sweep_figure": perceptrons.sweep_figure(steps=9),
            "eps_figure": matrix.eps_figure(eps, eps * 1e3 + 1e-9, eps ** 2 + 1e-10)[0],
            "spread_figure": matrix.spread_figure(spread)[0]}


def survey():
    """Build, drive and draw every dashboard: per name, its figures' sizes (px), texts and axes."""
    result = {}
    for name, factory, actions in _made():
        dash = factory()
        for _label, act in actions[:3]:  # a student's first moves
            act(dash)
        dash.render()
        figs = [v.figure for v in dash.views]
        result[name] = {"sizes": [tuple(f.get_size_inches() * f.dpi) for f in figs],
                        "texts": [tp for f in figs for tp in texts_px(f)],
                        "styles": [axes_styles(ax) for f in figs for ax in f.axes],
                        "keys": [has_key(ax) for f in figs for ax in f.axes],
                        "outside": [o for f in figs for o in outside(f)],
                        "summary": dash.figure_summary(), "plot": dash.plot_values(), "views": len(figs),
                        "alt": dash.status.value}
        dash.close()
    for name, fig in static_figures().items():
        result[name] = {"sizes": [tuple(fig.get_size_inches() * fig.dpi)], "texts": texts_px(fig),
                        "styles": [axes_styles(ax) for ax in fig.axes], "keys": [has_key(ax) for ax in fig.axes],
                        "outside": outside(fig)}
    return result


def chromatic(colour):
    """True for a colour that needs colour vision to tell (grey, black and white do not)."""
    r, g, b = mcolors.to_rgb(colour)
    return max(r, g, b) - min(r, g, b) > 0.1


def axes_styles(ax):
    """The coloured curves of ``ax`` (lines of 2+ finite points, drawn with a line, not grey or black):
    ``[(colour, style, marker, label)]``."""
    out = []
    for line in ax.get_lines():
        if not chromatic(line.get_color()):  # a grey guide or a black curve stands apart by lightness
            continue
        xs, ys = (np.asarray(v, float) for v in line.get_data())
        if not line.get_visible() or line.get_linestyle() in ("None", "", " ") or np.isfinite(xs + ys).sum() < 2:
            continue
        if line.get_gid():  # a network diagram's edge: its number is written on it
            continue
        out.append((mcolors.to_hex(line.get_color()), str(line.get_linestyle()), str(line.get_marker()),
                    line.get_label()))
    return out


def outside(fig, tolerance=1.5):
    """Panels whose drawn texts (tick labels, axis labels, captions) reach past the figure's edge, in px:
    the bigger type must still fit the figure. ``get_tightbbox`` counts only the ticks that are drawn."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    out = []
    for ax in fig.axes:
        if not ax.get_visible():  # lesson 06's hidden 3-D (or contour) axes: nothing of it is drawn
            continue
        box = ax.get_tightbbox(renderer)
        if box is not None and (box.x0 < -tolerance or box.y0 < -tolerance or box.x1 > width + tolerance
                                or box.y1 > height + tolerance):
            out.append((ax.get_title() or ax.get_xlabel(), [round(v) for v in box.extents], (width, height)))
    return out


def has_key(ax):
    """True if ``ax`` names what it draws: a legend, labels written on it (direct labels, a title that
    says what the colours mean), or a legend of its figure naming every one of its curves (shared)."""
    shared = {t.get_text() for other in ax.figure.axes if other.get_legend() is not None
              for t in other.get_legend().get_texts()}
    labels = {lab for *_, lab in axes_styles(ax)}
    return ax.get_legend() is not None or any(t.get_visible() and t.get_text().strip() for t in ax.texts) \
        or "=" in ax.get_title() or bool(labels) and labels <= shared


@pytest.fixture(scope="module")
def default_scale():
    theme.set_projector(False)
    return survey()


@pytest.fixture(scope="module")
def projector():
    theme.set_projector(True)
    try:
        return survey()
    finally:
        theme.set_projector(False)


# -- the type scale -------------------------------------------------------------------------------------
def test_the_type_scale_in_pixels_and_points():
    assert theme.font_px("small") == 12.0 and theme.font_pt("small") == 9.6  # 12 px at 90 dpi
    assert theme.TEXT_PX["small"] <= theme.TEXT_PX["body"] <= theme.TEXT_PX["title"]
    assert matplotlib.rcParams["xtick.labelsize"] == 9.6 and matplotlib.rcParams["font.size"] == 10.4
    with pytest.raises(ValueError, match="role must be one of"):
        theme.font_px("tiny")
    with pytest.raises(TypeError, match="on must be True or False, got 'yes'"):
        theme.set_projector("yes")


def test_set_projector_scales_sizes_text_and_defaults_and_goes_back():
    base = dict(theme.FIGURE_SIZES)
    try:
        assert theme.set_projector(True) == 1.5 and theme.projector_on()
        assert theme.FIGURE_SIZES["panel"] == (6.9, 5.1)
        assert all(theme.FIGURE_SIZES[k] == pytest.approx((w * 1.5, h * 1.5)) for k, (w, h) in base.items())
        assert theme.font_px("small") == 18.0 and matplotlib.rcParams["xtick.labelsize"] == 14.4
        assert plotting.new_figure((4, 2)).get_size_inches() == pytest.approx((6, 3))
    finally:
        theme.set_projector(False)
    assert theme.FIGURE_SIZES == base and not theme.projector_on()
    assert matplotlib.rcParams["xtick.labelsize"] == 9.6
    assert max(theme.figure_px(s)[0] for s in theme.FIGURE_SIZES.values()) <= 675


@pytest.mark.parametrize("name", FIGURES)
def test_every_figure_text_is_at_least_12_px(default_scale, name):
    texts = default_scale[name]["texts"]
    assert len(texts) >= 3  # ticks, labels, titles were found
    small = [(round(px, 2), t) for px, t in texts if px < SMALLEST_PX - 1e-6]
    assert small == [], f"{name}: {len(small)} of {len(texts)} texts under 12 px: {small[:5]}"


@pytest.mark.parametrize("name", FIGURES)
def test_the_projector_scales_figures_and_text_by_1_5(default_scale, projector, name):
    before, after = default_scale[name], projector[name]
    assert len(after["sizes"]) == len(before["sizes"]) >= 1
    for (w0, h0), (w1, h1) in zip(before["sizes"], after["sizes"]):
        assert (w1, h1) == pytest.approx((1.5 * w0, 1.5 * h0), abs=1.0)
    small = [(round(px, 2), t) for px, t in after["texts"] if px < 1.5 * SMALLEST_PX - 1e-6]
    assert small == [], f"{name} with the projector on: texts under 18 px: {small[:5]}"
    # the same texts, 1.5 times larger (a text that only exists at one scale would hide a size)
    assert min(px for px, _t in after["texts"]) == pytest.approx(1.5 * min(px for px, _t in before["texts"]),
                                                                  rel=0.02)


def svg_text_px(svg):
    """``[px]`` of every text of an SVG drawing as the browser shows it at its declared size:
    ``font-size`` (user units) times the drawn width over the ``viewBox`` width."""
    width = float(re.search(r'<svg[^>]* width="([0-9.]+)"', svg).group(1))
    box = float(re.search(r'viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) [0-9.]+"', svg).group(1))
    return [float(v) * width / box for v in re.findall(r'font-size="([0-9.]+)"', svg)]


def lesson_02_graphs():
    """Every graph lesson 02 draws (its examples, patterns and exercise) and the 25-node benchmark graph."""
    from backprop_lab.dashboards import graphs as G

    builds = {name: build for name, (build, _inputs) in G.EXAMPLES.items()}
    builds.update({f"pattern {name}": build for name, (build, *_rest) in G.PATTERNS.items()})
    return {**builds, "exercise": G.exercise_graph, "25 nodes": G.big_graph}


@pytest.mark.parametrize("scale", [False, True], ids=["default", "projector"])
@pytest.mark.parametrize("name", sorted(lesson_02_graphs()))
def test_lesson_02s_graph_text_is_never_under_12_px(name, scale):
    """Issue 19: a graph too wide for the notebook used to shrink with its text (to 7.3 px for 25 nodes);
    now the text stays 12 px (18 px on a projector) and a graph wider than 700 px scrolls in its own box."""
    from backprop_lab import graphview as GV

    theme.set_projector(scale)
    try:
        model = GV.GraphModel(lesson_02_graphs()[name]())
        view = GV.GraphView(model, *GV.best_layout(model))
        view.show(model, len(model.steps))  # every label written
    finally:
        theme.set_projector(False)
    px = svg_text_px(view.widget.value)
    assert len(px) == 2 * len(model.values) + len(model.edges)
    smallest = 1.5 * SMALLEST_PX if scale else SMALLEST_PX
    assert smallest - 0.01 <= min(px) <= max(px) < smallest + 0.1  # the width is whole pixels: 12.005 px
    assert view.text_px() == pytest.approx(px, rel=0.01)
    narrowest = 700 * (1.5 if scale else 1.0) - 8  # the narrowest notebook, less the dashboard's margin
    assert view.scrolls == (view.size_px[0] > narrowest + 1)
    assert view.scrolls == (name == "25 nodes" or scale and view.size_px[0] > narrowest + 1)
    assert view.widget.layout.overflow == "auto" and view.widget.layout.max_width == "100%"


def test_the_svg_text_measure_sees_a_shrunk_drawing():
    svg = '<svg viewBox="-4.5 -4.5 1000 500" width="500" height="250"><text font-size="12.00">a</text></svg>'
    assert svg_text_px(svg) == [6.0]


def test_lesson_02s_gradients_and_pending_texts_stay_apart_for_colour_blind_eyes():
    from backprop_lab import graphview as G

    assert G.NODE_FONT * G.PX / 72 == G.EDGE_FONT * G.PX / 72 == pytest.approx(12.0)
    assert delta_e(G.GRAD_COLOR, G.PENDING_COLOR, "deuteranopia") > MIN_DELTA_E


@pytest.mark.parametrize("name", FIGURES)
def test_no_text_leaves_its_figure(default_scale, projector, name):
    assert default_scale[name]["outside"] == []
    assert projector[name]["outside"] == []


# -- colour-vision deficiencies -------------------------------------------------------------------------
#: Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
MACHADO = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
#: Smallest CIE76 difference two meaningful colours keep under every simulation (a just-noticeable
#: difference is about 2.3; Okabe-Ito's closest pair for any deficiency keeps 16).
MIN_DELTA_E = 15.0


def _linear(rgb):
    rgb = np.asarray(rgb, float)
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb):
    m = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                  [0.0193339, 0.1191920, 0.9503041]])
    xyz = np.clip(linear_rgb, 0, 1) @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(c1, c2, vision=None):
    """CIE76 difference of two colours as seen with ``vision`` (None: normal colour vision)."""
    a, b = (_linear(mcolors.to_rgb(c)) for c in (c1, c2))
    if vision is not None:
        a, b = MACHADO[vision] @ a, MACHADO[vision] @ b
    return float(np.linalg.norm(_lab(a) - _lab(b)))


def test_the_simulation_finds_a_red_green_pair():
    # the check can fail: the old lesson 09 heat map's light orange and light green, matplotlib's
    # default red and green, and its orange and green: far apart for most eyes, merged without red/green
    for red, green in (("#fdae61", "#a6d96a"), ("#d62728", "#2ca02c"), ("#ff7f0e", "#2ca02c")):
        assert delta_e(red, green) > 50
        assert min(delta_e(red, green, v) for v in ("protanopia", "deuteranopia")) < MIN_DELTA_E
    assert delta_e("#ffffff", "#000000") == pytest.approx(100.0, abs=0.01)


MEANINGFUL_PAIRS = {
    "category colours": list(itertools.combinations(theme.CATEGORY_COLORS, 2)),
    "status ok / error": [(theme.STATUS_COLORS["ok"], theme.STATUS_COLORS["error"])],
    "lesson 09 pass / fail": [(gradient_check_views.PASS_COLOR, gradient_check_views.FAIL_COLOR),
                              (gradient_check_views.ERROR_COLORS[0][1], gradient_check_views.ERROR_COLORS[-1][1])],
    "neurons fire / quiet / wrong": list(itertools.combinations(
        [neuron_ranges.FIRE, neuron_ranges.QUIET, neuron_ranges.WRONG], 2)),
    "edge signs": [(EDGE_COLORS["positive"], EDGE_COLORS["negative"])],
    "diverging map ends": [(theme.DIVERGING_COLORS[0], theme.DIVERGING_COLORS[-1])],
    "runs": [(descent_parts.RUN_COLORS[a], descent_parts.RUN_COLORS[b]) for a, b in
             (("simultaneous", "sequential"), ("plain", "momentum"), ("full batch", "mini-batch"),
              ("full batch", "stochastic"), ("mini-batch", "stochastic"))],
    "plot roles": [(plotting.COLORS["path"], plotting.COLORS["target"]), (plotting.COLORS["curve"],
                                                                          plotting.COLORS["path"])],
}


@pytest.mark.parametrize("group", sorted(MEANINGFUL_PAIRS))
@pytest.mark.parametrize("vision", [None, "protanopia", "deuteranopia", "tritanopia"])
def test_no_pair_of_meaningful_colours_merges_for_colour_blind_eyes(group, vision):
    merged = [(a, b, round(delta_e(a, b, vision), 1)) for a, b in MEANINGFUL_PAIRS[group]
              if delta_e(a, b, vision) < MIN_DELTA_E]
    assert merged == [], f"{group} with {vision or 'normal vision'}: {merged}"


def test_the_diverging_map_runs_blue_to_orange_through_white():
    cmap = theme.diverging_cmap()
    lo, mid, hi = (np.array(cmap(x)[:3]) for x in (0.0, 0.5, 1.0))
    assert lo[2] > lo[0] and hi[0] > hi[2]  # blue end, orange end
    assert mid.min() > 0.95  # near white at 0
    assert delta_e(mcolors.to_hex(lo), mcolors.to_hex(hi), "deuteranopia") > 40


def test_no_red_green_colour_map_is_left_in_the_course():
    # lesson 09's heat map used RdYlGn-like colours; the playground is another developer's (OTHER_VIEWS)
    import pathlib

    root = pathlib.Path(dashboard_module.__file__).parent
    for path in sorted(root.rglob("*.py")):
        if path.name.startswith(("playground", "network")):
            continue
        text = path.read_text()
        for bad in ("RdYlGn", "RdGy", "PiYG", "#1a9850", "#a6d96a", "#2ca02c", "#2e7d32"):
            assert bad not in text, f"{path.name} uses {bad}"


# -- more than colour ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", FIGURES)
def test_curves_told_apart_by_colour_also_differ_in_line_style_or_marker(default_scale, name):
    checked = 0
    for curves in default_scale[name]["styles"]:
        for (c1, ls1, m1, l1), (c2, ls2, m2, l2) in itertools.combinations(curves, 2):
            if c1 != c2:
                checked += 1
                assert (ls1, m1) != (ls2, m2), f"{name}: {l1!r} and {l2!r} differ only by colour ({c1}, {c2})"
    if name in ("BatchModesDashboard", "MomentumDashboard", "Descent2DDashboard", "RidgeDashboard", "eps_figure"):
        assert checked >= 1  # these do draw curves of different colours


@pytest.mark.parametrize("name", FIGURES)
def test_every_panel_with_curves_of_several_colours_has_a_legend_or_direct_labels(default_scale, name):
    r = default_scale[name]
    for k, (curves, key) in enumerate(zip(r["styles"], r["keys"])):
        if len({c for c, *_ in curves}) >= 2:
            assert key, f"{name}, panel {k}: curves {[lab for *_, lab in curves]} without a legend or labels"


def test_category_style_pairs_every_colour_with_a_style_and_a_marker():
    styles = [theme.category_style(k) for k in range(len(theme.CATEGORY_COLORS))]
    assert len({s["color"] for s in styles}) == len({str(s["linestyle"]) for s in styles}) \
        == len({s["marker"] for s in styles}) == len(theme.CATEGORY_COLORS)
    Line2D([0, 1], [0, 1], **styles[4])  # matplotlib takes them
    assert theme.category_style(len(theme.CATEGORY_COLORS)) == styles[0]


# -- text equivalents -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [n for n in NAMES if n != "DataSetCostDashboard"])  # that one draws nothing
def test_every_dashboard_says_what_its_figures_show(default_scale, name):
    r = default_scale[name]
    summary = r["summary"]
    assert summary.endswith(".") and "nan" not in summary.lower()
    if r["views"]:
        assert "Figure: " in r["alt"] and "bplab-alt" in r["alt"] and "clip:rect(0,0,0,0)" in r["alt"]
    # the current numbers: every plotted scalar appears in the summary to 4 significant digits
    scalars = {k: v for k, v in r["plot"].items() if isinstance(v, (int, float)) and not isinstance(v, bool)
               and "px" not in k}
    for key, value in scalars.items():
        assert f"{key.replace('_', ' ')} = " in summary, f"{name}: {key} missing from {summary!r}"
        said = float(re.match(r"-?[\d.]+(?:e-?\d+)?", summary.split(f"{key.replace('_', ' ')} = ")[1]).group(0)
                     .rstrip("."))
        assert said == pytest.approx(value, rel=1e-3, abs=1e-12)
    assert summary == summary.strip() and len(summary) > 20


def test_a_summary_follows_the_figure():
    dash = D.BatchModesDashboard()
    try:
        before = dash.figure_summary()
        dash.set(epochs=2)
        after = dash.figure_summary()
        assert before != after
        # the loss against epoch: each mode's curve, its number of points and its last point
        line = dash.by_epoch.lines["full batch"]
        x, y = line.get_xdata()[-1], line.get_ydata()[-1]
        assert f"full batch, {len(line.get_xdata())} points ending at ({x:g}, {float(f'{y:.3g}'):g})" in after
        assert f"full batch = {float(f'{y:.4g}'):g}" in after
        assert dash.figure_summary() in dash.status.value.replace("&#x27;", "'")
    finally:
        dash.close()


def test_describe_figure_names_panels_axes_and_curves():
    fig = plotting.new_figure((4, 3))
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [1.0, 0.5, 0.25], label="cost")
    ax.plot([2], [0.25], "o")
    ax.set_title(r"$J(\theta)$ against step")
    ax.set_xlabel("step")
    ax.set_ylabel("J")
    assert plotting.describe_figure(fig) == ("J(theta) against step: x = step, y = J; cost, 3 points ending at "
                                             "(2, 0.25); curve 2 at (2, 0.25).")
    assert plotting.describe_figure(plotting.new_figure((2, 2))) == ""
    assert dashboard_module.plot_sentence({"h": 1e-3, "where_px": [1, 2], "label": "a\nb"}) == \
        "Plotted: h = 0.001, label = a b."
    assert dashboard_module.plot_sentence({"x": float("nan")}) == "Plotted: x = not a number."


def test_the_docstring_examples_hold():
    for module in (theme, plotting, dashboard_module):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted >= 1, module.__name__
    theme.set_projector(False)
