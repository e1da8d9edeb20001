"""The package's shape, read from its source with ``ast`` (nothing is imported, so nothing can hide).

* ``backprop_lab`` has no import cycle: every ``import`` (at module level or inside a function) between its
  modules is an edge, and the graph has no strongly connected component of more than one module;
* no module of ``backprop_lab`` defines a module-level ``__getattr__`` (no re-export shims);
* ``backprop_lab`` imports no private name of ``backprop_core`` (no ``backprop_core._x`` module, no ``_name``);
* ``backprop_core`` imports numpy and the standard library only;
* the dashboards compute no gradient: no finite-difference quotient (a division by ``eps``, ``h`` or
  ``2 * eps`` with a difference above it), no call of ``numerical_gradient``/``gradient_check``, and no
  ``.gradients(`` (a network's gradient) or ``.fit(`` (training) outside the few places listed below, each
  waiting for its own move to the core. (``Value.backward()`` and ``MazurNetwork.backward()`` stay allowed:
  they run the core's own engine, which a graph or the 2-2-2 dashboard reads step by step.)
"""
import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAB, CORE = ROOT / "backprop_lab", ROOT / "backprop_core"

#: Calls in dashboards that still compute with a model: (module, method) -> why it is still there.
#: A new entry needs a reason; the test fails for any call not listed, and for a listed one that is gone.
STILL_IN_DASHBOARDS = {
    ("chain.py", "gradients"): "lesson 03-04's status line reads the chain network's gradient (chain lesson's owner)",
    ("chain.py", "difference quotient"): "lesson 03's wiggle: (out(w + h) - out(w)) / h (chain lesson's owner)",
    ("network/tables.py", "gradients"): "lesson 06's derivative table (network lesson's owner)",
    ("descent/batches.py", "fit"): "lesson 05's batch modes train three networks (to move with the descent lesson)",
    ("debugging/dashboard.py", "fit"): (
        "lesson 09's loss curves with and without a bug (to move with the debugging lesson)"),
}
GRADIENT_METHODS = ("gradients", "fit")
GRADIENT_FUNCTIONS = ("numerical_gradient", "gradient_check")


def module_name(path, package_root):
    rel = path.relative_to(package_root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(package_root):
    return {module_name(p, package_root): p for p in sorted(package_root.rglob("*.py"))}


def imported_modules(path, name, known):
    """Every module of ``known`` that ``path`` (module ``name``) imports, anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            found.add(target)
            found.update(f"{target}.{a.name}" for a in node.names)   # `from . import matrix` names a module
    return {m for m in found if m in known and m != name and not name.startswith(m + ".")}


def import_graph(package_root):
    known = modules(package_root)
    # a package's own __init__ runs before its submodules whatever they import: edges to an ancestor
    # package are not cycles, so they are left out
    return {n: {m for m in imported_modules(p, n, known) if not n.startswith(m + ".")} for n, p in known.items()}


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(max(1000, 10 * len(graph)))

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_cycle_finder_finds_a_cycle_and_accepts_a_chain():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_import_graph_sees_relative_lazy_and_submodule_imports(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .a import x\n")
    (pkg / "a.py").write_text("def f():\n    from .sub import b\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text("from .. import a\nfrom ..sub import c\n")
    (pkg / "sub" / "c.py").write_text("import pkg.a\n")
    g = import_graph(pkg)
    assert (g["pkg.a"] == {"pkg.sub", "pkg.sub.b"} and g["pkg.sub.b"] == {"pkg.a", "pkg.sub.c"}
            and g["pkg.sub.c"] == {"pkg.a"})
    assert cycles(g) == [["pkg.a", "pkg.sub.b", "pkg.sub.c"]]   # the empty package pkg.sub is not in it


def test_backprop_lab_has_no_import_cycle():
    graph = import_graph(LAB)
    # it reads real edges
    assert "backprop_lab.dashboards.matrix.stepper" in graph["backprop_lab.dashboards.matrix.tables"]
    assert cycles(graph) == []


def test_backprop_core_has_no_import_cycle():
    assert cycles(import_graph(CORE)) == []


def test_no_module_level_getattr_shims():
    shims = [str(p.relative_to(ROOT)) for p in LAB.rglob("*.py")
             if any(isinstance(n, ast.FunctionDef) and n.name == "__getattr__"
                    for n in ast.parse(p.read_text(encoding="utf-8")).body)]
    assert shims == []


def test_no_private_core_name_is_imported_by_the_lab():
    bad = []
    for p in LAB.rglob("*.py"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").startswith("backprop_core"):
                names = node.module.split(".") + [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                names = [part for a in node.names if a.name.startswith("backprop_core") for part in a.name.split(".")]
            else:
                continue
            bad += [f"{p.relative_to(ROOT)}:{node.lineno} {n}" for n in names if n.startswith("_")]
    assert bad == []


def test_core_imports_numpy_and_the_standard_library_only():
    allowed = set(sys.stdlib_module_names) | {"numpy", "backprop_core", "__future__"}
    bad = []
    for p in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                tops = [node.module.split(".")[0]]
            else:
                continue
            bad += [f"{p.relative_to(ROOT)}:{node.lineno} {t}" for t in tops if t not in allowed]
    assert bad == []


def _is_eps(node):
    """``eps``, ``h``, ``2 * eps``, ``(2 * h)``: the denominator of a difference quotient."""
    if isinstance(node, ast.Name):
        return node.id in ("eps", "h", "epsilon", "delta_w")
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _is_eps(node.left) or _is_eps(node.right)
    return False


def gradient_computations(path):
    """``(kind, detail, line)`` of every gradient computation in one file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _is_eps(node.right)
                and isinstance(node.left, ast.BinOp) and isinstance(node.left.op, ast.Sub)):
            out.append(("difference quotient", ast.unparse(node)[:60], node.lineno))
        elif isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
            if name in GRADIENT_FUNCTIONS:
                out.append(("call", name, node.lineno))
            elif isinstance(f, ast.Attribute) and name in GRADIENT_METHODS:
                out.append(("method", name, node.lineno))
    return out


def test_gradient_finder_finds_quotients_and_calls(tmp_path):
    p = tmp_path / "x.py"
    p.write_text("def f(m, up, down, eps, h):\n    g = (up - down) / (2 * eps)\n    m.fit(1)\n    m.backward()\n"
                 "    return m.gradients(1), numerical_gradient(f, 1), up / 2, 1 / h\n")
    kinds = sorted((k, d) for k, d, _ in gradient_computations(p))
    assert kinds == [("call", "numerical_gradient"), ("difference quotient", "(up - down) / (2 * eps)"),
                     ("method", "fit"), ("method", "gradients")]


def test_dashboards_compute_no_gradient():
    found, left = [], set()
    for p in sorted((LAB / "dashboards").rglob("*.py")):
        name = p.relative_to(LAB / "dashboards").as_posix()
        for kind, detail, line in gradient_computations(p):
            key = (name, kind if kind == "difference quotient" else detail)
            if kind != "call" and key in STILL_IN_DASHBOARDS:
                left.add(key)
                continue
            found.append(f"dashboards/{name}:{line}: {kind} {detail}")
    assert found == [], "a dashboard computes a gradient: move it to backprop_core with a test"
    assert left == set(STILL_IN_DASHBOARDS), (
        f"moved to the core: remove {set(STILL_IN_DASHBOARDS) - left} from the list")


@pytest.mark.parametrize("module", ["matrix/tables", "matrix/stepper", "neurons/units", "neurons/perceptrons",
                                    "neurons/small_networks", "graphs", "playground/model"])
def test_this_rounds_dashboards_have_no_model_computation_at_all(module):
    """The modules whose maths moved in issue 18 call no ``.gradients``/``.fit`` and take no difference at all."""
    assert gradient_computations(LAB / "dashboards" / f"{module}.py") == []


#: Lesson -> its room in backprop_lab/dashboards (a module, or a package when the lesson has several modules).
ROOMS = {"01": "neurons", "02": "graphs.py", "03": "chain.py", "04": "dataset_cost.py", "05": "descent",
         "06": "network", "07": "matrix", "08": "playground", "09": "debugging"}


def test_dashboards_are_grouped_by_lesson():
    """A reader finds lesson N's room at once: every entry of dashboards/ is one lesson's room, a package's
    docstring names its lesson, and its modules import nothing from another lesson's package except the 2-2-2
    network's tables (lesson 07 builds on lesson 06)."""
    root = LAB / "dashboards"
    entries = {p.name for p in root.iterdir() if p.name != "__pycache__" and p.name != "__init__.py"}
    assert entries == set(ROOMS.values())
    for lesson, room in ROOMS.items():
        path = root / room
        if path.is_dir():
            doc = ast.get_docstring(ast.parse((path / "__init__.py").read_text()))
            assert doc and doc.startswith(f"Lesson {lesson}"), (room, doc)
            assert len(list(path.glob("*.py"))) >= 3, f"{room} is a package of one module: make it a module"
    graph = import_graph(LAB)
    allowed = {("matrix", "network")}
    for mod, deps in graph.items():
        parts = mod.split(".")
        if len(parts) < 4 or parts[1] != "dashboards":
            continue
        for dep in deps:
            dparts = dep.split(".")
            if len(dparts) >= 3 and dparts[1] == "dashboards" and (root / dparts[2]).is_dir() \
                    and dparts[2] != parts[2]:
                assert (parts[2], dparts[2]) in allowed, f"{mod} imports another lesson's room {dep}"
