"""Random, extreme and wrong-typed inputs on every dashboard and every exercise (issue 16).

Every dashboard (each variant ``benchmarks/bench_dashboards.py`` builds, and
``UpdateOrderDashboard``) gets hypothesis-drawn sequences of actions: a control set to a
value inside its range, at its ends, just outside, NaN, +-inf, 1e308, -0.0, a string, None,
a boolean, a list or a huge int (options and junk for a drop-down), the same values
assigned to the control as the browser would, a button pressed, a click at random
coordinates on a figure. After each action: an exception is only a ValueError/TypeError
from ``set`` whose message is a sentence naming the control; the status line is a
sentence; no table shows NaN. After the sequence a good value still updates the dashboard.
A few examples run under ipympl too (in a subprocess: this process keeps Agg).

Every number exercise gets random text (floats in many spellings, decimal commas, '1e400',
'nan', 'inf', unicode minus, fractions, huge strings): ``check_cell`` never raises and says a
sentence; the right answers pass. Every code exercise (and lesson 09's ``BackwardChecker``)
gets student functions that return random, wrong-typed or NaN values, raise, exit or return
None: a sentence, never an exception.

The counts (inputs tried, refused with a sentence, accepted, tracebacks) are printed at the
end of the run. The hypothesis profile is derandomized (``tests/conftest.py``): the same
examples run every time.
"""
from __future__ import annotations

import json
import re
import math
import subprocess
import sys
import warnings
from pathlib import Path

import ipywidgets as W
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_lab import dashboards as D
from backprop_lab.code_exercises import CODE_EXERCISES, two_layer_backward
from backprop_lab.dashboards.debugging.bug_hunt import BackwardChecker
from backprop_lab.exercises import course_exercises
from backprop_core.messages import clause

from .fuzz_kit import COUNTS, NAN, assert_sentence, fuzz_dashboard

ROOT = Path(__file__).resolve().parents[1]
#: Every dashboard variant (as ``benchmarks/bench_dashboards.py: scenarios()`` builds them; importing
#: that module would switch this process to ipympl).
FACTORIES = {name: factory for name, factory, _actions in D.BENCHMARK_SCENARIOS()}
FACTORIES.update({d.__name__: d for d in (D.TrainingDashboard, D.ForwardDashboard, D.WiggleDashboard,
                                           D.UpdateOrderDashboard)})
#: Examples per dashboard (each up to 5 actions); slower dashboards get fewer.
EXAMPLES = {"Playground": 6, "NetworkDashboard": 8, "NetworkDashboard 3-D": 6, "TrainingDashboard": 8}


class Summary:
    """A plugin registered while this file runs: at the end of the session, pytest's terminal summary
    gets the fuzz counts (outside output capture, so they show without ``-s``)."""

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_line("fuzz: " + ", ".join(
            f"{k} {COUNTS[k]:,}" for k in ("inputs tried", "refused with a sentence", "accepted", "tracebacks")))


@pytest.fixture(scope="module", autouse=True)
def summary(request):
    """Print the session's fuzz counts at the end of the run."""
    plugins = request.config.pluginmanager
    if not plugins.has_plugin("backprop-fuzz-summary"):
        plugins.register(Summary(), "backprop-fuzz-summary")
    yield


@pytest.fixture(autouse=True)
def progress_file(tmp_path, monkeypatch):
    """Exercises remember answers: keep that in a temporary file, never the student's."""
    monkeypatch.setenv("BACKPROP_LAB_PROGRESS", str(tmp_path / "progress.json"))


def _widgets():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return len(W.Widget.widgets)


# -- every dashboard -----------------------------------------------------------------------------
def test_every_dashboard_is_fuzzed():
    assert {n.split()[0] for n in FACTORIES} == set(D.__all__)


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_random_actions_never_escape_and_never_show_nan(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a Save or a restore from a path stays in the temporary folder
    dash = FACTORIES[name]()
    if hasattr(dash, "save_path"):
        dash.save_path = str(tmp_path / "playground.json")
    try:
        moved = fuzz_dashboard(dash, EXAMPLES.get(name, 10))
        assert moved in dash.controls
    finally:
        dash.close()


IPYMPL = """if True:
    import json, sys
    import matplotlib
    matplotlib.use("module://ipympl.backend_nbagg")
    sys.path.insert(0, sys.argv[1])
    from hypothesis import settings
    settings.register_profile("backprop", derandomize=True, database=None)
    settings.load_profile("backprop")
    from backprop_lab import dashboards as D
    from tests.fuzz_kit import COUNTS, fuzz_dashboard
    import gc
    gc.collect()
    gc.freeze()  # as tests/conftest.py does: each close()'s gc.collect() walks only what the fuzzing makes
    names = json.loads(sys.argv[2])
    made = [(n, f) for n, f, _ in D.BENCHMARK_SCENARIOS()] + [("TrainingDashboard", D.TrainingDashboard)]
    for name, factory in made:
        if name in names:
            dash = factory()
            assert dash.views and all(v.live for v in dash.views), name
            fuzz_dashboard(dash, 3)
            dash.close()
    print(json.dumps(dict(COUNTS)))
"""


def test_a_few_examples_under_ipympl(tmp_path):
    names = ["TrainingDashboard", "BugHuntDashboard"]
    out = subprocess.run([sys.executable, "-c", IPYMPL, str(ROOT), json.dumps(names)], capture_output=True,
                         text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    counts = json.loads(out.stdout.strip().splitlines()[-1])
    assert counts["inputs tried"] >= len(names) * 3 and counts.get("tracebacks", 0) == 0
    COUNTS.update(counts)


# -- every number exercise -----------------------------------------------------------------------
ENTRIES = course_exercises()
IDS = [f"{e.lesson}:{e.call[:40]}" for e in ENTRIES]

SPELLINGS = st.sampled_from(["0,5", "-0,25", "1e400", "-1e400", "nan", "NaN", "inf", "-inf", "", "   ", "\t\n",
                             "\u22120.5", "\u2212 0.5", "1/2", "1/0", "0/0", "-3/4", "1//2", "1/2/3", "1e", ".",
                             "-", "+.5", "5.", "0x10", "1_000", "١٢", "½", "1,000.5", "1 000", "3.14.15",
                             "9" * 5000, "1" + "0" * 400, "0." + "0" * 400 + "1", "e5", "--1", "1e-400"])
TEXTS = st.one_of(
    SPELLINGS,
    st.floats(allow_nan=True, allow_infinity=True).flatmap(lambda x: st.sampled_from(
        [repr(x), f"{x:g}", f"{x:.3e}", f" {x} ", str(x).replace(".", ","), str(x).replace("-", "\u2212")])),
    st.integers(-10 ** 30, 10 ** 30).map(str),
    st.fractions().map(str),
    st.text(max_size=30),
    st.text(alphabet="0123456789.,-+eE/ \u2212", max_size=12))


def _typed_answers(cell):
    """The right answer, typed as a student would: full precision, 6 digits, and as an int for a count."""
    a = cell["answer"]
    texts = [repr(a), f"{a:.6g}", f" {a:.8g} ", f"{a:.6g}".replace("-", "\u2212")]
    if cell["exact"]:
        texts.append(str(int(a)))
    return texts


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_number_exercises_say_a_sentence_to_any_text(entry):
    ex = entry.build()
    cells = ex.cells()
    for i, cell in enumerate(cells):
        for text in _typed_answers(cell):
            COUNTS["inputs tried"] += 1
            fb = ex.check_cell(i, text)
            assert fb.correct, (i, text, fb.message)
            assert_sentence(fb.message)
            COUNTS["accepted"] += 1

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(i=st.integers(0, len(cells) - 1), text=TEXTS)
    def run(i, text):
        COUNTS["inputs tried"] += 1
        COUNTS["tracebacks"] += 1  # taken back once the check said a sentence
        fb = ex.check_cell(i, text)
        assert isinstance(fb.correct, bool)
        assert_sentence(fb.message, quoted=(repr(str(text).strip()),))  # 'Could not read '...' as a number.'

        COUNTS["tracebacks"] -= 1
        COUNTS["accepted" if fb.correct else "refused with a sentence"] += 1
        if fb.correct:  # only a number within the tolerance of the answer passes
            from backprop_lab.exercise_widgets import parse_number

            x = parse_number(text)
            assert x is not None and math.isfinite(x) and abs(x - cells[i]["answer"]) <= cells[i]["tolerance"] * 1.0001

    run()
    ex.close()


# -- every code exercise -----------------------------------------------------------------------
class OddError(Exception):
    """An exception whose message is as untidy as a student's can be."""


def _returning(value):
    return lambda *args, **kwargs: value


def _raising(exc):
    def fn(*args, **kwargs):
        raise exc
    fn.said = (clause(exc),) if clause(exc) else ()  # the student's own words, which a report may quote
    return fn


def _recursing(*args, **kwargs):
    return _recursing(*args, **kwargs)


RETURNS = st.one_of(
    st.sampled_from([None, float("nan"), float("inf"), -0.0, 1e308, "0.5", "", [], {}, (), True, 10 ** 400,
                     np.nan, np.array([]), np.full((2, 2), np.nan), np.zeros((3, 7)), object(),
                     {"x.grad": float("nan")}, (1, 2, 3, 4), (np.nan,) * 4, [None] * 4]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=5),
    st.tuples(*[st.floats(allow_nan=True, allow_infinity=True)] * 4),
    st.dictionaries(st.sampled_from(["x.grad", "y.grad", "z.grad", "dw0", "delta_o1", "a"]),
                    st.floats(allow_nan=True, allow_infinity=True) | st.none(), max_size=4))
RAISES = st.sampled_from([ValueError("bad.."), ZeroDivisionError(), KeyError("x"), TypeError("x: ."),
                          OddError("line one\nTraceback (most recent call last):\n  line two:"), OddError(""),
                          IndexError("\u2026"), RuntimeError("a" * 500), SystemExit(3), NotImplementedError(),
                          MemoryError(), RecursionError("deep"), FloatingPointError("overflow..")])
STUDENT = st.one_of(RETURNS.map(_returning), RAISES.map(_raising), st.just(_recursing),
                    st.sampled_from([None, 3, "backward_step", float("nan")]))  # a name bound to no function

CODE = [(lesson, call, build) for lesson, call, build in CODE_EXERCISES] + \
    [("09", "CE.two_layer_backward()", two_layer_backward)]


@pytest.mark.parametrize("lesson, call, build", CODE, ids=[c[1] for c in CODE])
def test_code_exercises_say_a_sentence_to_any_function(lesson, call, build):
    start = _widgets()
    ex = build(timeout=2.0)

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(fn=STUDENT)
    def run(fn):
        COUNTS["inputs tried"] += 1
        COUNTS["tracebacks"] += 1
        report = ex.check(fn)
        assert_sentence(report.message, quoted=getattr(fn, "said", ()))
        assert not report.passed
        COUNTS["tracebacks"] -= 1
        COUNTS["refused with a sentence"] += 1
        hint = ex.hint()
        assert_sentence(hint)

    run()
    ex.close()
    assert _widgets() == start  # close() gives back every widget (CodeExercise had no close before)


def test_backward_checker_says_a_sentence_to_any_function_and_closes():
    start = _widgets()
    checker = BackwardChecker(None, timeout=2.0)
    assert _widgets() - start >= 10

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(fn=STUDENT)
    def run(fn):
        checker.fn = fn if callable(fn) else "no_such_function"  # a name to look up, or the function
        COUNTS["inputs tried"] += 1
        COUNTS["tracebacks"] += 1
        report = checker.check()
        assert_sentence(report.message, quoted=getattr(fn, "said", ()))
        assert not report.passed and not NAN.search(checker.result.value)
        COUNTS["tracebacks"] -= 1
        COUNTS["refused with a sentence"] += 1

    run()
    checker.buttons["Show solution"].click()
    assert "def my_backward" in checker.solution.value
    checker.close()
    checker.close()  # twice is harmless
    assert _widgets() == start  # every widget given back, with its layout and style
    assert checker.widget.comm is None and checker.buttons["Check my backward pass"].layout.comm is None


# -- regressions: what the fuzz found ---------------------------------------------------------------
def test_a_huge_int_for_a_slider_is_refused_with_a_sentence():
    dash = D.ForwardDashboard()
    for value in (10 ** 400, -(10 ** 400)):  # float(10**400) raised OverflowError out of check_value
        with pytest.raises(ValueError) as info:
            dash.set(w0=value)
        assert str(info.value) == ("w0 must be a number between -6 and 6 (the range of its slider), got "
                                   f"{str(value)[:50]}... ({len(str(value))} characters).")
        assert_sentence(str(info.value), ("w0",))
    dash.close()


def test_the_wiggle_status_is_a_sentence():
    dash = D.WiggleDashboard()
    dash.set(log10_h=0.0)
    assert dash.status_text.startswith("Slope with h = 1: 0.72750761; chain rule: 0.72750761;")  # was 'slope'
    assert_sentence(dash.status_text)
    dash.close()


def test_a_name_bound_to_no_function_is_said_in_lesson_09s_code_exercise():
    ex = two_layer_backward(timeout=2.0)
    report = ex.check(3)  # my_backward = 3: check_backward's TypeError escaped the Check button before
    assert not report.passed and report.message == "Give the check your function my_backward itself (a def), got int."
    ex.close()


@pytest.mark.parametrize("path, value, words", [
    (("settings", "reg_rate"), 10 ** 400, "reg_rate must be between 0 and 10"),  # OverflowError escaped
    (("settings", "reg_rate"), "x", "reg_rate must be between 0 and 10"),  # "could not convert string to float"
    (("settings", "init_seed"), float("inf"), "init_seed must be a whole number from 0 to"),  # OverflowError
    (("settings", "init_seed"), None, "init_seed must be a whole number from 0 to"),  # "int() argument must be"
    (("settings", "batch_size"), 10 ** 400, "batch_size must be from 1 to 30"),  # OverflowError in _whole
    (("settings", "hidden"), [float("inf")], "hidden layers must be whole numbers"),  # OverflowError
    (("settings", "hidden"), 2.5, "hidden layers must be whole numbers"),  # "'float' object is not iterable"
    (("settings", "hidden"), [2.5], "hidden layers must be whole numbers"),  # was taken as 2
])
def test_a_pasted_configuration_with_wrong_numbers_is_refused_in_a_sentence(path, value, words):
    from backprop_lab.dashboards.playground.model import PlaygroundModel

    cfg = PlaygroundModel(dataset="circle", hidden=(4, 2)).config()
    cfg[path[0]][path[1]] = value
    with pytest.raises(ValueError) as info:
        PlaygroundModel.from_config(cfg)
    assert str(info.value).startswith(words), str(info.value)
    assert_sentence(str(info.value), (path[1], "hidden"))


#: Python's own words, which a student should never read as the reason for a refusal.
PYTHON_WORDS = re.compile(r"object is not (iterable|subscriptable)|unhashable type|argument must be|invalid literal|"
                          r"could not convert|cannot convert|too large to convert|has no attribute")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_pasted_configuration_with_any_wrong_value_is_refused_in_words(data):
    from backprop_lab.dashboards.playground.model import PlaygroundModel

    cfg = _CONFIG.setdefault("cfg", PlaygroundModel(dataset="circle", hidden=(4, 2)).config())
    cfg = json.loads(json.dumps(cfg))
    key = data.draw(st.sampled_from(sorted(cfg["settings"])), label="setting")
    value = data.draw(st.sampled_from(JUNK_VALUES) | st.lists(st.sampled_from(JUNK_VALUES), max_size=3), label="value")
    cfg["settings"][key] = value
    COUNTS["inputs tried"] += 1
    COUNTS["tracebacks"] += 1
    try:
        PlaygroundModel.from_config(cfg)
        COUNTS["accepted"] += 1
    except (ValueError, TypeError) as exc:
        text = str(exc)
        assert not PYTHON_WORDS.search(text), text
        assert text[-1] in ".!?" and "\n" not in text and ".." not in text.replace("...", ""), text
        COUNTS["refused with a sentence"] += 1
    COUNTS["tracebacks"] -= 1


_CONFIG = {}
JUNK_VALUES = [None, float("nan"), float("inf"), -1, 0, 1e308, 10 ** 400, "x", [], {}, True, 2.5, -0.0, "4, 2"]
