"""The course's one layer-index notation, as the labels every table and diagram uses.

Layers are counted from the input: ``a0 = x`` is layer 0, the output is layer ``L``.
``W_l`` and ``b_l`` (the code's ``mlp.weights[l]``, ``mlp.biases[l]``) lead FROM layer
``l`` TO layer ``l + 1``::

    z_{l+1} = W_l a_l + b_l          zs[l]
    a_{l+1} = phi(z_{l+1})           activations[l + 1]      (activations[0] = x = a0)
    delta_{l+1} = dC/dz_{l+1}        the delta of MLP._backprop
    dC/dW_l = delta_{l+1} a_l^T      gradients(X, Y)[0][l]

``W_l[j, k]`` is the weight from neuron ``k`` of layer ``l`` to neuron ``j`` of layer
``l + 1``. So a network with ``L`` layers of weights has ``a0 .. aL``, ``z1 .. zL``,
``delta1 .. deltaL``, ``W0 .. W(L-1)`` and ``b0 .. b(L-1)``. Lecture 000's chain
(``s0 -w0-> ...``, ``w0`` leads from ``s0``) counts the same way.

Each helper gives a label in one of three forms: plain text (``'a1[0]'``, ``'W0[0,1]'``),
LaTeX (``form='tex'``: ``'a_{1}[0]'``) or HTML (``form='html'``: ``'a<sub>1</sub>[0]'``)::

    >>> a(0), a(1, 0), z(1, 0), W(0, 0, 1), b(0, 1), delta(1, 0)
    ('a0', 'a1[0]', 'z1[0]', 'W0[0,1]', 'b0[1]', 'delta1[0]')
    >>> W(0, form="tex"), delta(2, form="html")
    ('W_{0}', '&delta;<sub>2</sub>')

:func:`violations` reads a rendered text and names every layer-indexed symbol that breaks
the convention (a tested regex, used by ``tests/test_notation.py``).

Left out: lecture-specific names (lecture 000's ``w0..w2``, lecture 001's ``w1..w8``,
lecture 003's ``a^(1) = x``, ``Theta``, ``Delta``); each lesson maps them in its one
translation table. Standard library only.
"""
from __future__ import annotations

import operator
import re

__all__ = ["FORMS", "a", "z", "delta", "W", "b", "violations"]

#: The label forms: plain text, LaTeX, HTML.
FORMS = ("text", "tex", "html")

_HTML_NAMES = {"delta": "&delta;"}
_TEX_NAMES = {"delta": r"\delta"}


def _index(name, value, minimum):
    """``value`` as an int >= ``minimum`` (numpy integers too), or one clear error."""
    try:
        if isinstance(value, bool):
            raise TypeError
        value = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an int, got {value!r}.") from None
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}.")
    return value


def _label(name, layer, units, form):
    """``name`` with its layer as subscript and the unit indices in brackets."""
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, got {form!r}.")
    tail = "" if not units else "[" + ",".join(str(u) for u in units) + "]"
    if form == "tex":
        return f"{_TEX_NAMES.get(name, name)}_{{{layer}}}{tail}"
    if form == "html":
        return f"{_HTML_NAMES.get(name, name)}<sub>{layer}</sub>{tail}"
    return f"{name}{layer}{tail}"


def _units(*pairs):
    """The given unit indices, checked (``None`` ends the list: a whole vector or matrix)."""
    out = []
    for name, u in pairs:
        if u is None:
            break
        out.append(_index(name, u, 0))
    return out


def a(l, j=None, form="text"):
    """Activation of layer ``l`` (``a0`` is the input ``x``); ``j``: one neuron. ``a(1, 0) == 'a1[0]'``."""
    return _label("a", _index("l", l, 0), _units(("j", j)), form)


def z(l, j=None, form="text"):
    """Weighted input of layer ``l >= 1`` (``z_l = W_{l-1} a_{l-1} + b_{l-1}``, code ``zs[l - 1]``)."""
    return _label("z", _index("l", l, 1), _units(("j", j)), form)


def delta(l, j=None, form="text"):
    """Local gradient ``dC/dz_l`` of layer ``l >= 1``. ``delta(2, 0) == 'delta2[0]'``."""
    return _label("delta", _index("l", l, 1), _units(("j", j)), form)


def W(l, j=None, k=None, form="text"):
    """Weights from layer ``l`` to ``l + 1`` (code ``weights[l]``); ``W(0, 0, 1) == 'W0[0,1]'``:
    from neuron 1 of layer 0 to neuron 0 of layer 1."""
    units = _units(("j", j), ("k", k))
    if len(units) == 1:
        raise ValueError(f"W needs both j and k for one weight, or neither for the matrix; got j={j!r}, k={k!r}.")
    return _label("W", _index("l", l, 0), units, form)


def b(l, j=None, form="text"):
    """Biases of the neurons of layer ``l + 1`` (code ``biases[l]``); ``b(0, 1) == 'b0[1]'``."""
    return _label("b", _index("l", l, 0), _units(("j", j)), form)


# -- checking rendered text ------------------------------------------------------
# a layer-indexed symbol in any of the three forms: a1, a1[0], a_{1}, a_1, a<sub>1</sub>, &delta;<sub>2</sub>
_SYMBOL = re.compile(
    r"(?<![A-Za-z0-9_\\.&'])(?:\\|&|d)?(?P<name>a|z|delta|W|b)(?:;)?"
    r"(?:(?P<n>\d+)|_\{(?P<tex>\d+)\}|_(?P<tex1>\d)|<sub>(?P<html>\d+)</sub>)(?![A-Za-z0-9_(])")
# the old numberings: lecture 004's superscript layers, lecture 003's a^(1) = input, shifted code indices
_OLD = [
    (re.compile(r"(?<![A-Za-z0-9_])(?<!sum )(?<!sum of )\\?(?:W|z|delta|b)\s*(?:\^|<sup>)\s*[\({]?\s*(?:\d|l\b|L\b)"),
     "a layer written as a superscript (lecture numbering); the course writes it as a subscript: W_0, z_1"),
    (re.compile(r"(?<![A-Za-z0-9_])(?<!1 - )a\s*(?:\^|<sup>)\s*[\({]?\s*(?:\d|l\b|L\b)"),
     "a layer written as a superscript (lecture numbering); the course writes a_0, a_1"),
    (re.compile(r"weights\[\s*l\s*-\s*\d\s*\]|biases\[\s*l\s*-\s*\d\s*\]"),
     "a shifted code index (weights[l - 2]); in the course W_l is weights[l]"),
]

# relations the convention fixes between the layers of symbols written together (plain text, after _plain):
# (pattern, which group must equal which group plus what, the sentence)
_IDX = r"(?:\[[\d,\s]+\])?"
_RELATIONS = [
    (re.compile(rf"\bdz(\d+){_IDX}\s*/\s*d(?:W|b)(\d+)"), 1, "dz_(l+1)/dW_l: z is one layer above W and b"),
    (re.compile(rf"\bda(\d+){_IDX}\s*/\s*dz(\d+)"), 0, "da_l/dz_l: a and z of the same layer"),
    (re.compile(rf"\bdz(\d+){_IDX}\s*/\s*da(\d+)"), 1, "dz_(l+1)/da_l: z is one layer above the a it reads"),
    (re.compile(rf"\bz(\d+){_IDX}\s*=\s*(?:\[b\d+\s+)?W(\d+)"), 1, "z_(l+1) = W_l a_l + b_l"),
    (re.compile(rf"\bW(\d+){_IDX}\]?\s+\[?1?;?\s*a(\d+)"), 0, "W_l multiplies a_l"),
    (re.compile(r"\bdC/dW(\d+)\s*=\s*delta(\d+)"), -1, "dC/dW_l = delta_(l+1) a_l^T"),
    (re.compile(r"\bdC/db(\d+)\s*=\s*delta(\d+)"), -1, "dC/db_l = delta_(l+1)"),
    (re.compile(r"\bW(\d+)\^T\s*\(?-?delta(\d+)"), -1, "W_l^T takes delta_(l+1) back"),
    (re.compile(r"\ba(\d+)\s*=\s*(?:phi|S|g|&phi;|φ)\(z(\d+)"), 0, "a_l = phi(z_l)"),
]


def _plain(text):
    """LaTeX and HTML forms as plain text (``W_{0}`` and ``W<sub>0</sub>`` -> ``W0``), for the relations."""
    text = re.sub(r"<sub>(\d+)</sub>", r"\1", text)
    text = text.replace("<sup>T</sup>", "^T")
    text = re.sub(r"_\{(\d+)\}", r"\1", text)
    text = text.replace("&delta;", "delta").replace("\\delta", "delta").replace("\\partial ", "d")
    return re.sub(r"(?<=[A-Za-z])_(\d)(?!\d)", r"\1", text)


#: Where each symbol's layer may go, for a network with ``L`` layers of weights.
_RANGE = {"a": (0, 0), "z": (1, 0), "delta": (1, 0), "W": (0, -1), "b": (0, -1)}


def violations(text, layers):
    """Every layer-indexed symbol in ``text`` that breaks the convention, as sentences.

    ``layers`` is ``L``, the number of layers of weights of the network the text is about:
    ``a`` may have layers 0..L, ``z`` and ``delta`` 1..L, ``W`` and ``b`` 0..L-1 (``None``:
    text about several networks, only the old numberings are looked for). Old numberings
    (``W^2``, ``a^(1)``, ``weights[l - 2]``) are always wrong. ``[]`` when all is well.

    >>> violations("dC/dW0[0,1] = delta1[0] * a0[1]", layers=2)
    []
    >>> violations("z0[1]", layers=2)
    ["z0 in 'z0[1]': z has layers 1..2 in a network with 2 layers of weights."]
    """
    if layers is not None and (isinstance(layers, bool) or not isinstance(layers, int) or layers < 1):
        raise ValueError(f"layers must be an int >= 1 (layers of weights) or None, got {layers!r}.")
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}.")
    found = []
    for m in () if layers is None else _SYMBOL.finditer(text):
        name = m.group("name")
        l = int(next(g for g in (m.group("n"), m.group("tex"), m.group("tex1"), m.group("html")) if g is not None))
        low, high = _RANGE[name][0], layers + _RANGE[name][1]
        if not low <= l <= high:
            around = text[max(0, m.start() - 10):m.end() + 6].strip()
            found.append(f"{name}{l} in {around!r}: {name} has layers {low}..{high} "
                         f"in a network with {layers} layers of weights.")
    plain = _plain(text)
    for pattern, shift, why in () if layers is None else _RELATIONS:
        for m in pattern.finditer(plain):
            first, second = int(m.group(1)), int(m.group(2))
            if first != second + shift:
                found.append(f"{m.group(0)!r}: the layers do not fit together ({why}).")
    for pattern, why in _OLD:
        for m in pattern.finditer(text):
            found.append(f"{m.group(0)!r}: {why}.")
    return found
