"""The :class:`Dashboard` base class, its :class:`FigureView` and the layout helper.

A dashboard owns its model values, its controls and its figure. Controls are
plain ipywidgets kept in ``self.controls`` (sliders, dropdowns) and
``self.buttons``; changing one calls :meth:`Dashboard.refresh`, which
recomputes, updates tables and artists in place and asks the canvas to
redraw. Everything can be driven from Python, so tests need no browser::

    dash.set(w0=1.5)          # exactly what dragging the slider does
    dash.press("Step")        # exactly what clicking does
    dash.click(view, x, y)    # exactly what a click on the figure does
    dash.table_text           # the table as plain text
    dash.status_text          # the status line, in words

Errors inside a callback never reach the student as a traceback: they are
shown in the status line and the dashboard keeps working.

The layout helper :meth:`Dashboard.arrange` puts every dashboard in the same
shape: a row of (controls and buttons, figures) that wraps, so the figures
move under the controls when the notebook is narrow, then the status line,
then the table. No box has a fixed total width.

Closing gives everything back: :meth:`Dashboard.close` closes every widget the
dashboard holds (with the layout and style models and the ipympl toolbar that
closing a widget leaves open) and its matplotlib figures, and
:data:`CELLS` closes the dashboards a notebook cell made when that cell runs
again (JupyterLab says which cell runs; nbclient, nbval and Voila do not, and
there nothing is closed for you).

Left out: the maths (:mod:`backprop_core`), the figure pieces
(:mod:`backprop_lab.plotting`), the control builders
(:mod:`backprop_lab.controls`) and the slider echo guard
(:mod:`backprop_lab.echo`).
"""
from __future__ import annotations

import contextlib
import gc
import html
import io
import json
import weakref

import numpy as np

import ipywidgets as W

from .blit import Blitter
from .coalesce import FrameCoalescer
from .controls import check_value
from .echo import LATE, MOVE, EchoGuard
from .plotting import describe_figure, is_widget_backend, new_figure
from backprop_core.messages import Refused, WrongType, sentence
from .tables import Table, fmt, math_css
from . import theme
from .theme import CONTROL_WIDTH, DPI, FIGURE_SIZES, GAP, STATUS_STYLE

__all__ = ["Dashboard", "FigureView", "HEAL_DELAY", "plot_sentence", "VISUALLY_HIDDEN", "close_widget", "CellRegistry",
           "CELLS", "current_cell", "forget_output", "error_sentence"]

#: Seconds of quiet after which a live figure resends its whole frame (see :class:`~backprop_lab.plotting.BlitManager`).
HEAL_DELAY = 0.3


#: Inline CSS that hides a text from the eye but not from a screen reader (the figures' text equivalent).
VISUALLY_HIDDEN = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
                   "clip:rect(0,0,0,0);white-space:nowrap;border:0")


def _value_words(v):
    """A plotted value as words: numbers to 4 significant digits, short lists in brackets, else None."""
    if isinstance(v, str):
        return " ".join(v.split()) or None
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if np.ndim(v) == 0 and isinstance(v, (int, float, np.number)):
        return fmt(float(v), 4) if np.isfinite(v) else "not a number"
    if isinstance(v, (list, tuple, np.ndarray)) and 0 < len(v) <= 8 and all(_value_words(x) for x in v):
        return "[" + ", ".join(_value_words(x) for x in v) + "]"
    return None


def plot_sentence(values):
    """A dashboard's :meth:`~Dashboard.plot_values` as one sentence, for a screen reader.

    Pixel positions (keys with ``px``, ``css`` or ``xy``: where a test clicks) and values
    too long to read out are left out::

        >>> plot_sentence({"h": 0.001, "error": 2.5e-05, "corners_px": [[1, 2], [3, 4]]})
        'Plotted: h = 0.001, error = 2.5e-5.'
    """
    words = []
    for key, v in values.items():
        if any(k in str(key) for k in ("px", "css", "xy")):
            continue
        w = _value_words(v)
        if w is not None:
            words.append(f"{str(key).replace('_', ' ')} = {w}")
    return f"Plotted: {', '.join(words)}." if words else ""


def error_sentence(exc):
    """The status line's sentence for an error in a callback (built by :func:`~backprop_lab.messages.sentence`).

    A refused input (:class:`~backprop_lab.messages.Refused` or
    :class:`~backprop_lab.messages.WrongType`: its message is already a
    sentence naming the value and the limit) is shown as it is; anything
    else says what went wrong, with the error's type, and that the dashboard
    still works.
    """
    if isinstance(exc, (Refused, WrongType)) and str(exc):
        return sentence(exc)
    return sentence(f"Something went wrong: {type(exc).__name__}:", exc,
                    "The dashboard still works; try another value or press Reset")


def _widgets_in(value):
    """The widgets a trait value holds: the value itself, or those in a list, tuple or dict."""
    if isinstance(value, W.Widget):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, W.Widget)]
    return []


def close_widget(widget):
    """Close a widget and every widget it holds (their comms too).

    Closing a widget closes only its own comm: the ``Layout`` and ``style``
    models it made stay open in the kernel, and so do its ``children``, an
    ipympl canvas's ``toolbar`` and anything else a synced trait refers to.
    This walks every synced trait (``widget.keys``) and closes what it finds,
    so one call gives a whole box of controls back. Closing twice is harmless.
    """
    todo, seen = [widget], set()
    while todo:
        w = todo.pop()
        if id(w) in seen:
            continue
        seen.add(id(w))
        for name in w.keys:
            todo.extend(_widgets_in(getattr(w, name, None)))
        w.close()


class FigureView:
    """A figure plus the widget that shows it.

    Under ipympl the widget is the live canvas (redraws send only the new
    pixels). Without ipympl (tests, static exports) it is an ``Image`` widget
    refreshed with a PNG on each redraw.

    ``figsize``: inches at the default scale, or a name from :data:`~backprop_lab.theme.FIGURE_SIZES`;
    after :func:`~backprop_lab.theme.set_projector` both are 1.5 times larger.
    ``heal_delay``: seconds after the last update at which a live canvas
    sends its whole frame again (``None``: never).
    """

    def __init__(self, figsize="two panels", dpi=DPI, heal_delay=HEAL_DELAY):
        if isinstance(figsize, str):
            if figsize not in FIGURE_SIZES:
                raise ValueError(f"figsize must be a size in inches or one of {sorted(FIGURE_SIZES)}, "
                                 f"got {figsize!r}.")
            figsize = theme.figure_size(figsize)  # already at the current scale
        else:
            figsize = tuple(float(v) * theme.scale() for v in figsize)
        self.figure = new_figure(figsize, dpi, scale=1)
        self.live = is_widget_backend()
        width, height = (round(v * dpi) for v in figsize)
        self.size_px = (width, height)
        if self.live:
            self.widget = self.figure.canvas
        else:
            self.widget = W.Image(format="png", layout=W.Layout(width=f"{width}px", max_width="100%",
                                                               height="auto"))
        self.widget.layout.flex = "0 0 auto"
        #: draws the moving artists over a cached background; a full draw whenever it may be stale (:mod:`.blit`)
        self.blit = Blitter(self.figure)
        self.blit.heal_delay = heal_delay
        self._png_dirty = True
        self._shown = None
        #: How many redraws updated the canvas (skipped ones not counted): tests and benchmarks read it.
        self.redraws = 0

    def redraw(self, shows=None):
        """Update the canvas now: a blit of the moving artists, or a full draw if needed.

        ``shows``: what the picture shows now, as any hashable value (say the
        plotted numbers), or None. When it equals the ``shows`` of the last
        redraw the picture has not changed, so nothing is drawn or sent to the
        browser (a learning rate that only changes a table costs no frame);
        None always redraws. Returns True if the canvas was updated.
        """
        if shows is not None and shows == self._shown:
            return False
        self._shown = shows
        self.blit.update()
        self._png_dirty = True
        self.redraws += 1
        return True

    def render(self):
        """Draw everything now and refresh the PNG of the non-ipympl fallback."""
        self._shown = None  # the next redraw draws again, whatever it shows
        self.blit.invalidate()
        self.blit.update()
        if not self.live and self._png_dirty:
            buf = io.BytesIO()
            self.figure.savefig(buf, format="png")
            self.widget.value = buf.getvalue()
            self._png_dirty = False

    def summary(self):
        """What the figure shows now, in words (:func:`~backprop_lab.plotting.describe_figure`):
        its text equivalent for a screen reader and for regression checks."""
        return describe_figure(self.figure)

    def css_xy(self, x, y):
        """Display coordinates (matplotlib's pixels, origin bottom left) as CSS pixels from the
        canvas's top left corner: where a click in the browser lands on that point."""
        ratio = float(getattr(self.figure.canvas, "device_pixel_ratio", 1) or 1)
        height = self.figure.bbox.height
        return [float(x) / ratio, float(height - y) / ratio]

    def data_css_xy(self, ax, x, y):
        """The CSS pixel position (from the canvas's top left) of data point ``(x, y)`` of ``ax``."""
        dx, dy = ax.transData.transform((x, y))
        return self.css_xy(dx, dy)

    def click_event(self, x, y, button=1):
        """Deliver a mouse click at CSS pixel ``(x, y)`` from the canvas's top left, as a browser click would."""
        from matplotlib.backend_bases import MouseEvent

        ratio = float(getattr(self.figure.canvas, "device_pixel_ratio", 1) or 1)
        dx, dy = x * ratio, self.figure.bbox.height - y * ratio
        for name in ("button_press_event", "button_release_event"):
            MouseEvent(name, self.figure.canvas, dx, dy, button=button)._process()

    def close(self):
        """Give the figure back: no heal pending, pyplot forgets the figure, and the widget
        (an ipympl canvas with its toolbar and layouts, or the PNG ``Image``) is closed."""
        self.blit.cancel_heal()
        self.blit.release()  # the cached background's pixels
        if self.live:
            import matplotlib.pyplot as plt

            plt.close(self.figure)  # pyplot's list of figures; ipympl then closes the canvas, not its toolbar
        close_widget(self.widget)


def current_cell():
    """``(cell id, run id)`` of the notebook cell the kernel is running now, or None.

    JupyterLab (4.x, and Notebook 7 built on it) puts the cell's id in the
    ``metadata`` of every ``execute_request`` (``{"cellId": ...}``); each run
    of a cell is a new request with its own ``msg_id``. nbclient (so nbval,
    ``scripts/execute_notebooks.py`` and Voila) sends no cell id: then, and
    outside a kernel (scripts, tests) or inside a widget callback (the parent
    is a comm message), this is None and nothing is closed automatically.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return None
    get_parent = getattr(getattr(get_ipython(), "kernel", None), "get_parent", None)
    if get_parent is None:
        return None
    try:
        parent = get_parent() or {}
    except LookupError:  # a kernel without a current request (its context variable is unset)
        return None
    header = parent.get("header") or {}
    cell = (parent.get("metadata") or {}).get("cellId")
    if header.get("msg_type") != "execute_request" or not isinstance(cell, str) or not cell:
        return None
    return cell, header.get("msg_id")


class CellRegistry:
    """The dashboards each notebook cell made in its latest run.

    A student who runs a dashboard's cell again gets a new dashboard; the old
    one is no longer shown, but its widgets and figures would stay in the
    kernel's memory. :meth:`adopt` (called by every new dashboard) closes the
    dashboards the same cell made in an earlier run; those made by the same
    run (one cell may build several) stay. Only weak references are kept, so
    the registry never keeps a dashboard alive.

    ``where``: a function returning ``(cell id, run id)`` or None (default
    :func:`current_cell`; benchmarks pass their own to simulate re-runs).
    """

    def __init__(self, where=current_cell):
        self.where = where
        self._cells = {}  # cell id -> (run id, [weak references to dashboards])

    def adopt(self, dash):
        """Record ``dash`` under the running cell, closing what an earlier run of that cell made."""
        place = self.where()
        if place is None:
            return
        cell, run = place
        known = self._cells.get(cell)
        if known is not None and known[0] != run:
            self.release(cell)
            known = None
        if known is None:
            known = self._cells[cell] = (run, [])
        known[1].append(weakref.ref(dash))

    def release(self, cell):
        """Close every dashboard ``cell`` made and forget the cell."""
        _run, refs = self._cells.pop(cell, (None, []))
        for ref in refs:
            dash = ref()
            if dash is not None:
                dash.close()

    def forget(self, dash):
        """Drop ``dash`` (it was closed by hand) and any dashboard that no longer exists."""
        for cell, (_run, refs) in list(self._cells.items()):
            refs[:] = [r for r in refs if r() is not None and r() is not dash]
            if not refs:
                del self._cells[cell]

    def live(self):
        """How many dashboards the registry knows that are still open."""
        return sum(1 for _run, refs in self._cells.values() for r in refs
                   if r() is not None and not r().closed)


def forget_output(obj):
    """Drop IPython's cached references to ``obj`` as a cell's result.

    A cell ending in ``dash`` shows the dashboard, and IPython's display hook
    keeps that result as ``Out[n]``, ``_n`` and in ``_``, ``__``, ``___``,
    for up to 1000 outputs: without this, every run of a re-run cell would
    stay alive there, closed but holding its figures and model. Only those
    names are touched (``_``, ``__``, ``___`` become None, as before any output);
    the student's own variables are not.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return
    shell = get_ipython()
    if shell is None:
        return
    ns, hidden = shell.user_ns, getattr(shell, "user_ns_hidden", {})
    out = ns.get("Out")
    if isinstance(out, dict):
        for n in [n for n, v in out.items() if v is obj]:
            del out[n]
            for space in (ns, hidden):
                if space.get(f"_{n}") is obj:
                    del space[f"_{n}"]
    hook = getattr(shell, "displayhook", None)
    for name in ("_", "__", "___"):
        if hook is not None and getattr(hook, name, None) is obj:
            setattr(hook, name, None)
        for space in (ns, hidden):
            if space.get(name) is obj:
                space[name] = None


#: The kernel's registry: every :class:`Dashboard` adopts itself here when it is built.
CELLS = CellRegistry()


class Dashboard:
    """Base class of every dashboard.

    Subclasses build their controls with :meth:`_watch` (sliders, dropdowns)
    and :meth:`_button`, one or more :class:`FigureView`, call
    :meth:`arrange` for the widget shown, and implement :meth:`update`, which
    reads ``self.values``, recomputes and updates tables and artists in place.

    ``self.values`` (name -> value) is the only store of the model's values:
    ``update`` never reads a control. A slider's browser view answers values
    it cannot show with its own grid value, often late (Run All); the
    :class:`~backprop_lab.echo.EchoGuard` knows such an answer by the step
    (within half a step of a value the kernel sent) and ignores it, so the
    model keeps the exact numbers a cell set (a late answer to an older
    value makes the slider show the model again). A value the
    dashboard computes itself (a trained weight) reaches its control only
    through :meth:`_sync_control`. :meth:`set` from Python is always taken exactly.
    """

    def __init__(self):
        self.closed = False
        self.controls = {}
        self.buttons = {}
        self.values = {}
        self._echo = EchoGuard()
        self._frames = FrameCoalescer()  # a drag's changes from the browser: one frame, the newest values
        self._restoring = False  # True while the kernel only corrects what a slider shows
        self._holding = 0
        self._refreshing = False
        self.status = W.HTML(layout=W.Layout(min_height="24px", max_width="100%"))
        self._css = W.HTML()
        self._css_formulas = set()
        self._table_html = W.HTML(layout=W.Layout(max_width="100%"))
        self.table = W.VBox([self._css, self._table_html], layout=W.Layout(max_width="100%"))
        self._table = None
        self._status_plain = ""
        self._status_kind = "info"
        self._plot_json = ""
        self._alt = ""
        self.views = []
        self.layout = None
        CELLS.adopt(self)  # a re-run of this cell closes the dashboard it made before

    @property
    def view(self):
        """The dashboard's (first) figure view, or None."""
        return self.views[0] if self.views else None

    @view.setter
    def view(self, view):
        """Adding a view registers it: it is redrawn, rendered and closed with the dashboard."""
        if view is not None and view not in self.views:
            self.views.append(view)

    # -- wiring ------------------------------------------------------------
    def _watch(self, **controls):
        """Register controls by name: their values become model values, changes call :meth:`on_control_change`."""
        for name, control in controls.items():
            self.controls[name] = control
            self.values[name] = control.value
            self._echo.add(name, control)
            control.observe(self._on_control, names="value")

    def _button(self, description, callback, tooltip="", style=""):
        b = W.Button(description=description, tooltip=tooltip or description, button_style=style,
                     layout=W.Layout(width="auto"))
        b.on_click(lambda _b: self._safely(callback))
        self.buttons[description] = b
        return b

    def _on_figure(self, view, handler, event="pick"):
        """Let a pick or a click on ``view``'s figure set controls.

        ``handler(mpl_event)`` returns ``{control name: value}`` (or None to
        ignore the event); the values are set with :meth:`set`, exactly as
        moving the controls would, so every click has a control that does
        the same (the keyboard's way, and the PNG fallback's, where there is
        nothing to click). Errors reach the status line like any other.
        ``event``: ``'pick'`` (an artist with a picker was hit) or ``'click'``
        (a button press anywhere on the figure).
        """
        if event not in ("pick", "click"):
            raise ValueError(f"event must be 'pick' or 'click', got {event!r}.")

        handled = {"mouse": None}  # one click can pick several artists (an edge and its label): apply it once

        def on_event(mpl_event):
            mouse = getattr(mpl_event, "mouseevent", None)
            if mouse is not None and mouse is handled["mouse"]:
                return

            def apply():
                values = handler(mpl_event)
                if values:
                    handled["mouse"] = mouse
                    self.set(**values)
            self._safely(apply)

        view.figure.canvas.mpl_connect("pick_event" if event == "pick" else "button_press_event", on_event)

    def click(self, view, x, y):
        """Click ``view`` at CSS pixel ``(x, y)`` from its top left (what a browser click does): a figure, or a
        browser-drawn diagram (:class:`~backprop_lab.views.NetworkView` selects the connection there)."""
        view.click_event(x, y)

    def arrange(self, controls=None, buttons=None, figures=None, table="below", below=(), side=()):
        """Build ``self.layout`` in the house shape, and return it.

        A row that wraps: the column of ``controls`` (names or widgets, default
        all registered, in order) with the ``buttons`` (descriptions or
        widgets, default all) under them, then the ``figures`` (views or
        widgets, default ``self.views``), then ``side`` widgets. Under it the
        status line, the table (``table='below'``; ``'side'`` puts it in the
        row after the figures, ``None`` leaves it out) and ``below`` widgets.
        When the notebook is narrower than the row, the figures move under
        the controls; nothing has a fixed total width.
        """
        ctl = [self.controls[c] if isinstance(c, str) else c
               for c in (self.controls if controls is None else controls)]
        btn = [self.buttons[b] if isinstance(b, str) else b
               for b in (self.buttons if buttons is None else buttons)]
        figs = [f.widget if isinstance(f, FigureView) else f for f in (self.views if figures is None else figures)]
        column = list(ctl)
        if btn:
            column.append(W.Box(btn, layout=W.Layout(display="flex", flex_flow="row wrap", max_width="100%")))
        items = []
        if column:
            items.append(W.VBox(column, layout=W.Layout(width=CONTROL_WIDTH, max_width="100%", flex="0 0 auto",
                                                        margin=f"0 {GAP} {GAP} 0")))
        for f in figs:
            f.layout.margin = f"0 {GAP} {GAP} 0"
            items.append(f)
        items.extend(side)
        if table == "side":
            self.table.layout.flex = "1 1 320px"
            items.append(self.table)
        row = W.Box(items, layout=W.Layout(display="flex", flex_flow="row wrap", align_items="flex-start",
                                          max_width="100%"))
        rows = [row, self.status]
        if table == "below":
            rows.append(self.table)
        rows.extend(below)
        self.layout = W.VBox(rows, layout=W.Layout(max_width="100%"))
        return self.layout

    def _name(self, control):
        return next(k for k, v in self.controls.items() if v is control)

    def _on_control(self, change):
        """A control's value changed (a drag, a click, ``control.value = ...`` or :meth:`set`).

        Nothing here raises: a value the control cannot stand for (``NaN``
        typed as ``slider.value = float("nan")``, which ipywidgets lets
        through) is refused in the status line and the control shows the
        model's value again; any other error is said by :meth:`_safely`.
        """
        self._safely(self._take_change, change)

    def _take_change(self, change):
        control, new = change["owner"], change["new"]
        name = self._name(control)
        if self._restoring:  # the kernel correcting what the slider shows: it may be answered again
            self._echo.sent(name, new)
            return
        try:
            new = check_value(name, control, new)
        except (TypeError, ValueError) as exc:
            self._show(name, self.values[name])
            self.set_status(sentence(exc, f"{name} stays at {self.values[name]!r}"), "error")
            return
        from_browser = self._echo.from_browser(name)
        if from_browser:
            kind = self._echo.answer(name, control, new, self.values[name])
            if kind == LATE:  # the view has been sent newer values since: show the model again
                self._show(name, self.values[name])
            if kind != MOVE:
                return
        else:
            self._echo.sent(name, new)
        self.values[name] = new
        if not self._holding:
            self._frames.change(self, change, from_browser)  # on_control_change; a drag's refresh coalesced

    def on_control_change(self, change):
        """Called when a control's model value changed (subclasses may override)."""
        self.refresh()

    def _safely(self, fn, *args):
        """Run ``fn(*args)``; an error is shown in the status line as one sentence, never a traceback."""
        try:
            fn(*args)
        except Exception as exc:  # shown in words, never a traceback in the notebook
            self.set_status(error_sentence(exc), "error")

    @contextlib.contextmanager
    def hold(self):
        """Set controls (and so the model values) without calling :meth:`on_control_change`;
        the caller refreshes once at the end."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1

    def _show(self, name, value):
        """Make a control show ``value`` (clipped to its range) without touching the model."""
        control = self.controls[name]
        if isinstance(control, (W.FloatSlider, W.IntSlider)):
            value = min(max(value, control.min), control.max)
        self._restoring = True
        try:
            control.value = value
        finally:
            self._restoring = False

    def reconfigure(self, name, **traits):
        """Give control ``name`` new options or a new range (``options=[...]``, ``max=9``, ``value=...``, set in
        that order) without calling :meth:`on_control_change`: the dashboard changing what a control offers.
        The model's value follows the control's (a range may clip it)."""
        control = self.controls[name]
        self._restoring = True
        try:
            for trait, value in traits.items():
                setattr(control, trait, value)
        finally:
            self._restoring = False
        self.values[name] = control.value

    def _sync_control(self, name, value):
        """Set a model value the dashboard computed (a trained weight) and show it on its control."""
        self.values[name] = value
        self._show(name, value)

    # -- driving from Python ---------------------------------------------------
    def set(self, **values):
        """Set controls by name, exactly like moving them in the browser
        (each change fires the same callback a drag does).

        Every value is checked first against its control's own range or
        options (:func:`~backprop_lab.controls.check_value`): ``NaN``, ``inf``,
        a wrong type or a value outside the range raises ``ValueError`` /
        ``TypeError`` with one sentence naming the control and its range, and
        then no control has changed. (From the browser, or from a callback,
        the same sentence goes to the status line instead: see :meth:`_on_control`.)
        """
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise KeyError(sentence(f"no control named {unknown}; controls are {sorted(self.controls)}"))
        checked = {name: check_value(name, self.controls[name], value) for name, value in values.items()}
        for name, value in checked.items():
            self.controls[name].value = value

    def press(self, description):
        """Click the button with this description."""
        if description not in self.buttons:
            raise KeyError(f"no button {description!r}; buttons are {sorted(self.buttons)}.")
        self.buttons[description].click()

    # -- outputs -------------------------------------------------------------------
    def refresh(self):
        """Recompute and show: :meth:`update`, then each figure view is redrawn (unless
        :meth:`picture_key` says its picture did not change), then the figures' numbers
        and text equivalent are published with the status line. Subclasses do not override it:
        what changes goes into :meth:`update`, :meth:`on_control_change` and :meth:`picture_key`."""
        self._refreshing = True  # the status line is rendered once, at the end, with the figures' numbers
        try:
            self.update()
        finally:
            self._refreshing = False
        for view in self.views_due():
            view.redraw(self.picture_key(view))
        if self.status_due():
            self._publish_plot()

    def views_due(self):
        """The figure views :meth:`refresh` redraws after :meth:`update`: all of them, unless a dashboard
        that animates says which changed this time (a view left out keeps its last frame)."""
        return self.views

    def status_due(self):
        """True when :meth:`refresh` publishes the status line (its text, the figures' numbers and their
        text equivalent): always, unless a dashboard that animates sends it every few frames only (the
        text a frame sets waits for the next one that is due; a change outside :meth:`refresh` shows at once)."""
        return True

    def picture_key(self, view):
        """What ``view``'s picture shows now, as a hashable value, or None (the default: always redraw).

        :meth:`refresh` passes it to :meth:`FigureView.redraw`, which skips the
        redraw when it equals the key of the last one. A dashboard where some
        controls change only the table (lesson 06's learning rate) returns the
        numbers its figure plots, so those changes send no frame::

            def picture_key(self, view):
                return (self.surface_key, len(self.path), self.path[-1])
        """
        return None

    def plot_values(self):
        """Numbers read back from the plotted artists (subclasses say which).

        They are published with the status line (``data-plot`` attribute, JSON)
        so a browser test can check what the figure shows without reading
        pixels, and find where to click (CSS pixels from the canvas's top left).
        """
        return {}

    def figure_summary(self):
        """The figures' text equivalent: the plotted numbers (:func:`plot_sentence` of
        :meth:`plot_values`) and what each figure shows (:meth:`FigureView.summary`).
        A screen reader reads it under the figures (visually hidden)."""
        parts = [plot_sentence(self.plot_values())] + [view.summary() for view in self.views]
        return " ".join(p for p in parts if p)

    def _publish_plot(self):
        values = self.plot_values()
        if values:
            self._plot_json = json.dumps(values, sort_keys=True,
                                         default=lambda v: float(v) if np.ndim(v) == 0 else np.asarray(v).tolist())
        parts = [plot_sentence(values)] + [view.summary() for view in self.views]  # figure_summary(), computed once
        self._alt = " ".join(p for p in parts if p)
        self._render_status()

    def update(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def set_table(self, table: Table):
        self._table = table
        self.typeset(table)
        self._table_html.value = table.to_html(embed_css=False)

    def typeset(self, table: Table):
        """Make the page able to show ``table``'s formulas (their CSS, sent once) for an HTML of it
        placed elsewhere in the dashboard (``table.to_html(embed_css=False)``)."""
        formulas = table.formulas()
        if not formulas <= self._css_formulas:
            self._css_formulas |= formulas
            self._css.value = f"<style>{math_css(self._css_formulas)}</style>"

    def set_status(self, text, kind="info"):
        """Show ``text`` in the status line; ``kind`` is one of :data:`~backprop_lab.theme.STATUS_STYLE`'s
        keys (``'info'``, ``'ok'``, ``'error'``, ...). Build ``text`` with
        :func:`~backprop_lab.messages.sentence` so it ends with one mark."""
        if kind not in STATUS_STYLE:
            raise ValueError(f"kind must be one of {sorted(STATUS_STYLE)}, got {kind!r}.")
        self._status_plain = text
        self._status_kind = kind
        if not self._refreshing:  # inside refresh() it is rendered once, with the figures' numbers
            self._render_status()

    def _render_status(self):
        data = f" data-plot='{html.escape(self._plot_json)}'" if self._plot_json else ""
        alt = (f'<div class="bplab-alt" style="{VISUALLY_HIDDEN}">Figure: {html.escape(self._alt)}</div>'
               if self._alt else "")
        self.status.value = (f'<div class="bplab-status"{data} style="{STATUS_STYLE[self._status_kind]};'
                             f'white-space:normal;overflow-wrap:anywhere">{html.escape(self._status_plain)}</div>{alt}')

    @property
    def table_text(self):
        """The current table as plain text (what nbval and tests compare)."""
        return self._table.to_text() if self._table is not None else ""

    @property
    def status_text(self):
        return self._status_plain

    @property
    def status_kind(self):
        return self._status_kind

    def render(self):
        """Redraw the figures now (used by tests and benchmarks)."""
        for view in self.views:
            view.render()

    def _ipython_display_(self):
        from IPython.display import display

        for view in self.views:
            if not view.live:
                view.render()
        display(self.layout)

    def _owned(self):
        """The figure views and widgets this dashboard holds, found by walking its attributes.

        The walk goes through lists, tuples, sets and dicts and into the
        course's own helper objects (a diagram, a view of the playground), so
        a widget kept anywhere the dashboard can reach is found; it does not
        go into matplotlib, numpy or ipywidgets objects (:func:`close_widget`
        walks a widget's own traits).
        """
        views, widgets, seen = [], [], {id(self)}
        todo = list(vars(self).values())
        while todo:
            value = todo.pop()
            if id(value) in seen:
                continue
            seen.add(id(value))
            if isinstance(value, W.Widget):
                widgets.append(value)
            elif isinstance(value, FigureView):
                views.append(value)
                todo.extend(vars(value).values())
            elif isinstance(value, dict):
                todo.extend(value.values())
            elif isinstance(value, (list, tuple, set, frozenset)):
                todo.extend(value)
            elif type(value).__module__.startswith("backprop_lab.") and hasattr(value, "__dict__"):
                todo.extend(vars(value).values())
        return views, widgets

    def close(self):
        """Give back everything the dashboard made: its figures (pyplot forgets them, ipympl's
        canvas and toolbar close) and every widget it holds with their layout and style models,
        so no comm stays open; IPython's output cache lets go of it too, so once the student's
        variable points elsewhere the dashboard is freed. Closing twice is harmless."""
        if self.closed:
            return
        self.closed = True
        self._frames.cancel()
        CELLS.forget(self)
        forget_output(self)  # IPython's Out[n], _n, _ would keep it alive
        views, widgets = self._owned()
        for view in views:
            view.close()
        for w in widgets:
            close_widget(w)
        # Figures, axes and widget observers are reference cycles: only a collection frees them, and a
        # kernel's next full one may be many cells away. Collect now, so the dashboards closed before
        # this one (and no longer named anywhere) give their pixel buffers back at once.
        gc.collect()
