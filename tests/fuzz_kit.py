"""What the fuzz test draws and what it asserts after every draw (used by ``tests/test_fuzz.py``,
in this process under Agg and in a subprocess under ipympl).

* :func:`values_for`: the values a control is fuzzed with: inside its range, its ends, just
  outside, NaN, +-inf, 1e308, -0.0, strings, None, booleans, a list, a huge int; options and
  junk for a drop-down, booleans and junk for a checkbox, text for a text box.
* :func:`assert_sentence`: what "a sentence" means for a refusal or a status line.
* :func:`fuzz_dashboard`: a hypothesis run of random action sequences (``set``, ``control.value =``,
  a value from the browser, a button, a click on a figure) on one dashboard.
* :data:`COUNTS`: inputs tried, refused with a sentence, accepted, tracebacks (the summary
  line printed at the end of ``tests/test_fuzz.py``).

Left out: the exercises' strategies (they are short and live in the test file).
"""
from __future__ import annotations

import math
import re
from collections import Counter

import ipywidgets as W
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

#: inputs tried / refused with a sentence / accepted / tracebacks (an exception that escaped, or
#: a refusal that was not a sentence), over the whole session.
COUNTS = Counter()

#: A doubled mark: '..' (not an ellipsis, not a range such as 'w5..w8'), '. .', ': .', ', .', '….'.
DOUBLED = re.compile(r"(?<!\.)\.\.(?![.\w])|\.\s+\.|[:,;]\s*\.(?!\.)|\u2026\.")
#: A NaN shown as a number: the word nan, on its own (not inside 'nano' or 'financial').
NAN = re.compile(r"\bnan\b", re.IGNORECASE)

JUNK = [float("nan"), float("inf"), -float("inf"), 1e308, -1e308, -0.0, "0.5", "", "abc", None, True, False,
        [1, 2], 10 ** 400, -(2 ** 63), {"a": 1}]


def assert_sentence(text, names=(), quoted=()):
    """``text`` is one clean sentence (or a few): it starts with a capital letter, a digit, a name
    from code (``dW1 has shape ...``) or one of ``names`` (a control's name: ``'w0 must be ...'``), ends
    with one mark, has no doubled mark, no line break and no traceback. ``quoted``: the student's own
    text as the sentence quotes it (its repr), which may hold anything and is left out of the marks' check."""
    assert isinstance(text, str) and text.strip() == text and text, repr(text)
    for q in quoted:
        text = text.replace(q, "'value'")
    names = tuple(names) + (("'value'",) if quoted else ())
    first = re.match(r"[^\s,;:]+", text).group(0)
    code_name = re.fullmatch(r"[A-Za-z_]\w*", first) and re.search(r"[\d_A-Z]", first)  # dW1, delta_o1, w0
    assert text[0].isupper() or text[0].isdigit() or code_name or \
        any(first.startswith(n) or text.startswith(n) for n in names), \
        f"does not start with a capital or a name: {text!r}"
    assert text[-1] in ".!?", f"does not end with a mark: {text!r}"
    assert not DOUBLED.search(text), f"doubled mark: {text!r}"
    assert "\n" not in text and "Traceback" not in text, repr(text)


def _options(control):
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


def _labels(control):
    return [o[0] for o in control.options if isinstance(o, tuple)]


def values_for(control):
    """A strategy of values to set ``control`` to: good ones, its ends, just outside, and junk."""
    junk = st.sampled_from(JUNK) | st.text(max_size=6)
    if isinstance(control, W.FloatLogSlider):
        lo, hi = control.min, control.max
        good = st.floats(lo, hi).map(lambda e: control.base ** e)
        ends = [control.base ** lo, control.base ** hi, control.base ** hi * 1.001, control.base ** lo * 0.999]
        return st.one_of(good, st.sampled_from(ends), junk)
    if isinstance(control, (W.FloatSlider, W.BoundedFloatText)):
        lo, hi = control.min, control.max
        step = getattr(control, "step", None) or 0.01
        ends = [lo, hi, hi + step, lo - step, math.nextafter(hi, math.inf), math.nextafter(lo, -math.inf)]
        return st.one_of(st.floats(lo, hi), st.sampled_from(ends), junk)
    if isinstance(control, (W.IntSlider, W.BoundedIntText)):
        lo, hi = control.min, control.max
        return st.one_of(st.integers(lo, hi), st.sampled_from([lo, hi, lo - 1, hi + 1, float(lo), lo + 0.5]), junk)
    if hasattr(control, "options"):
        wrong = [o.upper() for o in _options(control) if isinstance(o, str)] + _labels(control)
        return st.one_of(st.sampled_from(_options(control)), st.sampled_from(wrong or [0]), junk)
    if isinstance(control, W.Checkbox):
        return st.one_of(st.booleans(), st.sampled_from([0, 1, "True", None, float("nan")]))
    if isinstance(control, (W.Text, W.Textarea)):
        samples = ["4, 2", "8,8,8,8,8,8,8", "0", "1.5, -2", "pg1-xyz", "x1", "0.5, 0.5", "1e400, 0", "nan, 1",
                   "/", "no_such_file.json", " ", "-0.0,-0.0"]
        return st.one_of(st.sampled_from(samples), st.text(max_size=10), junk)
    return junk


def assignable(control, value):
    """Would ipywidgets itself take ``control.value = value`` (what the browser or a callback does)?"""
    if isinstance(control, (W.FloatSlider, W.FloatLogSlider, W.BoundedFloatText)):
        return isinstance(value, float)
    if isinstance(control, (W.IntSlider, W.BoundedIntText)):
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2 ** 31
    if hasattr(control, "options"):
        return any(type(v) is type(value) and v == value for v in _options(control))
    if isinstance(control, W.Checkbox):
        return isinstance(value, bool)
    if isinstance(control, (W.Text, W.Textarea)):
        return isinstance(value, str)
    return False


def good_value(control, current):
    """A value inside ``control``'s range or options, other than ``current`` (None: there is none)."""
    if isinstance(control, W.FloatLogSlider):
        lo, hi = control.base ** control.min, control.base ** control.max
        return lo if current != lo else hi
    if isinstance(control, (W.FloatSlider, W.IntSlider)):
        mid = (control.min + control.max) / 2
        mid = round(mid) if isinstance(control, W.IntSlider) else mid
        return mid if current != mid else control.min
    if hasattr(control, "options"):
        others = [v for v in _options(control) if v != current]
        return others[0] if others else None
    return None


#: The repr of the last value drawn (a refusal quotes it: it may hold '..' or a line break, escaped).
LAST = {"quoted": ()}


def assert_readout(text):
    """A status line that reads numbers out (``'out = 0.3112'``, ``'C(W) = ... = 0.42'``): one line,
    no traceback, no doubled mark. (Some dashboards show such a formula rather than a sentence.)"""
    assert text.strip() == text and "\n" not in text and "Traceback" not in text, repr(text)
    assert not DOUBLED.search(text), f"doubled mark: {text!r}"


def check_shown(dash):
    """A refusal or a warning in the status line is a sentence, any other status a clean readout,
    and no table shows NaN."""
    names = tuple(dash.controls) + tuple(dash.buttons) + tuple(
        str(label) for c in dash.controls.values() for label in (_labels(c) if hasattr(c, "options") else ()))
    if dash.status_text and dash.status_kind in ("error", "warn"):
        assert_sentence(dash.status_text, names, LAST["quoted"])
    elif dash.status_text:
        assert_readout(dash.status_text)
    for text in (dash.table_text, getattr(dash, "extra_text", ""), dash.status_text):
        assert not NAN.search(text), f"NaN shown: {text!r}"


def _refusal(name, exc, value):
    """A refusal from ``set``: a ValueError/TypeError whose message is a sentence naming the control."""
    COUNTS["tracebacks"] += 1  # taken back below once the refusal is found to be a sentence
    assert isinstance(exc, (ValueError, TypeError)), f"{type(exc).__name__} escaped: {exc!r}"
    message = str(exc)
    assert message.startswith(f"{name} must be"), message
    assert_sentence(message, (name,), LAST["quoted"])
    COUNTS["tracebacks"] -= 1
    COUNTS["refused with a sentence"] += 1


def act(dash, draw):
    """Draw one action and do it; return what was done (for hypothesis's report)."""
    kinds = ["set"] * 4 + ["assign"] * 2 + ["browser"] + (["press"] * 2 if dash.buttons else []) \
        + (["click"] * 2 if dash.views else [])
    kind = draw(st.sampled_from(kinds), label="action")
    COUNTS["inputs tried"] += 1
    if kind == "press":
        button = draw(st.sampled_from(sorted(dash.buttons)), label="button")
        _no_escape(lambda: dash.press(button))
        COUNTS["accepted"] += 1
        return ("press", button, dash.status_text)
    if kind == "click":
        view = draw(st.sampled_from(dash.views), label="view")
        w, h = view.size_px
        x = draw(st.floats(-20, w + 20), label="x")
        y = draw(st.floats(-20, h + 20), label="y")
        _no_escape(lambda: dash.click(view, x, y))
        COUNTS["accepted"] += 1
        return ("click", x, y)
    name = draw(st.sampled_from(sorted(dash.controls)), label="control")
    control = dash.controls[name]
    value = draw(values_for(control), label="value")
    LAST["quoted"] = (repr(value),) if isinstance(value, str) else ()
    if kind in ("assign", "browser") and assignable(control, value):
        before = dash.values[name]
        if kind == "assign":  # the observer's door (a callback, a cell): never raises
            _no_escape(lambda: setattr(control, "value", value))
        else:  # a message from the browser, as ipywidgets applies it
            _no_escape(lambda: control.set_state({"value": value}))
        if dash.status_kind == "error" and dash.status_text.startswith(f"{name} must be"):
            COUNTS["refused with a sentence"] += 1
            assert dash.values[name] == before or (math.isnan(before) if isinstance(before, float) else False)
        else:
            COUNTS["accepted"] += 1
        return (kind, name, value)
    try:
        dash.set(**{name: value})
    except Exception as exc:  # noqa: BLE001 - what escaped is judged here
        _refusal(name, exc, value)
        return ("refused", name, value)
    COUNTS["accepted"] += 1
    return ("set", name, value)


def _no_escape(fn):
    try:
        fn()
    except Exception:
        COUNTS["tracebacks"] += 1
        raise


def count_updates(dash):
    """Wrap ``dash.update`` so a test can see the dashboard redraw; returns the counter (a list of one int)."""
    calls = [0]
    inner = dash.update

    def update():
        calls[0] += 1
        return inner()
    dash.update = update
    return calls


def still_updates(dash, calls):
    """A good value for a slider (or another option of a drop-down) after the fuzz: the dashboard recomputes."""
    sliders = [n for n in sorted(dash.controls) if isinstance(dash.controls[n], (W.FloatSlider, W.IntSlider))]
    for name in sliders + sorted(set(dash.controls) - set(sliders)):
        control = dash.controls[name]
        value = good_value(control, dash.values[name])
        if value is not None:
            before = calls[0]
            dash.set(**{name: value})
            assert dash.values[name] == value
            assert calls[0] > before, f"{name}={value} did not update the dashboard"
            assert not dash.status_text.startswith("Something went wrong"), dash.status_text
            check_shown(dash)
            return name
    raise AssertionError("no slider or drop-down to move")


def fuzz_dashboard(dash, max_examples, max_actions=5):
    """Run ``max_examples`` hypothesis examples of up to ``max_actions`` random actions on ``dash``,
    checking what is shown after each one, then prove the dashboard still updates."""
    calls = count_updates(dash)

    # no shrinking: a failure shows its whole (short) sequence of actions, and a busy machine is spared
    failures = []

    @settings(max_examples=max_examples, deadline=None, suppress_health_check=list(HealthCheck),
              phases=[Phase.explicit, Phase.reuse, Phase.generate])
    @given(data=st.data())
    def run(data):
        done = []
        try:
            for _ in range(data.draw(st.integers(1, max_actions), label="actions")):
                done.append(act(dash, data.draw))
                check_shown(dash)
        except Exception as exc:
            failures.append((done, exc))
            raise

    try:
        run()
    except Exception:
        if failures:  # the dashboard keeps its state between examples, so hypothesis's replay may differ:
            done, exc = failures[0]  # report the first failure as it happened
            raise AssertionError(f"after {done}: {type(exc).__name__}: {exc}") from exc
        raise
    return still_updates(dash, calls)
