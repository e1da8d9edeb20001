"""Project-wide pytest set-up (loaded for every run that includes ``tests/``)."""

from __future__ import annotations

import gc
import importlib.util
from pathlib import Path

from hypothesis import settings

# Property-based tests draw the same examples on every run (a flaky test is a
# failing test), and write no example database into the work tree.
settings.register_profile("backprop", derandomize=True, database=None, print_blob=True)
settings.load_profile("backprop")


def pytest_configure(config):
    # nbval opens --nbval-sanitize-with relative to the *working directory*;
    # anchor it to the rootdir so `pytest` works from any cwd.
    # (A path given on the command line that exists from the cwd is kept.)
    sanitize = getattr(config.option, "nbval_sanitize_with", None)
    if sanitize and not Path(sanitize).is_absolute() and not Path(sanitize).exists():
        config.option.nbval_sanitize_with = str(config.rootpath / sanitize)

    # Plots drawn by unit tests must never try to open a window.  Select Agg
    # in *this* process only: exporting MPLBACKEND would leak into the nbval
    # kernels and the JupyterLab server started by the browser tests, where
    # ipykernel only installs its inline backend when MPLBACKEND is unset.
    if importlib.util.find_spec("matplotlib") is not None:
        import matplotlib

        matplotlib.use("Agg")


def pytest_collection_finish(session):
    # What is alive now (pytest, numpy, matplotlib, ipywidgets, every test module and its tables)
    # stays alive to the end of the run: move it out of the collector's sight.  A dashboard's
    # close() runs a full gc.collect() (figures are reference cycles), hundreds of times a run;
    # each one walked these ~300,000 objects again.  Objects made by tests are collected as before.
    gc.collect()
    gc.freeze()

