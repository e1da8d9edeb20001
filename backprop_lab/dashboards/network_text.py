"""Cheaper text for the lesson 06 figures: glyph bitmaps rendered once, then reused.

matplotlib 3.11's Agg renderer lays out every line of text with FreeType and
renders every glyph again on every draw (and sets the font size, which runs
the font's hinting program, once per glyph): about 0.1 ms a glyph. The
network diagram redraws ten two-line labels, six unit values and a title on
every slider change, over 300 glyphs, so text alone cost some 30 ms a change.

:func:`use_glyph_cache` gives one Agg renderer a ``draw_text`` that keeps
each glyph's bitmap (per font, size and quarter-pixel horizontal offset) and
each character's advance, and only copies bitmaps onto the canvas; it
measures lines (for alignment and label boxes) from the same bitmaps. Lines are
placed by the (hinted) advances matplotlib measures them with, without kerning
(numbers and the short labels here have no kerned pairs worth a pixel). Rotated text, mathtext and
characters missing from the font go the usual way.
"""
from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg, get_hinting_flag
from matplotlib.ft2font import FT2Font, RenderMode

__all__ = ["use_glyph_cache"]

#: matplotlib's private pieces this needs (matplotlib 3.11, pinned); without them text is drawn the usual way
_SUPPORTED = (all(hasattr(FT2Font, a) for a in ("_layout", "_set_transform", "_render_glyph"))
              and hasattr(RendererAgg, "_prepare_font"))
_SUBPIXELS = 4
_IDENTITY = np.array([[0x10000, 0], [0, 0x10000]], dtype=int)
# (font file, size, dpi, hinting) -> {char: (glyph index, advance px)} and {(glyph index, subpixel): (buffer, left, top)}
_ADVANCES: dict = {}
_BITMAPS: dict = {}


_FONTS: dict = {}  # (font properties, dpi, hinting) -> (font, key)
_LINES: dict = {}  # (font file, size, dpi, hinting) -> {(text, subpixel): (bitmap, left, top) or None}
_LINE_CACHE_SIZE = 4000
_HEIGHTS: dict = {}  # (font properties, size, dpi) -> (ascent, descent, line gap) px, as Text._get_layout finds them


def _font(renderer, prop):
    """The FreeType font for these properties and its cache key (looked up once per properties)."""
    lookup = (hash(prop), prop.get_size_in_points(), renderer.dpi, get_hinting_flag())
    found = _FONTS.get(lookup)
    if found is None:
        font = renderer._prepare_font(prop)
        found = _FONTS[lookup] = (font, (font.fname, float(prop.get_size_in_points()), float(renderer.dpi),
                                         get_hinting_flag()))
    return found


def _glyph_run(renderer, s, prop):
    """(font, key, [(glyph index, x advance before it)]) for one line, or None when a glyph is missing."""
    font, key = _font(renderer, prop)
    advances = _ADVANCES.setdefault(key, {})
    run, pen = [], 0.0
    for c in s:
        known = advances.get(c)
        if known is None:
            font.set_size(key[1], key[2])  # the font object is shared: its size may have changed
            items = font._layout(c, flags=key[3])
            if len(items) != 1 or items[0].ft_object is not font:  # from a fallback font, or none
                known = advances[c] = (None, 0.0)
            else:
                glyph = font.load_char(ord(c), flags=key[3])
                known = advances[c] = (items[0].glyph_index, glyph.horiAdvance / 64.0)
        if known[0] is None:
            return None
        run.append((known[0], pen))
        pen += known[1]
    return font, key, run


def _bitmap(font, key, index, sub):
    cache = _BITMAPS.setdefault(key, {})
    hit = cache.get((index, sub))
    if hit is None:
        font.set_size(key[1], key[2])
        font._set_transform(_IDENTITY, [round(0x40 * sub / _SUBPIXELS), 0])
        bitmap = font._render_glyph(index, key[3], RenderMode.NORMAL)
        hit = cache[(index, sub)] = (np.array(bitmap.buffer), bitmap.left, bitmap.top)
    return hit


_USUAL = object()  # a line with a character the font lacks: drawn and measured the usual way


def _line_bitmap(renderer, s, prop, sub0):
    """One line's glyphs composed into one bitmap ``(buffer, left, top)``; None for blanks only,
    :data:`_USUAL` when a character is missing from the font.

    Placed at x = ``sub0`` quarter pixels from a whole pixel; kept per (font, text, ``sub0``), so a label
    whose text did not change is one lookup and one copy onto the canvas, and a changed one is composed
    from cached glyphs.
    """
    font, key = _font(renderer, prop)
    cache = _LINES.setdefault(key, {})
    hit = cache.get((s, sub0))
    if hit is not None:
        return hit[0]
    found = _glyph_run(renderer, s, prop)
    line = _USUAL if found is None else None
    placed = []
    for index, dx in (found[2] if found is not None else ()):
        px = sub0 / _SUBPIXELS + dx
        whole = int(np.floor(px))
        buffer, left, top = _bitmap(font, key, index, int((px - whole) * _SUBPIXELS))
        if buffer.size:
            placed.append((buffer, whole + left, top))
    if placed:
        x0 = min(p[1] for p in placed)
        x1 = max(p[1] + p[0].shape[1] for p in placed)
        top = max(p[2] for p in placed)
        bottom = min(p[2] - p[0].shape[0] for p in placed)
        out = np.zeros((top - bottom, x1 - x0), np.uint8)
        for buffer, left, t in placed:
            rows, cols = buffer.shape
            target = out[top - t:top - t + rows, left - x0:left - x0 + cols]
            np.maximum(target, buffer, out=target)
        line = (out, x0, top)
    if len(cache) >= _LINE_CACHE_SIZE:  # numbers change with every slider move: forget the oldest lines
        for old in list(cache)[:_LINE_CACHE_SIZE // 2]:
            del cache[old]
    cache[(s, sub0)] = (line,)
    return line


def use_glyph_cache(renderer):
    """Give this Agg renderer the cached ``draw_text`` (idempotent; other renderers are left alone).

    Returns True when installed (the renderer is a plain Agg renderer)."""
    if not isinstance(renderer, RendererAgg) or not _SUPPORTED or not hasattr(renderer._renderer, "draw_text_image"):
        return False
    if getattr(renderer, "_glyph_cache_installed", False):
        return True
    usual = renderer.draw_text

    def draw_text(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or angle % 360 != 0 or not gc.get_antialiased():
            return usual(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        start = int(np.floor(x))
        line = _line_bitmap(renderer, s, prop, int((x - start) * _SUBPIXELS))
        if line is _USUAL:
            return usual(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        if line is not None:
            buffer, left, top = line
            base = round(renderer.height - y)  # the baseline, FreeType's y (upwards)
            renderer._renderer.draw_text_image(buffer, start + left, int(renderer.height) - (base + top)
                                               + buffer.shape[0], 0, gc)

    usual_extent = renderer.get_text_width_height_descent

    def get_text_width_height_descent(s, prop, ismath):
        found = None if ismath else _glyph_run(renderer, s, prop)
        if found is None:
            return usual_extent(s, prop, ismath)
        font, key, run = found
        x0 = y0 = float("inf")
        x1 = y1 = float("-inf")
        for index, dx in run:
            buffer, left, top = _bitmap(font, key, index, 0)
            if buffer.size:
                x0, x1 = min(x0, dx + left), max(x1, dx + left + buffer.shape[1])
                y0, y1 = min(y0, top - buffer.shape[0]), max(y1, top)
        if x0 == float("inf"):  # blanks only: their advance
            return usual_extent(s, prop, ismath)
        return float(x1 - x0), float(y1 - y0), float(max(-y0, 0))

    def font_height_metrics(prop):
        # what Text._get_layout otherwise looks up for every text on every draw (the font by its
        # properties, then its OS/2 or hhea table): (ascent, descent, line gap) in pixels, kept per font
        lookup = (hash(prop), prop.get_size_in_points(), renderer.dpi)
        found = _HEIGHTS.get(lookup)
        if found is None:
            font = renderer._prepare_font(prop)
            found = (None, None, None)
            for table_name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                                    ("hhea", "lineGap", "ascent", "descent")):
                table = font.get_sfnt_table(table_name)
                if table is not None:
                    scale = prop.get_size_in_points() * renderer.dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
                    found = (table[ascent] * scale, -table[descent] * scale, table[gap] * scale)
                    break
            _HEIGHTS[lookup] = found
        return found

    renderer.draw_text = draw_text
    renderer.get_text_width_height_descent = get_text_width_height_descent
    renderer._get_font_height_metrics = font_height_metrics
    renderer._glyph_cache_installed = True
    return True
