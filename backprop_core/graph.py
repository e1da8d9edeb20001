"""A scalar computational graph that does backpropagation (micrograd style).

Every arithmetic operation on a :class:`Value` returns a new ``Value`` that
remembers its inputs (``inputs``), the operation that made it (``op``) and a
small ``_backward`` closure: the local chain-rule step of that operation,
written right next to its forward code.  ``root.backward()`` sorts the graph
once (inputs before the nodes that use them) and runs the closures once in
reverse order, so every node ends up holding ``d root / d node`` in ``grad``.

This is exactly the picture of lecture 003 ("computational graphs"): each gate
multiplies the upstream gradient by its local gradient, and where a value
feeds several gates (a "copy gate") the incoming gradients are *added*
(lecture 002: "when multiple gradients come into a neuron you add them").

>>> x, y, z = Value(-2.0, 'x'), Value(5.0, 'y'), Value(-4.0, 'z')
>>> q = x + y; f = q * z
>>> f.backward()
>>> f.data, x.grad, y.grad, z.grad
(-12.0, -4.0, -4.0, 3.0)

Every node's ``data`` and ``grad`` is a finite float: setting a NaN or an
infinity raises ``ValueError``, and an operation whose result would not be
finite (``1 / 0``, ``exp(1000)``, ``1e308 * 10``) raises ``ValueError``
naming the operation instead of carrying ``inf`` or ``nan`` on. There is no
fixed size limit: the engine reports an overflow where it happens.

What this module leaves out
---------------------------
* Tensors: every node holds one Python float.  The vectorised network lives
  in ``backprop_core.mlp``; this engine is for seeing the chain rule work.
* Variable exponents: ``x ** n`` needs a plain number ``n``.
* Second derivatives, in-place updates of a graph, and any optimiser.
* Drawing: :func:`trace` returns nodes and edges; plotting code lives outside
  the engine and only reads ``data``, ``grad``, ``op``, ``inputs``, ``label``.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from .validation import check_real

__all__ = ["Value", "trace"]


def _checked(compute, what):
    """Run ``compute()``; raise ValueError if the float result overflowed."""
    try:
        result = compute()
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise ValueError(f"{what} overflowed: the result ({result}) is too large for a float.")
    return result


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Value:
    """One scalar node of a computational graph.

    Parameters
    ----------
    data : float
        The number this node holds (finite, real).
    label : str, optional
        A name for drawings and ``repr``, e.g. ``'x'`` or ``'q'``.
    _children : tuple of Value, optional
        The inputs of the operation that produced this node (set by the
        operations; leave empty for inputs and weights).
    _op : str, optional
        The name of that operation, e.g. ``'+'``, ``'*'``, ``'exp'``.

    Attributes
    ----------
    data : float
        Forward value.
    grad : float
        ``d root / d self`` after ``root.backward()``; 0.0 before.
    op : str
        Read-only alias of ``_op`` (``''`` for leaves).
    inputs : tuple of Value
        Read-only alias of ``_prev``: the operands in order, duplicates kept
        (``a * a`` has inputs ``(a, a)``).

    Examples
    --------
    The lecture-002 chain ``f = 1 / (1 + exp(-x))`` at ``x = 1``:

    >>> x = Value(1.0, 'x')
    >>> f = 1 / (1 + (-x).exp())
    >>> f.backward()
    >>> round(f.data, 4), round(x.grad, 2)
    (0.7311, 0.2)
    """

    def __init__(self, data, label="", _children=(), _op=""):
        if isinstance(data, Value):
            raise TypeError(f"data must be a real number, got a Value ({data!r}); use that Value directly.")
        self.data = check_real("data", data)
        self._grad = 0.0
        self.label = label
        children = tuple(_children)
        for child in children:
            if not isinstance(child, Value):
                raise TypeError(f"_children must contain only Value objects, got {_short(child)}.")
        self._prev = children
        if not isinstance(_op, str):
            raise TypeError(f"_op must be a str, got {_short(_op)} ({type(_op).__name__}).")
        self._op = _op
        self._backward = lambda: None  # leaves have nothing to pass on

    # -- checked attributes: a NaN or an infinity is refused, never carried on --
    @property
    def data(self):
        """The number this node holds: always a finite float."""
        return self._data

    @data.setter
    def data(self, value):
        if type(value) is float and math.isfinite(value):  # the usual case, checked fast
            self._data = value
        else:
            self._data = check_real("data", value)

    @property
    def grad(self):
        """``d root / d self`` after ``root.backward()``: always a finite float."""
        return self._grad

    @grad.setter
    def grad(self, value):
        if type(value) is float and math.isfinite(value):  # every += of backward(): checked fast
            self._grad = value
            return
        value = check_real("grad", value, finite=False)
        if not math.isfinite(value):
            raise ValueError(f"grad must be a finite number, got {value}: a gradient overflowed to {value} "
                             f"at node {self!r} (op {self._op!r}).")
        self._grad = value

    @property
    def label(self):
        """A name for drawings and ``repr`` (a str)."""
        return self._label

    @label.setter
    def label(self, value):
        if not isinstance(value, str):
            raise TypeError(f"label must be a str, got {_short(value)} ({type(value).__name__}).")
        self._label = value

    # -- read-only views for drawing code --------------------------------
    @property
    def op(self):
        """The operation that produced this node (``''`` for a leaf)."""
        return self._op

    @property
    def inputs(self):
        """The operands of that operation, in order (duplicates kept)."""
        return self._prev

    def __repr__(self):
        text = f"Value(data={self.data:.4g}, grad={self.grad:.4g}"
        if self.label:
            text += f", label={self.label!r}"
        return text + ")"

    # -- helpers ------------------------------------------------------------
    @staticmethod
    def _wrap(other):
        """A Value stays itself; a plain real number becomes a constant leaf."""
        if isinstance(other, Value):
            return other
        if isinstance(other, (bool, np.bool_)) or not isinstance(other, numbers.Real):
            raise TypeError(
                f"other operand must be a Value or a real number, got {_short(other)} ({type(other).__name__})."
            )
        return Value(check_real("other operand", other))

    # -- binary operations: forward value, then the local backward rule -----
    def __add__(self, other):
        other = Value._wrap(other)
        out = Value(_checked(lambda: self.data + other.data, f"{self!r} + {other!r}"), _children=(self, other), _op="+")

        def _backward():
            # add gate distributes: d(a+b)/da = d(a+b)/db = 1
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __sub__(self, other):
        other = Value._wrap(other)
        out = Value(_checked(lambda: self.data - other.data, f"{self!r} - {other!r}"), _children=(self, other), _op="-")

        def _backward():
            # d(a-b)/da = 1, d(a-b)/db = -1
            self.grad += out.grad
            other.grad += -out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = Value._wrap(other)
        out = Value(_checked(lambda: self.data * other.data, f"{self!r} * {other!r}"), _children=(self, other), _op="*")

        def _backward():
            # mul gate swaps: d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = Value._wrap(other)
        if other.data == 0.0:
            raise ValueError(f"division by zero: the denominator {other!r} has data 0.0.")
        out = Value(_checked(lambda: self.data / other.data, f"{self!r} / {other!r}"), _children=(self, other), _op="/")

        def _backward():
            # d(a/b)/da = 1/b,  d(a/b)/db = -a/b**2  (written as (-a/b)/b: no b*b underflow)
            self.grad += out.grad / other.data
            other.grad += (-self.data / other.data) / other.data * out.grad

        out._backward = _backward
        return out

    def __radd__(self, other):  # 1 + v
        return Value._wrap(other) + self

    def __rsub__(self, other):  # 1 - v
        return Value._wrap(other) - self

    def __rmul__(self, other):  # 2 * v
        return Value._wrap(other) * self

    def __rtruediv__(self, other):  # 1 / v
        return Value._wrap(other) / self

    def max(self, other):
        """The lecture's max gate: ``max(self, other)``.

        The gradient is routed to the larger input only; on a tie it goes to
        ``self`` (the first input).

        >>> a, b = Value(3.0), Value(1.0)
        >>> m = a.max(b); m.backward()
        >>> (m.data, a.grad, b.grad)
        (3.0, 1.0, 0.0)
        """
        other = Value._wrap(other)
        first_wins = self.data >= other.data
        out = Value(self.data if first_wins else other.data, _children=(self, other), _op="max")

        def _backward():
            # max gate routes the whole upstream gradient to the winner
            if first_wins:
                self.grad += out.grad
            else:
                other.grad += out.grad

        out._backward = _backward
        return out

    # -- unary operations -----------------------------------------------------
    def __neg__(self):
        out = Value(-self.data, _children=(self,), _op="neg")

        def _backward():
            self.grad += -out.grad  # d(-a)/da = -1

        out._backward = _backward
        return out

    def __pow__(self, n):
        """``self ** n`` for a plain number ``n`` (``d/dx x**n = n x**(n-1)``).

        >>> x = Value(3.0); y = x ** 2; y.backward(); (y.data, x.grad)
        (9.0, 6.0)
        """
        if isinstance(n, Value):
            raise TypeError(
                f"exponent must be a plain int or float, got a Value ({n!r}); "
                "a variable exponent is not supported: write (n * x.log()).exp() instead."
            )
        n = check_real("exponent", n)
        x = self.data
        if x == 0.0 and n < 0:
            raise ValueError(f"0 cannot be raised to the negative power {n:g} (base {self!r}).")
        if x == 0.0 and 0 < n < 1:
            raise ValueError(f"x ** {n:g} has an infinite derivative at x = 0 (base {self!r}).")
        if x < 0.0 and not n.is_integer():
            raise ValueError(f"a negative base {self!r} needs an integer exponent, got {n:g}.")
        data = _checked(lambda: x**n, f"{self!r} ** {n:g}")
        # local gradient n * x**(n-1), computed now so an overflow is reported here
        local = 0.0 if n == 0 else _checked(lambda: n * x ** (n - 1), f"the derivative of x ** {n:g} at x = {x:g}")
        out = Value(data, _children=(self,), _op=f"**{n:g}")

        def _backward():
            self.grad += local * out.grad

        out._backward = _backward
        return out

    def __rpow__(self, base):
        raise TypeError(
            f"exponent must be a plain int or float, got a Value ({self!r}) in {_short(base)} ** Value; "
            "write (self * math.log(base)).exp() instead."
        )

    def exp(self):
        """``e ** self``; local gradient ``exp(x)`` (the output itself).

        >>> Value(0.0).exp().data
        1.0
        """
        out = Value(_checked(lambda: math.exp(self.data), f"exp({self.data!r})"), _children=(self,), _op="exp")

        def _backward():
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self):
        """Natural logarithm, defined for ``data > 0``; local gradient ``1/x``.

        >>> round(Value(math.e).log().data, 12)
        1.0
        """
        if not self.data > 0.0:
            raise ValueError(f"log is only defined for data > 0, got data={self.data!r} in {self!r}.")
        out = Value(math.log(self.data), _children=(self,), _op="log")

        def _backward():
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def sigmoid(self):
        """Logistic sigmoid ``1 / (1 + exp(-x))``; local gradient ``s (1 - s)``.

        Evaluated without overflow for any finite input (``exp`` only ever
        sees a non-positive number).

        >>> round(Value(1.0).sigmoid().data, 4)
        0.7311
        """
        x = self.data
        if x >= 0:
            s = 1.0 / (1.0 + math.exp(-x))
        else:
            e = math.exp(x)
            s = e / (1.0 + e)
        out = Value(s, _children=(self,), _op="sigmoid")

        def _backward():
            # derivative written with the output, as in the lecture: s(1-s)
            self.grad += out.data * (1.0 - out.data) * out.grad

        out._backward = _backward
        return out

    def tanh(self):
        """Hyperbolic tangent; local gradient ``1 - t**2``.

        >>> Value(0.0).tanh().data
        0.0
        """
        out = Value(math.tanh(self.data), _children=(self,), _op="tanh")

        def _backward():
            self.grad += (1.0 - out.data**2) * out.grad

        out._backward = _backward
        return out

    def relu(self):
        """``max(0, x)``; local gradient 1 for ``x > 0`` and 0 otherwise (also at 0).

        >>> Value(-2.0).relu().data, Value(3.0).relu().data
        (0.0, 3.0)
        """
        out = Value(self.data if self.data > 0 else 0.0, _children=(self,), _op="relu")

        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad

        out._backward = _backward
        return out

    # -- the whole graph ------------------------------------------------------
    def topological_order(self):
        """All nodes this one depends on (itself included), inputs first.

        Iterative depth-first search, so graphs deeper than Python's recursion
        limit work.  Each node appears once even when it is used many times.

        Returns
        -------
        list of Value
            ``order[-1] is self``; every node comes after all its inputs.

        >>> a = Value(2.0, 'a'); b = a * a; [v.label or v.op for v in b.topological_order()]
        ['a', '*']
        """
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            node, inputs_done = stack.pop()
            if inputs_done:
                order.append(node)  # all its inputs are already in `order`
                continue
            if node in seen:
                continue
            seen.add(node)
            stack.append((node, True))
            for child in reversed(node._prev):  # reversed: first input is visited first
                if child not in seen:
                    stack.append((child, False))
        return order

    def zero_grad(self):
        """Set ``grad = 0.0`` on every node of the graph ending here."""
        for node in self.topological_order():
            node.grad = 0.0

    def backward(self):
        """Fill ``grad`` of every node with ``d self / d node``.

        Resets all gradients of the graph to 0 first, then sets
        ``self.grad = 1`` and applies each node's local rule once, from the
        output back to the inputs.  Calling it twice gives the same gradients
        (not doubled).

        Raises
        ------
        ValueError
            If a gradient overflows to infinity.

        >>> a = Value(3.0); f = a * a + a; f.backward(); a.grad   # 2a + 1
        7.0
        """
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
        for node in order:
            if not math.isfinite(node.grad):
                raise ValueError(f"a gradient overflowed to {node.grad} at node {node!r} (op {node._op!r}).")


def trace(root):
    """Nodes and edges of the graph ending at ``root``, for drawing code.

    Parameters
    ----------
    root : Value
        The output node.

    Returns
    -------
    nodes : list of Value
        In forward (topological) order, each node once.
    edges : list of (Value, Value)
        ``(child, parent)`` pairs: ``child`` is an input of ``parent``.  An
        input used twice by one operation (``a * a``) gives two edges.

    >>> a = Value(2.0, 'a'); b = Value(3.0, 'b'); c = a * b
    >>> nodes, edges = trace(c)
    >>> len(nodes), [(u.label, v.op) for u, v in edges]
    (3, [('a', '*'), ('b', '*')])
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {_short(root)} ({type(root).__name__}).")
    nodes = root.topological_order()
    edges = [(child, node) for node in nodes for child in node._prev]
    return nodes, edges
