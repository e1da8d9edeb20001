"""A student's progress: which exercises are solved, and the last answer typed, kept across restarts.

The record is a small JSON file in the course folder (the folder the
notebooks run in), ``backprop_progress.json``, or wherever the environment
variable ``BACKPROP_LAB_PROGRESS`` says (the tests point it at a temporary
file, so the regression checks never read or change a student's record)::

    {"version": 2, "generation": 1, "reset_at": 1796587200.0,
     "lessons": {"04_chain_network_training": {
         "3f2a9c0d1e": {"title": "Exercise 3 ...", "solved": true, "answer": "0.6223",
                        "at": 1796587260.5}}}}

Several lessons may be open at once (one kernel each), all writing to the
same file. So a kernel never rewrites the file from its own copy: it keeps a
list of the *changes* it made (``pending``), and every save takes the lock
(``.backprop_progress.json.lock``, :mod:`filelock`, an OS lock the kernel
drops when a process dies), reads the file, merges its changes in, and writes
it atomically (a temporary file in the same folder, then ``os.replace``), so
a kernel killed mid-write leaves the old record, never half a file. Merging
follows three rules:

- "solved" only goes from false to true (until a reset);
- the last answer typed wins (each answer carries the time it was typed, ``at``);
- a reset is recorded (``generation`` counts resets, ``reset_at`` is when the
  last one happened): a change typed before the reset, even if written after
  it by a kernel that read the file earlier, does not bring an exercise back;
  an answer typed after it is kept.

A damaged file is set aside under a name of its own
(``backprop_progress.json.corrupt-20261206-200530``, then ``...-2``) and said
once, in words. Every entry is checked on read: one with a wrong form
(``"solved": "no"``, a string instead of a record, text that is not UTF-8) is
dropped with one notice, never counted as solved. When the folder is not
writable, the notice names the folder and says the answers are kept in this
kernel's memory for the session (and saved when a later save succeeds).

An exercise is tracked only inside a lesson: the kernel knows its notebook
from Jupyter's session (``__session__`` / ``JPY_SESSION_NAME``), or a lesson
names itself with :func:`set_lesson`. Outside one (nbval, scripts) nothing is
read or written.

Left out: accounts, sync between machines, grades (this is a student's own
notebook of what they did), and cleaning up the temporary file of a writer
killed between writing it and renaming it (a ``.progress-*.tmp`` file is left;
the record itself is whole).
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import tempfile
import time
from pathlib import Path

from filelock import FileLock

__all__ = [
    "ENV",
    "FILENAME",
    "DamagedFile",
    "Progress",
    "Tracker",
    "current_lesson",
    "merge",
    "parse_record",
    "progress",
    "set_lesson",
    "track",
]

ENV = "BACKPROP_LAB_PROGRESS"
FILENAME = "backprop_progress.json"
VERSION = 2
READABLE_VERSIONS = (1, 2)   # version 1 had no generation, reset time or answer times
LOCK_TIMEOUT = 10.0          # seconds a save waits for another lesson's save before giving up (kept in memory)
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


# ---------------------------------------------------------------- reading and checking a record


class DamagedFile(ValueError):
    """The file as a whole is not a progress record (not JSON, not UTF-8 JSON, wrong layout)."""


def _empty():
    return {"version": VERSION, "generation": 0, "reset_at": 0.0, "lessons": {}}


def _is_text(value):
    """A str that can be written back as UTF-8 (no lone surrogates from undecodable bytes)."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_time(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def _is_answer(value):
    """An answer is None, a text (a number box), or a list of texts (a chain-rule table's boxes)."""
    return value is None or _is_text(value) or (
        isinstance(value, list) and all(v is None or _is_text(v) for v in value))


def _check_entry(entry):
    """The entry in the current form, or None if it has a wrong form (then it is dropped)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("solved"), bool):
        return None
    title, answer, at = entry.get("title", ""), entry.get("answer"), entry.get("at", 0.0)
    if not (_is_text(title) and _is_answer(answer) and _is_time(at)):
        return None
    return {"title": title, "solved": entry["solved"], "answer": answer, "at": float(at)}


def parse_record(raw):
    """Read a progress file's bytes: ``(record, dropped)``.

    ``dropped`` names each entry (``"lesson/key"``) or lesson that had a wrong
    form and was left out. Raises :class:`DamagedFile` when the file as a whole
    is not a progress record. Bytes that are not UTF-8 inside one answer only
    drop that entry (they are read as lone surrogates, which :func:`_is_text` refuses).
    """
    try:
        data = json.loads(raw.decode("utf-8", errors="surrogateescape"))
    except ValueError as exc:
        raise DamagedFile(f"not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("version") not in READABLE_VERSIONS \
            or not isinstance(data.get("lessons"), dict):
        raise DamagedFile("not the layout of a progress record")
    generation, reset_at = data.get("generation", 0), data.get("reset_at", 0.0)
    if not (isinstance(generation, int) and not isinstance(generation, bool) and generation >= 0
            and _is_time(reset_at)):
        raise DamagedFile("a wrong generation or reset time")
    record = {"version": VERSION, "generation": generation, "reset_at": float(reset_at), "lessons": {}}
    dropped = []
    for lesson, entries in data["lessons"].items():
        if not (_is_text(lesson) and isinstance(entries, dict)):
            dropped.append(ascii(lesson))
            continue
        for key, entry in entries.items():
            clean = _check_entry(entry) if _is_text(key) else None
            if clean is None:
                dropped.append(f"{lesson}/{ascii(key)[1:-1]}")
            else:
                record["lessons"].setdefault(lesson, {})[key] = clean
    return record, dropped


# ---------------------------------------------------------------- merging changes into a record


def merge(record, changes, reset_at=None):
    """A new record: ``record`` with an optional reset at time ``reset_at``, then ``changes`` applied in order.

    Each change is a dict ``lesson, key, title, at, generation`` (the
    generation the kernel knew when it was typed) and, for an answer,
    ``solved`` and ``answer`` (a change without ``answer`` only says the
    exercise was seen). A change typed before the record's last reset (``at <=
    reset_at``) by a kernel that had not seen that reset is skipped.

    >>> r = merge(_empty(), [{"lesson": "04_x", "key": "k", "title": "Q", "at": 1.0, "generation": 0,
    ...                       "solved": True, "answer": "0.5"}])
    >>> r["lessons"]["04_x"]["k"]["solved"]
    True
    """
    out = {**record, "lessons": {lesson: {k: dict(e) for k, e in entries.items()}
                                 for lesson, entries in record["lessons"].items()}}
    if reset_at is not None:
        out.update(generation=out["generation"] + 1, reset_at=max(float(reset_at), out["reset_at"]), lessons={})
    for change in changes:
        if change["generation"] < out["generation"] and change["at"] <= out["reset_at"]:
            continue  # typed before a reset this kernel had not seen yet
        entries = out["lessons"].setdefault(change["lesson"], {})
        entry = entries.setdefault(change["key"], {"title": change["title"], "solved": False,
                                                   "answer": None, "at": 0.0})
        entry["title"] = entry["title"] or change["title"]
        if "answer" in change:
            entry["solved"] = entry["solved"] or change["solved"]   # solved stays solved
            if change["at"] >= entry["at"]:                          # the newest answer wins
                entry["answer"], entry["at"] = change["answer"], change["at"]
    return out


# ---------------------------------------------------------------- the file


class Progress:
    """The progress file as one kernel sees it: what is on disk, plus the changes not yet written.

    ``lessons`` is that view (``{lesson: {key: entry}}``), refreshed from the
    file on :meth:`refresh`, :meth:`summary` and every save. ``notice`` holds
    the sentences to show the student about the file (damaged, entries
    dropped, not writable), until :meth:`take_notice` hands them out.
    """

    def __init__(self, path=None):
        self.path = Path(path or os.environ.get(ENV) or Path.cwd() / FILENAME)
        self.lock_path = self.path.with_name(f".{self.path.name}.lock")
        self.notice = ""
        self.pending = []            # changes not yet in the file, oldest first
        self._pending_reset = None   # time of a reset not yet in the file
        self._reported = set()       # dropped entries already said
        self._unsaved_said = False   # "not writable" is said once until a save succeeds again
        self._unreadable_said = False
        self._last_at = 0.0
        self._lock = None
        self._disk = _empty()
        self.refresh()

    # -- notices

    def _say(self, sentence):
        self.notice = f"{self.notice} {sentence}".strip()

    def take_notice(self):
        """The notice, once: later calls return ''."""
        notice, self.notice = self.notice, ""
        return notice

    def _say_dropped(self, dropped):
        new = [d for d in dropped if d not in self._reported]
        self._reported.update(new)
        if new:
            names = ", ".join(new[:3]) + (f" and {len(new) - 3} more" if len(new) > 3 else "")
            self._say(f"{len(new)} {'entry' if len(new) == 1 else 'entries'} of your progress file "
                      f"{self.path.name} had a wrong form and {'was' if len(new) == 1 else 'were'} dropped "
                      f"(not counted as solved): {names}.")

    # -- reading

    def _read_bytes(self):
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def _set_aside(self):
        """Move the damaged file to a name of its own (call with the lock held); returns that name."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside, n = self.path.with_name(f"{self.path.name}.corrupt-{stamp}"), 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        os.replace(self.path, aside)
        return aside.name

    def _read_locked(self):
        """The record on disk (call with the lock held): a damaged file is set aside and said."""
        raw = self._read_bytes()
        if raw is None:
            return _empty()
        try:
            record, dropped = parse_record(raw)
        except DamagedFile:
            aside = self._set_aside()
            self._say(f"Your progress file {self.path.name} could not be read (it is damaged); "
                      f"the old file is kept as {aside}; starting a fresh record.")
            return _empty()
        self._say_dropped(dropped)
        return record

    def refresh(self):
        """Read the file again (no lock needed: writes are atomic) and update ``lessons``."""
        try:
            raw = self._read_bytes()
        except OSError as exc:
            if not self._unreadable_said:
                self._unreadable_said = True
                self._say(f"Could not read your progress file {self.path} ({exc.strerror or exc}); "
                          "showing what this kernel remembers.")
        else:
            self._unreadable_said = False
            try:
                self._disk, dropped = parse_record(raw) if raw is not None else (_empty(), [])
                self._say_dropped(dropped)
            except DamagedFile:
                try:
                    with self._locked():
                        self._disk = self._read_locked()   # read again: another kernel may have fixed it
                except OSError as exc:
                    self._say(f"Your progress file {self.path} could not be read (it is damaged), and it "
                              f"could not be set aside ({exc.strerror or exc}); starting a fresh record "
                              "in this kernel's memory.")
                    self._disk = _empty()
        self._update_view()

    def _update_view(self):
        self.lessons = merge(self._disk, self.pending, self._pending_reset)["lessons"]

    # -- writing

    def _locked(self):
        if self._lock is None:
            self._lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT)
        return self._lock

    def _write(self, record):
        """Write ``record`` atomically: a temporary file in the same folder, flushed, then ``os.replace``."""
        data = json.dumps(record, sort_keys=True, separators=(",", ":"))  # compact: json then uses its C encoder
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def save(self):
        """Merge this kernel's changes into the file under the lock and write it atomically.

        Returns False (and sets ``notice``, naming the folder) when the file
        could not be written; the changes stay in this kernel's memory and go
        with the next save that succeeds.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked():
                merged = merge(self._read_locked(), self.pending, self._pending_reset)
                self._write(merged)
        except OSError as exc:
            self._update_view()
            if not self._unsaved_said:
                self._unsaved_said = True
                if isinstance(exc, TimeoutError):
                    why = f"another lesson kept it busy for {LOCK_TIMEOUT:g} s"
                else:
                    why = exc.strerror or str(exc)
                self._say(f"Could not save your progress in the folder {self.path.parent} ({why}); your "
                          "answers are kept in this kernel's memory for this session (lost when the kernel "
                          "stops) and saved with your next answer once the folder can be written.")
            return False
        self._disk, self.pending, self._pending_reset = merged, [], None
        self._unsaved_said = False
        self._update_view()
        return True

    def _change(self, lesson, key, title, **answer):
        now = max(time.time(), self._last_at + 1e-6)   # two answers in one kernel keep their order
        self._last_at = now
        self.pending.append({"lesson": lesson, "key": key, "title": str(title)[:120], "at": now,
                             "generation": self._disk["generation"], **answer})

    # -- the API the exercises use

    def entry(self, lesson, key, title=""):
        """The record of one exercise (created unsolved when first seen), as this kernel sees it."""
        self.refresh()
        if key not in self.lessons.get(lesson, {}):
            self._change(lesson, key, title)
            self.save()
        return self._view_entry(lesson, key, title, None)

    def record(self, lesson, key, solved, answer):
        """Store the last answer; once solved, an exercise stays solved. Returns the merged entry."""
        if not _is_answer(answer):
            raise TypeError(f"an answer is a text, a list of texts or None, got {answer!r}.")
        self._change(lesson, key, "", solved=bool(solved), answer=answer)
        self.save()
        return self._view_entry(lesson, key, "", answer)

    def _view_entry(self, lesson, key, title, answer):
        """One exercise as this kernel sees it (a fresh unsolved entry if a reset skipped it)."""
        fresh = {"title": str(title)[:120], "solved": False, "answer": answer, "at": 0.0}
        return self.lessons.get(lesson, {}).get(key, fresh)

    def summary(self):
        """``{lesson: (solved, seen)}`` for every lesson with an exercise seen (read from the file now)."""
        self.refresh()
        return {lesson: (sum(e["solved"] for e in rec.values()), len(rec))
                for lesson, rec in self.lessons.items() if rec}

    def reset(self):
        """Forget everything (the course map's "Reset my progress", after its confirmation).

        The reset is written into the file (a new generation), so a save from
        a lesson that read the file before it does not bring the answers back.
        """
        self._pending_reset = max(time.time(), self._last_at + 1e-6)
        self._last_at = self._pending_reset
        self.pending = []
        return self.save()


_progress = None


def progress():
    """The kernel's :class:`Progress` (kept; re-made if ``BACKPROP_LAB_PROGRESS`` changed)."""
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
            self.solved, self.answer = e["solved"], e["answer"]
            self.notice = p.take_notice()

    @property
    def active(self):
        return self.lesson is not None

    def save(self, solved, answer):
        if self.lesson is None:
            return ""
        p = progress()
        e = p.record(self.lesson, self.key, solved, answer)
        self.solved, self.answer = e["solved"], answer
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
