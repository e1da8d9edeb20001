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

Left out: the maths (:mod:`backprop_core`), the figure pieces
(:mod:`backprop_lab.plotting`), the control builders
(:mod:`backprop_lab.controls`) and the slider echo guard
(:mod:`backprop_lab.echo`).
"""
from __future__ import annotations

import contextlib
import html
import io
import json

import numpy as np

import ipywidgets as W

from . import _private
from .controls import check_value
from .echo import SLIDERS, EchoGuard, same_answer, slider_answer
from .plotting import BlitManager, is_widget_backend, new_figure
from .messages import Refused, WrongType, sentence
from .tables import Table, math_css
from .theme import CONTROL_WIDTH, DPI, FIGURE_SIZES, GAP, STATUS_STYLE

__all__ = ["Dashboard", "FigureView", "HEAL_DELAY", "close_widget", "error_sentence"]

#: Seconds of quiet after which a live figure resends its whole frame (see :class:`BlitManager`).
HEAL_DELAY = 0.3


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


def close_widget(widget):
    """Close a widget and every widget inside it (their comms too)."""
    for child in getattr(widget, "children", ()):
        close_widget(child)
    widget.close()


class FigureView:
    """A figure plus the widget that shows it.

    Under ipympl the widget is the live canvas (redraws send only the new
    pixels). Without ipympl (tests, static exports) it is an ``Image`` widget
    refreshed with a PNG on each redraw.

    ``figsize``: inches, or a name from :data:`~backprop_lab.theme.FIGURE_SIZES`.
    ``heal_delay``: seconds after the last update at which a live canvas
    sends its whole frame again (``None``: never).
    """

    def __init__(self, figsize="two panels", dpi=DPI, heal_delay=HEAL_DELAY):
        if isinstance(figsize, str):
            if figsize not in FIGURE_SIZES:
                raise ValueError(f"figsize must be a size in inches or one of {sorted(FIGURE_SIZES)}, "
                                 f"got {figsize!r}.")
            figsize = FIGURE_SIZES[figsize]
        self.figure = new_figure(figsize, dpi)
        self.live = is_widget_backend()
        width, height = (round(v * dpi) for v in figsize)
        self.size_px = (width, height)
        if self.live:
            self.widget = self.figure.canvas
        else:
            self.widget = W.Image(format="png", layout=W.Layout(width=f"{width}px", max_width="100%",
                                                               height="auto"))
        self.widget.layout.flex = "0 0 auto"
        self.blit = BlitManager(self.figure)
        self.blit.heal_delay = heal_delay
        self._png_dirty = True

    def redraw(self):
        """Update the canvas now: a blit of the moving artists, or a full draw if needed."""
        self.blit.update()
        self._png_dirty = True

    def render(self):
        """Draw everything now and refresh the PNG of the non-ipympl fallback."""
        self.blit.invalidate()
        self.blit.update()
        if not self.live and self._png_dirty:
            buf = io.BytesIO()
            self.figure.savefig(buf, format="png")
            self.widget.value = buf.getvalue()
            self._png_dirty = False

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
        self.blit.cancel_heal()
        if self.live:
            import matplotlib.pyplot as plt

            plt.close(self.figure)
        else:
            self.widget.close()


class Dashboard:
    """Base class of every dashboard.

    Subclasses build their controls with :meth:`_watch` (sliders, dropdowns)
    and :meth:`_button`, one or more :class:`FigureView`, call
    :meth:`arrange` for the widget shown, and implement :meth:`update`, which
    reads ``self.values``, recomputes and updates tables and artists in place.

    ``self.values`` (name -> value) is the only store of the model's values:
    ``update`` never reads a control. A slider's browser view answers values
    it cannot show with its own grid value, often late (Run All); the
    :class:`~backprop_lab.echo.EchoGuard` predicts those answers exactly and
    ignores them, so the model keeps the exact numbers a cell set (a late
    echo that moved the slider away from the model is undone). A value the
    dashboard computes itself (a trained weight) reaches its control only
    through :meth:`_sync_control`. :meth:`set` from Python is always taken exactly.
    """

    def __init__(self):
        self.controls = {}
        self.buttons = {}
        self.values = {}
        self._echo = EchoGuard()
        self._restoring = False  # True while the kernel only corrects what a slider shows
        self._holding = 0
        self.status = W.HTML(layout=W.Layout(min_height="24px", max_width="100%"))
        self._css = W.HTML()
        self._css_formulas = set()
        self._table_html = W.HTML(layout=W.Layout(max_width="100%"))
        self.table = W.VBox([self._css, self._table_html], layout=W.Layout(max_width="100%"))
        self._table = None
        self._status_plain = ""
        self._status_kind = "info"
        self._plot_json = ""
        self.views = []
        self.layout = None

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
            if isinstance(control, SLIDERS):  # a new range or step redraws the view: it may answer again
                control.observe(lambda change, name=name: self._echo.regrid(name, self.controls[name]),
                                names=["min", "max", "step"])

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
        """Click ``view``'s figure at CSS pixel ``(x, y)`` from its top left (what a browser click does)."""
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
            self._echo.sent(name, control, new)
            return
        try:
            new = check_value(name, control, new)
        except (TypeError, ValueError) as exc:
            self._show(name, self.values[name])
            self.set_status(sentence(exc, f"{name} stays at {self.values[name]!r}"), "error")
            return
        if _private.from_browser(control):
            if self._echo.is_echo(name, control, new, self.values[name]):
                self._echo.moved(name, new)
                if not same_answer(control, new, slider_answer(control, self.values[name])):
                    self._show(name, self.values[name])  # a late echo moved the slider: show the model again
                return
            self._echo.moved(name, new)
        else:
            self._echo.sent(name, control, new)
        self.values[name] = new
        if not self._holding:
            self.on_control_change(change)

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
        self.update()
        for view in self.views:
            view.redraw()
        self._publish_plot()

    def plot_values(self):
        """Numbers read back from the plotted artists (subclasses say which).

        They are published with the status line (``data-plot`` attribute, JSON)
        so a browser test can check what the figure shows without reading
        pixels, and find where to click (CSS pixels from the canvas's top left).
        """
        return {}

    def _publish_plot(self):
        values = self.plot_values()
        if values:
            self._plot_json = json.dumps(values, sort_keys=True,
                                         default=lambda v: float(v) if np.ndim(v) == 0 else np.asarray(v).tolist())
            self._render_status()

    def update(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def set_table(self, table: Table):
        self._table = table
        formulas = table.formulas()
        if not formulas <= self._css_formulas:
            self._css_formulas |= formulas
            self._css.value = f"<style>{math_css(self._css_formulas)}</style>"
        self._table_html.value = table.to_html(embed_css=False)

    def set_status(self, text, kind="info"):
        """Show ``text`` in the status line; ``kind`` is one of :data:`~backprop_lab.theme.STATUS_STYLE`'s
        keys (``'info'``, ``'ok'``, ``'error'``, ...). Build ``text`` with
        :func:`~backprop_lab.messages.sentence` so it ends with one mark."""
        if kind not in STATUS_STYLE:
            raise ValueError(f"kind must be one of {sorted(STATUS_STYLE)}, got {kind!r}.")
        self._status_plain = text
        self._status_kind = kind
        self._render_status()

    def _render_status(self):
        data = f" data-plot='{html.escape(self._plot_json)}'" if self._plot_json else ""
        self.status.value = (f'<div class="bplab-status"{data} style="{STATUS_STYLE[self._status_kind]};'
                             f'white-space:normal;overflow-wrap:anywhere">{html.escape(self._status_plain)}</div>')

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

    def close(self):
        """Close the figures and every widget of the dashboard (no comm stays open)."""
        for view in self.views:
            view.close()
        for w in [*self.controls.values(), *self.buttons.values(), self.status, self.table]:
            close_widget(w)
        if self.layout is not None:
            close_widget(self.layout)
