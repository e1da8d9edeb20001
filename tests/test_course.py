"""The course map and notation agree with the repository and the README."""
from pathlib import Path

from backprop_lab.course import NOTATION, NOTEBOOKS, course_map, next_notebook, notation_table

ROOT = Path(__file__).resolve().parents[1]


def test_every_notebook_on_the_map_exists_and_every_notebook_is_on_the_map():
    on_disk = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert {stem for stem, *_ in NOTEBOOKS} == on_disk


def test_notebooks_are_numbered_in_order():
    stems = [stem for stem, *_ in NOTEBOOKS]
    numbers = [int(s[:2]) for s in stems]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert all(s[2] == "_" for s in stems)


def test_readme_notation_table_matches_course_notation():
    readme = (ROOT / "README.md").read_text()
    for _tex, plain, code, _where in NOTATION:
        assert f"| {plain} | `{code}` |" in readme, plain


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text()
    for stem, *_ in NOTEBOOKS:
        assert f"`{stem}`" in readme


def test_tables_render():
    text = course_map().to_text()
    assert all(f"{stem}.ipynb" in text for stem, *_ in NOTEBOOKS)
    assert "E_total" in notation_table().to_text()


def _markdown(stem):
    import json

    nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text())
    return [("".join(c["source"]), c) for c in nb["cells"] if c["cell_type"] == "markdown"]


def test_every_lesson_ends_with_a_link_to_the_next_one():
    """The last markdown cell of each lesson links to the lesson after it on the map (the last to the map)."""
    import re

    for stem, *_ in NOTEBOOKS:
        last = _markdown(stem)[-1][0]
        links = re.findall(r"\]\(([0-9][0-9]_[a-z0-9_]+)\.ipynb\)", last)
        following = next_notebook(stem) or "00_start_here"
        assert following in links, f"{stem} does not end with a link to {following}.ipynb (links: {links})"
        for link in links:
            assert (ROOT / "notebooks" / f"{link}.ipynb").exists(), f"{stem} links to a missing {link}.ipynb"


def test_no_lesson_promises_what_is_not_there():
    for stem, *_ in NOTEBOOKS:
        for text, _cell in _markdown(stem):
            assert "coming soon" not in text.lower(), f"{stem} still says 'coming soon'"


def test_next_notebook_follows_the_map():
    stems = [stem for stem, *_ in NOTEBOOKS]
    assert [next_notebook(s) for s in stems] == stems[1:] + [None]


def test_every_check_cell_is_tagged_for_the_lecture_view():
    """The lecture view (scripts/present.sh) hides the outputs of cells tagged 'check'; a new lesson is
    tagged with `python scripts/tag_checks.py --apply notebooks/NN_x.ipynb`."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("tag_checks", ROOT / "scripts" / "tag_checks.py")
    tag_checks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tag_checks)
    notebooks = sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert tag_checks.main(["--check", *notebooks]) == 0
