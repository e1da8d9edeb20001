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


# -- issue 18: every dashboard follows the template (TrainingDashboard), figure sizes from the theme ---------------
#: Dashboard modules not yet on the template or the theme's sizes (module -> why): none since issue 18.
#: A new entry needs a reason; the tests fail for a module listed here that has nothing left to move.
NOT_YET_ON_THE_TEMPLATE = {}
NOT_YET_THEME_SIZES = {}
#: Calls that make a figure, and the argument that is its size (position, keyword).
FIGURE_CALLS = {"FigureView": (0, "figsize"), "new_figure": (0, "figsize"), "Figure": (0, "figsize"),
                "figure": (0, "figsize"), "subplots": (None, "figsize")}
RESIZE_CALLS = ("set_size_inches", "set_figwidth", "set_figheight")


def _is_literal_size(node, constants):
    """A size written as numbers: ``(7.0, 3.0)``, ``[5, 2]``, or a module constant holding one."""
    if isinstance(node, ast.Name) and node.id in constants:
        node = constants[node.id]
    return isinstance(node, (ast.Tuple, ast.List)) and all(
        isinstance(e, ast.Constant) and isinstance(e.value, (int, float)) or
        isinstance(e, ast.UnaryOp) and isinstance(e.operand, ast.Constant) for e in node.elts)


def literal_figure_sizes(path):
    """``[(line, what)]``: every figure size ``path`` writes as numbers instead of a name from
    ``backprop_lab.theme.FIGURE_SIZES`` (a figure made with one, a resize, a ``figsize=`` default)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {t.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                 for t in node.targets if isinstance(t, ast.Name)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in RESIZE_CALLS:
                found.append((node.lineno, f"{name}(...)"))
            elif name in FIGURE_CALLS:
                pos, kw = FIGURE_CALLS[name]
                args = [node.args[pos]] if pos is not None and len(node.args) > pos else []
                args += [k.value for k in node.keywords if k.arg == kw]
                found += [(node.lineno, f"{name}({ast.unparse(a)})") for a in args if _is_literal_size(a, constants)]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            pairs = list(zip(a.args[len(a.args) - len(a.defaults):], a.defaults))
            pairs += [(k, d) for k, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]
            found += [(node.lineno, f"def {node.name}({arg.arg}={ast.unparse(d)})") for arg, d in pairs
                      if arg.arg == "figsize" and _is_literal_size(d, constants)]
    return sorted(found)


def test_the_figure_size_finder_finds_literals_and_accepts_names(tmp_path):
    p = tmp_path / "x.py"
    p.write_text("SIZE = (7.0, 3.0)\nNAME = 'strip'\n"
                 "def f(fig, figsize=(6.2, 3.1), other=(1, 2)):\n"
                 "    a = FigureView((7.0, 2.9)); b = FigureView('two panels'); c = FigureView(SIZE)\n"
                 "    d = new_figure(figsize=[5, 2]); e = new_figure(NAME); fig.set_size_inches(3, 2)\n"
                 "    g = plt.subplots(2, figsize=(4, 4)); h = FigureView(theme.figure_size('panel'))\n")
    assert [w for _line, w in literal_figure_sizes(p)] == [
        "def f(figsize=(6.2, 3.1))", "FigureView((7.0, 2.9))", "FigureView(SIZE)", "new_figure([5, 2])",
        "set_size_inches(...)", "subplots((4, 4))"]


def test_every_dashboard_takes_its_figure_sizes_from_the_theme():
    """Issue 18: a dashboard names its figure size (``FigureView('two panels')``); the inches live in
    ``theme.FIGURE_SIZES`` only, so the projector setting and any resize reach every figure."""
    found, left = [], set()
    for p in sorted((LAB / "dashboards").rglob("*.py")):
        name = p.relative_to(LAB / "dashboards").as_posix()
        sizes = literal_figure_sizes(p)
        if name in NOT_YET_THEME_SIZES:
            if sizes:
                left.add(name)
            continue
        found += [f"dashboards/{name}:{line}: {what}" for line, what in sizes]
    assert found == [], "a dashboard sets its own figure size: add a name to theme.FIGURE_SIZES and use it"
    assert left == set(NOT_YET_THEME_SIZES), f"on the theme's sizes now: remove {set(NOT_YET_THEME_SIZES) - left}"


def _base_private_attributes():
    """The private attributes ``Dashboard.__init__`` sets (``self._echo``, ``self._holding``, ...)."""
    tree = ast.parse((LAB / "dashboard.py").read_text(encoding="utf-8"))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Dashboard")
    init = next(n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
    return {t.attr for n in ast.walk(init) if isinstance(n, (ast.Assign, ast.AugAssign))
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
            if isinstance(t, ast.Attribute) and t.attr.startswith("_")}


def template_breaches(path, base_private):
    """``[(line, what)]``: where ``path`` leaves the dashboard template: a class overriding the base's
    ``refresh`` or ``render``, an import of ``backprop_lab._private`` (patching ipympl's or matplotlib's
    private methods), an assignment to one of the base's private attributes, or a private method of
    another object replaced (``obj._name = ...`` or ``obj.method = ...`` on something not ``self``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            found += [(f.lineno, f"{node.name}.{f.name} overrides the base's {f.name}") for f in node.body
                      if isinstance(f, ast.FunctionDef) and f.name in ("refresh", "render")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("_private") or \
                isinstance(node, ast.ImportFrom) and any(a.name == "_private" for a in node.names):
            found.append((node.lineno, "imports backprop_lab._private"))
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                if not isinstance(t, ast.Attribute):
                    continue
                owner = t.value.id if isinstance(t.value, ast.Name) else None
                if owner == "self" and t.attr in base_private:
                    found.append((node.lineno, f"sets the base's private self.{t.attr}"))
                elif owner not in ("self", None) and t.attr.startswith("_") and not t.attr.startswith("__"):
                    found.append((node.lineno, f"sets {owner}.{t.attr}, another object's private attribute"))
    return sorted(found)


def test_the_template_finder_finds_overrides_patches_and_private_flags(tmp_path):
    p = tmp_path / "x.py"
    p.write_text("from ... import _private\nclass D(Dashboard):\n    def refresh(self):\n        pass\n"
                 "    def update(self):\n        self._holding = 1\n        self._mine = 2\n"
                 "        canvas._force_full = True\n        self.view.redraw()\n")
    base = _base_private_attributes()
    assert {"_holding", "_restoring", "_echo"} <= base
    assert [w for _line, w in template_breaches(p, base)] == [
        "imports backprop_lab._private", "D.refresh overrides the base's refresh",
        "sets the base's private self._holding", "sets canvas._force_full, another object's private attribute"]


def test_every_dashboard_follows_the_template():
    """Issue 18: like ``TrainingDashboard``, no dashboard overrides the base's refresh or render, patches
    another object's private method or sets the base's private flags; what a dashboard needs is a public
    hook of the base (``update``, ``on_control_change``, ``picture_key``)."""
    base = _base_private_attributes()
    found, left = [], set()
    for p in sorted((LAB / "dashboards").rglob("*.py")):
        name = p.relative_to(LAB / "dashboards").as_posix()
        breaches = template_breaches(p, base)
        if name in NOT_YET_ON_THE_TEMPLATE:
            if breaches:
                left.add(name)
            continue
        found += [f"dashboards/{name}:{line}: {what}" for line, what in breaches]
    assert found == []
    assert left == set(NOT_YET_ON_THE_TEMPLATE), f"on the template now: remove {set(NOT_YET_ON_THE_TEMPLATE) - left}"
