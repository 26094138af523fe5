"""The `autograd-tui` command an installed wheel provides: it runs the program installed with
the package, as itself, and says how to get one when there is none."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from conftest import PYTHON_DIR

RUN = ("import sys, autograd_tui.program as p; p.PROGRAM = sys.argv[1]; "
       "raise SystemExit(p.main(sys.argv[2:]))")


def run(program: str, *arguments: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, PYTHONPATH=PYTHON_DIR)
    return subprocess.run([sys.executable, "-c", RUN, program, *arguments], env=environment,
                          capture_output=True, text=True, timeout=60)


def test_the_bundled_program_runs_as_itself(tmp_path):
    program = tmp_path / "autograd-tui"
    # exits with 40 + the number of its arguments, and echoes the first
    program.write_text('#!/bin/sh\necho "$1"\nexit $((40 + $#))\n')
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    done = run(str(program), "--check", "train.py")
    assert done.returncode == 42
    assert done.stdout == "--check\n"


def test_no_bundled_program_says_how_to_get_one(tmp_path):
    done = run(str(tmp_path / "missing"), "--check", "train.py")
    assert done.returncode == 69
    assert "pip install ." in done.stderr
