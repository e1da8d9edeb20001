"""Matplotlib pieces the dashboards reuse: figures, cost surfaces, cost curves,
(network diagrams are in :mod:`backprop_lab.diagram`). Every piece creates its artists once and then updates them
in place (``set_data``, ``set_text``), so a slider change never builds a new
figure.

Left out: anything interactive (that is :mod:`backprop_lab.widgets`) and all
maths (that is :mod:`backprop_core`).
"""
from __future__ import annotations

import contourpy
import numpy as np
import matplotlib
from matplotlib import colors
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import _private
from .tables import fmt
from . import theme
from .theme import PALETTE, STATUS_COLORS

__all__ = ["COLORS", "describe_figure", "new_figure", "is_widget_backend", "BlitManager", "CostSurface", "CostCurve",
           "FunctionCurve", "Lines", "nice_upper", "off_plot_note", "off_plot_text", "side_by_side"]

#: What each plotted thing is drawn in: colours of the course's colour-blind-safe palette
#: (:data:`backprop_lab.theme.PALETTE`); a path is also drawn with markers, a target as a star.
COLORS = {
    "path": PALETTE["vermillion"],
    "point": "#ffffff",
    "start": PALETTE["orange"],
    "curve": PALETTE["blue"],
    "target": PALETTE["bluish green"],
    "text": "#222222",
    "muted": "#6e6e6e",
}

# every figure's defaults come from the type scale (no text under 12 px at the default size)
matplotlib.rcParams.update(theme.rc_params())


#: How many curves or labels of one panel :func:`describe_figure` names before it says "and N more".
DESCRIBE_MAX = 8


def _short(text):
    """Matplotlib text as words: ``$\\theta$`` -> ``theta``, new lines -> spaces."""
    for a, b in (("$", ""), ("\\", ""), ("\n", " "), ("{", ""), ("}", "")):
        text = text.replace(a, b)
    return " ".join(text.split())


def _panel_title(ax):
    """An axes' title: ``set_title``, else a text placed above the axes (``ax.text(0.5, 1.02, ...)``)."""
    if ax.get_title().strip():
        return _short(ax.get_title())
    for t in ax.texts:
        if t.get_visible() and t.get_text().strip() and t.get_transform() == ax.transAxes and t.get_position()[1] >= 1:
            return _short(t.get_text())
    return ""


def _curve_words(line, k):
    """One plotted line as words: its label (or 'curve k'), its number of points and its last point."""
    xs, ys = (np.asarray(v, float).ravel() for v in line.get_data())
    ok = np.isfinite(xs) & np.isfinite(ys)
    if not ok.any():
        return None
    label = line.get_label()
    name = _short(label) if label and not label.startswith("_") else f"curve {k}"
    x, y = xs[ok][-1], ys[ok][-1]
    if ok.sum() == 1:
        return f"{name} at ({fmt(x, 3)}, {fmt(y, 3)})"
    return f"{name}, {int(ok.sum())} points ending at ({fmt(x, 3)}, {fmt(y, 3)})"


def describe_figure(figure):
    """A figure in one or a few sentences: the text equivalent of what it shows, with the current numbers.

    Per visible panel: its title, what its axes measure, and its curves (label,
    number of points, last point) or, for a drawing without axes (a network
    diagram), the labels written on it. Built from the artists themselves, so
    it always says what is drawn now; a screen reader reads it and a
    regression check can compare it. Panels with nothing drawn are left out.

    >>> fig = new_figure((4, 3)); ax = fig.add_subplot()
    >>> _ = ax.plot([0, 1, 2], [1.0, 0.5, 0.25], label="cost"); _ = ax.set_title("cost vs iteration")
    >>> describe_figure(fig)
    'cost vs iteration: cost, 3 points ending at (2, 0.25).'
    """
    sentences = []
    for ax in figure.axes:
        if not ax.get_visible():
            continue
        title = _panel_title(ax)
        parts = []
        if ax.axison:
            axes = ", ".join(f"{n} = {_short(lab)}" for n, lab in (("x", ax.get_xlabel()), ("y", ax.get_ylabel()))
                             if lab.strip())
            curves = [w for k, line in enumerate(ax.get_lines(), 1) if line.get_visible()
                      for w in [_curve_words(line, k)] if w]
            if axes and curves:
                parts.append(axes)
            parts += curves[:DESCRIBE_MAX] + ([f"and {len(curves) - DESCRIBE_MAX} more"]
                                              if len(curves) > DESCRIBE_MAX else [])
        else:
            labels = [_short(t.get_text()) for t in ax.texts if t.get_visible() and t.get_text().strip()]
            labels = [t for t in labels if t != title]
            parts += labels[:DESCRIBE_MAX] + ([f"and {len(labels) - DESCRIBE_MAX} more"]
                                              if len(labels) > DESCRIBE_MAX else [])
        if parts:
            sentences.append((f"{title}: " if title else "") + "; ".join(parts) + ".")
    return " ".join(sentences)


def is_widget_backend():
    """True when ``%matplotlib widget`` (ipympl) is active."""
    return "ipympl" in matplotlib.get_backend() or matplotlib.get_backend() == "widget"


def new_figure(figsize=(8, 3.4), dpi=theme.DPI, scale=None):
    """A figure that does not display itself.

    ``figsize``: a name from :data:`backprop_lab.theme.FIGURE_SIZES` (what the
    lessons use: :func:`backprop_lab.theme.figure_size`, already at the current
    scale), or inches at the default scale, multiplied by ``scale``
    (default: :func:`backprop_lab.theme.scale`, 1.5 with the projector on).

    Under ipympl its ``canvas`` is a widget that can sit in a box; otherwise a
    plain Agg figure (for tests, scripts and static exports).
    """
    if isinstance(figsize, str):
        figsize, scale = theme.figure_size(figsize), 1
    k = theme.scale() if scale is None else float(scale)
    figsize = (float(figsize[0]) * k, float(figsize[1]) * k)
    if is_widget_backend():
        import matplotlib.pyplot as plt

        # pyplot keeps every ipympl figure until it is closed, and warns once more than 20 are open;
        # a dashboard's figure must live as long as its view (re-running cells makes new ones), so
        # no warning for ours: a student who runs a notebook three times must not see warnings.
        with plt.ioff(), plt.rc_context({"figure.max_open_warning": 0}):
            fig = plt.figure(figsize=figsize, dpi=dpi)
        canvas = fig.canvas
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.toolbar_visible = False
        canvas.resizable = False
        canvas.capture_scroll = False
        return fig
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def side_by_side(figure, widths=(1, 1), left=0.62, right=0.12, bottom=0.48, top=0.3, gap=0.8):
    """Axes side by side, with margins in inches (so tick labels fit whatever the figure's size).

    ``widths``: the panels' relative widths; ``left``, ``right``, ``bottom``, ``top``: the
    figure's margins; ``gap``: the space between panels (room for the next panel's y labels).
    The margins are for the default scale: with the projector on (text 1.5 times larger) they
    grow with the text. Returns the list of axes, left to right.
    """
    k = theme.scale()
    left, right, bottom, top, gap = left * k, right * k, bottom * k, top * k, gap * k
    w_in, h_in = figure.get_size_inches()
    usable = w_in - left - right - gap * (len(widths) - 1)
    if usable <= 0 or h_in - bottom - top <= 0:
        raise ValueError(f"a {w_in:g} x {h_in:g} inch figure is too small for {len(widths)} panels with these margins.")
    axes, x = [], left
    for w in widths:
        pw = usable * w / sum(widths)
        axes.append(figure.add_axes([x / w_in, bottom / h_in, pw / w_in, (h_in - bottom - top) / h_in]))
        x += pw + gap
    return axes


def nice_upper(x):
    """The smallest of 1, 2, 5 x 10^k that is >= x (axis limits that rarely change)."""
    x = max(float(x), 1e-300)
    k = np.floor(np.log10(x))
    for m in (1, 2, 5, 10):
        if m * 10 ** k >= x:
            return float(m * 10 ** k)
    return float(10 ** (k + 1))


class BlitManager:
    """Redraw only what moves, in two layers.

    Artists registered with :meth:`add` are *animated*: a full draw leaves
    them out and caches the rest (axes, ticks, labels) as the background.
    ``layer='slow'`` artists (a cost-surface image, its contour lines) are
    drawn over that and cached again; ``layer='fast'`` artists (points, paths,
    curves) are drawn last. An update restores the cache and draws only the
    fast layer, unless :meth:`touch` said the slow layer changed. Call
    :meth:`invalidate` when the background itself changed (axis limits,
    labels): the next update is a full draw. Under ipympl a blit sends only
    the changed pixels to the browser.

    ``heal_delay`` (seconds, default None = off): once the canvas has been
    quiet that long after an update, send the current frame again, whole.
    ipympl 0.10's browser side loads every image into one ``Image``: a frame
    that arrives while the previous one is still loading replaces it, and a
    lost *diff* frame leaves stale pixels (old path segments) until the next
    full frame. The heal runs on the kernel's event loop, off the path of a
    slider change; without a running loop (scripts, tests) nothing happens.
    """

    def __init__(self, figure):
        self.figure = figure
        self.layers = {"slow": [], "fast": []}
        self._background = None
        self._slow_cache = None
        self._dirty = True
        self._slow_dirty = True
        self.full_draws = 0
        self.heal_delay = None
        self._heal_handle = None
        figure.canvas.mpl_connect("draw_event", self._on_draw)

    @property
    def artists(self):
        return self.layers["slow"] + self.layers["fast"]

    def add(self, *artists, layer="fast"):
        for a in artists:
            a.set_animated(True)
            self.layers[layer].append(a)
        if layer == "slow":
            self._slow_dirty = True
        return artists[0] if len(artists) == 1 else artists

    def replace(self, old, new, layer=None):
        """Swap an animated artist for a new one (e.g. fresh contour lines)."""
        for name, group in self.layers.items():
            if old is not None and old in group:
                group.remove(old)
                layer = layer or name
        if new is not None:
            self.add(new, layer=layer or "fast")

    def invalidate(self):
        """The background changed: the next update draws everything."""
        self._dirty = True

    def touch(self):
        """The slow layer changed: the next update redraws it (not the axes)."""
        self._slow_dirty = True

    def _on_draw(self, event):
        canvas = self.figure.canvas
        self.full_draws += 1
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._draw_layer("slow")
        self._slow_cache = canvas.copy_from_bbox(self.figure.bbox)
        self._slow_dirty = False
        self._draw_layer("fast")

    def _draw_layer(self, layer):
        for a in self.layers[layer]:
            if a.figure is not None:
                self.figure.draw_artist(a)

    def _schedule_heal(self):
        if not self.heal_delay or not _private.sends_frames(self.figure.canvas):
            return
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop: not in a kernel
            return
        self.cancel_heal()
        self._heal_handle = loop.call_later(self.heal_delay, self._heal)

    def cancel_heal(self):
        """Forget a pending heal (the figure is being closed)."""
        if self._heal_handle is not None:
            self._heal_handle.cancel()
            self._heal_handle = None

    def _heal(self):
        """Send the current frame again as a full image (see ``heal_delay``)."""
        self._heal_handle = None
        _private.resend_full_frame(self.figure.canvas)

    def update(self):
        """Bring the canvas up to date: a full draw if needed, else a blit."""
        canvas = self.figure.canvas
        if _private.canvas_waiting_for_view(canvas):
            # An ipympl canvas whose browser view has not yet said "initialized"
            # (or no browser at all: nbconvert, nbval). Drawing now sends images
            # the view cannot use yet, and ipympl 0.10 then shows an empty 0x0
            # canvas ("drawImage ... 'broken' state" in the browser console).
            # Wait: once ready, the view asks for a full draw by itself.
            self._dirty = True
            return
        if self._dirty or self._background is None:
            self._dirty = False
            # ipympl (webagg) sends a full frame, not a diff against the frame it
            # believes the browser holds: a lost frame (e.g. comms handled on a
            # kernel subshell while a cell draws) then heals on the next full draw.
            _private.force_full_frame(canvas)
            canvas.draw()  # fires draw_event -> caches + animated artists
            self._schedule_heal()
            return
        if self._slow_dirty:
            canvas.restore_region(self._background)
            self._draw_layer("slow")
            self._slow_cache = canvas.copy_from_bbox(self.figure.bbox)
            self._slow_dirty = False
        else:
            canvas.restore_region(self._slow_cache)
        self._draw_layer("fast")
        canvas.blit(self.figure.bbox)
        self._schedule_heal()


class Lines:
    """Named lines on one axes whose limits change rarely.

    The lines are animated (blitted); a change of limits invalidates the
    background, so only then the whole figure is drawn again.
    """

    def __init__(self, ax, styles, blit, title="", xlabel="iteration", ylabel="J", xscale="linear",
                 yscale="linear", legend=None, legend_size="small"):
        self.ax = ax
        self.blit = blit
        self.lines = {}
        for name, style in styles.items():
            (line,) = ax.plot([], [], **style)
            self.lines[name] = line
            blit.add(line)
        ax.set_xscale(xscale)
        ax.set_yscale(yscale)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.grid(True, which="major", alpha=0.3)
        ax.set_title(title)
        if legend:
            # plain proxies: a legend copied from animated lines would not be drawn
            handles = [Line2D([], [], **{k: v for k, v in style.items() if k != "label"})
                       for style in styles.values()]
            size = theme.font_pt(legend_size) if isinstance(legend_size, str) else max(legend_size,
                                                                                        theme.font_pt("small"))
            ax.legend(handles, [s.get("label", n) for n, s in styles.items()], loc=legend, fontsize=size,
                      framealpha=0.85)

    def set(self, name, xs, ys):
        self.lines[name].set_data(np.asarray(xs, float), np.asarray(ys, float))

    def limits(self, xlim, ylim):
        xlim = (float(xlim[0]), float(xlim[1]))
        ylim = (float(ylim[0]), float(ylim[1]))
        if tuple(self.ax.get_xlim()) != xlim or tuple(self.ax.get_ylim()) != ylim:
            self.ax.set_xlim(*xlim)
            self.ax.set_ylim(*ylim)
            self.blit.invalidate()


def off_plot_note(ax, blit=None):
    """An empty warning text at the top of an axes, for :func:`off_plot_text` (blitted if ``blit``)."""
    note = ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top", fontsize=theme.font_pt("small"),
                   color=STATUS_COLORS["error"], bbox=dict(fc="white", ec="none", alpha=0.85, pad=1.5), zorder=6)
    if blit is not None:
        blit.add(note)
    return note


def off_plot_text(ax, xs, ys, x_name="theta", y_name="J"):
    """A warning for the plot when part of a 1-D path lies outside the axes, else ''."""
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    (x0, x1), y1 = ax.get_xlim(), ax.get_ylim()[1]
    out = (xs < x0) | (xs > x1) | (ys > y1)
    if not np.any(out):
        return ""
    k = int(np.argmax(out))
    return f"off the plot from step {k}\n({x_name} = {fmt(xs[k], 3)}, {y_name} = {fmt(ys[k], 3)})"


class CostSurface:
    """A cost surface over two parameters as an image with contour lines,
    a descent path and the current point.

    ``set_surface`` replaces the image data (and the contour lines);
    ``set_path`` and ``set_point`` move the path and the point.

    ``words=True`` (a :class:`~backprop_lab.blit.Blitter` as ``blit``): the title and the axis names
    are texts of the Blitter's ``'words'`` layer (in a box of the figure's colour), so a surface over
    another pair of parameters is a blit that draws three texts again, not a full draw of the figure
    (its ticks and tick labels are the costliest part, and they stay the same).
    """

    def __init__(self, ax, title="", levels=10, cmap="viridis", blit=None, words=False):
        self.ax = ax
        self.levels = levels
        self.blit = blit
        self.image = ax.imshow(np.zeros((2, 2)), origin="lower", cmap=cmap, aspect="auto",
                               interpolation="bilinear", norm=colors.PowerNorm(0.5, vmin=0, vmax=1))
        # the contour lines: one collection whose segments are replaced (contourpy, which matplotlib's own
        # ``contour`` uses, without building a new ContourSet per change)
        self.contours = LineCollection([], colors="white", linewidths=0.5, alpha=0.6, zorder=2)
        ax.add_collection(self.contours, autolim=False)
        (self.path_line,) = ax.plot([], [], "-", color=COLORS["path"], lw=1.6, marker=".", ms=3, zorder=3)
        # the start and the current point stay visible on the edge of the surface (clip_on=False)
        (self.start,) = ax.plot([], [], "o", color=COLORS["start"], ms=5, zorder=4, clip_on=False)
        (self.point,) = ax.plot([], [], "o", mfc=COLORS["point"], mec="black", ms=7, zorder=5, clip_on=False)
        self.words = bool(words)
        box = dict(fc=ax.figure.get_facecolor(), ec="none", alpha=1.0, pad=1.0) if self.words else None
        self.title = ax.text(0.5, 1.02, title, transform=ax.transAxes, ha="center", va="bottom",
                             fontsize=theme.font_pt("title"), bbox=box)
        ax.xaxis.set_label_coords(0.5, -0.1)
        ax.yaxis.set_label_coords(-0.12, 0.5)
        if self.words:  # the axis names as texts where matplotlib puts them (the axes' own names are hidden)
            ax.xaxis.label.set_visible(False)
            ax.yaxis.label.set_visible(False)
            size = ax.xaxis.label.get_fontsize()
            self.xlabel = ax.text(0.5, -0.1, "", transform=ax.transAxes, ha="center", va="top", fontsize=size,
                                  bbox=box)
            self.ylabel = ax.text(-0.12, 0.5, "", transform=ax.transAxes, ha="center", va="bottom", fontsize=size,
                                  rotation=90, rotation_mode="anchor", bbox=box)
        else:
            self.xlabel, self.ylabel = ax.xaxis.label, ax.yaxis.label
        if blit is not None:
            blit.add(self.image, self.contours, layer="slow")
            blit.add(self.title, layer="words" if self.words else "slow")
            if self.words:
                blit.add(self.xlabel, self.ylabel, layer="words")
            blit.add(self.path_line, self.start, self.point)

    def set_surface(self, grid, extent, xlabel, ylabel):
        """Show ``grid[i, j]`` = cost at (x_j, y_i) over ``extent = (x0, x1, y0, y1)``."""
        grid = np.nan_to_num(np.asarray(grid, float), nan=0.0, posinf=0.0)
        top = float(grid.max()) or 1.0
        self.image.set_data(grid)
        self.image.set_extent(extent)
        self.image.set_clim(0.0, top)
        ny, nx = grid.shape
        xs = np.linspace(extent[0], extent[1], nx)
        ys = np.linspace(extent[2], extent[3], ny)
        levels = top * np.linspace(0, 1, self.levels + 2)[1:-1] ** 2
        lines = contourpy.contour_generator(xs, ys, grid, line_type=contourpy.LineType.Separate).multi_lines(levels)
        self.contours.set_segments([segment for level in lines for segment in level])
        if self.blit is not None:
            self.blit.touch()
        if self.words:  # the words layer sees new names by itself: no full draw for them
            self.xlabel.set_text(xlabel)
            self.ylabel.set_text(ylabel)
            self.ax.set_xlabel(xlabel)  # hidden, and read by the figure's description (describe_figure)
            self.ax.set_ylabel(ylabel)
        if (self.ax.get_xlim(), self.ax.get_ylim()) != ((extent[0], extent[1]), (extent[2], extent[3])) \
                or (self.ax.get_xlabel(), self.ax.get_ylabel()) != (xlabel, ylabel):
            self.ax.set_xlim(extent[0], extent[1])
            self.ax.set_ylim(extent[2], extent[3])
            self.ax.set_xlabel(xlabel)
            self.ax.set_ylabel(ylabel)
            if self.blit is not None:
                self.blit.invalidate()

    def set_path(self, xs, ys):
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        self.path_line.set_data(xs, ys)
        self.start.set_data(xs[:1], ys[:1])

    def set_point(self, x, y):
        self.point.set_data([x], [y])


class CostCurve:
    """Cost against iteration on a log scale.

    Axis limits snap to round numbers (x: 1, 2, 5 x 10^k iterations; y: every
    third decade), so they change rarely and most updates only redraw the line.
    """

    def __init__(self, ax, title="cost vs iteration", ylabel="C", floor=1e-12, blit=None):
        self.ax = ax
        self.floor = floor
        self.blit = blit
        (self.line,) = ax.plot([], [], "-", color=COLORS["curve"], lw=1.5)
        (self.last,) = ax.plot([], [], "o", color=COLORS["curve"], ms=4)
        ax.set_yscale("log")
        ax.set_xlabel("iteration")
        ax.set_ylabel(ylabel)
        ax.xaxis.set_label_coords(0.5, -0.1)
        ax.yaxis.set_label_coords(-0.13, 0.5)
        ax.text(0.5, 1.02, title, transform=ax.transAxes, ha="center", va="bottom",
                             fontsize=theme.font_pt("title"))
        ax.grid(True, which="major", alpha=0.3)
        if blit is not None:
            blit.add(self.line, self.last)

    def set_costs(self, costs):
        c = np.maximum(np.asarray(costs, float), self.floor)
        it = np.arange(len(c))
        self.line.set_data(it, c)
        self.last.set_data(it[-1:], c[-1:])
        xlim = (0.0, nice_upper(max(len(c) - 1, 10)))
        # y snaps to every third decade below and to 1, 10, 100... above
        lo = max(self.floor, 10.0 ** (3 * np.floor(np.log10(float(c.min())) / 3)))
        hi = max(1.0, 10.0 ** np.ceil(np.log10(float(c.max()) * 1.0001)))
        ylim = (lo, max(hi, lo * 1000))
        if self.ax.get_xlim() != xlim or tuple(self.ax.get_ylim()) != ylim:
            self.ax.set_xlim(*xlim)
            self.ax.set_ylim(*ylim)
            if self.blit is not None:
                self.blit.invalidate()


class FunctionCurve:
    """A 1-D function with a path of points on it (gradient descent in 1-D)."""

    def __init__(self, ax, title=""):
        self.ax = ax
        (self.curve,) = ax.plot([], [], "-", color=COLORS["curve"], lw=1.5)
        (self.path_line,) = ax.plot([], [], "-", color=COLORS["path"], lw=1, alpha=0.7, marker="o", ms=3)
        (self.point,) = ax.plot([], [], "o", mfc=COLORS["point"], mec="black", ms=7, zorder=5)
        ax.set_title(title)

    def set_function(self, xs, ys, xlabel, ylabel):
        self.curve.set_data(xs, ys)
        self.ax.set_xlim(float(np.min(xs)), float(np.max(xs)))
        span = float(np.max(ys) - np.min(ys)) or 1.0
        self.ax.set_ylim(float(np.min(ys)) - 0.05 * span, float(np.max(ys)) + 0.05 * span)
        self.ax.set_xlabel(xlabel)
        self.ax.set_ylabel(ylabel)

    def set_path(self, xs, ys):
        self.path_line.set_data(xs, ys)
        self.point.set_data(np.asarray(xs)[-1:], np.asarray(ys)[-1:])
