"""Several lessons open at once cannot lose a student's progress: tested with real processes.

Each helper process is a fresh Python that imports ``backprop_lab.progress``
and talks to this test over its stdin/stdout (one line per step), so the
tests decide exactly when each one reads, writes or dies.
"""
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from backprop_lab import progress as P

ROOT = Path(__file__).resolve().parents[1]
LESSON = "04_chain_network_training"

# A writer: reads the file, says "ready", waits for "go", then records COUNT solves,
# printing each index once its save has returned, then the times it started and ended.
WRITER = textwrap.dedent("""
    import sys, time
    from backprop_lab.progress import Progress
    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    p = Progress(path)
    print("ready", flush=True)
    sys.stdin.readline()
    start = time.time()
    for i in range(count):
        p.record("04_chain_network_training", f"{name}-{i}", True, f"{name} answer {i}")
        print(i, flush=True)
    print("span", start, time.time(), flush=True)
""")

# A lesson left open: reads the file, says "loaded", then for each line "key solved answer"
# on stdin records that answer (with the copy it read at the start) and prints its summary.
LESSON_KERNEL = textwrap.dedent("""
    import json, sys
    from backprop_lab.progress import Progress
    p = Progress(sys.argv[1])
    print("loaded", json.dumps(p.lessons), flush=True)
    for line in sys.stdin:
        key, solved, answer = line.split()
        p.record("04_chain_network_training", key, solved == "1", answer)
        print("saved", p.take_notice() or "-", flush=True)
""")


def _start(script, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _expect(proc, word):
    line = proc.stdout.readline()
    assert line.startswith(word), (line, proc.stderr.read() if proc.poll() is not None else "")
    return line


def _finish(proc):
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and err == "", err
    return out


def test_four_processes_each_recording_200_solves_at_once_keep_all_800(tmp_path):
    path = tmp_path / P.FILENAME
    writers = [_start(WRITER, path, f"w{n}", 200) for n in range(4)]
    for w in writers:
        _expect(w, "ready")
    for w in writers:            # all four start together
        w.stdin.write("go\n")
        w.stdin.flush()
    spans = []
    for w in writers:
        lines = _finish(w).splitlines()
        assert lines[:200] == [str(i) for i in range(200)]
        spans.append(tuple(map(float, lines[200].split()[1:])))
    assert max(s for s, _ in spans) < min(e for _, e in spans)  # the four really wrote at the same time
    lessons = json.loads(path.read_text())["lessons"]
    assert len(lessons[LESSON]) == 800
    for n in range(4):
        for i in range(200):
            entry = lessons[LESSON][f"w{n}-{i}"]
            assert entry["solved"] is True and entry["answer"] == f"w{n} answer {i}"
    assert P.Progress(path).summary() == {LESSON: (800, 800)}


def test_a_reset_holds_against_a_lesson_that_read_the_file_before_it(tmp_path):
    path = tmp_path / P.FILENAME
    before = P.Progress(path)
    for i in range(10):
        before.record(LESSON, f"k{i}", True, str(i))
    stale = _start(LESSON_KERNEL, path)
    loaded = json.loads(_expect(stale, "loaded").split(" ", 1)[1])
    assert len(loaded[LESSON]) == 10                       # it holds the ten solves in memory

    # "Reset my progress" in another process (lesson 00's course map)
    reset_code = "import sys; from backprop_lab.progress import Progress; print(Progress(sys.argv[1]).reset())"
    reset = subprocess.run([sys.executable, "-c", reset_code, str(path)], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60, check=True)
    assert reset.stdout == "True\n" and reset.stderr == ""
    record = json.loads(path.read_text())
    assert record["generation"] == 1 and record["lessons"] == {}

    # the stale lesson answers a new exercise, and answers an old one wrongly
    stale.stdin.write("new 1 0.25\nk3 0 wrong\n")
    stale.stdin.flush()
    assert _expect(stale, "saved") == "saved -\n"
    assert _expect(stale, "saved") == "saved -\n"
    _finish(stale)
    entries = json.loads(path.read_text())["lessons"][LESSON]
    assert sorted(entries) == ["k3", "new"]                 # k0..k9 did not come back
    assert entries["new"]["solved"] is True and entries["new"]["answer"] == "0.25"
    assert entries["k3"]["solved"] is False and entries["k3"]["answer"] == "wrong"  # not solved from the old copy
    assert P.Progress(path).summary() == {LESSON: (1, 2)}


def test_a_writer_killed_mid_loop_leaves_a_readable_file_with_every_solve_it_finished(tmp_path):
    path = tmp_path / P.FILENAME
    writer = _start(WRITER, path, "kill", 100000)
    _expect(writer, "ready")
    writer.stdin.write("go\n")
    writer.stdin.flush()
    finished = [int(writer.stdout.readline()) for _ in range(60)]
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    finished += [int(line) for line in writer.stdout.read().split()]   # printed before it died
    writer.stdout.close(), writer.stdin.close(), writer.stderr.close()

    record, dropped = P.parse_record(path.read_bytes())                 # whole JSON, nothing dropped
    assert dropped == []
    entries = record["lessons"][LESSON]
    assert finished == list(range(len(finished))) and len(finished) >= 60
    assert all(entries[f"kill-{i}"]["solved"] for i in finished)
    assert len(entries) in (len(finished), len(finished) + 1)           # at most one saved but not yet printed

    # the lock died with the writer: another lesson saves at once, and keeps everything
    again = P.Progress(path)
    assert again.take_notice() == ""
    assert again.record(LESSON, "after", True, "1")["solved"] is True
    assert again.take_notice() == ""
    assert again.summary() == {LESSON: (len(entries) + 1, len(entries) + 1)}
