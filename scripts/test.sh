#!/usr/bin/env bash
# The project's one test command:
#   bash scripts/test.sh [pytest args...]           everything: lint, unit, dashboards, notebooks (nbval), browser
#   bash scripts/test.sh --quick [pytest args...]   the quick loop: unit, dashboards and notebooks, no browser,
#                                                   two workers (pytest-xdist --dist loadgroup: a notebook's
#                                                   cells stay in one kernel, see tests/_early.py)
# Quick loop, 2,503 tests, 7 Dec 2026 on the shared 2-core machine: 1 min 55 s at load ~2 (3 min 31 s user CPU),
# where the code before took 2 min 36 s at the same load (4 min 48 s); 4-8 min when other jobs load the cores.
# Sets up .venv (first run, or when requirements.txt changes), makes sure
# Debian chromium is there for the browser tests, checks the code with ruff,
# then runs pytest (the browser tests in a process of their own).  Timings on the 2-core course machine are in
# the README.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
ensure_venv
quick=0
if [ "${1:-}" = "--quick" ]; then
    quick=1
    shift
fi
# Compiled bytecode is kept between runs, outside the work tree: without it every pytest worker, nbval
# kernel and dashboard subprocess compiles the course and rewrites every test module again (~4 s of CPU
# per worker). A shell with PYTHONDONTWRITEBYTECODE set (to keep __pycache__ out of the tree) gets the
# same clean tree this way. Python checks each cached file against its source's mtime and size.
export PYTHONPYCACHEPREFIX="${PYTHONPYCACHEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/backprop-lab/pycache}"
unset PYTHONDONTWRITEBYTECODE
"$REPO_ROOT/.venv/bin/ruff" check --quiet . || { _say "ruff found problems (above); fix them or run: .venv/bin/ruff check --fix ."; exit 1; }
if [ "$quick" = 1 ]; then
    exec "$VENV_PY" -m pytest -m "not browser" -n 2 --dist loadgroup "$@"
fi
ensure_chromium
# Two pytest processes: the browser tests' Playwright keeps an asyncio loop running in its process, and a
# dashboard seeing a running loop defers its frames to it (backprop_lab.coalesce), as it does in a kernel.
# Exit status 5 (no test selected, e.g. a unit-test file given as an argument) is not a failure.
run_pytest() {
    "$VENV_PY" -m pytest "$@"
    local rc=$?
    [ "$rc" = 5 ] && rc=0
    return "$rc"
}
unit=0; browser=0
run_pytest -m "not browser" "$@" || unit=$?
run_pytest -m browser "$@" || browser=$?
[ "$unit" = 0 ] && [ "$browser" = 0 ] || { _say "pytest failed: unit, dashboard and notebook tests exit $unit, browser tests exit $browser"; exit 1; }
