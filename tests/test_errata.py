"""The lectures' slips (backprop_core.errata): complete records, checks that hold, and checks that can fail."""
from pathlib import Path

import pytest

from backprop_core.errata import KINDS, LECTURES, SLIPS, Slip, SlipCheck, lesson_stem, slip

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("id", "lecture", "where", "says", "right", "lesson", "kind")


@pytest.mark.parametrize("s", SLIPS, ids=[s.id for s in SLIPS])
def test_every_slip_has_every_field(s):
    for name in FIELDS:
        value = getattr(s, name)
        assert isinstance(value, str) and value.strip(), f"{s.id}: empty {name}"
    assert s.kind in KINDS
    assert s.lecture in LECTURES and s.id.startswith(s.lecture + "-")


def test_ids_are_unique_and_sorted_by_lecture():
    ids = [s.id for s in SLIPS]
    assert len(set(ids)) == len(ids)
    keys = [(s.lecture, int(s.id.split("-")[1])) for s in SLIPS]
    assert keys == sorted(keys)


def test_every_lecture_has_slips():
    assert {s.lecture for s in SLIPS} == set(LECTURES)


@pytest.mark.parametrize("s", SLIPS, ids=[s.id for s in SLIPS])
def test_every_check_holds(s):
    result = s.check()
    assert isinstance(result, SlipCheck) and result.holds is True, f"{s.id}: {result.computed}"
    assert result.computed.strip()


NUMBERS = [s for s in SLIPS if s.kind == "number"]


def test_every_number_slip_has_a_value_to_reject():
    assert NUMBERS and all(s.rejects is not None for s in NUMBERS)


@pytest.mark.parametrize("s", NUMBERS, ids=[s.id for s in NUMBERS])
def test_number_check_rejects_the_lectures_value(s):
    """Fed the lecture's value (or, for a tie, the other rounding), the check fails: it is not vacuous."""
    assert s.check(s.rejects).holds is False


def test_lecture_numbers_to_the_digits_printed():
    # the exact values the corrections quote
    assert "-0.019049118 " in slip("001-2").check().computed
    assert "simultaneous 0.291027774, in place 0.291027924" in slip("001-3").check().computed
    text = slip("001-4").check().computed
    assert "0.0000351019" in text and "after 9,999: 0.0000351085" in text
    assert "0.015913620 / 0.984064274" in text and "0.015912196 / 0.984065734" in text
    assert "0.5 x 0.7275 = 0.36375" in slip("000-1").check().computed
    assert "exact dC/dw2 = -0.244622; slide's rounded numbers give -0.244585" in slip("000-3").check().computed
    assert "x0: 0.3932 -> 0.39" in slip("003-5").check().computed


def test_every_named_lesson_exists():
    for s in SLIPS:
        stem = lesson_stem(s.lesson)
        if stem is not None:
            assert (ROOT / "notebooks" / f"{stem}.ipynb").exists(), f"{s.id} names a missing lesson {s.lesson!r}"
            assert "§" in s.lesson, f"{s.id}: name the section, got {s.lesson!r}"


def test_the_known_slips_are_listed():
    says = {s.id: s for s in SLIPS}
    assert "w3 on i2" in says["001-1"].says
    assert "1/N" in says["002-1"].says
    assert "K - 1" in says["003-15"].right
    assert "delta^(l+1)" in says["004-1"].right


def test_slip_by_id_and_bad_id():
    assert isinstance(slip("000-1"), Slip)
    with pytest.raises(ValueError, match="got '999-1'"):
        slip("999-1")


def test_errata_imports_no_plotting():
    import subprocess
    import sys

    code = ("import sys, backprop_core.errata; "
            "print(any(m.split('.')[0] in ('matplotlib', 'ipywidgets') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("id, value, error, words", [
    ("001-2", "abc", TypeError, "slip 001-2 tests a finite number like -0.019049119, got 'abc'."),
    ("001-2", float("nan"), TypeError, "got nan"),
    ("001-4", (0.1, 0.2), TypeError, "3 finite numbers"),
    ("003-15", 3, ValueError, "slip 003-15 (claim) has no value to test"),
])
def test_bad_values_get_one_clear_sentence(id, value, error, words):
    with pytest.raises(error) as info:
        slip(id).check(value)
    assert words in str(info.value) and str(info.value).endswith(".")


def test_a_right_value_passed_in_holds():
    assert slip("001-4").check([0.0000351019, 0.015913620, 0.984064274]).holds
    assert slip("002-2").check(13).holds and not slip("002-2").check(14).holds
