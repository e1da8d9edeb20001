"""The course map and notation agree with the repository and the README."""
from pathlib import Path

from backprop_lab.course import NOTATION, NOTEBOOKS, course_map, notation_table

ROOT = Path(__file__).resolve().parents[1]


def test_every_ready_notebook_exists_and_every_notebook_is_on_the_map():
    on_disk = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    ready = {stem for stem, _, _, status in NOTEBOOKS if status == "ready"}
    assert ready == on_disk


def test_notebooks_are_numbered_in_order():
    stems = [stem for stem, *_ in NOTEBOOKS]
    numbers = [int(s[:2]) for s in stems]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert all(s[2] == "_" for s in stems)


def test_readme_notation_table_matches_course_notation():
    readme = (ROOT / "README.md").read_text()
    for _tex, plain, code, where in NOTATION:
        assert f"| {plain} | `{code}` |" in readme, plain


def test_readme_lists_every_ready_notebook():
    readme = (ROOT / "README.md").read_text()
    for stem, _, _, status in NOTEBOOKS:
        if status == "ready":
            assert f"`{stem}`" in readme


def test_tables_render():
    assert "03_chain_network_forward_and_derivatives.ipynb" in course_map().to_text()
    planned = [stem for stem, _, _, status in NOTEBOOKS if status != "ready"]
    assert (course_map().to_text().count("coming soon")) == len(planned)
    assert "E_total" in notation_table().to_text()


def test_every_check_cell_is_tagged_for_the_lecture_view():
    """The lecture view (scripts/present.sh) hides the outputs of cells tagged 'check'; a new lesson is
    tagged with `python scripts/tag_checks.py --apply notebooks/NN_x.ipynb`."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("tag_checks", ROOT / "scripts" / "tag_checks.py")
    tag_checks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tag_checks)
    notebooks = sorted(str(p) for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert tag_checks.main(["--check", *notebooks]) == 0
