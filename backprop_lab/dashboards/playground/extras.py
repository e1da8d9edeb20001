"""The playground's conveniences (issue 19): the controls of the "More" tab, wired to the model.

:class:`PlaygroundExtras` belongs to one :class:`~.dashboard.Playground` and adds

* data-set thumbnails: a tiny picture of each set (:func:`thumbnail_png`, computed once per kernel from
  the data and cached) above a button that picks it;
* your own points from a CSV file (``FileUpload``) or pasted text (a box and *Load points*): 2 to 4 classes
  (labels 0..K-1, or -1/+1) or regression targets, read by :func:`backprop_core.playground_extras.parse_csv`;
* a learning-rate schedule (constant, step decay), an activation per hidden layer and early stopping
  (registered as dashboard controls, so ``dash.set(schedule="step", patience=20)`` works);
* *Copy as code*: a short script with ``backprop_core.MLP`` that trains the same network on the same data;
* a share string of the settings (*Share*) and a box to paste one (*Apply*);
* the lecturer's preset (``Playground(preset="lecturer")`` or the checkbox): only the data, the features
  and the layers stay; the advanced controls are hidden.

Left out: the maths (:mod:`backprop_core.playground_extras`), the state (:mod:`.model`), and links that open
the playground from a URL (the share string is pasted, not clicked).
"""
from __future__ import annotations

import functools
import struct
import zlib

import ipywidgets as W
import numpy as np

from backprop_core import playground_extras as E
from backprop_core.messages import Refused, sentence
from backprop_core.playground_training import CLASSES, DATASETS, DOMAIN, make_dataset

from ...controls import dropdown, int_box
from ...theme import CONTROL_WIDTH, FILL_LAYOUT, WRAP_CLASS
from ...views.heatmap_view import CLASS_PALETTE, PALETTE
from .model import ACTIVATIONS, settings_from_share

__all__ = ["PlaygroundExtras", "thumbnail_png", "THUMB_PX", "DECAY_FACTORS", "PRESETS"]

#: Side of a thumbnail (pixels).
THUMB_PX = 48
#: The decay factors a student picks from (1: no decay).
DECAY_FACTORS = (0.9, 0.75, 0.5, 0.25, 0.1)
#: The presets ``Playground(preset=...)`` knows.
PRESETS = (None, "lecturer")
#: The web playground's background, and its two regression/class colours.
_BACKGROUND = (247, 247, 247)


def _rgb(hex_colour):
    return tuple(int(hex_colour[k:k + 2], 16) for k in (1, 3, 5))


def _png(pixels):
    """A PNG file's bytes for an ``(h, w, 3)`` uint8 array (no filter, zlib level 9)."""
    h, w, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[r].tobytes() for r in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


@functools.lru_cache(maxsize=None)
def thumbnail_png(name, size=THUMB_PX):
    """A ``size`` x ``size`` PNG of data set ``name`` (200 points, noise 0.1, seed 0): each point a 2 x 2
    dot in its class's colour (regression: orange below 0, blue above), on the playground's grey."""
    X, y = make_dataset(name, 200, 0.1, 0)
    img = np.empty((size, size, 3), np.uint8)
    img[:] = _BACKGROUND
    col = np.clip(((X[:, 0] + DOMAIN) / (2 * DOMAIN) * (size - 2)).astype(int), 0, size - 2)
    row = np.clip(((DOMAIN - X[:, 1]) / (2 * DOMAIN) * (size - 2)).astype(int), 0, size - 2)
    if DATASETS[name] == "regression":
        colours = [_rgb(PALETTE[2]) if v > 0 else _rgb(PALETTE[0]) for v in y]
    elif name in CLASSES:
        colours = [_rgb(CLASS_PALETTE[int(v)]) for v in y]
    else:
        colours = [_rgb(PALETTE[2]) if v > 0 else _rgb(PALETTE[0]) for v in y]
    for r, c, rgb in zip(row, col, colours):
        img[r:r + 2, c:c + 2] = rgb
    return _png(img)


def _box(children, flow="row wrap"):
    return W.Box(children, layout=W.Layout(display="flex", flex_flow=flow, align_items="center", max_width="100%"))


def _wide(height=None):
    """The layout of a control as wide as the column (given at construction: a layout replaced later would
    stay open in the kernel)."""
    return W.Layout(width=CONTROL_WIDTH, max_width="100%", **({"height": height} if height else {}))


class PlaygroundExtras:
    """The "More" tab of one playground: see the module. ``box`` is the tab; ``note`` (next to the epoch
    counter) says the current learning rate under a schedule and where early stopping stopped."""

    def __init__(self, dash):
        self.dash = dash
        s = dash.model.settings
        self.lecturer = W.Checkbox(value=False, description="lecturer view: fewer controls", indent=False,
                                   tooltip="hide the advanced controls: only the data, the features and the layers",
                                   style={"description_width": "initial"}, layout=W.Layout(width="auto"))
        self.lecturer.observe(lambda ch: dash._safely(self.set_lecturer, ch["new"]), names="value")
        self.thumbs = []
        for name in (d for d in DATASETS if d != "my data"):
            button = W.Button(description=name, tooltip=f"use the data set {name!r}",
                              layout=W.Layout(width=f"{THUMB_PX + 28}px", padding="0 2px"))
            button.add_class(WRAP_CLASS)  # "multi gaussian" on two lines, not cut
            button.on_click(lambda _b, name=name: dash._safely(self.pick_dataset, name))
            image = W.Image(value=thumbnail_png(name), format="png", width=THUMB_PX, height=THUMB_PX)
            self.thumbs.append(W.VBox([image, button], layout=W.Layout(align_items="center", margin="0 2px 2px 0")))
        dash._watch(
            schedule=dropdown("lr schedule", [("constant", "constant"), ("step decay", "step")], s["schedule"],
                              name="schedule"),
            decay_factor=dropdown("decay x", sorted({*DECAY_FACTORS, s["decay_factor"]}, reverse=True),
                                  s["decay_factor"], name="decay_factor"),
            decay_every=int_box("every (epochs)", s["decay_every"], 1, E.MAX_EVERY, name="decay_every"),
            patience=int_box("stop after", s["patience"], 0, E.MAX_PATIENCE, name="patience"),
            layer_acts=W.Text(value=", ".join(s["layer_acts"]), description="per layer",
                              placeholder="e.g. relu, tanh", continuous_update=False,  # the whole list: tooltip
                              tooltip=f"one activation a hidden layer, of {', '.join(ACTIVATIONS)}",
                              style={"description_width": "90px"},
                              layout=W.Layout(width=CONTROL_WIDTH, max_width="100%")),
        )
        self.upload = W.FileUpload(accept=".csv,.txt", multiple=False, description="Upload CSV",
                                   layout=W.Layout(width="auto"))
        self.upload.observe(lambda ch: dash._safely(self._on_upload, ch["new"]), names="value")
        self.paste = W.Textarea(value="", placeholder="x1, x2, label  (one point a line; labels 0..3, or -1/+1; "
                                                    "other numbers: regression)", layout=_wide("70px"))
        self.code_box = W.Textarea(value="", placeholder="press Copy as code", layout=_wide("120px"))
        self.share_text = W.Text(value="", description="share", placeholder="press Share",
                                 style={"description_width": "50px"}, layout=_wide())
        self.share_paste = W.Text(value="", description="paste", placeholder="pgs1-... then Apply",
                                  style={"description_width": "50px"}, layout=_wide())
        self.note = W.HTML(layout=W.Layout(margin="0 0 0 8px"))
        self.note.add_class("bplab-extras-note")
        b = {name: dash._button(name, fn, tip) for name, fn, tip in (
            ("Load points", lambda: self.load_csv(self.paste.value), "read the points typed or pasted above"),
            ("Copy as code", self.copy_as_code, "a numpy script with backprop_core.MLP that trains the same network"),
            ("Share", self.share, "the settings as a short string to paste into another playground"),
            ("Apply", lambda: self.apply_share(self.share_paste.value), "use the settings of a pasted share string"),
        )}
        c = dash.controls
        c["decay_every"].style.description_width = "initial"  # "every (epochs)" is wider than the 90 px labels
        self.training = [c["schedule"], c["decay_factor"], c["decay_every"], c["patience"], c["layer_acts"]]
        self.advanced = [W.HTML("<b>training</b> (early stopping: <i>stop after</i> N epochs without a better "
                                "test loss; 0 is off)"), *self.training,
                         W.HTML("<b>copy as code</b>"), b["Copy as code"], self.code_box]
        self.basic = [self.lecturer, W.HTML("<b>data sets</b>"), _box(self.thumbs),
                      W.HTML("<b>your own points</b> (CSV: x1, x2, label)"), _box([self.upload]), self.paste,
                      b["Load points"], W.HTML("<b>share the settings</b>"), b["Share"], self.share_text,
                      self.share_paste, b["Apply"]]
        self.box = W.VBox(self.basic + self.advanced, layout=W.Layout(**FILL_LAYOUT))
        self._full_tabs = self._lecturer_net = None

    # -- actions -----------------------------------------------------------------------------------
    def pick_dataset(self, name):
        """A thumbnail's button: the problem type it needs, then the data set."""
        dash = self.dash
        if dash.values["problem"] != DATASETS[name]:
            dash.set(problem=DATASETS[name])
        dash.set(dataset=name)

    def _on_upload(self, files):
        if not files:
            return
        content = files[0]["content"]
        self.load_csv(bytes(content), files[0].get("name", "the file"))

    def load_csv(self, text, source="the pasted text"):
        """Your own points from CSV text: a new session on them with the current settings (epoch 0)."""
        dash = self.dash
        if isinstance(text, str) and not text.strip():
            raise Refused("paste some points first: one 'x1, x2, label' a line.")
        cfg, note = dash.model.data_config(text)
        dash.restore(cfg)
        dash.set_status(sentence(f"Loaded {source}: {note}", "Press Play to train on your points"), "ok")

    def copy_as_code(self):
        """Fill the code box with :meth:`~.model.PlaygroundModel.code`."""
        self.code_box.value = self.dash.model.code()

    def share(self):
        """Show the current settings as a share string."""
        self.share_text.value = self.dash.model.share_string()

    def apply_share(self, text):
        """Use a pasted share string's settings (epoch 0, new weights from its init seed)."""
        cfg = settings_from_share(text)
        self.dash.restore(cfg)
        self.share_paste.value = ""
        self.dash.set_status(sentence("Applied the shared settings.", "Press Play to train"), "ok")

    # -- the lecturer's preset -------------------------------------------------------------------------
    def apply_preset(self, preset):
        if preset not in PRESETS:
            raise ValueError(f"preset must be one of {PRESETS}, got {str(preset)[:40]!r}.")
        self.lecturer.value = preset == "lecturer"

    def set_lecturer(self, on):
        """Lecturer view: tabs Data, Net (features and layers only) and More (no advanced part); the learning
        rate and activation stay. Off: every tab back."""
        dash = self.dash
        tabs = dash.tabs
        if self._full_tabs is None:
            self._full_tabs = (tabs.children, tabs.titles)
        children, titles = self._full_tabs
        if on:
            c, b = dash.controls, dash.buttons
            if self._lecturer_net is None:  # made once: the features, the layers and their buttons
                self._lecturer_net = W.VBox([W.HTML("<b>input features</b>"), children[1].children[1], c["hidden"],
                                             _box([b["+ layer"], b["- layer"]]), c["layer"],
                                             _box([b["+ neuron"], b["- neuron"]])],
                                            layout=W.Layout(**FILL_LAYOUT))
            self.box.children = self.basic
            tabs.children, titles = [children[0], self._lecturer_net, self.box], ["Data", "Net", "More"]
        else:
            self.box.children = self.basic + self.advanced
            tabs.children = children
        tabs.titles = tuple(titles)
        tabs.selected_index = 0

    @property
    def lecturer_view(self):
        return bool(self.lecturer.value)

    # -- after every refresh ---------------------------------------------------------------------------
    def update(self):
        """Keep the extra controls on the model's settings (a restore, the activation drop-down) and say the
        schedule's current rate and where early stopping stopped."""
        dash, m = self.dash, self.dash.model
        s = m.settings
        for name in ("schedule", "decay_every", "patience"):
            if dash.values.get(name) != s[name]:
                dash._sync_control(name, s[name])
        if dash.values.get("decay_factor") != s["decay_factor"]:
            control = dash.controls["decay_factor"]
            if s["decay_factor"] not in control.options:
                dash._set_options("decay_factor", sorted({*control.options, s["decay_factor"]}, reverse=True),
                                  s["decay_factor"])
            dash._sync_control("decay_factor", s["decay_factor"])
        acts = ", ".join(s["layer_acts"])
        if dash.values.get("layer_acts") != acts:
            dash._sync_control("layer_acts", acts)
        self.note.value = self.note_text()

    def note_text(self):
        """The note beside the epoch counter: early stopping's sentence, or the scheduled rate ('' if neither)."""
        m = self.dash.model
        if m.stopped is not None:
            return m.stopped.sentence()
        if m.settings["schedule"] == "step":
            return f"learning rate now {m.lr_now:.3g} (step decay)"
        return ""
