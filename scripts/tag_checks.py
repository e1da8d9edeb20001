"""Tag the regression-check cells of lesson notebooks so the lecture view hides them.

    python scripts/tag_checks.py notebooks/*.ipynb           # list what would be tagged (changes nothing)
    python scripts/tag_checks.py --apply notebooks/*.ipynb   # add the tag (idempotent)
    python scripts/tag_checks.py --check notebooks/*.ipynb   # exit 1 if a check cell lacks the tag

The lecture view (``bash scripts/present.sh NN``, Voila with the template in
``scripts/voila/templates/lecture``) runs every cell but does not show the
outputs of code cells tagged ``check``.  JupyterLab shows them as before and
nbval checks them exactly as before (it only reads ``nbval-*`` tags).

THE RULE.  A code cell is a check cell when it shows only text (stream output,
or nothing: no table, figure or widget) and

* its first line is a comment starting with ``# check`` (``# check yourself: ...``), or
* it has an ``assert`` statement, or
* it prints a dashboard's or exercise's text (``print(dash.table_text)``,
  ``print(dash.status_text)``, ``.check(...).message``) or a ``Table(...)``.

A lesson author overrides the rule per cell with a tag: ``lecture-show`` keeps a
cell visible (never tagged), ``check`` hides one the rule does not catch (this
script never removes a tag).  The script only ever adds the ``check`` tag, so
running it twice changes nothing the second time.
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import nbformat

TAG = "check"
KEEP_TAG = "lecture-show"

# Output types that are only text: what a regression check leaves behind.
_TEXT_ONLY_OUTPUTS = {"stream", "error"}
_CHECK_COMMENT = re.compile(r"^\s*#\s*check\b", re.IGNORECASE)
_PRINTS_TEXT = re.compile(
    r"print\s*\((?:[^()]|\([^()]*\))*?(?:\.table_text|\.status_text|\.message\b|\bTable\s*\()", re.DOTALL)


def _has_assert(source: str) -> bool:
    # IPython magics (%matplotlib, !cmd) are not Python: blank them before parsing.
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return re.search(r"^\s*assert\b", source, re.MULTILINE) is not None
    return any(isinstance(node, ast.Assert) for node in ast.walk(tree))


def check_reason(cell) -> str | None:
    """Why *cell* is a regression-check cell under THE RULE, or None if it is not one."""
    if cell.get("cell_type") != "code":
        return None
    tags = cell.get("metadata", {}).get("tags", [])
    if KEEP_TAG in tags:
        return None
    if any(out.get("output_type") not in _TEXT_ONLY_OUTPUTS for out in cell.get("outputs", [])):
        return None  # it shows a table, figure or widget: part of the lesson
    source = cell.get("source", "")
    first = source.lstrip("\n").split("\n", 1)[0]
    if _CHECK_COMMENT.match(first):
        return "starts with '# check'"
    if _has_assert(source):
        return "has an assert"
    if _PRINTS_TEXT.search(source):
        return "prints a dashboard's, exercise's or table's text"
    return None


def scan(path: Path):
    """(notebook, [(cell index, reason, already tagged)]) for the check cells of *path*."""
    nb = nbformat.read(str(path), as_version=nbformat.NO_CONVERT)
    found = []
    for i, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        reason = check_reason(cell)
        if reason is None and TAG in tags and cell.get("cell_type") == "code":
            reason = "tagged by hand"
        if reason is not None:
            found.append((i, reason, TAG in tags))
    return nb, found


def apply(path: Path) -> int:
    """Add the tag to every untagged check cell of *path*; return how many were added."""
    nb, found = scan(path)
    added = 0
    for i, _reason, tagged in found:
        if not tagged:
            nb.cells[i].setdefault("metadata", {}).setdefault("tags", []).append(TAG)
            added += 1
    if added:
        nbformat.write(nb, str(path))
    return added


def _first_line(cell) -> str:
    line = cell.source.strip().split("\n", 1)[0]
    return line if len(line) <= 70 else line[:67] + "..."


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path, help="lesson notebooks (.ipynb)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--apply", action="store_true", help=f"add the '{TAG}' tag where it is missing")
    mode.add_argument("--check", action="store_true", help="exit 1 if some check cell is not tagged")
    args = parser.parse_args(argv)

    for path in args.notebooks:
        if path.suffix != ".ipynb" or not path.is_file():
            parser.error(f"{str(path)!r} is not a notebook file (expected an existing .ipynb)")

    missing = 0
    for path in args.notebooks:
        nb, found = scan(path)
        untagged = [(i, r) for i, r, tagged in found if not tagged]
        missing += len(untagged)
        if args.apply:
            added = apply(path)
            print(f"{path}: {len(found)} check cells, tagged {added} now")
            continue
        print(f"{path}: {len(found)} check cells, {len(untagged)} not tagged yet")
        for i, reason, tagged in found:
            mark = " " if tagged else "+"
            print(f"  {mark} cell {i:3d} ({reason}): {_first_line(nb.cells[i])}")
    if args.check and missing:
        print(f"{missing} check cells lack the '{TAG}' tag: run python scripts/tag_checks.py --apply "
              + " ".join(str(p) for p in args.notebooks), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
