#!/usr/bin/env bash
# The lecture view: serve one lesson as an app with the code hidden (Voila).
#   bash scripts/present.sh 05            # notebooks/05_*.ipynb on http://localhost:8866
#   bash scripts/present.sh 5 --port=9000 # extra arguments go to `voila`
# Markdown, formulas, dashboards and exercises are shown; code is not, and
# neither are the outputs of cells tagged "check" (the regression checks; see
# scripts/tag_checks.py).  Sets up .venv on the first run, like start.sh.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"

lessons() {
    local nb
    for nb in notebooks/[0-9][0-9]_*.ipynb; do
        [ -e "$nb" ] && printf '  %s  %s\n' "${nb:10:2}" "$(basename "$nb" .ipynb)"
    done
}

if [ $# -lt 1 ] || [[ "$1" == -* ]]; then
    _say "usage: bash scripts/present.sh NN [voila options...]   (NN: the lesson's number)"
    _say "lessons:"; lessons >&2
    exit 2
fi
number="$1"; shift
if ! [[ "$number" =~ ^[0-9]{1,2}$ ]]; then
    _say "'$number' is not a lesson number; expected one of:"; lessons >&2
    exit 2
fi
number="$(printf '%02d' "$((10#$number))")"
shopt -s nullglob
matches=(notebooks/"$number"_*.ipynb)
shopt -u nullglob
if [ "${#matches[@]}" -ne 1 ]; then
    if [ "${#matches[@]}" -eq 0 ]; then
        _say "no lesson numbered $number in notebooks/; the lessons are:"
    else
        _say "more than one notebook is numbered $number: ${matches[*]}"
    fi
    lessons >&2
    exit 2
fi

ensure_venv
# scripts/voila/templates/lecture: Voila's lab template minus the "check" cells.
export JUPYTER_PATH="$REPO_ROOT/scripts${JUPYTER_PATH:+:$JUPYTER_PATH}"
_say "serving ${matches[0]} (code hidden); stop with Ctrl-C"
# (Voila has no root check, so unlike start.sh no --allow-root is needed.)
exec "$REPO_ROOT/.venv/bin/voila" "${matches[0]}" --template=lecture --no-browser "$@"
