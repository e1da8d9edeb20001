#!/usr/bin/env bash
# Start the course: sets up .venv (first run only) and opens JupyterLab on the
# first notebook.  Extra arguments go to `jupyter lab` (e.g. --port 8890).
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
ensure_venv

extra=()
[ "$(id -u)" = 0 ] && extra+=(--allow-root)   # Jupyter refuses to run as root otherwise
exec "$REPO_ROOT/.venv/bin/jupyter" lab "${extra[@]}" notebooks/00_start_here.ipynb "$@"
