"""Play driven by the kernel: frames computed on the kernel's event loop, paced by what the page paints.

A browser timer (``ipywidgets.Play``) that asks the kernel for every frame costs the page a message out,
the kernel's *busy* and *idle* replies (JupyterLab answers each by swapping its favicon and redrawing its
kernel indicators) and a round trip before the next frame can start: the playground painted about 10
frames per second that way while its kernel could compute 30 or more.

:class:`FrameLoop` runs the frames in the kernel instead, on the asyncio loop ipykernel runs its messages
on (``loop.call_later``, public asyncio), so a control the student moves, Pause included, is answered
between two frames. It is paced two ways:

* at most ``fps`` frames per second, on a steady beat: frame k+1 is due one period after frame k was due,
  so a timer that fired a little late is made up by the next one (a frame more than a period late starts a
  new beat instead of a burst); a frame that took longer is followed at once, after the loop has turned
  once to apply the messages waiting;
* at most ``window`` frames ahead of the page: the page reports the frames it painted (every few frames,
  :class:`backprop_lab.views.heatmap_view.HeatmapView`'s ``ack_every``) and :meth:`painted` is told.
  A page that paints slower than the kernel computes (a slow laptop, a projector at 4K) gets frames at
  its own pace instead of a growing backlog, so Pause still looks immediate. A page that paints nothing
  (the tab hidden, no view displayed) still gets one frame every ``wait_seconds``.

Without a running event loop (a plain Python process, the tests, nbval's cells that call
``dash.tick()``) :meth:`start` does nothing and returns False: frames are then run by calling the
frame function directly.

Left out: what a frame does (the dashboard's ``tick``), the Play / Pause button, the page's side of the
report (``heatmap_view.js``).
"""
from __future__ import annotations

import time

from .coalesce import running_loop

__all__ = ["FrameLoop", "FPS", "WINDOW", "WAIT_SECONDS"]

#: The most frames per second the loop computes: a little over 30, so that a timer that fires late now and
#: then (a busy machine) still leaves 30 a second.
FPS = 36.0
#: The most frames sent ahead of the last one the page reported painted.
WINDOW = 8
#: With the window full and no report from the page, one more frame after this many seconds.
WAIT_SECONDS = 0.5


class FrameLoop:
    """Call ``frame(n)`` (n = 1, 2, ...) on the running event loop while ``on()`` is true.

    Parameters
    ----------
    frame : callable
        One frame: ``frame(n)`` with the frame's number (counted over the loop's life, never reset), so
        the page can report it back.
    on : callable
        Checked before every frame; False stops the loop (Pause, a finished training).
    fps, window, wait_seconds : float, int, float
        See :data:`FPS`, :data:`WINDOW`, :data:`WAIT_SECONDS`.
    clock : callable
        Seconds, for the beat and the wait (``time.perf_counter``).
    """

    def __init__(self, frame, on, fps=FPS, window=WINDOW, wait_seconds=WAIT_SECONDS, clock=time.perf_counter):
        if not (fps > 0 and window >= 1 and wait_seconds > 0):
            raise ValueError(f"fps, window and wait_seconds must be positive, got {fps!r}, {window!r}, "
                             f"{wait_seconds!r}.")
        self.frame, self.on, self.clock = frame, on, clock
        self.period, self.window, self.wait_seconds = 1.0 / fps, int(window), float(wait_seconds)
        self.sent = 0  # frames computed (the number of the last one)
        self.acked = 0  # the last frame the page reported painted
        self.waits = 0  # times the loop waited for the page (for tests and benchmarks)
        self._loop = None
        self._handle = None
        self._waiting_since = None
        self._due = None  # when the next frame is due (the beat)

    @property
    def running(self):
        """True while a frame is scheduled (or the loop waits for the page)."""
        return self._handle is not None

    def start(self):
        """Start on the running event loop (no-op if already running); False when there is no loop."""
        loop = running_loop()
        if loop is None:
            return False
        if self._handle is None:
            self._loop = loop
            self.acked = self.sent  # a new Play starts with the window empty
            self._waiting_since = self._due = None
            self._handle = loop.call_soon(self._run)
        return True

    def stop(self):
        """No further frame (the one running, if any, finishes)."""
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None
        self._waiting_since = None

    def painted(self, n):
        """The page reports it painted frame ``n``: a full window may go on at once."""
        self.acked = max(self.acked, min(int(n), self.sent))
        if self._waiting_since is not None and self._handle is not None and self.sent - self.acked < self.window:
            self._handle.cancel()
            self._waiting_since = None
            self._handle = self._loop.call_soon(self._run)

    def _run(self):
        self._handle = None
        if not self.on():
            self._waiting_since = None
            return
        now = self.clock()
        if self.sent - self.acked >= self.window:
            if self._waiting_since is None:
                self._waiting_since = now
                self.waits += 1
            left = self._waiting_since + self.wait_seconds - now
            if left > 0:  # wait for the page's report (painted() reschedules) or the time-out
                self._handle = self._loop.call_later(left, self._run)
                return
        self._waiting_since = None
        if self._due is None or now - self._due > self.period:
            self._due = now  # the first frame, or one more than a period late: a new beat
        self.sent += 1
        self.frame(self.sent)
        if self.on():
            self._due += self.period
            self._handle = self._loop.call_later(max(0.0, self._due - self.clock()), self._run)
