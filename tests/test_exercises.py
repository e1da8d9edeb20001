"""Exercise widgets: checking answers and naming the typical mistakes."""
import pytest

import backprop_core as bp
from backprop_lab.exercises import (chain_gradient_exercise, chain_mistakes, chain_rule_exercise,
                                    random_chain_weights)
from backprop_lab.widgets import NumberExercise, judge, parse_number


@pytest.mark.parametrize("text, value", [("0.25", 0.25), (" -1e-3 ", -0.001), ("1/4", 0.25), ("\u22120.5", -0.5),
                                         (".5", 0.5)])
def test_parse_number_reads_what_students_type(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1/0", "0.2.3"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


def test_judge_accepts_rounded_answers_and_names_sign_errors():
    assert judge("-0.0327", -0.032729).correct
    assert judge("-0.033", -0.032729).correct
    fb = judge("0.0327", -0.032729)
    assert not fb.correct and "wrong sign" in fb.message
    assert "Could not read 'x'" in judge("x", 1.0).message
    assert judge("", 1.0).message == "Type a number first."


def test_chain_rule_exercise_checks_each_cell_and_names_mistakes():
    net = bp.ChainNetwork()
    ex = chain_rule_exercise(net, 2.0, 0.7, weight="w1")
    f = net.forward(2.0)
    symbols = [r["symbol"].text for r in ex.rows]
    assert symbols == ["dC/dout", "dout/ds2", "ds2/dx2", "dx2/dw1", "dC/dw1"]
    assert ex.rows[-1]["answer"] == pytest.approx(float(net.gradients(2.0, 0.7)["w1"]))
    results = ex.check({
        0: f"{0.7 - f.out:.4f}",            # target - out: the sign slip
        1: "0.5",                             # right
        2: f"{f.s2:.4f}",                     # forgot (1 - s2)
        3: f"{f.s2:.4f}",                     # wrong activation (s2 instead of s1)
        4: f"{float(net.gradients(2.0, 0.7)['w1']):.5f}",
    })
    assert [r.correct for r in results.values()] == [False, True, False, False, True]
    assert "Wrong sign" in results[0].message
    assert "Forgot the (1 - s2)" in results[2].message
    assert "wrong activation" in results[3].message


def test_chain_rule_exercise_buttons_show_marks_in_widgets():
    ex = chain_rule_exercise(weight="w2")
    ex.fill({0: "-0.3362", 1: "0.7275"})
    ex.buttons["Check"].click()
    assert "&#10004;" in ex.marks[0].value and "&#10004;" in ex.marks[1].value
    assert ex.marks[2].value == ""
    assert ex.summary.value == "2 of 3 cells correct."
    ex.buttons["Show solution"].click()
    assert "= -0.244622" in ex.marks[2].value


def test_updated_weight_mistake_is_recognised():
    net = bp.ChainNetwork()
    m = chain_mistakes(net, 2.0, 0.7, lr=0.5)
    new_w2 = net.step(2.0, 0.7, 0.5).w2
    assert m["dout/ds2"][0][0] == pytest.approx(new_w2)
    ex = chain_rule_exercise(net, weight="w1")
    assert "already-updated w2" in ex.check({1: f"{new_w2:.4f}"})[1].message


def test_gradient_exercise_for_random_weights():
    w = random_chain_weights(3)
    assert w == random_chain_weights(3) and w != random_chain_weights(4)
    net = bp.ChainNetwork(**w)
    ex = chain_gradient_exercise(net, weight="w0")
    g = float(net.gradients(2.0, 0.7)["w0"])
    assert ex.check(f"{g:.4g}").correct
    f = net.forward(2.0)
    forgot_both = (f.out - 0.7) * w["w2"] * w["w1"] * 2.0
    fb = ex.check(f"{forgot_both:.5g}")
    assert not fb.correct and "Forgot both S' factors" in fb.message


def test_number_exercise_buttons_update_feedback():
    ex = NumberExercise("2 + 2?", 4, hint="count", solution="4", mistakes=[(5.0, "off by one")])
    ex.box.value = "5"
    ex.buttons["Check"].click()
    assert "off by one" in ex.feedback.value
    ex.buttons["Hint"].click()
    assert "Hint: count" in ex.feedback.value
    ex.box.value = "4"
    ex.buttons["Check"].click()
    assert "Correct." in ex.feedback.value


def test_chain_update_exercise_answer_and_slips():
    from backprop_lab.exercises import chain_update_exercise

    net = bp.ChainNetwork(**random_chain_weights(0))
    ex = chain_update_exercise(net, 2.0, 0.7, 0.5, weight="w2")
    g = float(net.gradients(2.0, 0.7)["w2"])
    assert ex.answer == float(net.step(2.0, 0.7, 0.5).w2) == net.w2 - 0.5 * g
    assert ex.check(f"{ex.answer:.5g}").correct
    assert "Wrong sign" in ex.check(f"{net.w2 + 0.5 * g:.5g}").message
    assert "Forgot the learning rate" in ex.check(f"{net.w2 - g:.5g}").message
    f = net.forward(2.0)
    assert "you used s1" in ex.check(f"{net.w2 - 0.5 * (f.out - 0.7) * f.s1:.5g}").message
    w1 = chain_update_exercise(net, 2.0, 0.7, 0.5, weight="w1")
    forgot_s, _ = chain_mistakes(net, 2.0, 0.7)["dC/dw1"][0]
    assert "Forgot the S' factor" in w1.check(f"{net.w1 - 0.5 * forgot_s:.5g}").message
    with pytest.raises(ValueError, match="got 'w9'"):
        chain_update_exercise(net, weight="w9")


def test_parabola_step_exercise():
    from backprop_lab.exercises import parabola_step_exercise

    ex = parabola_step_exercise(theta=0.0, lr=0.1)
    # dJ/dtheta = 2 (0 - 3) = -6; theta := 0 - 0.1 * (-6) = 0.6
    assert ex.answer == pytest.approx(0.6, rel=1e-15)
    assert ex.check("0.6").correct
    assert "Wrong sign" in ex.check("-0.6").message
    assert "Forgot the factor 2" in ex.check("0.3").message
    assert "Forgot the learning rate" in ex.check("6").message


@pytest.mark.parametrize("n, b, epochs, answer", [(1200, 50, 1, 24), (1000, 20, 1, 50), (1000, 30, 1, 34),
                                                  (1200, 1, 5, 6000), (100, 100, 3, 3)])
def test_iterations_exercise(n, b, epochs, answer):
    from backprop_lab.exercises import iterations_exercise

    ex = iterations_exercise(n, b, epochs)
    assert ex.answer == answer and ex.check(str(answer)).correct
    assert not ex.check(str(n * b)).correct


def test_simultaneous_step_exercise_by_hand():
    from backprop_lab.exercises import simultaneous_step_exercise

    ex = simultaneous_step_exercise((0.0, 0.0), 0.1)
    # at (0, 0): dJ/dtheta0 = (0 - 1) + 0.8 * 0.5 = -0.6; dJ/dtheta1 = 4 * 0.5 + 0.8 * (0 - 1) = 1.2
    # temp0 = 0 - 0.1 * (-0.6) = 0.06; temp1 = 0 - 0.1 * 1.2 = -0.12
    assert [r["answer"] for r in ex.rows] == pytest.approx([-0.6, 1.2, 0.06, -0.12], rel=1e-14)
    # sequential: dJ/dtheta1 at (0.06, 0) = 2 + 0.8 * (0.06 - 1) = 1.248, temp1 = -0.1248
    fb = ex.check({1: "1.248", 3: "-0.1248"})
    assert all("already-updated theta0" in f.message for f in fb.values())
