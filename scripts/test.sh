#!/usr/bin/env bash
# The project's one test command:  bash scripts/test.sh [pytest args...]
# Sets up .venv (first run, or when requirements.txt changes), makes sure
# Debian chromium is there for the browser tests, then runs unit tests,
# notebooks (nbval) and browser tests with pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
ensure_venv
ensure_chromium
# No xdist by default: measured on 2 cores, `-n 2 --dist loadfile` saved ~5 %
# (38-42 s -> 37-40 s) as the browser test and the nbval kernels already use
# both cores.  Pass it yourself if you like: bash scripts/test.sh -n 2 --dist loadfile
exec "$VENV_PY" -m pytest "$@"
