"""Inputs are refused before they do harm, and every refusal is one clean sentence.

Two doors, one check (``backprop_lab.controls.check_value``):

* ``dash.set(name=value)`` from Python raises ``ValueError``/``TypeError``
  with the sentence, before any control changes;
* ``control.value = ...`` (and anything from the browser or a callback) never
  raises out of the observer: the sentence goes to the status line and the
  control shows the model's value again. (Wrong *types* assigned to
  ``control.value`` are refused by ipywidgets itself, before the dashboard
  sees them; numbers outside a slider's range are clipped by the slider.)
"""
import re

import ipywidgets as W
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_lab.controls import check_value
from backprop_lab.dashboard import error_sentence
from backprop_lab.dashboards import TrainingDashboard
from backprop_lab.echo import ECHO, MOVE, EchoGuard
from backprop_core.messages import Refused, clause, problem, sentence

#: What a doubled mark looks like: '..' (but not an ellipsis inside a quoted value), '. .', ': .', '…."
DOUBLED = re.compile(r"(?<!\.)\.\.(?!\.)|\.\s+\.|:\s*\.|[,;]\s*\.|\u2026\.|\.\.\.\.$")


def assert_one_clean_sentence(text):
    assert text and text[-1] in ".!?", text
    assert not DOUBLED.search(text), text
    assert "\n" not in text and "Traceback" not in text, text


# -- the one sentence builder ----------------------------------------------------------------------
def test_sentence_strips_the_marks_a_part_already_has():
    assert sentence("Something went wrong: ValueError:", ValueError("bad value \u2026.."),
                    "The dashboard still works") == \
        "Something went wrong: ValueError: bad value. The dashboard still works."
    assert sentence("A. .", "", "B: .") == "A. B."
    assert sentence("lr must be > 0, got -1.", end="!") == "lr must be > 0, got -1!"
    assert sentence("Really?") == "Really?"
    assert sentence(KeyError("w9")) == "w9."
    assert sentence("", "  ") == ""
    assert clause(RuntimeError()) == ""
    assert problem("noise", float("nan"), "a number between 0 and 0.5.") == \
        "noise must be a number between 0 and 0.5, got nan."


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab .:;,!?\u2026", max_size=12), min_size=1, max_size=4))
def test_sentence_never_doubles_a_mark(parts):
    text = sentence(*parts)
    if any(clause(p) for p in parts):
        assert text[-1] in ".!?"
        assert not re.search(r"[.:;,]\s*\.$", text), (parts, text)


def test_an_error_in_a_callback_is_one_sentence():
    d = TrainingDashboard()
    d._safely(lambda: (_ for _ in ()).throw(ValueError("the value was wrong \u2026..")))
    assert d.status_text == ("Something went wrong: ValueError: the value was wrong. The dashboard still works; "
                             "try another value or press Reset.")
    assert_one_clean_sentence(d.status_text)
    assert error_sentence(Refused("at most 6 hidden layers.")) == "at most 6 hidden layers."
    d.close()


# -- dash.set: checked against the control before it is touched ----------------------------------------
@pytest.mark.parametrize("value, error, words", [
    (float("nan"), ValueError, "got nan"),
    (float("inf"), ValueError, "got inf"),
    (-float("inf"), ValueError, "got -inf"),
    (7.5, ValueError, "got 7.5"),
    ("2", TypeError, "got '2'"),
    (None, TypeError, "got None"),
    (True, TypeError, "got True"),
])
def test_set_refuses_a_value_the_slider_cannot_take(value, error, words):
    d = TrainingDashboard()
    before = (d.values["w0"], d.controls["w0"].value, d.table_text)
    with pytest.raises(error) as info:
        d.set(w0=value)
    message = str(info.value)
    assert message.startswith("w0 must be a number between -6 and 6 (the range of its slider)"), message
    assert words in message
    assert_one_clean_sentence(message)
    assert (d.values["w0"], d.controls["w0"].value, d.table_text) == before
    d.close()


def test_set_checks_every_value_before_changing_any():
    d = TrainingDashboard()
    w1 = d.values["w1"]
    with pytest.raises(ValueError, match="lr must be a number between 0.001 and 1000"):
        d.set(w1=0.25, lr=float("nan"))
    assert d.values["w1"] == w1  # the good value was not applied either
    with pytest.raises(ValueError, match="lr must be .* got 1e-06"):
        d.set(lr=1e-6)
    with pytest.raises(ValueError, match=r"pair must be one of .*got 'w7'"):
        d.set(pair="w7")
    with pytest.raises(ValueError, match="steps must be a whole number from 1 to .*got 2.5"):
        d.set(steps=2.5)
    d.set(steps=3.0, lr=0.001, w1=0.25)  # the ends of the ranges, and an integral float for an int slider
    assert d.values["steps"] == 3 and d.values["lr"] == 0.001 and d.values["w1"] == 0.25
    d.close()


def test_nan_assigned_to_a_control_is_said_in_the_status_line_and_undone():
    d = TrainingDashboard()
    table = d.table_text
    for name in ("w0", "lr"):
        before = d.values[name]
        d.controls[name].value = float("nan")  # no exception out of the observer (it used to come from the echo guard)
        assert d.status_kind == "error"
        assert d.status_text.startswith(f"{name} must be a number between"), d.status_text
        assert f"{name} stays at {before!r}" in d.status_text
        assert_one_clean_sentence(d.status_text)
        assert d.values[name] == before and d.controls[name].value == before
        assert d.table_text == table
    d.set(w0=1.0)  # and the dashboard still works
    assert d.values["w0"] == 1.0 and "nan" not in d.table_text.lower()
    d.close()


def test_a_nan_from_the_browser_is_refused_too():
    d = TrainingDashboard()
    before = d.values["s0"]
    d.controls["s0"].set_state({"value": float("nan")})  # what ipywidgets runs for a message from the browser
    assert d.status_kind == "error" and d.status_text.startswith("s0 must be a number between")
    assert d.values["s0"] == before
    d.close()


def test_the_echo_guard_takes_non_finite_values_without_raising():
    s = W.FloatSlider(value=0.5, min=0, max=1, step=0.1)
    guard = EchoGuard()
    guard.add("s", s)
    guard.sent("s", float("nan"))
    guard.sent("s", float("inf"))
    assert guard.answer("s", s, 0.7, float("nan")) == MOVE  # NaN and inf are near nothing
    assert guard.answer("s", s, 1.0, float("inf")) == MOVE
    assert guard.answer("s", s, 0.96, 1.0) == ECHO          # and the guard still works


def test_check_value_reads_the_range_off_the_control():
    log = W.FloatLogSlider(value=0.1, base=10, min=-3, max=1)
    assert check_value("lr", log, 10.0) == 10.0 and check_value("lr", log, 0.001) == 0.001
    with pytest.raises(ValueError, match=r"lr must be a number between 0.001 and 10 \(the range of its slider\)"):
        check_value("lr", log, 10.5)
    box = W.BoundedIntText(value=3, min=0, max=9)
    with pytest.raises(ValueError, match="seed must be a whole number from 0 to 9, got 10"):
        check_value("seed", box, 10)
    with pytest.raises(TypeError, match="show must be True or False, got 1"):
        check_value("show", W.Checkbox(), 1)
    with pytest.raises(TypeError, match="hidden must be a string, got 4"):
        check_value("hidden", W.Text(), 4)
    drop = W.Dropdown(options=[("slow", 0.01), ("fast", 0.1)], value=0.01)
    assert check_value("lr", drop, 0.1) == 0.1
    with pytest.raises(ValueError, match=r"lr must be one of 0.01, 0.1, got 0.2"):
        check_value("lr", drop, 0.2)


def test_a_bad_value_set_by_a_callback_is_said_as_the_refusal_itself():
    d = TrainingDashboard()
    d._safely(lambda: d.set(w0=float("nan")))  # what a button whose code sets a control would meet
    assert d.status_kind == "error"
    assert d.status_text == "w0 must be a number between -6 and 6 (the range of its slider), got nan."
    d._safely(lambda: d.set(pair=3))
    assert d.status_text.startswith("pair must be one of ") and d.status_text.endswith(", got 3.")
    d.close()
