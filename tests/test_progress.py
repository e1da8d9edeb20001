"""A student's progress survives a restart: solved exercises and last answers, in an atomically
written JSON file; damaged or missing files are said in words; the tests never touch a student's file."""
import json
import os

import pytest

from backprop_lab import progress as P
from backprop_lab.course import ProgressMap, progress_table
from backprop_lab.exercise_widgets import ChainRuleExercise, NumberExercise
from backprop_lab.tables import Math

LESSON = "04_chain_network_training"


@pytest.fixture
def record(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    monkeypatch.setenv(P.ENV, str(path))
    return path


def test_the_tests_use_a_temporary_progress_file():
    path = os.environ[P.ENV]
    assert "backprop-progress-" in path and not path.startswith(os.getcwd())


def test_an_exercise_outside_a_lesson_remembers_nothing(record):
    ex = NumberExercise("What is 1/4?", 0.25)
    ex.box.value = "0.25"
    ex.buttons["Check"].click()
    assert "Correct." in ex.feedback.value
    assert not record.exists()


def test_a_solved_exercise_and_its_answer_survive_a_restart(record):
    ex = NumberExercise("What is 1/4?", 0.25, lesson=LESSON)
    ex.box.value = "0.3"
    ex.buttons["Check"].click()
    data = json.loads(record.read_text())
    (entry,) = data["lessons"][LESSON].values()
    assert entry.pop("at") > 0  # when it was typed: the newest answer wins a merge
    assert entry == {"title": "What is 1/4?", "solved": False, "answer": "0.3"}
    ex.box.value = "1/4"
    ex.buttons["Check"].click()
    # a new kernel: the module forgets its cached record, the file is read again
    P._progress = None
    again = NumberExercise("What is 1/4?", 0.25, lesson=LESSON)
    assert again.box.value == "1/4"
    assert "Solved earlier" in again.feedback.value
    assert P.progress().summary() == {LESSON: (1, 1)}


def test_a_chain_rule_table_remembers_every_cell(record):
    rows = [{"symbol": Math("a", "a"), "answer": 1.0, "hint": "one"},
            {"symbol": Math("b", "b"), "answer": 2.0, "hint": "two"}]
    ex = ChainRuleExercise("Fill in", rows, lesson=LESSON)
    ex.fill({0: "1", 1: "3"})
    ex.buttons["Check"].click()
    P._progress = None
    again = ChainRuleExercise("Fill in", rows, lesson=LESSON)
    assert [b.value for b in again.boxes] == ["1", "3"]
    assert P.progress().summary() == {LESSON: (0, 1)}
    again.fill({1: "2"})
    again.buttons["Check"].click()
    assert P.progress().summary() == {LESSON: (1, 1)}


def test_a_damaged_file_is_set_aside_and_said_once_in_words(record):
    record.write_text("{not json")
    P._progress = None
    ex = NumberExercise("What is 1/4?", 0.25, lesson=LESSON)
    assert "could not be read (it is damaged)" in ex.feedback.value
    (aside,) = record.parent.glob(record.name + ".corrupt-*")
    assert aside.name in ex.feedback.value and aside.read_text() == "{not json"
    assert json.loads(record.read_text())["lessons"][LESSON]  # a fresh record, already written
    second = NumberExercise("What is 2/4?", 0.5, lesson=LESSON)
    assert second.feedback.value == ""  # said once


def test_writes_are_atomic_and_leave_no_temporary_files(record):
    p = P.Progress(record)
    for i in range(20):
        p.record(LESSON, f"k{i}", i % 2 == 0, str(i))
    # the record and the lock file (which the lock keeps; the OS lock on it dies with its process)
    assert sorted(x.name for x in record.parent.iterdir()) == sorted([record.name, p.lock_path.name])
    assert P.Progress(record).summary() == {LESSON: (10, 20)}


def test_an_unwritable_folder_is_said_in_words(tmp_path, monkeypatch):
    path = tmp_path / "missing-dir-is-a-file" / "p.json"
    (tmp_path / "missing-dir-is-a-file").write_text("a file where a folder should be")
    p = P.Progress(path)
    assert p.save() is False
    notice = p.take_notice()
    assert f"Could not save your progress in the folder {path.parent} " in notice
    assert "kept in this kernel's memory for this session" in notice


def test_the_course_map_counts_solved_exercises_and_reset_asks_first(record):
    p = P.Progress(record)
    p.record(LESSON, "a", True, "1")
    p.record(LESSON, "b", False, "2")
    m = ProgressMap(record)
    assert m.summary == {LESSON: (1, 2)}
    text = progress_table(m.summary).to_text()
    rows = {line.split("|")[0].strip(): line.split("|")[1].strip() for line in text.splitlines()[3:]}
    assert rows[LESSON] == "1 of 2" and rows["03_chain_network_forward_and_derivatives"] == "not started"
    m.press("Reset my progress")
    assert m.confirm.layout.display == "flex" and "Sure?" in m.message.value
    m.press("Cancel")
    assert P.Progress(record).summary() == {LESSON: (1, 2)}
    m.press("Reset my progress")
    m.press("Yes, forget everything")
    assert P.Progress(record).summary() == {} and m.summary == {}
    assert "reset" in m.message.value


def test_lessons_are_named_like_notebooks():
    with pytest.raises(ValueError, match="a lesson is named like"):
        P.set_lesson("my lesson")
    P.set_lesson("05_gradient_descent")
    try:
        assert P.current_lesson() == "05_gradient_descent"
    finally:
        P.set_lesson(None)
    assert P.current_lesson() is None
