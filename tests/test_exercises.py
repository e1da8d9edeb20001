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


# -- what every exercise promises (backprop_lab.exercise_widgets) ----------------------------------------
def test_show_solution_opens_only_after_an_attempt():
    ex = NumberExercise("2 + 2?", 4, solution="2 + 2 = 4")
    sol = ex.buttons["Show solution"]
    assert sol.disabled and not ex.solution_open
    sol.click()                                   # a click from Python reaches the handler: it still refuses
    assert "Solution" not in ex.feedback.value and "first" in ex.feedback.value
    ex.box.value = ""
    ex.buttons["Check"].click()                   # an empty box is no attempt
    assert sol.disabled
    ex.box.value = "5"
    ex.buttons["Check"].click()
    assert not sol.disabled
    sol.click()
    assert "Solution: 2 + 2 = 4" in ex.feedback.value


def test_show_solution_after_a_stated_number_of_attempts_in_a_table():
    ex = chain_rule_exercise(weight="w2")
    ex2 = NumberExercise("x?", 1.5, solution_after=2)
    ex2.box.value = "1"
    ex2.buttons["Check"].click()
    assert ex2.buttons["Show solution"].disabled
    ex2.buttons["Check"].click()
    assert not ex2.buttons["Show solution"].disabled
    ex.buttons["Show solution"].click()
    assert all(m.value == "" for m in ex.marks)   # nothing shown before an attempt
    ex.buttons["Check"].click()                   # no box filled: no attempt
    assert ex.buttons["Show solution"].disabled
    ex.fill({0: "1"})
    ex.buttons["Check"].click()
    assert not ex.buttons["Show solution"].disabled


def test_an_updated_weight_is_judged_against_its_step():
    from backprop_lab.dashboards.network.dashboard import hidden_weight_exercise, home_task_exercise, random_network

    home = home_task_exercise(bp.MazurNetwork())
    # w8+ = 0.55 - 0.5 * (-0.022740242) = 0.561370121: the step is 0.011370121
    assert home.rows[4]["answer"] == pytest.approx(0.561370121, abs=5e-10)
    assert home.check_cell(4, "0.5614").correct and home.check_cell(4, "0.56137").correct
    assert not home.check_cell(4, "0.559").correct            # 21 % of the step off
    assert not home.check_cell(4, "0.561").correct            # 3.3 % of the step off
    assert "before the step" in home.check_cell(4, "0.55").message
    assert "SUBTRACTS" in home.check_cell(4, "0.538629879").message
    twin_net = random_network(0)
    twin = hidden_weight_exercise(twin_net, weight="w3")
    w3, new = twin_net.weights["w3"], twin.rows[6]["answer"]
    step = w3 - new                                           # 0.00049: tiny next to the weight -0.92
    assert abs(step) == pytest.approx(0.00049, abs=5e-6)
    assert twin.check_cell(6, repr(new + 0.01 * step)).correct
    assert not twin.check_cell(6, repr(w3)).correct           # the unchanged weight
    assert not twin.check_cell(6, repr(w3 + step)).correct    # the step with the wrong sign
    assert not twin.check_cell(6, repr(new + 0.05 * step)).correct


def test_a_count_is_exact():
    from backprop_lab.exercises import iterations_exercise

    ex = iterations_exercise(1200, 1, 5)
    assert ex.exact and ex.tolerance == 0
    assert ex.check("6000").correct and ex.check("6000.0").correct
    assert not ex.check("6001").correct and not ex.check("5999").correct
    assert not NumberExercise("n?", 24).check("24.05").correct      # an int answer is a count


def test_lesson_05_exercise_3_names_one_epoch_once_and_rightly():
    from backprop_lab.exercises import iterations_exercise

    ex = iterations_exercise(1200, 1, 5)
    values = [v for v, _ in ex.mistakes]
    assert len(values) == len(set(values))
    assert ex.check("1200").message == "Not quite: That is one epoch's updates; there are 5 epochs."


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_an_exercise_with_a_non_finite_answer_is_refused(bad):
    from backprop_lab.widgets import ChainRuleExercise
    from backprop_lab.tables import Math

    with pytest.raises(ValueError, match=r"the answer must be a finite number, got (nan|inf|-inf)"):
        NumberExercise("?", bad)
    with pytest.raises(ValueError, match=r"the answer of row 0 must be a finite number"):
        ChainRuleExercise("?", [{"symbol": Math("x", "x"), "answer": bad, "hint": ""}])
    with pytest.raises(TypeError, match="the answer must be a number, got 'x'"):
        NumberExercise("?", "x")


def test_decimal_comma_and_clean_messages():
    from backprop_lab.exercise_widgets import clean_sentence

    assert judge("0,5", 0.5).message == "'0,5' has a decimal comma; type a dot: 0.5."
    assert judge("-1,25", 1.0).message == "'-1,25' has a decimal comma; type a dot: -1.25."
    assert clean_sentence("Not quite: off by one..") == "Not quite: off by one."
    assert clean_sentence("Not quite: .") == "Not quite."
    assert clean_sentence("a  b ,c") == "a b,c."
    assert judge("1", 2.0, mistakes=[(1.0, "Half of it..")]).message == "Not quite: Half of it."


def test_mistakes_that_cannot_be_told_apart_are_dropped():
    ex = NumberExercise("?", 1.0, mistakes=[(2.0, "first"), (2.0001, "same number again"), (1.0001, "the answer"),
                                            (float("nan"), "cannot be typed"), (None, "not computed")])
    assert ex.mistakes == [(2.0, "first")]
