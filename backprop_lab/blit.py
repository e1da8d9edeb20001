"""Blitting that checks its background: redraw only what moves, and everything whenever in doubt.

A slider change in a dashboard moves a few artists (a descent path, the
current point, a cost curve); the rest of the figure (axes, ticks, labels,
contour lines) stays. :class:`~backprop_lab.plotting.BlitManager` keeps that
rest as a cached background (``canvas.copy_from_bbox``) and draws a frame as
*restore the background, draw the animated artists, blit*. The risk is a
background that no longer matches the figure: new axis limits, a new title,
a resized canvas. Then the frame shows old ticks under new curves.

:class:`Blitter` adds the check, with matplotlib's public API only. Before
each frame it asks :meth:`Blitter.doubt`: is there any reason not to trust
the cache? Reasons, in order:

1. there is no cache yet (the first frame, or :meth:`Blitter.release` dropped it);
2. somebody called :meth:`~backprop_lab.plotting.BlitManager.invalidate` (a dashboard does
   after changing a static text or line: a new title, a new function curve);
3. :func:`background_key` differs from the one taken at the last full draw:
   the canvas's size in pixels, its dpi (a browser's device-pixel ratio), the
   course's figure scale (:func:`backprop_lab.theme.scale`), and for every
   axes its place, limits, scales and, for a 3-D axes, its view angles. So new
   axis limits are seen even where nobody called ``invalidate``.

Why not matplotlib's own ``figure.stale``? It turns True whenever a static
artist is *set*, even to what it already shows: lesson 03's wiggle dashboard
and lesson 06's network dashboard set the same axis limits on every change,
and trusting ``figure.stale`` made 17 of 27 and 50 of 72 of their frames full
draws (60-75 ms instead of 10-15 ms). Comparing the values is what decides.

A ``savefig`` (ipympl's Download button, the PNG of the non-ipympl fallback)
draws the animated artists into the canvas too: its draw is never cached,
and the frame after it is a full draw.

Any reason means a full ``canvas.draw()`` (which re-captures the background);
no reason means a blit. Either way the picture equals a full redraw of the
same state (``tests/test_blit.py`` compares their pixels).

Under ipympl a blit costs the kernel: restoring the cached pixels (a copy),
drawing the animated artists, and ipympl's frame: the whole canvas compared
with the last frame and the difference encoded as one PNG (``get_diff_image``
of matplotlib's WebAgg core; its cost grows with the canvas's pixels, not
with what changed).

Left out: per-axes backgrounds (WebAgg diffs and encodes the whole canvas
whatever ``bbox`` a blit names, and every slider of lesson 05 moves artists in
every axes, so restoring one axes alone would save almost nothing), and any
private matplotlib or ipympl attribute (those live in :mod:`backprop_lab._private`).
"""
from __future__ import annotations

from . import theme
from .plotting import BlitManager

__all__ = ["Blitter", "background_key"]


def _axes_key(ax):
    """What of one axes the cached background shows: place, limits, scales, visibility (and 3-D view)."""
    key = (tuple(ax.bbox.bounds), tuple(ax.get_xlim()), tuple(ax.get_ylim()), ax.get_xscale(), ax.get_yscale(),
           ax.get_visible())
    if hasattr(ax, "get_zlim"):  # a 3-D axes: its z limits and the view angles decide the background too
        key += (tuple(ax.get_zlim()), getattr(ax, "elev", None), getattr(ax, "azim", None),
                getattr(ax, "roll", None))
    return key


def background_key(figure):
    """A hashable summary of what a figure's static background depends on.

    Two calls return equal keys when the canvas has the same size in pixels,
    the same dpi, the course the same figure scale, and every axes the same
    place, limits and scales. For example, after ``ax.set_xlim(0, 20)`` on an
    axes that showed 0 to 10 the key differs, so the next frame is a full draw.
    """
    return (tuple(figure.bbox.bounds), float(figure.dpi), theme.scale(),
            tuple(_axes_key(ax) for ax in figure.axes))


class Blitter(BlitManager):
    """A :class:`~backprop_lab.plotting.BlitManager` that draws everything whenever its background may be stale.

    Use it as the manager: ``add`` the moving artists (they become animated),
    call ``update()`` after changing them. It blits when :meth:`doubt` finds no
    reason not to, else it draws the whole figure. ``blits`` and ``full_draws``
    count the two kinds of frame and ``reasons`` says why each full draw came
    (tests and benchmarks read them); :meth:`release` gives the cached pixels back.
    """

    def __init__(self, figure):
        super().__init__(figure)
        self.background_key = None
        self.blits = 0
        #: ``{reason: count}`` of the full draws :meth:`update` chose (see :meth:`doubt`).
        self.reasons = {}

    def doubt(self):
        """Why the cached background cannot be trusted now, in words, or None when a blit is safe."""
        if self._background is None or self._slow_cache is None:
            return "no background yet"
        if self._dirty:
            return "invalidated"
        if background_key(self.figure) != self.background_key:
            return "the canvas or an axes changed"
        return None

    def update(self):
        """Bring the canvas up to date: a blit, or a full draw when :meth:`doubt` has a reason."""
        reason = self.doubt()
        if reason is None:
            self.blits += 1
        else:
            self.reasons[reason] = self.reasons.get(reason, 0) + 1
            self.invalidate()
        super().update()

    def _on_draw(self, event):
        """After a full draw: cache the background and draw the animated artists over it.

        Not after ``savefig`` (ipympl's Download button, a PNG for the non-ipympl fallback): saving
        draws the animated artists too, so that picture is no background (a cache of it left the old
        descent path under every later blit), and a second pass would draw them twice into the file.
        The next frame is then a full draw.
        """
        if self.figure.canvas.is_saving():
            self.invalidate()
            return
        super()._on_draw(event)
        self.background_key = background_key(self.figure)

    def release(self):
        """Give the cached background back (the figure is closing); a later update draws everything."""
        self.cancel_heal()
        self._background = None
        self._slow_cache = None
        self.background_key = None
        self.invalidate()
