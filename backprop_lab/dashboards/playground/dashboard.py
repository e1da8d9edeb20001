"""Lesson 08's Playground: the web playground in the notebook, plus the backpropagation it hides.

:class:`Playground` wires a :class:`~.model.PlaygroundModel` to
controls and to the views of :mod:`.views`:

* data (circle, xor, gauss, spiral; gauss 3, spiral 3, gauss 4, spiral 4
  with 3 or 4 classes; plane, multi gaussian; or your own points), noise,
  train/test ratio, seed, test points shown or hidden;
* the seven input features; 0 to 6 hidden layers of 1 to 8 neurons
  (buttons add and remove them); the initial weights' seed (*init seed*,
  which Reset moves on by one) and their initialisation (uniform, Xavier, He);
* Play / Pause (:class:`~backprop_lab.frame_loop.FrameLoop`: the kernel trains
  one frame of whole epochs and redraws, up to 30 frames per second and never
  more than a few ahead of what the page has painted, on its event loop, so
  the kernel is never blocked and Pause or any other control answers between
  two frames), one Step (an epoch), Reset, the
  epoch counter, learning rate, activation, regularisation and its rate,
  batch size, problem type;
* the decision surface (100 x 100) with the points and a heat map on every
  unit, painted by the page from the numbers the kernel sends
  (:class:`~backprop_lab.views.heatmap_view.HeatmapView`); the network drawn
  by the page too (:class:`~backprop_lab.views.NetworkView`, SVG: connections
  by weight, each unit's bias as a ring on it, hovering writes a weight and its
  gradient); loss and gradient size per layer over epochs (matplotlib); the test
  set's confusion matrix (every classification problem);
* a click on a connection or a unit (or the ``connection`` drop-down): its weight
  or bias, its gradient on the next batch and the chain rule for one example;
* one pass, slowly: forward and backward, layer by layer;
* clicks on the plot add points; save and restore as a string or a JSON
  file; export as ``bp.MLP``.

Driven from Python like every dashboard: ``dash.set(lr=0.3)``,
``dash.press("Step")``, ``dash.tick()`` (one frame of Play), ``dash.table_text``.

What it refuses, and where it says so: a value a control cannot take
(``dash.set(noise=float("nan"))``) raises ``ValueError`` in the cell, one
sentence naming the control and its range; the same from the browser or a
button goes to the status line. A configuration over the playground's limits
(:mod:`.model`: epochs, points, layers, batch size, ...) is refused
before anything runs. A diverged network shows no accuracy, only
:func:`backprop_core.records.divergence_sentence`. Restoring a saved session
puts its weights back directly; "Verify by replay" replays it with a progress bar.

Left out: the maths and the limits (:mod:`.model`), drawing
(:mod:`.views`, :mod:`backprop_lab.views.heatmap_view`).
"""
from __future__ import annotations

import math
import time

import ipywidgets as W
import numpy as np

from ...controls import PlayButton, dropdown, int_box, int_slider, slider
from ...dashboard import Dashboard, FigureView
from ...frame_loop import FrameLoop
from ...views import NetworkView
from backprop_core.messages import Refused, sentence
from ...tables import fmt
from ...theme import CONTROL_WIDTH, FILL_LAYOUT, FILL_WIDTH, TABS_CLASS, WIDGET_CSS
from . import model as playground_model
from .model import (ACTIVATIONS, BATCH_RANGE, DATASETS, DOMAIN, LEARNING_RATES,
                               MAX_HIDDEN_LAYERS, MAX_NEURONS, NOISE_RANGE, RATIO_RANGE, REG_RATES,
                               REGULARISATIONS, INIT_NAMES, PlaygroundModel, compare_depth, parse_hidden)
from ...views.heatmap_view import HeatmapView
from .extras import PlaygroundExtras
from .views import (confusion_html, confusion_text, CurvesView, comparison_table, connection_table, curve_axes,
                    output_map,
                    pass_stages, pass_table, point_arrays, unit_maps)

__all__ = ["Playground", "benchmark_scenarios", "FEATURE_CONTROLS", "TAB_TITLES"]

#: Feature name -> control name (names must be Python identifiers for ``dash.set``).
#: The titles of the control tabs, in order (they share one column of ``CONTROL_WIDTH``).
TAB_TITLES = ("Data", "Net", "Train", "Probe", "Save", "More")
FEATURE_CONTROLS = {"x1": "f_x1", "x2": "f_x2", "x1^2": "f_x1sq", "x2^2": "f_x2sq", "x1*x2": "f_x1x2",
                    "sin(x1)": "f_sinx1", "sin(x2)": "f_sinx2"}
#: Play's frames are computed by the kernel (:class:`~backprop_lab.frame_loop.FrameLoop`: at most
#: :data:`~backprop_lab.frame_loop.FPS` a second), at most ``AHEAD`` ahead of the last frame the page
#: reported painted; the page reports every ``ACK_EVERY`` frames (each report is a message to the kernel:
#: JupyterLab shows the kernel busy, then idle).
AHEAD, ACK_EVERY = 8, 4
#: While playing, the connection table (and the confusion matrix, the pass table) is rebuilt every this many
#: frames, on an odd frame (the diagram's come on even ones): a new table is new HTML for the page to lay out.
TABLE_EVERY = 10
SEED_RANGE = (0, 9999)
CELLS = 100
THUMB_EVERY = 4
THUMB_CELLS = -(-CELLS // THUMB_EVERY)
#: Side (CSS px) of the decision map and of a unit's map in the page.
MAP_PX, UNIT_PX = 260, 30
#: While playing, the diagram's numbers (weights, biases, gradients) are sent every this many frames
#: (the heat maps every frame; both are drawn by the page).
EDGE_EVERY = 2
#: ... the status line (losses, accuracy, and the figures' numbers for tests) every this many frames, on an
#: odd frame (with the epoch counter, which changes every frame: the page lays out one short line then)
STATUS_EVERY = 2
#: ... and the loss and gradient curves are redrawn every this many frames, on an odd frame (never with the
#: diagram): a matplotlib redraw is most of a frame's kernel time, and its PNG costs the page a blob URL, a
#: decode and a draw, about 4 times a heat-map frame (``benchmarks/profile_playground_page.py``).
CURVES_EVERY = 8
#: The epoch counter's width (CSS), room for "Epoch 1,000,000": a frame of Play never resizes it, so never
#: moves the row it is in (its text changed width with every frame: the row was laid out again).
EPOCH_LABEL_WIDTH = "9.5em"
#: The diagram (:class:`~backprop_lab.views.NetworkView`): px per unit step in a column, a unit's radius,
#: the largest |weight| drawn at the widest line.
DIAGRAM_UNIT_PX, DIAGRAM_RADIUS, DIAGRAM_MAX_WEIGHT = 34.0, 11.0, 2.0
DEPTH_EPOCHS = 40
DEPTH_LR = 0.1
ADD_CLASSES = [("off (clicks pick)", "off"), ("blue (class 1 / +1)", "blue"), ("orange (class 0 / -1)", "orange"),
               ("green (class 2)", "green"), ("vermillion (class 3)", "vermillion")]


def _check(description, value, indent=False):
    return W.Checkbox(value=bool(value), description=description, indent=indent,
                      layout=W.Layout(width="auto", margin="0 6px 0 0"), style={"description_width": "initial"})


def _text(description, value, placeholder=""):
    return W.Text(value=value, description=description, placeholder=placeholder, continuous_update=False,
                  style={"description_width": "90px"}, layout=W.Layout(width=CONTROL_WIDTH, max_width="100%"))


def _hidden_text(sizes):
    return ", ".join(str(s) for s in sizes)


class Playground(Dashboard):
    """The neural-network playground, with the gradients behind every connection.

    Parameters
    ----------
    data : tuple (X, y), optional
        Your own points: ``X`` of shape ``(n, 2)`` inside [-6, 6]^2, ``y`` 0/1
        labels (classification) or real targets (regression).
    config : str, optional
        A configuration string (``'pg1-...'``) or the path of a saved JSON file.
    preset : str, optional
        ``'lecturer'``: the advanced controls hidden (:mod:`.extras`).
    **settings
        Starting settings (see :data:`~.model.DEFAULTS`), e.g.
        ``dataset='xor', hidden=(4,), activation='relu', lr=0.03``.
    """

    def __init__(self, data=None, config=None, preset=None, **settings):
        super().__init__()
        self.model = PlaygroundModel.from_config(config) if config is not None else \
            PlaygroundModel(data=data, **settings)
        s = self.model.settings
        self._initial_config = self.model.config()
        self.save_path = "playground.json"
        self._frame = 0
        self._rebuilding = False
        self.frame_times = []

        self._watch(
            lr=dropdown("learning rate", list(LEARNING_RATES), s["lr"], name="lr"),
            activation=dropdown("activation", list(ACTIVATIONS), s["activation"], name="activation"),
            problem=dropdown("problem", ["classification", "regression"], s["problem"], name="problem"),
            dataset=dropdown("data", self._dataset_options(s["problem"]), s["dataset"], name="dataset"),
            noise=slider("noise", s["noise"], *NOISE_RANGE, step=0.05, fmt=".2f", name="noise"),
            ratio=int_slider("train %", s["ratio"], *RATIO_RANGE, step=10, name="ratio"),
            data_seed=int_box("data seed", s["data_seed"], *SEED_RANGE, name="data_seed"),
            show_test=_check("show test data", True),
            discretize=_check("discretize output", False),
            **{c: _check(f, f in s["features"]) for f, c in FEATURE_CONTROLS.items()},
            init_seed=int_box("init seed", s["init_seed"], *SEED_RANGE, name="init_seed"),
            init=dropdown("init", list(INIT_NAMES), s["init"], name="init"),
            hidden=_text("hidden", _hidden_text(s["hidden"]), "e.g. 4, 2"),
            layer=dropdown("layer", self._layer_options(s["hidden"]), 1 if s["hidden"] else 0, name="layer"),
            reg=dropdown("regularise", list(REGULARISATIONS), s["reg"], name="reg"),
            reg_rate=dropdown("reg. rate", list(REG_RATES), s["reg_rate"], name="reg_rate"),
            batch_size=int_slider("batch size", s["batch_size"], *BATCH_RANGE, name="batch_size"),
            edge=dropdown("connection", self._edge_options(), self._default_edge(), name="edge"),
            example=int_box("example #", 0, 0, len(self.model.X_train) - 1, name="example"),
            stage=int_slider("pass stage", 0, 0, pass_stages(len(self.model.sizes) - 1) - 1, name="stage"),
            add_class=dropdown("click adds", ADD_CLASSES, "off", name="add_class"),
            point=_text("add point", "", "x1, x2 then Enter"),
            restore=_text("restore", "", "paste pg1-... or a .json path"),
        )
        self.play = PlayButton(tooltip="Play / Pause: train continuously")
        self.play.observe(self._on_playing, names="value")
        self.play_loop = FrameLoop(self._play_frame, lambda: self.playing and not self.closed, window=AHEAD)
        self.epoch_label = W.HTML(layout=W.Layout(margin="0 0 0 8px", width=EPOCH_LABEL_WIDTH))
        self.epoch_label.add_class("bplab-epoch")
        self._button("Step", self.step, "train one epoch", "primary")
        self._button("Reset", self.reset, "new starting weights (the next init seed, the same data), epoch 0",
                     "warning")
        self._button("Regenerate", self.regenerate, "new data: the next data seed")
        self._button("+ layer", self.add_layer, "add a hidden layer")
        self._button("- layer", self.remove_layer, "remove the last hidden layer")
        self._button("+ neuron", lambda: self.change_neurons(+1), "one more neuron in the chosen layer")
        self._button("- neuron", lambda: self.change_neurons(-1), "one neuron fewer in the chosen layer")
        self._button("Clear my points", self.clear_points, "remove the points you added")
        self._button("Sigmoid vs ReLU", self.depth_preset,
                     f"6 hidden layers of 8: train sigmoid and ReLU for {DEPTH_EPOCHS} epochs, compare gradients")
        self._button("Pass: back", lambda: self._step_stage(-1), "one stage back in the slow pass")
        self._button("Pass: next", lambda: self._step_stage(+1), "the next stage of the slow pass")
        self._button("Save", self.save, "show the configuration string and write playground.json")
        self._button("Verify by replay", self.verify, "replay the whole training and check it gives the same weights")
        self.progress = W.IntProgress(value=0, min=0, max=100, description="replaying",
                                      layout=W.Layout(width=CONTROL_WIDTH, max_width="100%", display="none"))
        self.config_box = W.Textarea(value="", placeholder="press Save: the configuration string appears here",
                                     layout=W.Layout(width=CONTROL_WIDTH, max_width="100%", height="60px"))
        self.extra_html = W.HTML(layout=W.Layout(max_width="100%"))
        self.confusion_box = W.HTML(layout=W.Layout(max_width="100%"))
        self.confusion_box.add_class("bplab-confusion-box")
        self._extra = None
        self.extras = PlaygroundExtras(self)  # the "More" tab: thumbnails, CSV, schedule, code, share, preset

        self.heat = HeatmapView(domain=DOMAIN, size=MAP_PX, unit_size=UNIT_PX,
                                title="output", ack_every=ACK_EVERY)
        self.heat.on_painted(self.play_loop.painted)
        self.heat.observe(self._on_map_click, names="click")
        self._points_version = None
        # the network, drawn by the page (SVG); a click on a connection or a unit comes back as `selected`
        self.net_view = NetworkView(self.model.sizes, unit_biases=True, input_labels=s["features"], captions=True,
                                    max_weight=DIAGRAM_MAX_WEIGHT, unit_height=DIAGRAM_UNIT_PX,
                                    radius=DIAGRAM_RADIUS, hover_readout=True, cost_symbol="C",
                                    layout=W.Layout(width="420px", max_width="100%"))
        self.net_view.observe(self._on_diagram_select, names="selected")
        self._drawn_shape = (list(self.model.sizes), list(s["features"]))
        self._probe_px = None
        # the loss and gradient curves (matplotlib)
        self.view = FigureView("strip")
        fig = self.view.figure
        self.curves = CurvesView(*curve_axes(fig), self.view.blit)
        self._rebuild()
        self._layout()
        self.refresh()
        self.extras.apply_preset(preset)

    # -- options ---------------------------------------------------------------------------------
    def _dataset_options(self, problem):
        names = [k for k, v in DATASETS.items() if v == problem]
        if self.model.custom is not None and self.model.custom_problem == problem:
            names.append("my data")
        return names

    @staticmethod
    def _layer_options(hidden):
        return [(f"hidden {k}", k) for k in range(1, len(hidden) + 1)] or [("(no hidden layer)", 0)]

    def _edge_options(self):
        net = self.model.net
        names = [f"W{l}[{i},{j}]" for l, Wl in enumerate(net.weights) for i in range(Wl.shape[0])
                 for j in range(Wl.shape[1])]
        return names + [f"b{l}[{i}]" for l, b in enumerate(net.biases) for i in range(len(b))]

    def _default_edge(self):
        return f"W{len(self.model.net.weights) - 1}[0,0]"


    # -- layout -----------------------------------------------------------------------------------
    def _layout(self):
        c, b = self.controls, self.buttons
        row = lambda *ws: W.Box(list(ws), layout=W.Layout(display="flex", flex_flow="row wrap",  # noqa: E731
                                                          align_items="center", max_width="100%"))
        features = row(*[c[n] for n in FEATURE_CONTROLS.values()])
        # controls shrink to the tab's page, less their own 2 px margins (at width 100% their right edge is cut)
        full = lambda ws: W.VBox(ws, layout=W.Layout(**FILL_LAYOUT))  # noqa: E731
        tabs = W.Tab(children=[
            full([c["problem"], c["dataset"], c["noise"], c["ratio"], row(c["data_seed"]),
                  row(b["Regenerate"], c["show_test"]), c["add_class"], c["point"], row(b["Clear my points"])]),
            full([W.HTML("<b>input features</b>"), features, c["hidden"],
                  row(b["+ layer"], b["- layer"]), c["layer"], row(b["+ neuron"], b["- neuron"]),
                  row(c["init_seed"]), c["init"]]),
            full([c["reg"], c["reg_rate"], c["batch_size"], c["discretize"], row(b["Sigmoid vs ReLU"])]),
            full([c["edge"], c["example"], c["stage"], row(b["Pass: back"], b["Pass: next"])]),
            full([row(b["Save"], b["Verify by replay"]), self.config_box, c["restore"], self.progress]),
            self.extras.box,
        ], layout=W.Layout(width=CONTROL_WIDTH, max_width=FILL_WIDTH))
        for k, title in enumerate(TAB_TITLES):
            tabs.set_title(k, title)
        tabs.add_class(TABS_CLASS)  # six titles share the column (WIDGET_CSS): "Probe" is not cut to "Prob"
        self.tabs = tabs
        top = row(self.play, b["Step"], b["Reset"], self.epoch_label, self.extras.note)
        css = W.HTML(f"<style>{WIDGET_CSS}</style>", layout=W.Layout(display="none"))
        # the style sheet last: hidden, it takes no room, and the dashboard's repr still starts with its controls
        # the rate and the activation in a box that lets their right margin show (theme.FILL_LAYOUT): not cut by 2 px
        rate = W.VBox([c["lr"], c["activation"]], layout=W.Layout(**FILL_LAYOUT))
        self.arrange(controls=[top, rate, tabs, css], buttons=[],
                     figures=[self.heat, self.net_view, self.view], below=[self.confusion_box, self.extra_html])

    # -- model updates ----------------------------------------------------------------------------
    def on_control_change(self, change):
        name = self._name(change["owner"])
        v = self.values
        if name in ("edge", "example", "show_test", "discretize", "add_class", "layer"):
            pass
        elif name == "stage":
            self._show_pass()
        elif name == "point":
            if v["point"].strip():
                self._add_typed_point(v["point"])
            return
        elif name == "restore":
            if v["restore"].strip():
                self.restore(v["restore"])
            return
        elif name == "problem":
            options = self._dataset_options(v["problem"])
            self.reconfigure("dataset", options=options, value=options[0])
            self._apply(problem=v["problem"], dataset=options[0])
        elif name == "hidden":
            try:
                sizes = parse_hidden(v["hidden"])
            except ValueError:
                self._sync_control("hidden", _hidden_text(self.model.settings["hidden"]))
                raise
            self._apply(hidden=sizes)
        elif name in FEATURE_CONTROLS.values():
            feats = [f for f, cn in FEATURE_CONTROLS.items() if v[cn]]
            if not feats:
                self._sync_control(name, True)
                raise Refused("tick at least one input feature: the network needs an input.")
            self._apply(features=feats)
        else:
            self._apply(**{name: v[name]})
        self.refresh()

    def _apply(self, **changes):
        what = self.model.apply(**changes)
        if what in ("data", "network"):
            self._rebuild()
        return what

    def _rebuild(self):
        """The network or the data changed: new diagram, options and ranges."""
        m = self.model
        s = m.settings
        shape = (list(m.sizes), list(s["features"]))
        if self._drawn_shape != shape:
            self.net_view.reshape(m.sizes, input_labels=s["features"])
            self._drawn_shape = shape
            self._probe_px = None
        self.curves.set_layers(len(m.net.weights))
        edge = self.values.get("edge")
        options = self._edge_options()
        self.reconfigure("edge", options=options, value=edge if edge in options else self._default_edge())
        layer = self.values.get("layer", 0)
        lopts = self._layer_options(s["hidden"])
        values = [o[1] for o in lopts]
        self.reconfigure("layer", options=lopts, value=layer if layer in values else values[-1])
        self.reconfigure("example", max=len(m.X_train) - 1)
        self.reconfigure("stage", max=pass_stages(len(m.net.weights)) - 1)
        self.net_view.follow_highlight(self.controls["stage"], self._stage_highlights())  # marks at the key press
        self._send_points()
        self._frame = 0

    # -- actions ------------------------------------------------------------------------------------
    def step(self):
        """Train one epoch (the Step button)."""
        self.model.train_epochs(1)
        self.refresh()

    def tick(self):
        """One frame of Play: train whole epochs (at least 10 steps), then redraw."""
        start = time.perf_counter()
        self.model.train_epochs(self.model.epochs_per_frame)
        self._frame += 1
        if self.model.finished:  # diverged, stopped early or at the limit
            self.play.playing = False
        self.refresh()
        self.frame_times.append(time.perf_counter() - start)
        del self.frame_times[:-200]

    def _play_frame(self, n):
        """A frame of Play from :attr:`frames` (the kernel's loop): numbered ``n`` for the page's report."""
        self._safely(self.tick)  # its update() sends n (play_loop.sent) with the grids

    def _on_playing(self, change):
        """Play or Pause pressed: the kernel's frame loop starts or stops, and the status says so at once
        (the figures are current; the table catches up on Pause)."""
        if self.playing:
            self.frame_times.clear()
            self.play_loop.start()
        else:
            self.play_loop.stop()

        def answer():
            m, v = self.model, self.values
            if not self.playing:
                self.set_table(connection_table(m, v["edge"], min(v["example"], len(m.X_train) - 1)))
            self._report(m.losses(), self.playing)
            if not self.playing:
                self._publish_plot()  # the figures' numbers of the last frame, which may not have been sent
        self._safely(answer)

    @property
    def playing(self):
        return bool(self.play.playing)

    def close(self):
        """Stop Play's frame loop, then give everything back (:meth:`Dashboard.close`)."""
        self.play_loop.stop()
        super().close()

    def reset(self):
        """New starting weights: the next init seed (the same data and settings), epoch 0 (the Reset button).

        A seed typed into *init seed* has already drawn its weights; Reset moves on from it.
        """
        self.play.playing = False
        seed = self.model.new_weights((self.model.settings["init_seed"] + 1) % (SEED_RANGE[1] + 1))
        self._sync_control("init_seed", seed)
        self._rebuild()
        self.curves.reference = None
        self._extra = None
        self.refresh()

    def regenerate(self):
        """New data: the next data seed (the Regenerate button)."""
        self.set(data_seed=(self.values["data_seed"] + 1) % (SEED_RANGE[1] + 1))

    def add_layer(self):
        hidden = list(self.model.settings["hidden"])
        if len(hidden) >= MAX_HIDDEN_LAYERS:
            raise Refused(f"at most {MAX_HIDDEN_LAYERS} hidden layers.")
        self.set(hidden=_hidden_text(hidden + [hidden[-1] if hidden else 2]))
        self.set(layer=len(hidden) + 1)

    def remove_layer(self):
        hidden = list(self.model.settings["hidden"])
        if not hidden:
            raise Refused("there is no hidden layer to remove.")
        self.set(hidden=_hidden_text(hidden[:-1]))

    def change_neurons(self, delta):
        hidden = list(self.model.settings["hidden"])
        k = self.values["layer"]
        if not hidden or not 1 <= k <= len(hidden):
            raise Refused("add a hidden layer first (+ layer).")
        hidden[k - 1] = min(max(hidden[k - 1] + delta, 1), MAX_NEURONS)
        self.set(hidden=_hidden_text(hidden))

    def _target_of_class(self):
        kind = self.values["add_class"]
        if kind == "off":
            kind = "blue"
        if kind in ("green", "vermillion"):
            return 2.0 if kind == "green" else 3.0
        if kind == "blue":
            return 1.0
        return 0.0 if self.model.problem == "classification" else -1.0

    def _add_typed_point(self, text):
        try:
            x1, x2 = (float(t) for t in text.replace(";", ",").split(","))
        except ValueError:
            self._sync_control("point", "")
            raise Refused(f"type a point as two numbers 'x1, x2' (like '1.5, -2'), got {text!r}.") from None
        self._sync_control("point", "")
        self.model.add_point(round(x1, 2), round(x2, 2), self._target_of_class())
        self._send_points()
        self.reconfigure("example", max=len(self.model.X_train) - 1)
        self.refresh()

    def clear_points(self):
        """Remove the points added by hand (the Clear my points button)."""
        self.model.clear_points()
        self._rebuild()
        self.refresh()

    def _on_diagram_select(self, change):
        """A click (or Enter) on a connection or a unit in the page: the ``connection`` drop-down follows."""
        name = change["new"]
        if name and name != self.values["edge"]:
            self._safely(lambda: self.set(edge=name))


    def _on_map_click(self, change):
        """A click on the decision map (the page sends its plane point): adds a point unless 'click adds' is off."""
        click = change["new"]
        if len(click) != 3 or self.values["add_class"] == "off":
            return
        self._safely(lambda: self.set(point=f"{click[0]:.2f}, {click[1]:.2f}"))

    def _send_points(self):
        """The points to the page, when the data changed since they were last sent."""
        m = self.model
        if self._points_version != (id(m), m.data_version):
            self._points_version = (id(m), m.data_version)
            self.heat.set_points(*point_arrays(m))

    def _step_stage(self, delta):
        top = self.controls["stage"].max
        self.set(stage=min(max(self.values["stage"] + delta, 0), top))

    def _show_pass(self):
        d = self.net_view
        stage = self.values["stage"]
        # the diagram first: its message leaves now, while the table is computed
        d.highlight(self._stage_highlights()[stage])
        self._extra = pass_table(self.model, self.values["example"], stage)

    def _stage_highlights(self):
        """For each stage of the slow pass, the weights the diagram marks: ``W{l}`` while ``z{l+1}``
        is computed (forward) and while ``delta{l+1}`` is (backward); none for the input and the
        gradients. A softmax output (3 or 4 classes) is marked as any other layer."""
        L = len(self.model.net.weights)
        layers = [None] + list(range(L)) + list(range(L - 1, -1, -1)) + [None]
        names = self.net_view.names
        return [[n for n in names if n.startswith(f"W{layer}[")] if layer is not None else [] for layer in layers]

    def depth_preset(self):
        """Six hidden layers of 8: sigmoid trained here, ReLU as dotted reference lines (one click)."""
        self.play.playing = False
        with self.hold():
            self.set(hidden=_hidden_text([8] * 6), activation="sigmoid", lr=DEPTH_LR)
        self._apply(hidden=(8,) * 6, activation="sigmoid", lr=DEPTH_LR)
        runs = compare_depth(self.model, epochs=DEPTH_EPOCHS)
        self.model.train_epochs(DEPTH_EPOCHS)
        self.curves.reference = runs["relu"]
        self.depth_runs = runs
        self._extra = comparison_table(runs)
        self.refresh()

    # -- save / restore / export --------------------------------------------------------------------
    def config_string(self):
        """The configuration as a short text string (``'pg1-...'``)."""
        return self.model.config_string()

    def save(self, path=None):
        """Show the configuration string, then write the JSON file (the Save button).

        The string is shown first, so a folder that cannot be written (read
        only, full) still leaves the student a string to copy; the status says
        why the file was not written.
        """
        path = path or self.save_path
        self.config_box.value = self.config_string()
        try:
            self.model.save(path)
        except OSError as exc:
            self.set_status(sentence(f"Could not write {path} ({type(exc).__name__}:", f"{exc.strerror or exc}).",
                                     "Copy the configuration string above instead: it restores the same data, "
                                     "network and weights"), "error")
            return
        self.set_status(sentence(f"Saved to {path}.", "The string above restores the same data, network and weights"),
                        "ok")

    def _replaying(self, done, total):
        """Progress of a replay: the bar under the Save tab (shown in the browser while the kernel works)."""
        self.progress.max = max(total, 1)
        self.progress.value = min(done, self.progress.max)
        self.progress.layout.display = ""

    def _load(self, config, verify):
        self.progress.value = 0
        try:
            return PlaygroundModel.from_config(config, verify=verify, progress=self._replaying)
        finally:
            self.progress.layout.display = "none"

    def verify(self):
        """Replay the whole training of the current state and say whether it gives the same weights
        (the Verify by replay button; a progress bar shows the replay)."""
        self.play.playing = False
        model = self._load(self.model.config(weights=True), verify=True)
        same = model.verified
        self.refresh()
        epochs = f"{model.epoch:,} epoch(s)"
        if same:
            self.set_status(sentence(f"Verified: replaying {epochs} gives exactly the weights shown"), "ok")
        else:
            self.set_status(sentence(f"Replaying {epochs} gives other weights than the ones shown",
                                     "(the data or the network changed since?)"), "warn")
        return same

    def restore(self, config, verify=False):
        """Become the state of a configuration string or saved JSON file.

        Checked against the playground's limits first; stored weights are
        put back at once, ``verify=True`` replays the training (progress bar).
        """
        self.play.playing = False
        model = self._load(config, verify)
        self.model = model
        s = model.settings
        self.reconfigure("dataset", options=self._dataset_options(s["problem"]), value=s["dataset"])
        for name in ("problem", "noise", "ratio", "data_seed", "lr", "activation", "reg", "reg_rate", "batch_size",
                     "init_seed", "init"):
            self._sync_control(name, s[name])
        for f, cn in FEATURE_CONTROLS.items():
            self._sync_control(cn, f in s["features"])
        self._sync_control("hidden", _hidden_text(s["hidden"]))
        self._sync_control("restore", "")
        self.curves.reference = None
        self._extra = None
        self._rebuild()
        self.refresh()

    def export(self):
        """The trained network as an independent ``bp.MLP`` (its input: :meth:`feature_matrix`)."""
        return self.model.export()

    def export_arrays(self):
        """Weights, biases and feature names as plain numpy arrays."""
        return self.model.export_arrays()

    def feature_matrix(self, X):
        """The exported network's input for raw points ``X`` of shape (n, 2)."""
        return self.model.feature_matrix(X)

    # -- view ---------------------------------------------------------------------------------------
    @property
    def extra_text(self):
        """The pass / comparison table below the dashboard, as plain text."""
        return self._extra.to_text() if self._extra is not None else ""

    def update(self):
        m, v = self.model, self.values
        out, units = m.surfaces(CELLS, THUMB_EVERY)
        if not m.check_finite(out):  # a diverged network: draw its non-finite numbers as 'no opinion'
            middle = 0.5 if m.problem == "classification" else 0.0
            out = np.nan_to_num(out, nan=middle, posinf=1.0, neginf=-1.0)
            units = [np.nan_to_num(u, nan=0.0, posinf=1.0, neginf=-1.0) for u in units]
        heat = self.heat
        with heat.hold_sync():  # one message per frame: the two grids (and a toggle, when it changed)
            heat.frame = self.play_loop.sent  # the frame's number, for the page's report (FrameLoop)
            heat.discretize = bool(v["discretize"])
            heat.show_test = bool(v["show_test"])
            if m.classes > 2:
                heat.set_classes(out)
            else:
                heat.set_two_classes(output_map(out, m.problem))
            heat.set_units(unit_maps(units, m.settings["activation"], m.problem), layers=m.sizes,
                           labels=list(m.settings["features"]) + [""] * (sum(m.sizes) - m.sizes[0]))
            self._send_points()
        playing = self.playing
        if not playing or self._due(EDGE_EVERY):
            self._show_network()
        self.net_view.select(v["edge"])
        if self._curves_due():
            self.curves.update(m.history)
        h = m.history  # recorded after every epoch and every change of data: the current losses
        losses = {"train": h["train"][-1], "test": h["test"][-1]}
        self.epoch_label.value = f"<b>Epoch {m.epoch:,}</b>"
        if not playing or self._due(TABLE_EVERY, TABLE_EVERY // 2):
            self.set_table(connection_table(m, v["edge"], min(v["example"], len(m.X_train) - 1)))
            if self._extra is not None and self._extra.title.startswith("One pass"):
                self._show_pass()
            self._render_extra()
            self._show_confusion()
        self.extras.update()
        self._report(losses, playing)

    def _show_confusion(self):
        """The test set's confusion matrix under the dashboard (classification; none for a diverged network)."""
        counts = self.model.confusion() if self.model.diverged is None else None
        self.confusion_box.value = confusion_html(counts.tolist()) if counts is not None else ""
        self.confusion_box.layout.display = "" if counts is not None else "none"

    @property
    def confusion_text(self):
        """The confusion matrix shown, as plain text ('' when none is shown)."""
        counts = self.model.confusion() if self.model.diverged is None else None
        return confusion_text(counts.tolist()) if counts is not None else ""

    def _due(self, every, offset=0):
        """True on the frames of Play where a view redrawn every ``every`` frames is due."""
        return self._frame % every == offset

    def _curves_due(self):
        """True when the curves are updated and redrawn: always, but while playing every :data:`CURVES_EVERY`
        frames (on an odd one, between two of the diagram's)."""
        return not self.playing or self._due(CURVES_EVERY, 1)

    def status_due(self):
        """While playing, the status line (2.5 kB of HTML with the figures' numbers) goes every
        :data:`STATUS_EVERY` frames, on an odd frame (the diagram's are even); the epoch counter every frame."""
        return not self.playing or self._due(STATUS_EVERY, 1)

    def views_due(self):
        """The base's :meth:`refresh` redraws the curves' figure only when :meth:`update` changed it."""
        return self.views if self._curves_due() else []

    def _show_network(self):
        """The diagram's numbers: weights, biases and their gradients on the next batch (what the
        connection table shows), one message to the page; the cost is J when regularised."""
        m = self.model
        gW, gb = m.batch_gradients()
        self.net_view.cost_symbol = "C" if m.settings["reg"] == "none" else "J"
        self.net_view.set_mlp(m.net.weights, m.net.biases, gW, gb)

    def _render_extra(self):
        if self._extra is None:
            self.extra_html.value = ""
            return
        self.typeset(self._extra)
        self.extra_html.value = self._extra.to_html(embed_css=False)

    def _report(self, losses, playing):
        """The status line: losses and accuracy, or (diverged) the divergence sentence and no accuracy."""
        m = self.model
        if m.diverged is not None:  # no loss or accuracy of a network whose outputs stopped being finite
            parts, kind = [m.divergence_text(number=lambda x: fmt(x, 4))], "error"
        else:
            first = f"Epoch {m.epoch:,}: train loss {fmt(losses['train'], 4)}, test loss {fmt(losses['test'], 4)}"
            accuracy = m.accuracy("test") if m.problem == "classification" else float("nan")
            if not math.isnan(accuracy):
                first += f", test accuracy {100 * accuracy:.0f}%"
            parts, kind = [sentence(first)], "info"
            if m.at_limit:
                parts.append(sentence(f"Stopped at {playground_model.MAX_EPOCHS:,} epochs, the playground's "
                                      "limit; press Reset to start again"))
            elif playing:
                parts.append(sentence(f"Playing: {m.epochs_per_frame} epoch(s) of {m.batches_per_epoch} steps "
                                      f"per frame, learning rate {fmt(m.settings['lr'], 3)}"))
            elif m.epoch == 0:
                parts.append("Press Play (or Step for one epoch).")
        if m.added:
            parts.append(sentence(f"{len(m.added)} point(s) added by you"))
        self.set_status(sentence(*parts), kind)

    def plot_values(self):
        """Numbers read back from the artists and from the map's bytes, and where to click (CSS px from
        the top left of the figure's canvas; ``plot_corners_px``: of the decision map's canvas)."""
        m = self.model
        d = self.net_view
        if self._probe_px is None:
            probe = self._default_edge()
            self._probe_px = {"name": probe, "px": d.edge_pixel(probe)}
        probe = self._probe_px["name"]
        train_line = self.curves.loss.lines["train"].get_ydata()
        return {"epoch": m.epoch, "train_loss": float(train_line[-1]), "loss_points": len(train_line),
                "n_train": len(m.X_train), "n_added": len(m.added),
                "selected": d.selected or None,
                "probe_edge": probe, "probe_px": self._probe_px["px"], "probe_weight": d.weight_of(probe),
                "probe_grad": d.gradient_of(probe),
                "frame_ms": round(1000 * sorted(self.frame_times[-9:])[len(self.frame_times[-9:]) // 2], 1)
                if self.frame_times else None, "frames_sent": self.play_loop.sent, "frames_painted": self.heat.painted,
                "sizes": list(m.sizes), "classes": m.classes, "init_seed": m.settings["init_seed"],
                "w0": [round(float(w), 6) for w in m.net.weights[0].ravel()[:4]], "map_cells": self.heat.cells,
                "map_blue_share": self.heat.share_above(),
                "map_mean": float(self.heat.shown_map().mean()), "points_shown": self.heat.counts(),
                "plot_corners_px": [(0.0, float(MAP_PX)), (float(MAP_PX), 0.0)]}


# ---------------------------------------------------------------------------
# benchmark (benchmarks/bench_dashboards.py picks these up)
# ---------------------------------------------------------------------------
def benchmark_scenarios():
    """(name, factory, actions): control changes a student makes, and frames of Play."""

    def factory():
        d = Playground(hidden=(8, 8))
        d.play.playing = True
        return d

    actions = ([(f"lr={lr}", (lambda d, lr=lr: d.set(lr=lr))) for lr in (0.01, 0.03, 0.1, 0.3)]
               + [("frame", lambda d: d.tick())] * 20
               + [(f"edge={e}", (lambda d, e=e: d.set(edge=e))) for e in ("W0[0,0]", "W1[3,2]", "W2[0,5]")]
               + [("activation=relu", lambda d: d.set(activation="relu")),
                  ("features+x1^2", lambda d: d.set(f_x1sq=True))])
    yield "Playground", factory, actions
