"""A student's progress survives a restart: solved exercises and last answers, in an atomically
written JSON file; damaged or missing files are said in words; the tests never touch a student's file."""
import hashlib
import html
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


# ---------------------------------------------------------------- several lessons, one file


def test_two_kernels_saving_in_turn_keep_each_others_answers(record):
    a, b = P.Progress(record), P.Progress(record)   # both read the (missing) file first
    a.record(LESSON, "a1", True, "1")
    b.record(LESSON, "b1", True, "2")               # b never saw a1: it merges, it does not overwrite
    a.record(LESSON, "a2", False, "3")
    assert P.Progress(record).summary() == {LESSON: (2, 3)}
    assert a.summary() == b.summary() == {LESSON: (2, 3)}


def test_solved_stays_solved_and_the_newest_answer_wins(record):
    a, b = P.Progress(record), P.Progress(record)
    a.record(LESSON, "k", True, "0.25")
    b.record(LESSON, "k", False, "0.3")             # a later wrong answer in another lesson
    entry = P.Progress(record).lessons[LESSON]["k"]
    assert entry["solved"] is True and entry["answer"] == "0.3"
    # written out of order: the answer typed last wins, whoever writes last
    first = {"lesson": LESSON, "key": "q", "title": "", "generation": 0, "solved": False, "answer": "old", "at": 5.0}
    later = {**first, "answer": "new", "solved": True, "at": 9.0}
    for changes in ([first, later], [later, first]):
        (e,) = P.merge(P._empty(), changes)["lessons"][LESSON].values()
        assert (e["answer"], e["solved"], e["at"]) == ("new", True, 9.0)


def test_a_reset_in_one_kernel_holds_against_an_older_copy_in_another(record):
    lesson_kernel = P.Progress(record)
    lesson_kernel.record(LESSON, "old", True, "1")
    P._progress = None
    tracker = P.track("What is 1/4?", LESSON)        # this kernel's exercise, seen before the reset
    m = ProgressMap(record)                          # lesson 00, another kernel
    m.press("Reset my progress")
    m.press("Yes, forget everything")
    assert m.summary == {}
    lesson_kernel.record(LESSON, "new", True, "2")   # a new solve after the reset is kept
    assert tracker.save(False, "0.3") == ""          # the old copy said solved: not any more
    assert tracker.solved is False
    data = json.loads(record.read_text())
    assert data["generation"] == 1 and sorted(data["lessons"][LESSON]) == [tracker.key, "new"]
    assert P.Progress(record).summary() == {LESSON: (1, 2)}


def test_two_damaged_files_in_a_row_are_both_kept_and_each_said_once(record):
    kept = set()
    for text in ("{not json", "[1, 2"):
        record.write_text(text)
        p = P.Progress(record)
        (aside,) = set(record.parent.glob(record.name + ".corrupt-*")) - kept   # a new name each time
        kept.add(aside)
        assert aside.read_text() == text
        assert p.take_notice() == (f"Your progress file {record.name} could not be read (it is damaged); "
                                   f"the old file is kept as {aside.name}; starting a fresh record.")
        assert p.summary() == {} and p.take_notice() == ""
        p.record(LESSON, "k", True, "1")
        assert p.take_notice() == ""
    assert sorted(a.read_text() for a in kept) == ["[1, 2", "{not json"]


GOOD = {"title": "Q", "solved": True, "answer": "0.25"}
WRONG_FORMS = {
    "solved is a word": b'{"title": "Q", "solved": "no", "answer": "x"}',
    "solved is a number": b'{"title": "Q", "solved": 1, "answer": "x"}',
    "the entry is a string": b'"solved"',
    "the answer is not UTF-8": b'{"title": "Q", "solved": true, "answer": "0.2\xff\xfe"}',
    "the answer is a mapping": b'{"title": "Q", "solved": true, "answer": {"a": 1}}',
    "the time is not a number": b'{"title": "Q", "solved": true, "answer": "1", "at": "soon"}',
}


@pytest.mark.parametrize("form", sorted(WRONG_FORMS))
def test_an_entry_of_a_wrong_form_is_dropped_with_one_notice(record, form):
    bad_key = hashlib.sha1(b"What is 1/4?").hexdigest()[:10]
    record.write_bytes(b'{"version": 2, "lessons": {"%s": {"good": %s, "%s": %s}}}'
                       % (LESSON.encode(), json.dumps(GOOD).encode(), bad_key.encode(), WRONG_FORMS[form]))
    P._progress = None
    ex = NumberExercise("What is 1/4?", 0.25, lesson=LESSON)   # no exception
    assert ex.feedback.value.count("wrong form") == 1
    assert f"1 entry of your progress file {record.name} had a wrong form and was dropped (not counted as " \
           f"solved): {LESSON}/{bad_key}." in ex.feedback.value
    assert "Solved earlier" not in ex.feedback.value and ex.box.value == ""
    assert P.progress().summary() == {LESSON: (1, 2)}      # the good one, and this exercise unsolved
    assert NumberExercise("What is 2/4?", 0.5, lesson=LESSON).feedback.value == ""   # said once
    entries = json.loads(record.read_text())["lessons"][LESSON]
    assert entries["good"]["solved"] is True and entries[bad_key]["solved"] is False


def test_a_lesson_of_a_wrong_form_is_dropped_too(record):
    record.write_text(json.dumps({"version": 2, "lessons": {LESSON: ["not", "a", "record"],
                                                             "05_gradient_descent": {"k": GOOD}}}))
    p = P.Progress(record)
    assert p.take_notice().startswith(f"1 entry of your progress file {record.name} had a wrong form")
    assert p.summary() == {"05_gradient_descent": (1, 1)}


def test_an_answer_of_a_wrong_type_is_refused_at_the_door(record):
    with pytest.raises(TypeError, match=r"an answer is a text, a list of texts or None, got 0.25\."):
        P.Progress(record).record(LESSON, "k", True, 0.25)


def _refuse(src, dst):
    """os.replace in a folder the student may not write to (chmod does not stop root, who runs the tests)."""
    raise PermissionError(13, "Permission denied", str(dst))


def test_an_unwritable_folder_keeps_the_answers_in_memory_and_says_which_folder(record, monkeypatch):
    P._progress = None
    first = NumberExercise("What is 1/4?", 0.25, lesson=LESSON)
    first.box.value = "1/4"

    monkeypatch.setattr(P.os, "replace", _refuse)
    first.buttons["Check"].click()
    assert html.escape(f"Could not save your progress in the folder {record.parent} (Permission denied); your "
                       "answers are kept in this kernel's memory for this session") in first.feedback.value
    assert first.feedback.value.startswith('<div') and "Correct." in first.feedback.value
    second = NumberExercise("What is 2/4?", 0.5, lesson=LESSON)
    second.box.value = "0.5"
    second.buttons["Check"].click()
    assert "Could not save" not in second.feedback.value      # said once while it lasts
    # reads in this kernel still show every answer
    assert P.progress().summary() == {LESSON: (2, 2)}
    assert NumberExercise("What is 1/4?", 0.25, lesson=LESSON).box.value == "1/4"
    on_disk = json.loads(record.read_text())["lessons"][LESSON]
    assert not any(e["solved"] for e in on_disk.values())      # the file has only the two "seen" entries
    assert [x.name for x in record.parent.iterdir() if x.suffix == ".tmp"] == []
    # writable again: the next save brings everything kept in memory
    monkeypatch.undo()
    monkeypatch.setenv(P.ENV, str(record))
    NumberExercise("What is 3/4?", 0.75, lesson=LESSON)
    assert P.Progress(record).summary() == {LESSON: (2, 3)}


def test_a_busy_lock_does_not_hang_a_save_and_the_answer_waits_in_memory(record, monkeypatch):
    from filelock import FileLock

    monkeypatch.setattr(P, "LOCK_TIMEOUT", 0.2)
    p = P.Progress(record)
    other = FileLock(str(p.lock_path))      # another lesson in the middle of its save
    other.acquire()
    try:
        assert p.save() is False
        p.record(LESSON, "k", True, "1")
        notice = p.take_notice()
        assert notice.startswith(f"Could not save your progress in the folder {record.parent} "
                                 "(another lesson kept it busy for 0.2 s); your answers are kept")
        assert p.summary() == {LESSON: (1, 1)} and not record.exists()
    finally:
        other.release()
    p.record(LESSON, "k2", False, "2")
    assert P.Progress(record).summary() == {LESSON: (1, 2)} and p.take_notice() == ""


def test_a_reset_that_cannot_be_written_says_so(record, monkeypatch):
    P.Progress(record).record(LESSON, "k", True, "1")
    monkeypatch.setattr(P.os, "replace", _refuse)
    m = ProgressMap()                        # lesson 00 with the kernel's own record
    m.press("Reset my progress")
    m.press("Yes, forget everything")
    assert "Your progress was reset in this kernel only. Could not save your progress in the folder " \
           f"{html.escape(str(record.parent))} (Permission denied)" in m.message.value
    assert m.summary == {}                   # this kernel shows the reset
    assert P.Progress(record).summary() == {LESSON: (1, 1)}   # the file still has it, and says so above


def test_a_version_1_file_is_read_and_kept(record):
    record.write_text(json.dumps({"version": 1, "lessons": {LESSON: {
        "a": {"title": "Q1", "solved": True, "answer": "0.25"},
        "b": {"title": "Q2", "solved": False, "answer": ["1", ""]}}}}))
    p = P.Progress(record)
    assert p.take_notice() == "" and p.summary() == {LESSON: (1, 2)}
    p.record(LESSON, "b", True, ["1", "2"])
    data = json.loads(record.read_text())
    assert (data["version"], data["generation"]) == (2, 0)
    assert data["lessons"][LESSON]["a"] == {"title": "Q1", "solved": True, "answer": "0.25", "at": 0.0}
    assert data["lessons"][LESSON]["b"]["answer"] == ["1", "2"] and P.Progress(record).summary() == {LESSON: (2, 2)}
