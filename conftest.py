"""Loaded by every pytest run in this repository (unit tests, nbval, browser tests, CI's Binder check).

A student's progress file (backprop_lab/progress.py) is never read or changed by the tests: every run
points ``BACKPROP_LAB_PROGRESS`` at a fresh temporary file, which the nbval kernels and the JupyterLab
and Voila servers started by the tests inherit.
"""
from __future__ import annotations

import os
import shutil
import tempfile

_TMP = None


def pytest_configure(config):
    global _TMP
    _TMP = tempfile.mkdtemp(prefix="backprop-progress-")
    os.environ["BACKPROP_LAB_PROGRESS"] = os.path.join(_TMP, "backprop_progress.json")


def pytest_unconfigure(config):
    if _TMP:
        shutil.rmtree(_TMP, ignore_errors=True)
