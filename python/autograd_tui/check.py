"""``check(root)``: the verdict of ``autograd-tui --check`` on the graph behind a root."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from typing import Any, Optional

from .program import bundled
from .recorder import HUB
from .save import capture_text, write_one
from .walk import walk

ENV_BINARY = "AUTOGRAD_TUI"
PARTLY_JUDGED = 2  # autograd-tui --check: what was judged agrees, but not everything was
HOW_TO_GET = (
    "autograd-tui was not found: install it with `pip install .` in a clone of the "
    "autograd-tui repository (it builds the program; Swift 6 and the ncurses development "
    "files are needed), or install a wheel built that way, or set the environment variable "
    "AUTOGRAD_TUI to the path of an autograd-tui program. Meanwhile "
    "autograd_tui.save(root, 'capture.json') writes the capture, and "
    "`autograd-tui --check capture.json` judges it later.")


def find_binary() -> Optional[str]:
    """The autograd-tui program: ``$AUTOGRAD_TUI``, else the one installed with this package
    (``pip install .``), else ``autograd-tui`` on ``PATH``."""
    configured = os.environ.get(ENV_BINARY)
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return configured
        return shutil.which(configured)
    return bundled() or shutil.which("autograd-tui")


def check(root: Any) -> Optional[bool]:
    """Print autograd-tui's verdict on your engine's graph behind ``root``.

    Call it after your ``backward()``, e.g. in a notebook cell. Writes a
    temporary capture (as ``save()`` does), runs ``autograd-tui --check`` on
    it and prints what it says. Returns ``True`` when the verdict is
    ``none`` on the whole graph (everything agrees), ``False`` when something
    disagrees, and ``None`` when it cannot say: part of the graph could not be
    judged (what was judged agrees; the output says what was not), or
    autograd-tui could not be run (then it prints how to get it).
    """
    if HUB.shapes.of(root) is None:
        walk(root, HUB.shapes)  # raises NotANode with the explanation
    binary = find_binary()
    if binary is None:
        print(HOW_TO_GET)
        return None
    engine, body = capture_text(root, sys._getframe(1))
    handle, path = tempfile.mkstemp(prefix="autograd-capture-", suffix=".json")
    os.close(handle)
    try:
        write_one(engine, body, path)
        try:
            done = subprocess.run([binary, "--check", path], capture_output=True, text=True)
        except OSError as error:
            print(f"autograd-tui could not be run ({binary}): {error}")
            return None
    finally:
        try:
            os.remove(path)
        except OSError:
            pass
    if done.stdout:
        print(done.stdout, end="" if done.stdout.endswith("\n") else "\n")
    if done.stderr:
        print(done.stderr, end="" if done.stderr.endswith("\n") else "\n", file=sys.stderr)
    if done.returncode == 0:
        return True
    if done.returncode == 1:
        return False
    if done.returncode == PARTLY_JUDGED:
        return None
    print(f"autograd-tui --check exited with status {done.returncode}")
    return None
