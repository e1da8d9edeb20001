"""The notebooks are committed lean: executed, without widget state, and small.

Widget state (``metadata.widgets``) is what JupyterLab saves of every widget model when "Save Widget State
Automatically" is on: megabytes of models, most of them never displayed, that nbval never reads. The course
is committed without it (``scripts/execute_notebooks.py`` strips it, ``binder/overrides.json`` turns the
setting off), so Binder starts faster and a diff shows what changed in a lesson.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: The whole course, every notebook with its stored outputs, stays under this size.
COURSE_LIMIT = 2 * 1024 * 1024


def test_no_notebook_carries_widget_state():
    carrying = [p.name for p in NOTEBOOKS if "widgets" in json.loads(p.read_text())["metadata"]]
    assert carrying == [], f"saved with widget state: {carrying}; run scripts/execute_notebooks.py on them"


def test_the_course_is_small():
    sizes = {p.name: p.stat().st_size for p in NOTEBOOKS}
    total = sum(sizes.values())
    assert total <= COURSE_LIMIT, (f"the notebooks take {total / 2**20:.2f} MiB (limit 2 MiB); "
                                   f"largest: {sorted(sizes.items(), key=lambda kv: -kv[1])[:3]}")


def test_jupyterlab_does_not_save_widget_state():
    overrides = json.loads((ROOT / "binder" / "overrides.json").read_text())
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is False
