"""Every exercise of the course, built as its notebook builds it, checked the same way.

For each exercise (``backprop_lab.exercises.course_exercises``) and each of its cells:
the right answer passes (exactly, and typed to as few digits as its tolerance allows);
every listed mistake gets its own explanation; a value off by more than the tolerance
fails; every message is one clean sentence; and no number the checker would accept as
the answer appears in a visible output (text/plain, text/html, stream) of a cell above
the exercise in the committed notebook (small integers excepted: every output holds some).
"""
import html
import math
import pathlib
import re

import nbformat
import pytest

from backprop_lab.exercise_widgets import clean_sentence
from backprop_lab.exercises import course_exercises

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / "notebooks"
ENTRIES = course_exercises()
IDS = [f"{e.lesson}:{e.call[:50]}" for e in ENTRIES]
NUMBER = re.compile(r"(?<![\w.])[-+\u2212]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w])")
CONSTRUCTOR = re.compile(r"\b(\w+_exercise|NumberExercise|ChainRuleExercise)\(")


def _notebook(lesson):
    (path,) = NOTEBOOKS.glob(f"{lesson}_*.ipynb")
    return nbformat.read(path, as_version=4)


def _visible_text(output):
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    page = re.sub(r"<[^>]*>", " ", data.get("text/html", ""))  # tags and their attributes are not seen
    return data.get("text/plain", "") + "\n" + html.unescape(page)


def _cell_index(nb, call):
    hits = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and call in c.source]
    assert hits, f"no cell of lesson's notebook evaluates {call!r}"
    return hits[0]


def _typed(value, tol):
    """``value`` as a student would type it: the fewest significant digits the tolerance accepts."""
    for digits in range(1, 17):
        text = f"{value:.{digits}g}"
        if abs(float(text) - value) <= tol / 2:
            return text
    return repr(value)


def _small_integer(cell):
    """An answer that is (within its tolerance) 0, 1, ..., 10 or their negatives: nearly every output has
    those, so seeing one there gives nothing away."""
    return abs(cell["answer"] - round(cell["answer"])) <= cell["tolerance"] and abs(round(cell["answer"])) <= 10


def _is_clean(message):
    return message == clean_sentence(message) and ".." not in message and ": ." not in message


def test_every_exercise_in_the_notebooks_is_listed():
    listed = {}
    for e in ENTRIES:
        listed.setdefault(e.lesson, []).append(e.call)
    missing = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        lesson = path.name[:2]
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "code" and CONSTRUCTOR.search(cell.source) \
                    and not any(call in cell.source for call in listed.get(lesson, [])):
                missing.append(f"{path.name} cell {i}")
    assert not missing, f"cells building an exercise that course_exercises() does not list: {missing}"
    for e in ENTRIES:                      # and every listed call is in its notebook
        _cell_index(_notebook(e.lesson), e.call)


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_exercise_is_honest(entry):
    ex = entry.build()
    problems = []
    for i, cell in enumerate(ex.cells()):
        answer, tol = cell["answer"], cell["tolerance"]
        assert math.isfinite(answer) and tol >= 0
        for text in (repr(answer), _typed(answer, tol)):
            fb = ex.check_cell(i, text)
            if not fb.correct:
                problems.append(f"cell {i}: the answer typed as {text} fails: {fb.message}")
        off = max(2 * tol, 1.0 if cell["exact"] else 1e-12 * max(1.0, abs(answer)))
        for wrong in (answer + off, answer - off):
            if ex.check_cell(i, repr(wrong)).correct:
                problems.append(f"cell {i}: {wrong!r} is accepted for {answer!r} (tolerance {tol:g})")
        if cell["exact"] and answer == int(answer) and ex.check_cell(i, str(int(answer) + 1)).correct:
            problems.append(f"cell {i}: a count accepts {int(answer) + 1} for {int(answer)}")
        for j, (value, why) in enumerate(cell["mistakes"]):
            fb = ex.check_cell(i, repr(value))
            if fb.correct:
                problems.append(f"cell {i}: mistake {j} ({why!r}) is accepted as right")
            elif fb.mistake != why:
                problems.append(f"cell {i}: mistake {j} ({why!r}) gets another message: {fb.message!r}")
            if not _is_clean(fb.message):
                problems.append(f"cell {i}: unclean message {fb.message!r}")
        for text in ("", "abc", "0,5", repr(answer)):
            msg = ex.check_cell(i, text).message
            if not _is_clean(msg):
                problems.append(f"cell {i}: unclean message {msg!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_answer_does_not_appear_above_its_exercise(entry):
    ex = entry.build()
    nb = _notebook(entry.lesson)
    where = _cell_index(nb, entry.call)
    leaks = []
    for k, cell in enumerate(nb.cells[:where]):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            for token in NUMBER.findall(_visible_text(output)):
                x = float(token.replace("\u2212", "-"))
                for i, c in enumerate(ex.cells()):
                    if c["result"] and not _small_integer(c) and abs(x - c["answer"]) <= c["tolerance"]:
                        leaks.append(f"cell {i}'s answer {c['answer']:.6g} shown as {token} in the output of cell {k}")
    assert not leaks, "\n".join(sorted(set(leaks)))
