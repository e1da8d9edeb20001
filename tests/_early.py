"""Test-run plumbing that must hold in every pytest process and for any path given: loaded before
pytest's plugins by ``-p tests._early`` in pyproject's addopts.

1. An import nobody uses. nbval's plugin imports nbformat, which imports jsonschema, which imports
   ``rfc3987_syntax`` when it is installed (jupyter-events wants it) only to check the ``iri`` string
   format; that import builds a Lark grammar, 2-6 s of CPU in every process. Nothing the tests run
   checks a schema's formats (nbformat validates without a format checker), so here it is marked as
   absent and jsonschema leaves that one format checker out. Kernels and JupyterLab servers started by
   the tests are other processes and import it as usual.
2. ``--dist loadgroup`` (the quick loop, scripts/test.sh) hands out work units made by
   :func:`work_unit`: a notebook's cells run in order in one kernel, so a notebook is one unit; a test
   file that defines a fixture shared beyond one test (``scope="module"``, a survey of every dashboard,
   a subprocess, a kernel) is one unit, so it is built once; every other test is a unit of its own.
   xdist gives out the biggest units first and the single tests last, so the two workers finish
   within a test or two of each other. (xdist's own ``xdist_group`` mark no longer reaches the
   scheduler under pytest 9, which reads a node's id from elsewhere; a mark with ``@group`` in the id
   is still honoured.)

Left out: anything that changes what a test computes or asserts; this module only saves time.
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest

sys.modules.setdefault("rfc3987_syntax", None)  # `import rfc3987_syntax` now raises ImportError

SHARED_FIXTURE = re.compile(r"""scope\s*=\s*["'](module|class|package|session)["']""")


@lru_cache(maxsize=None)
def _shares_a_fixture(path):
    """True when the test file at ``path`` defines a fixture that outlives one test."""
    try:
        return bool(SHARED_FIXTURE.search(Path(path).read_text(encoding="utf-8")))
    except OSError:
        return True  # unreadable: keep its tests together, as loadfile would


def work_unit(nodeid, rootdir):
    """The work unit of a test: its notebook, its file (shared fixtures) or the test itself.

    >>> work_unit("notebooks/05_gradient_descent.ipynb::Cell 3", ".")
    'notebooks/05_gradient_descent.ipynb'
    """
    file = nodeid.split("::", 1)[0]
    if file.endswith(".ipynb") or _shares_a_fixture(str(Path(rootdir) / file)):
        return file
    return nodeid


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # optional: the Binder check's venv has no xdist
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    rootdir = str(config.rootpath)

    class CourseGroups(LoadGroupScheduling):
        def _split_scope(self, nodeid):
            if nodeid.rfind("@") > nodeid.rfind("]"):  # an xdist_group mark that did reach the id
                return super()._split_scope(nodeid)
            return work_unit(nodeid, rootdir)

    return CourseGroups(config, log)
