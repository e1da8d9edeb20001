"""Tests for the scalar computational graph ``backprop_core.graph``.

Three kinds of check: the lectures' worked numbers (to the digits printed
there, and to full precision against closed forms), central differences for
every operation and for random expressions, and the same function written two
ways giving the same gradients.
"""
import math
import sys

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backprop_core.graph import Value, trace

EPS = 1e-6


def numerical_grads(build, xs, eps=EPS):
    """Central differences (f(x+eps) - f(x-eps)) / 2eps of ``build`` at ``xs``."""
    grads = []
    for i in range(len(xs)):
        up = list(xs)
        down = list(xs)
        up[i] += eps
        down[i] -= eps
        f_up = build(*[Value(v) for v in up]).data
        f_down = build(*[Value(v) for v in down]).data
        grads.append((f_up - f_down) / (2 * eps))
    return grads


def backprop_grads(build, xs):
    leaves = [Value(v) for v in xs]
    out = build(*leaves)
    out.backward()
    return out, [leaf.grad for leaf in leaves]


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


# --------------------------------------------------------------------------
# Lecture 003: f(x, y, z) = (x + y) z at x=-2, y=5, z=-4
# --------------------------------------------------------------------------
def test_lecture003_add_mul_example():
    x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    q = x + y
    q.label = "q"
    f = q * z
    f.label = "f"
    f.backward()
    assert q.data == 3.0
    assert f.data == -12.0
    # df/dq = z = -4; df/dz = q = 3; df/dx = df/dq * dq/dx = -4 * 1; same for y
    assert q.grad == -4.0
    assert z.grad == 3.0
    assert x.grad == -4.0
    assert y.grad == -4.0
    assert f.grad == 1.0


# --------------------------------------------------------------------------
# Lecture 003: the sigmoid neuron f = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2)))
# --------------------------------------------------------------------------
NEURON = dict(w0=2.0, x0=-1.0, w1=-3.0, x1=-2.0, w2=-3.0)


def neuron_primitive(w0, x0, w1, x1, w2):
    """The graph the lecture draws: *, +, +, *-1, exp, +1, 1/x."""
    s0 = w0 * x0
    s1 = w1 * x1
    s2 = s0 + s1
    s3 = s2 + w2  # = 1.0: the sigmoid's input
    neg = s3 * -1
    e = neg.exp()
    d = e + 1
    f = 1 / d
    return f, s3


def neuron_sigmoid(w0, x0, w1, x1, w2):
    """The same neuron with one sigmoid gate (the lecture's shortcut)."""
    s3 = w0 * x0 + w1 * x1 + w2
    return s3.sigmoid(), s3


@pytest.mark.parametrize("build", [neuron_primitive, neuron_sigmoid])
def test_lecture003_sigmoid_neuron(build):
    v = {k: Value(x, k) for k, x in NEURON.items()}
    f, s3 = build(**v)
    f.backward()
    assert s3.data == 1.0  # 2*-1 + -3*-2 + -3 = -2 + 6 - 3 = 1
    assert round(f.data, 2) == 0.73
    # [upstream] x [local] = [1.00] x [(1 - 0.73)(0.73)] = 0.2
    assert round(s3.grad, 2) == 0.20
    assert s3.grad == pytest.approx(sigmoid(1.0) * (1 - sigmoid(1.0)), abs=1e-15)
    assert s3.grad == pytest.approx(0.19661193324148185, abs=1e-15)
    # the lecture's numbers, to the digits it prints
    assert round(v["x0"].grad, 2) == 0.39
    assert round(v["w0"].grad, 2) == -0.20
    assert round(v["x1"].grad, 2) == -0.59
    assert round(v["w1"].grad, 2) == -0.39
    assert round(v["w2"].grad, 2) == 0.20
    # exact: each is (the sigmoid's gradient) * (the other factor of its product)
    g = s3.grad
    assert v["x0"].grad == pytest.approx(g * 2.0, abs=1e-15)  # local = w0
    assert v["w0"].grad == pytest.approx(g * -1.0, abs=1e-15)  # local = x0
    assert v["x1"].grad == pytest.approx(g * -3.0, abs=1e-15)  # local = w1
    assert v["w1"].grad == pytest.approx(g * -2.0, abs=1e-15)  # local = x1
    assert v["w2"].grad == pytest.approx(g, abs=1e-15)


def test_lecture003_rounded_upstream_explains_0_4():
    # The slide writes x0: [0.2] x [2] = 0.4 using the *rounded* upstream 0.2.
    assert 0.2 * 2 == pytest.approx(0.4)
    # With the exact upstream gradient 0.19661... the value is 0.393..., which
    # rounds to 0.39, not 0.40.
    v = {k: Value(x, k) for k, x in NEURON.items()}
    f, _ = neuron_sigmoid(**v)
    f.backward()
    assert 0.393 < v["x0"].grad < 0.394
    assert v["x0"].grad == pytest.approx(0.3932238664829637, abs=1e-15)
    assert -0.197 < v["w0"].grad < -0.196


def test_lecture003_two_graphs_same_gradients():
    grads = []
    for build in (neuron_primitive, neuron_sigmoid):
        v = {k: Value(x, k) for k, x in NEURON.items()}
        f, _ = build(**v)
        f.backward()
        grads.append([v[k].grad for k in NEURON] + [f.data])
    np.testing.assert_allclose(grads[0], grads[1], rtol=0, atol=1e-12)


def test_lecture003_backward_code_listing():
    # The slide's hand-written backward pass (grad_s3 = grad_L * (1 - L) * L ...)
    w0, x0, w1, x1, w2 = NEURON.values()
    s3 = w0 * x0 + w1 * x1 + w2
    L = sigmoid(s3)
    grad_s3 = 1.0 * (1 - L) * L
    expected = dict(w0=grad_s3 * x0, x0=grad_s3 * w0, w1=grad_s3 * x1, x1=grad_s3 * w1, w2=grad_s3)
    v = {k: Value(x, k) for k, x in NEURON.items()}
    f, _ = neuron_sigmoid(**v)
    f.backward()
    for k, want in expected.items():
        assert v[k].grad == pytest.approx(want, abs=1e-15), k


# --------------------------------------------------------------------------
# Lecture 002: m = -x, g = exp(m), h = g + 1, f = 1/h at x = 1
# --------------------------------------------------------------------------
def test_lecture002_chain():
    x = Value(1.0, "x")
    m = -x
    g = m.exp()
    h = g + 1
    f = 1 / h
    f.backward()
    H = 1 + math.exp(-1)  # 1.3679 ("1.37" on the slide)
    assert f.data == pytest.approx(1 / H, abs=1e-15)
    assert round(h.data, 2) == 1.37
    # to the slide's digits
    assert round(h.grad, 2) == -0.53
    assert round(g.grad, 2) == -0.53
    assert round(m.grad, 2) == -0.20
    assert round(x.grad, 2) == 0.20
    # closed forms: f'(h) = -1/h^2, h'(g) = 1, g'(m) = e^m, m'(x) = -1
    assert h.grad == pytest.approx(-1 / H**2, abs=1e-15)
    assert g.grad == pytest.approx(-1 / H**2, abs=1e-15)
    assert m.grad == pytest.approx(-1 / H**2 * math.exp(-1), abs=1e-15)
    assert x.grad == pytest.approx(1 / H**2 * math.exp(-1), abs=1e-15)
    # ... which is the sigmoid derivative s(1 - s) at 1
    assert x.grad == pytest.approx(sigmoid(1) * (1 - sigmoid(1)), abs=1e-15)


def test_lecture002_chain_second_data_point():
    # The slide lists a second data point x1 = 1.1; same closed form there.
    x = Value(1.1)
    f = 1 / ((-x).exp() + 1)
    f.backward()
    assert x.grad == pytest.approx(sigmoid(1.1) * (1 - sigmoid(1.1)), abs=1e-15)


# --------------------------------------------------------------------------
# Lecture 002: a neuron with cost C = (sigmoid(b + W.x) - y)^2
# --------------------------------------------------------------------------
def neuron_cost(b, w1, w2, w3, x1, x2, x3, y):
    z = b + w1 * x1 + w2 * x2 + w3 * x3
    a = z.sigmoid()
    return (a - y) ** 2


def test_lecture002_neuron_graph():
    b, W, x, y = -2.0, [-1.0, 0.5, 10.0], [4.0, -2.0, 1.0], 1.0
    args = [b, *W, *x, y]
    C, grads = backprop_grads(neuron_cost, args)
    z = b + float(np.dot(W, x))  # -2 + (-4 - 1 + 10) = 3
    assert z == 3.0
    a = sigmoid(z)
    assert C.data == pytest.approx((a - y) ** 2, abs=1e-15)
    dC_dz = 2 * (a - y) * a * (1 - a)
    gb, gW, gx, gy = grads[0], grads[1:4], grads[4:7], grads[7]
    assert gb == pytest.approx(dC_dz, abs=1e-15)
    for i in range(3):
        assert gW[i] == pytest.approx(dC_dz * x[i], abs=1e-15)  # 2(a-y) a(1-a) x_i
        assert gx[i] == pytest.approx(dC_dz * W[i], abs=1e-15)
    assert gy == pytest.approx(-2 * (a - y), abs=1e-15)
    np.testing.assert_allclose(grads, numerical_grads(neuron_cost, args), rtol=1e-6, atol=1e-9)


# --------------------------------------------------------------------------
# Central differences for every operation
# --------------------------------------------------------------------------
OPS = {
    "add": (lambda a, b: a + b, (0.7, -1.3)),
    "sub": (lambda a, b: a - b, (0.7, -1.3)),
    "mul": (lambda a, b: a * b, (0.7, -1.3)),
    "div": (lambda a, b: a / b, (0.7, -1.3)),
    "radd": (lambda a: 2.5 + a, (0.4,)),
    "rsub": (lambda a: 2.5 - a, (0.4,)),
    "rmul": (lambda a: 2.5 * a, (0.4,)),
    "rdiv": (lambda a: 2.5 / a, (0.4,)),
    "neg": (lambda a: -a, (0.4,)),
    "pow2": (lambda a: a**2, (-0.8,)),
    "pow3": (lambda a: a**3, (-0.8,)),
    "pow_half": (lambda a: a**0.5, (1.7,)),
    "pow_neg": (lambda a: a**-2, (1.7,)),
    "pow0": (lambda a: a**0, (1.7,)),
    "exp": (lambda a: a.exp(), (-0.6,)),
    "log": (lambda a: a.log(), (0.6,)),
    "sigmoid": (lambda a: a.sigmoid(), (-0.6,)),
    "sigmoid_pos": (lambda a: a.sigmoid(), (2.0,)),
    "tanh": (lambda a: a.tanh(), (0.3,)),
    "relu_pos": (lambda a: a.relu(), (0.3,)),
    "relu_neg": (lambda a: a.relu(), (-0.3,)),
    "max_first": (lambda a, b: a.max(b), (0.9, 0.2)),
    "max_second": (lambda a, b: a.max(b), (-0.9, 0.2)),
}


@pytest.mark.parametrize("name", OPS)
def test_every_op_against_central_differences(name):
    build, xs = OPS[name]
    _, grads = backprop_grads(build, xs)
    np.testing.assert_allclose(grads, numerical_grads(build, xs), rtol=1e-6, atol=1e-8)


def test_op_names_and_inputs():
    a, b = Value(2.0, "a"), Value(3.0, "b")
    assert (a + b).op == "+"
    assert (a - b).op == "-"
    assert (a * b).op == "*"
    assert (a / b).op == "/"
    assert (-a).op == "neg"
    assert (a**2).op == "**2"
    assert (a**-1).op == "**-1"
    assert (a**0.5).op == "**0.5"
    assert a.exp().op == "exp"
    assert a.log().op == "log"
    assert a.sigmoid().op == "sigmoid"
    assert a.tanh().op == "tanh"
    assert a.relu().op == "relu"
    assert a.max(b).op == "max"
    assert a.op == "" and a.inputs == ()
    c = a * b
    assert c.inputs == (a, b) and c._prev is c.inputs
    assert (a * a).inputs == (a, a)
    # constants become leaves on the correct side
    r = 1 / a
    assert r.inputs[1] is a and r.inputs[0].data == 1.0
    with pytest.raises(AttributeError):
        c.op = "+"
    with pytest.raises(AttributeError):
        c.inputs = ()


def test_max_gate_routes_gradient_and_tie_goes_first():
    a, b = Value(1.0), Value(4.0)
    m = (a * 2).max(b * 1)
    m.backward()
    assert m.data == 4.0
    assert (a.grad, b.grad) == (0.0, 1.0)
    a, b = Value(2.0), Value(2.0)
    m = a.max(b)
    m.backward()
    assert (a.grad, b.grad) == (1.0, 0.0)
    a = Value(-1.0)
    m = a.max(0)  # plain number on the right is fine
    m.backward()
    assert m.data == 0.0 and a.grad == 0.0


def test_relu_at_zero_has_zero_gradient():
    a = Value(0.0)
    r = a.relu()
    r.backward()
    assert r.data == 0.0 and a.grad == 0.0


def test_mul_gate_swaps_and_add_gate_distributes():
    a, b = Value(3.0), Value(-5.0)
    out = (a * b) * 2.0
    out.backward()
    assert a.grad == -10.0 and b.grad == 6.0  # "swap multiplier", times upstream 2
    a, b = Value(3.0), Value(-5.0)
    out = (a + b) * 2.0
    out.backward()
    assert a.grad == 2.0 and b.grad == 2.0  # "gradient distributor"


# --------------------------------------------------------------------------
# Same expression written two ways
# --------------------------------------------------------------------------
TWINS = [
    ("sigmoid", lambda x, y: x.sigmoid() * y, lambda x, y: y / (1 + (-x).exp())),
    ("tanh", lambda x, y: (x * y).tanh(), lambda x, y: ((2 * x * y).exp() - 1) / ((2 * x * y).exp() + 1)),
    ("tanh_via_sigmoid", lambda x, y: x.tanh() + y, lambda x, y: 2 * (2 * x).sigmoid() - 1 + y),
    ("div", lambda x, y: x / y, lambda x, y: x * y**-1),
    ("sub", lambda x, y: x - y, lambda x, y: x + (-y)),
    ("neg", lambda x, y: -x * y, lambda x, y: x * y * -1),
    ("square", lambda x, y: (x + y) ** 2, lambda x, y: (x + y) * (x + y)),
    ("expand", lambda x, y: (x + y) * (x - y), lambda x, y: x * x - y * y),
    ("log_exp", lambda x, y: (x * y).exp().log(), lambda x, y: x * y),
    ("log_product", lambda x, y: (x * x * y * y + 1).log(), lambda x, y: (x * x * y * y + 1).log()),
    ("relu", lambda x, y: (x - y).relu(), lambda x, y: (x - y).max(0.0)),
    ("max", lambda x, y: x.max(y), lambda x, y: ((x + y) + ((x - y) ** 2) ** 0.5) / 2),
]


@pytest.mark.parametrize("name,f1,f2", TWINS, ids=[t[0] for t in TWINS])
def test_same_expression_two_ways(name, f1, f2):
    xs = (0.8, -0.35)
    out1, g1 = backprop_grads(f1, xs)
    out2, g2 = backprop_grads(f2, xs)
    assert out1.data == pytest.approx(out2.data, abs=1e-12)
    np.testing.assert_allclose(g1, g2, rtol=1e-10, atol=1e-12)


# --------------------------------------------------------------------------
# Reuse: gradients accumulate
# --------------------------------------------------------------------------
def test_reuse_accumulates():
    a = Value(3.0)
    b = a * a
    b.backward()
    assert a.grad == 6.0  # d(a^2)/da = 2a

    a = Value(3.0)
    b = a + a + a
    b.backward()
    assert a.grad == 3.0

    # diamond: a feeds two branches that meet again
    a = Value(0.5)
    left = a.exp()
    right = a * 3.0
    top = left * right
    top.backward()
    # d/da (3 a e^a) = 3 e^a + 3 a e^a
    assert a.grad == pytest.approx(3 * math.exp(0.5) * (1 + 0.5), abs=1e-14)
    assert left.grad == right.data and right.grad == left.data


def test_backward_twice_gives_same_grads():
    x, y = Value(0.3), Value(-1.2)
    h = (x * y).tanh()
    f = h * h + x  # h is used twice
    f.backward()
    first = (x.grad, y.grad, h.grad)
    f.backward()
    assert (x.grad, y.grad, h.grad) == first
    assert f.grad == 1.0


def test_zero_grad():
    x, y = Value(0.3), Value(-1.2)
    f = x * y + x
    f.backward()
    assert x.grad != 0
    f.zero_grad()
    assert all(node.grad == 0.0 for node in f.topological_order())


def test_backward_on_an_inner_node_only_touches_its_subgraph():
    x, y = Value(2.0), Value(3.0)
    q = x * y
    f = q + y
    f.backward()
    q.backward()  # resets x, y, q only
    assert (x.grad, y.grad, q.grad) == (3.0, 2.0, 1.0)
    assert f.grad == 1.0  # untouched: f is not part of q's graph


# --------------------------------------------------------------------------
# Graph structure
# --------------------------------------------------------------------------
def test_topological_order_and_trace():
    x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
    q = x + y
    q.label = "q"
    f = q * z
    f.label = "f"
    order = f.topological_order()
    assert [n.label for n in order] == ["x", "y", "q", "z", "f"]
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for child in node.inputs:
            assert position[id(child)] < position[id(node)]
    nodes, edges = trace(f)
    assert nodes == order
    assert [(c.label, p.label) for c, p in edges] == [("x", "q"), ("y", "q"), ("q", "f"), ("z", "f")]


def test_trace_keeps_duplicate_edges_and_nodes_once():
    a = Value(2.0, "a")
    b = a * a
    nodes, edges = trace(b)
    assert len(nodes) == 2
    assert edges == [(a, b), (a, b)]


def test_trace_rejects_non_value():
    with pytest.raises(TypeError, match=r"root must be a Value, got 3\.0"):
        trace(3.0)


def test_repr():
    x = Value(1.0)
    f = x.sigmoid()
    f.label = "f"
    f.backward()
    assert repr(f) == "Value(data=0.7311, grad=1, label='f')"
    assert repr(x) == "Value(data=1, grad=0.1966)"


# --------------------------------------------------------------------------
# Deep graphs: no recursion
# --------------------------------------------------------------------------
def test_deep_chain_of_20000_nodes():
    limit = sys.getrecursionlimit()
    x = Value(1.0)
    s = x
    for _ in range(10_000):
        s = s + x  # 10,000 additions ...
        s = s * 1.0  # ... and 10,000 multiplications
    s.backward()
    assert sys.getrecursionlimit() == limit
    assert len(s.topological_order()) > 20_000
    assert s.data == 10_001.0
    assert x.grad == 10_001.0


def test_deep_product_chain():
    x = Value(1.0)
    s = Value(1.0)
    for _ in range(20_000):
        s = s * x  # x ** 20000 at x = 1: derivative 20000
    s.backward()
    assert x.grad == 20_000.0


# --------------------------------------------------------------------------
# Random expressions (hypothesis) against central differences
# --------------------------------------------------------------------------
# Each step applies one operation to nodes picked from the pool built so far,
# so nodes get reused (diamonds, a*a, ...).  Operations are chosen to be
# smooth everywhere: log and division only see arguments bounded away from 0.
UNARY = [
    lambda a: -a,
    lambda a: a.tanh(),
    lambda a: a.sigmoid(),
    lambda a: a.tanh().exp(),
    lambda a: (a * a + 1).log(),
    lambda a: a**2,
    lambda a: 0.5 * a + 1.5,
]
BINARY = [
    lambda a, b: a + b,
    lambda a, b: a - b,
    lambda a, b: a * b,
    lambda a, b: a / (1 + b * b),
    lambda a, b: b.sigmoid() * a,
]

step = st.one_of(
    st.tuples(st.just(1), st.integers(0, len(UNARY) - 1), st.integers(0, 99), st.just(0)),
    st.tuples(st.just(2), st.integers(0, len(BINARY) - 1), st.integers(0, 99), st.integers(0, 99)),
)


def make_program(program):
    def build(x, y, z):
        pool = [x, y, z]
        for arity, op, i, j in program:
            a, b = pool[i % len(pool)], pool[j % len(pool)]
            pool.append(UNARY[op](a) if arity == 1 else BINARY[op](a, b))
        return sum(pool[3:], pool[-1] * 0.5)  # mixes every intermediate into the output

    return build


@settings(max_examples=150, deadline=None)
@given(
    xs=st.tuples(*[st.floats(-2.0, 2.0, allow_nan=False) for _ in range(3)]),
    program=st.lists(step, min_size=1, max_size=8),
)
def test_random_expressions_match_central_differences(xs, program):
    build = make_program(program)
    out, grads = backprop_grads(build, xs)
    assume(all(abs(n.data) < 1e3 for n in out.topological_order()))
    assume(all(abs(g) < 1e4 for g in grads))
    numeric = numerical_grads(build, xs)
    np.testing.assert_allclose(grads, numeric, rtol=1e-5, atol=1e-5)


@settings(max_examples=50, deadline=None)
@given(a=st.floats(-5, 5), b=st.floats(-5, 5))
def test_sub_and_div_identities(a, b):
    assume(abs(b) > 0.1)
    x, y = Value(a), Value(b)
    f = x / y - y
    f.backward()
    assert x.grad == pytest.approx(1 / b, rel=1e-12)
    assert y.grad == pytest.approx(-a / b**2 - 1, rel=1e-12, abs=1e-12)


# --------------------------------------------------------------------------
# Numerics: stable sigmoid, overflow reported
# --------------------------------------------------------------------------
def test_sigmoid_is_stable_at_extremes():
    for x, want in [(1000.0, 1.0), (-1000.0, 0.0), (40.0, 1.0), (-745.0, 0.0)]:
        v = Value(x)
        s = v.sigmoid()
        s.backward()
        assert s.data == pytest.approx(want, abs=1e-15)
        assert math.isfinite(v.grad) and v.grad >= 0.0
    assert Value(-30.0).sigmoid().data == pytest.approx(math.exp(-30) / (1 + math.exp(-30)), rel=1e-14)


def test_tanh_is_stable_at_extremes():
    assert Value(1000.0).tanh().data == 1.0
    assert Value(-1000.0).tanh().data == -1.0


@pytest.mark.parametrize(
    "make, pattern",
    [
        (lambda: Value(1000.0).exp(), r"exp\(1000\.0\) overflowed"),
        (lambda: Value(1e308) * 10, r"overflowed"),
        (lambda: Value(1e308) + Value(1e308), r"overflowed"),
        (lambda: Value(1e308) - Value(-1e308), r"overflowed"),
        (lambda: Value(1e200) ** 2, r"overflowed"),
        (lambda: Value(1.0) / 1e-320, r"overflowed"),
        (lambda: Value(1e-200) ** -1, r"derivative of x \*\* -1 .* overflowed"),
    ],
)
def test_overflow_is_a_value_error(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make()


def test_gradient_overflow_is_reported():
    x = Value(1e200)
    with pytest.raises(ValueError, match=r"overflowed: the result \(inf\)"):
        (x * 1e100) * x  # data would be 1e500: reported in the forward pass
    x = Value(1e-300)
    y = Value(1.0)
    f = y / x  # data 1e300 fine; d f / d x = -1/x**2 = -1e600 overflows
    with pytest.raises(ValueError, match=r"gradient overflowed to -inf"):
        f.backward()


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data, exc, pattern",
    [
        (float("nan"), ValueError, r"data must be a finite number, got nan"),
        (float("inf"), ValueError, r"data must be a finite number, got inf"),
        ("3", TypeError, r"data must be a real number, got '3' \(str\)"),
        (True, TypeError, r"data must be a real number, got True \(bool\)"),
        (1 + 2j, TypeError, r"data must be a real number, got \(1\+2j\)"),
        (None, TypeError, r"data must be a real number, got None"),
    ],
)
def test_bad_data(data, exc, pattern):
    with pytest.raises(exc, match=pattern):
        Value(data)


def test_numpy_scalars_are_accepted():
    v = Value(np.float64(0.5)) * np.int64(3)
    assert type(v.data) is float and v.data == 1.5
    w = np.float64(2.0) * Value(3.0)
    assert isinstance(w, Value) and w.data == 6.0


def test_bad_label_and_children():
    with pytest.raises(TypeError, match=r"label must be a str, got 3 \(int\)"):
        Value(1.0, label=3)
    with pytest.raises(TypeError, match=r"_children must contain only Value objects, got 2\.0"):
        Value(1.0, _children=(2.0,))
    with pytest.raises(TypeError, match=r"data must be a real number, got a Value"):
        Value(Value(1.0))


def test_bad_operand():
    with pytest.raises(TypeError, match=r"other operand must be a Value or a real number, got 'a' \(str\)"):
        Value(1.0) + "a"
    with pytest.raises(TypeError, match=r"got None"):
        None * Value(1.0)
    with pytest.raises(ValueError, match=r"other operand must be a finite number, got nan"):
        Value(1.0) * float("nan")
    with pytest.raises(TypeError, match=r"other operand"):
        Value(1.0).max("b")


def test_division_by_zero():
    with pytest.raises(ValueError, match=r"division by zero: the denominator Value\(data=0, grad=0, label='d'\)"):
        Value(1.0) / Value(0.0, "d")
    with pytest.raises(ValueError, match=r"division by zero"):
        1 / Value(0.0)
    with pytest.raises(ValueError, match=r"division by zero"):
        Value(1.0) / 0


def test_log_of_non_positive():
    with pytest.raises(ValueError, match=r"log is only defined for data > 0, got data=0\.0"):
        Value(0.0).log()
    with pytest.raises(ValueError, match=r"got data=-2\.5"):
        Value(-2.5, "a").log()


def test_pow_rules():
    with pytest.raises(TypeError, match=r"exponent must be a plain int or float, got a Value"):
        Value(2.0) ** Value(3.0)
    with pytest.raises(TypeError, match=r"exponent must be a plain int or float"):
        2 ** Value(3.0)
    with pytest.raises(TypeError, match=r"exponent must be a real number, got '2'"):
        Value(2.0) ** "2"
    with pytest.raises(ValueError, match=r"exponent must be a finite number, got inf"):
        Value(2.0) ** float("inf")
    with pytest.raises(ValueError, match=r"0 cannot be raised to the negative power -1"):
        Value(0.0) ** -1
    with pytest.raises(ValueError, match=r"negative base Value\(data=-8.*integer exponent, got 0\.5"):
        Value(-8.0) ** 0.5
    with pytest.raises(ValueError, match=r"infinite derivative at x = 0"):
        Value(0.0) ** 0.5
    # allowed edge cases
    x = Value(-2.0)
    y = x**3
    y.backward()
    assert (y.data, x.grad) == (-8.0, 12.0)
    x = Value(0.0)
    y = x**0
    y.backward()
    assert (y.data, x.grad) == (1.0, 0.0)
    x = Value(0.0)
    y = x**2
    y.backward()
    assert (y.data, x.grad) == (0.0, 0.0)
