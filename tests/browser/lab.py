"""Drive the course notebooks in a real JupyterLab with headless Chromium.

Used by the browser tests (``@pytest.mark.browser``) through the fixtures in
``tests/browser/conftest.py``::

    from tests.browser.lab import open_notebook, run_all, press_on_slider, screenshot

The recipe (server flags, Chromium flags, selectors) is the one recorded in
shared/RECIPES.md.  Rules: no fixed sleeps -- every wait is on a condition
(text, ``data-status='idle'``, a visible locator) with an explicit timeout;
Chromium is Debian's ``chromium`` binary, never a ``playwright install`` one.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).absolute().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"

#: Timeouts in milliseconds (Playwright's unit).  Generous: CI has 2 cores.
KERNEL_TIMEOUT_MS = 60_000
RUN_ALL_TIMEOUT_MS = 120_000
WIDGET_TIMEOUT_MS = 30_000
SERVER_START_TIMEOUT_S = 60.0
SERVER_STOP_TIMEOUT_S = 15.0

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}

# JupyterLab user settings written into the server's temp user-settings dir.
LAB_USER_SETTINGS = {
    # No "would you like to receive news?" toast, no update checks.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # JupyterLab 4.6 defaults to "perCommTarget": with ipykernel 7 the comm
    # messages of widgets and ipympl are handled in a subshell thread while
    # cells run, which garbles the dashboards.  Keep comms on the main shell
    # (the venv's and Binder's overrides.json say the same; this does not
    # depend on them).
    "@jupyterlab/apputils-extension/kernels-settings.jupyterlab-settings": {
        "commsOverSubshells": "disabled",
    },
}

# JupyterLab page config (labconfig/page_config.json in the temp config dir):
# no "is a rebuild needed?" check on every page load (it costs the server
# ~0.8 s of CPU while the page loads; nothing is ever built here).
LAB_PAGE_CONFIG = {"buildCheck": False, "buildAvailable": False}

_KERNEL_IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
# A widget output.  Lab's own renderers mark their node with data-mime-type;
# the ipywidgets renderer (a plain Panel) does not, so select by its absence
# ("[data-mime-type='application/vnd.jupyter.widget-view+json']" matches nothing
# in Lab 4.6 and made wait_for_widgets() return at once).
WIDGET_OUTPUT = ".jp-OutputArea-output:not([data-mime-type])"
_WIDGET_OUTPUT = WIDGET_OUTPUT


# --------------------------------------------------------------------------
# The JupyterLab server
# --------------------------------------------------------------------------
@dataclass
class LabServer:
    """A JupyterLab server started by :func:`start_lab_server`."""

    process: subprocess.Popen
    port: int
    token: str
    root_dir: Path  # the notebooks the server serves (a temp copy)
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """``/lab/tree/x.ipynb`` -> full URL with the token."""
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def api(self, method: str, path: str):
        """Call the server's REST API (``/api/...``); return the decoded JSON or None."""
        req = urllib.request.Request(
            self.base_url + path, method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shutdown_sessions(self, name: str) -> None:
        """Shut down the kernel(s) of notebook *name*, so the next open gets a fresh one."""
        for session in self.api("GET", "/api/sessions"):
            if session.get("path") == name:
                self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self, n: int = 40) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-n:])


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_notebooks(src: Path, dst: Path) -> Path:
    """Copy the notebooks folder (and whatever sits beside the notebooks)."""
    shutil.copytree(
        src, dst, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    )
    return dst


def start_lab_server(root_dir: Path, work_dir: Path) -> LabServer:
    """Start ``python -m jupyterlab`` serving *root_dir*; return once /api/status answers.

    Every Jupyter directory (config, runtime, data, workspaces, user settings)
    lives under *work_dir*, so nothing of the user's own Jupyter set-up leaks in.
    """
    dirs = {name: work_dir / name for name in ("config", "runtime", "data", "workspaces", "settings", "ipython")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    for rel, values in LAB_USER_SETTINGS.items():
        f = dirs["settings"] / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(values))
    (dirs["config"] / "labconfig").mkdir(exist_ok=True)
    (dirs["config"] / "labconfig" / "page_config.json").write_text(json.dumps(LAB_PAGE_CONFIG))

    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(dirs["config"]),
        JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
        JUPYTER_DATA_DIR=str(dirs["data"]),
        IPYTHONDIR=str(dirs["ipython"]),
    )
    # Kernels should pick their backend as a student's would (ipykernel only
    # installs the inline backend when MPLBACKEND is unset).
    env.pop("MPLBACKEND", None)
    cmd = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
        f"--LabApp.user_settings_dir={dirs['settings']}",
        # window.jupyterapp: lets run_all() read cell outputs from the notebook
        # model (Lab renders error tracebacks as plain stderr in the DOM).
        "--LabApp.expose_app_in_browser=True",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log_path = work_dir / "jupyterlab.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=root_dir, env=env, stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    server = LabServer(proc, port, token, root_dir, log_path)
    try:
        _wait_for_status(server, SERVER_START_TIMEOUT_S)
    except BaseException:
        stop_lab_server(server)
        raise
    return server


def _wait_for_status(server: LabServer, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    status_url = server.url("/api/status")
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"JupyterLab exited with code {server.process.returncode} while starting:\n"
                + server.log_tail()
            )
        try:
            with urllib.request.urlopen(status_url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"JupyterLab did not answer {server.base_url}/api/status within {timeout_s:.0f} s:\n"
                + server.log_tail()
            )
        # Poll again in 0.1 s -- or at once if the server process exits.
        try:
            server.process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            pass


def stop_lab_server(server: LabServer) -> None:
    """Stop the server we started, and only it: by its PID, TERM then KILL.

    On SIGTERM jupyter_server shuts down the kernels it started.
    """
    proc = server.process
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=SERVER_STOP_TIMEOUT_S)


# --------------------------------------------------------------------------
# Chromium
# --------------------------------------------------------------------------
CHROMIUM_MISSING = (
    "The browser tests need Debian's 'chromium' on PATH "
    "(apt-get install chromium; `bash scripts/test.sh` does it when run as root). "
    "Do not run 'playwright install'."
)


# --------------------------------------------------------------------------
# Page helpers
# --------------------------------------------------------------------------
def open_notebook(page, server: LabServer, name: str):
    """Open *name* (relative to the server's root dir) in a fresh kernel and
    wait until that kernel is idle."""
    from playwright.sync_api import expect

    server.shutdown_sessions(name)  # no state left over from an earlier test
    # A new, empty workspace: otherwise Lab restores the tabs of the previous
    # test (same server) and may show *that* notebook instead of this one.
    workspace = "t" + secrets.token_hex(6)
    page.goto(server.url(f"/lab/workspaces/{workspace}/tree/{urllib.parse.quote(name)}"))
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(panel).to_be_visible(timeout=KERNEL_TIMEOUT_MS)
    # data-status='idle' alone is not enough: the indicator already says idle
    # *before* a kernel exists ("No Kernel | Initializing"), then goes
    # initializing -> connecting -> unknown -> idle.
    _wait_or_dialog(page, _KERNEL_READY_JS % json.dumps(name), KERNEL_TIMEOUT_MS, f"opening {name}")
    return panel


#: the left side bar's open tab (the file browser, in a new workspace)
SIDEBAR_OPEN_TAB = ".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current"


def open_with_file_browser(page, server: LabServer, name: str, viewport: dict):
    """:func:`open_notebook` in a window of ``viewport`` size, and check the file browser is open
    beside it (the narrowest case a student has)."""
    from playwright.sync_api import expect

    page.set_viewport_size(viewport)
    panel = open_notebook(page, server, name)
    expect(page.locator(SIDEBAR_OPEN_TAB)).to_have_count(1)
    return panel


# A JupyterLab dialog (file load error, "Select Kernel", kernel died...) means
# the awaited condition will never come: report its text at once.
_DIALOG_JS = """(() => {
  const d = document.querySelector('.jp-Dialog');
  return d ? 'DIALOG: ' + d.innerText.replace(/\\s+/g, ' ').trim() : null;
})()"""


def _wait_or_dialog(page, condition_js: str, timeout_ms: int, what: str) -> None:
    js = "() => %s || (%s)()" % (_DIALOG_JS, condition_js)
    result = page.wait_for_function(js, timeout=timeout_ms).json_value()
    if isinstance(result, str) and result.startswith("DIALOG: "):
        raise AssertionError(f"JupyterLab showed a dialog while {what}: {result[8:]}")


# The active tab is notebook %%s, its kernel exists and is idle.
_KERNEL_READY_JS = """() => {
  const current = window.jupyterapp.shell.currentWidget;
  if (!current || !current.context || current.context.path !== %%s) return false;
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel || panel !== current.node || !panel.querySelector("%s")) return false;
  const name = panel.querySelector('.jp-Toolbar-kernelName');
  if (!name || !name.textContent.trim() || name.textContent.includes('No Kernel')) return false;
  return [...document.querySelectorAll('.jp-StatusBar-TextItem')]
           .some(t => /\\| Idle$/.test(t.textContent.trim()) && !t.textContent.includes('No Kernel'));
}""" % _KERNEL_IDLE.replace('"', '\\"')


# Installed before "Run All Cells": notes when some prompt shows [*] (the run
# has started), so that "no [*] left" afterwards means the run has finished.
_WATCH_RUN_JS = """() => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const star = () => [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                        .some(p => p.textContent.includes('*'));
  window.__bplRun = {started: star(), star};
  const obs = new MutationObserver(() => { if (star()) { window.__bplRun.started = true; } });
  obs.observe(nb, {subtree: true, childList: true, characterData: true});
  window.__bplRun.obs = obs;
}"""

_RUN_DONE_JS = """() => {
  const r = window.__bplRun;
  if (!r || !r.started || r.star()) return false;
  if (!document.querySelector("%s")) return false;
  r.obs.disconnect();
  return true;
}""" % _KERNEL_IDLE.replace('"', '\\"')

# "cell N: Name: value" for every error output of the current notebook.
_CELL_ERRORS_JS = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  const errors = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    for (let j = 0; j < cell.outputs.length; j++) {
      const out = cell.outputs.get(j).toJSON();
      if (out.output_type === 'error') errors.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
    }
  }
  return errors;
}"""

# Every widget output has rendered a widget view (no "Loading widget..." left).
_WIDGETS_RENDERED_JS = """() => [...document.querySelectorAll(
    ".jp-NotebookPanel:not(.lm-mod-hidden) %s")].every(
    o => o.classList.contains('lm-mod-hidden')
         || (o.querySelector('.jupyter-widgets') && !o.textContent.includes('Loading widget')))
""" % _WIDGET_OUTPUT


def run_all(page, timeout_ms: int = RUN_ALL_TIMEOUT_MS) -> None:
    """Run -> Run All Cells; wait until every cell ran, the kernel is idle and
    the widgets are drawn.  Fails with the traceback text if a cell raised."""
    from playwright.sync_api import expect

    page.evaluate(_WATCH_RUN_JS)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    item = page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$"))
    expect(item).to_be_visible(timeout=WIDGET_TIMEOUT_MS)
    item.click()
    _wait_or_dialog(page, _RUN_DONE_JS, timeout_ms, "running all cells")
    errors = page.evaluate(_CELL_ERRORS_JS)
    if errors:
        raise AssertionError("Run All Cells: a cell raised:\n" + "\n".join(errors))
    wait_for_widgets(page)
    # Rendered widgets talk to the kernel (e.g. ipympl sends its canvas size
    # and asks for the first image): wait for that to settle as well.
    expect(page.locator(_KERNEL_IDLE)).to_be_visible(timeout=timeout_ms)


def wait_for_widgets(page, timeout_ms: int = WIDGET_TIMEOUT_MS) -> None:
    """Wait until every widget output of the notebook shows its widget view."""
    page.wait_for_function(_WIDGETS_RENDERED_JS, timeout=timeout_ms)


def _exact(text: str) -> re.Pattern:
    return re.compile(r"^\s*" + re.escape(text) + r"\s*$")


def slider(page, label_text: str):
    """The ``.widget-hslider`` whose description label is exactly *label_text*."""
    return page.locator(".widget-hslider").filter(
        has=page.locator(".widget-label", has_text=_exact(label_text))
    )


def press_on_slider(page, label_text: str, key: str, times: int = 1):
    """Focus the handle of slider *label_text* and press *key* (e.g. ArrowRight, End)."""
    handle = slider(page, label_text).locator(".noUi-handle")
    handle.focus()
    for _ in range(times):
        page.keyboard.press(key)
    return handle


def button(page, description: str):
    """The ipywidgets Button whose text is exactly *description*."""
    return page.locator("button.widget-button", has_text=_exact(description))


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG to artifacts/screenshots/<name>.png (gitignored)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / (name if name.endswith(".png") else f"{name}.png")
    page.screenshot(path=str(path), full_page=True)
    return path
