"""Check a backward pass the student wrote, and name the likely mistake (lectures 000-004).

A code exercise asks for a function: the backward rules of a :class:`~backprop_core.Value`
(lesson 02), ``d out/d w0`` of lecture 000's chain (lesson 03), one backward pass of
lecture 001's 2-2-2 network (lesson 06), the batch matrix formulas of one layer
(lesson 07). Each is a :class:`CodeCheck`, listed in :data:`CHECKS`::

    >>> from backprop_core.code_checks import CHECKS, check
    >>> spec = CHECKS["chain_dout_dw0"]
    >>> spec.function
    'dout_dw0'
    >>> check("chain_dout_dw0", spec.reference).passed
    True

:func:`check` runs the student's function through the course's one runner,
:func:`backprop_core.sandbox.run_student` (time limit, ``sys.exit()``, the stop
button: a sentence, and the kernel survives), on the lecture's numbers first and
then on a few random inputs (fixed seed), and compares every output with the
reference to a relative tolerance of :data:`RTOL`. When an output is wrong it
computes what each mistake of the exercise's catalogue (:class:`Mistake`: the bugs of
:mod:`backprop_core.bugs` written for this one function, a transposed matrix, a
missing ``1/m``, a missing activation derivative, the wrong sign, ``=`` instead
of ``+=``) would give on the same input, and names the one the student's numbers match.
The verdict is a :class:`CodeReport` whose ``message`` is one sentence.

Left out: what a student's code looks like (only what it computes is judged, so
a correct function written in an unusual way passes), partial credit, and the
widgets (:mod:`backprop_lab.code_exercises`).
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from .activations import sigmoid
from .graph import Value
from .mazur import MazurNetwork
from .sandbox import DEFAULT_TIMEOUT, run_student, sentence

__all__ = ["CodeCheck", "Mistake", "Case", "CodeReport", "Node", "CHECKS", "check", "RTOL", "NOT_WRITTEN",
           "run_backward"]

#: Relative tolerance of the comparison (an absolute floor of ``RTOL`` times the case's largest output is added).
RTOL = 1e-6

NOT_WRITTEN = ("Not written yet: your function still has blanks (or raises NotImplementedError), "
               "so replace each blank with code and check again.")


class BadReturn(Exception):
    """What the student's function returned has the wrong form (the message says how)."""


@dataclass(frozen=True)
class Mistake:
    """One typical mistake: ``fn`` computes what it gives (same signature as the student's function)."""

    name: str
    title: str
    hint: str
    fn: object = field(repr=False)


@dataclass(frozen=True)
class Case:
    """One input of a check: the arguments and a few words saying what they are."""

    label: str
    args: tuple


@dataclass(frozen=True)
class CodeCheck:
    """A code exercise: the function asked for, how to call and judge it, and its mistakes.

    ``function`` is the name the student's ``def`` uses, ``template`` and ``solution``
    are source text, ``hints`` general hints (first to last), ``cases()`` the inputs
    (the lecture's first), ``call(fn, *args)`` runs a function on one case,
    ``convert(raw, args)`` turns what it gave into ``{output name: float array}`` or
    raises :class:`BadReturn`, ``reference`` is a correct function.
    """

    name: str
    function: str
    title: str
    template: str
    solution: str
    hints: tuple
    reference: object = field(repr=False)
    mistakes: tuple = field(repr=False)
    cases: object = field(repr=False)
    convert: object = field(repr=False)
    call: object = field(default=None, repr=False)

    def run(self, fn, args):
        """``convert(call(fn, *args))``: the outputs of ``fn`` on one case (no sandbox: for trusted code)."""
        raw = self.call(fn, *args) if self.call else fn(*args)
        return self.convert(raw, args)


@dataclass(frozen=True, repr=False)
class CodeReport:
    """The verdict on a student's function; ``repr`` is the message, so a notebook cell shows just that.

    ``problem`` is ``'passed'``, ``'blanks'``, ``'raised'``, ``'timeout'``, ``'returned'``
    (wrong form), ``'not finite'`` or ``'wrong'``; ``mistake`` names the :class:`Mistake`
    the numbers match ('' if none); ``attempt`` is False only when nothing of the
    student's own was run (blanks, or not a function).
    """

    passed: bool
    problem: str
    message: str
    mistake: str = ""
    case: str = ""

    @property
    def attempt(self):
        return self.problem not in ("blanks", "missing")

    def __repr__(self):
        return self.message


# ---------------------------------------------------------------- the runner and the verdict
def _attempt(spec, fn, args):
    """Inside the sandbox: run and convert (converting may run the student's code too)."""
    raw = spec.call(fn, *args) if spec.call else fn(*args)
    if raw is Ellipsis or (isinstance(raw, (tuple, list)) and any(r is Ellipsis for r in raw)) \
            or (isinstance(raw, dict) and any(v is Ellipsis for v in raw.values())):
        return "blanks", None
    try:
        return "ok", spec.convert(raw, args)
    except BadReturn as e:
        return "returned", str(e)


def _close(a, b, floor):
    """Equal to a relative :data:`RTOL`, below ``floor`` in size counting as ``floor``."""
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= RTOL * np.maximum(np.abs(b), floor)))


def _scale(out):
    """The floor of a case's relative errors: a thousandth of its largest output (and never 0)."""
    return max((float(np.max(np.abs(v), initial=0.0)) for v in out.values()), default=0.0) * 1e-3 + 1e-12


def _same(a, b):
    s = max(_scale(a), _scale(b))
    return a.keys() == b.keys() and all(_close(a[k], b[k], s) for k in a)


def _first_wrong(yours, want):
    s = _scale(want)
    for k in want:
        if not _close(yours[k], want[k], s):
            rel = np.abs(yours[k] - want[k]) / np.maximum(np.abs(want[k]), s)
            idx = np.unravel_index(int(np.argmax(rel)), rel.shape)
            at = f"[{', '.join(str(int(i)) for i in idx)}]" if want[k].ndim else ""
            return f"{k}{at}", float(yours[k][idx]), float(want[k][idx])
    return None


def _matching(spec, yours, want, args):
    for m in spec.mistakes:
        with np.errstate(all="ignore"):
            try:
                theirs = spec.run(m.fn, args)
            except (ValueError, ArithmeticError, BadReturn):   # e.g. a transposed W that does not fit here
                continue
        if not _same(theirs, want) and _same(yours, theirs):
            return m
    return None


def check(name, fn, timeout=DEFAULT_TIMEOUT):
    """Check a student's function for the exercise ``name`` (a key of :data:`CHECKS`).

    Runs ``fn`` on every case through :func:`~backprop_core.sandbox.run_student`
    (``timeout`` seconds per case) and returns a :class:`CodeReport`: passed, or
    one sentence naming the first problem: blanks left, an exception (with its
    line), the time limit, a wrong form or shape, NaN or inf, or wrong numbers,
    with the catalogue's mistake they match.
    """
    spec = CHECKS.get(name) if isinstance(name, str) else None
    if spec is None:
        raise ValueError(f"name must be one of {sorted(CHECKS)}, got {name!r}.")
    if not callable(fn):
        what = "Ellipsis" if fn is Ellipsis else type(fn).__name__
        return CodeReport(False, "missing", f"Give the check your function {spec.function} itself (a def), "
                                            f"got {what}.")
    cases = spec.cases()
    for case in cases:
        run = run_student(_attempt, spec, fn, case.args, timeout=timeout)
        if not run.ok:
            return _failed_run(spec, run, case)
        kind, out = run.value
        if kind == "blanks":
            return CodeReport(False, "blanks", NOT_WRITTEN, case=case.label)
        if kind == "returned":
            return CodeReport(False, "returned", f"On {case.label}, {out}", case=case.label)
        bad = [k for k, v in out.items() if not np.all(np.isfinite(v))]
        if bad:
            return CodeReport(False, "not finite", f"On {case.label} your {bad[0]} contains NaN or inf: look for "
                                                   "a division by zero or an overflow.", case=case.label)
        want = spec.run(spec.reference, case.args)
        if _same(out, want):
            continue
        m = _matching(spec, out, want, case.args)
        if m is not None:
            return CodeReport(False, "wrong", f"Not yet: on {case.label} your numbers are what you get with {m.title}; "
                                              f"{sentence(m.hint)}.", m.name, case.label)
        where, y, w = _first_wrong(out, want)
        return CodeReport(False, "wrong", f"Not yet: on {case.label} your {where} is {y:.6g} but should be "
                                          f"{w:.6g}; take a hint or compare each factor with the formula.",
                          case=case.label)
    lecture = next((c.label for c in cases if c.label.startswith("lecture")), cases[0].label)
    return CodeReport(True, "passed", f"Passed: your {spec.function} agrees with the reference (relative error "
                                      f"at most {RTOL:g}) on all {len(cases)} inputs, {lecture} among them.")


def _failed_run(spec, run, case):
    if run.kind == "raised" and (run.error == "NotImplementedError" or "ellipsis" in run.message):
        return CodeReport(False, "blanks", NOT_WRITTEN, case=case.label)
    if run.kind == "timeout":
        return CodeReport(False, "timeout", run.message, case=case.label)
    message = run.message
    if run.kind == "raised" and ("matmul" in message or "shapes" in message or "broadcast" in message):
        message = f"{sentence(message)}: compare the shapes of the factors (a matrix may need its transpose)."
    return CodeReport(False, "raised", message, case=case.label)


# ---------------------------------------------------------------- conversions
def _number(name, value):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.ndarray, np.generic)):
        raise BadReturn(f"{name} must be a number, got {type(value).__name__}.")
    arr = np.asarray(value, dtype=float)
    if arr.size != 1:
        raise BadReturn(f"{name} must be one number, got an array of shape {arr.shape}.")
    return arr.reshape(())


def _array(name, value, shape):
    if np.iscomplexobj(value):
        raise BadReturn(f"{name} must be an array of real numbers, got complex numbers.")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise BadReturn(f"{name} must be an array of real numbers, got {type(value).__name__}.") from None
    if arr.shape != shape:
        hint = ""
        if arr.ndim == 2 and arr.shape == shape[::-1]:
            hint = " (it is transposed: check the order of the factors in the matrix product)"
        elif name == "db" and arr.ndim == 2:
            hint = " (a bias gradient is averaged over the examples, the rows)"
        raise BadReturn(f"{name} has shape {arr.shape} but should have shape {shape}{hint}.")
    return arr


# ---------------------------------------------------------------- 1. lesson 02: Value's backward rules
class Node:
    """One node of a graph as the student's ``backward_step(node)`` sees it.

    ``op`` is ``'+'``, ``'*'``, ``'**'`` or ``'tanh'`` ('' for a leaf); ``inputs`` the
    operands (two for ``+`` and ``*``, one for ``**`` and ``tanh``, the same node twice
    in ``a * a``); ``data`` the forward value; ``grad`` the gradient so far; ``n`` the
    power of ``'**'``; ``label`` a name.
    """

    __slots__ = ("data", "grad", "op", "inputs", "n", "label")

    def __init__(self, data, op="", inputs=(), n=None, label=""):
        self.data, self.grad, self.op, self.inputs, self.n, self.label = data, 0.0, op, inputs, n, label

    def __repr__(self):
        return f"Node({self.label or self.op}, data={self.data:.4g}, grad={self.grad:.4g})"


def _as_nodes(root):
    """The graph of a :class:`Value` as :class:`Node` objects, inputs first (root last)."""
    made = {}
    for v in root.topological_order():
        op, n = v.op, None
        if op.startswith("**"):
            op, n = "**", float(op[2:])
        made[id(v)] = Node(v.data, op, tuple(made[id(c)] for c in v.inputs), n, v.label)
    return [made[id(v)] for v in root.topological_order()]


def run_backward(root, step, upstream=1.0):
    """Backpropagate through the :class:`Value` graph ending at ``root`` with ``step(node)`` as each
    node's backward rule; returns ``{label: gradient}`` of every labelled node but the root.

    The walk is :meth:`Value.backward`'s: one topological order, the root's gradient set to
    ``upstream``, then ``step`` on each node from the root back. ``root`` is not changed.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}.")
    order = _as_nodes(root)
    order[-1].grad = float(upstream)
    for node in reversed(order):
        if node.inputs:
            step(node)
    return {node.label: node.grad for node in order[:-1] if node.label}


def _value_step(node):
    """The reference: each operation's rule, gradients added (+=) so a node used twice collects both."""
    if node.op == "+":
        a, b = node.inputs
        a.grad += node.grad
        b.grad += node.grad
    elif node.op == "*":
        a, b = node.inputs
        a.grad += b.data * node.grad
        b.grad += a.data * node.grad
    elif node.op == "**":
        (a,) = node.inputs
        a.grad += node.n * a.data ** (node.n - 1) * node.grad
    elif node.op == "tanh":
        (a,) = node.inputs
        a.grad += (1 - node.data ** 2) * node.grad


def _buggy_step(bug):
    """The reference step with one bug (see :data:`_VALUE_MISTAKES`)."""
    def step(node):
        up = 1.0 if bug == "no_upstream" else node.grad
        sign = -1.0 if bug == "sign" else 1.0
        ins = node.inputs
        if node.op == "+":
            locs = (1.0, 1.0)
        elif node.op == "*":
            a, b = ins
            locs = (a.data, b.data) if bug == "no_swap" else (b.data, a.data)
        elif node.op == "**":
            a, n = ins[0].data, node.n
            locs = (n * a ** n if bug == "pow_n" else a ** (n - 1) if bug == "pow_no_n" else n * a ** (n - 1),)
        elif node.op == "tanh":
            x = ins[0].data
            locs = ((1 - x ** 2) if bug == "tanh_input" else 1.0 if bug == "tanh_missing" else 1 - node.data ** 2,)
        else:
            return
        for child, loc in zip(ins, locs):
            if bug == "overwrite":
                child.grad = sign * loc * up
            else:
                child.grad += sign * loc * up
    return step


_VALUE_MISTAKES = (
    ("overwrite", "= instead of +=",
     "a node used twice (a copy gate, or a * a) must ADD each gate's gradient with +=, otherwise the last gate "
     "overwrites the first"),
    ("no_swap", "an unswapped mul gate",
     "the local gradient of a * b for a is the OTHER input's value b, and for b it is a"),
    ("no_upstream", "local gradients without the upstream gradient",
     "multiply every local gradient by node.grad, the gradient arriving from above"),
    ("sign", "the wrong sign", "none of these four rules has a minus sign of its own"),
    ("pow_n", "n x**n for x**n", "the derivative of x**n is n x**(n-1): the power goes down by one"),
    ("pow_no_n", "x**(n-1) without the n", "the derivative of x**n is n x**(n-1): the n comes down in front"),
    ("tanh_input", "1 - x**2 of the input",
     "tanh's derivative is 1 - t**2 with t = tanh(x), the node's OUTPUT node.data, not its input"),
    ("tanh_missing", "a missing tanh derivative", "tanh's local gradient 1 - t**2 (t = node.data) is missing"),
)


def _value_graphs():
    """The graphs of the Value exercise: one gate each, then lecture 003's, then graphs where a node forks."""
    def one(build, label, upstream):
        return Case(label, (build, upstream))

    def add():
        a, b = Value(1.5, "a"), Value(-0.5, "b")
        return a + b

    def mul():
        a, b = Value(2.0, "a"), Value(-3.0, "b")
        return a * b

    def power():
        return Value(1.2, "a") ** 3

    def tanh():
        return Value(0.8, "a").tanh()

    def lecture():
        x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
        q = x + y
        q.label = "q"
        return q * z

    def fork():
        x, y, z = Value(-3.0, "x"), Value(4.0, "y"), Value(2.0, "z")
        q = x * y
        q.label = "q"
        r = q + x
        r.label = "r"
        return r * z

    def square():
        a, b = Value(0.6, "a"), Value(-0.4, "b")
        return (a * a + b ** 2).tanh()

    return [one(add, "a + b at a = 1.5, b = -0.5 (upstream gradient 2)", 2.0),
            one(mul, "a * b at a = 2, b = -3 (upstream gradient 1.5)", 1.5),
            one(power, "a ** 3 at a = 1.2 (upstream gradient 0.5)", 0.5),
            one(tanh, "tanh(a) at a = 0.8 (upstream gradient 1.3)", 1.3),
            one(lecture, "lecture 003's (x + y) z at x = -2, y = 5, z = -4", 1.0),
            one(fork, "the lesson's exercise graph (x feeds two gates)", 1.0),
            one(square, "tanh(a * a + b ** 2) (a used twice by one gate)", 1.0)]


def _call_value(step, build, upstream):
    return run_backward(build(), step, upstream)


def _convert_value(raw, args):
    out = {}
    for label, g in raw.items():
        out[f"{label}.grad"] = _number(f"{label}.grad after your backward_step", g)
    return out


_VALUE_TEMPLATE = '''def backward_step(node):
    """Pass node.grad down to node.inputs: ADD to each input's .grad.

    node.op is '+', '*', '**' or 'tanh'; node.inputs is (a, b) for '+' and '*',
    (a,) for '**' and 'tanh'; node.data is the node's value, node.grad the
    gradient from above, node.n the power of '**'.
    """
    if node.op == "+":
        a, b = node.inputs
        a.grad += ...
        b.grad += ...
    elif node.op == "*":
        a, b = node.inputs
        a.grad += ...
        b.grad += ...
    elif node.op == "**":
        (a,) = node.inputs
        a.grad += ...
    elif node.op == "tanh":
        (a,) = node.inputs
        a.grad += ...
'''

_VALUE_SOLUTION = '''def backward_step(node):
    if node.op == "+":                      # add gate: distributes
        a, b = node.inputs
        a.grad += node.grad
        b.grad += node.grad
    elif node.op == "*":                    # mul gate: swaps
        a, b = node.inputs
        a.grad += b.data * node.grad
        b.grad += a.data * node.grad
    elif node.op == "**":
        (a,) = node.inputs
        a.grad += node.n * a.data ** (node.n - 1) * node.grad
    elif node.op == "tanh":                 # 1 - t**2, t = the node's output
        (a,) = node.inputs
        a.grad += (1 - node.data ** 2) * node.grad
'''


# ---------------------------------------------------------------- 2. lesson 03: d out/d w0 of the chain
def _dout_dw0(s0, w1, w2, x1, s1, x2, s2):
    return w2 * s2 * (1 - s2) * w1 * s1 * (1 - s1) * s0


def _chain_mistake(kind):
    def fn(s0, w1, w2, x1, s1, x2, s2):
        out_f = 1.0 if kind in ("no_sprime_out", "no_sprime") else (x2 * (1 - x2) if kind == "sprime_of_x"
                                                                     else s2 * (1 - s2))
        hid_f = 1.0 if kind in ("no_sprime_hidden", "no_sprime") else (x1 * (1 - x1) if kind == "sprime_of_x"
                                                                        else s1 * (1 - s1))
        last = s1 if kind == "s1_for_s0" else s0
        g = (1.0 if kind == "no_w2" else w2) * out_f * (1.0 if kind == "no_w1" else w1) * hid_f * last
        if kind == "dout_dw1":
            g = w2 * s2 * (1 - s2) * s1
        return -g if kind == "sign" else g
    return fn


_CHAIN_MISTAKES = (
    ("no_sprime", "two missing sigmoid derivatives",
     "each sigmoid on the way contributes its derivative S'(x) = s (1 - s): two of them, s2 (1 - s2) and s1 (1 - s1)"),
    ("no_sprime_out", "a missing s2 (1 - s2)", "the output neuron's sigmoid contributes ds2/dx2 = s2 (1 - s2)"),
    ("no_sprime_hidden", "a missing s1 (1 - s1)", "the first neuron's sigmoid contributes ds1/dx1 = s1 (1 - s1)"),
    ("sprime_of_x", "S' as x (1 - x)",
     "S'(x) = s (1 - s) uses the neuron's OUTPUT s = S(x), not its input x"),
    ("s1_for_s0", "s1 in place of s0", "x1 = w0 s0, so the last factor dx1/dw0 is the input s0"),
    ("no_w1", "a missing w1", "x2 = w1 s1, so the step from s1 to x2 contributes dx2/ds1 = w1"),
    ("no_w2", "a missing w2", "out = w2 s2, so the first factor dout/ds2 is w2"),
    ("dout_dw1", "the derivative for w1",
     "that is the derivative for w1; w0 sits one neuron further back, two more factors"),
    ("sign", "the wrong sign", "every factor here is a plain product, with no minus sign anywhere"),
)


def _chain_cases():
    def case(label, w0, w1, w2, s0):
        x1 = w0 * s0
        s1 = float(sigmoid(x1))
        x2 = w1 * s1
        s2 = float(sigmoid(x2))
        return Case(label, (s0, w1, w2, x1, s1, x2, s2))

    rng = np.random.default_rng(3)
    cases = [case("lecture 000's chain (s0 = 2, w0 = 2, w1 = 1, w2 = 0.5)", 2.0, 1.0, 0.5, 2.0)]
    for i in range(3):
        w0, w1, w2, s0 = (float(v) for v in np.round(rng.uniform(-2, 2, 4), 2))
        cases.append(case(f"random chain {i + 1} (s0 = {s0:g}, w0 = {w0:g}, w1 = {w1:g}, w2 = {w2:g})",
                          w0, w1, w2, s0))
    return cases


def _convert_chain(raw, args):
    return {"dout/dw0": _number("dout/dw0", raw)}


_CHAIN_TEMPLATE = '''def dout_dw0(s0, w1, w2, x1, s1, x2, s2):
    """d out / d w0 of the chain s0 -w0-> x1 -> s1 = S(x1) -w1-> x2 -> s2 = S(x2) -w2-> out,
    from the forward values (all plain numbers). Returns one number."""
    return ...
'''

_CHAIN_SOLUTION = '''def dout_dw0(s0, w1, w2, x1, s1, x2, s2):
    # dout/ds2 * ds2/dx2 * dx2/ds1 * ds1/dx1 * dx1/dw0
    return w2 * s2 * (1 - s2) * w1 * s1 * (1 - s1) * s0
'''


# ---------------------------------------------------------------- 3. lesson 06: the 2-2-2 network
_WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def _mazur(i1, i2, t1, t2, w, f, bug=""):
    """``dE_total/dw1..w8`` of lecture 001's network from its forward values ``f``, with one ``bug``."""
    sp = (lambda o, n: n * (1 - n)) if bug == "sprime_of_net" else (lambda o, n: o * (1 - o))
    d_o1 = (f.out_o1 - t1) * (1.0 if bug == "no_sprime_out" else sp(f.out_o1, f.net_o1))
    d_o2 = (f.out_o2 - t2) * (1.0 if bug == "no_sprime_out" else sp(f.out_o2, f.net_o2))
    g = {"w5": d_o1 * f.out_h1, "w6": d_o1 * f.out_h2, "w7": d_o2 * f.out_h1, "w8": d_o2 * f.out_h2}
    v = {k: w[k] - 0.5 * g[k] for k in g} if bug == "updated_weights" else w
    if bug == "one_path":          # dE/dout_h assigned path by path: the last (o2) wins
        e_h1, e_h2 = d_o2 * v["w7"], d_o2 * v["w8"]
    else:
        e_h1, e_h2 = d_o1 * v["w5"] + d_o2 * v["w7"], d_o1 * v["w6"] + d_o2 * v["w8"]
    d_h1 = e_h1 * (1.0 if bug == "no_sprime_hidden" else sp(f.out_h1, f.net_h1))
    d_h2 = e_h2 * (1.0 if bug == "no_sprime_hidden" else sp(f.out_h2, f.net_h2))
    g.update({"w1": d_h1 * i1, "w2": d_h1 * i2, "w3": d_h2 * i1, "w4": d_h2 * i2})
    g = {k: g[k] for k in _WEIGHTS}
    return {k: -x for k, x in g.items()} if bug == "sign" else g


def _mazur_reference(i1, i2, t1, t2, w, f):
    return _mazur(i1, i2, t1, t2, w, f)


def _mazur_mistake(bug):
    return lambda i1, i2, t1, t2, w, f: _mazur(i1, i2, t1, t2, w, f, bug)


_MAZUR_MISTAKES = (
    ("one_path", "= instead of += at a hidden neuron",
     "out_h1 feeds both outputs, so dE_total/dout_h1 = delta_o1 w5 + delta_o2 w7 sums two paths (likewise h2)"),
    ("no_sprime_out", "a missing out_o (1 - out_o)",
     "delta_o1 = (out_o1 - target_o1) * out_o1 (1 - out_o1): the output sigmoid's derivative is missing"),
    ("no_sprime_hidden", "a missing out_h (1 - out_h)",
     "delta_h1 = dE_total/dout_h1 * out_h1 (1 - out_h1): the hidden sigmoid's derivative is missing"),
    ("sprime_of_net", "S' as net (1 - net)",
     "the sigmoid's derivative is out (1 - out) of the neuron's OUTPUT, not net (1 - net) of its input"),
    ("updated_weights", "the updated output weights",
     "the hidden deltas use w5 to w8 from BEFORE the step, not the updated ones "
     "(all derivatives of one step use the old weights)"),
    ("sign", "the wrong sign", "dE/dout_o1 = -(target_o1 - out_o1) = out_o1 - target_o1"),
)


def _mazur_cases():
    def case(label, net, inputs, targets):
        f = net.forward(inputs)
        return Case(label, (*inputs, *targets, net.weights, f))

    rng = np.random.default_rng(6)
    cases = [case("lecture 001's network (inputs 0.05, 0.10, targets 0.01, 0.99)", MazurNetwork(),
                  (0.05, 0.10), (0.01, 0.99))]
    for i in range(2):
        w = {k: float(v) for k, v in zip(_WEIGHTS + ("b1", "b2"), np.round(rng.uniform(-1, 1, 10), 2))}
        inputs = tuple(float(v) for v in np.round(rng.uniform(-1, 1, 2), 2))
        targets = tuple(float(v) for v in np.round(rng.uniform(0.05, 0.95, 2), 2))
        cases.append(case(f"random network {i + 1}", MazurNetwork(w), inputs, targets))
    return cases


def _convert_mazur(raw, args):
    if not isinstance(raw, dict):
        raise BadReturn(f"your function must return a dict {{'w1': ..., 'w8': ...}}, got {type(raw).__name__}.")
    missing = [k for k in _WEIGHTS if k not in raw]
    if missing:
        raise BadReturn(f"the dict your function returned has no {', '.join(repr(k) for k in missing)}.")
    return {f"dE/d{k}": _number(f"dE/d{k}", raw[k]) for k in _WEIGHTS}


_MAZUR_TEMPLATE = '''def backward_222(i1, i2, t1, t2, w, f):
    """dE_total/dw for w1..w8 of lecture 001's 2-2-2 network, as a dict {'w1': ..., 'w8': ...}.

    i1, i2: inputs; t1, t2: targets; w: the weights {'w1': ..., 'w8': ..., 'b1': ..., 'b2': ...};
    f: the forward pass (f.net_h1, f.out_h1, f.net_h2, f.out_h2, f.net_o1, f.out_o1, f.net_o2, f.out_o2).
    """
    delta_o1 = ...
    delta_o2 = ...
    delta_h1 = ...
    delta_h2 = ...
    return {"w1": ..., "w2": ..., "w3": ..., "w4": ...,
            "w5": ..., "w6": ..., "w7": ..., "w8": ...}
'''

_MAZUR_SOLUTION = '''def backward_222(i1, i2, t1, t2, w, f):
    delta_o1 = (f.out_o1 - t1) * f.out_o1 * (1 - f.out_o1)
    delta_o2 = (f.out_o2 - t2) * f.out_o2 * (1 - f.out_o2)
    # out_h1 feeds both outputs: add the two paths
    delta_h1 = (delta_o1 * w["w5"] + delta_o2 * w["w7"]) * f.out_h1 * (1 - f.out_h1)
    delta_h2 = (delta_o1 * w["w6"] + delta_o2 * w["w8"]) * f.out_h2 * (1 - f.out_h2)
    return {"w1": delta_h1 * i1, "w2": delta_h1 * i2, "w3": delta_h2 * i1, "w4": delta_h2 * i2,
            "w5": delta_o1 * f.out_h1, "w6": delta_o1 * f.out_h2,
            "w7": delta_o2 * f.out_h1, "w8": delta_o2 * f.out_h2}
'''


# ---------------------------------------------------------------- 4. lesson 07: one layer, a whole batch
def _layer(delta, A_prev, W, dphi_prev, bug=""):
    n = delta.shape[0]
    scale = 1.0 if bug == "no_batch_mean" else 1.0 / n
    dW = (A_prev.T @ delta if bug == "dW_transposed" else delta.T @ A_prev) * scale
    db = delta[0] * scale if bug == "bias_not_summed" else delta.sum(axis=0) * scale
    back = delta @ W.T if bug == "transposed" else delta @ W
    delta_prev = back if bug == "missing_derivative" else back * dphi_prev
    if bug == "delta_mean":
        delta_prev = delta_prev / n
    if bug == "sign":
        dW, db, delta_prev = -dW, -db, -delta_prev
    return dW, db, delta_prev


def _layer_reference(delta, A_prev, W, dphi_prev):
    return _layer(delta, A_prev, W, dphi_prev)


def _layer_mistake(bug):
    return lambda delta, A_prev, W, dphi_prev: _layer(delta, A_prev, W, dphi_prev, bug)


_LAYER_MISTAKES = (
    ("no_batch_mean", "a missing 1/m",
     "the cost is the MEAN over the m examples, so dW and db are the sums over the rows divided by m"),
    ("dW_transposed", "dW transposed",
     "dW = delta.T @ A_prev has one row per unit of this layer, like W, and A_prev.T @ delta is its transpose"),
    ("transposed", "W transposed in the backward pass",
     "with examples as rows, the delta of the layer below is (delta @ W) * dphi_prev: W itself, not W.T"),
    ("missing_derivative", "a missing activation derivative",
     "delta_prev = (delta @ W) * dphi_prev: the Hadamard product with phi'(z) of the layer below is missing"),
    ("bias_not_summed", "a bias gradient of one example",
     "db averages delta over ALL the examples (rows), not the first one only"),
    ("delta_mean", "delta_prev divided by m",
     "delta_prev stays one row per example (the 1/m belongs to dW and db only)"),
    ("sign", "the wrong sign", "none of the three formulas has a minus sign"),
)


def _layer_cases():
    net = MazurNetwork()
    b = net.backward((0.05, 0.10), (0.01, 0.99))
    f = b.forward
    w = net.weights
    lecture = Case("lecture 001's output layer (one example: delta_o1, delta_o2 and out_h1, out_h2)",
                   (np.array([[b.delta_o1, b.delta_o2]]), np.array([[f.out_h1, f.out_h2]]),
                    np.array([[w["w5"], w["w6"]], [w["w7"], w["w8"]]]),
                    np.array([[f.out_h1 * (1 - f.out_h1), f.out_h2 * (1 - f.out_h2)]])))
    rng = np.random.default_rng(7)
    cases = [lecture]
    for n, k, m in ((4, 3, 3), (5, 2, 4)):
        A = rng.uniform(0.05, 0.95, (n, m))
        cases.append(Case(f"a random batch of {n} examples (W {k} x {m})",
                          (rng.normal(0, 0.5, (n, k)), A, rng.uniform(-1, 1, (k, m)), A * (1 - A))))
    return cases


def _convert_layer(raw, args):
    delta, A_prev, W, _ = args
    if not isinstance(raw, (tuple, list)) or len(raw) != 3:
        got = f"{len(raw)} values" if isinstance(raw, (tuple, list)) else f"a {type(raw).__name__}"
        raise BadReturn(f"your function must return three arrays (dW, db, delta_prev), got {got}.")
    want = {"dW": W.shape, "db": (W.shape[0],), "delta_prev": A_prev.shape}
    return {k: _array(k, v, want[k]) for k, v in zip(want, raw)}


_LAYER_TEMPLATE = '''def layer_backward(delta, A_prev, W, dphi_prev):
    """One layer's backward pass for a mini-batch of m examples (one row per example).

    delta     (m, k): dC_i/dz of this layer, one row per example (not divided by m)
    A_prev    (m, j): the layer's inputs a_l
    W         (k, j): the layer's weights W_l (z_(l+1) = A_prev @ W.T + b)
    dphi_prev (m, j): phi'(z_l) of the layer below
    Returns dW (k, j) and db (k,) of the MEAN cost, and delta_prev (m, j), one row per example.
    """
    dW = ...
    db = ...
    delta_prev = ...
    return dW, db, delta_prev
'''

_LAYER_SOLUTION = '''def layer_backward(delta, A_prev, W, dphi_prev):
    m = delta.shape[0]
    dW = delta.T @ A_prev / m               # (k, m) @ (m, j): summed over examples, then the mean
    db = delta.sum(axis=0) / m
    delta_prev = (delta @ W) * dphi_prev    # (m, k) @ (k, j), then phi' of the layer below
    return dW, db, delta_prev
'''


def _mistakes(table, make):
    return tuple(Mistake(name, title, hint, make(name)) for name, title, hint in table)


#: Every code exercise, by name.
CHECKS = {
    "value_rules": CodeCheck(
        "value_rules", "backward_step", "the backward rules of +, *, ** and tanh for a Value",
        _VALUE_TEMPLATE, _VALUE_SOLUTION,
        ("Each rule is upstream times local: every line adds (local gradient) * node.grad to an input's grad.",
         "The add gate distributes (local gradient 1), the mul gate swaps (a's local gradient is b.data).",
         "d(x**n)/dx = n x**(n-1) with x = a.data; d tanh(x)/dx = 1 - t**2 with t = node.data, the output.",
         "Use += everywhere: a node used by two gates (or twice by one, as in a * a) collects both gradients."),
        _value_step, _mistakes(_VALUE_MISTAKES, _buggy_step), _value_graphs, _convert_value, _call_value),
    "chain_dout_dw0": CodeCheck(
        "chain_dout_dw0", "dout_dw0", "d out/d w0 of lecture 000's chain network",
        _CHAIN_TEMPLATE, _CHAIN_SOLUTION,
        ("Walk from out back to w0: dout/ds2, ds2/dx2, dx2/ds1, ds1/dx1, dx1/dw0, five factors.",
         "out = w2 s2 and x2 = w1 s1 give the factors w2 and w1; x1 = w0 s0 gives s0.",
         "Each sigmoid gives S'(x) = s (1 - s), written with its output s."),
        _dout_dw0, _mistakes(_CHAIN_MISTAKES, _chain_mistake), _chain_cases, _convert_chain),
    "mazur_backward": CodeCheck(
        "mazur_backward", "backward_222", "one backward pass of lecture 001's 2-2-2 network",
        _MAZUR_TEMPLATE, _MAZUR_SOLUTION,
        ("Output deltas first: delta_o1 = (out_o1 - t1) * out_o1 (1 - out_o1); then dE/dw5 = delta_o1 * out_h1.",
         "A hidden neuron feeds both outputs: dE/dout_h1 = delta_o1 w5 + delta_o2 w7, then times out_h1 (1 - out_h1).",
         "dE/dw1 = delta_h1 * i1 (w1 goes from i1 to h1), dE/dw2 = delta_h1 * i2, w3 and w4 likewise with delta_h2."),
        _mazur_reference, _mistakes(_MAZUR_MISTAKES, _mazur_mistake), _mazur_cases, _convert_mazur),
    "layer_backward": CodeCheck(
        "layer_backward", "layer_backward", "the batch matrix formulas of one layer (dW, db, delta of the layer below)",
        _LAYER_TEMPLATE, _LAYER_SOLUTION,
        ("Write the shapes first: dW must be (k, j), so it is delta.T (k, m) times A_prev (m, j).",
         "The cost is the mean over the m examples: divide the sums of dW and db by m.",
         "delta_prev: (m, k) @ (k, j) is delta @ W, then the element-wise product with dphi_prev."),
        _layer_reference, _mistakes(_LAYER_MISTAKES, _layer_mistake), _layer_cases, _convert_layer),
}
