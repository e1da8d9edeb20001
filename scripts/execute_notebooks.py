"""Execute lessons top to bottom in a fresh kernel and save them without widget state.

    python scripts/execute_notebooks.py notebooks/05_gradient_descent.ipynb [more.ipynb ...]
    python scripts/execute_notebooks.py --all

Each notebook runs in its own folder (as a student's kernel does), with the
student's progress file pointed at a temporary file, so executing never
touches real progress. ``metadata.widgets`` (the saved widget state) is
dropped: the stored outputs keep their text (what nbval compares) and the
widgets are drawn again when the student runs the cell. A cell that raises
stops the run and the notebook is not written.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def strip_widget_state(nb):
    """Remove the saved widget state; return True if there was some."""
    return nb.metadata.pop("widgets", None) is not None


def execute(path: Path, timeout: int = 600) -> None:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="backprop-execute-") as tmp:
        old = os.environ.get("BACKPROP_LAB_PROGRESS")
        os.environ["BACKPROP_LAB_PROGRESS"] = os.path.join(tmp, "backprop_progress.json")
        try:
            client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                    resources={"metadata": {"path": str(path.parent)}})
            client.execute()
        finally:
            if old is None:
                os.environ.pop("BACKPROP_LAB_PROGRESS", None)
            else:
                os.environ["BACKPROP_LAB_PROGRESS"] = old
    strip_widget_state(nb)
    nbformat.write(nb, path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="every notebook in notebooks/")
    args = parser.parse_args(argv)
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) if args.all else args.notebooks
    if not paths:
        parser.error("name one or more notebooks, or --all")
    for path in paths:
        print(f"executing {path} ...", flush=True)
        execute(path.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
