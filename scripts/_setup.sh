# Shared set-up for scripts/test.sh and scripts/start.sh.  Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
# After sourcing: the cwd is the repository root, $REPO_ROOT and $VENV_PY are set,
# and .venv holds everything in requirements.txt (backprop-lab installed with -e).

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
VENV_PY="$REPO_ROOT/.venv/bin/python"

_say() { printf '[backprop-lab] %s\n' "$*" >&2; }

ensure_venv() {
    local py="${PYTHON:-python3}"
    if [ ! -x "$VENV_PY" ]; then
        command -v "$py" >/dev/null 2>&1 || { _say "$py not found: install Python >= 3.10 first."; exit 1; }
        "$py" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
            || { _say "$py is $("$py" -V 2>&1); Python >= 3.10 is needed."; exit 1; }
        _say "creating .venv with $("$py" -V 2>&1)"
        "$py" -m venv .venv
    fi
    # Re-install only when the pins (or the project metadata) changed: the
    # stamp is a hash of requirements.txt + pyproject.toml + the venv's Python.
    local stamp=".venv/.backprop-lab-installed" want
    want="$( (cat requirements.txt pyproject.toml; "$VENV_PY" -VV) | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
        _say "installing requirements.txt into .venv"
        "$VENV_PY" -m pip install --quiet --disable-pip-version-check -r requirements.txt
        printf '%s\n' "$want" >"$stamp"
    fi
    # The course's JupyterLab defaults (same file Binder's postBuild installs).
    mkdir -p .venv/share/jupyter/lab/settings
    cp binder/overrides.json .venv/share/jupyter/lab/settings/overrides.json
    ensure_graphviz
}

# A command from a Debian package, installed with apt-get when run as root.
# apt_command CMD PACKAGE WHY: 0 if CMD is (now) there, 1 if not.
apt_command() {
    local cmd=$1 package=$2 why=$3
    command -v "$cmd" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        _say "installing Debian $package ($why)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq "$package" >/dev/null
        command -v "$cmd" >/dev/null 2>&1 && return 0
    fi
    return 1
}

# Lesson 02's graph view lays graphs out with Graphviz's `dot` (Debian package
# graphviz; binder/apt.txt installs it on Binder).
ensure_graphviz() {
    apt_command dot graphviz "the layout of lesson 02's computational graphs" && return 0
    _say "Lesson 02's graphs need Graphviz's 'dot' (Debian/Ubuntu: 'sudo apt-get install graphviz'; macOS: 'brew install graphviz')."
}

# The browser tests drive Debian's chromium (never `playwright install`).
ensure_chromium() {
    apt_command chromium chromium "for the browser tests" && return 0
    _say "The browser tests need the 'chromium' command (Debian/Ubuntu: 'sudo apt-get install chromium')."
    _say "Install it and run this again; do NOT run 'playwright install'."
    exit 1
}
