"""The one runner for a student's code: whatever it does, the kernel survives and you get a sentence.

A student's function can do anything: raise, call ``sys.exit()``, recurse
without end, allocate too much, loop forever, or be stopped with the
notebook's stop button. :func:`run_student` calls it and turns every one of
these into a :class:`StudentRun` whose ``message`` is one clear sentence::

    >>> import sys
    >>> from backprop_core.sandbox import run_student
    >>> run_student(lambda x: 2 * x, 21).value
    42
    >>> print(run_student(sys.exit).message)  # doctest: +NORMALIZE_WHITESPACE
    Your function called sys.exit() (or exit()), which would end the notebook's kernel;
    it was stopped there: return your values instead.

Every place of the course that runs a student's function goes through
:func:`run_student` (today lesson 09's :func:`backprop_core.bugs.check_backward`).

How the time limit works (default :data:`DEFAULT_TIMEOUT` seconds):

* **In the main thread**, a ``SIGALRM`` timer
  (``signal.setitimer(ITIMER_REAL)``) fires after ``timeout`` seconds and its
  handler raises a private exception in the student's code. The handler
  and any timer that was set before are restored afterwards (the rest of
  an earlier timer keeps running). This is the cheapest way: nothing runs
  while the student's code runs.
* **In any other thread** (code run in a kernel subshell, a thread of your own), signals
  cannot be used (Python delivers them to the main thread only), so a
  watchdog thread waits ``timeout`` seconds and then raises the same private
  exception in the student's thread with ``PyThreadState_SetAsyncExc``.
* Which one runs where (checked in real kernels, ``tests/test_sandbox.py``):
  ipykernel 7.4 runs cells in the main thread, and a widget's callbacks (a
  button's ``on_click``) too: JupyterLab 4.6 sends widget messages through a
  kernel subshell by default (setting ``commsOverSubshells: perCommTarget``),
  but ipykernel 7.4 hands a comm's message to the shell that last published
  on that comm, which for a widget made in a cell is the main one. Voila
  0.5.13 runs ordinary ipykernels and its page does not use subshells: main
  thread. Code run in a subshell console runs in that subshell's thread, and
  there the stop button (SIGINT, main thread only) cannot reach it: only the
  watchdog can.
* In both cases the exception is raised again every :data:`RETRY` seconds
  until it leaves the student's code, so a bare ``except:`` that swallows the
  first one does not keep the function running.

Left out, on purpose: the limit is checked between Python bytecodes, so a
single long C call (a huge numpy matrix product, ``time.sleep`` in another
thread's wait) is stopped only when it returns; and this is not a security
boundary (code that deletes files is not stopped, and a loop whose body is a
``try`` with a bare ``except: pass`` swallows every stop and can only be ended
by restarting the kernel): it protects a student from
their own mistakes, not the server from an attacker. ``warnings`` filters are
process-wide, so two student functions run at once in two threads share them.
"""
from __future__ import annotations

import ctypes
import signal
import threading
import time
import warnings
from dataclasses import dataclass

import numpy as np

from .messages import clause

__all__ = ["run_student", "StudentRun", "sentence", "DEFAULT_TIMEOUT", "RETRY", "KINDS"]

#: Seconds a student's function may run before it is stopped.
DEFAULT_TIMEOUT = 10.0
#: Seconds between two attempts to stop a function that caught the first one.
RETRY = 0.05
#: What can happen to a student's function (``StudentRun.kind``).
KINDS = ("returned", "raised", "exited", "interrupted", "recursion", "memory", "timeout", "stopped")


class _TimeLimit(BaseException):
    """Raised inside the student's code when its time is up (a BaseException, so
    ``except Exception`` in the student's code does not catch it)."""


@dataclass(frozen=True)
class StudentRun:
    """What happened when a student's function ran.

    ok : bool
        True when it returned (``value`` is what it returned).
    value : object
        The returned value, or None.
    message : str
        One sentence for the student ('' when it returned); never a traceback.
    warnings : tuple of str
        Each distinct warning it raised (numpy's overflow, division by zero, ...), once, as text.
    elapsed : float
        Seconds it ran.
    kind : str
        One of :data:`KINDS`.
    error : str
        The exception's class name ('' when it returned).
    line : int or None
        The line of the student's cell where it raised, when known.
    """

    ok: bool
    value: object
    message: str
    warnings: tuple
    elapsed: float
    kind: str = "returned"
    error: str = ""
    line: object = None

    @property
    def warning_text(self):
        """The warnings as one sentence ('' when there were none)."""
        if not self.warnings:
            return ""
        return "Numpy warned while your function ran: " + "; ".join(self.warnings) + "."


def sentence(text):
    """``text`` as the end of a sentence: one line, without a final mark of its own (the caller adds
    one), so no message ends in '..' or ': .' (:func:`backprop_core.messages.clause`)."""
    return clause(text)


def _student_line(exc):
    """The last line number in the student's own cell (``<ipython-input...>`` or
    ipykernel's ``/tmp/ipykernel_<pid>/<n>.py``), or None."""
    tb, line = exc.__traceback__, None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith("<") or "ipykernel_" in name:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _seconds(t):
    return f"{t:g} s"


def _describe(exc, timeout, elapsed):
    """``(kind, message)`` for anything the student's code raised."""
    if isinstance(exc, _TimeLimit):
        return "timeout", (f"Your function did not return within {_seconds(timeout)} (the time limit), so it was "
                           "stopped: look for a loop that never ends or a very large computation.")
    if isinstance(exc, SystemExit):
        return "exited", ("Your function called sys.exit() (or exit()), which would end the notebook's kernel; it "
                          "was stopped there: return your values instead.")
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", (f"Your function was stopped by the stop button (interrupt) after {elapsed:.1f} s; "
                               "run the check again when you are ready.")
    where = _where(exc)
    if isinstance(exc, RecursionError):
        return "recursion", (f"Your function called itself too many times{where} (RecursionError): a recursion "
                             "needs a case that stops it.")
    if isinstance(exc, MemoryError):
        return "memory", (f"Your function ran out of memory{where} (MemoryError): look for an array far larger "
                          "than the network's, e.g. an outer product where a matrix product was meant.")
    text = sentence(exc)
    detail = f": {text}" if text else ""
    if isinstance(exc, Exception):
        return "raised", f"Your function raised {type(exc).__name__}{where}{detail}."
    return "stopped", f"Your function stopped with {type(exc).__name__}{where}{detail}."


def _where(exc):
    line = _student_line(exc)
    return f" (line {line} of your function's cell)" if line else ""


# -- the two ways to stop a function on time ---------------------------------------------------
class _AlarmGuard:
    """Main thread: SIGALRM after ``timeout`` s, then every :data:`RETRY` s until disarmed."""

    def __init__(self, timeout):
        self.timeout, self.active, self.fired = timeout, False, False

    def _handler(self, signum, frame):
        if self.active:
            self.fired = True
            raise _TimeLimit()

    def arm(self):
        self.start = time.monotonic()
        old = signal.signal(signal.SIGALRM, self._handler)
        self.old_handler = signal.SIG_DFL if old is None else old   # None: a handler set outside Python
        self.active = True
        self.old_timer = signal.setitimer(signal.ITIMER_REAL, self.timeout, RETRY)

    def disarm(self):
        """Stop the timer and give back the previous handler and timer (safe to call twice)."""
        while True:
            try:
                if not self.active:
                    return
                self.active = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, self.old_handler)
                delay, interval = self.old_timer
                if delay > 0:   # an earlier timer keeps its remaining time (fires at once if that passed)
                    left = max(delay - (time.monotonic() - self.start), 1e-6)
                    signal.setitimer(signal.ITIMER_REAL, left, interval)
                return
            except _TimeLimit:   # the alarm arrived while disarming: disarm again
                self.active = True


def _set_async_exc(tid, exc):
    return ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(exc) if exc else None)


class _WatchdogGuard:
    """Any thread: a watchdog thread raises the private exception in this thread after ``timeout`` s."""

    def __init__(self, timeout):
        self.timeout, self.active, self.fired = timeout, False, False
        self.lock, self.done = threading.Lock(), threading.Event()

    def arm(self):
        self.tid = threading.get_ident()
        self.active = True
        self.dog = threading.Thread(target=self._watch, name="backprop-student-watchdog", daemon=True)
        self.dog.start()

    def _watch(self):
        wait = self.timeout
        while not self.done.wait(wait):
            with self.lock:
                if not self.active:
                    return
                self.fired = True
                _set_async_exc(self.tid, _TimeLimit)
            wait = RETRY

    def disarm(self):
        while True:
            try:
                with self.lock:
                    self.active = False
                    self.done.set()
                    _set_async_exc(self.tid, None)   # drop an exception set but not yet delivered
                break
            except _TimeLimit:
                continue
        self.dog.join()


def _guard(timeout):
    main = threading.current_thread() is threading.main_thread()
    if main and hasattr(signal, "setitimer"):
        return _AlarmGuard(timeout)
    return _WatchdogGuard(timeout)


def _check_timeout(timeout):
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, got {type(timeout).__name__}.")
    if not (np.isfinite(timeout) and timeout > 0):
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}.")
    return float(timeout)


def run_student(fn, *args, timeout=DEFAULT_TIMEOUT, **kwargs):
    """Call ``fn(*args, **kwargs)``, a student's function, and never let it take the kernel down.

    Parameters
    ----------
    fn : callable
        The student's function.
    *args, **kwargs
        Passed to it (a keyword argument named ``timeout`` cannot be passed on).
    timeout : float
        Seconds it may run (default :data:`DEFAULT_TIMEOUT`); then it is stopped
        and the message says so.

    Returns
    -------
    StudentRun
        ``ok`` and ``value`` when it returned; otherwise ``message`` says in one
        sentence what happened: an exception (with its line in the student's
        cell), ``sys.exit()``, the stop button (``KeyboardInterrupt``), endless
        recursion, running out of memory, the time limit, or any other
        ``BaseException``. Numpy's floating-point warnings (overflow, division
        by zero, invalid value) are collected, each once, in ``warnings``; none
        reaches stderr.
    """
    if not callable(fn):
        raise TypeError(f"run_student needs a function, got {type(fn).__name__}.")
    timeout = _check_timeout(timeout)
    guard = _guard(timeout)
    start = time.monotonic()
    caught, value, exc = [], None, None
    try:
        with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
            warnings.simplefilter("always")
            guard.arm()
            try:
                value = fn(*args, **kwargs)
            finally:
                guard.disarm()
    except BaseException as e:  # noqa: BLE001  everything the student's code can do becomes a sentence
        guard.disarm()
        exc = e
    elapsed = time.monotonic() - start
    texts = _warning_texts(caught)
    if exc is None and not guard.fired:
        return StudentRun(True, value, "", texts, elapsed)
    if exc is None:   # it caught the time limit itself and returned late
        exc = _TimeLimit()
    kind, message = _describe(exc, timeout, elapsed)
    line = None if kind in ("timeout", "exited", "interrupted") else _student_line(exc)
    error = "" if kind == "timeout" else type(exc).__name__
    exc.__traceback__ = None   # frames of the student's code are not kept alive
    return StudentRun(False, None, message, texts, elapsed, kind, error, line)


def _warning_texts(caught):
    """Each distinct warning once: ``'overflow encountered in exp (RuntimeWarning)'``."""
    seen = []
    for w in caught or ():
        text = f"{sentence(w.message)} ({w.category.__name__})"
        if text not in seen:
            seen.append(text)
    return tuple(seen)
