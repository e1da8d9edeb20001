"""A student's progress: which exercises are solved, and the last answer typed, kept across restarts.

The record is a small JSON file in the course folder (the folder the
notebooks run in), ``backprop_progress.json``, or wherever the environment
variable ``BACKPROP_LAB_PROGRESS`` says (the tests point it at a temporary
file, so the regression checks never read or change a student's record)::

    {"version": 1,
     "lessons": {"04_chain_network_training": {
         "3f2a9c0d1e": {"title": "Exercise 3 ...", "solved": true, "answer": "0.6223"}}}}

Writes are atomic (a temporary file in the same folder, then ``os.replace``),
so a kernel killed mid-write leaves the old record, never half a file. A
missing file starts a fresh record; a corrupt one is set aside
(``backprop_progress.json.corrupt``) and reported once, in words, never as a
traceback.

An exercise is tracked only inside a lesson: the kernel knows its notebook
from Jupyter's session (``__session__`` / ``JPY_SESSION_NAME``), or a lesson
names itself with :func:`set_lesson`. Outside one (nbval, scripts) nothing is
read or written.

Left out: accounts, sync between machines, grades (this is a student's own notebook of what they did).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

__all__ = ["ENV", "FILENAME", "Progress", "Tracker", "progress", "current_lesson", "set_lesson", "track"]

ENV = "BACKPROP_LAB_PROGRESS"
FILENAME = "backprop_progress.json"
VERSION = 1
_LESSON = re.compile(r"(\d\d_[A-Za-z0-9_]+)\.ipynb$")
_explicit_lesson = None


def set_lesson(stem):
    """Name the lesson this kernel runs (when Jupyter's session does not say), or None to stop tracking."""
    global _explicit_lesson
    if stem is not None and not re.fullmatch(r"\d\d_[A-Za-z0-9_]+", str(stem)):
        raise ValueError(f"a lesson is named like '04_chain_network_training', got {stem!r}.")
    _explicit_lesson = stem


def current_lesson():
    """The lesson (notebook stem) this kernel runs, or None outside a lesson."""
    if _explicit_lesson is not None:
        return _explicit_lesson
    session = os.environ.get("JPY_SESSION_NAME", "")
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            session = shell.user_ns.get("__session__", session) or session
    except ImportError:  # pragma: no cover - IPython is always there with ipywidgets
        pass
    m = _LESSON.search(str(session))
    return m.group(1) if m else None


class Progress:
    """The progress file: read once, written atomically on every change.

    ``notice`` holds the one sentence to show the student about the file
    (missing, corrupt, unwritable), until :meth:`take_notice` hands it out.
    """

    def __init__(self, path=None):
        self.path = Path(path or os.environ.get(ENV) or Path.cwd() / FILENAME)
        self.notice = ""
        self.lessons = self._load()

    def _load(self):
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self.notice = f"Could not read your progress file {self.path} ({exc.strerror}); starting afresh."
            return {}
        try:
            data = json.loads(text)
            lessons = data["lessons"]
            if data.get("version") != VERSION or not isinstance(lessons, dict) \
                    or not all(isinstance(v, dict) for v in lessons.values()):
                raise ValueError("unexpected layout")
        except (ValueError, KeyError, TypeError):
            aside = self.path.with_name(self.path.name + ".corrupt")
            try:
                os.replace(self.path, aside)
                where = f" (the old file is kept as {aside.name})"
            except OSError:
                where = ""
            self.notice = (f"Your progress file {self.path.name} could not be read (it is damaged){where}; "
                           "starting a fresh record.")
            return {}
        return lessons

    def take_notice(self):
        """The notice, once: later calls return ''."""
        notice, self.notice = self.notice, ""
        return notice

    def save(self):
        """Write the record atomically. Returns False (and sets ``notice``) if the folder is not writable."""
        data = json.dumps({"version": VERSION, "lessons": self.lessons}, indent=1, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(data)
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as exc:
            self.notice = f"Could not save your progress to {self.path} ({exc.strerror}); it is kept until the kernel stops."
            return False
        return True

    def entry(self, lesson, key, title=""):
        """The record of one exercise (created unsolved when first seen)."""
        lesson_rec = self.lessons.setdefault(lesson, {})
        if key not in lesson_rec:
            lesson_rec[key] = {"title": title[:120], "solved": False, "answer": None}
            self.save()
        return lesson_rec[key]

    def record(self, lesson, key, solved, answer):
        """Store the last answer; once solved, an exercise stays solved."""
        e = self.entry(lesson, key)
        e["solved"] = bool(e["solved"] or solved)
        e["answer"] = answer
        self.save()

    def summary(self):
        """``{lesson: (solved, seen)}`` for every lesson with an exercise seen."""
        return {lesson: (sum(bool(e.get("solved")) for e in rec.values()), len(rec))
                for lesson, rec in self.lessons.items()}

    def reset(self):
        """Forget everything (the course map's "Reset my progress", after its confirmation)."""
        self.lessons = {}
        self.save()


_progress = None


def progress():
    """The kernel's :class:`Progress` (read once; re-read if ``BACKPROP_LAB_PROGRESS`` changed)."""
    global _progress
    want = Path(os.environ.get(ENV) or Path.cwd() / FILENAME)
    if _progress is None or _progress.path != want:
        _progress = Progress(want)
    return _progress


class Tracker:
    """One exercise's link to the record: ``solved``, ``answer`` (restored), ``save(solved, answer)``.

    Without a lesson (``lesson=None``) it remembers nothing and writes nothing.
    """

    def __init__(self, lesson, key, title=""):
        self.lesson, self.key = lesson, key
        self.solved, self.answer, self.notice = False, None, ""
        if lesson is not None:
            p = progress()
            e = p.entry(lesson, key, title)
            self.solved, self.answer = bool(e["solved"]), e["answer"]
            self.notice = p.take_notice()

    @property
    def active(self):
        return self.lesson is not None

    def save(self, solved, answer):
        if self.lesson is None:
            return ""
        self.solved = self.solved or bool(solved)
        self.answer = answer
        p = progress()
        p.record(self.lesson, self.key, solved, answer)
        return p.take_notice()


_seen = {}


def track(title, lesson=None):
    """A :class:`Tracker` for the exercise whose question is ``title`` in the current lesson.

    The key is a hash of the question (the same question in the same lesson
    twice gets ``#2``), so a re-run cell finds its own record again.
    """
    lesson = lesson if lesson is not None else current_lesson()
    base = hashlib.sha1(str(title).encode("utf-8")).hexdigest()[:10]
    return Tracker(lesson, base, str(title))
