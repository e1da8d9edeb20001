"""Tables of numbers that render two ways: HTML for students, plain text for nbval.

A :class:`Table` is columns plus rows of cells. A cell is a plain value, or a
:class:`Math` holding LaTeX and its plain-text twin. ``to_html()`` typesets
the LaTeX with matplotlib's mathtext into small cached PNG images, so a live
table updates without waiting for MathJax and never flashes raw TeX;
``to_text()`` is a fixed-width table whose every digit nbval compares.

Numbers are formatted by :func:`fmt`, which never prints ``nan``: a missing
or non-finite number shows as a dash and a word.
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import math
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Math", "Table", "fmt", "latex_image", "math_css", "math_parts"]


def fmt(value, digits=6):
    """Format a number with ``digits`` significant digits for a table cell.

    >>> fmt(0.98201379), fmt(4.0), fmt(-0.0011773525), fmt(float('inf'))
    ('0.982014', '4', '-0.00117735', 'overflow')
    """
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x):
        return "undefined"
    if math.isinf(x):
        return "overflow"
    if x == 0:
        return "0"
    text = f"{x:.{digits}g}"
    if "e" in text:
        mant, exp = text.split("e")
        text = f"{mant}e{int(exp)}"
    return text


@dataclass(frozen=True)
class Math:
    """A formula: LaTeX for the screen, plain text for text output."""

    latex: str
    text: str

    def __str__(self):
        return self.text


@lru_cache(maxsize=512)
def latex_image(latex, fontsize=13, dpi=200):
    """A PNG data URI of ``$latex$`` typeset by matplotlib's mathtext, with its CSS size.

    Returns ``(uri, width_px, height_px)`` at CSS pixel size (rendered at 2x
    for sharp text on high-resolution screens). Cached: each formula is drawn once.
    """
    from matplotlib import mathtext  # presentation layer only

    buf = io.BytesIO()
    mathtext.math_to_image(f"${latex}$", buf, dpi=dpi, format="png", prop=_font(fontsize))
    data = buf.getvalue()
    # PNG header: width and height are big-endian ints at bytes 16..24
    w = int.from_bytes(data[16:20], "big")
    h = int.from_bytes(data[20:24], "big")
    scale = 100 / dpi
    uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return uri, round(w * scale), round(h * scale)


def _math_class(latex):
    return "bpm-" + hashlib.md5(latex.encode("utf-8")).hexdigest()[:12]


def math_css(latexes):
    """CSS rules that draw each formula as a background image of a ``span``.

    A live table then refers to formulas by class name only, so an update
    sends a few kilobytes instead of every image again.
    """
    rules = []
    for latex in sorted(set(latexes)):
        uri, w, h = latex_image(latex)
        rules.append(f".{_math_class(latex)}{{display:inline-block;width:{w}px;height:{h}px;"
                     f"background:url({uri}) no-repeat;background-size:contain;vertical-align:middle}}")
    return "\n".join(rules)


def _font(size):
    from matplotlib.font_manager import FontProperties

    return FontProperties(size=size)


def _command_at(latex, i, command):
    """True if the LaTeX command ``command`` (not a longer one like ``\\leftarrow``) starts at ``i``."""
    end = i + len(command)
    return latex.startswith(command, i) and not latex[end:end + 1].isalpha()


@lru_cache(maxsize=4096)
def math_parts(latex):
    """A formula cut where a line may break: at top-level ``\\,`` (a product written side by side)
    and ``\\cdot``, never inside braces. Returns ``[(latex_part, separator), ...]``, the
    separator (``''`` or ``'·'``) standing before the part.

    >>> math_parts(r"\\frac{a}{b}\\,c \\cdot d")
    (('\\\\frac{a}{b}', ''), ('c', ''), ('d', '·'))
    """
    parts, depth, start, sep, i = [], 0, 0, "", 0
    while i < len(latex):
        ch = latex[i]
        if ch == "{" or _command_at(latex, i, "\\left"):
            depth += 1
        elif ch == "}" or _command_at(latex, i, "\\right"):
            depth -= 1
        elif depth == 0 and latex.startswith(("\\,", "\\cdot"), i):
            width = 2 if latex.startswith("\\,", i) else 5
            if latex[i:i + width] == "\\cdot" and latex[i + width:i + width + 1].isalpha():
                i += 1
                continue
            part = latex[start:i].strip()
            if part:
                parts.append((part, sep))
            sep = "" if width == 2 else "\u00b7"
            start = i + width
            i += width
            continue
        i += 1
    part = latex[start:].strip()
    if part:
        parts.append((part, sep))
    return tuple(parts) or ((latex, ""),)


def _cell_html(cell, digits):
    if isinstance(cell, Math):
        alt = html.escape(cell.text)
        parts = math_parts(cell.latex)
        if len(parts) == 1:
            return f'<span class="{_math_class(cell.latex)}" role="img" aria-label="{alt}" title="{alt}"></span>'
        # one image per factor, so a long product wraps between factors on a narrow screen
        spans = " ".join((f"{sep} " if sep else "") + f'<span class="{_math_class(p)}"></span>' for p, sep in parts)
        return f'<span role="img" aria-label="{alt}" title="{alt}">{spans}</span>'

    if isinstance(cell, str):
        return html.escape(cell)
    return html.escape(fmt(cell, digits))


class Table:
    """A small table with an HTML and a plain-text form.

    Parameters
    ----------
    columns : list of str
        Column headings.
    rows : list of list
        Cells: numbers, strings or :class:`Math`.
    title : str
        Shown above the table.
    highlight : set of int
        Row indices drawn highlighted (e.g. the weights whose cost surface is shown).
    digits : int
        Significant digits of numbers.
    wrap : bool
        Let long text cells wrap inside the output's width (a table of sentences).
    groups : list of int
        Row indices before which a separating rule is drawn.

    Examples
    --------
    >>> print(Table(["x", "S(x)"], [[0, 0.5], [4, 0.98201379]]).to_text())
    x | S(x)
    --+---------
    0 | 0.5
    4 | 0.982014
    """

    def __init__(self, columns, rows, title="", highlight=(), digits=6, groups=(), numeric_columns=None, wrap=False):
        self.columns = list(columns)
        self.rows = [list(r) for r in rows]
        for i, r in enumerate(self.rows):
            if len(r) != len(self.columns):
                raise ValueError(f"row {i} has {len(r)} cells, expected {len(self.columns)} (one per column).")
        self.title = title
        self.highlight = set(highlight)
        self.digits = digits
        self.groups = set(groups)
        self.numeric_columns = numeric_columns
        self.wrap = wrap  # long text cells wrap inside the output's width (a table of sentences)

    def cell_text(self, i, j):
        cell = self.rows[i][j]
        return str(cell) if isinstance(cell, (Math, str)) else fmt(cell, self.digits)

    def to_text(self):
        """Fixed-width plain text; highlighted rows are marked with ``>``."""
        cells = [[self.cell_text(i, j) for j in range(len(self.columns))] for i in range(len(self.rows))]
        widths = [max([len(c)] + [len(r[j]) for r in cells]) for j, c in enumerate(self.columns)]
        mark = bool(self.highlight)

        def line(parts, prefix="  " if mark else ""):
            return (prefix + " | ".join(p.ljust(w) for p, w in zip(parts, widths))).rstrip()

        out = [self.title] if self.title else []
        out.append(line(self.columns))
        out.append(("  " if mark else "") + "-+-".join("-" * w for w in widths))
        for i, r in enumerate(cells):
            if i in self.groups and i:
                out.append(("  " if mark else "") + "-+-".join("-" * w for w in widths))
            out.append(line(r, ("> " if i in self.highlight else "  ") if mark else ""))
        return "\n".join(out)

    def formulas(self):
        """The LaTeX of every formula image the HTML uses (long products are drawn factor by factor)."""
        return {p for r in self.rows for c in r if isinstance(c, Math) for p, _sep in math_parts(c.latex)}

    def to_html(self, embed_css=True):
        """HTML with typeset formulas and right-aligned numbers.

        With ``embed_css=False`` the formula images are left to a stylesheet
        made by :func:`math_css` elsewhere on the page (live dashboards).
        """
        numeric = self.numeric_columns
        wrap = "white-space:normal;overflow-wrap:anywhere;vertical-align:top;" if self.wrap else ""
        if numeric is None:
            numeric = {j for j in range(len(self.columns))
                       if all(not isinstance(r[j], (str, Math)) for r in self.rows)}
        head = "".join(f'<th style="text-align:{"right" if j in numeric else "left"};padding:2px 8px">'
                       f'{html.escape(c)}</th>'
                       for j, c in enumerate(self.columns))
        body = []
        for i, r in enumerate(self.rows):
            style = []
            if i in self.highlight:
                style.append("background:#fff3c4")
            if i in self.groups and i:
                style.append("border-top:2px solid #888")
            cells = "".join(
                f'<td style="text-align:{"right" if j in numeric else "left"};'
                f'{"font-family:monospace;" if j in numeric else wrap}padding:2px 8px">'
                f'{_cell_html(c, self.digits)}</td>'
                for j, c in enumerate(r))
            body.append(f'<tr style="{";".join(style)}">{cells}</tr>')
        title = f'<div style="font-weight:bold;margin:4px 0">{html.escape(self.title)}</div>' if self.title else ""
        css = f"<style>{math_css(self.formulas())}</style>" if embed_css else ""
        width = ";width:100%" if self.wrap else ""
        return (f'<div class="bplab-table">{css}{title}<table style="border-collapse:collapse{width}">'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")

    def _repr_html_(self):
        return self.to_html()

    def __repr__(self):
        return self.to_text()

    def __str__(self):
        return self.to_text()
