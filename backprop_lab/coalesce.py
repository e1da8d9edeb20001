"""Coalescing a drag: the kernel draws a slider's newest value, never the ones a newer value replaced.

While a student drags a slider, its browser view sends a value on every pointer move that reaches a
new grid place (ipywidgets 8, ``continuous_update=True``). The browser keeps at most one of them in
flight per slider: the next goes out when the kernel reports *idle* for the last, carrying the newest
position (the ones in between are dropped in the browser). A kernel that draws inside the message's
handler therefore draws every value it is sent, and each one was already one frame old when it left
the browser. Several sliders, a frontend without that throttle, or a burst queued behind a slow frame
still bring values faster than the kernel can draw them.

:class:`FrameCoalescer` turns "draw now" into "draw soon, once": a change that comes from the browser
(the echo guard knows: :meth:`~backprop_lab.echo.EchoGuard.from_browser`) runs the dashboard's
``on_control_change`` at once (its per-control logic: a new range, a restarted path), but the
``refresh()`` it asks for is only *marked*. The frame is drawn :data:`GRACE_SECONDS` later on the
kernel's event loop (ipykernel runs comm messages on one asyncio loop; ``loop.call_later`` is public
asyncio), after the messages already queued behind this one have been applied, so it draws the
newest values. A value replaced before its frame is never drawn; the last value always is, because
every marked change (re)arms the one pending frame and a frame reads the dashboard's values when it
runs. Errors in a deferred frame reach the status line (``Dashboard._safely``), as they would have.

Everything not from the browser (``dash.set``, ``control.value = ...`` in a cell, a button, a value the
kernel computes) draws at once, as before: a cell that sets a value and prints the table sees the new
table. Without a running event loop (a plain Python process, the unit tests' direct messages) every
change draws at once too.

Left out: what a frame draws (:meth:`backprop_lab.dashboard.Dashboard.refresh` and its subclasses),
telling echoes from moves (:mod:`backprop_lab.echo`), and drawing less often than the kernel can (no
frame-rate cap: a cap would add its whole period to every move's latency).
"""
from __future__ import annotations

import asyncio

__all__ = ["ENABLED", "GRACE_SECONDS", "FrameCoalescer", "running_loop"]

#: False: every change draws at once, inside its message (as before this module; benchmarks compare both).
ENABLED = True

#: Seconds a frame waits after the change that asked for it, for the values already on their way
#: (the messages queued behind it, and the newest position the browser sends when it sees *idle*).
GRACE_SECONDS = 0.004


def running_loop():
    """The asyncio loop running in this thread (the kernel's), or None in a plain Python process."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class FrameCoalescer:
    """One dashboard's pending frame: many changes from the browser, one ``refresh()`` with the newest values.

    ``change(dash, change, from_browser)`` replaces the dashboard's direct call to
    ``dash.on_control_change(change)``. Counters for tests and benchmarks: ``requested`` (refreshes
    asked for by browser changes), ``drawn`` (deferred frames drawn) and ``skipped`` (requests
    folded into a frame already pending: values never drawn on their own).
    """

    def __init__(self, grace=GRACE_SECONDS):
        self.grace = grace
        self.requested = self.drawn = self.skipped = 0
        self._handle = None
        self._args = ((), {})

    @property
    def pending(self):
        """True while a frame is waiting to be drawn."""
        return self._handle is not None

    def change(self, dash, change, from_browser):
        """Run ``dash.on_control_change(change)``; from the browser, with its ``refresh()`` deferred and merged."""
        loop = running_loop() if from_browser and ENABLED else None
        if loop is None:
            dash.on_control_change(change)
            return
        asked = []
        own = vars(dash).get("refresh")  # an instance's own refresh (rare) is put back afterwards
        dash.refresh = lambda *args, **kwargs: asked.append((args, kwargs))
        try:
            dash.on_control_change(change)
        finally:
            if own is None:
                del dash.refresh
            else:
                dash.refresh = own
            if asked:
                self._request(loop, dash, asked[-1])

    def _request(self, loop, dash, args):
        self.requested += 1
        self._args = args
        if self._handle is not None:
            self.skipped += 1  # the pending frame will draw this change's values (or newer ones)
            return
        self._handle = loop.call_later(self.grace, self._draw, dash)

    def _draw(self, dash):
        self._handle = None
        if getattr(dash, "closed", False):
            return
        self.drawn += 1
        args, kwargs = self._args
        dash._safely(lambda: dash.refresh(*args, **kwargs))

    def cancel(self):
        """Forget the pending frame (the dashboard is being closed)."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
