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

Any reason means a full ``canvas.draw()`` (which re-captures the background),
except when only axis limits changed to limits shown before with nothing
else static changed since: then the background saved for them is restored
(:data:`SAVED_BACKGROUNDS`). No reason means a blit. Either way the picture
equals a full redraw of the same state (``tests/test_blit.py`` compares
their pixels). Texts that change now and then (a warning that the path left
the plot) go in the ``'words'`` layer, drawn only when their words change.

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

import math

from matplotlib.text import Text
from matplotlib.transforms import Bbox

from . import _private, theme
from .plotting import BlitManager

__all__ = ["Blitter", "background_key", "set_limits", "SAVED_BACKGROUNDS"]

#: How many backgrounds (one per set of axis limits) a :class:`Blitter` keeps, the latest used. Lesson 05's
#: "steps" sliders move a J axis over at most 6 limits (momentum: 10, 20, 50, 100, 200, 500 steps), so a drag
#: back and forth draws each once. Each is the canvas's pixels: 0.7 MB for lesson 05's 630 x 270 figures
#: (4 times that on a HiDPI screen), kept only for limits actually shown, given back by ``close()``.
SAVED_BACKGROUNDS = 6


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
    call ``update()`` after changing them. Three layers, drawn in this order
    over the static background, each cached over the one before:

    * ``layer='slow'``: artists that change with a few controls only (a cost
      surface's image and contour lines); :meth:`touch` says they changed;
    * ``layer='words'``: texts in an opaque box whose words change now and then
      (a warning that the path left the plot). A text is the costliest artist
      to draw (every glyph is rendered again, 3-4 ms for a sentence), so it is
      drawn only when its words, place, colour or visibility changed, which
      the Blitter sees by itself. It still shows on top: the pixels inside its
      box are kept and put back over the moving artists (an opaque box hides
      whatever is under it, so they are the same whatever moves);
    * ``layer='fast'`` (the default): what moves with every slider step.

    A frame is a blit when :meth:`doubt` finds no reason not to, else a full
    draw. When only axis limits changed and a background for the new limits
    was saved (the :data:`SAVED_BACKGROUNDS` latest, dropped by
    :meth:`invalidate`), that background is restored instead: no full draw.
    ``blits``, ``reused`` and ``full_draws`` count the kinds of frame and
    ``reasons`` says why each full draw came (tests and benchmarks read
    them); :meth:`release` gives the cached pixels back.
    """

    def __init__(self, figure):
        super().__init__(figure)
        self.layers["words"] = []
        self.background_key = None
        self._saved = {}  # background_key -> the static background drawn for it (newest last)
        self._words_cache = None
        self._words_shown = None
        self._word_tiles = []  # the pixels inside each shown text's box, put back over the moving artists
        self.blits = 0
        self.reused = 0
        #: ``{reason: count}`` of the full draws :meth:`update` chose (see :meth:`doubt`).
        self.reasons = {}

    @property
    def artists(self):
        return self.layers["slow"] + self.layers["words"] + self.layers["fast"]

    def add(self, *artists, layer="fast"):
        """Make ``artists`` animated and draw them in ``layer`` (``'slow'``, ``'words'`` or ``'fast'``)."""
        if layer not in self.layers:
            raise ValueError(f"layer must be one of {sorted(self.layers)}, got {layer!r}.")
        if layer == "words":
            for a in artists:
                _check_word(a)
        return super().add(*artists, layer=layer)

    def invalidate(self):
        """Something static changed (a title, a static line): the next update draws everything,
        and the backgrounds saved for other axis limits are forgotten (they show the old state)."""
        self._saved.clear()
        super().invalidate()

    def doubt(self):
        """Why the cached background cannot be trusted now, in words, or None when a blit is safe."""
        if self._background is None or self._slow_cache is None:
            return "no background yet"
        if self._dirty:
            return "invalidated"
        if background_key(self.figure) != self.background_key:
            return "the canvas or an axes changed"
        return None

    def _words_now(self):
        """What the words layer shows: per text its words, place, colour, size and visibility."""
        return tuple((a.get_text(), a.get_visible(), tuple(a.get_position()), str(a.get_color()), a.get_fontsize())
                     for a in self.layers["words"])

    def update(self):
        """Bring the canvas up to date: a blit, a saved background, or a full draw (see :meth:`doubt`)."""
        canvas = self.figure.canvas
        if _private.canvas_waiting_for_view(canvas):
            # an ipympl canvas whose browser view is not ready: it asks for a full draw itself once it is
            BlitManager.invalidate(self)
            return
        reason = self.doubt()
        if reason == "the canvas or an axes changed":
            key = background_key(self.figure)
            if key in self._saved:  # these limits were shown before, with nothing static changed since
                self._background = self._saved.pop(key)
                self._saved[key] = self._background  # the newest again
                self.background_key = key
                self._slow_dirty = True
                self.reused += 1
                reason = None
        if reason is not None:
            self.reasons[reason] = self.reasons.get(reason, 0) + 1
            self._dirty = False
            # ipympl sends a full frame, not a diff against the frame it believes the browser holds
            _private.force_full_frame(canvas)
            canvas.draw()  # fires draw_event: _on_draw caches the layers and draws the animated artists
            self._schedule_heal()
            return
        self.blits += 1
        words = self._words_now()
        if self._slow_dirty:
            canvas.restore_region(self._background)
            self._draw_layer("slow")
            self._slow_cache = canvas.copy_from_bbox(self.figure.bbox)
            self._slow_dirty = False
            words = None  # drawn again over the new slow layer
        if words != self._words_shown or self._words_cache is None:
            if words is not None:
                canvas.restore_region(self._slow_cache)
            self._cache_words()
        else:
            canvas.restore_region(self._words_cache)
        self._draw_fast()
        canvas.blit(self.figure.bbox)
        self._schedule_heal()

    def _draw_fast(self):
        """Draw the moving artists, then put the texts' boxes back on top of them."""
        self._draw_layer("fast")
        for tile in self._word_tiles:
            self.figure.canvas.restore_region(tile)

    def _cache_words(self):
        """Draw the words layer over what the canvas holds (the slow layer), cache the result and
        the pixels inside each shown text's box."""
        canvas = self.figure.canvas
        shown = [a for a in self.layers["words"] if a.figure is not None and a.get_visible() and a.get_text()]
        self._words_shown = self._words_now()
        self._word_tiles = []
        if not shown:  # nothing to draw: the canvas holds the slow layer, already cached (no copy)
            self._words_cache = self._slow_cache
            return
        self._draw_layer("words")
        self._words_cache = canvas.copy_from_bbox(self.figure.bbox)
        for a in shown:
            (x0, y0), (x1, y1) = a.get_bbox_patch().get_window_extent().get_points()
            # whole pixels inside the box (its antialiased edge depends on what lies under it)
            inner = Bbox([[math.ceil(x0) + 1, math.ceil(y0) + 1], [math.floor(x1) - 1, math.floor(y1) - 1]])
            if inner.width > 0 and inner.height > 0:
                self._word_tiles.append(canvas.copy_from_bbox(inner))

    def _on_draw(self, event):
        """After a full draw: cache the background, each layer over it, and draw the moving artists.

        Not after ``savefig`` (ipympl's Download button, a PNG for the non-ipympl fallback): saving
        draws the animated artists too, so that picture is no background (a cache of it left the old
        descent path under every later blit), and a second pass would draw them twice into the file.
        The next frame is then a full draw.
        """
        canvas = self.figure.canvas
        if canvas.is_saving():
            BlitManager.invalidate(self)
            return
        self.full_draws += 1
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self.background_key = background_key(self.figure)
        self._saved.pop(self.background_key, None)
        self._saved[self.background_key] = self._background
        while len(self._saved) > SAVED_BACKGROUNDS:
            self._saved.pop(next(iter(self._saved)))
        self._draw_layer("slow")
        self._slow_cache = canvas.copy_from_bbox(self.figure.bbox)
        self._slow_dirty = False
        self._cache_words()
        self._draw_fast()

    def release(self):
        """Give the cached backgrounds back (the figure is closing); a later update draws everything."""
        self.cancel_heal()
        self._background = self._slow_cache = self._words_cache = None
        self._word_tiles = []
        self.background_key = self._words_shown = None
        self.invalidate()


def _check_word(text):
    """Refuse an artist the words layer cannot keep on top: it must be a text in an opaque box."""
    if not isinstance(text, Text):
        raise TypeError(f"the 'words' layer holds texts (matplotlib Text), got {type(text).__name__}.")
    box = text.get_bbox_patch()
    if box is None or (box.get_alpha() if box.get_alpha() is not None else 1.0) < 1 or box.get_facecolor()[3] < 1:
        raise ValueError(f"a text in the 'words' layer needs an opaque box (bbox=dict(fc='white', alpha=1)), "
                         f"got {'no box' if box is None else 'a see-through one'} for {text.get_text()!r}.")


def set_limits(ax, xlim=None, ylim=None):
    """Give ``ax`` new limits when they differ from its current ones, and nothing else.

    Unlike :meth:`~backprop_lab.plotting.Lines.limits` this does not call
    ``invalidate``: a :class:`Blitter` sees new limits by itself
    (:func:`background_key`) and can restore a background it saved for them,
    so a "steps" slider dragged back and forth across a limit costs no full
    draw after the first. Returns True if a limit changed.
    """
    changed = False
    for lim, get, put in ((xlim, ax.get_xlim, ax.set_xlim), (ylim, ax.get_ylim, ax.set_ylim)):
        if lim is not None and tuple(float(v) for v in get()) != (float(lim[0]), float(lim[1])):
            put(float(lim[0]), float(lim[1]))
            changed = True
    return changed
