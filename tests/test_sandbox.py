"""The one runner for a student's code (backprop_core.sandbox) and lesson 09's checker on top of it.

Whatever the student's function does, the runner returns a StudentRun with one
clear sentence, and the kernel keeps running: checked here in this process,
in a thread that is not the main one, and in a real ipykernel started with
jupyter_client (a cell, and a button click sent as a real comm message).
"""
import os
import re
import signal
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import backprop_core as bp
from backprop_core import bugs
from backprop_core.sandbox import DEFAULT_TIMEOUT, StudentRun, run_student, sentence

ROOT = Path(__file__).resolve().parents[1]
SHORT = 0.5


def clean(message):
    """A clean sentence: ends with a full stop, no '..' (an ellipsis '...' is fine), no ': .', no traceback."""
    return (message.endswith(".") and not re.search(r"(?<!\.)\.\.(?!\.)", message) and ": ." not in message
            and "Traceback" not in message and "\n" not in message)


def _loop(*_a):
    while True:
        pass


def _recurse(*_a):
    return _recurse()


def _stubborn(*_a):
    """Catches the first stop with a bare except, then loops again."""
    try:
        while True:
            pass
    except BaseException:   # noqa: BLE001  a student's bare except
        pass
    while True:
        pass


class _Custom(BaseException):
    pass


def _raise(exc):
    def fn(*_a):
        raise exc
    return fn


# -- the runner -----------------------------------------------------------------------------------
def test_a_function_that_returns_gives_its_value():
    r = run_student(lambda a, b=1: a * b, 6, b=7)
    assert isinstance(r, StudentRun)
    assert (r.ok, r.value, r.message, r.warnings, r.kind) == (True, 42, "", (), "returned")
    assert 0 <= r.elapsed < 1.0
    assert bp.run_student is run_student and DEFAULT_TIMEOUT == 10.0


@pytest.mark.parametrize("fn, kind, error, expected", [
    (sys.exit, "exited", "SystemExit",
     "Your function called sys.exit() (or exit()), which would end the notebook's kernel; it was stopped there: "
     "return your values instead."),
    (lambda: sys.exit(3), "exited", "SystemExit", "Your function called sys.exit()"),
    (_raise(KeyboardInterrupt()), "interrupted", "KeyboardInterrupt",
     "Your function was stopped by the stop button (interrupt) after 0.0 s; run the check again when you are ready."),
    (_recurse, "recursion", "RecursionError", "Your function called itself too many times"),
    (lambda: np.ones((10 ** 7, 10 ** 7)), "memory", "MemoryError",
     "Your function ran out of memory (MemoryError): look for an array far larger than the network's"),
    (_raise(MemoryError()), "memory", "MemoryError", "Your function ran out of memory"),
    (_raise(ValueError("shapes (5,3) and (4,2) not aligned.")), "raised", "ValueError",
     "Your function raised ValueError: shapes (5,3) and (4,2) not aligned."),
    (_raise(ValueError()), "raised", "ValueError", "Your function raised ValueError."),
    (_raise(_Custom("odd")), "stopped", "_Custom", "Your function stopped with _Custom: odd."),
    (_raise(GeneratorExit()), "stopped", "GeneratorExit", "Your function stopped with GeneratorExit"),
])
def test_every_base_exception_becomes_one_sentence_and_the_runner_returns(fn, kind, error, expected):
    r = run_student(fn)
    assert (r.ok, r.value, r.kind, r.error) == (False, None, kind, error)
    assert r.message.startswith(expected) and clean(r.message), r.message


def test_exception_text_is_one_sentence_with_the_students_line():
    # an exception message with its own full stop, or none at all: never '..' nor ': .'
    code = "def student(x):\n    y = x + 1\n    raise ValueError('shapes do not fit.')\n"
    ns = {}
    exec(compile(code, "<ipython-input-7-abc>", "exec"), ns)
    r = run_student(ns["student"], 1)
    assert r.message == "Your function raised ValueError (line 3 of your function's cell): shapes do not fit."
    assert r.line == 3
    assert run_student(_raise(ValueError(" \n "))).message == "Your function raised ValueError."
    assert sentence("a\n  b.") == "a b" and sentence(":") == ""


def test_a_looping_function_is_stopped_after_the_timeout_and_the_sentence_says_so():
    t0 = time.monotonic()
    r = run_student(_loop, 1, 2, timeout=SHORT)
    took = time.monotonic() - t0
    assert r.kind == "timeout" and not r.ok
    assert r.message == ("Your function did not return within 0.5 s (the time limit), so it was stopped: look for a "
                         "loop that never ends or a very large computation.")
    assert SHORT <= r.elapsed < SHORT + 1.0 and took < SHORT + 1.0


def test_a_bare_except_cannot_swallow_the_time_limit():
    r = run_student(_stubborn, timeout=SHORT)
    assert r.kind == "timeout" and r.elapsed < SHORT + 1.0


def test_the_previous_alarm_handler_and_timer_are_given_back():
    fired = []
    old = signal.signal(signal.SIGALRM, lambda *_: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 3.0)
        assert run_student(_loop, timeout=SHORT).kind == "timeout"
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 1.5 < left < 2.6                    # the earlier timer kept its remaining time
        assert not fired
        signal.setitimer(signal.ITIMER_REAL, 0.05)  # and its handler is back in place
        deadline = time.monotonic() + 5
        while not fired and time.monotonic() < deadline:
            time.sleep(0.01)
        assert fired == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    # a run that returns leaves no timer behind either
    assert run_student(lambda: 1).ok and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_a_watchdog_stops_it():
    results = {}

    def worker():
        try:
            results["loop"] = run_student(_loop, timeout=SHORT)
            results["stubborn"] = run_student(_stubborn, timeout=SHORT)
            results["quick"] = run_student(lambda: time.sleep(0.01) or 5, timeout=SHORT)
            results["exit"] = run_student(sys.exit, timeout=SHORT)
            results["after"] = sum(range(3_000_000))   # a stop delivered late would land here
        except BaseException as exc:   # noqa: BLE001
            results["stray"] = exc

    t = threading.Thread(target=worker)
    t.start()
    t.join(10)
    assert not t.is_alive()
    assert results["loop"].kind == results["stubborn"].kind == "timeout"
    assert "within 0.5 s" in results["loop"].message and results["loop"].elapsed < SHORT + 1.0
    assert results["quick"].ok and results["quick"].value == 5
    assert results["exit"].kind == "exited"
    assert "stray" not in results and results["after"] == sum(range(3_000_000))
    assert not [t for t in threading.enumerate() if t.name == "backprop-student-watchdog"]


def test_numpy_warnings_are_shown_once_as_text_and_never_leak(capfd):
    def noisy():
        for _ in range(5):
            np.exp(np.array([1000.0]))
            np.array([1.0]) / np.array([0.0])
        return 1
    r = run_student(noisy)   # the pytest config makes any leaked warning an error
    assert r.ok and r.value == 1
    assert r.warnings == ("overflow encountered in exp (RuntimeWarning)",
                          "divide by zero encountered in divide (RuntimeWarning)")
    assert r.warning_text == ("Numpy warned while your function ran: overflow encountered in exp (RuntimeWarning); "
                              "divide by zero encountered in divide (RuntimeWarning).")
    out, err = capfd.readouterr()
    assert out == err == ""


def test_bad_arguments_get_one_sentence():
    with pytest.raises(TypeError, match="run_student needs a function, got int."):
        run_student(3)
    with pytest.raises(ValueError, match=r"timeout must be a positive number of seconds, got -1."):
        run_student(len, "ab", timeout=-1)
    with pytest.raises(TypeError, match="timeout must be a number of seconds, got str."):
        run_student(len, "ab", timeout="10")


# -- lesson 09's checker on top of it --------------------------------------------------------------------
def test_the_checker_survives_loops_exits_and_the_stop_button():
    r = bugs.check_backward(_loop, timeout=SHORT)
    assert (r.passed, r.problem) == (False, "timeout") and "did not return within 0.5 s" in r.message
    r = bugs.check_backward(lambda *a: sys.exit())
    assert r.problem == "raised" and r.message.startswith("Your function called sys.exit()")
    r = bugs.check_backward(_raise(KeyboardInterrupt()))
    assert r.problem == "raised" and "stop button" in r.message
    r = bugs.check_backward(_recurse)
    assert r.problem == "raised" and "RecursionError" in r.message and r.run.kind == "recursion"


def test_the_checker_says_numpy_warnings_once():
    def overflowing(W0, b0, W1, b1, X, Y):
        for _ in range(3):
            np.exp(np.full(3, 1e4))
        return bugs.reference_backward(W0, b0, W1, b1, X, Y)
    r = bugs.check_backward(overflowing)
    assert r.passed and r.warnings == ("overflow encountered in exp (RuntimeWarning)",)
    assert r.message.count("overflow encountered in exp") == 1
    assert r.message.endswith("Numpy warned while your function ran: overflow encountered in exp (RuntimeWarning).")


def test_every_checker_message_is_a_clean_sentence():
    ref = bugs.reference_backward
    fns = [ref, _loop, sys.exit, _recurse, _raise(ValueError("bad.")), _raise(ValueError()),
           _raise(ZeroDivisionError("division by zero")), lambda *a: ..., lambda *a: None, lambda *a: ref(*a)[:3],
           lambda *a: tuple(-g for g in ref(*a)), lambda *a: (np.full((4, 3), np.nan), *ref(*a)[1:]),
           lambda *a: (ref(*a)[0].T, *ref(*a)[1:]), lambda *a: tuple(g + 0j for g in ref(*a))]
    for fn in fns:
        r = bugs.check_backward(fn, timeout=SHORT)
        assert clean(r.message), r.message
    assert bugs.check_backward(_raise(ValueError("bad."))).message == (
        "Your function raised ValueError: bad. Fix that first: the gradient check needs four arrays back.")


def test_the_checker_widget_survives_a_looping_function():
    from backprop_lab.dashboards.debugging.dashboard import BackwardChecker

    c = BackwardChecker(_loop, timeout=SHORT)
    c.buttons["Check my backward pass"].click()
    assert c.report.problem == "timeout" and "did not return within 0.5 s" in c.result.value
    c = BackwardChecker(lambda *a: sys.exit())
    c.buttons["Check my backward pass"].click()
    assert c.report.problem == "raised" and "sys.exit()" in c.result.value


# -- in a real kernel ------------------------------------------------------------------------------
FUNCTIONS = textwrap.dedent("""
    import sys, threading
    from backprop_core import bugs
    from backprop_lab.dashboards.debugging.dashboard import BackwardChecker

    def my_backward(W1, b1, W2, b2, X, Y):
        while True:
            pass

    def bye(W1, b1, W2, b2, X, Y):
        sys.exit()
""")

KERNEL_SETUP = FUNCTIONS + textwrap.dedent("""
    looping = bugs.check_backward(my_backward, timeout=0.5)
    exiting = bugs.check_backward(bye)
    print(looping.problem, exiting.problem, exiting.message.startswith("Your function called sys.exit()"))
""")

BUTTON_SETUP = FUNCTIONS + textwrap.dedent("""
    checker = BackwardChecker("my_backward", timeout=0.5)
    button = checker.buttons["Check my backward pass"]
    seen = []
    button.on_click(lambda b: seen.append("main" if threading.current_thread() is threading.main_thread() else "other"))
    print(button.model_id)
""")


def _execute(kc, code, timeout=60, subshell_id=None):
    """Run ``code`` in the kernel (in a subshell when given); return (stdout text, the execute_result's
    text/plain, reply status)."""
    if subshell_id is None:
        msg_id = kc.execute(code)
    else:
        msg = kc.session.msg("execute_request", {"code": code, "silent": False, "store_history": False,
                                                 "user_expressions": {}, "allow_stdin": False,
                                                 "stop_on_error": True})
        msg["header"]["subshell_id"] = subshell_id
        kc.shell_channel.send(msg)
        msg_id = msg["header"]["msg_id"]
    out, result = [], None
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out.append(content["text"])
        elif kind == "execute_result":
            result = content["data"]["text/plain"]
        elif kind == "error":
            out.append(f"ERROR {content['ename']}: {content['evalue']}")
        elif kind == "status" and content["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return "".join(out), result, reply["content"]["status"]


@pytest.fixture(scope="module")
def kernel():
    from jupyter_client import KernelManager

    km = KernelManager(kernel_name="python3")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    km.start_kernel(env=env, cwd=str(ROOT))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_in_a_real_kernel_the_checker_survives_a_loop_and_sys_exit(kernel):
    km, kc = kernel
    t0 = time.monotonic()
    out, _, status = _execute(kc, KERNEL_SETUP)
    assert status == "ok" and out == "timeout raised True\n", out
    assert time.monotonic() - t0 < 20
    _, result, status = _execute(kc, "1+1")
    assert (status, result) == ("ok", "2") and km.is_alive()


def _click(kc, model_id, subshell_id=None):
    """Send the very comm message a button's view sends when clicked; wait until the kernel is idle again."""
    msg = kc.session.msg("comm_msg", {"comm_id": model_id, "data": {"method": "custom",
                                                                     "content": {"event": "click"}}})
    if subshell_id:
        msg["header"]["subshell_id"] = subshell_id
    kc.shell_channel.send(msg)
    while True:   # a comm message gets no reply; the kernel says busy, then idle, on iopub
        m = kc.get_iopub_msg(timeout=30)
        if (m["parent_header"].get("msg_id") == msg["header"]["msg_id"] and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            return


def _subshell(kc):
    """Ask the kernel for a subshell, as JupyterLab 4.6 does for widget comms (its default setting
    ``commsOverSubshells: perCommTarget``)."""
    msg = kc.session.msg("create_subshell_request", {})
    kc.control_channel.send(msg)
    while True:
        reply = kc.get_control_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply["content"]["subshell_id"]


def test_in_a_real_kernel_a_button_click_and_a_subshell_stop_a_looping_function(kernel):
    km, kc = kernel
    model_id = _execute(kc, BUTTON_SETUP)[0].strip()
    assert re.fullmatch(r"[0-9a-f]{32}", model_id), model_id
    check = "print(seen, checker.report.problem, 'within 0.5 s' in checker.result.value)"
    # 1. a click on the main shell (Voila; JupyterLab with commsOverSubshells disabled): the main thread,
    #    stopped by SIGALRM
    _click(kc, model_id)
    out, _, _ = _execute(kc, check)
    assert out == "['main'] timeout True\n", out
    # 2. a click sent through a kernel subshell (JupyterLab 4.6's default, commsOverSubshells perCommTarget):
    #    ipykernel 7.4 routes a comm's messages to the shell that last published on it (here the main
    #    one), so the callback still runs in the main thread
    subshell = _subshell(kc)
    _click(kc, model_id, subshell)
    out, _, _ = _execute(kc, check)
    assert out == "['main', 'main'] timeout True\n", out
    # 3. the same click driven from Python inside the kernel, on a function that calls sys.exit()
    out, _, _ = _execute(kc, "checker.fn = bye\nbutton.click()\nprint(seen, checker.report.problem, "
                             "'sys.exit()' in checker.result.value)")
    assert out == "['main', 'main', 'main'] raised True\n", out
    # 4. code run in a subshell (a subshell console) is another thread: the watchdog stops it
    t0 = time.monotonic()
    out, _, status = _execute(kc, "checker.fn = my_backward\nbutton.click()\nprint(seen[-1], "
                                  "checker.report.problem, checker.report.run.elapsed < 2)", subshell_id=subshell)
    assert out == "other timeout True\n" and time.monotonic() - t0 < 10, out
    _, result, status = _execute(kc, "1+1")
    assert (status, result) == ("ok", "2") and km.is_alive()


def test_in_a_real_kernel_the_stop_button_stops_the_function_not_the_kernel(kernel):
    km, kc = kernel
    code = textwrap.dedent("""
        import sys
        from backprop_core import bugs

        def slow(W1, b1, W2, b2, X, Y):
            print("started", flush=True)
            while True:
                pass

        stopped = bugs.check_backward(slow, timeout=60)
        print(stopped.problem, stopped.run.kind, stopped.message.startswith("Your function was stopped by the stop "
                                                                            "button (interrupt) after"))
    """)
    msg_id = kc.execute(code)
    out, t0, pressed = [], time.monotonic(), False
    while True:   # wait until the student's function runs, then press "stop" (an interrupt, SIGINT)
        msg = kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
            if "started" in "".join(out) and not pressed:
                km.interrupt_kernel()
                pressed = True
        if msg["msg_type"] == "error":
            out.append("ERROR " + msg["content"]["ename"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    assert "".join(out) == "started\nraised interrupted True\n", out
    assert time.monotonic() - t0 < 30
    reply = kc.get_shell_msg(timeout=30)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=30)
    assert reply["content"]["status"] == "ok"   # the cell itself finished normally
    _, result, status = _execute(kc, "1+1")
    assert (status, result) == ("ok", "2") and km.is_alive()
