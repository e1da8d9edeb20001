"""Loaded before pytest's plugins (``-p tests._early`` in pyproject's addopts), in every pytest
process: the main one and each xdist worker.

nbval's plugin imports nbformat, which imports jsonschema, which imports ``rfc3987_syntax`` when it
is installed (it is: jupyter-events wants it) only to check the ``iri`` string format; that import
builds a Lark grammar, 2-6 s of CPU in every process. Nothing the tests run checks a schema's
formats (nbformat validates without a format checker), so here it is marked as absent and
jsonschema leaves that one format checker out. Kernels and JupyterLab servers started by the
tests are other processes and import it as usual.

Left out: anything that changes what a test computes; this module only saves import time.
"""
from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # `import rfc3987_syntax` now raises ImportError
